//! The text of an IDX message in the active language: chosen by its
//! `i18n.key`, with its `params` filled in.
//!
//! Invariants: the server's text is the fallback (and is what English
//! shows, since an org may have customised it); a translation whose
//! placeholder has no param is not shown half filled; a message never
//! renders empty.

use super::catalog::Catalog;
use super::en;
use super::template::fill;

impl Catalog {
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

/// Built-in English for an IDX key Okta may send without text.
fn english_idx(key: &str) -> Option<&'static str> {
    en::IDX.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use crate::i18n::template::placeholders;
    use crate::i18n::test_files::catalog;
    use crate::i18n::{Catalog, Lang, en};

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
}
