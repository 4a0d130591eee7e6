//! One comment as both sides show it: the quote, the mentor's text, a
//! suggestion as a change (old struck through, new marked), the replies,
//! and the actions the viewer has (passed in as callbacks; `None` hides an
//! action).

use crate::auth::format_date;
use leptos::prelude::*;
use shared::api::comments::{Comment, SuggestionStatus};

#[component]
pub fn Thread(
    comment: Comment,
    /// Replies typed here that are not yet on the server (they change
    /// while the thread is shown).
    #[prop(into, default = Signal::stored(Vec::new()))]
    queued: Signal<Vec<String>>,
    #[prop(optional)] on_reply: Option<Callback<(String, String)>>,
    #[prop(optional)] on_resolve: Option<Callback<(String, bool)>>,
    #[prop(optional)] on_take: Option<Callback<String>>,
    #[prop(optional)] on_decline: Option<Callback<String>>,
    #[prop(optional)] on_remove: Option<Callback<String>>,
) -> impl IntoView {
    let id = comment.id.clone();
    let reply_id = format!("reactie-{}", comment.id);
    let draft = RwSignal::new(String::new());
    let suggestion = comment.suggestion.clone().map(|new| {
        let status = comment.suggestion_status;
        let old = comment.anchor.anchor.exact.clone();
        let open = status == Some(SuggestionStatus::Open);
        let said = match status {
            Some(SuggestionStatus::Taken) => Some("Voorstel overgenomen"),
            Some(SuggestionStatus::Declined) => Some("Voorstel afgewezen"),
            _ => None,
        };
        let (take_id, decline_id) = (id.clone(), id.clone());
        view! {
            <div class="suggestion">
                <p>
                    <span class="visually-hidden">"Voorstel: vervang "</span>
                    <del>{old}</del>
                    <span class="visually-hidden">" door "</span>
                    " "<ins>{new}</ins>
                </p>
                {said.map(|s| view! { <p class="muted">{s}</p> })}
                {(open && (on_take.is_some() || on_decline.is_some())).then(|| view! {
                    <div class="button-row">
                        {on_take.map(|cb| view! {
                            <button type="button" class="button small" on:click=move |_| cb.run(take_id.clone())>"Overnemen"</button>
                        })}
                        {on_decline.map(|cb| view! {
                            <button type="button" class="button small secondary" on:click=move |_| cb.run(decline_id.clone())>"Afwijzen"</button>
                        })}
                    </div>
                })}
            </div>
        }
    });
    let resolved = comment.resolved;
    let (resolve_id, remove_id, send_id) = (id.clone(), id.clone(), id.clone());
    view! {
        <article class="comment" class:resolved=resolved data-comment-id=comment.id.clone()>
            <blockquote class="comment-quote">{comment.anchor.anchor.exact.clone()}</blockquote>
            <p class="comment-body">{comment.body.clone()}</p>
            <p class="muted">{comment.author.name.clone()}" · "{format_date(comment.created_at)}
                {resolved.then_some(" · afgehandeld")}</p>
            {suggestion}
            <ul class="replies">
                {comment.replies.iter().map(|r| view! {
                    <li><strong>{r.author.name.clone()}</strong>": "{r.body.clone()}</li>
                }).collect_view()}
                {move || queued.get().into_iter().map(|body| view! {
                    <li class="queued">"Jij: "{body}" (nog niet verstuurd)"</li>
                }).collect_view()}
            </ul>
            {on_reply.map(|cb| view! {
                <form class="reply-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let body = draft.get_untracked();
                    if !body.trim().is_empty() {
                        cb.run((send_id.clone(), body));
                        draft.set(String::new());
                    }
                }>
                    <label for=reply_id.clone()>"Reageren"</label>
                    <textarea id=reply_id.clone() rows="2"
                        prop:value=move || draft.get()
                        on:input=move |ev| draft.set(event_target_value(&ev))></textarea>
                    <button type="submit" class="button small secondary">"Reactie versturen"</button>
                </form>
            })}
            <div class="button-row">
                {on_resolve.map(|cb| view! {
                    <button type="button" class="button small secondary"
                        on:click=move |_| cb.run((resolve_id.clone(), !resolved))>
                        {if resolved { "Weer openen" } else { "Afgehandeld" }}
                    </button>
                })}
                {on_remove.map(|cb| view! {
                    <button type="button" class="button small secondary"
                        on:click=move |_| cb.run(remove_id.clone())>"Opmerking verwijderen"</button>
                })}
            </div>
        </article>
    }
}
