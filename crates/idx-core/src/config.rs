//! Client configuration and the URLs derived from the issuer.
//!
//! Invariant: every URL this crate builds itself comes from here, by the
//! rules of protocol doc §3.1 (OAuth base = issuer if it contains `/oauth2`,
//! else issuer + `/oauth2`; IDX domain = the issuer before `/oauth2`). Every
//! other IDX URL comes from an `href` in a response.

use serde::{Deserialize, Serialize};

/// What the app knows about its Okta org and OAuth client (the app's `config.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientConfig {
    /// Issuer, e.g. `https://ORG.okta.com/oauth2/default`.
    pub issuer: String,
    /// OAuth client id of the SPA (public client, PKCE).
    pub client_id: String,
    /// A registered sign-in redirect URI (sent to `/interact` and `/token`).
    pub redirect_uri: String,
    /// Scopes to request, e.g. `openid profile email offline_access`.
    pub scopes: Vec<String>,
    /// Where `/v1/logout` sends the browser afterwards, if set (must be registered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_logout_redirect_uri: Option<String>,
}

impl ClientConfig {
    /// The issuer without a trailing slash.
    pub fn issuer(&self) -> &str {
        self.issuer.trim_end_matches('/')
    }

    /// The OAuth base URL (protocol doc §3.1).
    pub fn oauth_base(&self) -> String {
        let issuer = self.issuer();
        if issuer.contains("/oauth2") {
            issuer.to_owned()
        } else {
            format!("{issuer}/oauth2")
        }
    }

    /// The org's base URL: the issuer up to `/oauth2` (protocol doc §3.1).
    pub fn org_base(&self) -> &str {
        let issuer = self.issuer();
        match issuer.find("/oauth2") {
            Some(at) => &issuer[..at],
            None => issuer,
        }
    }

    /// `{base}/v1/interact` (§3.4).
    pub fn interact_url(&self) -> String {
        format!("{}/v1/interact", self.oauth_base())
    }

    /// `{domain}/idp/idx/introspect` (§3.5).
    pub fn introspect_url(&self) -> String {
        format!("{}/idp/idx/introspect", self.org_base())
    }

    /// `{base}/v1/token` (§3.11).
    pub fn token_url(&self) -> String {
        format!("{}/v1/token", self.oauth_base())
    }

    /// `{base}/v1/revoke` (§3.13).
    pub fn revoke_url(&self) -> String {
        format!("{}/v1/revoke", self.oauth_base())
    }

    /// `{base}/v1/logout` (§3.13).
    pub fn logout_url(&self) -> String {
        format!("{}/v1/logout", self.oauth_base())
    }

    /// `{base}/v1/keys`, the JWKS (normally taken from discovery; this is Okta's fixed path).
    pub fn keys_url(&self) -> String {
        format!("{}/v1/keys", self.oauth_base())
    }

    /// `{issuer}/.well-known/openid-configuration` (§3.3).
    pub fn discovery_url(&self) -> String {
        format!("{}/.well-known/openid-configuration", self.issuer())
    }

    /// The scopes joined by spaces, as `/interact` wants them.
    pub fn scope_string(&self) -> String {
        self.scopes.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(issuer: &str) -> ClientConfig {
        ClientConfig {
            issuer: issuer.into(),
            client_id: "demo-spa".into(),
            redirect_uri: "http://127.0.0.1:8080/login/callback".into(),
            scopes: vec!["openid".into(), "email".into()],
            post_logout_redirect_uri: None,
        }
    }

    #[test]
    fn custom_authorization_server_urls() {
        let c = config("http://127.0.0.1:8787/oauth2/default/");
        assert_eq!(
            c.interact_url(),
            "http://127.0.0.1:8787/oauth2/default/v1/interact"
        );
        assert_eq!(
            c.introspect_url(),
            "http://127.0.0.1:8787/idp/idx/introspect"
        );
        assert_eq!(
            c.token_url(),
            "http://127.0.0.1:8787/oauth2/default/v1/token"
        );
    }

    #[test]
    fn org_authorization_server_urls() {
        let c = config("https://org.okta.com");
        assert_eq!(c.interact_url(), "https://org.okta.com/oauth2/v1/interact");
        assert_eq!(
            c.introspect_url(),
            "https://org.okta.com/idp/idx/introspect"
        );
    }

    #[test]
    fn reads_app_config_json() {
        let c: ClientConfig = serde_json::from_str(
            r#"{"issuer":"http://127.0.0.1:8787/oauth2/default","clientId":"demo-spa",
                "redirectUri":"http://127.0.0.1:8080/login/callback",
                "scopes":["openid","profile","email","offline_access"],"language":"en"}"#,
        )
        .unwrap();
        assert_eq!(c.client_id, "demo-spa");
        assert_eq!(c.scope_string(), "openid profile email offline_access");
    }
}
