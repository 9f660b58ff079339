//! Steps of the policy steps and self-service flows: an org with sign-up
//! and unlock on, interact parameters, `skip`, and the control API's
//! one-time tokens.

use axum::http::StatusCode;
use idx_emulator::Config;
use serde_json::{Value, json};

use super::{Emu, REDIRECT, Reply, VERIFIER, config, s256};

/// The demo user whose Okta Verify enrollment is optional (skip).
pub const OPTIONAL: &str = "optional@example.com";
/// The demo user whose password expires soon.
pub const EXPIRING: &str = "expiring@example.com";
/// The demo user locked out from the start.
pub const LOCKED: &str = "locked@example.com";
/// The locked-out demo user whose unlock lands on the sign-in.
pub const UNLOCK_APP: &str = "unlock-app@example.com";
/// The demo user asked for granular consent and "keep me signed in".
pub const CONSENT: &str = "consent@example.com";
/// The staged (not yet activated) demo user.
pub const STAGED: &str = "staged@example.com";

impl Emu {
    /// The demo org as the CLI runs it: sign-up and self-service unlock on.
    pub fn self_service() -> Self {
        Self::configured(|_| {})
    }

    /// The demo org with sign-up and unlock on, then `adjust`.
    pub fn configured(adjust: impl FnOnce(&mut Config)) -> Self {
        let mut c = config();
        c.org = idx_emulator::config::demo_org();
        adjust(&mut c);
        Self::new(c)
    }

    /// `/v1/interact` with the usual parameters plus `extra`; the reply
    /// itself (an OAuth error, or the handle).
    pub async fn interact_with(&self, extra: &[(&str, &str)]) -> Reply {
        let challenge = s256(VERIFIER);
        let mut pairs = vec![
            ("client_id", "demo-spa"),
            ("scope", "openid profile email offline_access"),
            ("redirect_uri", REDIRECT),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
            ("state", "st"),
        ];
        pairs.extend_from_slice(extra);
        self.form("/oauth2/default/v1/interact", &pairs).await
    }

    /// interact (with `extra`) + introspect.
    pub async fn started_with(&self, extra: &[(&str, &str)]) -> Reply {
        let r = self.interact_with(extra).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let ih = r.body["interaction_handle"].as_str().expect("handle");
        self.introspect(ih).await
    }

    /// Submits `skip` in `state`.
    pub async fn skip(&self, state: &Reply) -> Reply {
        self.submit(state, "skip", json!({})).await
    }

    /// A one-time token from the control API (`activation-token` or
    /// `recovery-token`) for `user`.
    pub async fn one_time_token(&self, user: &str, kind: &str, expired: bool) -> Reply {
        let body = if expired { r#"{"expired":true}"# } else { "" };
        self.raw(
            &format!("/emulator/api/users/{user}/{kind}"),
            "application/json",
            body,
        )
        .await
    }

    /// A fresh token of `kind` (`activation-token`, `recovery-token`).
    pub async fn token_for(&self, user: &str, kind: &str) -> String {
        let r = self.one_time_token(user, kind, false).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        r.body["token"].as_str().expect("token").to_owned()
    }

    /// A single-use CAPTCHA token (control API).
    pub async fn captcha_token(&self) -> String {
        let r = self
            .raw("/emulator/api/captcha", "application/json", "")
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        r.body["token"].as_str().expect("token").to_owned()
    }

    /// Resets the emulator (control API).
    pub async fn reset(&self) -> Reply {
        self.raw("/emulator/api/reset", "application/json", "")
            .await
    }

    /// Redeems the interaction code of the success state `done`; the token
    /// response.
    pub async fn tokens_of(&self, done: &Reply) -> Reply {
        let code = done
            .interaction_code()
            .unwrap_or_else(|| panic!("no interaction code: {}", done.summary()));
        let t = self.redeem(&code).await;
        assert_eq!(t.status, StatusCode::OK, "{}", t.text);
        t
    }
}

/// The claims of a JWT, unverified (the signature is checked elsewhere).
pub fn claims(jwt: &str) -> Value {
    use base64::Engine;
    let part = jwt.split('.').nth(1).expect("payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("json")
}
