//! Sign-in steps the suites share: the page objects and the emulator's
//! virtual Okta Verify together, the way a person with the phone goes
//! through the flow (open `/login`, type the password, pick a method, read
//! the code off the phone or approve the push).
//!
//! Invariant: codes go from the control API straight into the page; no step
//! prints or logs them (a returned code is for checks that it was kept).

use std::time::Duration;

use crate::harness::{Failure, Session};
use crate::pages::{ChoicePage, CodePage, DEMO_PASSWORD, HomePage, IdentifyPage, PushPage};

/// Emulator setup: poll steps ask for a poll every second (4 s by default),
/// so waiting screens notice the phone sooner.
pub fn fast_poll(config: &mut idx_emulator::Config) {
    config.poll_refresh_ms = 1000;
}

/// Longest wait for a push to reach the virtual phone.
pub const PUSH_WAIT: Duration = Duration::from_secs(30);

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
