//! The languages the app speaks, and which one a visitor gets.
//!
//! Invariants: a language is judged by the primary subtag of its BCP 47
//! tag, in any case (`fr-CA`, `ja_JP`); English needs no file; an override
//! the app does not support is ignored rather than forcing English.

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

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(tags: &[&str]) -> Vec<String> {
        tags.iter().map(|t| (*t).to_owned()).collect()
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
}
