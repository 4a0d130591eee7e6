//! Mentors (issue 13): a candidate gives a mentor access to their
//! portfolios (`/api/me/mentors`), a mentor lists their candidates
//! (`/api/me/candidates`), admins see and change the links
//! (`/api/admin/mentor-links`, `/api/admin/accounts/{id}/mentors`).

use crate::framework::{framework, InputKind, PortfolioKind};
use crate::portfolio::PortfolioSummary;
use serde::{Deserialize, Serialize};

/// `POST /api/me/mentors`: the mentor's e-mail address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteMentorRequest {
    pub email: String,
}

/// A mentor with access to the candidate's portfolios.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedMentor {
    /// The mentor's account id (`DELETE /api/me/mentors/{id}`).
    pub id: String,
    pub name: String,
    pub email: String,
    /// UTC unix seconds.
    pub since: i64,
}

/// An invitation for an address that has no mentor account yet: the
/// account made with it is linked on sign-up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingMentor {
    /// The invitation's id (`DELETE /api/me/mentors/{id}` withdraws it).
    pub id: String,
    pub email: String,
    pub expires_at: i64,
}

/// How a link reached the invited address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Delivery {
    /// Sent by e-mail.
    Email,
    /// No SMTP: the candidate passes the link on themselves.
    Manual,
}

/// The answer to `POST /api/me/mentors` (201).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum InviteMentorResponse {
    /// An existing mentor account: access at once, the mentor is told by
    /// e-mail.
    Linked { mentor: LinkedMentor },
    /// No mentor account with that address: an invitation link for the
    /// mentor role, bound to the address. `link` only when it was not
    /// e-mailed (no SMTP), for the candidate to pass on.
    Invited {
        invitation: PendingMentor,
        delivery: Delivery,
        #[serde(default)]
        link: Option<String>,
    },
}

/// `GET /api/me/mentors`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MentorList {
    pub mentors: Vec<LinkedMentor>,
    pub invitations: Vec<PendingMentor>,
}

/// How far a portfolio's text questions are answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Progress {
    pub answered: u32,
    pub total: u32,
}

/// The text questions of `kind` answered (non-blank) among `answers`
/// (key, text). Only free-text questions count: the other inputs have
/// their own checks in the editor.
pub fn text_progress<'a>(
    kind: PortfolioKind,
    answers: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Progress {
    let fw = framework(kind);
    let answered: std::collections::BTreeSet<&str> = answers
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(key, _)| key)
        .collect();
    let mut progress = Progress::default();
    for q in fw.questions().filter(|q| q.input == InputKind::Text) {
        progress.total += 1;
        if answered.contains(q.key) {
            progress.answered += 1;
        }
    }
    progress
}

/// One portfolio of a mentor's candidate, as the mentor's home page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CandidatePortfolio {
    pub portfolio: PortfolioSummary,
    pub progress: Progress,
    /// UTC unix seconds of the last change to its content, if any.
    pub last_change: Option<i64>,
    /// Comments not yet marked "Afgehandeld".
    pub open_comments: u32,
}

/// A candidate the mentor is linked to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MentorCandidate {
    pub id: String,
    pub name: String,
    pub since: i64,
    pub portfolios: Vec<CandidatePortfolio>,
}

/// `GET /api/me/candidates` (mentors).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct CandidateList {
    pub candidates: Vec<MentorCandidate>,
}

/// A link as admins see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorLink {
    pub candidate_id: String,
    pub candidate_name: String,
    pub mentor_id: String,
    pub mentor_name: String,
    pub created_at: i64,
}

/// `GET /api/admin/mentor-links`, and the answer of
/// `PUT /api/admin/accounts/{id}/mentors`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MentorLinkList {
    pub links: Vec<MentorLink>,
}

/// `PUT /api/admin/accounts/{id}/mentors`: the candidate's mentors, all of
/// them (links not named end, new ones start). Each must hold the mentor
/// role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetMentorsRequest {
    pub mentor_ids: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_non_blank_text_answers_of_the_framework_only() {
        let fw = framework(PortfolioKind::Initial);
        let text: Vec<&str> = fw
            .questions()
            .filter(|q| q.input == InputKind::Text)
            .map(|q| q.key)
            .take(2)
            .collect();
        let p = text_progress(
            PortfolioKind::Initial,
            [
                (text[0], "Een antwoord"),
                (text[1], "   "),
                ("initial.unknown", "x"),
            ],
        );
        assert_eq!(p.answered, 1);
        assert!(p.total >= 2);
    }

    #[test]
    fn invite_response_is_tagged_by_outcome() {
        let r = InviteMentorResponse::Invited {
            invitation: PendingMentor {
                id: "i".into(),
                email: "m@example.nl".into(),
                expires_at: 1,
            },
            delivery: Delivery::Manual,
            link: Some("https://x/uitnodiging#token=t".into()),
        };
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["outcome"], "invited");
        assert_eq!(v["delivery"], "manual");
        let back: InviteMentorResponse = serde_json::from_value(v).unwrap();
        assert_eq!(back, r);
    }
}
