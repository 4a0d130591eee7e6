//! Moving the keyboard focus to an element the current update is about to
//! render (a new list row, an opened form, the field an error is about).

/// Focuses the element with `id` on the next frame, once it is on the page.
pub fn focus_later(id: String) {
    #[cfg(feature = "hydrate")]
    leptos::prelude::request_animation_frame(move || {
        use leptos::prelude::document;
        use wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}
