//! `/beoordelingen`: the submissions a person is part of. For the
//! certifying body this is the overview of every submission, the longest
//! waiting first (the server's order); for an assessor those assigned to
//! them.

use super::{api, when};
use leptos::prelude::*;
use shared::api::submissions::SubmissionList;

#[component]
pub fn SubmissionsPage() -> impl IntoView {
    // Online-only: the list is never kept in the browser.
    let list = LocalResource::new(|| async {
        api::get::<SubmissionList>("/api/submissions")
            .await
            .map_err(|e| e.message)
    });
    let body = move || {
        list.get().map(|l| match l {
            Err(message) => view! { <p role="alert">{message}</p> }.into_any(),
            Ok(l) if l.submissions.is_empty() => {
                view! { <p>"Er zijn geen indieningen voor jou."</p> }.into_any()
            }
            Ok(l) => view! {
                <ul class="submission-list" data-testid="submission-list">
                    {l.submissions.into_iter().map(|s| view! {
                        <li class="submission-item">
                            <a href=format!("/beoordeling?id={}", s.id)>
                                {format!("{} — {}", s.candidate.name, s.kind.label())}
                            </a>
                            <span>{format!(" {}. ", s.status.label())}</span>
                            <span>{format!("Aan de beurt: {}. Wacht sinds {}.", s.next.label(), when(s.waiting_since))}</span>
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        })
    };
    view! {
        <section class="panel" aria-labelledby="beoordelingen-titel">
            <h1 id="beoordelingen-titel">"Beoordelingen"</h1>
            <Suspense fallback=|| view! { <p role="status">"De indieningen worden geladen…"</p> }>
                {body}
            </Suspense>
        </section>
    }
}
