//! Recertification: what the year the certificate ends asks for, and the PE
//! calculator over its four-year period.

use super::pe_calculator::PeCalculator;
use crate::components::today::parse_date;
use leptos::prelude::*;
use shared::rules::dutch_date;
use shared::rules::recertification::{recertification_rules, RecertificationRules};

#[component]
pub fn RecertificationCheck() -> impl IntoView {
    let end_date = RwSignal::new(String::new());
    let rules = Memo::new(move |_| parse_date(&end_date.get()).map(recertification_rules));

    view! {
        <section class="panel" aria-labelledby="hercert-titel">
            <h2 id="hercert-titel">"Hercertificering: wat wordt er gevraagd?"</h2>
            <div class="field">
                <label for="hercert-einddatum">"Einddatum certificaat"</label>
                <input id="hercert-einddatum" type="date"
                    prop:value=move || end_date.get()
                    on:input=move |ev| end_date.set(event_target_value(&ev))/>
            </div>
            <div aria-live="polite" data-testid="recert-result">
                {move || match rules.get() {
                    None => view! { <p class="hint">"Vul de einddatum van je certificaat in."</p> }.into_any(),
                    Some(rules) => view! { <RulesSummary rules/> }.into_any(),
                }}
            </div>
            <PeCalculator rules=Signal::derive(move || rules.get())/>
        </section>
    }
}

#[component]
fn RulesSummary(rules: RecertificationRules) -> impl IntoView {
    view! {
        <ul class="facts">
            <li>
                "Lever je portfolio uiterlijk "
                <strong data-testid="recert-deadline">{dutch_date(rules.submission_deadline)}</strong>
                " in (drie maanden voor het einde van je certificaat)."
            </li>
            <li>
                {format!(
                    "Reflectiebijeenkomsten (A3.1): minimaal {} bijeenkomst(en), waarvan je in {} een eigen casus inbrengt.",
                    rules.reflection_meetings_required, rules.own_cases_required
                )}
            </li>
            <li>{if rules.lookback_required {
                "Terugblik (A2) is verplicht."
            } else {
                "Terugblik (A2) is in jouw jaar nog niet verplicht."
            }}</li>
            <li>{format!(
                "PE-punten tellen mee van {} tot en met {}.",
                dutch_date(rules.pe_period_start),
                dutch_date(rules.pe_period_end)
            )}</li>
        </ul>
    }
}
