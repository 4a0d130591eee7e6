//! Request and response bodies of the JSON API, shared by the server and
//! the app so both sides agree on one type per body.

pub mod accounts;
pub mod administration;
pub mod auth;
pub mod error;
pub mod rules;
