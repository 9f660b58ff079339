//! Google Authenticator: verifying with the app's code, and setting it up
//! from the QR code page by the key behind "Can't scan?", the code computed
//! from the key the page shows (RFC 6238) and checked against the virtual
//! app's.

use std::time::{SystemTime, UNIX_EPOCH};

use e2e::factors::{self, ENROLL_GOOGLE_USER, GOOGLE_USER};
use e2e::pages::{self, CodePage, HomePage, step};
use e2e::{Setup, run};
use fantoccini::Locator;
use idx_emulator::totp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn google_authenticator_code() {
    run(
        "google_authenticator_code",
        Setup::default(),
        |s| async move {
            factors::pick(&s, GOOGLE_USER, "google_otp", None).await?;
            let page = CodePage::wait(&s.browser).await?;
            let heading = pages::heading(&s.browser).await?;
            if heading != "Verify with Google Authenticator" {
                return Err(format!("Google Authenticator's code page titled {heading:?}").into());
            }
            let codes = s.emulator.google_codes(GOOGLE_USER).await?;
            page.submit_code(&codes.code).await?;
            HomePage::wait(&s.browser).await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn google_authenticator_set_up_by_the_key() {
    run(
        "google_authenticator_set_up_by_the_key",
        Setup::default(),
        |s| async move {
            factors::to_enrollment(&s, ENROLL_GOOGLE_USER, "google_otp").await?;
            factors::wait_for_google_qr(&s).await?;
            let heading = pages::heading(&s.browser).await?;
            if heading != "Set up Google Authenticator" {
                return Err(format!("the enrollment is titled {heading:?}").into());
            }
            let alt = pages::wait_for(&s.browser, r#"img[data-testid="google-qr"]"#)
                .await?
                .attr("alt")
                .await?
                .unwrap_or_default();
            if alt.trim().is_empty() {
                return Err("the QR code has no text alternative".into());
            }
            // The key is shown only once asked for.
            if s.browser
                .find(Locator::Css(r#"[data-testid="shared-secret"]"#))
                .await
                .is_ok()
            {
                return Err("the setup key shows before \"Can't scan?\"".into());
            }
            let key = factors::reveal_google_key(&s).await?;
            let secret = totp::decode_base32(&key.replace(char::is_whitespace, ""))
                .ok_or("the setup key on the page is not base32")?;
            // The virtual app (fed by the live enrollment's secret) and the
            // key on the page must give the same code.
            let app = s.emulator.google_codes(ENROLL_GOOGLE_USER).await?;
            let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
            let (typed, _) = totp::current_code(&secret, now);
            if typed != app.code && typed != app.next_code {
                return Err("the key on the page does not give the app's codes".into());
            }
            pages::fill(&s.browser, CodePage::FIELD, &typed).await?;
            pages::submit(&s.browser, step::ENROLL).await?;
            HomePage::wait(&s.browser).await?;
            Ok(())
        },
    )
    .await;
}
