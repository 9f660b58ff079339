//! CAPTCHA over Okta's recorded responses in `extra/` (protocol doc §8.7):
//! the vendor and site key read from the state, the answer's input never a
//! visible field, and the body carrying the form's own `captchaId` with the
//! token beside the step's other values.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use idx_core::{CAPTCHA_TOKEN_INPUT, CaptchaKind, StepName, Values};
use serde_json::{Value, json};

/// (file, step, vendor, site key, the form's `captchaId`).
const CASES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "identify-with-password-with-hcaptcha.json",
        "identify",
        "HCAPTCHA",
        "20000000-ffff-ffff-ffff-000000000002",
        "capzomKHvPhLF7lrR0g3",
    ),
    (
        "identify-with-password-with-recaptcha-v2.json",
        "identify",
        "RECAPTCHA_V2",
        "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI",
        "capzomKHvPhLF7lrR0g3",
    ),
    (
        "identify-recovery-with-hcaptcha.json",
        "identify-recovery",
        "HCAPTCHA",
        "20000000-ffff-ffff-ffff-000000000002",
        "capzomKHvPhLF7lrR0g3",
    ),
    (
        "identify-recovery-with-recaptcha-v2.json",
        "identify-recovery",
        "RECAPTCHA_V2",
        "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI",
        "capzomKHvPhLF7lrR0g3",
    ),
    (
        "enroll-profile-new-with-hcaptcha.json",
        "enroll-profile",
        "HCAPTCHA",
        "20000000-ffff-ffff-ffff-000000000002",
        "capzomKHvPhLF7lrR0g3",
    ),
    (
        "enroll-profile-new-with-recaptcha-v2.json",
        "enroll-profile",
        "RECAPTCHA_V2",
        "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI",
        "capzomKHvPhLF7lrR0g3",
    ),
];

#[test]
fn recorded_captcha_states_name_the_vendor_and_send_the_forms_id_with_the_token() {
    let Some(dir) = common::fixtures_dir("captcha") else {
        return;
    };
    for (file, step, vendor, site_key, captcha_id) in CASES {
        let t = common::extra_transaction(&dir, file);
        let captcha = t
            .captcha
            .clone()
            .unwrap_or_else(|| panic!("{file}: captcha"));
        let kind = match *vendor {
            "HCAPTCHA" => CaptchaKind::HCaptcha,
            _ => CaptchaKind::RecaptchaV2,
        };
        assert_eq!(captcha.kind, kind, "{file}");
        assert_eq!(captcha.site_key, *site_key, "{file}");
        let name = StepName::from(*step);
        let s = t.step(&name).unwrap_or_else(|| panic!("{file}: {step}"));
        assert!(s.needs_captcha(), "{file}");
        let input = s.input(CAPTCHA_TOKEN_INPUT).expect("token input");
        assert!(!input.visible && input.required, "{file}: {input:?}");
        assert!(s.input("captchaId").is_none(), "{file}: the id is fixed");
        // The other steps of the state need no answer.
        for other in t.available_steps.iter().filter(|o| o.name != name) {
            assert!(!other.needs_captcha(), "{file}: {}", other.name);
        }

        let others = || match *step {
            "identify" => Values::new()
                .text("username", "a@example.com")
                .text("password", "pw"),
            "identify-recovery" => Values::new().text("username", "a@example.com"),
            _ => Values::new()
                .text("firstName", "Ada")
                .text("lastName", "L")
                .text("email", "a@example.com"),
        };
        let values = others().text(CAPTCHA_TOKEN_INPUT, "tok-1");
        let request = t.proceed_request(&name, &values).expect("request");
        let sent: Value =
            serde_json::from_str(request.body.as_deref().expect("body")).expect("json");
        assert_eq!(
            sent["captchaVerify"],
            json!({"captchaId": captcha_id, "captchaToken": "tok-1"}),
            "{file}"
        );
        // Without the answer nothing is sent.
        assert!(t.proceed_request(&name, &others()).is_err(), "{file}");
    }
}

#[test]
fn a_state_without_captcha_has_none() {
    let Some(dir) = common::fixtures_dir("captcha") else {
        return;
    };
    let t = common::transaction(&dir, "identify-with-password.json");
    assert_eq!(t.captcha, None);
    assert!(t.available_steps.iter().all(|s| !s.needs_captcha()));
}
