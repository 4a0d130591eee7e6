//! `/registreren`: candidates make their own account.

use super::registration::RegistrationForm;
use leptos::prelude::*;

#[component]
pub fn SignUpPage() -> impl IntoView {
    view! {
        <section class="panel narrow">
            <h1>"Account aanmaken"</h1>
            <p>
                "Als kandidaat maak je hier zelf je account. Mentoren, assessoren en beheerders krijgen een uitnodiging. "
                "Heb je al een account? "<a href="/inloggen">"Log in"</a>"."
            </p>
            <RegistrationForm kind="signup" token=Signal::derive(|| None::<String>)/>
        </section>
    }
}
