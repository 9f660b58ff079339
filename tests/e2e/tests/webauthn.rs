//! Security keys in Chromium: a virtual authenticator (WebDriver WebAuthn
//! extension) is set up on the first sign-in and verifies the next; a
//! prompt the person cancels says so and offers to retry, beside the
//! frame's way back to the authenticator list; a page on an IP address (which cannot be a WebAuthn RP
//! ID) and a browser without WebAuthn get plain messages. The emulator
//! checks every signature the browser makes.

use e2e::pages::{self, ChoicePage, DEMO_PASSWORD, HomePage, IdentifyPage, KEY_USER, step};
use e2e::steps::{to_security_key_set_up as to_set_up, to_security_key_verify as to_verify};
use e2e::webauthn::{Authenticator, plug};
use e2e::{Failure, Session, Setup, run};

const ENROLL: &str = step::ENROLL;
const VERIFY: &str = step::CHALLENGE;

fn on_localhost() -> Setup {
    Setup {
        localhost: true,
        ..Setup::default()
    }
}

/// On localhost, with prompts that end after a few seconds unanswered
/// (Chromium's virtual key never touched ends like a cancelled prompt:
/// `NotAllowedError`).
fn with_short_prompts() -> Setup {
    Setup {
        localhost: true,
        emulator: Some(|config| config.webauthn_timeout_ms = Some(3000)),
        ..Setup::default()
    }
}

/// The message region once it says `needle`.
async fn message_containing(s: &Session, needle: &str) -> Result<String, Failure> {
    pages::eventually(&format!("a message saying {needle:?}"), || async {
        let text = pages::messages(&s.browser).await?;
        Ok(text.contains(needle).then_some(text))
    })
    .await
}

/// A person who never touches the key: every prompt ends, at its
/// timeout, in `NotAllowedError`.
fn refusing() -> Authenticator {
    Authenticator {
        consenting: false,
        ..Authenticator::security_key()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_security_key_is_set_up_then_signs_in() {
    run(
        "a_security_key_is_set_up_then_signs_in",
        on_localhost(),
        |s| async move {
            let key = plug(&s.browser, Authenticator::security_key()).await?;
            to_set_up(&s).await?;
            let title = pages::heading(&s.browser).await?;
            if title != "Set up a security key or biometrics" {
                return Err(format!("set-up heading: {title:?}").into());
            }
            s.snap("set-up").await?;
            pages::submit(&s.browser, ENROLL).await?;
            HomePage::wait(&s.browser).await?;
            let held = key.credentials(&s.browser).await?;
            if held.len() != 1 || held[0].rp_id != "localhost" {
                return Err(format!("the key holds {held:?}").into());
            }
            let after_set_up = held[0].sign_count;

            HomePage::wait(&s.browser).await?.sign_out().await?;
            IdentifyPage::wait(&s.browser).await?;
            // The prompt opens by itself; the key answers; the emulator checks it.
            to_verify(&s).await?;
            let home = HomePage::wait(&s.browser).await?;
            let greeting = home.greeting().await?;
            if !greeting.contains("Key") {
                return Err(format!("home greeting: {greeting:?}").into());
            }
            let held = key.credentials(&s.browser).await?;
            if held.len() != 1 || held[0].sign_count <= after_set_up {
                return Err(format!("the key was not used to sign in: {held:?}").into());
            }
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_prompt_offers_retry_and_another_method() {
    run(
        "a_cancelled_prompt_offers_retry_and_another_method",
        with_short_prompts(),
        |s| async move {
            // Setting up: the person cancels, then tries again with a key.
            let no = plug(&s.browser, refusing()).await?;
            to_set_up(&s).await?;
            pages::submit(&s.browser, ENROLL).await?;
            let said = message_containing(&s, "cancelled").await?;
            s.snap("set-up-cancelled").await?;
            no.unplug(&s.browser).await?;
            let key = plug(&s.browser, Authenticator::security_key()).await?;
            pages::submit(&s.browser, ENROLL).await?;
            HomePage::wait(&s.browser).await?.sign_out().await?;
            IdentifyPage::wait(&s.browser).await?;
            if !said.contains("Try again") || !said.contains("another method") {
                return Err(format!("message without a way on: {said:?}").into());
            }

            // Verifying: the key is gone and the person cancels.
            key.unplug(&s.browser).await?;
            plug(&s.browser, refusing()).await?;
            to_verify(&s).await?;
            message_containing(&s, "cancelled").await?;
            let retry = pages::wait_for(
                &s.browser,
                &format!(r#"form[data-step="{VERIFY}"] button[type=submit]"#),
            )
            .await?;
            if retry.text().await? != "Try again" {
                return Err("the verify button does not offer to try again".into());
            }
            s.snap("verify-cancelled").await?;
            // The frame's other way: the state's own list, without a request.
            pages::wait_for(&s.browser, r#"[data-action="switch-authenticator"]"#)
                .await?
                .click()
                .await?;
            // Email is there.
            ChoicePage::wait(&s.browser).await?;
            pages::wait_for(&s.browser, r#"button[data-authenticator="okta_email"]"#).await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_on_an_ip_address_is_told_it_cannot_use_security_keys() {
    run(
        "a_page_on_an_ip_address_is_told_it_cannot_use_security_keys",
        Setup::default(),
        |s| async move {
            plug(&s.browser, Authenticator::security_key()).await?;
            to_set_up(&s).await?;
            pages::submit(&s.browser, ENROLL).await?;
            message_containing(&s, "this page's address").await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_without_webauthn_is_told_so() {
    run(
        "a_browser_without_webauthn_is_told_so",
        on_localhost(),
        |s| async move {
            let identify = IdentifyPage::open(&s).await?;
            s.browser
                .execute("delete window.PublicKeyCredential; return null;", vec![])
                .await?;
            identify.enter(KEY_USER, DEMO_PASSWORD).await?;
            pages::wait_for(&s.browser, r#"button[data-authenticator="webauthn"]"#)
                .await?
                .click()
                .await?;
            let notice = pages::wait_for(&s.browser, r#"[data-testid="webauthn-unsupported"]"#)
                .await?
                .text()
                .await?;
            if !notice.contains("can't use security keys") {
                return Err(format!("unsupported notice: {notice:?}").into());
            }
            // No button to press: nothing to prompt with.
            if s.browser
                .find(fantoccini::Locator::Css(&format!(
                    r#"form[data-step="{ENROLL}"] button[type=submit]"#
                )))
                .await
                .is_ok()
            {
                return Err("a set-up button is offered without WebAuthn".into());
            }
            Ok(())
        },
    )
    .await;
}
