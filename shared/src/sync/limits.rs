//! Bounds on what a client may send, shared so that the server (413/422)
//! and the editor (character counter, disabled "toevoegen") agree exactly.

use serde::{Deserialize, Serialize};

use super::types::{FieldState, FieldValue, Mutation, Op, PushRequest, Target};
use crate::framework::{framework, InputKind, PortfolioKind};
use crate::portfolio::{CERTIFICATE_END_DATE_KEY, ROUTE_KEY};

/// Characters (Unicode scalar values) in one text answer; a long
/// reflection is a few thousand words, this leaves ample room.
pub const MAX_TEXT_CHARS: usize = 50_000;
/// Mutations in one push request.
pub const MAX_BATCH: usize = 200;
/// Live rows in one list (PE register, reflection meetings, work periods).
pub const MAX_ITEMS_PER_LIST: usize = 500;
/// Serialized size of one structured value or list row.
pub const MAX_JSON_BYTES: usize = 20_000;
/// Length of question keys, list names, item ids and client ids.
pub const MAX_KEY_CHARS: usize = 200;
/// Open conflict copies per target. Beyond this the person has to resolve
/// first; a device that keeps conflicting is better stopped than allowed to
/// grow a field without bound.
pub const MAX_CONFLICT_COPIES: usize = 20;
/// Stored bytes of one portfolio's sync targets ([`field_bytes`] summed):
/// keys, current values and open conflict copies. About a hundred maximal
/// reflections; a real portfolio is well under 1 MB. It also bounds what
/// `GET /api/portfolios/{id}` reads and answers.
pub const MAX_PORTFOLIO_BYTES: usize = 5 * 1024 * 1024;
/// Versions of one target kept in the history for three-way merges (the
/// newest ones). An offline edit based on an older, pruned version cannot
/// be merged and becomes a conflict copy instead, so nothing is lost.
pub const MAX_VERSIONS_KEPT: u64 = 50;

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RejectKind {
    /// Too big: the whole request answers 413.
    TooLarge,
    /// A replayed mutation id with other content than the first time: the
    /// whole request answers `409 mutation_mismatch`, nothing is stored.
    Mismatch,
    /// Malformed or not allowed: 422 for a whole request, or a per-mutation
    /// `rejected` result.
    Invalid,
}

/// Why something was refused, with a Dutch message for the person.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub kind: RejectKind,
    pub message: String,
}

impl Rejection {
    fn too_large(message: impl Into<String>) -> Self {
        Rejection {
            kind: RejectKind::TooLarge,
            message: message.into(),
        }
    }

    fn invalid(message: impl Into<String>) -> Self {
        Rejection {
            kind: RejectKind::Invalid,
            message: message.into(),
        }
    }

    pub fn http_status(&self) -> u16 {
        match self.kind {
            RejectKind::TooLarge => 413,
            RejectKind::Mismatch => 409,
            RejectKind::Invalid => 422,
        }
    }
}

impl core::fmt::Display for Rejection {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The check behind the editor's character counter.
pub fn validate_text(text: &str) -> Result<(), Rejection> {
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(Rejection::too_large(format!(
            "Deze tekst is te lang: {chars} tekens, maximaal {MAX_TEXT_CHARS}."
        )));
    }
    Ok(())
}

fn validate_key(what: &str, key: &str) -> Result<(), Rejection> {
    if key.is_empty() || key.chars().count() > MAX_KEY_CHARS {
        return Err(Rejection::invalid(format!(
            "Ongeldige {what}: leeg of langer dan {MAX_KEY_CHARS} tekens."
        )));
    }
    Ok(())
}

/// Whether `value` is allowed as the content of `target`, and small enough.
pub fn validate_value(target: &Target, value: &FieldValue) -> Result<(), Rejection> {
    match (target, value) {
        (Target::Answer { .. }, FieldValue::Text(text)) => validate_text(text),
        (Target::Value { .. } | Target::Item { .. }, FieldValue::Json(json)) => {
            let bytes = serde_json::to_string(json).map_or(usize::MAX, |s| s.len());
            if bytes > MAX_JSON_BYTES {
                return Err(Rejection::too_large(format!(
                    "Deze gegevens zijn te groot: maximaal {MAX_JSON_BYTES} bytes."
                )));
            }
            Ok(())
        }
        (Target::Item { .. }, FieldValue::Deleted) => Ok(()),
        (Target::Answer { .. }, _) => Err(Rejection::invalid(
            "Een antwoord moet tekst zijn.".to_string(),
        )),
        (Target::Value { .. }, _) => Err(Rejection::invalid(
            "Dit veld verwacht gestructureerde gegevens.".to_string(),
        )),
        (Target::Item { .. }, FieldValue::Text(_)) => Err(Rejection::invalid(
            "Een regel van een lijst moet gestructureerde gegevens zijn.".to_string(),
        )),
    }
}

/// Checks one mutation on its own (not against stored state).
pub fn validate_mutation(mutation: &Mutation) -> Result<(), Rejection> {
    validate_key("apparaat-id", &mutation.id.client_id.0)?;
    validate_key("portfolio-id", &mutation.portfolio_id.0)?;
    match &mutation.target {
        Target::Answer { key } | Target::Value { key } => validate_key("vraagsleutel", key)?,
        Target::Item { list, item_id } => {
            validate_key("lijstnaam", list)?;
            validate_key("regel-id", item_id)?;
        }
    }
    if let Op::Resolve { resolved, .. } = &mutation.op {
        if resolved.len() > MAX_CONFLICT_COPIES {
            return Err(Rejection::invalid(
                "Er worden te veel conflicten tegelijk opgelost.".to_string(),
            ));
        }
    }
    validate_value(&mutation.target, mutation.op.value())
}

/// Checks the request as a whole before anything is applied: a failure
/// answers the whole request with [`Rejection::http_status`]. Per-mutation
/// problems are not checked here; they become `rejected` results so the
/// rest of the batch still goes through.
pub fn validate_push(request: &PushRequest) -> Result<(), Rejection> {
    if request.mutations.len() > MAX_BATCH {
        return Err(Rejection::too_large(format!(
            "Te veel wijzigingen tegelijk: {}, maximaal {MAX_BATCH}.",
            request.mutations.len()
        )));
    }
    validate_key("apparaat-id", &request.client_id.0)?;
    if request
        .mutations
        .iter()
        .any(|m| m.id.client_id != request.client_id)
    {
        return Err(Rejection::invalid(
            "Een wijziging hoort niet bij dit apparaat.".to_string(),
        ));
    }
    Ok(())
}

/// The check before adding a row to a list that has `live_items` rows.
pub fn validate_list_capacity(live_items: usize) -> Result<(), Rejection> {
    if live_items >= MAX_ITEMS_PER_LIST {
        return Err(Rejection::too_large(format!(
            "Deze lijst is vol: maximaal {MAX_ITEMS_PER_LIST} regels."
        )));
    }
    Ok(())
}

/// The refusal of a replay whose content differs from the first send.
pub fn mismatch(id: &super::types::MutationId) -> Rejection {
    Rejection {
        kind: RejectKind::Mismatch,
        message: format!(
            "Wijziging {} van dit apparaat is eerder met een andere inhoud verstuurd; \
             er is niets opgeslagen. Laad de pagina opnieuw.",
            id.seq
        ),
    }
}

/// Whether `target` is a key the portfolio's framework has, of the right
/// kind (see the key list in [`crate::portfolio`]). Anything else would let
/// a client grow a portfolio with rows nobody can see.
pub fn validate_target(kind: PortfolioKind, target: &Target) -> Result<(), Rejection> {
    let input = |key: &str| framework(kind).question(key).map(|q| q.input);
    let known = match target {
        Target::Answer { key } => input(key) == Some(InputKind::Text),
        Target::Value { key } => {
            (kind == PortfolioKind::Initial && key == ROUTE_KEY)
                || (kind == PortfolioKind::Recertification && key == CERTIFICATE_END_DATE_KEY)
                || matches!(
                    input(key),
                    Some(
                        InputKind::TrajectoryDates
                            | InputKind::HoursDeclaration
                            | InputKind::Declaration
                    )
                )
        }
        Target::Item { list, .. } => {
            list == crate::evidence::evidence_list_key(kind)
                || matches!(
                    input(list),
                    Some(
                        InputKind::PeRegister
                            | InputKind::ReflectionMeetings
                            | InputKind::HoursDeclaration
                    )
                )
        }
    };
    if known {
        Ok(())
    } else {
        Err(Rejection::invalid(
            "Dit veld bestaat niet in dit portfolio; de wijziging is niet opgeslagen.",
        ))
    }
}

/// What one target costs against [`MAX_PORTFOLIO_BYTES`]: its key, its
/// current value and its conflict copies as stored (JSON), 0 when absent.
pub fn field_bytes(target: &Target, state: Option<&FieldState>) -> usize {
    let Some(state) = state else {
        return 0;
    };
    let key = match target {
        Target::Answer { key } | Target::Value { key } => key.len(),
        Target::Item { list, item_id } => list.len() + item_id.len(),
    };
    key + json_len(&state.value) + json_len(&state.conflicts)
}

/// Serialized JSON length; a value that cannot be serialized counts as
/// huge, so it never fits a budget.
pub fn json_len<T: Serialize>(value: &T) -> usize {
    serde_json::to_string(value).map_or(usize::MAX / 4, |s| s.len())
}

/// The check before a change that makes a portfolio using `used` bytes
/// grow by `added` bytes. Shrinking is always allowed, so a full portfolio
/// can be trimmed.
pub fn validate_budget(used: usize, added: usize) -> Result<(), Rejection> {
    if added > 0 && used.saturating_add(added) > MAX_PORTFOLIO_BYTES {
        return Err(Rejection::too_large(format!(
            "Dit portfolio is vol: samen maximaal {} MB aan tekst en gegevens. \
             Maak andere antwoorden korter of los open conflicten op.",
            MAX_PORTFOLIO_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}
