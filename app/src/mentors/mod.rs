//! Mentors (issue 13), in the browser:
//! - [`my_mentors`]: on the candidate's home page, "Mentor uitnodigen" and
//!   the list of mentors with "Toegang intrekken".
//! - [`candidates_page`]: `/mentor`, the mentor's candidates with each
//!   portfolio's progress, last change and open comments.
//! - [`read_page`]: `/mentor/portfolio?id=…`, a candidate's portfolio read
//!   online (nothing of it is written to `localStorage`), where selecting
//!   text in an answer offers "Opmerking plaatsen".
//! - [`selection`]: the selection inside an answer as character offsets.
//! - [`thread`], [`answer_view`]: one comment with its replies, and an
//!   answer with its quotes marked, shared by both sides.
//!
//! The candidate's side of the comments is `portfolio::comments`.

pub mod answer_view;
pub mod api;
pub mod candidates_page;
pub mod my_mentors;
pub mod read_page;
mod selection;
pub mod thread;
