//! The config error page says what is wrong with `config.json`.

use leptos::prelude::*;
use signin::app::ConfigErrorPage;
use signin::config::{ConfigError, parse_config};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{document, settle};

#[wasm_bindgen_test]
async fn config_error_page_says_what_is_wrong() {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let err = parse_config("{ not json").unwrap_err();
    assert!(matches!(err, ConfigError::NotJson(_)));
    let _handle = leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        view! { <ConfigErrorPage error=err.clone() /> }
    });
    settle().await;
    let page = root
        .query_selector("[data-testid=config-error]")
        .unwrap()
        .unwrap();
    let text = page.text_content().unwrap();
    assert!(text.contains("not valid JSON"), "{text}");
    assert!(text.contains("config.json"));
    assert!(root.query_selector("h1").unwrap().is_some());
    root.remove();
}
