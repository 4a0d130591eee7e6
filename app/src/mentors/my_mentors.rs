//! On the candidate's home page: "Mentor uitnodigen" (an e-mail address)
//! and the mentors with access, each with "Toegang intrekken"; open
//! invitations can be withdrawn. Online only: access is the server's.

use super::api;
use crate::auth::format_date;
use crate::auth::session::{use_auth, AuthState};
use leptos::prelude::*;
use shared::api::mentors::{Delivery, InviteMentorResponse, MentorList};
use shared::domain::Role;

#[component]
pub fn MyMentors() -> impl IntoView {
    let auth = use_auth();
    let is_candidate =
        move || matches!(auth.get(), AuthState::SignedIn(me) if me.has(Role::Candidate));
    view! {
        <Show when=is_candidate>
            <MentorsPanel/>
        </Show>
    }
}

#[component]
fn MentorsPanel() -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<(String, Option<String>)>);
    let email = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    // A failed load shares the alert with a failed action, which clears
    // it; hence the error goes to the signal rather than into the value.
    let loaded = LocalResource::new(move || async move {
        match api::my_mentors().await {
            Ok(l) => Some(l),
            Err(e) => {
                error.set(Some(e.message));
                None
            }
        }
    });
    // After an action the list is read again into this signal instead of
    // refetching `loaded`: a refetch puts the Suspense back on its
    // fallback, so the list would vanish while it reloads.
    let reloaded = RwSignal::new(None::<MentorList>);
    let reload = move || {
        leptos::task::spawn_local(async move {
            match api::my_mentors().await {
                Ok(l) => reloaded.set(Some(l)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let list = move || reloaded.get().or_else(|| loaded.get().flatten());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = email.get_untracked();
        busy.set(true);
        error.set(None);
        notice.set(None);
        leptos::task::spawn_local(async move {
            match api::invite(address).await {
                Ok(InviteMentorResponse::Linked { mentor }) => {
                    notice.set(Some((
                        format!(
                            "{} heeft nu toegang tot je portfolio en krijgt daarover een e-mail.",
                            mentor.name
                        ),
                        None,
                    )));
                    email.set(String::new());
                }
                Ok(InviteMentorResponse::Invited {
                    invitation,
                    delivery,
                    link,
                }) => {
                    let text = match delivery {
                        Delivery::Email => format!(
                            "Er is een uitnodiging gestuurd naar {}. Na het aanmaken van een account heeft je mentor toegang.",
                            invitation.email
                        ),
                        Delivery::Manual => format!(
                            "Er kon geen e-mail worden verstuurd. Stuur deze link zelf naar {} (7 dagen geldig, alleen voor dat adres):",
                            invitation.email
                        ),
                    };
                    notice.set(Some((text, link)));
                    email.set(String::new());
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
            reload();
        });
    };
    let remove = move |id: String| {
        error.set(None);
        leptos::task::spawn_local(async move {
            if let Err(e) = api::remove_mentor(&id).await {
                error.set(Some(e.message));
            }
            reload();
        });
    };
    view! {
        <section class="panel" aria-labelledby="mentoren-titel" data-testid="my-mentors">
            <h2 id="mentoren-titel">"Mijn mentoren"</h2>
            <p>"Een mentor kan je portfolio lezen en opmerkingen bij je tekst plaatsen. Een mentor kan niets aan je portfolio veranderen."</p>
            <form class="invite-form" on:submit=submit>
                <div class="field">
                    <label for="mentor-email">"E-mailadres van je mentor"</label>
                    <input id="mentor-email" type="email" autocomplete="email" required
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="button" disabled=move || busy.get()>"Mentor uitnodigen"</button>
            </form>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <div role="status">
                {move || notice.get().map(|(text, link)| view! {
                    <div class="notice">
                        <p>{text}</p>
                        {link.map(|l| view! { <p><code class="invite-link" data-testid="mentor-link">{l}</code></p> })}
                    </div>
                })}
            </div>
            <Suspense fallback=|| ()>
            {move || list().map(|l| {
                let empty = l.mentors.is_empty() && l.invitations.is_empty();
                view! {
                    {empty.then(|| view! { <p>"Je hebt nog geen mentor uitgenodigd."</p> })}
                    <ul class="mentor-list">
                        {l.mentors.into_iter().map(|m| {
                            let id = m.id.clone();
                            view! {
                                <li>
                                    <span><strong>{m.name}</strong>" · "{m.email}" · sinds "{format_date(m.since)}</span>
                                    <button type="button" class="button small secondary"
                                        on:click=move |_| remove(id.clone())>
                                        "Toegang intrekken"
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                        {l.invitations.into_iter().map(|i| {
                            let id = i.id.clone();
                            view! {
                                <li>
                                    <span>{i.email}" · uitgenodigd, nog geen account"</span>
                                    <button type="button" class="button small secondary"
                                        on:click=move |_| remove(id.clone())>
                                        "Uitnodiging intrekken"
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
            </Suspense>
        </section>
    }
}

/// On the home page, for mentors: the way to their candidates.
#[component]
pub fn MentorHomeLink() -> impl IntoView {
    let auth = use_auth();
    move || {
        auth.me()
            .filter(|me| me.has(Role::Mentor))
            .map(|_| {
                view! {
                    <section class="panel" aria-labelledby="kandidaten-titel">
                        <h2 id="kandidaten-titel">"Mijn kandidaten"</h2>
                        <p>"Lees de portfolio's van de kandidaten die je toegang gaven en plaats opmerkingen bij hun tekst."</p>
                        <p><a class="button" href="/mentor">"Naar mijn kandidaten"</a></p>
                    </section>
                }
            })
    }
}
