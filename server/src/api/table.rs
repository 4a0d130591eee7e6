//! Every route of the JSON API with its access decision, as data.
//!
//! axum cannot list a router's routes, so the list lives here and is
//! enforced: [`guard`] runs on every matched API route and answers 500
//! `route_without_policy` for a method and path that have no row, so a
//! route added without deciding who may use it is never served, and every
//! test that calls it says which row is missing. `tests/authz_matrix.rs`
//! requests every row as six kinds of people and checks the statuses that
//! the row's [`Access`] implies, and it also reads `src/api/*.rs` for
//! `.route(…)` calls, so a route nobody tests fails there too.
//!
//! Adding a route: add its row (method, full path as written in the router,
//! access). Handlers still ask `policy` themselves; the row is the
//! contract that the matrix test holds them to.

use crate::auth::Session;
use crate::error::ApiError;
use crate::policy::{self, Action, Resource};
use crate::state::AppState;
use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Who may use a route, and what everyone else gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (sign-in ceremonies, public register,
    /// rules API). Still rate limited where it says so.
    Public,
    /// Any signed-in person, about themselves; 401 without a session.
    SignedIn,
    /// Signed-in candidates (e.g. making a portfolio); other roles 403.
    Candidate,
    /// One of the person's own passkeys (`{id}`); anyone else's is 404,
    /// also for admins.
    OwnPasskey,
    /// Reading a portfolio (`{id}`): its owner, linked mentors and
    /// assessors, admins; for everyone else it does not exist (404).
    ViewPortfolio,
    /// Writing a portfolio named in the body (or the path, `{id}`): its
    /// owner; admins (who see it) 403, everyone else 404.
    EditPortfolio,
    /// One invoice (`{id}`): the account it is addressed to and admins;
    /// 404 for everyone else.
    Invoice,
    // Mentors and comments (issue 13). The ids in `{id}` are the
    // candidate's (portfolio), their linked mentor's, or a comment of that
    // mentor on the candidate's portfolio.
    /// Signed-in mentors, about themselves; other roles 403.
    Mentor,
    /// One of the candidate's own mentors or invitations (`{id}`); 404 for
    /// everyone else.
    OwnMentor,
    /// A portfolio's comments (`{id}`): its owner and linked mentors; those
    /// who see the portfolio otherwise (admins) 403, everyone else 404.
    PortfolioComments,
    /// Placing a comment on a portfolio (`{id}`): linked mentors; the
    /// owner and admins 403, everyone else 404.
    PlaceComment,
    /// A comment's thread (`{id}` a comment): the owner and linked mentors;
    /// 404 for everyone else (the comment does not exist for them).
    CommentThread,
    /// Deciding on a comment (resolve, suggestion): the portfolio's owner;
    /// the mentor 403, everyone else 404.
    CommentOwner,
    /// Changing or removing a comment: its author; the owner 403, everyone
    /// else 404.
    CommentAuthor,
    /// A submission (`{id}`): for whom it does not concern (not its
    /// candidate, an assigned assessor or a certifier) it does not exist
    /// (404); for the others the policy's answer to the action (403).
    Submission(Action),
    /// The certifying body (role certifier); 403 for everyone else.
    Certifier,
    /// One certificate (`{certificate_number}`) as a document: its holder
    /// (by member or affiliate record or verified e-mail), admins and
    /// certifiers; 404 for everyone else.
    Certificate,
    /// One's own PE statement of a year (`{year}`): whoever was mentor or
    /// assessor that year; for everyone else it does not exist (404).
    OwnPeStatement,
    /// Administration: the policy's answer to this action on
    /// `Resource::System`, checked by [`guard`] before the handler reads
    /// the body; 403 for non-admins.
    Admin(Action),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RouteSpec {
    /// Upper case, as in HTTP (`GET`, `POST`, …).
    pub method: &'static str,
    /// The full path pattern as axum matches it, `{name}` for parameters.
    pub path: &'static str,
    pub access: Access,
}

const fn r(method: &'static str, path: &'static str, access: Access) -> RouteSpec {
    RouteSpec {
        method,
        path,
        access,
    }
}

use Access::*;

pub const ROUTES: &[RouteSpec] = &[
    r("GET", "/api/health", Public),
    // Ceremonies (api/auth.rs)
    r("POST", "/api/auth/signup/start", Public),
    r("POST", "/api/auth/signup/finish", Public),
    r("POST", "/api/auth/invitation/check", Public),
    r("POST", "/api/auth/invitation/start", Public),
    r("POST", "/api/auth/invitation/finish", Public),
    r("POST", "/api/auth/setup/check", Public),
    r("POST", "/api/auth/setup/start", Public),
    r("POST", "/api/auth/setup/finish", Public),
    r("POST", "/api/auth/login/start", Public),
    r("POST", "/api/auth/login/finish", Public),
    r("GET", "/api/auth/session", Public),
    r("POST", "/api/auth/logout", Public),
    r("POST", "/api/auth/logout-all", SignedIn),
    r("POST", "/api/auth/recovery/code", Public),
    r("POST", "/api/auth/recovery/link/start", Public),
    r("POST", "/api/auth/recovery/link/finish", Public),
    r("POST", "/api/auth/verify-email", Public),
    // One's own account (api/account.rs)
    r("GET", "/api/me", SignedIn),
    r("GET", "/api/me/passkeys", SignedIn),
    r("POST", "/api/me/passkeys/start", SignedIn),
    r("POST", "/api/me/passkeys/finish", SignedIn),
    r("PATCH", "/api/me/passkeys/{id}", OwnPasskey),
    r("DELETE", "/api/me/passkeys/{id}", OwnPasskey),
    r("POST", "/api/me/recovery-codes", SignedIn),
    r("POST", "/api/me/verify-email", SignedIn),
    // One's own data under the AVG (api/me_data.rs, dossier)
    r("GET", "/api/me/export", SignedIn),
    // PE statements of mentors and assessors (api/pe_statements.rs).
    r("GET", "/api/me/pe-statements", SignedIn),
    r("GET", "/api/me/pe-statements/{year}/pdf", OwnPeStatement),
    r(
        "POST",
        "/api/portfolios/{id}/pe-statements/{year}",
        EditPortfolio,
    ),
    r("GET", "/api/me/erasure", SignedIn),
    r("POST", "/api/me/erasure/start", SignedIn),
    r("POST", "/api/me/erasure/finish", SignedIn),
    r("GET", "/api/me/privacy", SignedIn),
    r("POST", "/api/me/privacy/accept", SignedIn),
    // The register (api/administration.rs)
    r("POST", "/api/affiliates", Public),
    r("GET", "/api/register", Public),
    r("GET", "/api/me/registration", SignedIn),
    // The verifiable register (api/register.rs, dossier)
    r("GET", "/api/register/keys", Public),
    r("GET", "/api/register/{certificate_number}", Public),
    r("GET", "/api/invoices/{id}", Invoice),
    r(
        "GET",
        "/api/admin/overview",
        Admin(Action::ManageCertificates),
    ),
    r("GET", "/api/admin/fees", Admin(Action::ManageFees)),
    r("PUT", "/api/admin/fees/{year}", Admin(Action::ManageFees)),
    r("POST", "/api/admin/vat-rates", Admin(Action::ManageFees)),
    r(
        "GET",
        "/api/admin/affiliates",
        Admin(Action::ManageRegistrations),
    ),
    r(
        "PUT",
        "/api/admin/affiliates/{id}",
        Admin(Action::ManageRegistrations),
    ),
    r(
        "PUT",
        "/api/admin/affiliates/{id}/account",
        Admin(Action::ManageRegistrations),
    ),
    r(
        "GET",
        "/api/admin/members",
        Admin(Action::ManageRegistrations),
    ),
    r(
        "POST",
        "/api/admin/members",
        Admin(Action::ManageRegistrations),
    ),
    r(
        "PUT",
        "/api/admin/members/{id}",
        Admin(Action::ManageRegistrations),
    ),
    r(
        "PUT",
        "/api/admin/members/{id}/account",
        Admin(Action::ManageRegistrations),
    ),
    r("GET", "/api/admin/invoices", Admin(Action::ManageInvoices)),
    r(
        "POST",
        "/api/admin/invoices/{id}/paid",
        Admin(Action::ManageInvoices),
    ),
    r(
        "POST",
        "/api/admin/invoices/{id}/credit",
        Admin(Action::ManageInvoices),
    ),
    r(
        "GET",
        "/api/admin/register-fee-run",
        Admin(Action::ManageInvoices),
    ),
    r(
        "POST",
        "/api/admin/register-fee-run",
        Admin(Action::ManageInvoices),
    ),
    r(
        "GET",
        "/api/admin/certificates",
        Admin(Action::ManageCertificates),
    ),
    r(
        "POST",
        "/api/admin/certificates",
        Admin(Action::ManageCertificates),
    ),
    r(
        "POST",
        "/api/admin/certificates/import",
        Admin(Action::ManageCertificates),
    ),
    // Accounts and roles (api/admin.rs)
    r(
        "POST",
        "/api/admin/invitations",
        Admin(Action::CreateInvitation),
    ),
    r("GET", "/api/admin/accounts", Admin(Action::ListAccounts)),
    r(
        "PUT",
        "/api/admin/accounts/{id}/roles",
        Admin(Action::ChangeRoles),
    ),
    r(
        "POST",
        "/api/admin/accounts/{id}/recovery-link",
        Admin(Action::IssueRecoveryLink),
    ),
    r("GET", "/api/admin/audit", Admin(Action::ReadAuditLog)),
    // The public rules API (api/rules.rs)
    r("POST", "/api/rules/route", Public),
    r("POST", "/api/rules/pe-points", Public),
    r("POST", "/api/rules/recertification", Public),
    r("POST", "/api/rules/privacy-check", Public),
    r("GET", "/api/rules/frameworks", Public),
    r("GET", "/api/rules/pe-catalogue", Public),
    // Portfolios and sync (api/portfolios.rs, api/sync.rs)
    r("GET", "/api/portfolios", SignedIn),
    r("POST", "/api/portfolios", Candidate),
    r("GET", "/api/portfolios/{id}", ViewPortfolio),
    r("POST", "/api/sync/push", EditPortfolio),
    r("POST", "/api/sync/pull", SignedIn),
    // Evidence files (api/files.rs)
    r("PUT", "/api/portfolios/{id}/files/{sha256}", EditPortfolio),
    r("GET", "/api/portfolios/{id}/files/{sha256}", ViewPortfolio),
    r("GET", "/api/admin/files", Admin(Action::ReadSystemStatus)),
    // Signing requests of declarations (api/declarations.rs). The token
    // routes are public (the signer has no account) and rate limited; the
    // token itself is the authorisation. GET before sign/decline: the
    // matrix test uses one real token for all three, in this order.
    r("GET", "/api/portfolios/{id}/declarations", ViewPortfolio),
    r(
        "POST",
        "/api/portfolios/{id}/declarations/{slot}/requests",
        EditPortfolio,
    ),
    r("GET", "/api/declarations/{token}", Public),
    r("POST", "/api/declarations/{token}/sign", Public),
    r("POST", "/api/declarations/{token}/decline", Public),
    // Mentors and comments (api/mentors.rs, api/comments.rs)
    r("GET", "/api/me/mentors", Candidate),
    r("POST", "/api/me/mentors", Candidate),
    r("DELETE", "/api/me/mentors/{id}", OwnMentor),
    r("GET", "/api/me/candidates", Mentor),
    r(
        "GET",
        "/api/admin/mentor-links",
        Admin(Action::ManageMentorLinks),
    ),
    r(
        "PUT",
        "/api/admin/accounts/{id}/mentors",
        Admin(Action::ManageMentorLinks),
    ),
    r("GET", "/api/portfolios/{id}/comments", PortfolioComments),
    r("POST", "/api/portfolios/{id}/comments", PlaceComment),
    r("POST", "/api/comments/{id}/replies", CommentThread),
    r("POST", "/api/comments/{id}/resolve", CommentOwner),
    r("POST", "/api/comments/{id}/suggestion", CommentOwner),
    r("PATCH", "/api/comments/{id}", CommentAuthor),
    r("DELETE", "/api/comments/{id}", CommentAuthor),
    // Submission and assessment (api/submissions.rs)
    r("POST", "/api/portfolios/{id}/submit", EditPortfolio),
    r("GET", "/api/submissions", SignedIn),
    r(
        "GET",
        "/api/submissions/{id}",
        Submission(Action::ReadSubmission),
    ),
    r(
        "GET",
        "/api/submissions/{id}/pdf",
        Submission(Action::ReadSubmission),
    ),
    r(
        "POST",
        "/api/submissions/{id}/assessors",
        Submission(Action::AssignAssessors),
    ),
    r(
        "POST",
        "/api/submissions/{id}/independence",
        Submission(Action::JudgeSubmission),
    ),
    r(
        "POST",
        "/api/submissions/{id}/verdicts",
        Submission(Action::JudgeSubmission),
    ),
    r(
        "POST",
        "/api/submissions/{id}/advice",
        Submission(Action::JudgeSubmission),
    ),
    r(
        "POST",
        "/api/submissions/{id}/seal",
        Submission(Action::JudgeSubmission),
    ),
    r(
        "POST",
        "/api/submissions/{id}/interview/slots",
        Submission(Action::JudgeSubmission),
    ),
    r(
        "POST",
        "/api/submissions/{id}/interview/choice",
        Submission(Action::RespondToSubmission),
    ),
    r(
        "POST",
        "/api/submissions/{id}/interview/held",
        Submission(Action::JudgeSubmission),
    ),
    r(
        "POST",
        "/api/submissions/{id}/joint-advice",
        Submission(Action::JudgeSubmission),
    ),
    r(
        "POST",
        "/api/submissions/{id}/decision",
        Submission(Action::DecideSubmission),
    ),
    r(
        "POST",
        "/api/submissions/{id}/objection",
        Submission(Action::RespondToSubmission),
    ),
    r(
        "POST",
        "/api/submissions/{id}/objection/handling",
        Submission(Action::DecideSubmission),
    ),
    r("GET", "/api/assessors", Certifier),
    // Certificates as documents (api/certificates.rs, dossier)
    r(
        "GET",
        "/api/certificates/{certificate_number}/pdf",
        Certificate,
    ),
];

/// The row for a request's method and matched path. HEAD is answered by
/// the GET route, as axum does.
pub fn lookup(method: &Method, path: &str) -> Option<&'static RouteSpec> {
    let method = if method == Method::HEAD {
        "GET"
    } else {
        method.as_str()
    };
    ROUTES
        .iter()
        .find(|row| row.method == method && row.path == path)
}

/// A route layer on the API router: refuses routes without a row, and
/// decides administration rows before any extractor reads the body (so a
/// non-admin gets 403 whatever they send).
pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(path) = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
    else {
        return next.run(req).await;
    };
    let Some(row) = lookup(req.method(), &path) else {
        tracing::error!(method = %req.method(), %path, "API route without a row in api::ROUTES");
        return ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "route_without_policy",
            format!(
                "{} {path} heeft geen regel in api::ROUTES; zo'n route wordt niet bediend.",
                req.method()
            ),
        )
        .into_response();
    };
    if let Admin(action) = row.access {
        let (mut parts, body) = req.into_parts();
        // The session is kept in the request's extensions, so the handler's
        // own `Session` extractor does not look it up again.
        let session = match Session::from_request_parts(&mut parts, &state).await {
            Ok(session) => session,
            Err(err) => return err.into_response(),
        };
        if let Err(err) = policy::require(&session.actor, action, &Resource::System) {
            return err.into_response();
        }
        return next.run(Request::from_parts(parts, body)).await;
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_row_is_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for row in ROUTES {
            assert!(
                seen.insert((row.method, row.path)),
                "two rows for {} {}",
                row.method,
                row.path
            );
            assert!(row.path.starts_with("/api/"), "{}", row.path);
            assert!(
                ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&row.method),
                "{}",
                row.method
            );
        }
    }

    #[test]
    fn head_is_looked_up_as_get() {
        assert_eq!(
            lookup(&Method::HEAD, "/api/health").map(|r| r.access),
            Some(Public)
        );
        assert_eq!(lookup(&Method::DELETE, "/api/health"), None);
    }
}
