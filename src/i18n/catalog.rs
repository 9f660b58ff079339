//! [`Catalog`]: the strings of one language, parsed from its JSON file, and
//! the lookup of the app's own strings.
//!
//! Invariants: English is compiled in and is the fallback of every lookup;
//! another language's file must say it is that language; an empty string
//! in a file counts as missing (so English shows instead of a blank); a key
//! unknown to English shows the key itself.

use std::collections::HashMap;

use super::en;
use super::lang::Lang;
use super::template::fill;

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
    pub(super) idx: HashMap<String, String>,
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

    /// The same catalog with an org's own texts in place of the app's
    /// (`i18n` in `config.json`, checked by [`check_override`]).
    #[must_use]
    pub fn with_overrides(mut self, texts: &HashMap<String, String>) -> Self {
        for (key, text) in texts {
            self.app.insert(key.clone(), text.clone());
        }
        self
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
}

/// Whether `text` may replace the app string `key`: the key exists, and
/// the text has exactly its `{placeholders}`.
///
/// # Errors
/// Why not, in words for whoever edits `config.json`.
pub fn check_override(key: &str, text: &str) -> Result<(), String> {
    let Some(english) = english(key) else {
        return Err("is not a text of this app.".to_owned());
    };
    if text.trim().is_empty() {
        return Err("is empty.".to_owned());
    }
    let mut want = super::template::placeholders(english);
    let mut got = super::template::placeholders(text);
    want.sort_unstable();
    got.sort_unstable();
    if want != got {
        return Err(format!(
            "must use the placeholders {{{}}}, as the app's text does.",
            want.join("}, {")
        ));
    }
    Ok(())
}

/// The compiled-in English text of an app string.
fn english(key: &str) -> Option<&'static str> {
    en::TABLES.iter().find_map(|table| {
        table
            .binary_search_by(|(k, _)| (*k).cmp(key))
            .ok()
            .map(|i| table[i].1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::template::placeholders;
    use crate::i18n::test_files::{catalog, locale_file};

    #[test]
    fn english_table_is_sorted_unique_and_non_empty() {
        for table in en::TABLES {
            for pair in table.windows(2) {
                assert!(
                    pair[0].0 < pair[1].0,
                    "{} must sort before {}",
                    pair[0].0,
                    pair[1].0
                );
            }
        }
        assert!(
            en::AUTHENTICATORS
                .iter()
                .all(|(k, _)| k.starts_with("auth."))
        );
        assert!(!en::APP.iter().any(|(k, _)| k.starts_with("auth.")));
        let first = |key: &str| key.split('.').next().unwrap_or_default().to_owned();
        assert!(
            en::FLOWS
                .iter()
                .all(|(k, _)| en::FLOW_PREFIXES.contains(&first(k).as_str()))
        );
        assert!(
            !en::APP
                .iter()
                .chain(en::AUTHENTICATORS)
                .any(|(k, _)| en::FLOW_PREFIXES.contains(&first(k).as_str()))
        );
        for (key, text) in en::TABLES.iter().copied().flatten().chain(en::IDX) {
            assert!(!text.trim().is_empty(), "{key} is empty");
        }
    }

    #[test]
    fn every_language_has_every_key_with_the_same_placeholders() {
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
            let file: CatalogFile = serde_json::from_str(&locale_file(lang)).expect("json");
            for (key, english) in en::TABLES.iter().copied().flatten() {
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
}
