//! Okta Verify enrollment for a user who has none: by QR code (then signing
//! in with it), and by a setup link sent by email.

use e2e::checks::assert_signed_in_storage;
use e2e::pages::{self, HomePage, IdentifyPage, NEW_USER};
use e2e::{Setup, run, steps};

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
