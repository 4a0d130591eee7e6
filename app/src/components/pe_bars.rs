//! A bar per PE category against its minimum or maximum, and the total
//! against the 75 points of a recertification.

use leptos::prelude::*;
use shared::rules::pe_points::{PeOutcome, PE_CATEGORIES, TOTAL_MINIMUM};

#[component]
pub fn PeBars(#[prop(into)] outcome: Signal<PeOutcome>) -> impl IntoView {
    let total = move || outcome.with(|o| o.total_counted);
    view! {
        <div class="pe-bars">
            <p class="pe-total" data-testid="pe-total">
                <strong>{move || format!("{} van {} punten met bewijs", total(), TOTAL_MINIMUM)}</strong>
                {move || if outcome.with(|o| o.meets_requirements) {
                    " · voldoet"
                } else {
                    " · nog niet genoeg"
                }}
            </p>
            // "Zonder bewijsstuk kunnen geen punten worden toegekend" (001):
            // what still waits for evidence is shown apart, never counted.
            {move || {
                let pending = outcome.with(|o| o.total_pending);
                (pending > 0).then(|| view! {
                    <p class="pe-pending" data-testid="pe-pending">
                        {format!("Nog zonder bewijs: {pending} punten (tellen mee zodra je een bewijsstuk toevoegt)")}
                    </p>
                })
            }}
            <Bar counted=Signal::derive(total) target=TOTAL_MINIMUM met=Signal::derive(move || outcome.with(|o| o.meets_requirements))/>
            <ul class="pe-categories">
                {PE_CATEGORIES
                    .iter()
                    .enumerate()
                    .map(|(i, info)| {
                        let counted = Signal::derive(move || {
                            outcome.with(|o| o.categories.get(i).map_or(0, |c| c.counted))
                        });
                        let claimed = move || outcome.with(|o| o.categories.get(i).map_or(0, |c| c.claimed));
                        let pending = move || outcome.with(|o| o.categories.get(i).map_or(0, |c| c.pending));
                        let (target, rule) = match (info.minimum, info.maximum) {
                            (Some(min), _) => (min, format!("minimaal {min}")),
                            (None, Some(max)) => (max, format!("maximaal {max}")),
                            (None, None) => (0, String::new()),
                        };
                        let minimum = info.minimum;
                        let met = Signal::derive(move || minimum.is_none_or(|m| counted.get() >= m));
                        view! {
                            <li class="pe-category" data-category=info.category>
                                <span class="pe-category-title">
                                    {format!("Categorie {}: {}", info.category, info.title)}
                                </span>
                                <span class="pe-category-points" data-testid=format!("pe-category-{}", info.category)>
                                    {move || {
                                        let (counted, claimed, pending) = (counted.get(), claimed(), pending());
                                        let waiting = if pending > 0 {
                                            format!(", nog zonder bewijs: {pending}")
                                        } else {
                                            String::new()
                                        };
                                        if claimed > counted {
                                            format!("{counted} punten met bewijs ({claimed} opgegeven, {rule}{waiting})")
                                        } else {
                                            format!("{counted} punten met bewijs ({rule}{waiting})")
                                        }
                                    }}
                                </span>
                                <Bar counted=counted target=target met=met/>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

/// A native `<meter>`: no inline styles (the page's CSP forbids them) and the
/// browser draws it. The numbers are in the text beside it, so it is hidden
/// from assistive technology to avoid saying everything twice.
#[component]
fn Bar(
    #[prop(into)] counted: Signal<u64>,
    target: u64,
    #[prop(into)] met: Signal<bool>,
) -> impl IntoView {
    view! {
        <meter
            class="bar"
            class:met=move || met.get()
            aria-hidden="true"
            min="0"
            max=target.max(1)
            value=move || counted.get().min(target.max(1))
        ></meter>
    }
}
