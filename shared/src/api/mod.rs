//! Request and response bodies of the JSON API, shared by the server and
//! the app so both sides agree on one type per body.

pub mod accounts;
// Submission and assessment (assessment helper).
pub mod submissions;
