//! The policy routes' screens in every language the app ships besides
//! English (`public/i18n/*.json`): the same walks as `routes`, with the
//! page's `lang` and translation file checked, each screen's heading and
//! ways required to be translated, and every screen audited.

use e2e::{Session, TestResult, run};

use crate::language::expect_language;
use crate::routes::{Walk, after_password, links, self_service, setup};

/// Walks `part` in `lang`, checking the page says it is in `lang`.
async fn walk_in<F>(s: &Session, lang: &'static str, screens: usize, part: F) -> TestResult
where
    F: AsyncFnOnce(&mut Walk<'_>) -> TestResult,
{
    let mut walk = Walk::new(s, Some(lang));
    part(&mut walk).await?;
    expect_language(&s.browser, lang, &[&format!("/i18n/{lang}.json")]).await?;
    walk.finish(screens)
}

macro_rules! in_language {
    ($($name:ident: $lang:literal, $part:ident, $screens:literal;)*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            run(stringify!($name), setup(Some($lang)), |s| async move {
                walk_in(&s, $lang, $screens, $part).await
            })
            .await;
        }
    )*};
}

in_language! {
    a11y_self_service_de: "de", self_service, 6;
    a11y_after_the_password_de: "de", after_password, 7;
    a11y_links_de: "de", links, 4;
    a11y_self_service_es: "es", self_service, 6;
    a11y_after_the_password_es: "es", after_password, 7;
    a11y_links_es: "es", links, 4;
    a11y_self_service_fr: "fr", self_service, 6;
    a11y_after_the_password_fr: "fr", after_password, 7;
    a11y_links_fr: "fr", links, 4;
    a11y_self_service_ja: "ja", self_service, 6;
    a11y_after_the_password_ja: "ja", after_password, 7;
    a11y_links_ja: "ja", links, 4;
}
