//! The org's CAPTCHA at sign-in (protocol doc §8.7), against the emulator
//! with its CAPTCHA on and the vendors' scripts replaced by the emulator's
//! stand-ins (`captchaScripts` in `config.json`): the script is fetched only
//! once a step asks for it, the invisible widget answers on submit, and the
//! emulator (which refuses identify without a good single-use token) lets
//! the person on, for hCaptcha and reCAPTCHA alike.

use e2e::pages::{self, DEMO_USER, IdentifyPage};
use e2e::site::ConfigMode;
use e2e::{Setup, run, steps};
use idx_emulator::Config;

fn captcha(config: &mut Config, kind: &str) {
    config.org.captcha = Some(idx_emulator::config::Captcha {
        id: "capE2e0001".into(),
        name: if kind == "HCAPTCHA" {
            "hCaptcha"
        } else {
            "reCaptcha"
        }
        .into(),
        site_key: "site-key-of-the-e2e-org".into(),
        kind: kind.into(),
    });
}

fn with_hcaptcha(config: &mut Config) {
    captcha(config, "HCAPTCHA");
}

fn with_recaptcha(config: &mut Config) {
    captcha(config, "RECAPTCHA_V2");
}

/// Signs in with the demo user through a CAPTCHA'd identify, then with the
/// Okta Verify code, to the home page; `global` is the vendor's global the
/// stand-in defined.
async fn sign_in_through_captcha(s: &e2e::Session, global: &str) -> e2e::TestResult {
    let page = IdentifyPage::open(s).await?;
    // The widget's host is in the form, and no answer field is shown.
    pages::wait_for(&s.browser, "form[data-step=identify] [data-testid=captcha]").await?;
    if !s
        .browser
        .find_all(fantoccini::Locator::Css("#field-captchaToken"))
        .await?
        .is_empty()
    {
        return Err("the CAPTCHA answer is shown as a field".into());
    }
    // The vendor's script was loaded for this step (it defined its global).
    pages::eventually("the CAPTCHA script to load", || async {
        let loaded = s
            .browser
            .execute(
                &format!("return typeof window.{global} === 'object';"),
                vec![],
            )
            .await?;
        Ok(loaded.as_bool().unwrap_or(false).then_some(()))
    })
    .await?;
    s.snap("identify").await?;
    page.sign_in(DEMO_USER, pages::DEMO_PASSWORD)
        .await?
        .okta_verify_code()
        .await?;
    steps::enter_totp(s, DEMO_USER).await?;
    pages::HomePage::wait(&s.browser).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hcaptcha_at_identify_is_solved_on_submit_and_signs_in() {
    run(
        "hcaptcha_at_identify_is_solved_on_submit_and_signs_in",
        Setup {
            config: ConfigMode::CaptchaStandIn,
            emulator: Some(with_hcaptcha),
            ..Setup::default()
        },
        |s| async move {
            sign_in_through_captcha(&s, "hcaptcha").await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recaptcha_at_identify_is_solved_on_submit_and_signs_in() {
    run(
        "recaptcha_at_identify_is_solved_on_submit_and_signs_in",
        Setup {
            config: ConfigMode::CaptchaStandIn,
            emulator: Some(with_recaptcha),
            ..Setup::default()
        },
        |s| async move {
            sign_in_through_captcha(&s, "grecaptcha").await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_captcha_script_says_so_and_keeps_what_was_typed() {
    run(
        "an_unreachable_captcha_script_says_so_and_keeps_what_was_typed",
        Setup {
            // The generated config: the vendor's own script, which a test
            // cannot reach (no network beyond loopback), as when a
            // Content-Security-Policy or a blocker stops it.
            emulator: Some(with_hcaptcha),
            ..Setup::default()
        },
        |s| async move {
            let page = IdentifyPage::open(&s).await?;
            page.enter(DEMO_USER, pages::DEMO_PASSWORD).await?;
            pages::submit(&s.browser, "identify").await?;
            let text = pages::eventually("the CAPTCHA failure message", || async {
                let text = pages::messages(&s.browser).await?;
                Ok(text.contains("could not load").then_some(text))
            })
            .await?;
            if text.trim().is_empty() {
                return Err("no message".into());
            }
            if pages::field_value(&s.browser, "username").await? != DEMO_USER {
                return Err("the username was lost".into());
            }
            // Nothing was sent, so the password is still there to resend.
            if pages::field_value(&s.browser, "password").await?.is_empty() {
                return Err("the password was dropped though nothing was sent".into());
            }
            if pages::heading(&s.browser).await? != "Sign in" {
                return Err("the sign-in form is no longer shown".into());
            }
            Ok(())
        },
    )
    .await;
}
