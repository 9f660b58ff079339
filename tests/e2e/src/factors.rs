//! Sign-in steps through the other authenticators (phone, security
//! question, Google Authenticator, the OTP tokens, Okta FastPass), shared
//! by the `authenticators` suite and the accessibility walks: the page
//! objects' vocabulary (UI contract only) plus the virtual devices of
//! [`crate::devices`].
//!
//! Invariant: a code goes from the control API (or from the key the page
//! shows) straight into the page; no step prints one.

use crate::harness::{Failure, Session};
use crate::pages::{self, DEMO_PASSWORD, IdentifyPage, step};

/// Phone verify: SMS and voice, number `+14155552342`.
pub const PHONE_USER: &str = "phone@example.com";
/// What Okta shows of [`PHONE_USER`]'s number.
pub const MASKED_PHONE: &str = "+1 XXX-XXX-2342";
/// Security question `favorite_vacation_location`, answer "Lisbon".
pub const QUESTION_USER: &str = "question@example.com";
/// Google Authenticator, enrolled.
pub const GOOGLE_USER: &str = "google@example.com";
/// A custom OTP token and an RSA SecurID token that asks for the next code.
pub const OTP_USER: &str = "otp@example.com";
/// Okta Verify with FastPass only.
pub const FASTPASS_USER: &str = "fastpass@example.com";
/// Must set up a phone.
pub const ENROLL_PHONE_USER: &str = "enroll-phone@example.com";
/// Must set up a security question.
pub const ENROLL_QUESTION_USER: &str = "enroll-question@example.com";
/// Must set up Google Authenticator.
pub const ENROLL_GOOGLE_USER: &str = "enroll-google@example.com";

/// The authenticator choice when enrolling.
pub const SELECT_ENROLL: &str = "select-authenticator-enroll";
/// The phone's method choice (`authenticator-verification-data`).
pub const VERIFICATION_DATA: &str = "authenticator-verification-data";
/// The phone's number form (`authenticator-enrollment-data`).
pub const ENROLLMENT_DATA: &str = "authenticator-enrollment-data";

/// Emulator setup: identify offers Okta FastPass, and polls come every second.
pub fn fastpass_org(config: &mut idx_emulator::Config) {
    config.fastpass = true;
    config.poll_refresh_ms = 1000;
}

/// The visible text of the page's `<main>`.
pub async fn main_text(s: &Session) -> Result<String, Failure> {
    let value = s
        .browser
        .execute(
            "const m = document.querySelector('main'); return m ? m.innerText : '';",
            vec![],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

/// Waits until `<main>` says `expected`; fails with what it said instead.
pub async fn expect_text(s: &Session, expected: &str) -> Result<String, Failure> {
    let found = pages::eventually(&format!("the page to say {expected:?}"), || async {
        let text = main_text(s).await?;
        Ok(text.contains(expected).then_some(text))
    })
    .await;
    match found {
        Ok(text) => Ok(text),
        Err(_) => Err(format!(
            "the page does not say {expected:?}; it says:\n{}",
            main_text(s).await?
        )
        .into()),
    }
}

/// Fails when `<main>` calls anything a push (FastPass is not one).
pub async fn expect_no_push_wording(s: &Session) -> Result<(), Failure> {
    let text = main_text(s).await?;
    if text.to_lowercase().contains("push") {
        return Err(format!("FastPass worded as a push:\n{text}").into());
    }
    Ok(())
}

/// Clicks the first `button[data-authenticator=…]` (with `data-method`
/// when given) in the form of `step`.
pub async fn choose(
    s: &Session,
    step: &str,
    authenticator: &str,
    method: Option<&str>,
) -> Result<(), Failure> {
    let method = method
        .map(|m| format!(r#"[data-method="{m}"]"#))
        .unwrap_or_default();
    let css =
        format!(r#"form[data-step="{step}"] button[data-authenticator="{authenticator}"]{method}"#);
    pages::wait_for(&s.browser, &css).await?.click().await?;
    Ok(())
}

/// Opens `/login`, types `username` and the demo password, and waits for
/// the form of `next`.
pub async fn password_then(s: &Session, username: &str, next: &str) -> Result<(), Failure> {
    IdentifyPage::open(s)
        .await?
        .enter(username, DEMO_PASSWORD)
        .await?;
    pages::step_form(&s.browser, next).await?;
    Ok(())
}

/// Signs `username` in with the password and picks `authenticator` (and
/// `method`) from the list.
pub async fn pick(
    s: &Session,
    username: &str,
    authenticator: &str,
    method: Option<&str>,
) -> Result<(), Failure> {
    password_then(s, username, step::SELECT_AUTHENTICATOR).await?;
    choose(s, step::SELECT_AUTHENTICATOR, authenticator, method).await
}

/// Up to the phone's method choice of [`PHONE_USER`].
pub async fn to_phone_methods(s: &Session) -> Result<(), Failure> {
    pick(s, PHONE_USER, "phone_number", None).await?;
    pages::step_form(&s.browser, VERIFICATION_DATA).await?;
    Ok(())
}

/// On the phone's method choice: asks for a code by `method` (`sms` or
/// `voice`), up to the code page.
pub async fn send_phone_code(s: &Session, method: &str) -> Result<(), Failure> {
    choose(s, VERIFICATION_DATA, "phone_number", Some(method)).await?;
    pages::CodePage::wait(&s.browser).await?;
    Ok(())
}

/// Signs `username` in with the password, up to setting up `authenticator`.
pub async fn to_enrollment(
    s: &Session,
    username: &str,
    authenticator: &str,
) -> Result<(), Failure> {
    password_then(s, username, SELECT_ENROLL).await?;
    choose(s, SELECT_ENROLL, authenticator, None).await
}

/// Waits for the code field of the form of `step` (`challenge-authenticator`
/// when verifying, `enroll-authenticator` when setting up).
pub async fn wait_for_code_form(s: &Session, step: &str) -> Result<(), Failure> {
    pages::wait_for(
        &s.browser,
        &format!(
            r#"form[data-step="{step}"] #field-{}"#,
            pages::CodePage::FIELD
        ),
    )
    .await?;
    Ok(())
}

/// Types the code `username`'s phone got into the code page of `step`
/// and submits it; returns the message, for checks of where it went.
pub async fn enter_phone_code(
    s: &Session,
    username: &str,
    step: &str,
) -> Result<crate::devices::PhoneMessage, Failure> {
    let message = s.emulator.phone_message(username).await?;
    pages::fill(&s.browser, pages::CodePage::FIELD, &message.code).await?;
    pages::submit(&s.browser, step).await?;
    Ok(message)
}

/// Waits for the Google Authenticator enrollment's QR code, a real and
/// loaded image.
pub async fn wait_for_google_qr(s: &Session) -> Result<(), Failure> {
    pages::wait_for(&s.browser, r#"img[data-testid="google-qr"]"#).await?;
    pages::eventually("the QR code image to load", || async {
        let width = s
            .browser
            .execute(
                r#"const img = document.querySelector('img[data-testid="google-qr"]');
                   return img && img.complete ? img.naturalWidth : 0;"#,
                vec![],
            )
            .await?;
        Ok((width.as_u64().unwrap_or(0) > 0).then_some(()))
    })
    .await
}

/// On the Google Authenticator enrollment: "Can't scan?", and the setup
/// key the page then shows.
pub async fn reveal_google_key(s: &Session) -> Result<String, Failure> {
    pages::wait_for(&s.browser, r#"[data-action="cant-scan"]"#)
        .await?
        .click()
        .await?;
    let key = pages::wait_for(&s.browser, r#"[data-testid="shared-secret"]"#)
        .await?
        .text()
        .await?;
    Ok(key.trim().to_owned())
}
