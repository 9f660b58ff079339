//! Okta Verify push: approved, with a number challenge, and denied then
//! sent again.

use e2e::checks::assert_signed_in_storage;
use e2e::pages::{
    self, ChoicePage, DEMO_PASSWORD, DEMO_USER, HomePage, IdentifyPage, PUSH_USER, PushPage,
};
use e2e::steps::PUSH_WAIT;
use e2e::{Session, Setup, run};

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
