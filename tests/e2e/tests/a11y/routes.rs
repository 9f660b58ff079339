//! The policy routes' screens: a challenge with "Verify with something
//! else", identify with "Sign up" and "Unlock account?", the sign-up form (empty, then with its errors), unlock and
//! "Account unlocked", the password-expiry warning, the optional
//! enrollment, the device assurance grace period, consent (all at once and granular), "Stay signed in?",
//! consent refused, an activation link's password, an expired activation
//! link and its "email sent" end, and a refused link.
//!
//! [`Walk`] reaches each screen the way a person does and audits it; in a
//! language other than English it also fails on a heading or way that is
//! still in English (an untranslated key). The English walks name their
//! screenshots `<screen>-<scheme>.png` (the README's), the others
//! `<screen>-<lang>-<scheme>.png`.

use e2e::pages::{self, DEMO_USER, HomePage, IdentifyPage};
use e2e::routes::{
    CONSENT_ALL_USER, CONSENT_USER, EXPIRING_USER, GRACE_USER, LOCKED_USER, OPTIONAL_USER,
    STAGED_USER, action_text, click_action, enter_password, open_link, self_service_org,
    to_sign_up, to_unlock, unlock_by_email,
};
use e2e::{ConfigMode, Session, Setup, TestResult, run, steps};
use fantoccini::Locator;

use crate::audit::Audit;

/// One walk's audit, in one language (`None`: English).
pub(crate) struct Walk<'a> {
    s: &'a Session,
    audit: Audit,
    lang: Option<&'static str>,
}

impl<'a> Walk<'a> {
    pub(crate) fn new(s: &'a Session, lang: Option<&'static str>) -> Self {
        Self {
            s,
            audit: Audit::default(),
            lang,
        }
    }

    /// Fails when `text` (something shown) is not in the walk's language:
    /// in English it must contain `english`, in any other it must not.
    fn check_words(&self, what: &str, text: &str, english: &str) -> TestResult {
        match self.lang {
            None if !text.contains(english) => {
                Err(format!("{what} reads {text:?}, expected {english:?}").into())
            }
            Some(lang) if text.contains(english) => {
                Err(format!("{what} is still in English in {lang}: {text:?}").into())
            }
            _ => Ok(()),
        }
    }

    /// Checks the way on `action` reads in the walk's language.
    async fn way(&self, action: &str, english: &str) -> TestResult {
        let text = action_text(self.s, action).await?;
        self.check_words(&format!("`{action}`"), &text, english)
    }

    /// Audits the screen showing now, once its heading is there, checking
    /// the heading reads in the walk's language.
    async fn screen(&mut self, name: &str, english_heading: &str) -> TestResult {
        let heading = pages::heading(&self.s.browser).await?;
        self.check_words(&format!("the heading of {name}"), &heading, english_heading)?;
        let shot = match self.lang {
            None => name.to_owned(),
            Some(lang) => format!("{name}-{lang}"),
        };
        self.audit.screen(self.s, &shot).await
    }

    pub(crate) fn finish(self, screens: usize) -> TestResult {
        self.audit.finish(screens)
    }
}

/// The world of a walk: the demo org, in `lang` when given.
pub(crate) fn setup(lang: Option<&'static str>) -> Setup {
    Setup {
        config: lang.map_or(ConfigMode::Generated, |l| ConfigMode::Language(l.into())),
        emulator: Some(self_service_org),
        ..Setup::default()
    }
}

/// Waits until the field message of `name` says something.
async fn field_error(s: &Session, name: &str) -> TestResult {
    let id = format!("field-{name}-error");
    pages::eventually(&format!("a message under {name}"), || async {
        Ok(match s.browser.find(Locator::Id(&id)).await {
            Ok(el) => (!el.text().await?.trim().is_empty()).then_some(()),
            Err(_) => None,
        })
    })
    .await
}

/// A challenge's way back to the list, identify's ways in, sign-up (empty and with errors), unlock, unlocked.
pub(crate) async fn self_service(w: &mut Walk<'_>) -> TestResult {
    let s = w.s;
    steps::to_code_page(s, DEMO_USER).await?;
    w.way("switch-authenticator", "Verify with something else")
        .await?;
    w.screen("switch-authenticator", "Enter a code").await?;
    click_action(s, "cancel").await?;
    IdentifyPage::wait(&s.browser).await?;
    w.way("register", "Sign up").await?;
    w.way("unlock", "Unlock account?").await?;
    w.screen("identify-ways", "Sign in").await?;
    to_sign_up(s).await?;
    w.screen("sign-up", "Create your account").await?;
    pages::submit(&s.browser, "enroll-profile").await?;
    for name in ["firstName", "lastName", "email"] {
        field_error(s, name).await?;
    }
    w.screen("sign-up-errors", "Create your account").await?;
    w.way("back-to-sign-in", "Back to sign in").await?;
    click_action(s, "back-to-sign-in").await?;
    IdentifyPage::wait(&s.browser).await?;
    to_unlock(s, LOCKED_USER).await?;
    w.screen("unlock", "Unlock your account").await?;
    unlock_by_email(s, LOCKED_USER).await?;
    pages::wait_for(&s.browser, r#"h1[data-ending]"#).await?;
    w.way("restart", "Sign in").await?;
    w.screen("unlocked", "Account unlocked").await
}

/// Screens after the password: expiry warning, optional enrollment, the
/// device assurance grace period, granular consent, "Stay signed in?", consent refused, consent.
pub(crate) async fn after_password(w: &mut Walk<'_>) -> TestResult {
    let s = w.s;
    enter_password(s, EXPIRING_USER).await?;
    pages::step_form(&s.browser, "reenroll-authenticator-warning").await?;
    w.way("skip", "Remind me later").await?;
    // Okta's label is English only: in another language the app's own.
    let label = pages::wait_for(&s.browser, r#"label[for="field-newPassword"]"#)
        .await?
        .text()
        .await?;
    w.check_words("the new password's label", &label, "New password")?;
    w.screen("expiry-warning", "Set a new password").await?;
    click_action(s, "skip").await?;
    HomePage::wait(&s.browser).await?.sign_out().await?;

    enter_password(s, OPTIONAL_USER).await?;
    pages::step_form(&s.browser, "select-authenticator-enroll").await?;
    w.way("skip", "Set up later").await?;
    w.screen("enroll-later", "Set up a security method").await?;
    click_action(s, "skip").await?;
    HomePage::wait(&s.browser).await?.sign_out().await?;

    enter_password(s, GRACE_USER).await?;
    pages::step_form(&s.browser, "device-assurance-grace-period").await?;
    w.screen("grace-period", "Device assurance reminder")
        .await?;
    pages::submit(&s.browser, "device-assurance-grace-period").await?;
    HomePage::wait(&s.browser).await?.sign_out().await?;

    enter_password(s, CONSENT_USER).await?;
    pages::step_form(&s.browser, "granular-consent").await?;
    w.way("consent-deny", "Don't allow").await?;
    w.screen("granular-consent", "may access").await?;
    click_action(s, "consent-allow").await?;
    pages::step_form(&s.browser, "keep-me-signed-in").await?;
    w.way("kmsi-no", "Don't stay signed in").await?;
    w.screen("keep-signed-in", "Stay signed in?").await?;
    click_action(s, "kmsi-no").await?;
    HomePage::wait(&s.browser).await?.sign_out().await?;

    enter_password(s, CONSENT_USER).await?;
    click_action(s, "consent-deny").await?;
    pages::wait_for(&s.browser, r#"h1[data-ending]"#).await?;
    w.way("restart", "Start over").await?;
    w.screen("consent-refused", "Sign-in refused").await?;
    click_action(s, "restart").await?;

    enter_password(s, CONSENT_ALL_USER).await?;
    pages::step_form(&s.browser, "consent").await?;
    w.way("consent-allow", "Allow access").await?;
    w.screen("consent", "would like access").await
}

/// A refused link, an expired activation link and its "email sent" end,
/// and a good one's password.
pub(crate) async fn links(w: &mut Walk<'_>) -> TestResult {
    let s = w.s;
    open_link(s, "activationToken", "not-a-real-token").await?;
    w.way("restart", "Sign in").await?;
    w.screen("link-refused", "This link can't be used").await?;

    let expired = s.emulator.activation_token(STAGED_USER, true).await?;
    open_link(s, "activationToken", &expired).await?;
    pages::step_form(&s.browser, "request-activation-email").await?;
    w.screen("activation-expired", "Activation link expired")
        .await?;
    pages::submit(&s.browser, "request-activation-email").await?;
    pages::wait_for(&s.browser, r#"h1[data-ending]"#).await?;
    w.way("restart", "Start over").await?;
    w.screen("activation-sent", "Activation email requested")
        .await?;

    let token = s.emulator.activation_token(STAGED_USER, false).await?;
    open_link(s, "activationToken", &token).await?;
    pages::step_form(&s.browser, pages::step::ENROLL).await?;
    w.screen("activation-password", "Set a new password").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_self_service() {
    run("a11y_self_service", setup(None), |s| async move {
        let mut walk = Walk::new(&s, None);
        self_service(&mut walk).await?;
        walk.finish(6)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_after_the_password() {
    run("a11y_after_the_password", setup(None), |s| async move {
        let mut walk = Walk::new(&s, None);
        after_password(&mut walk).await?;
        walk.finish(7)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_links() {
    run("a11y_links", setup(None), |s| async move {
        let mut walk = Walk::new(&s, None);
        links(&mut walk).await?;
        walk.finish(4)
    })
    .await;
}
