//! The policy routes' steps, shared by the `policy` suite and the
//! accessibility walks: the emulator set up as the demo org runs (sign-up
//! and unlock on), the ways on a screen offers (`data-action`), sign-up,
//! unlock, email codes from the virtual inbox, and activation and
//! password-reset links.
//!
//! Invariants: elements are found only through the UI contract; codes and
//! tokens go from the control API straight into the page and are never
//! printed (a failure names what was missing, not the secret).

use idx_emulator::Config;
use idx_emulator::config::{ConsentKind, demo_org};

use crate::harness::{Failure, Session, TestResult};
use crate::pages::{self, CodePage, DEMO_PASSWORD, IdentifyPage};

/// Password expires in a few days: "Remind me later" or change it.
pub const EXPIRING_USER: &str = "expiring@example.com";
/// Okta Verify is offered with "Set up later".
pub const OPTIONAL_USER: &str = "optional@example.com";
/// Granular consent, then "Stay signed in?".
pub const CONSENT_USER: &str = "consent@example.com";
/// All-or-nothing consent (added by [`self_service_org`]), no "Stay signed in?".
pub const CONSENT_ALL_USER: &str = "consent-all@example.com";
/// Their device falls short of the org's device assurance, with days of
/// grace (added by [`self_service_org`]).
pub const GRACE_USER: &str = "grace@example.com";
/// Locked out; unlocked by email, then signs in again.
pub const LOCKED_USER: &str = "locked@example.com";
/// Not activated: only an activation link sets them up.
pub const STAGED_USER: &str = "staged@example.com";

/// Emulator setup: the org as the demo CLI runs it (sign-up and
/// self-service unlock on), plus a copy of the consent user whose app asks
/// for every scope at once (`consent`, not `granular-consent`), and a
/// password-only user whose device is in a grace period.
pub fn self_service_org(config: &mut Config) {
    config.org = demo_org();
    if let Some(granular) = config.user(CONSENT_USER).cloned() {
        let mut all = granular;
        CONSENT_ALL_USER.clone_into(&mut all.username);
        CONSENT_ALL_USER.clone_into(&mut all.email);
        "00uconsentall0000010".clone_into(&mut all.id);
        all.policy.consent = Some(ConsentKind::EndUser);
        all.policy.keep_me_signed_in = false;
        config.users.push(all);
    }
    if let Some(optional) = config.user(OPTIONAL_USER).cloned() {
        let mut grace = optional;
        GRACE_USER.clone_into(&mut grace.username);
        GRACE_USER.clone_into(&mut grace.email);
        "Grace".clone_into(&mut grace.first_name);
        "00ugrace000000000011".clone_into(&mut grace.id);
        grace.policy.optional_enrollment = false;
        grace.policy.grace_period = None;
        grace.policy.device_assurance_grace_days = Some(7);
        config.users.push(grace);
    }
}

/// `[data-action="<action>"]`.
pub fn action(name: &str) -> String {
    format!(r#"[data-action="{name}"]"#)
}

/// Waits for the way on `name` and clicks it.
pub async fn click_action(s: &Session, name: &str) -> TestResult {
    pages::wait_for(&s.browser, &action(name))
        .await?
        .click()
        .await?;
    Ok(())
}

/// The visible words of the way on `name`.
pub async fn action_text(s: &Session, name: &str) -> Result<String, Failure> {
    Ok(pages::wait_for(&s.browser, &action(name))
        .await?
        .text()
        .await?
        .trim()
        .to_owned())
}

/// Fails unless the way on `name` reads `words`.
pub async fn expect_action(s: &Session, name: &str, words: &str) -> TestResult {
    let text = action_text(s, name).await?;
    if text != words {
        return Err(format!("`{name}` reads {text:?}, expected {words:?}").into());
    }
    Ok(())
}

/// Waits until the page's `<h1>` reads `want` (screens change under it).
pub async fn expect_heading(s: &Session, want: &str) -> TestResult {
    let found = pages::eventually(&format!("the heading {want:?}"), || async {
        let text = pages::heading(&s.browser).await.unwrap_or_default();
        Ok((text == want).then_some(()))
    })
    .await;
    if let Err(err) = found {
        let now = pages::heading(&s.browser).await.unwrap_or_default();
        return Err(format!("{err}; the heading reads {now:?}").into());
    }
    Ok(())
}

/// Opens `/login` and submits `username` with the demo password.
pub async fn enter_password(s: &Session, username: &str) -> TestResult {
    IdentifyPage::open(s)
        .await?
        .enter(username, DEMO_PASSWORD)
        .await
}

/// Types the code last emailed to `username` into the code form of `step`
/// (`challenge-authenticator` or `enroll-authenticator`) and submits it.
pub async fn enter_email_code(s: &Session, username: &str, step: &str) -> TestResult {
    pages::step_form(&s.browser, step).await?;
    let code = pages::eventually("an emailed code in the inbox", || async {
        Ok(s.emulator.email_code(username).await.ok())
    })
    .await?;
    pages::fill(&s.browser, CodePage::FIELD, &code).await?;
    pages::submit(&s.browser, step).await
}

/// From `/login` through "Sign up" to the profile form.
pub async fn to_sign_up(s: &Session) -> TestResult {
    IdentifyPage::open(s).await?;
    click_action(s, "register").await?;
    pages::step_form(&s.browser, "enroll-profile").await?;
    Ok(())
}

/// Fills the demo org's sign-up form for Ada Lovelace at `email`.
pub async fn fill_profile(s: &Session, email: &str) -> TestResult {
    pages::fill(&s.browser, "firstName", "Ada").await?;
    pages::fill(&s.browser, "lastName", "Lovelace").await?;
    pages::fill(&s.browser, "email", email).await?;
    pages::wait_for(&s.browser, r#"input[name="team"][value="engineering"]"#)
        .await?
        .click()
        .await?;
    Ok(())
}

/// From `/login` through "Unlock account?" to the choice of how to verify,
/// with `username` typed.
pub async fn to_unlock(s: &Session, username: &str) -> TestResult {
    IdentifyPage::open(s).await?;
    click_action(s, "unlock").await?;
    pages::step_form(&s.browser, "select-authenticator-unlock-account").await?;
    pages::fill(&s.browser, "username", username).await
}

/// On the unlock choice: "Send me an email", then the emailed code.
pub async fn unlock_by_email(s: &Session, username: &str) -> TestResult {
    pages::wait_for(
        &s.browser,
        r#"button[data-authenticator="okta_email"][data-method="email"]"#,
    )
    .await?
    .click()
    .await?;
    enter_email_code(s, username, pages::step::CHALLENGE).await
}

/// Fails unless the first password of `step` is asked for as one to set:
/// "Set a new password", saved with "Save password" (not "Verify").
pub async fn expect_first_password(s: &Session, step: &str) -> TestResult {
    pages::step_form(&s.browser, step).await?;
    pages::wait_for(&s.browser, "#field-password").await?;
    expect_heading(s, "Set a new password").await?;
    let css = format!(r#"form[data-step="{step}"] button[type=submit]"#);
    let words = pages::wait_for(&s.browser, &css).await?.text().await?;
    if words.trim() != "Save password" {
        return Err(format!("the first password is saved with {words:?}").into());
    }
    Ok(())
}

/// Opens the emailed link `/login?<param>=<token>`, as a person clicking
/// it in their mail would.
pub async fn open_link(s: &Session, param: &str, token: &str) -> TestResult {
    s.browser
        .goto(&s.url(&format!("/login?{param}={token}")))
        .await?;
    Ok(())
}

/// Sets `password` (typed twice where the form confirms it) in the
/// password form of `step` showing now, and submits it.
pub async fn set_password(s: &Session, step: &str, field: &str, password: &str) -> TestResult {
    pages::step_form(&s.browser, step).await?;
    pages::fill(&s.browser, field, password).await?;
    if s.browser
        .find(fantoccini::Locator::Id("field-confirmPassword"))
        .await
        .is_ok()
    {
        pages::fill(&s.browser, "confirmPassword", password).await?;
    }
    pages::submit(&s.browser, step).await
}
