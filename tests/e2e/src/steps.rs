//! Sign-in steps the suites share: the page objects and the emulator's
//! virtual Okta Verify together, the way a person with the phone goes
//! through the flow (open `/login`, type the password, pick a method, read
//! the code off the phone or approve the push).
//!
//! Invariant: codes go from the control API straight into the page; no step
//! prints or logs them (a returned code is for checks that it was kept).

use std::time::Duration;

use crate::harness::{Failure, Session};
use crate::pages::{self, ChoicePage, CodePage, DEMO_PASSWORD, HomePage, IdentifyPage, PushPage};

/// Emulator setup: poll steps ask for a poll every second (4 s by default),
/// so waiting screens notice the phone sooner.
pub fn fast_poll(config: &mut idx_emulator::Config) {
    config.poll_refresh_ms = 1000;
}

/// Longest wait for a push to reach the virtual phone.
pub const PUSH_WAIT: Duration = Duration::from_secs(30);

/// A six-digit code that is certainly not `code` (each digit moved on by one).
pub fn wrong_code(code: &str) -> String {
    code.chars()
        .map(|c| {
            if c == '9' {
                '0'
            } else {
                char::from(c as u8 + 1)
            }
        })
        .collect()
}

/// Opens `/login` and signs `username` in with the demo password, up to
/// the authenticator choice.
pub async fn to_choice_page<'a>(s: &'a Session, username: &str) -> Result<ChoicePage<'a>, Failure> {
    IdentifyPage::open(s)
        .await?
        .sign_in(username, DEMO_PASSWORD)
        .await
}

/// Up to Okta Verify's code entry, through the authenticator choice.
pub async fn to_code_page<'a>(s: &'a Session, username: &str) -> Result<CodePage<'a>, Failure> {
    to_choice_page(s, username).await?.okta_verify_code().await
}

/// Up to Okta Verify's push waiting screen, through the authenticator choice.
pub async fn to_push_page<'a>(s: &'a Session, username: &str) -> Result<PushPage<'a>, Failure> {
    to_choice_page(s, username).await?.okta_verify_push().await
}

/// Types `username`'s current Okta Verify code into the code page showing
/// now and submits it; returns the code typed.
pub async fn enter_totp(s: &Session, username: &str) -> Result<String, Failure> {
    let code = s.emulator.totp(username).await?;
    CodePage::wait(&s.browser).await?.submit_code(&code).await?;
    Ok(code)
}

/// Enters `username`'s current Okta Verify code on the code page showing
/// now, and waits for the home page.
pub async fn finish_with_totp<'a>(s: &'a Session, username: &str) -> Result<HomePage<'a>, Failure> {
    enter_totp(s, username).await?;
    HomePage::wait(&s.browser).await
}

/// Signs `username` in with an Okta Verify code, up to the home page.
pub async fn sign_in_with_code<'a>(
    s: &'a Session,
    username: &str,
) -> Result<HomePage<'a>, Failure> {
    to_code_page(s, username).await?;
    finish_with_totp(s, username).await
}

/// Approves the push waiting for `username` (one without a number
/// challenge) on the virtual phone, and waits for the home page.
pub async fn approve_push<'a>(s: &'a Session, username: &str) -> Result<HomePage<'a>, Failure> {
    let push = s.emulator.wait_for_push(username, PUSH_WAIT).await?;
    s.emulator.approve(&push.id, None).await?;
    HomePage::wait(&s.browser).await
}

/// Clicks `css` once it is there.
async fn click(s: &Session, css: &str) -> Result<(), Failure> {
    pages::wait_for(&s.browser, css).await?.click().await?;
    Ok(())
}

/// Opens `/login`, follows the identity provider's link and presses
/// `action` (`continue` or `cancel`) on the provider's own page.
pub async fn through_idp(s: &Session, action: &str) -> Result<(), Failure> {
    IdentifyPage::open(s).await?;
    click(s, r#"a[data-action="idp"]"#).await?;
    click(s, &format!(r#"[data-action="{action}"]"#)).await
}

/// From the password of `username`, who has no Okta Verify, to its
/// enrollment QR code, checking the code is a real, loaded image.
pub async fn to_enrollment_qr(s: &Session, username: &str) -> Result<(), Failure> {
    IdentifyPage::open(s)
        .await?
        .enter(username, DEMO_PASSWORD)
        .await?;
    click(
        s,
        r#"form[data-step="select-authenticator-enroll"] button[data-authenticator="okta_verify"]"#,
    )
    .await?;
    pages::wait_for(&s.browser, r#"img[data-testid="enroll-qr"]"#).await?;
    pages::eventually("the QR code image to load", || async {
        let width = s
            .browser
            .execute(
                r#"const img = document.querySelector('img[data-testid="enroll-qr"]');
                   return img && img.complete ? img.naturalWidth : 0;"#,
                vec![],
            )
            .await?;
        Ok((width.as_u64().unwrap_or(0) > 0).then_some(()))
    })
    .await
}

/// From the QR code to a setup link emailed to `address`, up to the
/// "we sent a link" screen.
pub async fn enroll_by_email_link(s: &Session, address: &str) -> Result<(), Failure> {
    click(s, r#"[data-action="cant-scan"]"#).await?;
    click(s, r#"[data-action="enroll-channel"][data-channel="email"]"#).await?;
    pages::fill(&s.browser, "email", address).await?;
    s.snap("enroll-email-address").await?;
    pages::submit(&s.browser, "enrollment-channel-data").await?;
    pages::wait_for(&s.browser, r#"[data-testid="enroll-sent"]"#).await?;
    Ok(())
}

/// Opens `/login` and follows "Forgot password?" to the username form.
pub async fn start_recovery(s: &Session) -> Result<(), Failure> {
    IdentifyPage::open(s).await?;
    click(s, r#"[data-action="recover"]"#).await?;
    pages::step_form(&s.browser, "identify-recovery").await?;
    Ok(())
}

/// On the recovery username form: `username` proves it is them with the
/// Okta Verify code, up to the new-password form.
pub async fn recover_with_totp(s: &Session, username: &str) -> Result<(), Failure> {
    pages::fill(&s.browser, "username", username).await?;
    pages::submit(&s.browser, "identify-recovery").await?;
    ChoicePage::wait(&s.browser)
        .await?
        .okta_verify_code()
        .await?;
    enter_totp(s, username).await?;
    pages::step_form(&s.browser, "reset-authenticator").await?;
    Ok(())
}

/// Signs [`pages::KEY_USER`] in with the password and picks the security
/// key the policy requires, up to setting it up (the page must be on
/// `localhost`, see `Setup::localhost`).
pub async fn to_security_key_set_up(s: &Session) -> Result<(), Failure> {
    IdentifyPage::open(s)
        .await?
        .enter(pages::KEY_USER, DEMO_PASSWORD)
        .await?;
    pages::step_form(&s.browser, "select-authenticator-enroll").await?;
    pages::wait_for(&s.browser, r#"button[data-authenticator="webauthn"]"#)
        .await?
        .click()
        .await?;
    pages::step_form(&s.browser, pages::step::ENROLL).await?;
    Ok(())
}

/// Sets a security key up with the plugged-in virtual authenticator, then
/// signs out, back at the identify form.
pub async fn set_up_security_key_and_sign_out(s: &Session) -> Result<(), Failure> {
    to_security_key_set_up(s).await?;
    pages::submit(&s.browser, pages::step::ENROLL).await?;
    HomePage::wait(&s.browser).await?.sign_out().await?;
    IdentifyPage::wait(&s.browser).await?;
    Ok(())
}

/// Signs [`pages::KEY_USER`] in with the password and picks the security
/// key; the verify prompt then opens by itself.
pub async fn to_security_key_verify(s: &Session) -> Result<(), Failure> {
    IdentifyPage::open(s)
        .await?
        .enter(pages::KEY_USER, DEMO_PASSWORD)
        .await?;
    ChoicePage::wait(&s.browser).await?;
    pages::wait_for(&s.browser, r#"button[data-authenticator="webauthn"]"#)
        .await?
        .click()
        .await?;
    Ok(())
}
