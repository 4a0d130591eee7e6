//! Request and response bodies of the JSON API, shared by the server and
//! the app so both sides agree on one type per body.

pub mod accounts;
pub mod files;

// --- dossier (issue 15): the verifiable register, one's own data.
pub mod declarations;
pub mod me_data;
pub mod pe_statements;
pub mod register;

// Mentors and their comments (issue 13).
pub mod comments;
pub mod mentors;
// Submission and assessment (assessment helper).
pub mod administration;
pub mod auth;
pub mod error;
pub mod rules;
pub mod submissions;
