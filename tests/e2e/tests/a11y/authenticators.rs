//! The other authenticators' screens, audited in English and in every
//! language the app ships (`public/i18n/*.json`): the phone's method
//! choice, code page and enrollment; the security question's verify page
//! and enrollment (Okta's questions, one's own); Google Authenticator's
//! enrollment (QR code, then the key) and code page; a custom OTP code;
//! Okta FastPass's launch at identify and its waiting screen.
//!
//! Each language runs two walks (each its own test, so a walk stays well
//! inside the harness's time limit): `phone_and_question` and
//! `apps_and_fastpass`. Screenshots are `<screen>-<scheme>.png` in English
//! and `<screen>-<lang>-<scheme>.png` in another language.
//!
//! Invariant: in another language the page says so (`<html lang>`, only
//! that language's file fetched) and each walk checks a heading against
//! that language's file, so an audit never passes on English by mistake.

use e2e::factors::{
    self, ENROLL_GOOGLE_USER, ENROLL_PHONE_USER, ENROLL_QUESTION_USER, ENROLLMENT_DATA, OTP_USER,
    QUESTION_USER,
};
use e2e::pages::{self, CodePage, IdentifyPage};
use e2e::{Session, Setup, TestResult, run};

use crate::audit::Audit;
use crate::language::Lang;

/// Screens audited by [`phone_and_question`].
const PHONE_AND_QUESTION_SCREENS: usize = 6;
/// Screens audited by [`apps_and_fastpass`].
const APPS_AND_FASTPASS_SCREENS: usize = 6;

/// The world of a walk in `lang`: an org with FastPass.
fn setup(lang: Lang) -> Setup {
    Setup {
        config: lang.config(),
        emulator: Some(factors::fastpass_org),
        ..Setup::default()
    }
}

/// Forgets the transaction and opens `/login` afresh, for the next user.
async fn start_over(s: &Session) -> TestResult {
    s.browser
        .execute("window.sessionStorage.clear(); return null;", vec![])
        .await?;
    IdentifyPage::open(s).await?;
    Ok(())
}

/// Phone (method choice, SMS code page, enrollment) and security question
/// (verify, enrollment with Okta's questions, then one's own).
async fn phone_and_question(s: Session, lang: Lang) -> TestResult {
    let mut audit = Audit::default();
    factors::to_phone_methods(&s).await?;
    lang.expect_heading(&s, "auth.phone.verify.title", "Verify with your phone")
        .await?;
    factors::expect_text(&s, factors::MASKED_PHONE).await?;
    audit.screen(&s, &lang.screen("phone-method")).await?;
    factors::send_phone_code(&s, "sms").await?;
    audit.screen(&s, &lang.screen("phone-code")).await?;

    start_over(&s).await?;
    factors::to_enrollment(&s, ENROLL_PHONE_USER, "phone_number").await?;
    pages::step_form(&s.browser, ENROLLMENT_DATA).await?;
    audit.screen(&s, &lang.screen("phone-enroll")).await?;

    start_over(&s).await?;
    factors::pick(&s, QUESTION_USER, "security_question", None).await?;
    pages::wait_for(&s.browser, "#field-answer").await?;
    audit.screen(&s, &lang.screen("question-verify")).await?;

    start_over(&s).await?;
    factors::to_enrollment(&s, ENROLL_QUESTION_USER, "security_question").await?;
    pages::wait_for(&s.browser, "#field-questionKey").await?;
    lang.expect_heading(&s, "auth.sq.enroll.title", "Set up a security question")
        .await?;
    audit.screen(&s, &lang.screen("question-enroll")).await?;
    pages::wait_for(&s.browser, r#"input[data-mode="custom"]"#)
        .await?
        .click()
        .await?;
    pages::wait_for(&s.browser, "#field-question").await?;
    audit
        .screen(&s, &lang.screen("question-enroll-own"))
        .await?;
    audit.finish(PHONE_AND_QUESTION_SCREENS)
}

/// Google Authenticator (enrollment QR code, its key, the code page), a
/// custom OTP code, and Okta FastPass (launch at identify, waiting).
async fn apps_and_fastpass(s: Session, lang: Lang) -> TestResult {
    let mut audit = Audit::default();
    factors::to_enrollment(&s, ENROLL_GOOGLE_USER, "google_otp").await?;
    factors::wait_for_google_qr(&s).await?;
    lang.expect_heading(
        &s,
        "auth.google.enroll.title",
        "Set up Google Authenticator",
    )
    .await?;
    audit.screen(&s, &lang.screen("google-enroll")).await?;
    factors::reveal_google_key(&s).await?;
    audit.screen(&s, &lang.screen("google-enroll-key")).await?;

    start_over(&s).await?;
    factors::pick(&s, factors::GOOGLE_USER, "google_otp", None).await?;
    CodePage::wait(&s.browser).await?;
    audit.screen(&s, &lang.screen("google-code")).await?;

    start_over(&s).await?;
    factors::pick(&s, OTP_USER, "custom_otp", None).await?;
    CodePage::wait(&s.browser).await?;
    audit.screen(&s, &lang.screen("otp-code")).await?;

    start_over(&s).await?;
    let launch = r#"button[data-authenticator="okta_verify"][data-method="signed_nonce"]"#;
    pages::wait_for(&s.browser, launch).await?;
    audit.screen(&s, &lang.screen("fastpass-launch")).await?;
    pages::wait_for(&s.browser, launch).await?.click().await?;
    pages::wait_for(&s.browser, r#"[data-testid="fastpass-waiting"]"#).await?;
    audit.screen(&s, &lang.screen("fastpass-waiting")).await?;
    audit.finish(APPS_AND_FASTPASS_SCREENS)
}

/// One test per language and walk.
macro_rules! walks {
    ($($name:ident: $walk:ident in $lang:expr;)*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let lang = Lang($lang);
            run(stringify!($name), setup(lang), |s| $walk(s, lang)).await;
        }
    )*};
}

walks! {
    a11y_phone_and_question: phone_and_question in None;
    a11y_phone_and_question_de: phone_and_question in Some("de");
    a11y_phone_and_question_es: phone_and_question in Some("es");
    a11y_phone_and_question_fr: phone_and_question in Some("fr");
    a11y_phone_and_question_ja: phone_and_question in Some("ja");
    a11y_apps_and_fastpass: apps_and_fastpass in None;
    a11y_apps_and_fastpass_de: apps_and_fastpass in Some("de");
    a11y_apps_and_fastpass_es: apps_and_fastpass in Some("es");
    a11y_apps_and_fastpass_fr: apps_and_fastpass in Some("fr");
    a11y_apps_and_fastpass_ja: apps_and_fastpass in Some("ja");
}
