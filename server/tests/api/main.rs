//! The server's black-box tests in one binary: one link instead of one per
//! file (each was 660 MB; CI's disk filled with them), and one binary for
//! the SQLite and the PostgreSQL run (`cargo test --workspace --test api`).

mod support;

mod abuse;
mod accounts;
mod administration;
mod assessment;
mod authz_matrix;
mod declarations;
mod files;
mod foundation;
mod fuzz_api;
mod identity;
mod kill9;
mod me_data;
mod mentors;
mod pdf;
mod pe_statements;
mod portfolios;
mod rate_limits;
mod register;
mod rules_api;
mod sync;
