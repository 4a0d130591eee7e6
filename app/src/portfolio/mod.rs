//! The offline-first portfolio editor. What the person sees is their local
//! replica (see `store` and `replica_store`); `sync_loop` reconciles it with
//! the server in the background, and `sync_status` always says how that
//! stands. `session` wires the store, the sync loop, the tab coordination
//! and the uploads together; none of them imports another to nudge it.
//!
//! The editor lives on one path, `/portfolio?id=<uuid>`, and renders its
//! head (heading, introduction, status line) and a placeholder of reserved
//! height until the browser has loaded the replica. The server's HTML is
//! therefore the same for every portfolio, so the service worker's one
//! cached copy starts any of them offline.

pub(crate) mod api;
pub mod comments;
mod declaration;
mod editor;
mod evidence;
pub mod evidence_queue;
mod field_notices;
mod hours;
pub mod logout;
mod meetings;
mod new_portfolio;
pub mod one_tab;
mod pe_register;
mod pe_statements;
mod question;
pub mod replica_store;
mod rows;
mod session;
pub mod store;
mod sync_loop;
mod sync_status;
mod timing;
mod trajectory;

pub use editor::PortfolioPage;
pub use new_portfolio::MyPortfolios;
pub use session::{provide_editor, use_editor, OtherTabNotice};

/// An element id for a question key (`initial.c1.task2.q3` ->
/// `q-initial-c1-task2-q3`).
pub fn dom_id(key: &str) -> String {
    format!("q-{}", key.replace('.', "-"))
}
