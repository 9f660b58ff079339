//! Test helpers: the language files of `public/i18n/`, read from the source
//! tree, so the tests check what ships.

use super::{Catalog, Lang};

/// Reads `public/i18n/<tag>.json` from the source tree.
pub(super) fn locale_file(lang: Lang) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("public/i18n")
        .join(format!("{}.json", lang.tag()));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

/// The catalog of `lang` as parsed from its file.
pub(super) fn catalog(lang: Lang) -> Catalog {
    Catalog::from_json(lang, &locale_file(lang))
        .unwrap_or_else(|err| panic!("{}: {err}", lang.tag()))
}
