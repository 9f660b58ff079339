//! The security-key screens, in English and in every language the app
//! ships: setting one up, the same after a cancelled prompt, and verifying
//! after a cancelled prompt (retry beside the frame's way back to the
//! authenticator list); each walk checks the headings and the cancelled
//! prompt's message against the language's file. On `localhost`, the emulator's RP
//! ID, with prompts that end unanswered after 3 s, as a cancelled one does.

use e2e::pages::{self, HomePage, IdentifyPage, step};
use e2e::webauthn::{Authenticator, plug};
use e2e::{Session, Setup, TestResult, run, steps};

use crate::audit::Audit;
use crate::language::Lang;

/// The app's message for a cancelled prompt, in English.
const CANCELLED: &str =
    "The request was cancelled or timed out. Try again, or choose another method.";

/// Waits until the message region gives the cancelled prompt's message in
/// `lang`.
async fn cancelled(s: &Session, lang: Lang, what: &str) -> TestResult {
    let expected = lang.text("webauthn.error.cancelled", CANCELLED)?;
    pages::eventually(what, || async {
        Ok(pages::messages(&s.browser)
            .await?
            .contains(&expected)
            .then_some(()))
    })
    .await
}

/// Setting a key up (the screen, then the same after a cancelled prompt),
/// then verifying after a cancelled prompt, audited in `lang`.
async fn security_key(s: Session, lang: Lang) -> TestResult {
    let mut audit = Audit::default();
    let refusing = Authenticator {
        consenting: false,
        ..Authenticator::security_key()
    };
    // Setting up: the screen, then the same after a cancelled prompt.
    let no = plug(&s.browser, refusing).await?;
    steps::to_security_key_set_up(&s).await?;
    lang.expect_heading(
        &s,
        "webauthn.enroll.title.default",
        "Set up a security key or biometrics",
    )
    .await?;
    audit
        .screen(&s, &lang.screen("security-key-set-up"))
        .await?;
    pages::submit(&s.browser, step::ENROLL).await?;
    cancelled(&s, lang, "the cancelled set-up explained").await?;
    audit
        .screen(&s, &lang.screen("security-key-cancelled"))
        .await?;

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
    cancelled(&s, lang, "the cancelled verification explained").await?;
    lang.expect_heading(
        &s,
        "webauthn.verify.title.default",
        "Verify with a security key or biometrics",
    )
    .await?;
    audit
        .screen(&s, &lang.screen("security-key-verify"))
        .await?;
    audit.finish(3)
}

/// One test per language.
macro_rules! walks {
    ($($name:ident in $lang:expr;)*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let lang = Lang($lang);
            let setup = Setup {
                config: lang.config(),
                localhost: true,
                // A prompt nobody answers ends after 3 s, as a cancelled one does.
                emulator: Some(|config| config.webauthn_timeout_ms = Some(3000)),
                ..Setup::default()
            };
            run(stringify!($name), setup, |s| security_key(s, lang)).await;
        }
    )*};
}

walks! {
    a11y_security_key in None;
    a11y_security_key_de in Some("de");
    a11y_security_key_es in Some("es");
    a11y_security_key_fr in Some("fr");
    a11y_security_key_ja in Some("ja");
}
