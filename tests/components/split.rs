//! The screen a step shows when its code (a module the release build loads
//! on demand) could not be downloaded: what happened, and a way on.

use leptos::prelude::*;
use signin::split::LoadFailed;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{document, settle};

#[wasm_bindgen_test]
async fn a_step_that_did_not_load_says_so_and_tries_again_on_request() {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let retries = RwSignal::new(0_u32);
    let _handle = leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        view! { <LoadFailed on_retry=move || retries.update(|n| *n += 1) /> }
    });
    settle().await;
    let heading = root.query_selector("h1").unwrap().unwrap();
    assert_eq!(heading.text_content().unwrap(), "This step didn't load");
    let alert = root
        .query_selector("[data-testid=load-failed] [role=alert]")
        .unwrap()
        .expect("the failure is announced");
    assert!(
        alert
            .text_content()
            .unwrap()
            .contains("Check your connection"),
        "{:?}",
        alert.text_content()
    );
    assert_eq!(retries.get_untracked(), 0);
    root.query_selector("[data-action=retry-load]")
        .unwrap()
        .expect("a way on")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    settle().await;
    assert_eq!(
        retries.get_untracked(),
        1,
        "Try again asks for the download again"
    );
    root.remove();
}
