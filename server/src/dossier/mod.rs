//! The person's own data under the AVG (issue 15): the export of everything
//! held about them ([`export`]), erasure of the account ([`erasure`]), the
//! privacy statement they accepted ([`privacy`]) and the retention of
//! portfolios of accounts unused for two years ([`retention`], a
//! housekeeping step). HTTP: `crate::api::me_data`; pages:
//! `app::dossier`.
//!
//! A feature that stores personal data of its own adds it in three places:
//! the export (`export::gather`, and files through `export::files_of`),
//! erasure (`erasure::erase`, or `ON DELETE CASCADE` from `users` or
//! `portfolios`), and the test that looks for the person in every table
//! after erasure (`server/tests/api/me_data.rs`) checks that it did.

pub mod erasure;
pub mod export;
// Archival PDFs of a submission and a certificate (`crate::pdf`).
pub mod pdf;
pub mod privacy;
pub mod retention;
