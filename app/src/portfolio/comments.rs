//! The candidate's side of the mentors' comments (issue 13), in the editor:
//! every text question shows "Opmerkingen (n)" with its answer in a read
//! view where each quote is marked where it stands in the text as typed on
//! this device, orphans apart under "Losgeraakte opmerkingen", replies,
//! "Afgehandeld", and suggestions as a change with "Overnemen"/"Afwijzen".
//!
//! Offline: the comments are kept beside the replica, under
//! `rj-portfolio/v1/comments/<account>/<portfolio>` (the candidate's own
//! portfolio only, wiped with the drafts), with a queue of what the
//! candidate did offline (replies with their device-made ids, resolves,
//! decisions), sent in order when online. A decision on a suggestion waits
//! until the editor's outbox is empty, so the answer it changed reaches
//! the server first. Taking a suggestion edits the answer through the
//! replica (`shared::comments::apply_suggestion` on the local text), so it
//! merges with edits from other devices like any keystroke.

// The server build renders the list only; saving and sending are the
// browser's.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::api::comments::{Comment, NewReply, Reply, SuggestionStatus};
use shared::comments::{apply_suggestion, on_local_text, AnchorStatus, PlacedAnchor};
use shared::framework::Question;
use shared::sync::{FieldValue, PortfolioId, Target};

use super::replica_store::PREFIX;
use super::store::{use_store, Store};
use crate::mentors::answer_view::AnswerRead;
use crate::mentors::api;
use crate::mentors::thread::Thread;

pub fn comments_prefix(account: &str) -> String {
    format!("{PREFIX}comments/{account}/")
}

fn key_of(account: &str, pid: &PortfolioId) -> String {
    format!("{}{}", comments_prefix(account), pid.0)
}

/// Something the candidate did that the server has not heard yet.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Queued {
    Reply {
        comment: String,
        id: Option<String>,
        body: String,
    },
    Resolve {
        comment: String,
        resolved: bool,
    },
    Decide {
        comment: String,
        taken: bool,
    },
}

/// What is kept on the device for one portfolio.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Kept {
    pub comments: Vec<Comment>,
    pub queue: Vec<Queued>,
}

impl Kept {
    /// The comment list with the queued actions shown as done.
    pub fn shown(&self) -> Vec<Comment> {
        let mut list = self.comments.clone();
        for q in &self.queue {
            match q {
                Queued::Resolve { comment, resolved } => {
                    if let Some(c) = list.iter_mut().find(|c| &c.id == comment) {
                        c.resolved = *resolved;
                    }
                }
                Queued::Decide { comment, taken } => {
                    if let Some(c) = list.iter_mut().find(|c| &c.id == comment) {
                        c.suggestion_status = Some(if *taken {
                            SuggestionStatus::Taken
                        } else {
                            SuggestionStatus::Declined
                        });
                        c.resolved |= *taken;
                    }
                }
                Queued::Reply { .. } => {}
            }
        }
        list
    }

    pub fn queued_replies(&self, comment: &str) -> Vec<String> {
        self.queue
            .iter()
            .filter_map(|q| match q {
                Queued::Reply {
                    comment: c, body, ..
                } if c == comment => Some(body.clone()),
                _ => None,
            })
            .collect()
    }
}

#[cfg(feature = "hydrate")]
fn load(key: &str) -> Kept {
    use gloo_storage::{LocalStorage, Storage};
    LocalStorage::get(key).unwrap_or_default()
}

#[cfg(feature = "hydrate")]
fn save(key: &str, kept: &Kept) {
    use gloo_storage::{LocalStorage, Storage};
    // A full storage only costs the offline copy; the queue stays in memory.
    let _ = LocalStorage::set(key, kept);
}

/// Removes the account's kept comments (with its drafts, at logout).
pub fn wipe(account: &str) {
    #[cfg(feature = "hydrate")]
    {
        let Some(storage) = leptos::prelude::window().local_storage().ok().flatten() else {
            return;
        };
        let prefix = comments_prefix(account);
        let n = storage.length().unwrap_or(0);
        let keys: Vec<String> = (0..n)
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with(&prefix))
            .collect();
        for k in keys {
            let _ = storage.remove_item(&k);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = account;
}

/// The comments of the portfolio open in the editor.
#[derive(Clone, Copy)]
pub struct Comments {
    pid: StoredValue<PortfolioId>,
    key: StoredValue<Option<String>>,
    pub kept: RwSignal<Kept>,
    pub error: RwSignal<Option<String>>,
    sending: RwSignal<bool>,
    store: Store,
}

/// Provides [`Comments`] for the editor of `pid`: loads what the device
/// kept, then (online) sends the queue and reads the server's list.
pub fn provide_comments(pid: PortfolioId) {
    let store = use_store();
    let account = store.user.get_untracked().map(|u| u.id);
    let key = account.as_deref().map(|a| key_of(a, &pid));
    #[cfg(feature = "hydrate")]
    let kept = key.as_deref().map(load).unwrap_or_default();
    #[cfg(not(feature = "hydrate"))]
    let kept = Kept::default();
    let ctx = Comments {
        pid: StoredValue::new(pid),
        key: StoredValue::new(key),
        kept: RwSignal::new(kept),
        error: RwSignal::new(None),
        sending: RwSignal::new(false),
        store,
    };
    provide_context(ctx);
    // Online again, or the outbox emptied (a taken suggestion's edit has
    // reached the server): send what waits, then refresh.
    // A memo, so typing (which changes the state) does not ask again; and
    // only once the server knows the portfolio (created offline: later).
    let pid = ctx.pid;
    let due = Memo::new(move |_| {
        (
            store.online.get(),
            store.pending() == 0,
            store.on_server(&pid.get_value()),
        )
    });
    Effect::new(move |_| {
        let (online, _, on_server) = due.get();
        if online && on_server {
            ctx.sync();
        }
    });
    let online = window_event_listener(leptos::ev::online, move |_| {
        if store.on_server(&pid.get_value()) {
            ctx.sync();
        }
    });
    on_cleanup(move || online.remove());
}

impl Comments {
    fn persist(&self) {
        #[cfg(feature = "hydrate")]
        if let Some(key) = self.key.get_value() {
            self.kept.with_untracked(|k| save(&key, k));
        }
    }

    fn enqueue(&self, q: Queued) {
        self.kept.update(|k| k.queue.push(q));
        self.persist();
        self.sync();
    }

    /// Sends the queue in order, then reads the list from the server.
    pub fn sync(&self) {
        if self.sending.get_untracked() {
            return;
        }
        self.sending.set(true);
        let this = *self;
        leptos::task::spawn_local(async move {
            this.send_queue().await;
            let pid = this.pid.get_value();
            if this.kept.with_untracked(|k| k.queue.is_empty()) {
                if let Ok(list) = api::comments(&pid.0).await {
                    this.kept.update(|k| k.comments = list.comments);
                    this.persist();
                }
            }
            this.sending.set(false);
        });
    }

    async fn send_queue(&self) {
        loop {
            let Some(next) = self.kept.with_untracked(|k| k.queue.first().cloned()) else {
                return;
            };
            if matches!(next, Queued::Decide { .. }) && self.store.pending() > 0 {
                return;
            }
            let result = match &next {
                Queued::Reply { comment, id, body } => api::reply(
                    comment,
                    &NewReply {
                        id: id.clone(),
                        body: body.clone(),
                    },
                )
                .await
                .map(|r| self.add_reply(comment, r)),
                Queued::Resolve { comment, resolved } => {
                    api::resolve(comment, *resolved).await.map(|c| self.put(c))
                }
                Queued::Decide { comment, taken } => {
                    api::decide(comment, *taken).await.map(|c| self.put(c))
                }
            };
            match result {
                Ok(()) => {}
                Err(e) if e.is_offline() || e.status == 401 || e.status >= 500 => return,
                Err(e) => self.error.set(Some(e.message)),
            }
            self.kept.update(|k| {
                if k.queue.first() == Some(&next) {
                    k.queue.remove(0);
                }
            });
            self.persist();
        }
    }

    fn put(&self, comment: Comment) {
        self.kept.update(|k| {
            if let Some(c) = k.comments.iter_mut().find(|c| c.id == comment.id) {
                *c = comment;
            }
        });
    }

    fn add_reply(&self, comment: &str, reply: Reply) {
        self.kept.update(|k| {
            if let Some(c) = k.comments.iter_mut().find(|c| c.id == comment) {
                if !c.replies.iter().any(|r| r.id == reply.id) {
                    c.replies.push(reply);
                }
            }
        });
    }
}

/// The anchor of `c` on the answer as typed here.
fn local_anchor(store: Store, pid: &PortfolioId, c: &Comment, local: &str) -> PlacedAnchor {
    let base = store
        .read(|r| {
            r.server_state(pid, &Target::answer(&c.key))
                .filter(|s| s.version == c.version)
                .and_then(|s| match &s.value {
                    FieldValue::Text(t) => Some(t.clone()),
                    _ => None,
                })
        })
        .flatten();
    on_local_text(&c.anchor, base.as_deref(), local)
}

#[component]
pub fn QuestionComments(pid: PortfolioId, question: &'static Question) -> impl IntoView {
    let ctx = use_context::<Comments>()?;
    let store = use_store();
    let key = question.key;
    let mine = Memo::new(move |_| {
        ctx.kept.with(|k| {
            k.shown()
                .into_iter()
                .filter(|c| c.key == key)
                .collect::<Vec<_>>()
        })
    });
    let text = {
        let pid = pid.clone();
        Memo::new(move |_| {
            store
                .read(|r| r.text(&pid, key).to_string())
                .unwrap_or_default()
        })
    };
    let pid = StoredValue::new(pid);
    let on_reply = Callback::new(move |(comment, body): (String, String)| {
        ctx.enqueue(Queued::Reply {
            comment,
            id: api::new_id(),
            body,
        });
    });
    let on_resolve = Callback::new(move |(comment, resolved): (String, bool)| {
        ctx.enqueue(Queued::Resolve { comment, resolved });
    });
    let on_decline = Callback::new(move |comment: String| {
        ctx.enqueue(Queued::Decide {
            comment,
            taken: false,
        });
    });
    let on_take = Callback::new(move |comment: String| {
        let Some(c) = mine.get_untracked().into_iter().find(|c| c.id == comment) else {
            return;
        };
        let Some(suggestion) = c.suggestion.clone() else {
            return;
        };
        let pid = pid.get_value();
        let local = text.get_untracked();
        let placed = local_anchor(store, &pid, &c, &local);
        match apply_suggestion(&local, &placed, &suggestion) {
            Ok(new_text) => match store.edit_replica(|r| r.edit_text(&pid, key, new_text)) {
                Ok(()) => ctx.enqueue(Queued::Decide {
                    comment,
                    taken: true,
                }),
                Err(e) => ctx.error.set(Some(e.message)),
            },
            Err(e) => ctx.error.set(Some(e.message().to_string())),
        }
    });
    // The list is drawn again as the answer is typed (the highlights move):
    // whether it is open is kept here, not in the element.
    let open = RwSignal::new(false);
    Some(view! {
        {move || {
            let list = mine.get();
            if list.is_empty() {
                return None;
            }
            let local = text.get();
            let pid = pid.get_value();
            let placed: Vec<(Comment, PlacedAnchor)> = list
                .into_iter()
                .map(|c| {
                    let a = local_anchor(store, &pid, &c, &local);
                    (c, a)
                })
                .collect();
            let n = placed.len();
            let anchors = placed.iter().map(|(_, a)| a.clone()).collect();
            let thread = move |(mut c, a): (Comment, PlacedAnchor)| {
                let id = c.id.clone();
                let queued = Signal::derive(move || ctx.kept.with(|k| k.queued_replies(&id)));
                c.anchor = a;
                view! {
                    <Thread comment=c queued on_reply on_resolve on_take on_decline/>
                }
            };
            let (anchored, orphans): (Vec<_>, Vec<_>) = placed
                .into_iter()
                .partition(|(_, a)| a.status == AnchorStatus::Anchored);
            Some(view! {
                <details class="question-comments" data-testid="question-comments"
                    prop:open=move || open.get()>
                    <summary on:click=move |ev| {
                        ev.prevent_default();
                        open.update(|o| *o = !*o);
                    }>{format!("Opmerkingen ({n})")}</summary>
                    <AnswerRead key text=local anchors/>
                    {anchored.into_iter().map(thread).collect_view()}
                    {(!orphans.is_empty()).then(|| view! {
                        <h4>"Losgeraakte opmerkingen"</h4>
                        <p class="muted">"De tekst waar deze opmerkingen over gingen, staat niet meer in je antwoord."</p>
                        {orphans.into_iter().map(thread).collect_view()}
                    })}
                    <p class="field-error" role="alert">{move || ctx.error.get()}</p>
                </details>
            })
        }}
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::api::comments::Author;
    use shared::comments::{reanchor, Anchor};

    fn comment(id: &str) -> Comment {
        let text = "Ik help mensen.";
        Comment {
            id: id.into(),
            key: "initial.b2.q2".into(),
            body: "Wie?".into(),
            author: Author {
                id: "m".into(),
                name: "Mira".into(),
            },
            created_at: 1,
            updated_at: 1,
            anchor: reanchor(&Anchor::select(text, 8, 14).unwrap(), text, text),
            version: 1,
            suggestion: Some("werkzoekenden".into()),
            suggestion_status: Some(SuggestionStatus::Open),
            suggestion_decided_at: None,
            resolved: false,
            replies: vec![],
        }
    }

    #[test]
    fn queued_actions_show_as_done_and_survive_a_round_trip_through_json() {
        let kept = Kept {
            comments: vec![comment("a"), comment("b")],
            queue: vec![
                Queued::Resolve {
                    comment: "a".into(),
                    resolved: true,
                },
                Queued::Decide {
                    comment: "b".into(),
                    taken: true,
                },
                Queued::Reply {
                    comment: "b".into(),
                    id: Some("r".into()),
                    body: "Goed idee".into(),
                },
            ],
        };
        let shown = kept.shown();
        assert!(shown[0].resolved);
        assert_eq!(shown[1].suggestion_status, Some(SuggestionStatus::Taken));
        assert!(shown[1].resolved);
        assert_eq!(kept.queued_replies("b"), vec!["Goed idee".to_string()]);
        let json = serde_json::to_string(&kept).unwrap();
        assert_eq!(serde_json::from_str::<Kept>(&json).unwrap(), kept);
    }
}
