//! The control API's other devices of the user (`/emulator/api/users/…`):
//! the phone's inbox (the code sent by SMS or voice call), the Google
//! Authenticator app, the OTP tokens (custom OTP, RSA SecurID) and Okta
//! Verify answering an Okta FastPass challenge on this computer.
//!
//! Invariant: codes are returned to go into the page, never printed; an
//! error names the route, never a code.

use std::time::Duration;

use crate::control::Control;

/// Below this many seconds left, a time-based code may be stale by the
/// time the browser submits it: wait for the next period instead.
const FRESH_SECONDS: u64 = 4;

/// The last message the virtual phone got.
#[derive(Clone, PartialEq, Eq)]
pub struct PhoneMessage {
    /// `sms` or `voice`.
    pub method: String,
    /// The number it went to, in E.164 (`x<ext>` for a call with an extension).
    pub to: String,
    /// The code it carried.
    pub code: String,
}

impl std::fmt::Debug for PhoneMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhoneMessage")
            .field("method", &self.method)
            .field("to", &self.to)
            .field("code", &"[redacted]")
            .finish()
    }
}

/// What a time-based app or token displays: the code now and the next one.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenCodes {
    /// The code shown now.
    pub code: String,
    /// The code it will show in the next period (RSA's "next tokencode").
    pub next_code: String,
}

impl std::fmt::Debug for TokenCodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenCodes([redacted])")
    }
}

impl Control {
    /// The last code sent to `username`'s phone, waiting (up to 10 s) for
    /// one to arrive.
    pub async fn phone_message(&self, username: &str) -> Result<PhoneMessage, String> {
        let path = format!("users/{username}/phone-code");
        let mut tries = 0;
        let body = loop {
            match self.get(&path).await {
                Ok(body) => break body,
                Err(err) if tries < 50 && err.contains("HTTP 404") => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(err) => return Err(err),
            }
        };
        let field = |name: &str| {
            body[name]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("phone-code: no `{name}`"))
        };
        Ok(PhoneMessage {
            method: field("method")?,
            to: field("to")?,
            code: field("code")?,
        })
    }

    /// What `username`'s Google Authenticator shows (from the enrolled
    /// secret, or the QR code of a live enrollment page), fresh enough to
    /// be submitted.
    pub async fn google_codes(&self, username: &str) -> Result<TokenCodes, String> {
        self.fresh_codes(&format!("users/{username}/google-otp"))
            .await
    }

    /// What `username`'s OTP token `key` (`custom_otp`, `rsa_token`) shows,
    /// fresh enough to be submitted.
    pub async fn token_codes(&self, username: &str, key: &str) -> Result<TokenCodes, String> {
        self.fresh_codes(&format!("users/{username}/otp/{key}"))
            .await
    }

    /// Okta Verify on this computer answers the FastPass challenge waiting
    /// for `username`.
    pub async fn answer_fastpass(&self, username: &str) -> Result<(), String> {
        self.post(&format!("users/{username}/fastpass"), None)
            .await
            .map(drop)
    }

    async fn fresh_codes(&self, path: &str) -> Result<TokenCodes, String> {
        loop {
            let body = self.get(path).await?;
            let code = |name: &str| {
                body[name]
                    .as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("{path}: no `{name}`"))
            };
            let left = body["seconds_left"].as_u64().unwrap_or(30);
            if left >= FRESH_SECONDS {
                return Ok(TokenCodes {
                    code: code("code")?,
                    next_code: code("next_code")?,
                });
            }
            tokio::time::sleep(Duration::from_secs(left + 1)).await;
        }
    }
}
