//! Sign-up from the identify screen: the profile (with its field errors),
//! the address verified with the emailed code, the first password, signed in.

use e2e::pages::{self, HomePage, IdentifyPage};
use e2e::routes::{
    click_action, enter_email_code, expect_action, expect_first_password, expect_heading,
    fill_profile, set_password, to_sign_up,
};
use e2e::run;
use fantoccini::Locator;

use crate::org;

const NEW_ADDRESS: &str = "ada@example.com";
const NEW_PASSWORD: &str = "Analytical-Engine1";

/// Text of the field message of `name`, once there is one.
async fn field_error(s: &e2e::Session, name: &str) -> Result<String, e2e::Failure> {
    let id = format!("field-{name}-error");
    pages::eventually(&format!("a message under {name}"), || async {
        match s.browser.find(Locator::Id(&id)).await {
            Ok(el) => {
                let text = el.text().await?;
                Ok((!text.trim().is_empty()).then_some(text))
            }
            Err(_) => Ok(None),
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_user_signs_up_verifies_the_address_and_is_signed_in() {
    run(
        "a_new_user_signs_up_verifies_the_address_and_is_signed_in",
        org(),
        |s| async move {
            IdentifyPage::open(&s).await?;
            expect_action(&s, "register", "Sign up").await?;
            to_sign_up(&s).await?;
            expect_heading(&s, "Create your account").await?;
            // Nothing filled in: each required field says so, on itself.
            pages::submit(&s.browser, "enroll-profile").await?;
            for name in ["firstName", "lastName", "email"] {
                field_error(&s, name).await?;
            }
            // An address that already has an account is refused on its field.
            fill_profile(&s, "demo@example.com").await?;
            pages::submit(&s.browser, "enroll-profile").await?;
            let taken = field_error(&s, "email").await?;
            pages::step_form(&s.browser, "enroll-profile").await?;
            s.snap("address-taken").await?;
            if taken.trim().is_empty() {
                return Err("no message for an address already in use".into());
            }
            fill_profile(&s, NEW_ADDRESS).await?;
            pages::submit(&s.browser, "enroll-profile").await?;
            expect_heading(&s, "Check your email").await?;
            enter_email_code(&s, NEW_ADDRESS, pages::step::ENROLL).await?;
            expect_first_password(&s, pages::step::ENROLL).await?;
            set_password(&s, pages::step::ENROLL, "password", NEW_PASSWORD).await?;
            let greeting = HomePage::wait(&s.browser).await?.greeting().await?;
            if !greeting.contains("Ada") {
                return Err(format!("home greets {greeting:?}, not the new user").into());
            }
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_leads_back_to_sign_in() {
    run("sign_up_leads_back_to_sign_in", org(), |s| async move {
        to_sign_up(&s).await?;
        expect_action(&s, "back-to-sign-in", "Back to sign in").await?;
        click_action(&s, "back-to-sign-in").await?;
        IdentifyPage::wait(&s.browser).await?;
        expect_heading(&s, "Sign in").await
    })
    .await;
}
