//! The active language as Leptos context: read strings with [`use_i18n`].
//!
//! Invariants: there is always a catalog to read (English until another is
//! loaded, and English when none is provided, so components mounted alone in
//! tests still render); `<html lang>` is set to the language whose strings
//! are actually shown, never to one whose file failed to load.

use idx_core::Message;
use leptos::prelude::*;

use super::{Catalog, Lang};

/// Handle on the active catalog. `Copy`, cheap to pass into closures.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    catalog: RwSignal<Catalog>,
}

impl I18n {
    /// An app string (reactive: re-read when the catalog changes).
    pub fn t(&self, key: &str) -> String {
        self.catalog.with(|c| c.text(key))
    }

    /// An app string with `{name}` placeholders filled.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.catalog.with(|c| c.format(key, args))
    }

    /// The text of an IDX message in the active language (server text as fallback).
    pub fn idx(&self, message: &Message) -> String {
        self.catalog
            .with(|c| c.idx_message(message.i18n_key.as_deref(), &message.text, &message.params))
    }

    /// The active language.
    pub fn lang(&self) -> Lang {
        self.catalog.with(Catalog::lang)
    }
}

/// Provides `catalog` to the app below and marks the page with its language.
pub fn provide_i18n(catalog: Catalog) -> I18n {
    set_document_lang(catalog.lang());
    let i18n = I18n {
        catalog: RwSignal::new(catalog),
    };
    provide_context(i18n);
    i18n
}

/// The catalog from context, or English when none was provided.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n {
        catalog: RwSignal::new(Catalog::english()),
    })
}

/// The browser's language preferences, most preferred first
/// (`navigator.languages`, else `navigator.language`).
pub fn browser_languages() -> Vec<String> {
    // Read through Reflect: the `Navigator` binding would need another
    // web-sys feature for two property reads.
    let Some(navigator) =
        web_sys::window().and_then(|w| js_sys::Reflect::get(&w, &"navigator".into()).ok())
    else {
        return Vec::new();
    };
    let list: Vec<String> = js_sys::Reflect::get(&navigator, &"languages".into())
        .ok()
        .filter(js_sys::Array::is_array)
        .map(|v| {
            js_sys::Array::from(&v)
                .iter()
                .filter_map(|item| item.as_string())
                .collect()
        })
        .unwrap_or_default();
    if !list.is_empty() {
        return list;
    }
    js_sys::Reflect::get(&navigator, &"language".into())
        .ok()
        .and_then(|v| v.as_string())
        .into_iter()
        .collect()
}

fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.tag());
    }
}
