//! `/mentor/portfolio?id=…`: a mentor reads a candidate's portfolio online
//! and comments on what they select. Nothing of the portfolio is written
//! to `localStorage` (another person's portfolio never is); a comment that
//! cannot be sent because the connection dropped stays on this page and
//! is sent when the browser is online again.

use super::answer_view::AnswerRead;
use super::api;
use super::selection::{self, Selected};
use super::thread::Thread;
use crate::auth::session::{use_auth, AuthState};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::api::comments::{check_body, Comment, NewComment, NewReply};
use shared::comments::{Anchor, AnchorStatus};
use shared::framework::{framework, InputKind};
use shared::portfolio::PortfolioDetail;

#[component]
pub fn ReadPage() -> impl IntoView {
    let auth = use_auth();
    let query = use_query_map();
    let id = Memo::new(move |_| query.with(|q| q.get("id")).unwrap_or_default());
    view! {
        {move || match auth.get() {
            AuthState::SignedIn(_) => view! { <Reader id=id.get()/> }.into_any(),
            AuthState::Checking => view! { <section class="panel"><p role="status">"Even geduld…"</p></section> }.into_any(),
            _ => view! {
                <section class="panel">
                    <h1>"Portfolio lezen"</h1>
                    <p>"Log in om dit portfolio te lezen. "<a href="/inloggen">"Inloggen"</a></p>
                </section>
            }.into_any(),
        }}
    }
}

#[component]
fn Reader(id: String) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let pid = StoredValue::new(id);
    // Online-only: another person's portfolio is never kept in the
    // browser. A failed load shares the alert with a failed reply or
    // removal; hence the error goes to the signal rather than into the
    // value.
    let loaded = LocalResource::new(move || async move {
        let id = pid.get_value();
        let detail = match api::portfolio(&id).await {
            Ok(d) => Some(d),
            Err(e) => {
                error.set(Some(e.message));
                None
            }
        };
        let comments = api::comments(&id).await.ok().map(|l| l.comments);
        (detail, comments)
    });
    // After each comment, reply or removal the portfolio and its comments
    // are read again into these signals instead of refetching `loaded`: a
    // refetch puts the Suspense back on its fallback, so the answers would
    // vanish while they reload.
    let reloaded_detail = RwSignal::new(None::<PortfolioDetail>);
    let reloaded_comments = RwSignal::new(None::<Vec<Comment>>);
    let reload = move || {
        leptos::task::spawn_local(async move {
            let id = pid.get_value();
            match api::portfolio(&id).await {
                Ok(d) => reloaded_detail.set(Some(d)),
                Err(e) => error.set(Some(e.message)),
            }
            if let Ok(list) = api::comments(&id).await {
                reloaded_comments.set(Some(list.comments));
            }
        });
    };
    let detail = move || {
        reloaded_detail
            .get()
            .or_else(|| loaded.get().and_then(|(d, _)| d))
    };
    let comments = move || {
        reloaded_comments
            .get()
            .or_else(|| loaded.get().and_then(|(_, c)| c))
            .unwrap_or_default()
    };

    // The selection, kept once made: typing the comment moves the focus
    // (and the browser's selection) away from the answer.
    let selected = RwSignal::new(None::<Selected>);
    let listener = selection::on_change(move || {
        if let Some(s) = selection::current() {
            selected.set(Some(s));
        }
    });
    StoredValue::new_local(listener);

    let body = RwSignal::new(String::new());
    let with_suggestion = RwSignal::new(false);
    let suggestion = RwSignal::new(String::new());
    let form_error = RwSignal::new(None::<String>);
    let unsent = RwSignal::new(Vec::<NewComment>::new());

    let send = move |comment: NewComment| {
        leptos::task::spawn_local(async move {
            match api::place(&pid.get_value(), &comment).await {
                Ok(_) => {
                    unsent.update(|u| u.retain(|c| c.id != comment.id));
                    reload();
                }
                Err(e) if e.is_offline() => {
                    unsent.update(|u| {
                        if !u.iter().any(|c| c.id == comment.id) {
                            u.push(comment);
                        }
                    });
                }
                Err(e) => {
                    unsent.update(|u| u.retain(|c| c.id != comment.id));
                    form_error.set(Some(e.message));
                }
            }
        });
    };
    let online = window_event_listener(leptos::ev::online, move |_| {
        for c in unsent.get_untracked() {
            send(c);
        }
    });
    // Unsent comments live only in this page (nothing of another person's
    // portfolio is stored in the browser): the browser asks before the page
    // is closed or reloaded while any are waiting.
    let leaving = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if !unsent.get_untracked().is_empty() {
            ev.prevent_default();
        }
    });
    on_cleanup(move || {
        online.remove();
        leaving.remove();
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(sel) = selected.get_untracked() else {
            return;
        };
        let text = body.get_untracked();
        if let Err(message) = check_body(&text) {
            form_error.set(Some(message.to_string()));
            return;
        }
        form_error.set(None);
        let comment = NewComment {
            id: api::new_id(),
            key: sel.key.clone(),
            anchor: Anchor {
                exact: sel.exact.clone(),
                prefix: String::new(),
                suffix: String::new(),
                start: sel.start,
                end: sel.end,
            },
            body: text,
            suggestion: with_suggestion
                .get_untracked()
                .then(|| suggestion.get_untracked()),
        };
        selected.set(None);
        body.set(String::new());
        suggestion.set(String::new());
        with_suggestion.set(false);
        send(comment);
    };
    let on_reply = Callback::new(move |(comment, text): (String, String)| {
        leptos::task::spawn_local(async move {
            let reply = NewReply {
                id: api::new_id(),
                body: text,
            };
            match api::reply(&comment, &reply).await {
                Ok(_) => reload(),
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    let on_remove = Callback::new(move |comment: String| {
        leptos::task::spawn_local(async move {
            match api::remove_comment(&comment).await {
                Ok(()) => reload(),
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    let me = use_auth().me().map(|m| m.id).unwrap_or_default();
    let me = StoredValue::new(me);

    view! {
        <section class="panel mentor-read">
            <h1>"Portfolio lezen"</h1>
            <p>"Selecteer tekst in een antwoord om er een opmerking bij te plaatsen. Je kunt niets aan het portfolio veranderen."</p>
            <p class="field-error" role="alert">{move || error.get()}</p>
            {move || (!unsent.get().is_empty()).then(|| view! {
                <p class="notice warn" role="status">
                    {format!("{} opmerking(en) nog niet verstuurd: geen verbinding. Ze worden verstuurd zodra je weer online bent; sluit deze pagina niet.", unsent.get().len())}
                </p>
            })}
            <Suspense fallback=|| ()>
            {move || detail().map(|d| {
                let fw = framework(d.kind);
                fw.sections.iter().map(|section| {
                    let questions: Vec<_> = section.questions().filter(|q| q.input == InputKind::Text).collect();
                    (!questions.is_empty()).then(|| view! {
                        <section class="read-section">
                            <h2>{format!("{} {}", section.code, section.title)}</h2>
                            {questions.into_iter().map(|q| {
                                let text = d.answers.get(q.key).cloned().unwrap_or_default();
                                let mine: Vec<Comment> = comments().into_iter().filter(|c| c.key == q.key).collect();
                                let anchors = mine.iter().map(|c| c.anchor.clone()).collect();
                                let (placed, orphans): (Vec<_>, Vec<_>) = mine.into_iter().partition(|c| c.anchor.status == AnchorStatus::Anchored);
                                let heading = format!("vraag-{}", q.key.replace('.', "-"));
                                let thread = move |c: Comment| {
                                    if c.author.id == me.get_value() {
                                        view! { <Thread comment=c on_reply=on_reply on_remove=on_remove/> }.into_any()
                                    } else {
                                        view! { <Thread comment=c on_reply=on_reply/> }.into_any()
                                    }
                                };
                                view! {
                                    <div class="read-question">
                                        <h3 id=heading.clone()>{q.text}</h3>
                                        <AnswerRead key=q.key text anchors/>
                                        {placed.into_iter().map(thread).collect_view()}
                                        {(!orphans.is_empty()).then(|| view! {
                                            <h4>"Losgeraakte opmerkingen"</h4>
                                            {orphans.into_iter().map(thread).collect_view()}
                                        })}
                                    </div>
                                }
                            }).collect_view()}
                        </section>
                    })
                }).collect_view()
            })}
            </Suspense>
        </section>
        {move || selected.get().map(|sel| view! {
            <form class="comment-panel" aria-labelledby="opmerking-titel" on:submit=submit>
                <h2 id="opmerking-titel">"Opmerking plaatsen"</h2>
                <blockquote class="comment-quote" data-testid="selected-quote">{sel.exact.clone()}</blockquote>
                <div class="field">
                    <label for="opmerking-tekst">"Opmerking"</label>
                    <textarea id="opmerking-tekst" rows="3"
                        prop:value=move || body.get()
                        on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                </div>
                <div class="field checkbox">
                    <input id="opmerking-voorstel" type="checkbox"
                        prop:checked=move || with_suggestion.get()
                        on:change=move |ev| with_suggestion.set(event_target_checked(&ev))/>
                    <label for="opmerking-voorstel">"Voorstel voor nieuwe tekst"</label>
                </div>
                {move || with_suggestion.get().then(|| view! {
                    <div class="field">
                        <label for="opmerking-voorstel-tekst">"Voorstel (vervangt de geselecteerde tekst)"</label>
                        <textarea id="opmerking-voorstel-tekst" rows="2"
                            prop:value=move || suggestion.get()
                            on:input=move |ev| suggestion.set(event_target_value(&ev))></textarea>
                    </div>
                })}
                <p class="field-error" role="alert">{move || form_error.get()}</p>
                <div class="button-row">
                    <button type="submit" class="button">"Opmerking plaatsen"</button>
                    <button type="button" class="button secondary" on:click=move |_| selected.set(None)>"Annuleren"</button>
                </div>
            </form>
        })}
    }
}
