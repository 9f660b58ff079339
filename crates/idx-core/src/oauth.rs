//! OAuth requests around the IDX flow: the interaction-code exchange,
//! refresh, revoke, the sign-out URL, and the token response.
//!
//! Invariants: token and revoke requests are sent without credentials
//! (protocol doc §2); a public client authenticates to `/v1/revoke` with
//! `Basic base64(client_id)` and never sends a secret (§3.13); a parsed
//! [`TokenResponse`] always holds an access token.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::config::ClientConfig;
use crate::encoding::percent_encode;
use crate::error::ResponseError;
use crate::parse::{error_shape, json_body};
use crate::pkce::CodeVerifier;
use crate::request::Request;
use crate::secret::{AccessToken, IdToken, InteractionCode, OAuthState, RefreshToken};

/// Builds `POST {base}/v1/token` with `grant_type=interaction_code` (protocol doc §3.11).
pub fn token_exchange_request(
    config: &ClientConfig,
    code: &InteractionCode,
    verifier: &CodeVerifier,
) -> Request {
    Request::post_form(
        config.token_url(),
        &[
            ("client_id", &config.client_id),
            ("redirect_uri", &config.redirect_uri),
            ("grant_type", "interaction_code"),
            ("code_verifier", verifier.secret()),
            ("interaction_code", code.secret()),
        ],
        false,
    )
}

/// Builds `POST {base}/v1/token` with `grant_type=refresh_token` (RFC 6749 §6),
/// asking again for the configured scopes.
pub fn refresh_request(config: &ClientConfig, refresh_token: &RefreshToken) -> Request {
    let scope = config.scope_string();
    Request::post_form(
        config.token_url(),
        &[
            ("client_id", &config.client_id),
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.secret()),
            ("scope", &scope),
        ],
        false,
    )
}

/// Which token a revoke request names (RFC 7009 §2.1 `token_type_hint`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenTypeHint {
    /// `access_token`
    AccessToken,
    /// `refresh_token`
    RefreshToken,
}

impl TokenTypeHint {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AccessToken => "access_token",
            Self::RefreshToken => "refresh_token",
        }
    }
}

/// Builds `POST {base}/v1/revoke` (RFC 7009; protocol doc §3.13). Revoke the
/// refresh token first, then the access token, as okta-auth-js does.
pub fn revoke_request(config: &ClientConfig, token: &str, hint: TokenTypeHint) -> Request {
    let mut request = Request::post_form(
        config.revoke_url(),
        &[("token_type_hint", hint.as_str()), ("token", token)],
        false,
    );
    request.headers.push((
        "Authorization".into(),
        format!("Basic {}", base64_standard(config.client_id.as_bytes())),
    ));
    request
}

/// Revokes an access token.
pub fn revoke_access_token_request(config: &ClientConfig, token: &AccessToken) -> Request {
    revoke_request(config, token.secret(), TokenTypeHint::AccessToken)
}

/// Revokes a refresh token.
pub fn revoke_refresh_token_request(config: &ClientConfig, token: &RefreshToken) -> Request {
    revoke_request(config, token.secret(), TokenTypeHint::RefreshToken)
}

fn base64_standard(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Checks a revoke response: 2xx is success (the body is usually empty).
///
/// # Errors
/// The OAuth or classic error the server sent.
pub fn parse_revoke_response(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<(), ResponseError> {
    if (200..300).contains(&status) {
        return Ok(());
    }
    let map = json_body(status, content_type, body)?;
    Err(error_shape(status, &map))
}

/// The URL to navigate to for sign-out (`{base}/v1/logout`, OpenID Connect
/// RP-Initiated Logout §2; protocol doc §3.13). Uses the configured
/// `post_logout_redirect_uri` when set. The URL carries the ID token: navigate
/// to it, never log it.
pub fn sign_out_url(
    config: &ClientConfig,
    id_token: &IdToken,
    state: Option<&OAuthState>,
) -> String {
    let mut url = format!(
        "{}?id_token_hint={}",
        config.logout_url(),
        percent_encode(id_token.secret())
    );
    if let Some(uri) = &config.post_logout_redirect_uri {
        url.push_str("&post_logout_redirect_uri=");
        url.push_str(&percent_encode(uri));
    }
    if let Some(state) = state {
        url.push_str("&state=");
        url.push_str(&percent_encode(state.secret()));
    }
    url
}

/// A successful `/v1/token` response (RFC 6749 §5.1). `Debug` is redacted by
/// the token newtypes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// `Bearer`.
    pub token_type: String,
    /// Lifetime of the access token in seconds.
    pub expires_in: Option<u64>,
    /// The access token.
    pub access_token: AccessToken,
    /// The ID token, when `openid` was requested.
    pub id_token: Option<IdToken>,
    /// The refresh token, when `offline_access` was granted.
    pub refresh_token: Option<RefreshToken>,
    /// Granted scopes, space-separated.
    pub scope: Option<String>,
}

impl TokenResponse {
    /// Granted scopes as a list.
    pub fn scopes(&self) -> Vec<&str> {
        self.scope
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .collect()
    }
}

/// Parses a `/v1/token` response (exchange or refresh).
///
/// # Errors
/// [`ResponseError::OAuth`] (e.g. `invalid_grant`) or another error shape;
/// [`ResponseError::Unexpected`] for a 2xx body without `access_token`.
pub fn parse_token_response(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<TokenResponse, ResponseError> {
    let map = json_body(status, content_type, body)?;
    if !(200..300).contains(&status) || map.get("access_token").is_none() {
        if (200..300).contains(&status)
            && !map.contains_key("error")
            && !map.contains_key("errorCode")
        {
            return Err(ResponseError::Unexpected {
                status,
                detail: "token response without access_token".into(),
            });
        }
        return Err(error_shape(status, &map));
    }
    let text = |key: &str| map.get(key).and_then(Json::as_str).map(str::to_owned);
    let Some(access_token) = text("access_token") else {
        return Err(ResponseError::Unexpected {
            status,
            detail: "access_token is not a string".into(),
        });
    };
    Ok(TokenResponse {
        token_type: text("token_type").unwrap_or_else(|| "Bearer".into()),
        expires_in: map.get("expires_in").and_then(Json::as_u64),
        access_token: AccessToken::new(access_token),
        id_token: text("id_token").map(IdToken::new),
        refresh_token: text("refresh_token").map(RefreshToken::new),
        scope: text("scope"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> ClientConfig {
        ClientConfig {
            issuer: "http://127.0.0.1:8787/oauth2/default".into(),
            client_id: "demo-spa".into(),
            redirect_uri: "http://127.0.0.1:8080/login/callback".into(),
            scopes: vec!["openid".into(), "offline_access".into()],
            post_logout_redirect_uri: Some("http://127.0.0.1:8080/".into()),
        }
    }

    #[test]
    fn exchange_request_golden() {
        let verifier = CodeVerifier::new("a".repeat(43)).unwrap();
        let r = token_exchange_request(&config(), &InteractionCode::new("IC1"), &verifier);
        assert_eq!(r.url, "http://127.0.0.1:8787/oauth2/default/v1/token");
        assert!(!r.with_credentials);
        assert_eq!(
            r.body.unwrap(),
            format!(
                "client_id=demo-spa&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Flogin%2Fcallback\
                 &grant_type=interaction_code&code_verifier={}&interaction_code=IC1",
                "a".repeat(43)
            )
        );
    }

    #[test]
    fn refresh_and_revoke_golden() {
        let r = refresh_request(&config(), &RefreshToken::new("RT"));
        assert_eq!(
            r.body.as_deref(),
            Some(
                "client_id=demo-spa&grant_type=refresh_token&refresh_token=RT&scope=openid%20offline_access"
            )
        );
        let r = revoke_refresh_token_request(&config(), &RefreshToken::new("RT"));
        assert_eq!(r.url, "http://127.0.0.1:8787/oauth2/default/v1/revoke");
        assert_eq!(r.header("authorization"), Some("Basic ZGVtby1zcGE="));
        assert_eq!(
            r.body.as_deref(),
            Some("token_type_hint=refresh_token&token=RT")
        );
    }

    #[test]
    fn sign_out_url_golden() {
        let url = sign_out_url(
            &config(),
            &IdToken::new("a.b.c"),
            Some(&OAuthState::new("s")),
        );
        assert_eq!(
            url,
            "http://127.0.0.1:8787/oauth2/default/v1/logout?id_token_hint=a.b.c\
             &post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2F&state=s"
        );
    }

    #[test]
    fn token_responses() {
        let ok = br#"{"token_type":"Bearer","expires_in":3600,"access_token":"AT","scope":"openid email","id_token":"a.b.c","refresh_token":"RT"}"#;
        let t = parse_token_response(200, Some("application/json"), ok).unwrap();
        assert_eq!(t.access_token.secret(), "AT");
        assert_eq!(
            t.refresh_token.as_ref().map(RefreshToken::secret),
            Some("RT")
        );
        assert_eq!(t.scopes(), ["openid", "email"]);
        assert!(!format!("{t:?}").contains("AT\""));
        let err = parse_token_response(
            400,
            None,
            br#"{"error":"invalid_grant","error_description":"PKCE verification failed."}"#,
        )
        .unwrap_err();
        assert!(matches!(err, ResponseError::OAuth { ref error, .. } if error == "invalid_grant"));
        assert!(parse_token_response(200, None, b"{}").is_err());
        assert!(parse_revoke_response(200, None, b"").is_ok());
        assert!(
            parse_revoke_response(
                400,
                None,
                br#"{"error":"invalid_client","error_description":"x"}"#
            )
            .is_err()
        );
    }
}
