//! Translations: the app's own strings and IDX messages, in English, French,
//! German, Spanish and Japanese.
//!
//! How it stays cheap: English is compiled in ([`en`]); every other language
//! is a small JSON file served next to the app (`/i18n/<tag>.json`, from
//! `public/i18n/`) and fetched only when that language is active, so the
//! first screen pays for one language at most. This module is sans-IO: it
//! picks the language ([`negotiate`]), says where its file lives
//! ([`Lang::catalog_path`]) and parses it ([`Catalog::from_json`]); fetching
//! belongs to the app's HTTP module.
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

use std::collections::HashMap;

pub mod context;
mod en;

pub use context::{I18n, browser_languages, provide_i18n, use_i18n};

/// A language the app is translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English (compiled in; the fallback for every lookup).
    En,
    /// French.
    Fr,
    /// German.
    De,
    /// Spanish.
    Es,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Every supported language, English first.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Fr, Lang::De, Lang::Es, Lang::Ja];

    /// The BCP 47 primary tag, as used in `<html lang>` and the file name.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::Es => "es",
            Lang::Ja => "ja",
        }
    }

    /// The supported language of a BCP 47 tag (`fr`, `fr-CA`, `ja_JP`, any
    /// case), judged by its primary subtag; `None` for anything else.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        Lang::ALL
            .into_iter()
            .find(|lang| lang.tag().eq_ignore_ascii_case(primary))
    }

    /// Site path of this language's catalog, or `None` for English, which
    /// needs no request.
    pub fn catalog_path(self) -> Option<String> {
        (self != Lang::En).then(|| format!("/i18n/{}.json", self.tag()))
    }
}

/// Picks the UI language: the configured override when it is supported,
/// else the first supported entry of the browser's preference list
/// (`navigator.languages`, most preferred first), else English.
///
/// An unsupported override (say `"it"`) is ignored rather than forcing
/// English, so people still get their own language when we have it.
pub fn negotiate(config_override: Option<&str>, browser: &[String]) -> Lang {
    config_override
        .and_then(Lang::from_tag)
        .or_else(|| browser.iter().find_map(|tag| Lang::from_tag(tag)))
        .unwrap_or(Lang::En)
}

/// Why a language file could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum I18nError {
    /// The file is not the JSON shape we write.
    #[error("the translation file is not valid: {0}")]
    Invalid(String),
    /// The file says it is another language than the one asked for.
    #[error("the translation file is for {found:?}, not {expected}")]
    WrongLanguage {
        /// The language that was requested.
        expected: &'static str,
        /// What the file's `lang` says.
        found: String,
    },
}

/// The strings of one language. English needs no data; other languages
/// carry what their JSON file held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    lang: Lang,
    app: HashMap<String, String>,
    idx: HashMap<String, String>,
}

/// Wire shape of `public/i18n/<tag>.json`.
#[derive(serde::Deserialize)]
struct CatalogFile {
    lang: String,
    app: HashMap<String, String>,
    #[serde(default)]
    idx: HashMap<String, String>,
}

impl Default for Catalog {
    fn default() -> Self {
        Self::english()
    }
}

impl Catalog {
    /// The compiled-in English catalog.
    pub fn english() -> Self {
        Self {
            lang: Lang::En,
            app: HashMap::new(),
            idx: HashMap::new(),
        }
    }

    /// Parses the JSON file of `lang` (`{"lang": "fr", "app": {..}, "idx": {..}}`).
    /// Empty strings are dropped so that they fall back to English.
    pub fn from_json(lang: Lang, text: &str) -> Result<Self, I18nError> {
        let file: CatalogFile =
            serde_json::from_str(text).map_err(|err| I18nError::Invalid(err.to_string()))?;
        if Lang::from_tag(&file.lang) != Some(lang) {
            return Err(I18nError::WrongLanguage {
                expected: lang.tag(),
                found: file.lang,
            });
        }
        let keep = |map: HashMap<String, String>| {
            map.into_iter()
                .filter(|(_, text)| !text.trim().is_empty())
                .collect()
        };
        Ok(Self {
            lang,
            app: keep(file.app),
            idx: keep(file.idx),
        })
    }

    /// The language of this catalog.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The text of an app string, with no placeholders filled.
    pub fn text(&self, key: &str) -> String {
        self.app
            .get(key)
            .map(String::as_str)
            .or_else(|| english(key))
            .unwrap_or(key)
            .to_owned()
    }

    /// The text of an app string with `{name}` placeholders filled from `args`.
    /// A translation that uses a placeholder missing from `args` is skipped
    /// for the English text.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        let named = |name: &str| {
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        };
        if let Some(filled) = self.app.get(key).and_then(|t| fill(t, named)) {
            return filled;
        }
        match english(key) {
            Some(text) => fill(text, named).unwrap_or_else(|| text.to_owned()),
            None => key.to_owned(),
        }
    }

    /// The text to show for an IDX message: the active language's text for
    /// its `i18n.key` (params filled as `{0}`, `{1}` …), else the server's
    /// text, else built-in English for keys Okta sends without text, else a
    /// generic apology (a message must never render empty).
    pub fn idx_message(&self, key: Option<&str>, server_text: &str, params: &[String]) -> String {
        let positional = |name: &str| {
            name.parse::<usize>()
                .ok()
                .and_then(|i| params.get(i))
                .filter(|p| !p.is_empty())
                .cloned()
        };
        if let Some(filled) = key
            .and_then(|k| self.idx.get(k))
            .and_then(|t| fill(t, positional))
        {
            return filled;
        }
        if !server_text.trim().is_empty() {
            return server_text.to_owned();
        }
        key.and_then(english_idx)
            .and_then(|t| fill(t, positional))
            .unwrap_or_else(|| self.text("error.unknown"))
    }
}

fn english(key: &str) -> Option<&'static str> {
    en::APP
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|i| en::APP[i].1)
}

fn english_idx(key: &str) -> Option<&'static str> {
    en::IDX.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

/// Replaces every `{name}` in `template` by `value(name)`; `None` when a
/// placeholder has no value. Text without braces passes through unchanged.
fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        out.push_str(&value(&after[..close])?);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Names of the `{placeholders}` in a template, in order (for tests and tools).
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

/// Keys of the compiled-in English app strings, sorted.
pub fn english_keys() -> impl Iterator<Item = &'static str> {
    en::APP.iter().map(|(k, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(tags: &[&str]) -> Vec<String> {
        tags.iter().map(|t| (*t).to_owned()).collect()
    }

    /// Reads `public/i18n/<tag>.json` from the source tree.
    fn locale_file(lang: Lang) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("public/i18n")
            .join(format!("{}.json", lang.tag()));
        std::fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
    }

    fn catalog(lang: Lang) -> Catalog {
        Catalog::from_json(lang, &locale_file(lang))
            .unwrap_or_else(|err| panic!("{}: {err}", lang.tag()))
    }

    #[test]
    fn override_wins_when_supported() {
        let browser = langs(&["de-DE", "en"]);
        assert_eq!(negotiate(Some("ja"), &browser), Lang::Ja);
        assert_eq!(negotiate(Some("FR-ca"), &browser), Lang::Fr);
    }

    #[test]
    fn unsupported_or_blank_override_falls_through_to_the_browser() {
        let browser = langs(&["es-MX", "en-US"]);
        assert_eq!(negotiate(Some("it"), &browser), Lang::Es);
        assert_eq!(negotiate(Some(""), &browser), Lang::Es);
        assert_eq!(negotiate(None, &browser), Lang::Es);
    }

    #[test]
    fn first_supported_browser_language_in_preference_order() {
        assert_eq!(
            negotiate(None, &langs(&["pt-BR", "it", "de-AT", "fr"])),
            Lang::De
        );
        assert_eq!(negotiate(None, &langs(&["ja_JP"])), Lang::Ja);
        assert_eq!(negotiate(None, &langs(&["EN-gb", "fr"])), Lang::En);
    }

    #[test]
    fn english_when_nothing_matches() {
        assert_eq!(negotiate(None, &[]), Lang::En);
        assert_eq!(
            negotiate(None, &langs(&["*", "zh-Hant", "x-klingon"])),
            Lang::En
        );
    }

    #[test]
    fn tags_round_trip_and_only_non_english_has_a_file() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::En.catalog_path(), None);
        assert_eq!(Lang::Fr.catalog_path().as_deref(), Some("/i18n/fr.json"));
        assert_eq!(Lang::from_tag("english"), None);
    }

    #[test]
    fn english_table_is_sorted_unique_and_non_empty() {
        for pair in en::APP.windows(2) {
            assert!(
                pair[0].0 < pair[1].0,
                "{} must sort before {}",
                pair[0].0,
                pair[1].0
            );
        }
        for (key, text) in en::APP.iter().chain(en::IDX) {
            assert!(!text.trim().is_empty(), "{key} is empty");
        }
    }

    #[test]
    fn every_language_has_every_key_with_the_same_placeholders() {
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
            let file: CatalogFile = serde_json::from_str(&locale_file(lang)).expect("json");
            for (key, english) in en::APP {
                let text = file
                    .app
                    .get(*key)
                    .unwrap_or_else(|| panic!("{}: missing {key}", lang.tag()));
                assert!(!text.trim().is_empty(), "{}: {key} is empty", lang.tag());
                let mut want = placeholders(english);
                let mut got = placeholders(text);
                want.sort_unstable();
                got.sort_unstable();
                assert_eq!(got, want, "{}: placeholders of {key}", lang.tag());
            }
            for key in file.app.keys() {
                assert!(english(key).is_some(), "{}: unknown key {key}", lang.tag());
            }
        }
    }

    #[test]
    fn every_language_translates_the_same_idx_keys() {
        let french = catalog(Lang::Fr);
        assert!(
            french.idx.len() >= 20,
            "French covers only {} IDX keys",
            french.idx.len()
        );
        for lang in [Lang::De, Lang::Es, Lang::Ja] {
            let other = catalog(lang);
            let mut a: Vec<_> = french.idx.keys().collect();
            let mut b: Vec<_> = other.idx.keys().collect();
            a.sort();
            b.sort();
            assert_eq!(a, b, "IDX keys of fr and {}", lang.tag());
            for (key, text) in &other.idx {
                assert_eq!(
                    placeholders(text),
                    placeholders(&french.idx[key]),
                    "{}: placeholders of {key}",
                    lang.tag()
                );
            }
        }
        // Keys Okta may send without text are covered in every language.
        for (key, _) in en::IDX {
            assert!(french.idx.contains_key(*key), "fr: missing IDX {key}");
        }
    }

    #[test]
    fn active_language_then_english_then_the_key() {
        let fr = catalog(Lang::Fr);
        assert_eq!(fr.lang(), Lang::Fr);
        assert_eq!(fr.text("action.cancel"), "Annuler");
        let en = Catalog::english();
        assert_eq!(en.text("action.cancel"), "Cancel");
        assert_eq!(en.text("no.such.key"), "no.such.key");

        // A French file missing a key (or with it blank) shows the English one.
        let partial = Catalog::from_json(
            Lang::Fr,
            r#"{"lang":"fr","app":{"action.cancel":"Annuler","action.retry":"  "}}"#,
        )
        .expect("valid");
        assert_eq!(partial.text("action.cancel"), "Annuler");
        assert_eq!(partial.text("action.retry"), "Try again");
        assert_eq!(partial.text("push.title"), "Check Okta Verify");
    }

    #[test]
    fn formats_named_placeholders_and_falls_back_when_one_is_missing() {
        let de = catalog(Lang::De);
        let text = de.format("home.welcome", &[("name", "Ada")]);
        assert!(text.contains("Ada") && !text.contains('{'), "{text}");
        assert_eq!(
            Catalog::english().format("error.server", &[("status", "503")]),
            "The sign-in service had a problem (HTTP 503). Please try again."
        );
        // No value for {status}: English template shown as written, not half filled.
        assert_eq!(
            Catalog::english().format("error.server", &[]),
            "The sign-in service had a problem (HTTP {status}). Please try again."
        );
    }

    #[test]
    fn idx_messages_by_key_with_the_server_text_as_fallback() {
        let es = catalog(Lang::Es);
        let invalid = es.idx_message(
            Some("api.authn.error.PASSCODE_INVALID"),
            "Invalid code. Try again.",
            &[],
        );
        assert_ne!(invalid, "Invalid code. Try again.");
        assert!(!invalid.is_empty());
        // Unknown key: the server's text, as sent.
        assert_eq!(
            es.idx_message(Some("org.custom.thing"), "Custom words", &[]),
            "Custom words"
        );
        assert_eq!(es.idx_message(None, "No key at all", &[]), "No key at all");
        // English shows the server's text even for keys it knows.
        assert_eq!(
            Catalog::english().idx_message(Some("error.username.required"), "Org text", &[]),
            "Org text"
        );
        // Okta sends some keys with an empty message: built-in English.
        assert_eq!(
            Catalog::english().idx_message(Some("error.username.required"), "", &[]),
            "Enter your username."
        );
        // Nothing usable at all: never an empty message.
        assert_eq!(
            Catalog::english().idx_message(Some("x.y"), " ", &[]),
            "Something went wrong. Please try again."
        );
    }

    #[test]
    fn idx_params_fill_positional_placeholders_or_fall_back() {
        let ja = catalog(Lang::Ja);
        let server = "Unable to login to \"myApp\" at this time. For assistance, please contact your administrator.";
        let filled = ja.idx_message(
            Some("oie.assurance.unsatisfiable"),
            server,
            &["myApp".to_owned()],
        );
        assert!(filled.contains("myApp") && filled != server, "{filled}");
        // Okta recorded idx.unknown.user with the name in the text but no
        // params: the translation cannot be filled, so the server text stays.
        let unknown = "There is no account with the Username someone@example.com.";
        assert_eq!(
            ja.idx_message(Some("idx.unknown.user"), unknown, &[]),
            unknown
        );
    }

    #[test]
    fn rejects_a_file_for_another_language_or_shape() {
        assert!(matches!(
            Catalog::from_json(Lang::De, r#"{"lang":"fr","app":{}}"#),
            Err(I18nError::WrongLanguage { .. })
        ));
        assert!(matches!(
            Catalog::from_json(Lang::De, r#"["not", "a", "catalog"]"#),
            Err(I18nError::Invalid(_))
        ));
        assert!(Catalog::from_json(Lang::De, r#"{"lang":"de-CH","app":{}}"#).is_ok());
    }

    #[test]
    fn fill_and_placeholders() {
        assert_eq!(
            fill("a {x} b {x}", |_| Some("1".into())).as_deref(),
            Some("a 1 b 1")
        );
        assert_eq!(fill("no braces", |_| None).as_deref(), Some("no braces"));
        assert_eq!(fill("open {x", |_| Some("1".into())), None);
        assert_eq!(placeholders("{a} and {0}"), vec!["a", "0"]);
    }
}
