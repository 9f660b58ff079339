//! Translations: the app's own strings and IDX messages, in English, French,
//! German, Spanish and Japanese.
//!
//! How it stays cheap: English is compiled in (`en`); every other language
//! is a small JSON file served next to the app (`/i18n/<tag>.json`, from
//! `public/i18n/`) and fetched only when that language is active, so the
//! first screen pays for one language at most. The language choice, the
//! catalog and the IDX message lookup are sans-IO: `lang` picks the
//! language ([`negotiate`]) and says where its file lives
//! ([`Lang::catalog_path`]); `catalog` parses it ([`Catalog::from_json`]) and
//! looks app strings up; `idx_message` chooses the text of an IDX message;
//! `template` fills placeholders. Fetching belongs to the app's HTTP module;
//! `context` makes the active catalog a Leptos context.
//!
//! Invariants:
//! - A lookup never fails: a key missing from the active language falls back
//!   to English, and a key unknown to English shows the key itself (a bug a
//!   test would see, never a blank or a panic).
//! - IDX messages are chosen by their `i18n.key`; the server's `message` is
//!   the fallback, used as-is for English (an org may have customised it).
//! - Placeholders are `{name}` for app strings and `{0}`, `{1}` … for IDX
//!   params; a translation whose placeholder has no value is not shown half
//!   filled: the server's text (or English) is used instead.

mod catalog;
pub mod context;
mod en;
mod en_authenticators;
mod en_flows;
mod idx_message;
mod lang;
mod template;
#[cfg(test)]
mod test_files;

pub use catalog::{Catalog, I18nError, check_override};
pub use context::{I18n, browser_languages, provide_i18n, use_i18n};
pub use lang::{Lang, negotiate};
