//! Account unlock: the link on identify, the username with the choice of
//! authenticator sent in one request, and the identifier-first variant.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{fixture, have_fixtures, mount_step, parse, settle};

#[wasm_bindgen_test]
async fn unlock_sends_the_username_with_the_chosen_authenticator() {
    if !have_fixtures("unlock") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("identify-with-unlock-account-link.json"),
    ));
    settle().await;
    m.rec.reply(200, fixture!("user-unlock-account.json"));
    m.click("[data-action=unlock]");
    settle().await;
    assert!(
        m.rec.sent.borrow()[0]
            .url
            .ends_with("/idp/idx/unlock-account")
    );
    assert_eq!(m.text("h1"), "Unlock your account");
    m.get("form[data-step=select-authenticator-unlock-account] #field-username");
    // No username: nothing is sent.
    m.click("button[data-authenticator=phone_number][data-method=voice]");
    settle().await;
    assert_eq!(m.rec.sent.borrow().len(), 1);
    assert!(m.q("#field-username-error").is_some());
    m.type_into("#field-username", "jane@example.com");
    m.rec.reply(
        200,
        fixture!("extra/user-account-unlock-challenge-choose-auth-after-unlock.json"),
    );
    m.click("button[data-authenticator=phone_number][data-method=voice]");
    settle().await;
    let body = m.rec.body_json(1);
    assert_eq!(body["identifier"], "jane@example.com");
    assert_eq!(body["authenticator"]["methodType"], "voice");
    m.get("form[data-step=challenge-authenticator]");
}

#[wasm_bindgen_test]
async fn identifier_first_unlock_asks_for_the_username() {
    if !have_fixtures("unlock identifier first") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/user-unlock-account-identifier-first.json"),
    ));
    settle().await;
    assert_eq!(m.text("h1"), "Unlock your account");
    m.type_into("#field-username", "jane");
    m.rec.reply(200, fixture!("user-unlock-account.json"));
    m.click("form[data-step=unlock-account] button[type=submit]");
    settle().await;
    assert_eq!(m.rec.body_json(0)["identifier"], "jane");
}
