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
                <strong>{move || format!("{} van {} punten", total(), TOTAL_MINIMUM)}</strong>
                {move || if outcome.with(|o| o.meets_requirements) {
                    " · voldoet"
                } else {
                    " · nog niet genoeg"
                }}
            </p>
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
                                        let (counted, claimed) = (counted.get(), claimed());
                                        if claimed > counted {
                                            format!("{counted} punten ({claimed} opgegeven, {rule})")
                                        } else {
                                            format!("{counted} punten ({rule})")
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
