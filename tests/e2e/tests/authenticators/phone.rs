//! Phone: verifying by SMS and by voice call (the masked number on the
//! page, never the whole one; back to the list and again), and setting a
//! phone up by SMS and by a call with an extension.

use e2e::factors::{self, ENROLL_PHONE_USER, ENROLLMENT_DATA, MASKED_PHONE, PHONE_USER};
use e2e::pages::{self, ChoicePage, HomePage, step};
use e2e::{Failure, Session, Setup, run};

/// The whole number must never reach the page; only Okta's masked one.
async fn expect_only_masked_number(s: &Session) -> Result<(), Failure> {
    let text = factors::expect_text(s, MASKED_PHONE).await?;
    if text.contains("4155552342") || text.contains("415-555-2342") {
        return Err(format!("the page shows the whole phone number:\n{text}").into());
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_sms_code_after_going_back_to_the_list() {
    run(
        "phone_sms_code_after_going_back_to_the_list",
        Setup::default(),
        |s| async move {
            factors::to_phone_methods(&s).await?;
            expect_only_masked_number(&s).await?;
            let heading = pages::heading(&s.browser).await?;
            if heading != "Verify with your phone" {
                return Err(format!("phone method choice titled {heading:?}").into());
            }
            // Back to the authenticator list, and the phone again.
            pages::wait_for(&s.browser, r#"[data-action="switch-authenticator"]"#)
                .await?
                .click()
                .await?;
            ChoicePage::wait(&s.browser).await?;
            factors::choose(&s, step::SELECT_AUTHENTICATOR, "phone_number", None).await?;
            pages::step_form(&s.browser, factors::VERIFICATION_DATA).await?;

            factors::send_phone_code(&s, "sms").await?;
            factors::expect_text(&s, &format!("A code was sent to {MASKED_PHONE}")).await?;
            expect_only_masked_number(&s).await?;
            let sent = factors::enter_phone_code(&s, PHONE_USER, step::CHALLENGE).await?;
            if sent.method != "sms" || sent.to != "+14155552342" {
                return Err(format!("expected an SMS to the enrolled number, got {sent:?}").into());
            }
            HomePage::wait(&s.browser).await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_voice_call_code() {
    run("phone_voice_call_code", Setup::default(), |s| async move {
        factors::to_phone_methods(&s).await?;
        // The call is offered as the other way, and worded as a call.
        let call = pages::wait_for(
            &s.browser,
            r#"button[data-authenticator="phone_number"][data-method="voice"]"#,
        )
        .await?
        .text()
        .await?;
        if call != "Receive a voice call instead" {
            return Err(format!("the call is offered as {call:?}").into());
        }
        factors::send_phone_code(&s, "voice").await?;
        factors::expect_text(&s, &format!("Calling {MASKED_PHONE}")).await?;
        let text = factors::main_text(&s).await?;
        if text.contains("SMS") || text.contains("was sent") {
            return Err(format!("a call's code page talks of a text:\n{text}").into());
        }
        let sent = factors::enter_phone_code(&s, PHONE_USER, step::CHALLENGE).await?;
        if sent.method != "voice" {
            return Err(format!("expected a voice call, got {sent:?}").into());
        }
        HomePage::wait(&s.browser).await?;
        Ok(())
    })
    .await;
}

/// On the number form: the country, the national number, and (for a call)
/// the extension; then submits it.
async fn enter_number(s: &Session, number: &str, extension: Option<&str>) -> Result<(), Failure> {
    pages::wait_for(&s.browser, "#field-country")
        .await?
        .select_by_value("US")
        .await?;
    pages::fill(&s.browser, "phoneNumber", number).await?;
    if let Some(extension) = extension {
        pages::fill(&s.browser, "extension", extension).await?;
    }
    let prefix = pages::wait_for(&s.browser, ".phone-prefix")
        .await?
        .text()
        .await?;
    if prefix != "+1" {
        return Err(format!("the United States' prefix shows as {prefix:?}").into());
    }
    pages::submit(&s.browser, ENROLLMENT_DATA).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_set_up_by_sms() {
    run("phone_set_up_by_sms", Setup::default(), |s| async move {
        factors::to_enrollment(&s, ENROLL_PHONE_USER, "phone_number").await?;
        pages::step_form(&s.browser, ENROLLMENT_DATA).await?;
        // A number too short is refused on the page, before anything is sent.
        enter_number(&s, "415", None).await?;
        let refused = pages::wait_for(&s.browser, "#field-phoneNumber-error")
            .await?
            .text()
            .await?;
        if refused != "This phone number is too short." {
            return Err(format!("a short number got {refused:?}").into());
        }
        enter_number(&s, "(415) 555-0123", None).await?;
        factors::wait_for_code_form(&s, step::ENROLL).await?;
        let sent = factors::enter_phone_code(&s, ENROLL_PHONE_USER, step::ENROLL).await?;
        if sent.method != "sms" || sent.to != "+14155550123" {
            return Err(format!("expected an SMS to +14155550123, got {sent:?}").into());
        }
        HomePage::wait(&s.browser).await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_set_up_by_voice_call_with_extension() {
    run(
        "phone_set_up_by_voice_call_with_extension",
        Setup::default(),
        |s| async move {
            factors::to_enrollment(&s, ENROLL_PHONE_USER, "phone_number").await?;
            pages::step_form(&s.browser, ENROLLMENT_DATA).await?;
            pages::wait_for(&s.browser, r#"input[name="methodType"][value="voice"]"#)
                .await?
                .click()
                .await?;
            pages::wait_for(&s.browser, "#field-extension").await?;
            enter_number(&s, "415 555 0123", Some("123")).await?;
            factors::wait_for_code_form(&s, step::ENROLL).await?;
            factors::expect_text(&s, "Calling").await?;
            let sent = factors::enter_phone_code(&s, ENROLL_PHONE_USER, step::ENROLL).await?;
            if sent.method != "voice" || sent.to != "+14155550123x123" {
                return Err(format!("expected a call to +14155550123x123, got {sent:?}").into());
            }
            HomePage::wait(&s.browser).await?;
            Ok(())
        },
    )
    .await;
}
