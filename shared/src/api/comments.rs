//! Comments of mentors on answers, with replies and suggestions (issue 13):
//! `/api/portfolios/{id}/comments` and `/api/comments/{id}/…`. The anchor
//! types are `crate::comments`'s; this module only adds the bodies.

use crate::comments::{Anchor, PlacedAnchor};
use serde::{Deserialize, Serialize};

/// Longest comment or reply body, in characters.
pub const MAX_COMMENT_CHARS: usize = 5_000;
/// Longest suggested replacement text, in characters.
pub const MAX_SUGGESTION_CHARS: usize = 5_000;

/// `POST /api/portfolios/{id}/comments` (mentors).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    /// A UUID the mentor's device made, so a comment sent again after a
    /// lost answer is stored once (the same answer again, 200 instead of
    /// 201). Without it the server makes one.
    #[serde(default)]
    pub id: Option<String>,
    /// The question key of the answer.
    pub key: String,
    /// The selection in the current text; only `exact`, `start` and `end`
    /// are checked (422 `anchor_mismatch`), the context is re-read by the
    /// server.
    pub anchor: Anchor,
    pub body: String,
    /// Replacement text for the quote ("Voorstel").
    #[serde(default)]
    pub suggestion: Option<String>,
}

/// `PATCH /api/comments/{id}` (its author): new text of the comment and
/// its suggestion (`null` removes it). A suggestion already decided on
/// stays as it was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditComment {
    pub body: String,
    #[serde(default)]
    pub suggestion: Option<String>,
}

/// `POST /api/comments/{id}/replies`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewReply {
    /// A UUID the writer's device made (a reply typed offline is sent
    /// later, perhaps twice): stored once.
    #[serde(default)]
    pub id: Option<String>,
    pub body: String,
}

/// `POST /api/comments/{id}/resolve` (the candidate): "Afgehandeld", or
/// opened again with `false`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolveRequest {
    #[serde(default = "yes")]
    pub resolved: bool,
}

fn yes() -> bool {
    true
}

/// `POST /api/comments/{id}/suggestion` (the candidate), after the editor
/// took the suggestion into the answer through sync ("Overnemen",
/// `taken: true`) or declined it ("Afwijzen").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuggestionDecision {
    pub taken: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionStatus {
    Open,
    Taken,
    Declined,
}

impl SuggestionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SuggestionStatus::Open => "open",
            SuggestionStatus::Taken => "taken",
            SuggestionStatus::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<SuggestionStatus> {
        [Self::Open, Self::Taken, Self::Declined]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub id: String,
    pub author: Author,
    pub body: String,
    pub created_at: i64,
}

/// A comment as it stands on the answer's current text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: String,
    pub key: String,
    pub body: String,
    pub author: Author,
    pub created_at: i64,
    pub updated_at: i64,
    /// Where the quote is **now** (`status` anchored), or the quote it was
    /// placed on (`status` orphaned, offsets where it was expected).
    pub anchor: PlacedAnchor,
    /// The answer version `anchor` refers to: the editor re-anchors from
    /// that version to what is typed on the device.
    pub version: u64,
    pub suggestion: Option<String>,
    pub suggestion_status: Option<SuggestionStatus>,
    /// When the suggestion was taken or declined.
    pub suggestion_decided_at: Option<i64>,
    pub resolved: bool,
    pub replies: Vec<Reply>,
}

/// `GET /api/portfolios/{id}/comments`: oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CommentList {
    pub comments: Vec<Comment>,
}

/// The body length rule, shared by the form and the server: the Dutch
/// message when `body` is empty or too long.
pub fn check_body(body: &str) -> Result<(), &'static str> {
    if body.trim().is_empty() {
        return Err("Schrijf eerst je opmerking.");
    }
    if body.chars().count() > MAX_COMMENT_CHARS {
        return Err("Een opmerking heeft hoogstens 5000 tekens.");
    }
    Ok(())
}

/// The same for a suggestion (an empty one proposes to delete the quote).
pub fn check_suggestion(text: &str) -> Result<(), &'static str> {
    if text.chars().count() > MAX_SUGGESTION_CHARS {
        return Err("Een voorstel heeft hoogstens 5000 tekens.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_shape_of_a_comment_has_the_anchor_flat_with_its_status() {
        let c = Comment {
            id: "c".into(),
            key: "initial.a1.q1".into(),
            body: "Mooi".into(),
            author: Author {
                id: "m".into(),
                name: "Mira".into(),
            },
            created_at: 1,
            updated_at: 1,
            anchor: crate::comments::reanchor(
                &Anchor::select("Hallo wereld", 6, 12).unwrap(),
                "Hallo wereld",
                "Hallo wereld",
            ),
            version: 1,
            suggestion: None,
            suggestion_status: None,
            suggestion_decided_at: None,
            resolved: false,
            replies: vec![],
        };
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["anchor"]["exact"], "wereld");
        assert_eq!(v["anchor"]["status"], "anchored");
        assert_eq!(v["anchor"]["start"], 6);
    }

    #[test]
    fn bodies_must_have_text_and_fit() {
        assert!(check_body("  ").is_err());
        assert!(check_body(&"x".repeat(MAX_COMMENT_CHARS)).is_ok());
        assert!(check_body(&"x".repeat(MAX_COMMENT_CHARS + 1)).is_err());
        assert!(check_suggestion("").is_ok());
        let r: ResolveRequest = serde_json::from_str("{}").unwrap();
        assert!(r.resolved);
    }
}
