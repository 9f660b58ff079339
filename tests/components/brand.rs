//! An org's branding from `config.json`: its name and logo above every
//! screen, its help and footer links below the card, its colour as the
//! accents (through the CSSOM), and its own texts in place of the app's.

use leptos::prelude::*;
use signin::components::layout::Shell;
use signin::config::parse_config;
use signin::i18n::{Catalog, provide_i18n, use_i18n};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{document, settle};

const BRANDED: &str = r##"{"issuer":"http://localhost:3000/oauth2/default","clientId":"demo-spa",
  "redirectUri":"http://127.0.0.1:8080/login/callback",
  "brand":{"name":"Acme Corp","logo":"/brand/acme.svg","primaryColor":"#ffd400",
    "helpLink":"https://help.acme.example/",
    "footerLinks":[{"label":"Privacy","url":"https://acme.example/privacy"}]},
  "i18n":{"en":{"identify.title":"Sign in to Acme"}}}"##;

#[wasm_bindgen_test]
async fn the_shell_shows_the_orgs_name_logo_and_links_and_its_texts() {
    let config = parse_config(BRANDED).expect("a branded config is valid");
    let texts = config.texts.get("en").cloned().unwrap_or_default();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let _handle = leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        provide_i18n(Catalog::english().with_overrides(&texts));
        provide_context(config.clone());
        view! { <Shell><h1>{use_i18n().t("identify.title")}</h1></Shell> }
    });
    settle().await;
    let q = |sel: &str| root.query_selector(sel).unwrap();
    assert_eq!(
        q("[data-testid=brand-name]")
            .unwrap()
            .text_content()
            .as_deref(),
        Some("Acme Corp")
    );
    let logo = q("img.brand-logo").expect("the logo");
    assert_eq!(
        logo.get_attribute("src").as_deref(),
        Some("/brand/acme.svg")
    );
    assert!(
        q(".brand-mark").is_none(),
        "the logo replaces the plain mark"
    );
    let help = q("[data-testid=help-link]").expect("help link");
    assert_eq!(
        help.get_attribute("href").as_deref(),
        Some("https://help.acme.example/")
    );
    assert_eq!(help.text_content().as_deref(), Some("Help"));
    let privacy = q(".brand-footer a:last-child").unwrap();
    assert_eq!(privacy.text_content().as_deref(), Some("Privacy"));
    assert_eq!(
        q("h1").unwrap().text_content().as_deref(),
        Some("Sign in to Acme")
    );
}

#[wasm_bindgen_test]
async fn the_orgs_colour_becomes_readable_accents_on_the_page() {
    let config = parse_config(BRANDED).unwrap();
    let palette = config.brand.palette.clone().expect("a palette");
    // Yellow cannot carry white text: it was darkened.
    assert!(palette.adjusted);
    palette.apply();
    let html: web_sys::HtmlElement = document().document_element().unwrap().unchecked_into();
    let value = |name: &str| html.style().get_property_value(name).unwrap();
    assert_eq!(value("--brand-accent"), palette.light);
    assert_eq!(value("--brand-accent-dark"), palette.dark);
    // Leave the page as other tests expect it.
    for name in [
        "--brand-accent",
        "--brand-accent-hover",
        "--brand-accent-dark",
        "--brand-accent-dark-hover",
    ] {
        html.style().remove_property(name).unwrap();
    }
}

#[wasm_bindgen_test]
fn an_unknown_text_or_a_lost_placeholder_is_refused_with_its_key() {
    let with = |i18n: &str| {
        parse_config(&format!(
            r#"{{"issuer":"https://example.okta.com","clientId":"x",
                "redirectUri":"https://app.example/cb","i18n":{i18n}}}"#
        ))
    };
    let err = |r: Result<signin::config::AppConfig, signin::config::ConfigError>| {
        r.expect_err("refused").to_string()
    };
    assert!(err(with(r#"{"en":{"no.such.key":"x"}}"#)).contains("\"i18n.en.no.such.key\""));
    assert!(
        err(with(r#"{"fr":{"challenge.email.lead_to":"Code envoyé."}}"#))
            .contains("placeholders {email}")
    );
    assert!(err(with(r#"{"xx":{"app.title":"x"}}"#)).contains("\"xx\""));
    let ok = with(r#"{"de":{"identify.title":"Bei Acme anmelden"}}"#).expect("a good text");
    assert_eq!(
        ok.texts
            .get("de")
            .and_then(|t| t.get("identify.title"))
            .map(String::as_str),
        Some("Bei Acme anmelden")
    );
}
