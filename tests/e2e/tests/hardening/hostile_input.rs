//! Hostile input: usernames and codes that are long, unicode, control
//! characters or markup, markup the server puts into labels and messages,
//! and a user whose name is markup: all kept or shown as text, never run or
//! turned into elements, the layout intact, nothing accepted that should not be.

use e2e::checks::assert_no_injection_and_layout;
use e2e::pages::{
    self, CodePage, DEMO_USER, IdentifyPage, TOKENS_KEY, field_value, set_field, step, submit,
};
use e2e::{Setup, run, steps};
use fantoccini::Locator;
use serde_json::json;

/// Hostile usernames: kept verbatim in the field, shown as text, layout
/// intact, at most one identify per attempt.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_usernames_stay_text_and_keep_the_layout() {
    run(
        "hostile_usernames_stay_text_and_keep_the_layout",
        Setup::default(),
        |s| async move {
            IdentifyPage::open(&s).await?;
            let long = format!("{}@example.com", "a".repeat(4000));
            let names = [
                long.as_str(),
                "Zoë 🙂 日本語 \u{202e}moc.elpmaxe@evil\u{202c} e\u{301}",
                "demo\u{7}\u{1b}[31m\u{0}\u{200b}@example.com",
                r#"<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>"#,
                r#"" autofocus onfocus="window.__pwned=3" x=""#,
            ];
            for (i, name) in names.iter().enumerate() {
                let context = format!("username #{i}");
                pages::step_form(&s.browser, step::IDENTIFY).await?;
                set_field(&s.browser, "username", name).await?;
                set_field(&s.browser, "password", "not-the-password").await?;
                let before = s.emulator.count("identify", 200).await?.0;
                submit(&s.browser, step::IDENTIFY).await?;
                // Either refused in the page or answered by the server: wait
                // until the form is usable again.
                pages::eventually(
                    &format!("{context}: the form to be ready again"),
                    || async {
                        let Ok(button) = s
                            .browser
                            .find(Locator::Css(
                                r#"form[data-step="identify"] button[type=submit]"#,
                            ))
                            .await
                        else {
                            return Ok(None);
                        };
                        let busy = button.attr("aria-busy").await?.as_deref() == Some("true");
                        let said = !pages::messages(&s.browser).await?.trim().is_empty()
                            || s.browser
                                .find(Locator::Id("field-username-error"))
                                .await
                                .is_ok()
                            || s.browser
                                .find(Locator::Id("field-password-error"))
                                .await
                                .is_ok();
                        Ok((!busy && said).then_some(()))
                    },
                )
                .await?;
                let after = s.emulator.count("identify", 200).await?.0;
                if after > before + 1 {
                    return Err(format!("{context}: identify sent {} times", after - before).into());
                }
                if pages::session_storage(&s.browser, TOKENS_KEY)
                    .await?
                    .is_some()
                {
                    return Err(format!("{context}: signed in with a wrong password").into());
                }
                let kept = field_value(&s.browser, "username").await?;
                if kept != *name && kept.trim() != name.trim() {
                    return Err(format!("{context}: the username was changed or lost").into());
                }
                assert_no_injection_and_layout(&s.browser, &context).await?;
            }
            Ok(())
        },
    )
    .await;
}

/// Hostile codes are refused before sending (or by the server), never
/// accepted, never rendered as markup; the real code then still works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_codes_are_refused_and_the_real_code_still_works() {
    run(
        "hostile_codes_are_refused_and_the_real_code_still_works",
        Setup::default(),
        |s| async move {
            steps::to_code_page(&s, DEMO_USER).await?;
            let long = "9".repeat(500);
            let codes = [
                r#"<img src=x onerror="window.__pwned=1">"#,
                "１２３４５６",
                "12\u{0}3456",
                "١٢٣٤٥٦",
                long.as_str(),
                "123456\u{202e}",
            ];
            for (i, code) in codes.iter().enumerate() {
                let context = format!("code #{i}");
                set_field(&s.browser, CodePage::FIELD, code).await?;
                submit(&s.browser, step::CHALLENGE).await?;
                pages::eventually(&format!("{context}: a message about the code"), || async {
                    let field = s
                        .browser
                        .find(Locator::Id("field-verificationCode-error"))
                        .await;
                    let field_says = match field {
                        Ok(el) => !el.text().await?.trim().is_empty(),
                        Err(_) => false,
                    };
                    let global = !pages::messages(&s.browser).await?.trim().is_empty();
                    Ok((field_says || global).then_some(()))
                })
                .await?;
                assert_no_injection_and_layout(&s.browser, &context).await?;
                if s.emulator.count("answer", 200).await?.1 != 0 {
                    return Err(format!("{context}: a hostile code was accepted").into());
                }
            }
            steps::finish_with_totp(&s, DEMO_USER).await?;
            Ok(())
        },
    )
    .await;
}

/// Markup the server puts into labels and messages is shown as text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_markup_in_labels_and_messages_renders_as_text() {
    run(
        "server_markup_in_labels_and_messages_renders_as_text",
        Setup::default(),
        |s| async move {
            s.emulator
                .fault(json!({ "kind": "idx", "fault": "markup" }))
                .await?;
            let page = IdentifyPage::open(&s).await?;
            let label = page.label("username").await?;
            if !label.contains("<b>injected</b>") {
                return Err(format!("the injected label is not shown as text: {label:?}").into());
            }
            assert_no_injection_and_layout(&s.browser, "labels").await?;
            page.enter(DEMO_USER, "wrong-password").await?;
            let text = pages::eventually("the injected message", || async {
                let global = pages::messages(&s.browser).await?;
                let field = match s.browser.find(Locator::Css("[id$='-error']")).await {
                    Ok(el) => el.text().await?,
                    Err(_) => String::new(),
                };
                let all = format!("{global}\n{field}");
                Ok(all.contains("<b>injected</b>").then_some(all))
            })
            .await?;
            if !text.contains("<img") {
                return Err(format!("the markup was altered rather than shown: {text:?}").into());
            }
            assert_no_injection_and_layout(&s.browser, "messages").await?;
            Ok(())
        },
    )
    .await;
}

/// A user whose name is markup (from the ID token) is greeted as text.
fn hostile_user(config: &mut idx_emulator::Config) {
    if let Some(demo) = config
        .users
        .iter()
        .find(|u| u.username == DEMO_USER)
        .cloned()
    {
        let mut user = demo;
        user.username = HOSTILE_USER.to_owned();
        user.email = HOSTILE_USER.to_owned();
        user.id = "00uhostile0000000003".to_owned();
        user.first_name = r#"<img src=x onerror="window.__pwned=1">"#.to_owned();
        user.last_name = "<b>Bold</b>".to_owned();
        config.users.push(user);
    }
}

const HOSTILE_USER: &str = "hostile@example.com";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_in_the_users_name_is_greeted_as_text() {
    run(
        "markup_in_the_users_name_is_greeted_as_text",
        Setup {
            emulator: Some(hostile_user),
            ..Setup::default()
        },
        |s| async move {
            let home = steps::sign_in_with_code(&s, HOSTILE_USER).await?;
            let greeting = home.greeting().await?;
            if !greeting.contains("<img") || !greeting.contains("<b>Bold</b>") {
                return Err(format!("the name is not shown as text: {greeting:?}").into());
            }
            assert_no_injection_and_layout(&s.browser, "home").await?;
            Ok(())
        },
    )
    .await;
}
