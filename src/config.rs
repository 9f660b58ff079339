//! Runtime configuration: `/config.json` at the site root, read once at start.
//!
//! One static build deploys to any Okta org because nothing org-specific is
//! compiled in. Invariant: an [`AppConfig`] only exists after validation, so
//! every later module may assume an absolute issuer without a trailing slash,
//! a non-empty client id, an absolute redirect URI and `openid` in the scopes.
//! The issuer and the redirect URIs are parsed as URLs by idx-core's strict
//! parser (the one that vets the server's links), never matched as text:
//! `https://`, or `http://` only on `localhost`, `127.0.0.0/8` or `[::1]`;
//! no user name or password before the host; no query or fragment in the
//! issuer and no fragment in a redirect URI (OAuth forbids both).
//! Once loaded, the configuration is Leptos context ([`provide_config`],
//! read with [`use_config`]) for everything below the root.

use idx_core::HttpUrl;
use leptos::prelude::{expect_context, provide_context};
use serde::Deserialize;

/// Where the app looks for its configuration, relative to the site root.
pub const CONFIG_PATH: &str = "/config.json";

/// Validated runtime configuration (camelCase on the wire).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppConfig {
    /// Authorization server issuer, e.g. `https://example.okta.com/oauth2/default`.
    pub issuer: String,
    /// OIDC client id of the single-page app (a public client).
    pub client_id: String,
    /// A sign-in redirect URI registered on the app.
    pub redirect_uri: String,
    /// Scopes to request; always contains `openid`.
    pub scopes: Vec<String>,
    /// Where Okta sends the browser after sign-out (must be registered).
    pub post_logout_redirect_uri: Option<String>,
    /// Optional UI language override (BCP 47 tag).
    pub language: Option<String>,
    /// Where the CAPTCHA vendors' scripts are loaded from, when not the
    /// vendors' own (a self-hosted copy, a test's stand-in).
    pub captcha_scripts: CaptchaScripts,
    /// The org's name, logo, colour and links.
    pub brand: crate::brand::Brand,
    /// The org's own texts, by language tag then app string key.
    pub texts: std::collections::HashMap<String, std::collections::HashMap<String, String>>,
}

/// `captchaScripts` in `config.json`: a script URL per CAPTCHA vendor.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaptchaScripts {
    /// hCaptcha's `api.js`.
    pub hcaptcha: Option<String>,
    /// reCAPTCHA v2's `api.js`.
    pub recaptcha: Option<String>,
}

impl AppConfig {
    /// The script to load for `kind`: the configured one, else the vendor's.
    pub fn captcha_script(&self, kind: &idx_core::CaptchaKind) -> Option<String> {
        let configured = match kind {
            idx_core::CaptchaKind::HCaptcha => self.captcha_scripts.hcaptcha.clone(),
            idx_core::CaptchaKind::RecaptchaV2 => self.captcha_scripts.recaptcha.clone(),
            idx_core::CaptchaKind::Other(_) => None,
        };
        configured.or_else(|| crate::captcha::default_script(kind).map(str::to_owned))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawConfig {
    issuer: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    scopes: Option<Vec<String>>,
    post_logout_redirect_uri: Option<String>,
    language: Option<String>,
    #[serde(default)]
    captcha_scripts: CaptchaScripts,
    #[serde(default)]
    brand: crate::brand::RawBrand,
    #[serde(default)]
    i18n: std::collections::HashMap<String, std::collections::HashMap<String, String>>,
}

/// Why the configuration could not be used. Each message tells the person
/// deploying the app what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The server answered, but not with the file (404 and friends).
    #[error("The file /config.json was not found on this site (HTTP {status}).")]
    Missing {
        /// HTTP status the static host returned.
        status: u16,
    },
    /// The request itself failed (offline, blocked).
    #[error("The file /config.json could not be loaded: {0}.")]
    Unreachable(String),
    /// The file is there but is not valid JSON.
    #[error("The file /config.json is not valid JSON: {0}.")]
    NotJson(String),
    /// Valid JSON, but a setting is missing or wrong.
    #[error("The file /config.json has a problem: {0}")]
    Invalid(String),
}

impl AppConfig {
    /// idx-core's view of this configuration: every Okta URL the app builds
    /// itself (interact, introspect, token, keys, revoke, logout) comes from
    /// it, by the issuer rules of the protocol doc.
    pub fn client(&self) -> idx_core::ClientConfig {
        idx_core::ClientConfig {
            issuer: self.issuer.clone(),
            client_id: self.client_id.clone(),
            redirect_uri: self.redirect_uri.clone(),
            scopes: self.scopes.clone(),
            post_logout_redirect_uri: self.post_logout_redirect_uri.clone(),
        }
    }
}

/// Makes `config` the configuration of everything rendered below.
pub fn provide_config(config: AppConfig) {
    provide_context(config);
}

/// The configuration from context (panics outside [`provide_config`]'s subtree).
pub fn use_config() -> AppConfig {
    expect_context::<AppConfig>()
}

/// The configuration from context, if one was provided (the shell also
/// frames the pages shown before it is known).
pub fn try_use_config() -> Option<AppConfig> {
    leptos::prelude::use_context::<AppConfig>()
}

/// Parses and validates the text of `config.json`.
pub fn parse_config(text: &str) -> Result<AppConfig, ConfigError> {
    let raw: RawConfig =
        serde_json::from_str(text).map_err(|e| ConfigError::NotJson(e.to_string()))?;

    let issuer = required(raw.issuer, "issuer")?;
    let issuer = issuer.trim_end_matches('/').to_owned();
    check_url(&issuer, "issuer", "?#")?;

    let client_id = required(raw.client_id, "clientId")?;
    if client_id.chars().any(char::is_whitespace) {
        return Err(ConfigError::Invalid(
            "\"clientId\" must not contain spaces.".into(),
        ));
    }

    let redirect_uri = required(raw.redirect_uri, "redirectUri")?;
    check_url(&redirect_uri, "redirectUri", "#")?;

    let scopes = raw.scopes.unwrap_or_else(|| {
        ["openid", "profile", "email"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    });
    if !scopes.iter().any(|s| s == "openid") {
        return Err(ConfigError::Invalid(
            "\"scopes\" must include \"openid\" so the app receives an ID token.".into(),
        ));
    }
    if let Some(bad) = scopes.iter().find(|s| s.is_empty() || s.contains(' ')) {
        return Err(ConfigError::Invalid(format!(
            "\"scopes\" entry {bad:?} is not a single scope name."
        )));
    }

    let post_logout_redirect_uri = match raw.post_logout_redirect_uri {
        Some(uri) if !uri.trim().is_empty() => {
            check_url(&uri, "postLogoutRedirectUri", "#")?;
            Some(uri)
        }
        _ => None,
    };

    for (url, name) in [
        (&raw.captcha_scripts.hcaptcha, "captchaScripts.hcaptcha"),
        (&raw.captcha_scripts.recaptcha, "captchaScripts.recaptcha"),
    ] {
        if let Some(url) = url {
            check_url(url, name, "#")?;
        }
    }

    Ok(AppConfig {
        issuer,
        client_id,
        redirect_uri,
        scopes,
        post_logout_redirect_uri,
        language: raw.language.filter(|l| !l.trim().is_empty()),
        captcha_scripts: raw.captcha_scripts,
        brand: crate::brand::Brand::from_raw(raw.brand).map_err(ConfigError::Invalid)?,
        texts: crate::brand::check_texts(raw.i18n).map_err(ConfigError::Invalid)?,
    })
}

fn required(value: Option<String>, name: &str) -> Result<String, ConfigError> {
    match value {
        Some(v) if !v.trim().is_empty() => Ok(v.trim().to_owned()),
        _ => Err(ConfigError::Invalid(format!(
            "the setting \"{name}\" is missing or empty."
        ))),
    }
}

/// Accepts `https://` anywhere and plain `http://` only on loopback hosts,
/// since tokens must never cross the network in clear text; `forbidden`
/// lists the URL delimiters the setting may not have (query, fragment).
fn check_url(url: &str, name: &str, forbidden: &str) -> Result<(), ConfigError> {
    let parsed =
        HttpUrl::parse(url).map_err(|e| ConfigError::Invalid(format!("\"{name}\" {e}.")))?;
    if !parsed.origin.is_secure_or_loopback() {
        return Err(ConfigError::Invalid(format!(
            "\"{name}\" must use https:// (plain http:// is only allowed for \
             localhost, 127.0.0.0/8 and [::1])."
        )));
    }
    if let Some(found) = parsed.rest.chars().find(|c| forbidden.contains(*c)) {
        let part = if found == '?' {
            "a query (?...)"
        } else {
            "a fragment (#...)"
        };
        return Err(ConfigError::Invalid(format!(
            "\"{name}\" must not have {part}."
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"issuer":"http://127.0.0.1:8787/oauth2/default/","clientId":"demo-spa",
        "redirectUri":"http://127.0.0.1:8080/login/callback","scopes":["openid","email"]}"#;

    #[test]
    fn accepts_the_local_config_and_derives_endpoints() {
        let cfg = parse_config(GOOD).expect("valid");
        assert_eq!(cfg.issuer, "http://127.0.0.1:8787/oauth2/default");
        let client = cfg.client();
        assert_eq!(
            client.token_url(),
            "http://127.0.0.1:8787/oauth2/default/v1/token"
        );
        assert_eq!(
            client.keys_url(),
            "http://127.0.0.1:8787/oauth2/default/v1/keys"
        );
        assert_eq!(cfg.post_logout_redirect_uri, None);
    }

    #[test]
    fn org_authorization_server_gets_oauth2_prefix() {
        let cfg = parse_config(
            r#"{"issuer":"https://example.okta.com","clientId":"x","redirectUri":"https://app.example/cb"}"#,
        )
        .expect("valid");
        assert_eq!(
            cfg.client().revoke_url(),
            "https://example.okta.com/oauth2/v1/revoke"
        );
        assert_eq!(cfg.scopes, vec!["openid", "profile", "email"]);
    }

    #[test]
    fn reports_what_is_wrong() {
        let cases = [
            ("{", "not valid JSON"),
            (
                r#"{"clientId":"x","redirectUri":"https://a/cb"}"#,
                "\"issuer\"",
            ),
            (
                r#"{"issuer":"https://a","redirectUri":"https://a/cb"}"#,
                "\"clientId\"",
            ),
            (
                r#"{"issuer":"http://evil.example","clientId":"x","redirectUri":"https://a/cb"}"#,
                "https://",
            ),
            (
                r#"{"issuer":"https://a","clientId":"x","redirectUri":"/cb"}"#,
                "\"redirectUri\"",
            ),
            (
                r#"{"issuer":"https://a","clientId":"x","redirectUri":"https://a/cb","scopes":["email"]}"#,
                "openid",
            ),
        ];
        for (text, needle) in cases {
            let err = parse_config(text).expect_err(text).to_string();
            assert!(err.contains(needle), "{text}: {err}");
        }
    }

    fn with_issuer(issuer: &str) -> Result<AppConfig, ConfigError> {
        parse_config(&format!(
            r#"{{"issuer":{issuer:?},"clientId":"x","redirectUri":"http://localhost:8080/login/callback"}}"#
        ))
    }

    #[test]
    fn http_only_on_loopback_hosts_read_as_a_browser_reads_them() {
        for good in [
            "http://localhost:8787/oauth2/default",
            "http://127.0.0.1:8787",
            "http://127.1.2.3/oauth2/default",
            "http://[::1]/",
            "http://[::1]:8787/oauth2/default",
            "https://example.okta.com:8443/oauth2/default",
            "HTTPS://Example.okta.com",
        ] {
            assert!(with_issuer(good).is_ok(), "{good}: {:?}", with_issuer(good));
        }
        let cases = [
            // A URL for evil.example that merely starts like loopback.
            ("http://127.0.0.1:1@evil.example/", "user name or password"),
            ("https://admin:pw@example.okta.com", "user name or password"),
            (
                "http://localhost.evil.example",
                "only allowed for localhost",
            ),
            (
                "http://127.0.0.1.evil.example",
                "only allowed for localhost",
            ),
            ("http://128.0.0.1", "only allowed for localhost"),
            ("http://[::2]", "only allowed for localhost"),
            ("http://127.1/", "not a plain name or IP address"),
            ("http://2130706433/", "not a plain name or IP address"),
            ("https://evil.example\\@example.okta.com", "backslashes"),
            ("javascript:alert(1)", "scheme \"javascript\""),
            ("ftp://example.okta.com", "scheme \"ftp\""),
            ("example.okta.com", "absolute URL"),
            ("https:/example.okta.com", "absolute URL"),
            ("https://example.okta.com:99999", "invalid port"),
            ("https://example.okta.com/oauth2/default?x=1", "query"),
            ("https://example.okta.com/oauth2/default#x", "fragment"),
        ];
        for (issuer, needle) in cases {
            let err = with_issuer(issuer).expect_err(issuer).to_string();
            assert!(err.contains("\"issuer\""), "{issuer}: {err}");
            assert!(err.contains(needle), "{issuer}: {err}");
        }
    }

    #[test]
    fn redirect_uris_are_parsed_too() {
        let with = |redirect: &str, logout: &str| {
            parse_config(&format!(
                r#"{{"issuer":"https://example.okta.com","clientId":"x","redirectUri":{redirect:?},
                    "postLogoutRedirectUri":{logout:?}}}"#
            ))
        };
        assert!(with("https://app.example/cb?x=1", "https://app.example/").is_ok());
        let err = |r: Result<AppConfig, ConfigError>| r.expect_err("refused").to_string();
        assert!(
            err(with("http://127.0.0.1:1@evil.example/cb", ""))
                .contains("\"redirectUri\" has a user name")
        );
        assert!(
            err(with("https://app.example/cb#x", ""))
                .contains("\"redirectUri\" must not have a fragment")
        );
        assert!(
            err(with("https://app.example/cb", "http://app.example/"))
                .contains("\"postLogoutRedirectUri\" must use https://")
        );
    }

    #[test]
    fn captcha_scripts_default_to_the_vendors_and_are_parsed_when_set() {
        let with = |scripts: &str| {
            parse_config(&format!(
                r#"{{"issuer":"https://example.okta.com","clientId":"x",
                    "redirectUri":"https://app.example/cb"{scripts}}}"#
            ))
        };
        let hcaptcha = idx_core::CaptchaKind::HCaptcha;
        let recaptcha = idx_core::CaptchaKind::RecaptchaV2;
        let plain = with("").expect("no scripts set");
        assert_eq!(
            plain.captcha_script(&hcaptcha).as_deref(),
            Some("https://hcaptcha.com/1/api.js")
        );
        assert_eq!(
            plain.captcha_script(&recaptcha).as_deref(),
            Some("https://www.google.com/recaptcha/api.js")
        );
        assert_eq!(
            plain.captcha_script(&idx_core::CaptchaKind::Other("ALTCHA".into())),
            None
        );
        let own = with(r#","captchaScripts":{"hcaptcha":"https://cdn.example/h.js"}"#)
            .expect("a self-hosted copy");
        assert_eq!(
            own.captcha_script(&hcaptcha).as_deref(),
            Some("https://cdn.example/h.js")
        );
        assert_eq!(
            own.captcha_script(&recaptcha).as_deref(),
            Some("https://www.google.com/recaptcha/api.js")
        );
        let err = |r: Result<AppConfig, ConfigError>| r.expect_err("refused").to_string();
        assert!(
            err(with(
                r#","captchaScripts":{"hcaptcha":"http://cdn.example/h.js"}"#
            ))
            .contains("\"captchaScripts.hcaptcha\" must use https://")
        );
        assert!(with(r#","captchaScripts":{"altcha":"https://x.example/a.js"}"#).is_err());
    }
}
