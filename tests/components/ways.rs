//! The state's other ways on, offered by every step frame: skip under the
//! widget's words, back to the authenticator list without a request, unlock
//! and sign up beside identify, and "Back to sign in".

use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{fixture, have_fixtures, mount_step, parse, settle};

#[wasm_bindgen_test]
async fn an_optional_enrollment_can_be_set_up_later() {
    if !have_fixtures("skip enrollment") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/authenticator-enroll-grace-period-with-skip.json"),
    ));
    settle().await;
    m.get("button[data-authenticator]");
    assert_eq!(m.text("[data-action=skip]"), "Set up later");
    m.rec.reply(200, fixture!("success.json"));
    m.click("[data-action=skip]");
    settle().await;
    let sent = m.rec.sent.borrow();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].url.ends_with("/idp/idx/skip"), "{}", sent[0].url);
    drop(sent);
    let body = m.rec.body_json(0);
    assert_eq!(body.as_object().unwrap().len(), 1, "only the state handle");
    assert!(body["stateHandle"].is_string());
}

#[wasm_bindgen_test]
async fn warnings_and_prompts_are_skipped_in_the_widgets_words() {
    if !have_fixtures("skip words") {
        return;
    }
    let warning = mount_step(parse(
        200,
        fixture!("authenticator-expiry-warning-password.json"),
    ));
    settle().await;
    assert_eq!(warning.text("[data-action=skip]"), "Remind me later");
    assert!(warning.text("h1").contains("new password"));
    drop(warning);
    let promotion = mount_step(parse(
        200,
        fixture!("extra/authenticator-enroll-passkey-promotion.json"),
    ));
    settle().await;
    assert_eq!(promotion.text("[data-action=skip]"), "Maybe later");
}

#[wasm_bindgen_test]
async fn a_challenge_goes_back_to_the_authenticator_list_without_a_request() {
    if !have_fixtures("switch authenticator") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/user-account-unlock-challenge-choose-auth-after-unlock.json"),
    ));
    settle().await;
    m.get("form[data-step=challenge-authenticator]");
    assert_eq!(
        m.text("[data-action=switch-authenticator]"),
        "Verify with something else"
    );
    m.click("[data-action=switch-authenticator]");
    settle().await;
    assert!(
        m.rec.sent.borrow().is_empty(),
        "the list is already in the state"
    );
    assert!(m.q("form[data-step=challenge-authenticator]").is_none());
    m.get("button[data-authenticator=phone_number]");
    // Choosing there is the usual request.
    m.rec.reply(200, fixture!("user-unlock-account.json"));
    m.click("button[data-authenticator=okta_email]");
    settle().await;
    let body = m.rec.body_json(0);
    assert!(body["authenticator"]["id"].is_string());
    assert!(m.rec.sent.borrow()[0].url.ends_with("/idp/idx/challenge"));
}

#[wasm_bindgen_test]
async fn a_single_choice_offers_no_way_back() {
    if !have_fixtures("no switch") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("authenticator-verification-email.json"),
    ));
    settle().await;
    assert!(m.q("[data-action=switch-authenticator]").is_none());
}

#[wasm_bindgen_test]
async fn identify_offers_unlock_and_sign_up_where_the_state_does() {
    if !have_fixtures("unlock and sign up") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/user-account-unlock-introspect-choose-auth-after-unlock.json"),
    ));
    settle().await;
    m.get("form[data-step=identify]");
    assert_eq!(m.text("[data-action=unlock]"), "Unlock account?");
    assert_eq!(m.text("[data-action=register]"), "Sign up");
    assert!(
        m.text(".way:has([data-action=register])")
            .contains("Don't have an account?")
    );
    m.rec.reply(
        200,
        fixture!("extra/enroll-profile-new-boolean-fields.json"),
    );
    m.click("[data-action=register]");
    settle().await;
    assert!(m.rec.sent.borrow()[0].url.ends_with("/idp/idx/enroll"));
    assert_eq!(m.text("h1"), "Create your account");
    // The registration form goes back to sign in through `select-identify`.
    m.rec.reply(200, fixture!("identify.json"));
    m.click("[data-action=back-to-sign-in]");
    settle().await;
    assert!(m.rec.sent.borrow()[1].url.ends_with("/idp/idx/identify"));
}

#[wasm_bindgen_test]
async fn a_way_is_offered_only_where_the_state_has_it() {
    if !have_fixtures("no ways") {
        return;
    }
    // identify with sign-up only.
    let m = mount_step(parse(200, fixture!("identify.json")));
    settle().await;
    m.get("[data-action=register]");
    for way in ["unlock", "skip", "switch-authenticator", "back-to-sign-in"] {
        assert!(m.q(&format!("[data-action={way}]")).is_none(), "{way}");
    }
    drop(m);
    // A code challenge offers none of the sign-in page's ways.
    let m = mount_step(parse(
        200,
        fixture!("authenticator-verification-okta-verify-totp.json"),
    ));
    settle().await;
    for way in ["unlock", "register", "skip"] {
        assert!(m.q(&format!("[data-action={way}]")).is_none(), "{way}");
    }
}
