//! The org's CAPTCHA on Okta's recorded identify states (protocol doc §8.7):
//! solved on submit by the vendor's widget (a stand-in `hcaptcha` /
//! `grecaptcha` global here, as the vendor's script would define it), its
//! token sent with the form's own `captchaId`, and a closed challenge or an
//! unknown vendor sending nothing.

use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{fixture, have_fixtures, mount_step, parse, settle};

/// Defines `window[global]` as a stand-in widget API: `execute` answers
/// through the render options' `callback` with `token`, or through
/// `close-callback` when `token` is empty; `window.__standInResets` counts
/// the resets.
fn stand_in(global: &str, token: &str) {
    let script = format!(
        "window.__standInResets = 0;
         window.{global} = {{
           render: function (el, opts) {{ window.__standInOpts = opts;
             window.__standInHost = el.getAttribute('data-testid'); return 7; }},
           execute: function (id) {{ var o = window.__standInOpts;
             setTimeout(function () {{ if ({token:?}) o.callback({token:?});
               else o['close-callback'](); }}, 0); }},
           reset: function (id) {{ window.__standInResets += 1; }}
         }};"
    );
    js_sys::Function::new_no_args(&script)
        .call0(&JsValue::NULL)
        .expect("stand-in defined");
}

fn window_get(name: &str) -> JsValue {
    js_sys::Reflect::get(&web_sys::window().unwrap(), &JsValue::from_str(name)).unwrap()
}

async fn sign_in_with(m: &crate::support::Mounted) {
    m.type_into("#field-username", "demo@example.com");
    m.type_into("#field-password", "correct-horse-battery");
    m.click("form[data-step=identify] button[type=submit]");
    // The widget answers on a timer: let it, then let the request go.
    for _ in 0..5 {
        settle().await;
    }
}

#[wasm_bindgen_test]
async fn the_token_goes_with_the_forms_captcha_id_and_the_widget_is_reset() {
    if !have_fixtures("captcha_token") {
        return;
    }
    for (file, global, site_key) in [
        (
            fixture!("extra/identify-with-password-with-hcaptcha.json"),
            "hcaptcha",
            "20000000-ffff-ffff-ffff-000000000002",
        ),
        (
            fixture!("extra/identify-with-password-with-recaptcha-v2.json"),
            "grecaptcha",
            "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI",
        ),
    ] {
        stand_in(global, "stand-in-token");
        let m = mount_step(parse(200, file));
        settle().await;
        // No visible field for the answer; the widget's host is in the form.
        assert!(m.q("#field-captchaToken").is_none(), "{global}");
        m.get("form[data-step=identify] [data-testid=captcha]");
        let notice = m.q(".captcha-notice").is_some();
        assert_eq!(notice, global == "hcaptcha", "hCaptcha's notice only");

        sign_in_with(&m).await;
        assert_eq!(m.rec.sent.borrow().len(), 1, "{global}: one request");
        let body = m.rec.body_json(0);
        assert_eq!(body["identifier"], "demo@example.com");
        assert_eq!(
            body["captchaVerify"],
            serde_json::json!({"captchaId": "capzomKHvPhLF7lrR0g3", "captchaToken": "stand-in-token"}),
            "{global}"
        );
        let opts = window_get("__standInOpts");
        let key = js_sys::Reflect::get(&opts, &JsValue::from_str("sitekey")).unwrap();
        assert_eq!(key.as_string().as_deref(), Some(site_key));
        let size = js_sys::Reflect::get(&opts, &JsValue::from_str("size")).unwrap();
        assert_eq!(size.as_string().as_deref(), Some("invisible"));
        assert_eq!(
            window_get("__standInHost").as_string().as_deref(),
            Some("captcha")
        );
        assert_eq!(
            window_get("__standInResets").as_f64(),
            Some(1.0),
            "single-use token"
        );
    }
}

#[wasm_bindgen_test]
async fn a_closed_challenge_sends_nothing_and_says_so() {
    if !have_fixtures("captcha_closed") {
        return;
    }
    stand_in("hcaptcha", "");
    let m = mount_step(parse(
        200,
        fixture!("extra/identify-with-password-with-hcaptcha.json"),
    ));
    settle().await;
    sign_in_with(&m).await;
    assert!(m.rec.sent.borrow().is_empty(), "nothing may be sent");
    assert!(
        m.text("[data-testid=messages]").contains("closed"),
        "{}",
        m.text("[data-testid=messages]")
    );
    // What was typed stays, the password too: nothing was sent.
    assert_eq!(m.input("#field-username").value(), "demo@example.com");
    assert_eq!(m.input("#field-password").value(), "correct-horse-battery");
    assert!(
        !m.get("form[data-step=identify] button[type=submit]")
            .has_attribute("disabled")
    );
}

#[wasm_bindgen_test]
async fn a_captcha_this_page_cannot_run_says_so_and_sends_nothing() {
    if !have_fixtures("captcha_unknown") {
        return;
    }
    let body = fixture!("extra/identify-with-password-with-hcaptcha.json")
        .replace("\"HCAPTCHA\"", "\"ALTCHA\"");
    let m = mount_step(parse(200, &body));
    settle().await;
    m.get("[data-testid=captcha-unsupported]");
    let submit = m.get("form[data-step=identify] button[type=submit]");
    assert!(submit.has_attribute("disabled"));
    m.type_into("#field-username", "demo@example.com");
    m.type_into("#field-password", "correct-horse-battery");
    m.click("form[data-step=identify] button[type=submit]");
    settle().await;
    assert!(m.rec.sent.borrow().is_empty(), "nothing may be sent");
}
