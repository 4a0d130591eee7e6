//! Typed calls for the mentor and comment routes: the bodies are
//! `shared::api::{mentors, comments}`, never JSON indexed by string; sent
//! through the app's one client (`crate::api_client`).

use crate::api_client::{send_as, ApiFailure};
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::comments::{
    Comment, CommentList, NewComment, NewReply, Reply, ResolveRequest, SuggestionDecision,
};
use shared::api::mentors::{CandidateList, InviteMentorRequest, InviteMentorResponse, MentorList};
use shared::portfolio::PortfolioDetail;

pub async fn call<B: Serialize, R: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&B>,
) -> Result<R, ApiFailure> {
    send_as(method, path, body).await
}

const NONE: Option<&()> = None;

pub async fn my_mentors() -> Result<MentorList, ApiFailure> {
    call("GET", "/api/me/mentors", NONE).await
}

pub async fn invite(email: String) -> Result<InviteMentorResponse, ApiFailure> {
    call(
        "POST",
        "/api/me/mentors",
        Some(&InviteMentorRequest { email }),
    )
    .await
}

/// Ends a mentor's access, or withdraws an invitation.
pub async fn remove_mentor(id: &str) -> Result<(), ApiFailure> {
    call("DELETE", &format!("/api/me/mentors/{id}"), NONE).await
}

pub async fn my_candidates() -> Result<CandidateList, ApiFailure> {
    call("GET", "/api/me/candidates", NONE).await
}

pub async fn portfolio(id: &str) -> Result<PortfolioDetail, ApiFailure> {
    call("GET", &format!("/api/portfolios/{id}"), NONE).await
}

pub async fn comments(portfolio: &str) -> Result<CommentList, ApiFailure> {
    call(
        "GET",
        &format!("/api/portfolios/{portfolio}/comments"),
        NONE,
    )
    .await
}

pub async fn place(portfolio: &str, comment: &NewComment) -> Result<Comment, ApiFailure> {
    call(
        "POST",
        &format!("/api/portfolios/{portfolio}/comments"),
        Some(comment),
    )
    .await
}

pub async fn reply(comment: &str, reply: &NewReply) -> Result<Reply, ApiFailure> {
    call(
        "POST",
        &format!("/api/comments/{comment}/replies"),
        Some(reply),
    )
    .await
}

pub async fn resolve(comment: &str, resolved: bool) -> Result<Comment, ApiFailure> {
    call(
        "POST",
        &format!("/api/comments/{comment}/resolve"),
        Some(&ResolveRequest { resolved }),
    )
    .await
}

pub async fn decide(comment: &str, taken: bool) -> Result<Comment, ApiFailure> {
    call(
        "POST",
        &format!("/api/comments/{comment}/suggestion"),
        Some(&SuggestionDecision { taken }),
    )
    .await
}

pub async fn remove_comment(comment: &str) -> Result<(), ApiFailure> {
    call("DELETE", &format!("/api/comments/{comment}"), NONE).await
}

/// A fresh UUID for a comment or reply made on this device, so sending it
/// again is stored once; `None` where the browser has no `crypto`.
pub fn new_id() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::window()
            .crypto()
            .ok()
            .map(|c| c.random_uuid())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}
