//! The account pages' calls go through the one API client.
pub use crate::api_client::*;
