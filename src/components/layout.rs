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
    let i18n = use_i18n();
    let brand = crate::config::try_use_config()
        .map(|c| c.brand)
        .unwrap_or_default();
    // The org's name, else the app's words; its logo, else the plain mark.
    let name = brand.name.clone().unwrap_or_else(|| i18n.t("app.brand"));
    let mark = match brand.logo.clone() {
        Some(src) => view! { <img class="brand-logo" src=src alt="" /> }.into_any(),
        None => view! { <span class="brand-mark"></span> }.into_any(),
    };
    let help = brand.help_link.clone().map(|href| {
        view! {
            <a href=href target="_blank" rel="noopener noreferrer" data-testid="help-link">
                {i18n.t("brand.help")}
            </a>
        }
    });
    let links = brand
        .footer_links
        .iter()
        .map(|l| {
            view! { <a href=l.url.clone() target="_blank" rel="noopener noreferrer">{l.label.clone()}</a> }
        })
        .collect_view();
    let footer = (brand.help_link.is_some() || !brand.footer_links.is_empty()).then(|| {
        view! {
            <nav class="brand-footer" aria-label=i18n.t("brand.links")>
                {help}
                {links}
            </nav>
        }
    });
    view! {
        <main class="shell">
            <div class="brand" aria-hidden="true">
                {mark}
                <span data-testid="brand-name">{name}</span>
            </div>
            <div class="card" class:wide=wide>
                {children()}
            </div>
            {footer}
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
