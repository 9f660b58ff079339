//! Page objects: what a person sees and does on each screen, in terms of the
//! UI contract between the app and these tests (`data-step`, `data-testid`,
//! `data-action`, `data-authenticator`/`data-method`, `field-<name>` ids).
//!
//! Invariant: tests never use CSS classes or text positions to find things;
//! only the contract's attributes, so styling changes cannot break them.

use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::harness::{Failure, Session};

/// Longest wait for something to appear (cold wasm start, polling, slow CI).
pub const WAIT: Duration = Duration::from_secs(30);

/// sessionStorage key of the tokens (UI contract).
pub const TOKENS_KEY: &str = "signin.tokens.v1";
/// sessionStorage key of the transaction meta (UI contract).
pub const TRANSACTION_KEY: &str = "signin.transaction.v2";

/// The demo user with Okta Verify code and push (no number challenge).
pub const DEMO_USER: &str = "demo@example.com";
/// The demo user whose pushes carry a number challenge.
pub const PUSH_USER: &str = "push@example.com";
/// The demo user without Okta Verify: the policy makes them set it up.
pub const NEW_USER: &str = "new@example.com";
/// The demo user whose policy requires a security key (set up on first sign-in).
pub const KEY_USER: &str = "key@example.com";
/// Both demo users' password (documented demo credential).
pub const DEMO_PASSWORD: &str = "correct-horse-battery";

/// IDX step names used in `form[data-step]`.
pub mod step {
    /// Username (and password) form.
    pub const IDENTIFY: &str = "identify";
    /// Authenticator choice when signing in.
    pub const SELECT_AUTHENTICATOR: &str = "select-authenticator-authenticate";
    /// Code entry (Okta Verify TOTP, email), and the security-key prompt.
    pub const CHALLENGE: &str = "challenge-authenticator";
    /// Setting an authenticator up (the security-key prompt).
    pub const ENROLL: &str = "enroll-authenticator";
}

fn form(step: &str) -> String {
    format!(r#"form[data-step="{step}"]"#)
}

/// Waits for an element matching `css`.
pub async fn wait_for(browser: &Client, css: &str) -> Result<Element, Failure> {
    browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .map_err(|err| format!("`{css}` did not appear within {WAIT:?}: {err}").into())
}

/// Waits until `check` yields `Some`, polling every 100 ms; `what` names the
/// expectation for the failure message.
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> Result<T, Failure>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>, Failure>>,
{
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(value) = check().await? {
            return Ok(value);
        }
        if Instant::now() > deadline {
            return Err(format!("timed out after {WAIT:?} waiting for {what}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The step form currently shown, waiting for `step`.
pub async fn step_form(browser: &Client, step: &str) -> Result<Element, Failure> {
    wait_for(browser, &form(step)).await
}

/// Text of the page's single `<h1>`.
pub async fn heading(browser: &Client) -> Result<String, Failure> {
    Ok(wait_for(browser, "h1").await?.text().await?)
}

/// Text of the global message region (empty when it holds nothing).
pub async fn messages(browser: &Client) -> Result<String, Failure> {
    // A screen change re-creates the region: a read that loses the element
    // it found to a re-render reads the new one (at most twice more).
    let mut attempts = 0;
    loop {
        let region = wait_for(browser, r#"[data-testid="messages"]"#).await?;
        match region.text().await {
            Ok(text) => return Ok(text),
            Err(err) if err.is_stale_element_reference() && attempts < 2 => attempts += 1,
            Err(err) => return Err(err.into()),
        }
    }
}

/// Reads a sessionStorage entry.
pub async fn session_storage(browser: &Client, key: &str) -> Result<Option<String>, Failure> {
    let value = browser
        .execute(
            "return window.sessionStorage.getItem(arguments[0]);",
            vec![Value::String(key.to_owned())],
        )
        .await?;
    Ok(value.as_str().map(str::to_owned))
}

/// Counts the app's requests to IDX endpoints from now on (wraps `window.fetch`,
/// which the app's HTTP layer calls), so a test can prove nothing was sent.
pub async fn count_idx_requests(browser: &Client) -> Result<(), Failure> {
    browser
        .execute(
            r#"
            window.__e2eIdxRequests = 0;
            const original = window.fetch;
            window.fetch = function (input, init) {
                const url = typeof input === "string" ? input : (input && input.url) || "";
                if (url.includes("/idp/idx/")) { window.__e2eIdxRequests += 1; }
                return original.apply(this, arguments);
            };
            return null;
            "#,
            vec![],
        )
        .await?;
    Ok(())
}

/// IDX requests sent since [`count_idx_requests`].
pub async fn idx_requests(browser: &Client) -> Result<u64, Failure> {
    let value = browser
        .execute("return window.__e2eIdxRequests;", vec![])
        .await?;
    value
        .as_u64()
        .ok_or_else(|| "the request counter is gone (did the page reload?)".into())
}

/// Clicks the submit button of the form for `step`.
pub async fn submit(browser: &Client, step: &str) -> Result<(), Failure> {
    let button = browser
        .find(Locator::Css(&format!("{} button[type=submit]", form(step))))
        .await?;
    button.click().await?;
    Ok(())
}

/// Types into the field `name` of the current form (clearing it first).
pub async fn fill(browser: &Client, name: &str, value: &str) -> Result<(), Failure> {
    let field = wait_for(browser, &format!("#field-{name}")).await?;
    field.clear().await?;
    field.send_keys(value).await?;
    Ok(())
}

/// Sets the field `name`'s value the way typing would (native setter and
/// `input`/`change` events), for text WebDriver cannot type (NUL, escape,
/// bidi controls).
pub async fn set_field(browser: &Client, name: &str, value: &str) -> Result<(), Failure> {
    let ok = browser
        .execute(
            r#"
            const el = document.getElementById('field-' + arguments[0]);
            if (!el) { return false; }
            const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
            setter.call(el, arguments[1]);
            el.dispatchEvent(new Event('input', { bubbles: true }));
            el.dispatchEvent(new Event('change', { bubbles: true }));
            return true;
            "#,
            vec![Value::from(name), Value::from(value)],
        )
        .await?;
    if ok != Value::Bool(true) {
        return Err(format!("no #field-{name}").into());
    }
    Ok(())
}

/// The current value of the field `name`.
pub async fn field_value(browser: &Client, name: &str) -> Result<String, Failure> {
    let value = browser
        .execute(
            "const el = document.getElementById('field-' + arguments[0]); return el ? el.value : null;",
            vec![Value::from(name)],
        )
        .await?;
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("no #field-{name}").into())
}

/// Waits for the retry button a failed request leaves (enabled) and a
/// non-empty message region; returns the message text.
pub async fn wait_for_retry(browser: &Client) -> Result<String, Failure> {
    eventually("a message with a retry button", || async {
        let Ok(button) = browser.find(Locator::Css(r#"[data-action="retry"]"#)).await else {
            return Ok(None);
        };
        if !button.is_enabled().await? {
            return Ok(None);
        }
        let text = messages(browser).await?;
        Ok((!text.trim().is_empty()).then_some(text))
    })
    .await
}

/// Clicks the retry button once it is there.
pub async fn click_retry(browser: &Client) -> Result<(), Failure> {
    wait_for(browser, r#"[data-action="retry"]"#)
        .await?
        .click()
        .await?;
    Ok(())
}

/// The sign-in page (`/login`) at the identify step.
#[derive(Debug)]
pub struct IdentifyPage<'a> {
    browser: &'a Client,
}

impl<'a> IdentifyPage<'a> {
    /// Opens `/login` and waits for the identify form.
    pub async fn open(session: &'a Session) -> Result<Self, Failure> {
        session.browser.goto(&session.url("/login")).await?;
        Self::wait(&session.browser).await
    }

    /// Waits for the identify form on the current page.
    pub async fn wait(browser: &'a Client) -> Result<Self, Failure> {
        step_form(browser, step::IDENTIFY).await?;
        Ok(Self { browser })
    }

    /// The input element named `name` in the identify form.
    pub async fn field(&self, name: &str) -> Result<Element, Failure> {
        Ok(self
            .browser
            .find(Locator::Css(&format!(
                "{} [name=\"{name}\"]",
                form(step::IDENTIFY)
            )))
            .await?)
    }

    /// Text of the `<label for="field-<name>">`.
    pub async fn label(&self, name: &str) -> Result<String, Failure> {
        Ok(self
            .browser
            .find(Locator::Css(&format!("label[for=\"field-{name}\"]")))
            .await?
            .text()
            .await?)
    }

    /// Enters credentials and submits, without waiting for what comes next.
    pub async fn enter(&self, username: &str, password: &str) -> Result<(), Failure> {
        fill(self.browser, "username", username).await?;
        fill(self.browser, "password", password).await?;
        submit(self.browser, step::IDENTIFY).await
    }

    /// Enters credentials, submits, and waits for the authenticator choice.
    pub async fn sign_in(&self, username: &str, password: &str) -> Result<ChoicePage<'a>, Failure> {
        self.enter(username, password).await?;
        ChoicePage::wait(self.browser).await
    }
}

/// The authenticator choice.
#[derive(Debug)]
pub struct ChoicePage<'a> {
    browser: &'a Client,
}

impl<'a> ChoicePage<'a> {
    /// Waits for the authenticator choice.
    pub async fn wait(browser: &'a Client) -> Result<Self, Failure> {
        step_form(browser, step::SELECT_AUTHENTICATOR).await?;
        Ok(Self { browser })
    }

    async fn choose(&self, authenticator: &str, method: &str) -> Result<(), Failure> {
        let css =
            format!(r#"button[data-authenticator="{authenticator}"][data-method="{method}"]"#);
        wait_for(self.browser, &css).await?.click().await?;
        Ok(())
    }

    /// "Enter a code" with Okta Verify.
    pub async fn okta_verify_code(&self) -> Result<CodePage<'a>, Failure> {
        self.choose("okta_verify", "totp").await?;
        CodePage::wait(self.browser).await
    }

    /// The email authenticator (a code is emailed).
    pub async fn email(&self) -> Result<CodePage<'a>, Failure> {
        let css = r#"button[data-authenticator="okta_email"]"#;
        wait_for(self.browser, css).await?.click().await?;
        CodePage::wait(self.browser).await
    }

    /// "Get a push notification" with Okta Verify.
    pub async fn okta_verify_push(&self) -> Result<PushPage<'a>, Failure> {
        self.choose("okta_verify", "push").await?;
        PushPage::wait(self.browser).await
    }
}

/// Code entry (`challenge-authenticator` with a `verificationCode` field).
#[derive(Debug)]
pub struct CodePage<'a> {
    browser: &'a Client,
}

impl<'a> CodePage<'a> {
    /// The code field's input name (idx-core's name for `credentials.totp`/`passcode`).
    pub const FIELD: &'static str = "verificationCode";

    /// Waits for the code form.
    pub async fn wait(browser: &'a Client) -> Result<Self, Failure> {
        step_form(browser, step::CHALLENGE).await?;
        wait_for(browser, &format!("#field-{}", Self::FIELD)).await?;
        Ok(Self { browser })
    }

    /// The code input.
    pub async fn field(&self) -> Result<Element, Failure> {
        wait_for(self.browser, &format!("#field-{}", Self::FIELD)).await
    }

    /// Types `code` and submits.
    pub async fn submit_code(&self, code: &str) -> Result<(), Failure> {
        fill(self.browser, Self::FIELD, code).await?;
        submit(self.browser, step::CHALLENGE).await
    }

    /// Waits for a field-level message on the code field and returns its text;
    /// also checks it is linked to the input with `aria-describedby`.
    pub async fn field_error(&self) -> Result<String, Failure> {
        let id = format!("field-{}-error", Self::FIELD);
        let text = eventually("a message under the code field", || async {
            match self.browser.find(Locator::Id(&id)).await {
                Ok(el) => {
                    let text = el.text().await?;
                    Ok((!text.trim().is_empty()).then_some(text))
                }
                Err(_) => Ok(None),
            }
        })
        .await?;
        let described = self
            .field()
            .await?
            .attr("aria-describedby")
            .await?
            .unwrap_or_default();
        if !described.split_whitespace().any(|token| token == id) {
            return Err(format!(
                "code field's aria-describedby `{described}` does not name `{id}`"
            )
            .into());
        }
        Ok(text)
    }
}

/// Push waiting (`[data-testid="push-waiting"]`).
#[derive(Debug)]
pub struct PushPage<'a> {
    browser: &'a Client,
}

impl<'a> PushPage<'a> {
    /// Waits for the push waiting screen.
    pub async fn wait(browser: &'a Client) -> Result<Self, Failure> {
        wait_for(browser, r#"[data-testid="push-waiting"]"#).await?;
        Ok(Self { browser })
    }

    /// The number challenge shown to the user.
    pub async fn number_challenge(&self) -> Result<String, Failure> {
        let el = wait_for(self.browser, r#"[data-testid="number-challenge"]"#).await?;
        Ok(el.text().await?.trim().to_owned())
    }

    /// After a rejection (the push screen gave way to the resend screen):
    /// waits for the resend button, clicks it, and waits for a new push screen.
    pub async fn resend(browser: &'a Client) -> Result<PushPage<'a>, Failure> {
        wait_for(browser, r#"[data-action="resend"]"#)
            .await?
            .click()
            .await?;
        PushPage::wait(browser).await
    }
}

/// The protected home page.
#[derive(Debug)]
pub struct HomePage<'a> {
    browser: &'a Client,
}

impl<'a> HomePage<'a> {
    /// Waits for the home page.
    pub async fn wait(browser: &'a Client) -> Result<Self, Failure> {
        wait_for(browser, r#"[data-testid="home"]"#).await?;
        Ok(Self { browser })
    }

    /// The greeting `<h1>` inside the home page.
    pub async fn greeting(&self) -> Result<String, Failure> {
        Ok(wait_for(self.browser, r#"[data-testid="home"] h1"#)
            .await?
            .text()
            .await?)
    }

    /// The token expiry text.
    pub async fn token_expiry(&self) -> Result<String, Failure> {
        Ok(wait_for(self.browser, r#"[data-testid="token-expiry"]"#)
            .await?
            .text()
            .await?)
    }

    /// Clicks sign out.
    pub async fn sign_out(&self) -> Result<(), Failure> {
        wait_for(self.browser, r#"[data-action="signout"]"#)
            .await?
            .click()
            .await?;
        Ok(())
    }
}
