//! The domain of the Register Jobcoach portfolio, shared by the server and the
//! browser. Pure code only: no I/O, no clocks, no randomness, so that the same
//! rules give the same answers on both sides and offline.

pub mod dates;
pub mod fees;
pub mod framework;
pub mod requirement;
pub mod rules;

pub use requirement::{FieldError, Requirement, Status};
