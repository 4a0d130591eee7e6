//! The person's text selection inside one answer's read view, as the
//! character offsets (Unicode scalar values) of the anchor contract. A read
//! view is an element with `data-answer-key` whose text content is exactly
//! the answer (text nodes and `<mark>`s only, `white-space: pre-wrap`), so
//! the text before the selection's start, counted in characters, is the
//! start offset.

/// A selection in the answer of `key`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selected {
    pub key: String,
    pub start: usize,
    pub end: usize,
    pub exact: String,
}

/// The current selection if it lies within one answer's read view and is
/// not empty.
#[cfg(feature = "hydrate")]
pub fn current() -> Option<Selected> {
    use wasm_bindgen::JsCast;
    let window = leptos::prelude::window();
    let selection = window.get_selection().ok()??;
    if selection.range_count() == 0 || selection.is_collapsed() {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let common = range.common_ancestor_container().ok()?;
    let element = match common.dyn_ref::<web_sys::Element>() {
        Some(e) => e.clone(),
        None => common.parent_element()?,
    };
    let container = element.closest("[data-answer-key]").ok()??;
    let key = container.get_attribute("data-answer-key")?;
    let before = leptos::prelude::document().create_range().ok()?;
    before.select_node_contents(&container).ok()?;
    before
        .set_end(&range.start_container().ok()?, range.start_offset().ok()?)
        .ok()?;
    let start = String::from(before.to_string()).chars().count();
    let exact = String::from(range.to_string());
    let len = exact.chars().count();
    (len > 0).then(|| Selected {
        key,
        start,
        end: start + len,
        exact,
    })
}

#[cfg(not(feature = "hydrate"))]
pub fn current() -> Option<Selected> {
    None
}

/// Calls `f` on every `selectionchange` of the document (mouse, touch
/// handles, keyboard) until the returned guard is dropped.
#[cfg(feature = "hydrate")]
pub fn on_change(f: impl Fn() + 'static) -> Listener {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let closure = Closure::<dyn Fn()>::new(f);
    leptos::prelude::document().set_onselectionchange(Some(closure.as_ref().unchecked_ref()));
    Listener(Some(closure))
}

#[cfg(not(feature = "hydrate"))]
pub fn on_change(_f: impl Fn() + 'static) -> Listener {
    Listener()
}

/// Keeps the listener; dropping it removes it.
pub struct Listener(#[cfg(feature = "hydrate")] Option<wasm_bindgen::closure::Closure<dyn Fn()>>);

impl Drop for Listener {
    fn drop(&mut self) {
        #[cfg(feature = "hydrate")]
        if self.0.take().is_some() {
            leptos::prelude::document().set_onselectionchange(None);
        }
    }
}
