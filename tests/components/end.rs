//! The end screens: an expired transaction offers to start over.

use leptos::prelude::GetUntracked;
use signin::flow::Phase;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{fixture, have_fixtures, mount_step, parse, settle};

#[wasm_bindgen_test]
async fn expired_transaction_offers_start_over() {
    if !have_fixtures("expired") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("authenticator-verification-okta-verify-totp.json"),
    ));
    settle().await;
    m.type_into("#field-verificationCode", "123456");
    m.rec.reply(401, fixture!("error-401-session-expired.json"));
    m.click("form button[type=submit]");
    settle().await;
    assert_eq!(m.flow.phase.get_untracked(), Phase::Expired);
    m.get("[data-action=restart]");
    assert!(!m.text("[data-testid=messages]").is_empty());
}
