//! User Timing measures of the editor's hot paths, for the browser bench
//! (`end2end/bench/typing.mjs`, which reads them with a
//! `PerformanceObserver`): `rj-edit` (an edit of the local state, every
//! keystroke) and `rj-save` (writing it to localStorage). Each measure is
//! cleared from the page's timeline as soon as it is made, so a long
//! editing session does not pile entries up; observers still receive it.

/// The edit of the local state ([`super::store::Store::edit`]).
pub const EDIT: (&str, &str) = ("rj-edit", "rj-edit-start");
/// The write to localStorage ([`super::store::Store::save_now`]).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub const SAVE: (&str, &str) = ("rj-save", "rj-save-start");

/// Runs `f` between a mark and a measure named `name`.
#[cfg(feature = "hydrate")]
pub fn measure<R>((name, start): (&str, &str), f: impl FnOnce() -> R) -> R {
    let performance = leptos::prelude::window().performance();
    if let Some(p) = &performance {
        let _ = p.mark(start);
    }
    let result = f();
    if let Some(p) = performance {
        let _ = p.measure_with_start_mark(name, start);
        p.clear_marks_with_mark_name(start);
        p.clear_measures_with_measure_name(name);
    }
    result
}

/// The server renders no edits.
#[cfg(not(feature = "hydrate"))]
pub fn measure<R>(_: (&str, &str), f: impl FnOnce() -> R) -> R {
    f()
}
