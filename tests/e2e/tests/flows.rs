//! One end-to-end test per sign-in flow (issue 5's list, then identity
//! providers, email magic links, Okta Verify enrollment and password
//! recovery), plus the config error page. Each runs in its own world (site, emulator, browser) via
//! [`e2e::run`] and leaves `screenshots/<test>.png`.
//!
//! These drive a browser only under `cargo xtask test` (which sets
//! `E2E_DIST`); plain `cargo test -p e2e` prints SKIPPED for each.

use std::time::Duration;

use e2e::pages::{
    self, ChoicePage, CodePage, DEMO_PASSWORD, DEMO_USER, HomePage, IdentifyPage, NEW_USER,
    PUSH_USER, PushPage, TOKENS_KEY, TRANSACTION_KEY, step,
};
use e2e::steps::{self, PUSH_WAIT};
use e2e::{ConfigMode, Session, Setup, TestResult, run};
use fantoccini::Locator;

/// Fails unless the tokens are in sessionStorage as JSON, with the transaction meta gone.
async fn assert_signed_in_storage(s: &Session) -> TestResult {
    let tokens = pages::session_storage(&s.browser, TOKENS_KEY)
        .await?
        .ok_or("no tokens in sessionStorage after sign-in")?;
    let tokens: serde_json::Value =
        serde_json::from_str(&tokens).map_err(|err| format!("{TOKENS_KEY} is not JSON: {err}"))?;
    if !tokens.is_object() {
        return Err(format!("{TOKENS_KEY} is not a JSON object").into());
    }
    if pages::session_storage(&s.browser, TRANSACTION_KEY)
        .await?
        .is_some()
    {
        return Err(format!("{TRANSACTION_KEY} is still stored after sign-in").into());
    }
    Ok(())
}

/// After the password: the choice page (then push), or push straight away
/// when push is the only way offered.
async fn reach_push(s: &Session, username: &str) -> Result<(), e2e::Failure> {
    // Not `sign_in`: that insists on the choice page.
    IdentifyPage::open(s)
        .await?
        .enter(username, DEMO_PASSWORD)
        .await?;
    let next = pages::wait_for(
        &s.browser,
        r#"[data-testid="push-waiting"], form[data-step="select-authenticator-authenticate"]"#,
    )
    .await?;
    if next.attr("data-testid").await?.as_deref() != Some("push-waiting") {
        ChoicePage::wait(&s.browser)
            .await?
            .okta_verify_push()
            .await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identify_form_renders_its_fields() {
    run(
        "identify_form_renders_its_fields",
        Setup::default(),
        |s| async move {
            let page = IdentifyPage::open(&s).await?;
            let heading = pages::heading(&s.browser).await?;
            if heading.trim().is_empty() {
                return Err("the sign-in page has an empty <h1>".into());
            }
            for (name, kind) in [("username", "text"), ("password", "password")] {
                let field = page.field(name).await?;
                let id = field.attr("id").await?;
                if id.as_deref() != Some(&format!("field-{name}")) {
                    return Err(format!("{name} input has id {id:?}").into());
                }
                if field.attr("type").await?.as_deref() != Some(kind) {
                    return Err(format!("{name} input is not type={kind}").into());
                }
                if page.label(name).await?.trim().is_empty() {
                    return Err(format!("{name} has no label text").into());
                }
            }
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn totp_sign_in_reaches_home_with_tokens() {
    run(
        "totp_sign_in_reaches_home_with_tokens",
        Setup::default(),
        |s| async move {
            let home = steps::sign_in_with_code(&s, DEMO_USER).await?;
            let greeting = home.greeting().await?;
            if !greeting.contains("Demo") {
                return Err(format!("home greeting {greeting:?} does not name the user").into());
            }
            if home.token_expiry().await?.trim().is_empty() {
                return Err("no token expiry shown".into());
            }
            assert_signed_in_storage(&s).await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_code_then_right_code() {
    run(
        "wrong_code_then_right_code",
        Setup::default(),
        |s| async move {
            let code_page = steps::to_code_page(&s, DEMO_USER).await?;
            let right = s.emulator.totp(DEMO_USER).await?;
            // A six-digit code that is certainly not the current one.
            let wrong: String = right
                .chars()
                .map(|c| {
                    if c == '9' {
                        '0'
                    } else {
                        char::from(c as u8 + 1)
                    }
                })
                .collect();
            code_page.submit_code(&wrong).await?;
            let message = code_page.field_error().await?;
            s.snap("wrong-code").await?;
            if message.trim().is_empty() {
                return Err("no message for a wrong code".into());
            }
            // Still on the code step, with the field kept and focused.
            CodePage::wait(&s.browser).await?;
            let focused = s.browser.active_element().await?.attr("id").await?;
            if focused.as_deref() != Some("field-verificationCode") {
                return Err(format!("focus is on {focused:?}, not the code field").into());
            }
            steps::finish_with_totp(&s, DEMO_USER).await?;
            assert_signed_in_storage(&s).await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_numeric_code_is_refused_before_sending() {
    run(
        "non_numeric_code_is_refused_before_sending",
        Setup::default(),
        |s| async move {
            let code_page = steps::to_code_page(&s, DEMO_USER).await?;
            pages::count_idx_requests(&s.browser).await?;
            code_page.submit_code("12ab56").await?;
            code_page.field_error().await?;
            s.snap("refused").await?;
            // Give a request that should not happen time to start.
            tokio::time::sleep(Duration::from_millis(500)).await;
            let sent = pages::idx_requests(&s.browser).await?;
            if sent != 0 {
                return Err(format!("{sent} IDX request(s) sent for a non-numeric code").into());
            }
            // The step still works with a real code.
            steps::finish_with_totp(&s, DEMO_USER).await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_approved_signs_in() {
    run("push_approved_signs_in", Setup::default(), |s| async move {
        reach_push(&s, DEMO_USER).await?;
        let push = s.emulator.wait_for_push(DEMO_USER, PUSH_WAIT).await?;
        if push.correct_answer.is_some() {
            return Err("demo user's push unexpectedly has a number challenge".into());
        }
        s.emulator.approve(&push.id, None).await?;
        HomePage::wait(&s.browser).await?;
        assert_signed_in_storage(&s).await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_with_number_challenge() {
    run(
        "push_with_number_challenge",
        Setup::default(),
        |s| async move {
            reach_push(&s, PUSH_USER).await?;
            let push = s.emulator.wait_for_push(PUSH_USER, PUSH_WAIT).await?;
            let answer = push
                .correct_answer
                .clone()
                .ok_or("push has no number challenge")?;
            let shown = PushPage::wait(&s.browser).await?.number_challenge().await?;
            s.snap("number-challenge").await?;
            if shown != answer {
                return Err(format!("page shows {shown:?}, Okta Verify expects {answer:?}").into());
            }
            s.emulator.approve(&push.id, Some(&shown)).await?;
            HomePage::wait(&s.browser).await?;
            assert_signed_in_storage(&s).await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_denied_then_resend() {
    run(
        "push_denied_then_resend",
        Setup::default(),
        |s| async move {
            reach_push(&s, DEMO_USER).await?;
            let first = s.emulator.wait_for_push(DEMO_USER, PUSH_WAIT).await?;
            s.emulator.deny(&first.id).await?;
            // The rejection must be shown (the `resend` step and Okta's
            // message), not just a resend link on the waiting screen.
            pages::step_form(&s.browser, "resend").await?;
            let said = pages::messages(&s.browser).await?;
            if said.trim().is_empty() {
                return Err("no message after the push was rejected".into());
            }
            s.snap("rejected").await?;
            PushPage::resend(&s.browser).await?;
            let second = pages::eventually("a new push after resend", || async {
                let pushes = s.emulator.pushes(DEMO_USER).await?;
                Ok(pushes.into_iter().find(|push| push.id != first.id))
            })
            .await?;
            s.emulator.approve(&second.id, None).await?;
            HomePage::wait(&s.browser).await?;
            assert_signed_in_storage(&s).await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_mid_flow_resumes() {
    run(
        "reload_mid_flow_resumes",
        Setup::default(),
        |s| async move {
            steps::to_choice_page(&s, DEMO_USER).await?;
            if pages::session_storage(&s.browser, TRANSACTION_KEY)
                .await?
                .is_none()
            {
                return Err(format!("no {TRANSACTION_KEY} stored mid-flow").into());
            }
            s.browser.refresh().await?;
            // Back on the authenticator choice, not the identify form.
            ChoicePage::wait(&s.browser)
                .await?
                .okta_verify_code()
                .await?;
            if s.browser
                .find(Locator::Css(r#"form[data-step="identify"]"#))
                .await
                .is_ok()
            {
                return Err("the identify form came back after reload".into());
            }
            steps::finish_with_totp(&s, DEMO_USER).await?;
            assert_signed_in_storage(&s).await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_transaction_starts_over_with_a_message() {
    run(
        "expired_transaction_starts_over_with_a_message",
        Setup::default(),
        |s| async move {
            steps::to_code_page(&s, DEMO_USER).await?;
            s.emulator.expire_transactions().await?;
            steps::enter_totp(&s, DEMO_USER).await?;
            let restart = pages::wait_for(&s.browser, r#"[data-action="restart"]"#).await?;
            let said = pages::messages(&s.browser).await?;
            s.snap("expired").await?;
            if said.trim().is_empty() {
                return Err("the expired state shows no message".into());
            }
            restart.click().await?;
            let page = IdentifyPage::wait(&s.browser).await?;
            page.field("username").await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_clears_storage() {
    run(
        "sign_out_clears_storage",
        Setup::default(),
        |s| async move {
            let home = steps::sign_in_with_code(&s, DEMO_USER).await?;
            assert_signed_in_storage(&s).await?;
            home.sign_out().await?;
            // Sign-out ends the Okta session via the logout URL and comes back to the app.
            let origin = s.origin.clone();
            pages::eventually("the browser back on the app after sign-out", || async {
                let url = s.browser.current_url().await?;
                let back = url.as_str().starts_with(&origin)
                    && s.browser
                        .find(Locator::Css(r#"[data-testid="home"]"#))
                        .await
                        .is_err();
                Ok(back.then_some(()))
            })
            .await?;
            // Tokens gone. (The transaction key may hold a *new* sign-in that
            // `/login` starts; the old one was already cleared at sign-in.)
            if pages::session_storage(&s.browser, TOKENS_KEY)
                .await?
                .is_some()
            {
                return Err(format!("{TOKENS_KEY} still in sessionStorage after sign-out").into());
            }
            IdentifyPage::wait(&s.browser).await?;
            // The home page is protected again.
            s.browser.goto(&s.url("/")).await?;
            IdentifyPage::wait(&s.browser).await?;
            Ok(())
        },
    )
    .await;
}

/// Shared body of the config error tests.
async fn config_error_page(s: Session) -> TestResult {
    s.browser.goto(&s.url("/login")).await?;
    let error = pages::wait_for(&s.browser, r#"[data-testid="config-error"]"#).await?;
    let text = error.text().await?;
    if !text.contains("config.json") {
        return Err(format!("config error page does not name config.json: {text:?}").into());
    }
    if s.browser
        .find(Locator::Css(&format!(
            r#"form[data-step="{}"]"#,
            step::IDENTIFY
        )))
        .await
        .is_ok()
    {
        return Err("a sign-in form is shown despite the config error".into());
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_config_shows_the_config_error_page() {
    let setup = Setup {
        config: ConfigMode::Missing,
        ..Setup::default()
    };
    run(
        "missing_config_shows_the_config_error_page",
        setup,
        config_error_page,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_config_shows_the_config_error_page() {
    let setup = Setup {
        config: ConfigMode::Raw(
            r#"{"issuer": "http://127.0.0.1:1/oauth2/default", "clientId": "#.into(),
        ),
        ..Setup::default()
    };
    run(
        "broken_config_shows_the_config_error_page",
        setup,
        config_error_page,
    )
    .await;
}

/// Fails unless the address bar shows `path` with no query (no code or
/// state left in the history).
async fn assert_clean_address(s: &Session, path: &str) -> TestResult {
    let url = s.browser.current_url().await?;
    if url.path() != path || url.query().is_some() {
        return Err(format!(
            "the address is {}{:?}, not a clean {path}",
            url.path(),
            url.query()
        )
        .into());
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idp_sign_in_returns_through_the_callback_to_home() {
    run(
        "idp_sign_in_returns_through_the_callback_to_home",
        Setup::default(),
        |s| async move {
            IdentifyPage::open(&s).await?;
            let idp = pages::wait_for(&s.browser, r#"a[data-action="idp"]"#).await?;
            if !idp.text().await?.contains("Emulated IdP") {
                return Err("the identify page does not offer the emulated IdP".into());
            }
            idp.click().await?;
            // The identity provider's own page (another origin).
            let continue_button =
                pages::wait_for(&s.browser, r#"[data-action="continue"]"#).await?;
            s.snap("idp-page").await?;
            continue_button.click().await?;
            let home = HomePage::wait(&s.browser).await?;
            if !home.greeting().await?.contains("Demo") {
                return Err("home does not greet the IdP's user".into());
            }
            assert_signed_in_storage(&s).await?;
            assert_clean_address(&s, "/").await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idp_cancel_says_sign_in_was_denied() {
    run(
        "idp_cancel_says_sign_in_was_denied",
        Setup::default(),
        |s| async move {
            steps::through_idp(&s, "cancel").await?;
            pages::wait_for(&s.browser, r#"[data-action="restart"]"#).await?;
            s.snap("denied").await?;
            let text = pages::messages(&s.browser).await?;
            if !text.contains("denied") {
                return Err(
                    format!("the callback says `{text}`, not that sign-in was denied").into(),
                );
            }
            if pages::session_storage(&s.browser, TOKENS_KEY)
                .await?
                .is_some()
            {
                return Err("tokens stored after a denied IdP sign-in".into());
            }
            // Starting over works from here.
            pages::wait_for(&s.browser, r#"[data-action="restart"]"#)
                .await?
                .click()
                .await?;
            IdentifyPage::wait(&s.browser).await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_magic_link_in_the_same_tab_signs_in() {
    run(
        "email_magic_link_in_the_same_tab_signs_in",
        Setup::default(),
        |s| async move {
            steps::to_choice_page(&s, DEMO_USER).await?.email().await?;
            let link = s.emulator.email_link(DEMO_USER).await?;
            s.browser.goto(&link).await?;
            HomePage::wait(&s.browser).await?;
            assert_signed_in_storage(&s).await?;
            assert_clean_address(&s, "/").await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_magic_link_in_another_tab_shows_the_code_to_type() {
    run(
        "email_magic_link_in_another_tab_shows_the_code_to_type",
        Setup::default(),
        |s| async move {
            let code_page = steps::to_choice_page(&s, DEMO_USER).await?.email().await?;
            let link = s.emulator.email_link(DEMO_USER).await?;
            let sign_in_tab = s.browser.window().await?;
            // A tab the email client opens: its sessionStorage is its own.
            let other = s.browser.new_window(true).await?;
            s.browser.switch_to_window(other.handle).await?;
            s.browser.goto(&link).await?;
            let shown = pages::wait_for(&s.browser, r#"[data-testid="magic-link-code"]"#)
                .await?
                .text()
                .await?;
            s.snap("code-shown").await?;
            let code: String = shown.chars().filter(char::is_ascii_digit).collect();
            if code.len() != 6 || !link.contains(&format!("otp={code}")) {
                return Err("the other tab does not show the link's code".into());
            }
            let warning = pages::wait_for(&s.browser, r#"[data-testid="never-share"]"#)
                .await?
                .text()
                .await?;
            if !warning.contains("Never share this code") {
                return Err(format!("no warning never to share the code: {warning:?}").into());
            }
            // The code leaves the address bar, and its history entry too.
            let address = s.browser.current_url().await?;
            if address.query().is_some() || address.path() != "/login/callback" {
                return Err(format!("the code stays in the address bar: {address}").into());
            }
            s.browser.back().await?;
            s.browser.forward().await?;
            let revisited = s.browser.current_url().await?;
            if revisited.as_str().contains(&code) || revisited.query().is_some() {
                return Err("the code is still in the tab's history".into());
            }
            if pages::session_storage(&s.browser, TOKENS_KEY)
                .await?
                .is_some()
            {
                return Err("the other tab signed in without the transaction".into());
            }
            s.browser.close_window().await?;
            s.browser.switch_to_window(sign_in_tab).await?;
            code_page.submit_code(&code).await?;
            HomePage::wait(&s.browser).await?;
            assert_signed_in_storage(&s).await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn okta_verify_enrollment_by_qr_code_then_signing_in_with_it() {
    run(
        "okta_verify_enrollment_by_qr_code_then_signing_in_with_it",
        Setup {
            emulator: Some(steps::fast_poll),
            ..Setup::default()
        },
        |s| async move {
            steps::to_enrollment_qr(&s, NEW_USER).await?;
            s.snap("qr").await?;
            if s.emulator.enrollment_channel(NEW_USER).await? != "qrcode" {
                return Err("the emulator is not waiting for a QR scan".into());
            }
            // The phone scans the code: the waiting screen notices by itself.
            s.emulator.activate_enrollment(NEW_USER).await?;
            let home = HomePage::wait(&s.browser).await?;
            if !home.greeting().await?.contains("New") {
                return Err("home does not greet the newly enrolled user".into());
            }
            assert_signed_in_storage(&s).await?;
            // Next time, Okta Verify is theirs to verify with.
            home.sign_out().await?;
            IdentifyPage::wait(&s.browser).await?;
            steps::sign_in_with_code(&s, NEW_USER).await?;
            assert_signed_in_storage(&s).await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn okta_verify_enrollment_by_email_link() {
    run(
        "okta_verify_enrollment_by_email_link",
        Setup {
            emulator: Some(steps::fast_poll),
            ..Setup::default()
        },
        |s| async move {
            steps::to_enrollment_qr(&s, NEW_USER).await?;
            steps::enroll_by_email_link(&s, "new.phone@example.com").await?;
            let sent = pages::wait_for(&s.browser, r#"[data-testid="enroll-sent"]"#)
                .await?
                .text()
                .await?;
            if !sent.contains("new.phone@example.com") {
                return Err(format!("the screen does not say where the link went: {sent}").into());
            }
            if s.emulator.enrollment_channel(NEW_USER).await? != "email" {
                return Err("the emulator did not switch to the email link".into());
            }
            // The QR code stays one click away.
            pages::wait_for(
                &s.browser,
                r#"[data-action="enroll-channel"][data-channel="qrcode"]"#,
            )
            .await?;
            s.emulator.activate_enrollment(NEW_USER).await?;
            HomePage::wait(&s.browser).await?;
            assert_signed_in_storage(&s).await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgotten_password_is_reset_after_okta_verify_and_signs_in() {
    run(
        "forgotten_password_is_reset_after_okta_verify_and_signs_in",
        Setup::default(),
        |s| async move {
            steps::start_recovery(&s).await?;
            // Proving it is them: the Okta Verify code.
            steps::recover_with_totp(&s, DEMO_USER).await?;
            s.snap("new-password").await?;
            // A password that misses the rules is refused before sending.
            pages::count_idx_requests(&s.browser).await?;
            pages::fill(&s.browser, "newPassword", "alllowercase").await?;
            pages::fill(&s.browser, "confirmPassword", "alllowercase").await?;
            pages::submit(&s.browser, "reset-authenticator").await?;
            pages::wait_for(&s.browser, "#field-newPassword-error").await?;
            if pages::idx_requests(&s.browser).await? != 0 {
                return Err("a password missing the rules was sent".into());
            }
            let new_password = "Brand-new-Pass9";
            pages::fill(&s.browser, "newPassword", new_password).await?;
            pages::fill(&s.browser, "confirmPassword", new_password).await?;
            pages::submit(&s.browser, "reset-authenticator").await?;
            let home = HomePage::wait(&s.browser).await?;
            assert_signed_in_storage(&s).await?;
            // The old password is gone, the new one works.
            home.sign_out().await?;
            IdentifyPage::wait(&s.browser)
                .await?
                .enter(DEMO_USER, DEMO_PASSWORD)
                .await?;
            pages::wait_for(&s.browser, r#"[data-testid="messages"] .message.error"#).await?;
            IdentifyPage::wait(&s.browser)
                .await?
                .sign_in(DEMO_USER, new_password)
                .await?;
            Ok(())
        },
    )
    .await;
}

fn idp_wants_another_factor(config: &mut idx_emulator::Config) {
    for idp in &mut config.idps {
        idp.mfa = true;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idp_sign_in_that_needs_another_factor_resumes_the_transaction() {
    run(
        "idp_sign_in_that_needs_another_factor_resumes_the_transaction",
        Setup {
            emulator: Some(idp_wants_another_factor),
            ..Setup::default()
        },
        |s| async move {
            steps::through_idp(&s, "continue").await?;
            // Back with `error=interaction_required`: the saved transaction
            // is resumed and goes on at the factor choice for the IdP's user.
            ChoicePage::wait(&s.browser)
                .await?
                .okta_verify_code()
                .await?;
            assert_clean_address(&s, "/login").await?;
            steps::finish_with_totp(&s, DEMO_USER).await?;
            assert_signed_in_storage(&s).await
        },
    )
    .await;
}
