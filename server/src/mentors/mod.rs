//! Mentors (issue 13): which mentor may read which candidate's portfolios
//! (`mentor_links`, migration 0026), and the invitations a candidate sends
//! to an address without a mentor account (`mentor_invitations`, linked in
//! the transaction that makes the account). Storage only: who may change a
//! link is the policy's decision, in the handlers of `api/mentors.rs`.

pub mod store;

pub use store::{mentors_of_candidate, mentors_of_candidates, parse_mentor_id};
