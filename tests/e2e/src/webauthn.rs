//! Chromium's virtual authenticators, through the WebDriver WebAuthn
//! extension (W3C WebAuthn Level 2 §11): a security key or a platform
//! passkey the browser talks to as if it were plugged in.
//!
//! Invariants: fantoccini has no command for these endpoints, so they are
//! raw commands on the session's own URL; a credential's private key is
//! never read out of the browser (only its id, RP ID, counter and whether
//! it is discoverable), so nothing secret reaches a test log.

use fantoccini::Client;
use fantoccini::error::CmdError;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

/// How the virtual authenticator is attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// A roaming security key on USB.
    Usb,
    /// The platform authenticator (a passkey on this device).
    Internal,
}

/// What to plug in.
#[derive(Debug, Clone, Copy)]
pub struct Authenticator {
    /// How it is attached.
    pub transport: Transport,
    /// Stores discoverable credentials (passkeys).
    pub resident_key: bool,
    /// Performs user verification, and the user passes it.
    pub user_verification: bool,
    /// The user approves the prompt; `false` plays a person who cancels.
    pub consenting: bool,
}

impl Authenticator {
    /// A USB security key with a PIN the user knows, who approves.
    pub fn security_key() -> Self {
        Self {
            transport: Transport::Usb,
            resident_key: false,
            user_verification: true,
            consenting: true,
        }
    }

    /// A platform passkey (discoverable, user-verifying), who approves.
    pub fn passkey() -> Self {
        Self {
            transport: Transport::Internal,
            resident_key: true,
            user_verification: true,
            consenting: true,
        }
    }
}

/// A credential the virtual authenticator holds (no private key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// Credential id (base64url, as WebDriver reports it).
    pub id: String,
    /// The RP ID it is scoped to.
    pub rp_id: String,
    /// Discoverable (a passkey).
    pub resident: bool,
    /// Signature counter.
    pub sign_count: u64,
}

/// A plugged-in virtual authenticator.
#[derive(Debug, Clone)]
pub struct Plugged {
    id: String,
}

#[derive(Debug)]
struct Raw {
    method: http::Method,
    path: String,
    body: Option<Value>,
}

impl WebDriverCompatibleCommand for Raw {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            self.method.clone(),
            self.body.as_ref().map(Value::to_string),
        )
    }
}

async fn issue(
    browser: &Client,
    method: http::Method,
    path: String,
    body: Option<Value>,
) -> Result<Value, CmdError> {
    browser.issue_cmd(Raw { method, path, body }).await
}

/// Plugs a virtual authenticator into this browser.
///
/// # Errors
/// When chromedriver refuses the command.
pub async fn plug(browser: &Client, spec: Authenticator) -> Result<Plugged, CmdError> {
    let transport = match spec.transport {
        Transport::Usb => "usb",
        Transport::Internal => "internal",
    };
    let id = issue(
        browser,
        http::Method::POST,
        "webauthn/authenticator".into(),
        Some(json!({
            "protocol": "ctap2",
            "transport": transport,
            "hasResidentKey": spec.resident_key,
            "hasUserVerification": spec.user_verification,
            "isUserVerified": spec.user_verification,
            "isUserConsenting": spec.consenting,
        })),
    )
    .await?;
    Ok(Plugged {
        id: id.as_str().unwrap_or_default().to_owned(),
    })
}

impl Plugged {
    /// The credentials it holds now.
    ///
    /// # Errors
    /// When chromedriver refuses the command.
    pub async fn credentials(&self, browser: &Client) -> Result<Vec<Credential>, CmdError> {
        let list = issue(
            browser,
            http::Method::GET,
            format!("webauthn/authenticator/{}/credentials", self.id),
            None,
        )
        .await?;
        Ok(list
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| Credential {
                id: c["credentialId"].as_str().unwrap_or_default().to_owned(),
                rp_id: c["rpId"].as_str().unwrap_or_default().to_owned(),
                resident: c["isResidentCredential"].as_bool().unwrap_or(false),
                sign_count: c["signCount"].as_u64().unwrap_or(0),
            })
            .collect())
    }

    /// Unplugs it (its credentials go with it).
    ///
    /// # Errors
    /// When chromedriver refuses the command.
    pub async fn unplug(&self, browser: &Client) -> Result<(), CmdError> {
        issue(
            browser,
            http::Method::DELETE,
            format!("webauthn/authenticator/{}", self.id),
            None,
        )
        .await
        .map(|_| ())
    }
}
