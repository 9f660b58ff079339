//! The OTP tokens: a custom OTP token's code, and RSA SecurID asking for
//! the token's next code before signing in; each page titled by its token.

use e2e::factors::{self, OTP_USER};
use e2e::pages::{self, CodePage, HomePage};
use e2e::{Setup, run};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_otp_code() {
    run("custom_otp_code", Setup::default(), |s| async move {
        factors::pick(&s, OTP_USER, "custom_otp", None).await?;
        let page = CodePage::wait(&s.browser).await?;
        let heading = pages::heading(&s.browser).await?;
        if !heading.starts_with("Verify with ") || heading.contains("Okta Verify") {
            return Err(format!("custom OTP's code page titled {heading:?}").into());
        }
        let codes = s.emulator.token_codes(OTP_USER, "custom_otp").await?;
        page.submit_code(&codes.code).await?;
        HomePage::wait(&s.browser).await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rsa_securid_next_code() {
    run("rsa_securid_next_code", Setup::default(), |s| async move {
        factors::pick(&s, OTP_USER, "rsa_token", None).await?;
        let page = CodePage::wait(&s.browser).await?;
        factors::expect_text(&s, "Enter the passcode from your").await?;
        let codes = s.emulator.token_codes(OTP_USER, "rsa_token").await?;
        page.submit_code(&codes.code).await?;
        // The token's code was right, but the server wants the next one.
        factors::expect_text(&s, "Wait until your token shows a new code, then enter it.").await?;
        CodePage::wait(&s.browser)
            .await?
            .submit_code(&codes.next_code)
            .await?;
        HomePage::wait(&s.browser).await?;
        Ok(())
    })
    .await;
}
