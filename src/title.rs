//! The page title: names the tab after what the page shows, so the history
//! and the tab strip say where the user is.
//!
//! Invariants: below the flow, the components and the pages (it needs only
//! the language), so any of them may call it without an import circle; the
//! title always ends with the app's name, in the active language.

use crate::i18n::use_i18n;

/// Names the tab after the step (or page): `"<step_title> · <app title>"`.
pub fn set_title(step_title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        let app = use_i18n().t("app.title");
        doc.set_title(&format!("{step_title} · {app}"));
    }
}
