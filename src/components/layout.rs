//! Page shell: a skip-free single landmark (`main`) with the brand line and a
//! centred card, so every screen has the same frame on phone and desktop.
//!
//! Invariant: exactly one `<main>` per page; the page's own `<h1>` is supplied
//! by the child, so each step names itself.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The frame around every screen.
#[component]
pub fn Shell(
    /// Wider card (home page, configuration error).
    #[prop(optional)]
    wide: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <main class="shell">
            <div class="brand" aria-hidden="true">
                <span class="brand-mark"></span>
                <span>{use_i18n().t("app.brand")}</span>
            </div>
            <div class="card" class:wide=wide>
                {children()}
            </div>
        </main>
    }
}

/// A full-card placeholder while something loads; announced politely.
#[component]
pub fn Loading(
    /// What is happening, in plain words.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    view! {
        <Shell>
            <h1>{use_i18n().t("app.title")}</h1>
            <p class="lead" role="status" aria-live="polite">{label}</p>
            <div class="pulse" aria-hidden="true"></div>
        </Shell>
    }
}
