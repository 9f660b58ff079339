//! Keyboard only: the TOTP sign-in and the sign-out, driven with nothing but
//! keys (Tab, Shift+Tab, Enter, Space, and typing) through WebDriver actions.
//!
//! On the way it checks what a keyboard user depends on: focus lands on the
//! first field of each new step (or inside the new screen when it has no
//! field), a failed submit puts focus on the field in error with its message
//! linked, every control of a screen is reachable with Tab and with
//! Shift+Tab, and Tab always moves on (nothing traps focus).
//!
//! Invariant: no click, no element `send_keys`, no script that moves focus;
//! scripts only read where focus is (and tag the tabbable elements so the
//! walk can tell them apart).

use fantoccini::Client;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::Value;

use e2e::pages::{self, DEMO_PASSWORD, DEMO_USER, TOKENS_KEY, step};
use e2e::{Failure, Session, Setup, TestResult, run, steps};

/// Presses `keys` together (held in order, released in reverse), e.g.
/// `[Key::Shift, Key::Tab]`.
async fn press(browser: &Client, keys: &[Key]) -> TestResult {
    let mut actions = KeyActions::new("keyboard".to_owned());
    for key in keys {
        actions = actions.then(KeyAction::Down {
            value: char::from(*key),
        });
    }
    for key in keys.iter().rev() {
        actions = actions.then(KeyAction::Up {
            value: char::from(*key),
        });
    }
    browser.perform_actions(actions).await?;
    Ok(())
}

/// Types `text` key by key into whatever has focus.
async fn type_text(browser: &Client, text: &str) -> TestResult {
    let mut actions = KeyActions::new("keyboard".to_owned());
    for c in text.chars() {
        actions = actions
            .then(KeyAction::Down { value: c })
            .then(KeyAction::Up { value: c });
    }
    browser.perform_actions(actions).await?;
    Ok(())
}

/// A readable name for the focused element: `#id`, or the tag with the UI
/// contract's attributes, or `body` when nothing in the page has focus.
async fn focused(browser: &Client) -> Result<String, Failure> {
    let value = browser
        .execute(
            r##"
            const el = document.activeElement;
            if (!el || el === document.body || el === document.documentElement) { return "body"; }
            if (el.id) { return "#" + el.id; }
            let name = el.tagName.toLowerCase();
            for (const attr of ["data-action", "data-authenticator", "data-method", "type", "class"]) {
                const v = el.getAttribute(attr);
                if (v) { name += `[${attr}="${v}"]`; }
            }
            return name;
            "##,
            vec![],
        )
        .await?;
    Ok(value.as_str().unwrap_or("?").to_owned())
}

/// Whether the focused element matches `css`.
async fn focus_matches(browser: &Client, css: &str) -> Result<bool, Failure> {
    let value = browser
        .execute(
            "const el = document.activeElement; return !!el && el.matches(arguments[0]);",
            vec![Value::String(css.to_owned())],
        )
        .await?;
    Ok(value == Value::Bool(true))
}

/// Waits until focus is on `css` (focus moves on the next animation frame).
async fn expect_focus(browser: &Client, css: &str, why: &str) -> TestResult {
    let result = pages::eventually(why, || async {
        Ok(focus_matches(browser, css).await?.then_some(()))
    })
    .await;
    if result.is_err() {
        return Err(format!(
            "{why}: focus is on `{}`, not `{css}`",
            focused(browser).await?
        )
        .into());
    }
    Ok(())
}

/// Presses Tab until focus is on `css`; fails after `limit` presses.
async fn tab_to(browser: &Client, css: &str) -> TestResult {
    let limit = 25;
    let mut seen = Vec::new();
    for _ in 0..limit {
        if focus_matches(browser, css).await? {
            return Ok(());
        }
        press(browser, &[Key::Tab]).await?;
        seen.push(focused(browser).await?);
    }
    Err(format!("Tab never reached `{css}` in {limit} presses; went {seen:?}").into())
}

/// Tags every tabbable element of the page (`data-kbd=<n>`) and returns how many.
async fn tag_tabbables(browser: &Client) -> Result<usize, Failure> {
    let value = browser
        .execute(
            r#"
            const all = document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]");
            const list = [...all].filter((el) =>
                !el.disabled && el.tabIndex >= 0 && el.type !== "hidden" &&
                el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden" &&
                !el.closest("[inert]"));
            document.querySelectorAll("[data-kbd]").forEach((el) => el.removeAttribute("data-kbd"));
            list.forEach((el, i) => el.setAttribute("data-kbd", String(i)));
            return list.length;
            "#,
            vec![],
        )
        .await?;
    value
        .as_u64()
        .map(|n| n as usize)
        .ok_or_else(|| "could not count tabbable elements".into())
}

/// The `data-kbd` tag of the focused element, if it has one.
async fn focused_tag(browser: &Client) -> Result<Option<String>, Failure> {
    let value = browser
        .execute(
            "const el = document.activeElement; return el ? el.getAttribute('data-kbd') : null;",
            vec![],
        )
        .await?;
    Ok(value.as_str().map(str::to_owned))
}

/// Walks the screen with `keys` (Tab, or Shift+Tab) until focus leaves the
/// page or comes back round, and fails unless every tabbable control was
/// visited: a control the walk cannot reach, or a cycle that does not
/// include everything, is a trap.
async fn walk(browser: &Client, keys: &[Key], screen: &str) -> TestResult {
    let count = tag_tabbables(browser).await?;
    if count == 0 {
        return Err(format!("{screen}: nothing on the screen can take focus").into());
    }
    // Where the walk starts counts as reached.
    let mut visited: Vec<String> = focused_tag(browser).await?.into_iter().collect();
    let mut path = vec![focused(browser).await?];
    for _ in 0..count + 3 {
        press(browser, keys).await?;
        path.push(focused(browser).await?);
        match focused_tag(browser).await? {
            Some(tag) if visited.contains(&tag) => break,
            Some(tag) => visited.push(tag),
            // Focus left the page (to the browser); the walk is over.
            None if !visited.is_empty() => break,
            None => {}
        }
    }
    if visited.len() != count {
        return Err(format!(
            "{screen}: {} reached {} of {count} controls; focus went {path:?}",
            if keys.len() == 1 { "Tab" } else { "Shift+Tab" },
            visited.len()
        )
        .into());
    }
    Ok(())
}

/// Both directions reach every control.
async fn no_trap(browser: &Client, screen: &str) -> TestResult {
    walk(browser, &[Key::Tab], screen).await?;
    walk(browser, &[Key::Shift, Key::Tab], screen).await
}

async fn input_type(browser: &Client, id: &str) -> Result<String, Failure> {
    let value = browser
        .execute(
            "const el = document.getElementById(arguments[0]); return el ? el.type : null;",
            vec![Value::String(id.to_owned())],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

async fn input_value(browser: &Client, id: &str) -> Result<String, Failure> {
    let value = browser
        .execute(
            "const el = document.getElementById(arguments[0]); return el ? el.value : null;",
            vec![Value::String(id.to_owned())],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

/// The field in error has focus and names its message in `aria-describedby`.
async fn expect_error_focus(browser: &Client, name: &str, why: &str) -> TestResult {
    let id = format!("field-{name}");
    pages::wait_for(browser, &format!("#{id}-error")).await?;
    expect_focus(browser, &format!("#{id}"), why).await?;
    let described = browser
        .execute(
            "return document.getElementById(arguments[0]).getAttribute('aria-describedby') || '';",
            vec![Value::String(id.clone())],
        )
        .await?;
    let described = described.as_str().unwrap_or_default();
    if !described
        .split_whitespace()
        .any(|t| t == format!("{id}-error"))
    {
        return Err(format!("{why}: #{id} aria-describedby is `{described}`").into());
    }
    Ok(())
}

async fn sign_in_and_out(s: Session) -> TestResult {
    let b = &s.browser;
    b.goto(&s.url("/login")).await?;
    pages::step_form(b, step::IDENTIFY).await?;
    expect_focus(b, "#field-username", "identify: first field focused").await?;
    no_trap(b, "identify").await?;

    // Back to the first field with keys only, then a failed submit.
    tab_to(b, "#field-username").await?;
    press(b, &[Key::Enter]).await?;
    expect_error_focus(b, "username", "identify: empty submit").await?;

    type_text(b, DEMO_USER).await?;
    press(b, &[Key::Tab]).await?;
    expect_focus(b, "#field-password", "Tab from username").await?;
    type_text(b, DEMO_PASSWORD).await?;

    // The show/hide toggle works with Space, and Shift+Tab goes back.
    press(b, &[Key::Tab]).await?;
    expect_focus(
        b,
        r#"button[aria-controls="field-password"]"#,
        "Tab from password",
    )
    .await?;
    press(b, &[Key::Space]).await?;
    if input_type(b, "field-password").await? != "text" {
        return Err("Space on the show toggle did not show the password".into());
    }
    press(b, &[Key::Space]).await?;
    if input_type(b, "field-password").await? != "password" {
        return Err("Space on the toggle again did not hide the password".into());
    }
    press(b, &[Key::Shift, Key::Tab]).await?;
    expect_focus(b, "#field-password", "Shift+Tab from the toggle").await?;
    press(b, &[Key::Enter]).await?;

    // Authenticator choice: focus inside the new screen, every choice reachable.
    pages::step_form(b, step::SELECT_AUTHENTICATOR).await?;
    expect_focus(
        b,
        "main h1, main button, main input",
        "choice: focus on the new screen",
    )
    .await?;
    no_trap(b, "choose authenticator").await?;
    tab_to(
        b,
        r#"button[data-authenticator="okta_verify"][data-method="totp"]"#,
    )
    .await?;
    press(b, &[Key::Space]).await?;

    // Code entry: first field focused; a wrong code keeps focus on the field.
    pages::step_form(b, step::CHALLENGE).await?;
    let field = "#field-verificationCode";
    expect_focus(b, field, "code: first field focused").await?;
    no_trap(b, "code").await?;
    tab_to(b, field).await?;
    let right = s.emulator.totp(DEMO_USER).await?;
    type_text(b, &steps::wrong_code(&right)).await?;
    press(b, &[Key::Enter]).await?;
    expect_error_focus(b, "verificationCode", "code: wrong code").await?;
    // The kept code is selected, so typing replaces it.
    let right = s.emulator.totp(DEMO_USER).await?;
    type_text(b, &right).await?;
    if input_value(b, "field-verificationCode").await? != right {
        return Err("typing after a wrong code did not replace it".into());
    }
    press(b, &[Key::Enter]).await?;

    // Home, then sign out with the keyboard.
    pages::wait_for(b, r#"[data-testid="home"]"#).await?;
    no_trap(b, "home").await?;
    tab_to(b, r#"[data-action="signout"]"#).await?;
    press(b, &[Key::Enter]).await?;
    pages::step_form(b, step::IDENTIFY).await?;
    if pages::session_storage(b, TOKENS_KEY).await?.is_some() {
        return Err("tokens still stored after a keyboard sign-out".into());
    }
    expect_focus(b, "#field-username", "after sign-out: first field focused").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_only_totp_sign_in_and_sign_out() {
    run(
        "keyboard_only_totp_sign_in_and_sign_out",
        Setup::default(),
        sign_in_and_out,
    )
    .await;
}
