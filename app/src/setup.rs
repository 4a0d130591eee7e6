//! The page behind the one-time set-up link printed at first start. The token
//! is in the URL fragment, which never reaches the server.

use leptos::prelude::*;

#[component]
pub fn SetupPage() -> impl IntoView {
    view! {
        <section class="panel">
            <h1>"Beheer inrichten"</h1>
            <p>
                "Met de eenmalige link uit de serverconsole maak je het eerste beheerdersaccount aan. "
                "De link is 24 uur geldig en werkt één keer."
            </p>
        </section>
    }
}
