//! An answer as read (not edited): its text with the quotes of anchored
//! comments marked. The element's text content is exactly the answer, so
//! a selection in it maps to character offsets (see `selection`).

use leptos::prelude::*;
use shared::comments::{segments, PlacedAnchor};

#[component]
pub fn AnswerRead(
    key: &'static str,
    text: String,
    anchors: Vec<PlacedAnchor>,
    /// Element id, for `aria-describedby` and tests.
    #[prop(optional)]
    id: Option<String>,
) -> impl IntoView {
    let empty = text.trim().is_empty();
    let pieces = segments(&text, &anchors);
    view! {
        <div class="answer-read" data-answer-key=key id=id>
            {if empty {
                // Outside the keyed text, so it is never part of a selection.
                None
            } else {
                Some(pieces.into_iter().map(|piece| {
                    if piece.marks.is_empty() {
                        piece.text.into_any()
                    } else {
                        view! { <mark class="comment-mark">{piece.text}</mark> }.into_any()
                    }
                }).collect_view())
            }}
        </div>
        {empty.then(|| view! { <p class="muted">"Nog niet beantwoord."</p> })}
    }
}
