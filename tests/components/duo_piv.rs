//! Duo and smart card / PIV over Okta's recordings: Duo cannot run on this
//! page, so its screen says so and lists the other authenticators (never a
//! dead end); a PIV provider is a card sign-in by full-page navigation.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{fixture, have_fixtures, mount_step, parse, settle};

#[wasm_bindgen_test]
async fn duo_says_it_cannot_open_here_and_offers_the_others() {
    if !have_fixtures("duo") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/authenticator-verification-duo.json"),
    ));
    settle().await;
    assert_eq!(m.text("h1"), "Verify with Duo Security");
    m.get("[data-testid=duo-unsupported]");
    assert!(m.q("button[data-authenticator=duo]").is_none());
    let others = m
        .root
        .query_selector_all(
            "form[data-step=select-authenticator-authenticate] button[data-authenticator]",
        )
        .unwrap();
    assert!(others.length() > 0, "{}", m.root.inner_html());
}

#[wasm_bindgen_test]
async fn piv_is_a_card_sign_in_by_navigation() {
    if !have_fixtures("piv") {
        return;
    }
    let m = mount_step(parse(200, fixture!("extra/identify-with-piv-only.json")));
    settle().await;
    let link = m.get("a[data-idp=piv]");
    assert!(link.text_content().unwrap().contains("X509 Authentication"));
    assert!(
        m.text("[data-testid=piv-hint]")
            .contains("Insert your card")
    );
    assert!(
        link.get_attribute("href")
            .unwrap()
            .starts_with("https://okta.mtls.okta.com/sso/idps/")
    );
}
