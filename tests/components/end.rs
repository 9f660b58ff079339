//! The end screens: an expired transaction offers to start over, and each
//! kind of end is titled by what happened: a success is never a stop.

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

#[wasm_bindgen_test]
async fn each_end_has_its_own_title_and_only_a_stop_is_called_one() {
    if !have_fixtures("endings") {
        return;
    }
    let cases: &[(&str, u16, &str, Option<&str>)] = &[
        (
            fixture!("success.json"),
            200,
            "You're signed in",
            Some("continue"),
        ),
        (
            fixture!("terminal-return-email.json"),
            200,
            "Email verified",
            None,
        ),
        (
            fixture!("user-account-unlock-success.json"),
            200,
            "Account unlocked",
            Some("restart"),
        ),
        (
            fixture!("extra/terminal-return-email-consent-denied.json"),
            200,
            "Sign-in refused",
            Some("restart"),
        ),
        (
            fixture!("extra/terminal-reset-password-success.json"),
            200,
            "Password changed",
            Some("restart"),
        ),
        (
            fixture!("error-unlock-account.json"),
            403,
            "Sign-in stopped",
            Some("restart"),
        ),
    ];
    for (body, status, title, action) in cases {
        let m = mount_step(parse(*status, body));
        settle().await;
        assert_eq!(m.text("h1"), *title);
        assert!(!m.text("[data-testid=messages]").is_empty(), "{title}");
        match action {
            Some(a) => {
                m.get(&format!("[data-action={a}]"));
            }
            None => assert!(
                m.q("button, a.button").is_none(),
                "{title}: nothing to press"
            ),
        }
    }
    let m = mount_step(parse(200, fixture!("success.json")));
    settle().await;
    assert!(
        m.get("a[data-action=continue]")
            .get_attribute("href")
            .unwrap()
            .contains("/app/UserHome")
    );
}
