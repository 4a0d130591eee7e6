//! `/privacyverklaring`: the privacy statement, version and date from
//! `shared::privacy_statement` (what sign-up and "Mijn gegevens" accept).

use leptos::prelude::*;
use leptos_meta::Title;
use shared::privacy_statement::{DATE, SECTIONS, VERSION};

#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Title text="Privacyverklaring – Register Jobcoach"/>
        <article class="panel privacy-statement">
            <h1>"Privacyverklaring"</h1>
            <p class="lead">"Versie "{VERSION}", geldig vanaf "{crate::administration::date(DATE)}"."</p>
            {SECTIONS.iter().map(|(heading, paragraphs)| view! {
                <h2>{*heading}</h2>
                {paragraphs.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
            }).collect_view()}
            <p><a href="/mijn-gegevens">"Naar mijn gegevens"</a></p>
        </article>
    }
}
