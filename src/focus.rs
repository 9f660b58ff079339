//! Focus management after a screen changes (WCAG 2.4.3): the first invalid
//! field, else the first field of the step's form, else the page heading.
//!
//! Invariant: runs on the next animation frame, after Leptos has patched
//! the DOM, and only moves focus inside the current card.

use wasm_bindgen::JsCast;

fn focus_selector(selectors: &[&str]) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    for sel in selectors {
        if let Ok(Some(el)) = doc.query_selector(sel)
            && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
        {
            let _ = el.focus();
            // Select kept text (a wrong code) so typing replaces it.
            if let Ok(input) = el.clone().dyn_into::<web_sys::HtmlInputElement>()
                && (input.type_() == "text" || input.type_() == "password")
            {
                input.select();
            }
            return true;
        }
    }
    false
}

/// Focuses the first invalid field now-ish.
pub fn focus_first_invalid() {
    leptos::prelude::request_animation_frame(|| {
        focus_selector(&[
            "form[data-step] [aria-invalid=true] input",
            "form[data-step] [aria-invalid=true]",
        ]);
    });
}

/// Focuses the first element matching `selector` on the next frame (for
/// controls that appear after a click, such as revealed choices).
pub fn focus_soon(selector: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        focus_selector(&[selector]);
    });
}

/// Focuses what a new screen should start with.
pub fn focus_screen() {
    leptos::prelude::request_animation_frame(|| {
        focus_selector(&[
            "form[data-step] [aria-invalid=true]",
            "form[data-step] input:not([type=hidden]):not([type=checkbox])",
            "main h1",
        ]);
    });
}
