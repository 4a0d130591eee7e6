//! PE statements for mentors and assessors (category 4): the bodies of
//! `GET /api/me/pe-statements`, `GET /api/me/pe-statements/{year}/pdf` (the
//! printable, signed statement) and
//! `POST /api/portfolios/{id}/pe-statements/{year}` (add it to one's own
//! recertification portfolio as an activity with its evidence). The rule
//! is `crate::rules::pe_statement`.

use serde::{Deserialize, Serialize};

use crate::evidence::EvidenceFile;
use crate::rules::pe_statement::PeStatement;

/// `GET /api/me/pe-statements`: every year with a statement, newest first
/// (empty for someone who was never mentor or assessor).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PeStatementList {
    pub statements: Vec<PeStatement>,
}

/// 201 answer to adding a statement: the register row and the evidence row
/// now in the portfolio (pushed by the server as one batch; the editor
/// pulls them), and the statement itself.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct AddedPeStatement {
    pub statement: PeStatement,
    /// The PE register row (`recertification.b.q1`), as the editor stores it.
    pub activity: serde_json::Value,
    pub evidence: EvidenceFile,
}

/// What the statement's signature covers (a compact JWS signed with the
/// register's key, verifiable with the keys at
/// [`crate::api::register::KEYS_PATH`]), embedded in its PDF as
/// `verklaring.jws`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PeStatementClaims {
    /// The product's public origin.
    pub iss: String,
    /// The account the statement is about.
    pub sub: String,
    /// UTC unix seconds.
    pub iat: i64,
    pub name: String,
    pub statement: PeStatement,
}
