//! Mentors and their comments (issue 13) against the real database (SQLite,
//! or PostgreSQL with TEST_DATABASE_URL): access granted by the candidate
//! (invitation on sign-up, existing mentor at once, revocation, admins),
//! comments anchored to a selection, re-anchoring through pushes, orphans,
//! suggestions taken through sync, replies, resolving, editing.

use crate::support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use shared::api::comments::{Comment, CommentList, SuggestionStatus};
use shared::api::mentors::{CandidateList, InviteMentorResponse, MentorList};
use shared::comments::{apply_suggestion, AnchorStatus};
use support::{Reply, SoftAuthenticator, TestApp, User};

const KEY: &str = "initial.b2.q2";

/// An account with the mentor role, made through an admin's invitation for
/// its address (so the address counts as verified).
async fn mentor(app: &TestApp, admin: &User, name: &str, email: &str) -> User {
    let reply = app
        .as_user(
            admin,
            Method::POST,
            "/api/admin/invitations",
            Some(&json!({"role": "mentor", "email": email})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let link = reply.json()["link"].as_str().unwrap().to_string();
    let token = link.split("#token=").nth(1).unwrap().to_string();
    accept(app, &token, name, email).await
}

async fn accept(app: &TestApp, token: &str, name: &str, email: &str) -> User {
    let mut authenticator = SoftAuthenticator::new();
    let reply = app
        .register("invitation", name, email, Some(token), &mut authenticator)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    User {
        id: body["user"]["id"].as_str().unwrap().to_string(),
        email: email.to_string(),
        cookie: reply.session_cookie(),
        authenticator,
        recovery_codes: Vec::new(),
    }
}

async fn invite(app: &TestApp, candidate: &User, email: &str) -> Reply {
    app.as_user(
        candidate,
        Method::POST,
        "/api/me/mentors",
        Some(&json!({ "email": email })),
    )
    .await
}

/// The candidate links `mentor` through `POST /api/me/mentors`.
async fn link(app: &TestApp, candidate: &User, mentor: &User) {
    let reply = invite(app, candidate, &mentor.email).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
}

/// Sets the answer to `text` on top of its current version; returns the
/// new version.
async fn write(app: &TestApp, user: &User, portfolio: &str, text: &str) -> u64 {
    let detail = app
        .as_user(
            user,
            Method::GET,
            &format!("/api/portfolios/{portfolio}"),
            None,
        )
        .await
        .json();
    let base = detail["versions"]["answers"][KEY].as_u64().unwrap_or(0);
    let client = format!("test-{}", uuid::Uuid::new_v4());
    let reply = app
        .as_user(
            user,
            Method::POST,
            "/api/sync/push",
            Some(&json!({
                "account_id": user.id,
                "client_id": client,
                "mutations": [{
                    "id": {"client_id": client, "seq": 1},
                    "portfolio_id": portfolio,
                    "target": {"kind": "answer", "key": KEY},
                    "base_version": base,
                    "op": "set",
                    "value": {"type": "text", "value": text}
                }]
            })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let result = &reply.json()["results"][0];
    assert_eq!(result["outcome"], "applied", "{result}");
    result["state"]["version"].as_u64().unwrap()
}

fn anchor(text: &str, quote: &str) -> Value {
    let byte = text.find(quote).unwrap();
    let start = text[..byte].chars().count();
    json!({"exact": quote, "prefix": "", "suffix": "", "start": start,
           "end": start + quote.chars().count()})
}

async fn comment(
    app: &TestApp,
    mentor: &User,
    portfolio: &str,
    text: &str,
    quote: &str,
    suggestion: Option<&str>,
) -> Comment {
    let reply = app
        .as_user(
            mentor,
            Method::POST,
            &format!("/api/portfolios/{portfolio}/comments"),
            Some(&json!({
                "key": KEY, "anchor": anchor(text, quote), "body": "Kun je dit uitleggen?",
                "suggestion": suggestion
            })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

async fn comments(app: &TestApp, user: &User, portfolio: &str) -> Vec<Comment> {
    let reply = app
        .as_user(
            user,
            Method::GET,
            &format!("/api/portfolios/{portfolio}/comments"),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    serde_json::from_slice::<CommentList>(&reply.body)
        .unwrap()
        .comments
}

async fn audit_count(app: &TestApp, event: &str) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM audit_log WHERE event = '{event}'"
    ))
    .await
}

/// Admin, candidate with a portfolio, a mentor linked to them.
struct World {
    app: TestApp,
    admin: User,
    candidate: User,
    mentor: User,
    portfolio: String,
}

async fn world() -> World {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let candidate = app.sign_up("Carla Kandidaat", "carla@example.nl").await;
    let mentor = mentor(&app, &admin, "Mira Mentor", "mira@example.nl").await;
    let portfolio = app.create_portfolio(&candidate, "initial").await;
    link(&app, &candidate, &mentor).await;
    World {
        app,
        admin,
        candidate,
        mentor,
        portfolio,
    }
}

#[tokio::test]
async fn an_unknown_address_gets_an_invitation_that_links_on_sign_up_for_that_address_only() {
    let app = TestApp::new().await;
    app.first_admin().await;
    let candidate = app.sign_up("Carla Kandidaat", "carla@example.nl").await;
    let portfolio = app.create_portfolio(&candidate, "initial").await;

    let reply = invite(&app, &candidate, "Nieuwe.Mentor@Example.nl").await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let InviteMentorResponse::Invited {
        invitation, link, ..
    } = serde_json::from_slice(&reply.body).unwrap()
    else {
        panic!("expected an invitation: {}", reply.text());
    };
    assert_eq!(invitation.email, "nieuwe.mentor@example.nl");
    let link = link.expect("without SMTP the link is shown to the candidate");
    let token = link.split("#token=").nth(1).unwrap();
    assert!(app
        .outbox()
        .iter()
        .any(|m| m.kind == "mentoruitnodiging" && m.body.contains(token)));
    assert_eq!(audit_count(&app, "mentor_invited").await, 1);

    let listed: MentorList = serde_json::from_slice(
        &app.as_user(&candidate, Method::GET, "/api/me/mentors", None)
            .await
            .body,
    )
    .unwrap();
    assert_eq!(listed.invitations.len(), 1);
    assert!(listed.mentors.is_empty());

    // The invitation is bound to its address.
    let start = app
        .call(
            Method::POST,
            "/api/auth/invitation/start",
            Some(&json!({"name": "Iemand", "email": "iemand@example.nl", "token": token})),
            None,
        )
        .await;
    assert_eq!(start.error_code(), "invitation_email_mismatch");

    let mentor = accept(&app, token, "Nina Mentor", "nieuwe.mentor@example.nl").await;
    assert_eq!(audit_count(&app, "mentor_linked").await, 1);
    let listed: MentorList = serde_json::from_slice(
        &app.as_user(&candidate, Method::GET, "/api/me/mentors", None)
            .await
            .body,
    )
    .unwrap();
    assert_eq!(listed.mentors.len(), 1);
    assert_eq!(listed.mentors[0].id, mentor.id);
    assert!(
        listed.invitations.is_empty(),
        "used invitations are not open"
    );

    // The mentor reads the portfolio and sees it on their home page.
    let read = app
        .as_user(
            &mentor,
            Method::GET,
            &format!("/api/portfolios/{portfolio}"),
            None,
        )
        .await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text());
    let home: CandidateList = serde_json::from_slice(
        &app.as_user(&mentor, Method::GET, "/api/me/candidates", None)
            .await
            .body,
    )
    .unwrap();
    assert_eq!(home.candidates.len(), 1);
    assert_eq!(home.candidates[0].id, candidate.id);
    assert_eq!(home.candidates[0].portfolios.len(), 1);
    assert_eq!(home.candidates[0].portfolios[0].progress.answered, 0);
}

#[tokio::test]
async fn an_existing_mentor_is_linked_at_once_and_told_by_mail_others_are_refused() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let candidate = app.sign_up("Carla Kandidaat", "carla@example.nl").await;
    let other = app.sign_up("Otto Kandidaat", "otto@example.nl").await;
    let mentor = mentor(&app, &admin, "Mira Mentor", "mira@example.nl").await;

    let reply = invite(&app, &candidate, "mira@example.nl").await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let InviteMentorResponse::Linked { mentor: linked } =
        serde_json::from_slice(&reply.body).unwrap()
    else {
        panic!("expected a link: {}", reply.text());
    };
    assert_eq!(linked.id, mentor.id);
    assert!(app
        .outbox()
        .iter()
        .any(|m| m.kind == "mentorkoppeling" && m.to.as_deref() == Some("mira@example.nl")));
    assert_eq!(audit_count(&app, "mentor_linked").await, 1);
    // Asking again changes nothing.
    let again = invite(&app, &candidate, "mira@example.nl").await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text());
    assert_eq!(audit_count(&app, "mentor_linked").await, 1);

    // A verified account without the mentor role is not given it by a
    // candidate; nor can one invite oneself.
    let refused = invite(&app, &candidate, "otto@example.nl").await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.error_code(), "not_a_mentor");
    let own = invite(&app, &candidate, "carla@example.nl").await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Only candidates invite mentors.
    let by_mentor = invite(&app, &mentor, "x@example.nl").await;
    assert_eq!(by_mentor.status, StatusCode::FORBIDDEN);
    let _ = other;
}

#[tokio::test]
async fn a_candidate_with_an_unconfirmed_address_cannot_send_invitations() {
    let app = TestApp::new().await;
    app.first_admin().await;
    let candidate = app
        .sign_up_unverified("Carla Kandidaat", "carla@example.nl")
        .await;
    let reply = invite(&app, &candidate, "m@example.nl").await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.error_code(), "email_unverified");
    assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 0);
}

#[tokio::test]
async fn a_mentor_sees_linked_candidates_only_never_edits_and_revoking_ends_access_at_once() {
    let w = world().await;
    let app = &w.app;
    let other = app.sign_up("Otto Kandidaat", "otto@example.nl").await;
    let others = app.create_portfolio(&other, "initial").await;
    let path = format!("/api/portfolios/{}", w.portfolio);

    let seen = app.as_user(&w.mentor, Method::GET, &path, None).await;
    assert_eq!(seen.status, StatusCode::OK);
    let hidden = app
        .as_user(
            &w.mentor,
            Method::GET,
            &format!("/api/portfolios/{others}"),
            None,
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let list = app
        .as_user(&w.mentor, Method::GET, "/api/portfolios", None)
        .await
        .json();
    let ids: Vec<&str> = list["portfolios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![w.portfolio.as_str()]);

    // Never edits: a push into the candidate's portfolio is 403, nothing stored.
    let push = app
        .as_user(
            &w.mentor,
            Method::POST,
            "/api/sync/push",
            Some(&json!({
                "account_id": w.mentor.id, "client_id": "m",
                "mutations": [{"id": {"client_id": "m", "seq": 1}, "portfolio_id": w.portfolio,
                    "target": {"kind": "answer", "key": KEY}, "base_version": 0, "op": "set",
                    "value": {"type": "text", "value": "Van de mentor"}}]
            })),
        )
        .await;
    assert_eq!(push.status, StatusCode::FORBIDDEN, "{}", push.text());
    assert_eq!(app.count("SELECT COUNT(*) FROM sync_field").await, 0);

    // "Toegang intrekken".
    let gone = app
        .as_user(
            &w.candidate,
            Method::DELETE,
            &format!("/api/me/mentors/{}", w.mentor.id),
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.text());
    assert_eq!(audit_count(app, "mentor_unlinked").await, 1);
    for p in [path.clone(), format!("{path}/comments")] {
        let after = app.as_user(&w.mentor, Method::GET, &p, None).await;
        assert_eq!(after.status, StatusCode::NOT_FOUND, "{p}");
    }
    let twice = app
        .as_user(
            &w.candidate,
            Method::DELETE,
            &format!("/api/me/mentors/{}", w.mentor.id),
            None,
        )
        .await;
    assert_eq!(twice.status, StatusCode::NOT_FOUND);
    let home: CandidateList = serde_json::from_slice(
        &app.as_user(&w.mentor, Method::GET, "/api/me/candidates", None)
            .await
            .body,
    )
    .unwrap();
    assert!(home.candidates.is_empty());
}

#[tokio::test]
async fn an_open_invitation_can_be_withdrawn_and_then_links_nobody() {
    let app = TestApp::new().await;
    app.first_admin().await;
    let candidate = app.sign_up("Carla Kandidaat", "carla@example.nl").await;
    let reply = invite(&app, &candidate, "later@example.nl").await;
    let InviteMentorResponse::Invited {
        invitation, link, ..
    } = serde_json::from_slice(&reply.body).unwrap()
    else {
        panic!("{}", reply.text());
    };
    let withdrawn = app
        .as_user(
            &candidate,
            Method::DELETE,
            &format!("/api/me/mentors/{}", invitation.id),
            None,
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::NO_CONTENT);
    assert_eq!(audit_count(&app, "mentor_invitation_revoked").await, 1);
    let token = link.unwrap();
    let token = token.split("#token=").nth(1).unwrap();
    let start = app
        .call(
            Method::POST,
            "/api/auth/invitation/start",
            Some(&json!({"name": "Later", "email": "later@example.nl", "token": token})),
            None,
        )
        .await;
    assert!(!start.status.is_success(), "{}", start.text());
    assert_eq!(start.error_code(), "link_invalid");
    assert_eq!(app.count("SELECT COUNT(*) FROM mentor_links").await, 0);
}

#[tokio::test]
async fn admins_see_and_change_the_links() {
    let w = world().await;
    let app = &w.app;
    let second = mentor(app, &w.admin, "Max Mentor", "max@example.nl").await;
    let links = app
        .as_user(&w.admin, Method::GET, "/api/admin/mentor-links", None)
        .await;
    assert_eq!(links.status, StatusCode::OK);
    assert_eq!(links.json()["links"].as_array().unwrap().len(), 1);

    let set = app
        .as_user(
            &w.admin,
            Method::PUT,
            &format!("/api/admin/accounts/{}/mentors", w.candidate.id),
            Some(&json!({"mentor_ids": [second.id]})),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text());
    let now: Vec<String> = set.json()["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["mentor_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(now, vec![second.id.clone()]);
    let gone = app
        .as_user(
            &w.mentor,
            Method::GET,
            &format!("/api/portfolios/{}", w.portfolio),
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let seen = app
        .as_user(
            &second,
            Method::GET,
            &format!("/api/portfolios/{}", w.portfolio),
            None,
        )
        .await;
    assert_eq!(seen.status, StatusCode::OK);
    // Only mentors can be linked.
    let bad = app
        .as_user(
            &w.admin,
            Method::PUT,
            &format!("/api/admin/accounts/{}/mentors", w.candidate.id),
            Some(&json!({"mentor_ids": [w.candidate.id]})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let by_candidate = app
        .as_user(&w.candidate, Method::GET, "/api/admin/mentor-links", None)
        .await;
    assert_eq!(by_candidate.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_mentor_comments_on_a_selection_and_only_candidate_and_mentor_see_it() {
    let w = world().await;
    let app = &w.app;
    let text = "Ik koos dit vak omdat ik graag mensen help. Werk geeft structuur.";
    write(app, &w.candidate, &w.portfolio, text).await;
    let c = comment(
        app,
        &w.mentor,
        &w.portfolio,
        text,
        "Werk geeft structuur.",
        None,
    )
    .await;
    assert_eq!(c.anchor.anchor.exact, "Werk geeft structuur.");
    assert_eq!(c.anchor.anchor.prefix, "vak omdat ik graag mensen help. ");
    assert_eq!(c.anchor.status, AnchorStatus::Anchored);
    assert_eq!(c.author.id, w.mentor.id);
    assert_eq!(audit_count(app, "comment_placed").await, 1);

    // A stale selection.
    let path = format!("/api/portfolios/{}/comments", w.portfolio);
    let stale = app
        .as_user(
            &w.mentor,
            Method::POST,
            &path,
            Some(&json!({"key": KEY, "body": "x",
                "anchor": {"exact": "mensen", "prefix": "", "suffix": "", "start": 0, "end": 6}})),
        )
        .await;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stale.error_code(), "anchor_mismatch");
    // Unknown or non-text question.
    let unknown = app
        .as_user(
            &w.mentor,
            Method::POST,
            &path,
            Some(&json!({"key": "initial.a1.q1", "body": "x",
                "anchor": {"exact": "I", "prefix": "", "suffix": "", "start": 0, "end": 1}})),
        )
        .await;
    assert_eq!(unknown.error_code(), "unknown_key");
    // The candidate replies instead.
    let own = app
        .as_user(
            &w.candidate,
            Method::POST,
            &path,
            Some(&json!({"key": KEY, "body": "x", "anchor": anchor(text, "mensen")})),
        )
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);

    assert_eq!(
        comments(app, &w.candidate, &w.portfolio).await,
        vec![c.clone()]
    );
    assert_eq!(comments(app, &w.mentor, &w.portfolio).await.len(), 1);
    // Admins see the portfolio but not the comments; others nothing.
    let admin = app.as_user(&w.admin, Method::GET, &path, None).await;
    assert_eq!(admin.status, StatusCode::FORBIDDEN);
    let assessor = app
        .invited(&w.admin, "assessor", "Aad Assessor", "aad@example.nl")
        .await;
    let other_mentor = mentor(app, &w.admin, "Max Mentor", "max@example.nl").await;
    for who in [&assessor, &other_mentor] {
        let r = app.as_user(who, Method::GET, &path, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = app
            .as_user(
                who,
                Method::POST,
                &format!("/api/comments/{}/replies", c.id),
                Some(&json!({"body": "Hallo"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn anchors_follow_edits_made_through_push_and_orphans_come_back() {
    let w = world().await;
    let app = &w.app;
    let text = "Ik koos dit vak omdat ik graag mensen help. Werk geeft structuur.";
    write(app, &w.candidate, &w.portfolio, text).await;
    let c = comment(
        app,
        &w.mentor,
        &w.portfolio,
        text,
        "graag mensen help",
        None,
    )
    .await;
    assert_eq!(c.anchor.anchor.start, 25);

    // Text typed before the quote moves it.
    let v = write(
        app,
        &w.candidate,
        &w.portfolio,
        "Na lang nadenken: ik koos dit vak omdat ik graag mensen help. Werk geeft structuur.",
    )
    .await;
    let now = &comments(app, &w.candidate, &w.portfolio).await[0];
    assert_eq!(now.anchor.status, AnchorStatus::Anchored);
    assert_eq!(now.anchor.anchor.exact, "graag mensen help");
    assert_eq!(now.anchor.anchor.start, 43);
    assert_eq!(now.version, v);
    let stored: i64 = app.count("SELECT anchor_version FROM comments").await;
    assert_eq!(
        stored as u64, v,
        "re-anchored in the push, not only on read"
    );

    // An edit inside the quote keeps it if it still fits.
    write(
        app,
        &w.candidate,
        &w.portfolio,
        "Na lang nadenken: ik koos dit vak omdat ik graag mensen help! Werk geeft structuur.",
    )
    .await;
    let now = &comments(app, &w.candidate, &w.portfolio).await[0];
    assert_eq!(now.anchor.status, AnchorStatus::Anchored);

    // The sentence goes: orphaned, the original quote kept.
    write(app, &w.candidate, &w.portfolio, "Werk geeft structuur.").await;
    let now = &comments(app, &w.candidate, &w.portfolio).await[0];
    assert_eq!(now.anchor.status, AnchorStatus::Orphaned);
    assert_eq!(now.anchor.anchor.exact, "graag mensen help");

    // It comes back when the text does.
    write(
        app,
        &w.candidate,
        &w.portfolio,
        "Werk geeft structuur. Ik koos dit vak omdat ik graag mensen help.",
    )
    .await;
    let now = &comments(app, &w.candidate, &w.portfolio).await[0];
    assert_eq!(now.anchor.status, AnchorStatus::Anchored);
    assert_eq!(now.anchor.anchor.start, 47);
}

#[tokio::test]
async fn an_orphan_whose_base_version_was_pruned_is_found_in_the_current_text() {
    let w = world().await;
    let app = &w.app;
    let text = "Eerste zin hier. Tweede zin met de kern van het verhaal.";
    write(app, &w.candidate, &w.portfolio, text).await;
    comment(
        app,
        &w.mentor,
        &w.portfolio,
        text,
        "de kern van het verhaal",
        None,
    )
    .await;
    // Orphaned, then more than the kept 50 versions of unrelated text.
    for i in 0..55 {
        write(
            app,
            &w.candidate,
            &w.portfolio,
            &format!("Iets anders, versie {i}."),
        )
        .await;
    }
    let now = &comments(app, &w.candidate, &w.portfolio).await[0];
    assert_eq!(now.anchor.status, AnchorStatus::Orphaned);
    let kept: i64 = app
        .count("SELECT COUNT(*) FROM sync_field_version WHERE version = 1")
        .await;
    assert_eq!(kept, 0, "the base version is pruned");
    write(
        app,
        &w.candidate,
        &w.portfolio,
        "Nieuw begin. Tweede zin met de kern van het verhaal.",
    )
    .await;
    let now = &comments(app, &w.candidate, &w.portfolio).await[0];
    assert_eq!(now.anchor.status, AnchorStatus::Anchored);
    assert_eq!(now.anchor.anchor.exact, "de kern van het verhaal");
}

#[tokio::test]
async fn a_suggestion_is_taken_through_sync_and_recorded_in_thread_and_audit() {
    let w = world().await;
    let app = &w.app;
    let text = "Ik koos dit vak omdat ik graag mensen help.";
    write(app, &w.candidate, &w.portfolio, text).await;
    let c = comment(
        app,
        &w.mentor,
        &w.portfolio,
        text,
        "mensen",
        Some("werkzoekenden"),
    )
    .await;
    assert_eq!(c.suggestion_status, Some(SuggestionStatus::Open));
    // Meanwhile text was added elsewhere (another device): taking applies
    // to the anchor as it stands now.
    let text2 = format!("Kort gezegd: {text}");
    write(app, &w.candidate, &w.portfolio, &text2).await;
    let now = comments(app, &w.candidate, &w.portfolio).await.remove(0);
    let taken = apply_suggestion(&text2, &now.anchor, "werkzoekenden").unwrap();
    assert_eq!(
        taken,
        "Kort gezegd: Ik koos dit vak omdat ik graag werkzoekenden help."
    );
    write(app, &w.candidate, &w.portfolio, &taken).await;
    let path = format!("/api/comments/{}/suggestion", c.id);
    let by_mentor = app
        .as_user(
            &w.mentor,
            Method::POST,
            &path,
            Some(&json!({"taken": true})),
        )
        .await;
    assert_eq!(by_mentor.status, StatusCode::FORBIDDEN);
    let reply = app
        .as_user(
            &w.candidate,
            Method::POST,
            &path,
            Some(&json!({"taken": true})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let after: Comment = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(after.suggestion_status, Some(SuggestionStatus::Taken));
    assert!(after.suggestion_decided_at.is_some());
    assert!(after.resolved);
    assert_eq!(after.anchor.status, AnchorStatus::Anchored);
    assert_eq!(after.anchor.anchor.exact, "werkzoekenden");
    assert_eq!(audit_count(app, "suggestion_taken").await, 1);
    // The same decision again is answered as it stands; the other is refused.
    let again = app
        .as_user(
            &w.candidate,
            Method::POST,
            &path,
            Some(&json!({"taken": true})),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    let other = app
        .as_user(
            &w.candidate,
            Method::POST,
            &path,
            Some(&json!({"taken": false})),
        )
        .await;
    assert_eq!(other.error_code(), "suggestion_decided");
    assert_eq!(audit_count(app, "suggestion_taken").await, 1);
}

#[tokio::test]
async fn replies_resolving_and_the_mentor_editing_or_removing_their_own_comment() {
    let w = world().await;
    let app = &w.app;
    let text = "Ik koos dit vak omdat ik graag mensen help.";
    write(app, &w.candidate, &w.portfolio, text).await;
    let c = comment(app, &w.mentor, &w.portfolio, text, "mensen", None).await;
    let replies = format!("/api/comments/{}/replies", c.id);
    let reply_id = uuid::Uuid::new_v4().to_string();
    let body = json!({"id": reply_id, "body": "Werkzoekenden met een afstand tot werk."});
    let first = app
        .as_user(&w.candidate, Method::POST, &replies, Some(&body))
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    // Sent again (an offline queue after a lost answer): stored once.
    let again = app
        .as_user(&w.candidate, Method::POST, &replies, Some(&body))
        .await;
    assert_eq!(again.status, StatusCode::OK);
    let clash = app
        .as_user(
            &w.candidate,
            Method::POST,
            &replies,
            Some(&json!({"id": reply_id, "body": "Iets anders"})),
        )
        .await;
    assert_eq!(clash.status, StatusCode::CONFLICT);
    let by_mentor = app
        .as_user(
            &w.mentor,
            Method::POST,
            &replies,
            Some(&json!({"body": "Dank je."})),
        )
        .await;
    assert_eq!(by_mentor.status, StatusCode::CREATED);
    let thread = &comments(app, &w.mentor, &w.portfolio).await[0];
    assert_eq!(thread.replies.len(), 2);
    // Replies are ordered by their second of creation; two in the same
    // second may come in either order (a known limit, see ARCHITECTURE.md).
    let mut authors: Vec<&str> = thread
        .replies
        .iter()
        .map(|r| r.author.id.as_str())
        .collect();
    authors.sort();
    let mut expected = vec![w.candidate.id.as_str(), w.mentor.id.as_str()];
    expected.sort();
    assert_eq!(authors, expected);

    // Afgehandeld: the candidate only.
    let resolve = format!("/api/comments/{}/resolve", c.id);
    let no = app
        .as_user(&w.mentor, Method::POST, &resolve, Some(&json!({})))
        .await;
    assert_eq!(no.status, StatusCode::FORBIDDEN);
    let yes = app
        .as_user(&w.candidate, Method::POST, &resolve, Some(&json!({})))
        .await;
    assert_eq!(yes.status, StatusCode::OK);
    assert!(
        serde_json::from_slice::<Comment>(&yes.body)
            .unwrap()
            .resolved
    );
    assert_eq!(audit_count(app, "comment_resolved").await, 1);

    // The mentor edits their own comment; nobody else can.
    let one = format!("/api/comments/{}", c.id);
    let second = mentor(app, &w.admin, "Max Mentor", "max@example.nl").await;
    link(app, &w.candidate, &second).await;
    for who in [&w.candidate, &second] {
        let r = app
            .as_user(who, Method::PATCH, &one, Some(&json!({"body": "Anders"})))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    let edited = app
        .as_user(
            &w.mentor,
            Method::PATCH,
            &one,
            Some(&json!({"body": "Welke mensen precies?", "suggestion": "werkzoekenden"})),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text());
    let edited: Comment = serde_json::from_slice(&edited.body).unwrap();
    assert_eq!(edited.body, "Welke mensen precies?");
    assert_eq!(edited.suggestion.as_deref(), Some("werkzoekenden"));
    assert_eq!(edited.suggestion_status, Some(SuggestionStatus::Open));
    let removed = app.as_user(&w.mentor, Method::DELETE, &one, None).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert!(comments(app, &w.candidate, &w.portfolio).await.is_empty());
    assert_eq!(audit_count(app, "comment_removed").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM comment_replies").await, 0);
}

#[tokio::test]
async fn a_comment_sent_twice_with_its_device_id_is_stored_once_and_home_counts_it() {
    let w = world().await;
    let app = &w.app;
    let text = "Ik koos dit vak omdat ik graag mensen help.";
    write(app, &w.candidate, &w.portfolio, text).await;
    let id = uuid::Uuid::new_v4().to_string();
    let body = json!({"id": id, "key": KEY, "anchor": anchor(text, "mensen"), "body": "Wie?"});
    let path = format!("/api/portfolios/{}/comments", w.portfolio);
    let first = app
        .as_user(&w.mentor, Method::POST, &path, Some(&body))
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let again = app
        .as_user(&w.mentor, Method::POST, &path, Some(&body))
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text());
    assert_eq!(app.count("SELECT COUNT(*) FROM comments").await, 1);
    let home: CandidateList = serde_json::from_slice(
        &app.as_user(&w.mentor, Method::GET, "/api/me/candidates", None)
            .await
            .body,
    )
    .unwrap();
    let p = &home.candidates[0].portfolios[0];
    assert_eq!(p.open_comments, 1);
    assert_eq!(p.progress.answered, 1);
    assert!(p.last_change.is_some());
}

/// The digests of one housekeeping round at `now` on `app`.
async fn digests(app: &TestApp, now: i64) -> server::comments::digest::Round {
    let cx = server::housekeeping::Context::of(&app.state);
    server::housekeeping::run_once(&cx, now)
        .await
        .digests
        .expect("digest step ran")
}

fn digest_mails(app: &TestApp, to: &str) -> Vec<server::mail::OutboxMail> {
    app.state
        .mailer
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "comment_digest" && m.to.as_deref() == Some(to))
        .collect()
}

/// Dates the row `id` of `table` (comments, comment_replies) at `at`: as if
/// written after a round that ran at a simulated later time.
async fn written_at(app: &TestApp, table: &str, id: &str, at: i64) {
    let changed = sqlx::query(&format!("UPDATE {table} SET created_at = $1 WHERE id = $2"))
        .bind(at)
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(changed, 1);
}

#[tokio::test]
async fn new_comments_and_replies_are_mailed_at_most_once_an_hour_by_one_instance() {
    use server::comments::digest::{Round, MIN_GAP_SECS};
    let w = world().await;
    let app = &w.app;
    let other = app.second_instance().await;
    let text = "Ik koos dit vak omdat ik graag mensen help.";
    write(app, &w.candidate, &w.portfolio, text).await;
    comment(app, &w.mentor, &w.portfolio, text, "mensen", None).await;
    comment(app, &w.mentor, &w.portfolio, text, "vak", None).await;
    let first = server::db::now() + 10;

    // Two instances run their round at the same moment: one mail.
    let (a, b) = tokio::join!(digests(app, first), digests(&other, first));
    assert_eq!(a.candidates + b.candidates, 1, "{a:?} {b:?}");
    let to_candidate = |app: &TestApp| digest_mails(app, "carla@example.nl");
    let mails = [to_candidate(app), to_candidate(&other)].concat();
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].body.contains("2 nieuwe opmerkingen"),
        "{}",
        mails[0].body
    );
    assert!(mails[0]
        .body
        .contains(&format!("/portfolio?id={}", w.portfolio)));
    // The mail says where, not what: comments describe clients.
    assert!(!mails[0].body.contains("Kun je dit uitleggen?"));
    assert!(!mails[0].body.contains("mensen"));

    // Then the candidate replies (to the mentor) and the mentor comments again.
    let c = comments(app, &w.candidate, &w.portfolio).await.remove(0);
    let replies = format!("/api/comments/{}/replies", c.id);
    let replied = app
        .as_user(
            &w.candidate,
            Method::POST,
            &replies,
            Some(&json!({"body": "Ik leg het uit."})),
        )
        .await;
    assert_eq!(replied.status, StatusCode::CREATED, "{}", replied.text());
    let reply_id = replied.json()["id"].as_str().unwrap().to_string();
    written_at(app, "comment_replies", &reply_id, first + 5).await;
    let third = comment(app, &w.mentor, &w.portfolio, text, "help", None).await;
    written_at(app, "comments", &third.id, first + 5).await;

    // The mentor hears of the reply; the new comment waits for the hour.
    let soon = first + 10;
    assert_eq!(
        digests(app, soon).await,
        Round {
            candidates: 0,
            mentors: 1
        }
    );
    let to_mentor = digest_mails(app, "mira@example.nl");
    assert_eq!(to_mentor.len(), 1);
    assert!(
        to_mentor[0].body.contains("1 nieuwe reactie"),
        "{}",
        to_mentor[0].body
    );
    assert!(to_mentor[0]
        .body
        .contains(&format!("/mentor/portfolio?id={}", w.portfolio)));
    assert_eq!(to_candidate(app).len() + to_candidate(&other).len(), 1);

    let later = first + MIN_GAP_SECS;
    assert_eq!(
        digests(app, later).await,
        Round {
            candidates: 1,
            mentors: 0
        }
    );
    let last = to_candidate(app).pop().unwrap();
    assert!(last.body.contains("- 1 nieuwe opmerking:"), "{}", last.body);
    assert_eq!(digests(app, later + MIN_GAP_SECS).await, Round::default());

    // Access revoked: the mentor hears of nothing more.
    let revoked = app
        .as_user(
            &w.candidate,
            Method::DELETE,
            &format!("/api/me/mentors/{}", w.mentor.id),
            None,
        )
        .await;
    assert!(revoked.status.is_success(), "{}", revoked.text());
    let replied = app
        .as_user(
            &w.candidate,
            Method::POST,
            &replies,
            Some(&json!({"body": "Nog een reactie."})),
        )
        .await;
    assert_eq!(replied.status, StatusCode::CREATED, "{}", replied.text());
    let reply_id = replied.json()["id"].as_str().unwrap().to_string();
    written_at(app, "comment_replies", &reply_id, later + MIN_GAP_SECS + 5).await;
    assert_eq!(digests(app, later + 3 * MIN_GAP_SECS).await.mentors, 0);
}
