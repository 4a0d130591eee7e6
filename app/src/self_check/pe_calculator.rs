//! The PE-points calculator: activities in, points per activity and a bar
//! per category out, computed by `shared::rules::pe_points`.

use crate::components::pe_bars::PeBars;
use crate::components::today::parse_date;
use crate::components::wire_enum::{from_wire, to_wire};
use leptos::prelude::*;
use shared::rules::pe_points::{
    activity_points, evaluate_pe, PeActivity, PeActivityKind, PeOutcome, PeRequest, PE_CATALOGUE,
};
use shared::rules::recertification::RecertificationRules;

/// One row as typed: strings, so a half-typed number is not lost.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: u32,
    kind: String,
    category: String,
    date: String,
    quantity: String,
    has_evidence: bool,
    extra: String,
}

impl Row {
    fn new(id: u32) -> Self {
        let kind = PeActivityKind::Course;
        Row {
            id,
            kind: to_wire(&kind),
            category: kind.info().categories[0].to_string(),
            date: String::new(),
            quantity: String::new(),
            has_evidence: true,
            extra: String::new(),
        }
    }

    fn to_activity(&self) -> Result<PeActivity, String> {
        let kind: PeActivityKind = from_wire(&self.kind).ok_or("Kies een soort activiteit.")?;
        let date = parse_date(&self.date).ok_or("Vul de datum in.")?;
        let number = |s: &str| s.trim().replace(',', ".").parse::<f64>().ok();
        let quantity = number(&self.quantity).ok_or("Vul het aantal in.")?;
        let info = kind.info();
        Ok(PeActivity {
            id: format!("r{}", self.id),
            category: self.category.parse().unwrap_or(0),
            kind,
            date,
            quantity,
            has_evidence: self.has_evidence,
            candidates: info.points_per_candidate.and_then(|_| number(&self.extra)),
            words: info.min_words.and_then(|_| number(&self.extra)),
        })
    }
}

#[component]
pub fn PeCalculator(#[prop(into)] rules: Signal<Option<RecertificationRules>>) -> impl IntoView {
    let rows = RwSignal::new(Vec::<Row>::new());
    let next_id = StoredValue::new(1u32);

    let add = move |_| {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        rows.update(|r| r.push(Row::new(id)));
    };

    // Per row: points or what to fix. Rows that are not complete yet are
    // left out of the totals rather than failing the whole calculation.
    let evaluated = Memo::new(move |_| {
        let rules = rules.get()?;
        let rows = rows.get();
        let mut valid = Vec::new();
        let mut per_row = Vec::new();
        for row in &rows {
            let result = row.to_activity().and_then(|activity| {
                let points = activity_points(&activity, &rules).map_err(|e| e.message)?;
                valid.push(activity);
                Ok(points)
            });
            per_row.push((row.id, result));
        }
        let request = PeRequest {
            certificate_end_date: rules.pe_period_end,
            activities: valid,
        };
        let outcome = evaluate_pe(&request).ok()?;
        Some((outcome, per_row))
    });
    let outcome = Signal::derive(move || {
        evaluated
            .with(|e| e.as_ref().map(|(o, _)| o.clone()))
            .unwrap_or_else(empty_outcome)
    });

    view! {
        <h3>"PE-punten berekenen"</h3>
        <Show
            when=move || rules.get().is_some()
            fallback=|| view! { <p class="hint">"Vul eerst de einddatum van je certificaat in."</p> }
        >
            <ol class="pe-rows">
                <For each=move || rows.get() key=|row| row.id let:row>
                    <PeRowForm id=row.id rows evaluated/>
                </For>
            </ol>
            <button type="button" class="button secondary" on:click=add>"Activiteit toevoegen"</button>
            <PeBars outcome/>
        </Show>
    }
}

fn empty_outcome() -> PeOutcome {
    shared::rules::pe_points::empty_outcome(
        chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(),
    )
}

type Evaluated = Memo<
    Option<(
        PeOutcome,
        Vec<(
            u32,
            Result<shared::rules::pe_points::ActivityPoints, String>,
        )>,
    )>,
>;

#[component]
fn PeRowForm(id: u32, rows: RwSignal<Vec<Row>>, evaluated: Evaluated) -> impl IntoView {
    let field = move |get: fn(&Row) -> String| {
        move || rows.with(|r| r.iter().find(|r| r.id == id).map(get).unwrap_or_default())
    };
    let set = move |apply: fn(&mut Row, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            rows.update(|r| {
                if let Some(row) = r.iter_mut().find(|r| r.id == id) {
                    apply(row, value);
                }
            })
        }
    };
    let kind = Memo::new(move |_| {
        rows.with(|r| {
            r.iter()
                .find(|r| r.id == id)
                .and_then(|r| from_wire::<PeActivityKind>(&r.kind))
        })
    });
    let result = move || {
        evaluated.with(|e| {
            e.as_ref().and_then(|(_, per_row)| {
                per_row
                    .iter()
                    .find(|(rid, _)| *rid == id)
                    .map(|(_, r)| r.clone())
            })
        })
    };
    // Plain fn of a Copy id, so the closure is Copy and usable in every child.
    let ids = move |name: &str| format!("pe-{id}-{name}");

    view! {
        <li class="pe-row">
            <div class="field">
                <label for=ids("soort")>"Soort activiteit"</label>
                <select id=ids("soort") on:change=set(|row, value| {
                    if let Some(kind) = from_wire::<PeActivityKind>(&value) {
                        row.category = kind.info().categories[0].to_string();
                    }
                    row.kind = value;
                })>
                    {PE_CATALOGUE.iter().map(|info| {
                        let value = to_wire(&info.kind);
                        let current = field(|r| r.kind.clone());
                        let selected = { let v = value.clone(); move || current() == v };
                        view! { <option value=value selected=selected>{info.label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || kind.get().is_some_and(|k| k.info().categories.len() > 1)>
                <div class="field">
                    <label for=ids("categorie")>"Categorie"</label>
                    <select id=ids("categorie") on:change=set(|row, value| row.category = value)>
                        {move || kind.get().map(|k| k.info().categories.iter().map(|c| {
                            let value = c.to_string();
                            let current = field(|r| r.category.clone());
                            let selected = { let v = value.clone(); move || current() == v };
                            view! { <option value=value.clone() selected=selected>{format!("Categorie {c}")}</option> }
                        }).collect_view())}
                    </select>
                </div>
            </Show>
            <div class="field">
                <label for=ids("datum")>"Datum"</label>
                <input id=ids("datum") type="date" prop:value=field(|r| r.date.clone()) on:input=set(|row, v| row.date = v)/>
            </div>
            <div class="field">
                <label for=ids("aantal")>{move || format!("Aantal ({})", kind.get().map_or("", |k| k.info().unit))}</label>
                <input id=ids("aantal") type="number" min="0" step="1" inputmode="numeric"
                    prop:value=field(|r| r.quantity.clone()) on:input=set(|row, v| row.quantity = v)/>
            </div>
            <Show when=move || kind.get().is_some_and(|k| k.info().points_per_candidate.is_some() || k.info().min_words.is_some())>
                <div class="field">
                    <label for=ids("extra")>{move || if kind.get().is_some_and(|k| k.info().min_words.is_some()) {
                        "Aantal woorden"
                    } else {
                        "Aantal begeleide of beoordeelde kandidaten"
                    }}</label>
                    <input id=ids("extra") type="number" min="0" step="1" inputmode="numeric"
                        prop:value=field(|r| r.extra.clone()) on:input=set(|row, v| row.extra = v)/>
                </div>
            </Show>
            <div class="field checkbox">
                <input id=ids("bewijs") type="checkbox"
                    prop:checked=move || rows.with(|r| r.iter().find(|r| r.id == id).is_some_and(|r| r.has_evidence))
                    on:change=move |ev| {
                        let checked = event_target_checked(&ev);
                        rows.update(|r| if let Some(row) = r.iter_mut().find(|r| r.id == id) { row.has_evidence = checked });
                    }/>
                <label for=ids("bewijs")>"Ik heb een bewijsstuk"</label>
            </div>
            <p class="pe-row-points" aria-live="polite" data-testid=ids("punten")>
                {move || match result() {
                    Some(Ok(points)) if points.reasons.is_empty() => format!("{} punten", points.points),
                    Some(Ok(points)) => format!("{} punten: {}", points.points, points.reasons.join(" ")),
                    Some(Err(message)) => message,
                    None => String::new(),
                }}
            </p>
            <button type="button" class="button secondary"
                on:click=move |_| rows.update(|r| r.retain(|row| row.id != id))>
                "Verwijderen"
            </button>
        </li>
    }
}
