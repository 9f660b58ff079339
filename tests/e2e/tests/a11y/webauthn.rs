//! The security-key screens: setting one up, the same after a cancelled
//! prompt, and verifying after a cancelled prompt (retry beside the frame's
//! way back to the authenticator list). On `localhost`, the emulator's RP
//! ID, with prompts that end unanswered after 3 s, as a cancelled one does.

use e2e::pages::{self, HomePage, IdentifyPage, step};
use e2e::webauthn::{Authenticator, plug};
use e2e::{Session, Setup, run, steps};

use crate::audit::Audit;

/// Waits until the message region says the prompt was cancelled.
async fn cancelled(s: &Session, what: &str) -> Result<(), e2e::Failure> {
    pages::eventually(what, || async {
        Ok(pages::messages(&s.browser)
            .await?
            .contains("cancelled")
            .then_some(()))
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_security_key() {
    let setup = Setup {
        localhost: true,
        // A prompt nobody answers ends after 3 s, as a cancelled one does.
        emulator: Some(|config| config.webauthn_timeout_ms = Some(3000)),
        ..Setup::default()
    };
    run("a11y_security_key", setup, |s| async move {
        let mut audit = Audit::default();
        let refusing = Authenticator {
            consenting: false,
            ..Authenticator::security_key()
        };
        // Setting up: the screen, then the same after a cancelled prompt.
        let no = plug(&s.browser, refusing).await?;
        steps::to_security_key_set_up(&s).await?;
        audit.screen(&s, "security-key-set-up").await?;
        pages::submit(&s.browser, step::ENROLL).await?;
        cancelled(&s, "the cancelled set-up explained").await?;
        audit.screen(&s, "security-key-cancelled").await?;

        // Verifying after a cancelled prompt: retry, or another authenticator.
        no.unplug(&s.browser).await?;
        let key = plug(&s.browser, Authenticator::security_key()).await?;
        pages::submit(&s.browser, step::ENROLL).await?;
        HomePage::wait(&s.browser).await?.sign_out().await?;
        IdentifyPage::wait(&s.browser).await?;
        key.unplug(&s.browser).await?;
        plug(&s.browser, refusing).await?;
        steps::to_security_key_verify(&s).await?;
        pages::wait_for(&s.browser, r#"[data-action="switch-authenticator"]"#).await?;
        cancelled(&s, "the cancelled verification explained").await?;
        audit.screen(&s, "security-key-verify").await?;
        audit.finish(3)
    })
    .await;
}
