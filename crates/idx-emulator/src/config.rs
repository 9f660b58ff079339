//! Emulator configuration: users, their authenticators, third-party identity
//! providers, origins and policy knobs.
//!
//! Invariants: a [`Config`] is immutable once the router is built; every
//! allowed origin has exactly one redirect URI (`<origin>/login/callback`) and
//! two post-logout URIs (`<origin>/` and `<origin>/login`) registered for the
//! demo client; user names are compared case-insensitively, like Okta logins;
//! a users file's identity providers have unique, URL-safe ids and each signs
//! in as one of the file's users.

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use crate::secret::Secret;

/// The client id of the demo single-page app.
pub const DEMO_CLIENT_ID: &str = "demo-spa";

/// The users file checked in next to this crate; the default user set.
const DEFAULT_USERS_JSON: &str = include_str!("../users.json");

/// Errors while loading configuration.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The users file could not be read.
    #[error("cannot read users file {path}: {source}")]
    Read {
        /// The file that failed.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The users file is not valid JSON of the expected shape.
    #[error("invalid users file: {0}")]
    Parse(#[from] serde_json::Error),
    /// A user entry is inconsistent (duplicate name, bad TOTP secret, ...).
    #[error("invalid user {username}: {reason}")]
    InvalidUser {
        /// The offending user.
        username: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An identity provider entry is inconsistent (duplicate or unsafe id,
    /// unknown user).
    #[error("invalid identity provider {id}: {reason}")]
    InvalidIdp {
        /// The offending provider's id.
        id: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// An Okta Verify enrollment of a user.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OktaVerify {
    /// Base32 TOTP secret (RFC 4648 alphabet, no padding needed); `None`
    /// means the enrollment offers no "Enter a code" method.
    #[serde(default)]
    pub totp_secret: Option<Secret>,
    /// Whether push notifications are offered.
    #[serde(default)]
    pub push: bool,
    /// Whether a push carries a number challenge (`correctAnswer`).
    #[serde(default)]
    pub number_challenge: bool,
    /// Device name shown in the enrollment profile.
    #[serde(default = "default_device_name")]
    pub device_name: String,
}

fn default_device_name() -> String {
    "Emulated phone".to_owned()
}

/// The org's WebAuthn authenticator as the sign-in policy requires it of a
/// user (protocol-more doc §1): after the password, a security key or
/// passkey, set up on first sign-in when the user has none yet.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebAuthnPolicy {
    /// The authenticator's name: `Security Key or Biometric` (Okta's
    /// default), `Passkeys`, or an admin's own (the widget's three wordings).
    #[serde(default = "default_webauthn_name")]
    pub display_name: String,
    /// `required`, `preferred` or `discouraged`.
    #[serde(default = "default_user_verification")]
    pub user_verification: String,
}

fn default_webauthn_name() -> String {
    "Security Key or Biometric".to_owned()
}

fn default_user_verification() -> String {
    "preferred".to_owned()
}

/// One user of the emulated org.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Login (Okta `identifier`), e.g. `demo@example.com`.
    pub username: String,
    /// Password (demo-only; redacted in `Debug`).
    pub password: Secret,
    /// Okta user id (`00u...`), the `sub` of tokens.
    pub id: String,
    /// Given name.
    #[serde(default)]
    pub first_name: String,
    /// Family name.
    #[serde(default)]
    pub last_name: String,
    /// Primary email.
    pub email: String,
    /// Okta Verify enrollment, if any (`null` or absent: none; a user with
    /// no authenticator at all must enroll Okta Verify after the password).
    #[serde(default)]
    pub okta_verify: Option<OktaVerify>,
    /// Whether the email authenticator is enrolled.
    #[serde(default)]
    pub email_authenticator: bool,
    /// The policy requires a security key or passkey (absent: it does not).
    #[serde(default)]
    pub webauthn: Option<WebAuthnPolicy>,
    /// The security keys and passkeys registered while the emulator runs
    /// (filled in by [`crate::store::Store::user`], never read from the file).
    #[serde(skip)]
    pub webauthn_credentials: Vec<crate::webauthn::Credential>,
}

impl User {
    /// The display name (`name` claim).
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }

    /// The decoded TOTP secret, when the user has Okta Verify TOTP.
    pub fn totp_key(&self) -> Option<Vec<u8>> {
        let ov = self.okta_verify.as_ref()?;
        let secret = ov.totp_secret.as_ref()?;
        crate::totp::decode_base32(secret.expose())
    }

    /// Whether the user can answer an Okta Verify push.
    pub fn has_push(&self) -> bool {
        self.okta_verify.as_ref().is_some_and(|ov| ov.push)
    }
}

/// A third-party identity provider of the org (social or enterprise IdP),
/// offered as a `redirect-idp` remediation at the identify step (protocol
/// reference 3.12, fixture `identify-with-third-party-idps.json`).
///
/// The emulated provider has no accounts of its own: whoever continues on its
/// page is signed in as [`Idp::username`].
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Idp {
    /// Okta IdP id (`0oa...`); the last segment of `/sso/idps/{id}`.
    pub id: String,
    /// Display name, e.g. `Emulated IdP`.
    pub name: String,
    /// IdP type as Okta names it (`OIDC`, `SAML2`, `GOOGLE`, ...).
    #[serde(rename = "type")]
    pub kind: String,
    /// Login of the org user this provider authenticates as.
    pub username: String,
    /// The org's policy wants one more factor after this provider: the
    /// return carries `error=interaction_required` and the transaction waits
    /// at the user's factor choice (protocol doc §3.12).
    #[serde(default)]
    pub mfa: bool,
}

/// The contents of a users file: the org's users and identity providers.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct UsersFile {
    /// The org's users.
    pub users: Vec<User>,
    /// Third-party identity providers (`"idps"`, optional).
    #[serde(default)]
    pub idps: Vec<Idp>,
}

/// Parse a users file (JSON, see `users.json` in this crate): users and
/// identity providers, validated together.
pub fn parse_users_file(json: &str) -> Result<UsersFile, ConfigError> {
    let file: UsersFile = serde_json::from_str(json)?;
    validate_users(&file.users)?;
    validate_idps(&file.idps, &file.users)?;
    Ok(file)
}

/// Parse a users file and keep only its users (see [`parse_users_file`]).
pub fn parse_users(json: &str) -> Result<Vec<User>, ConfigError> {
    parse_users_file(json).map(|f| f.users)
}

fn validate_users(users: &[User]) -> Result<(), ConfigError> {
    let mut seen = std::collections::HashSet::new();
    for user in users {
        if !seen.insert(user.username.to_lowercase()) {
            return Err(ConfigError::InvalidUser {
                username: user.username.clone(),
                reason: "duplicate username".into(),
            });
        }
        let secret = user
            .okta_verify
            .as_ref()
            .and_then(|ov| ov.totp_secret.as_ref());
        if let Some(secret) = secret
            && crate::totp::decode_base32(secret.expose()).is_none()
        {
            return Err(ConfigError::InvalidUser {
                username: user.username.clone(),
                reason: "totpSecret is not valid base32".into(),
            });
        }
        if let Some(policy) = &user.webauthn
            && !matches!(
                policy.user_verification.as_str(),
                "required" | "preferred" | "discouraged"
            )
        {
            return Err(ConfigError::InvalidUser {
                username: user.username.clone(),
                reason: "webauthn.userVerification must be required, preferred or discouraged"
                    .into(),
            });
        }
    }
    Ok(())
}

/// Whether `id` can sit in a URL path segment as is (`[A-Za-z0-9._~-]`).
fn url_safe(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

fn validate_idps(idps: &[Idp], users: &[User]) -> Result<(), ConfigError> {
    let mut seen = std::collections::HashSet::new();
    for idp in idps {
        let invalid = |reason: &str| ConfigError::InvalidIdp {
            id: idp.id.clone(),
            reason: reason.into(),
        };
        if !url_safe(&idp.id) {
            return Err(invalid(
                "id must be non-empty and use only A-Z a-z 0-9 - . _ ~",
            ));
        }
        if !seen.insert(idp.id.as_str()) {
            return Err(invalid("duplicate id"));
        }
        if !users
            .iter()
            .any(|u| u.username.eq_ignore_ascii_case(&idp.username))
        {
            return Err(invalid("username is not a user of this file"));
        }
    }
    Ok(())
}

/// Load a users file (users and identity providers).
pub fn load_users_file(path: &Path) -> Result<UsersFile, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.display().to_string(),
        source,
    })?;
    parse_users_file(&text)
}

/// Load users from a file (its identity providers are ignored).
pub fn load_users(path: &Path) -> Result<Vec<User>, ConfigError> {
    load_users_file(path).map(|f| f.users)
}

fn demo_file() -> UsersFile {
    // The file is part of the crate and covered by tests, so a failure here is a
    // build defect, not a runtime condition.
    parse_users_file(DEFAULT_USERS_JSON).unwrap_or_default()
}

/// The checked-in demo users (`demo@example.com`, `push@example.com`, and
/// `new@example.com`, who has no authenticator yet and enrolls Okta Verify).
pub fn demo_users() -> Vec<User> {
    demo_file().users
}

/// The checked-in identity providers (one OIDC IdP signing in as
/// `demo@example.com`).
pub fn demo_idps() -> Vec<Idp> {
    demo_file().idps
}

/// Everything the emulator needs to run.
#[derive(Clone, Debug)]
pub struct Config {
    /// Base URL the emulator is reachable at, e.g. `http://127.0.0.1:8787`
    /// (no trailing slash). Issuer and hrefs derive from it.
    pub base_url: String,
    /// Browser origins allowed by CORS; each also gets redirect URIs.
    pub allowed_origins: Vec<String>,
    /// The org's users.
    pub users: Vec<User>,
    /// Third-party identity providers offered at the identify step as
    /// `redirect-idp` (empty = none). Each must name a user of [`Config::users`].
    pub idps: Vec<Idp>,
    /// Lifetime of a transaction's state handle.
    pub state_lifetime: Duration,
    /// Failed password/code attempts after which a user is locked out (0 = never).
    pub lockout_attempts: u32,
    /// Requests per minute per client before answering 429 (0 = unlimited).
    pub rate_limit_per_minute: u32,
    /// Ask for the username first and the password as a separate challenge.
    pub username_first: bool,
    /// `refresh` (ms) advertised on push polling forms.
    pub poll_refresh_ms: u64,
    /// Lifetime of access and ID tokens.
    pub token_lifetime: Duration,
    /// The RP ID security keys and passkeys are registered for: the org's
    /// domain. `localhost` by default, so a page on any localhost port can
    /// use them; a page elsewhere cannot (browsers refuse, as with Okta).
    pub webauthn_rp_id: String,
    /// `timeout` (ms) sent with WebAuthn challenges; `None`, as in Okta's
    /// recordings, leaves it to the browser. Tests shorten it so a prompt
    /// nobody answers ends (as a cancelled one does) within the test.
    pub webauthn_timeout_ms: Option<u64>,
}

impl Config {
    /// A configuration with the demo users and defaults, for `base_url`.
    pub fn new(base_url: impl Into<String>) -> Self {
        let demo = demo_file();
        Self {
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            allowed_origins: vec!["http://127.0.0.1:8080".to_owned()],
            users: demo.users,
            idps: demo.idps,
            state_lifetime: Duration::from_secs(600),
            lockout_attempts: 5,
            rate_limit_per_minute: 600,
            username_first: false,
            poll_refresh_ms: 4000,
            token_lifetime: Duration::from_secs(3600),
            webauthn_rp_id: "localhost".to_owned(),
            webauthn_timeout_ms: None,
        }
    }

    /// The issuer: `<base>/oauth2/default`.
    pub fn issuer(&self) -> String {
        format!("{}/oauth2/default", self.base_url)
    }

    /// Registered sign-in redirect URIs of the demo client.
    pub fn redirect_uris(&self) -> Vec<String> {
        self.allowed_origins
            .iter()
            .map(|o| format!("{}/login/callback", o.trim_end_matches('/')))
            .collect()
    }

    /// Registered post-logout redirect URIs of the demo client.
    pub fn post_logout_redirect_uris(&self) -> Vec<String> {
        self.allowed_origins
            .iter()
            .flat_map(|o| {
                let o = o.trim_end_matches('/');
                [format!("{o}/"), format!("{o}/login")]
            })
            .collect()
    }

    /// Whether `origin` may call the emulator from a browser.
    pub fn origin_allowed(&self, origin: &str) -> bool {
        self.allowed_origins
            .iter()
            .any(|o| o.trim_end_matches('/') == origin)
    }

    /// Find a user by login, case-insensitively.
    pub fn user(&self, username: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.username.eq_ignore_ascii_case(username))
    }

    /// Find an identity provider by id (exact match, as in a URL path).
    pub fn idp(&self, id: &str) -> Option<&Idp> {
        self.idps.iter().find(|i| i.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_users_file_parses_with_its_three_users() {
        let users = parse_users(DEFAULT_USERS_JSON).expect("users.json parses");
        let demo = users
            .iter()
            .find(|u| u.username == "demo@example.com")
            .expect("demo user");
        assert_eq!(demo.password.expose(), "correct-horse-battery");
        assert!(demo.totp_key().is_some());
        assert!(demo.has_push());
        assert!(demo.email_authenticator);
        let push = users
            .iter()
            .find(|u| u.username == "push@example.com")
            .expect("push user");
        assert!(push.okta_verify.as_ref().expect("ov").number_challenge);
        assert!(push.totp_key().is_none());
        let new = users
            .iter()
            .find(|u| u.username == "new@example.com")
            .expect("new user");
        assert_eq!(new.password.expose(), "correct-horse-battery");
        assert_eq!(new.display_name(), "New User");
        assert!(new.okta_verify.is_none() && !new.email_authenticator);
        assert!(!new.has_push() && new.totp_key().is_none());
        assert!(new.webauthn.is_none());
        let key = users
            .iter()
            .find(|u| u.username == "key@example.com")
            .expect("security key user");
        let policy = key.webauthn.as_ref().expect("webauthn policy");
        assert_eq!(policy.display_name, "Security Key or Biometric");
        assert!(key.webauthn_credentials.is_empty());
        let passkey = users
            .iter()
            .find(|u| u.username == "passkey@example.com")
            .expect("passkey user");
        assert_eq!(
            passkey.webauthn.as_ref().expect("policy").display_name,
            "Passkeys"
        );
        assert_eq!(users.len(), 5);
    }

    #[test]
    fn webauthn_user_verification_is_checked() {
        let json = r#"{"users":[{"username":"a","password":"p","id":"1","email":"a@x",
            "webauthn":{"userVerification":"sometimes"}}]}"#;
        assert!(matches!(
            parse_users(json),
            Err(ConfigError::InvalidUser { .. })
        ));
        let json =
            r#"{"users":[{"username":"a","password":"p","id":"1","email":"a@x","webauthn":{}}]}"#;
        let users = parse_users(json).expect("defaults apply");
        let policy = users[0].webauthn.as_ref().expect("policy");
        assert_eq!(policy.display_name, "Security Key or Biometric");
        assert_eq!(policy.user_verification, "preferred");
    }

    #[test]
    fn okta_verify_may_be_null_or_absent() {
        for ov in [r#","oktaVerify":null"#, ""] {
            let json = format!(
                r#"{{"users":[{{"username":"a","password":"p","id":"1","email":"a@x"{ov}}}]}}"#
            );
            let users = parse_users(&json).expect("parses");
            assert!(users[0].okta_verify.is_none(), "{json}");
        }
    }

    #[test]
    fn demo_file_has_one_oidc_idp_for_the_demo_user() {
        let file = parse_users_file(DEFAULT_USERS_JSON).expect("users.json parses");
        assert_eq!(file.idps.len(), 1);
        let idp = &file.idps[0];
        assert_eq!(
            (idp.id.as_str(), idp.name.as_str(), idp.kind.as_str()),
            ("0oaemulatedidp00001", "Emulated IdP", "OIDC")
        );
        assert_eq!(idp.username, "demo@example.com");
        let config = Config::new("http://x");
        assert_eq!(config.idps.len(), 1);
        assert!(config.idp("0oaemulatedidp00001").is_some());
        assert!(config.idp("0OAEMULATEDIDP00001").is_none());
    }

    #[test]
    fn idps_are_optional_and_validated() {
        let user = r#"{"username":"a@x","password":"p","id":"1","email":"a@x"}"#;
        let none = format!(r#"{{"users":[{user}]}}"#);
        assert!(parse_users_file(&none).expect("no idps").idps.is_empty());
        let with = |idps: &str| format!(r#"{{"users":[{user}],"idps":[{idps}]}}"#);
        let ok = with(r#"{"id":"0oa1","name":"N","type":"SAML2","username":"A@X"}"#);
        assert_eq!(parse_users_file(&ok).expect("valid").idps[0].kind, "SAML2");
        for bad in [
            r#"{"id":"0oa1","name":"N","type":"OIDC","username":"nobody@x"}"#,
            r#"{"id":"a/b","name":"N","type":"OIDC","username":"a@x"}"#,
            r#"{"id":"","name":"N","type":"OIDC","username":"a@x"}"#,
            r#"{"id":"0oa1","name":"N","type":"OIDC","username":"a@x"},
               {"id":"0oa1","name":"M","type":"OIDC","username":"a@x"}"#,
        ] {
            assert!(
                matches!(
                    parse_users_file(&with(bad)),
                    Err(ConfigError::InvalidIdp { .. })
                ),
                "{bad}"
            );
        }
        // A provider without a type is a shape error.
        let untyped = with(r#"{"id":"0oa1","name":"N","username":"a@x"}"#);
        assert!(matches!(
            parse_users_file(&untyped),
            Err(ConfigError::Parse(_))
        ));
    }

    #[test]
    fn duplicate_and_bad_secret_users_are_rejected() {
        let dup = r#"{"users":[{"username":"a","password":"p","id":"1","email":"a@x"},
                               {"username":"A","password":"p","id":"2","email":"a@x"}]}"#;
        assert!(matches!(
            parse_users(dup),
            Err(ConfigError::InvalidUser { .. })
        ));
        let bad = r#"{"users":[{"username":"a","password":"p","id":"1","email":"a@x",
                      "oktaVerify":{"totpSecret":"not base32!"}}]}"#;
        assert!(matches!(
            parse_users(bad),
            Err(ConfigError::InvalidUser { .. })
        ));
    }

    #[test]
    fn redirect_uris_follow_allowed_origins() {
        let mut c = Config::new("http://127.0.0.1:8787/");
        c.allowed_origins = vec!["http://a:1".into(), "http://b:2/".into()];
        assert_eq!(c.issuer(), "http://127.0.0.1:8787/oauth2/default");
        assert_eq!(
            c.redirect_uris(),
            vec!["http://a:1/login/callback", "http://b:2/login/callback"]
        );
        assert_eq!(
            c.post_logout_redirect_uris(),
            vec![
                "http://a:1/",
                "http://a:1/login",
                "http://b:2/",
                "http://b:2/login"
            ]
        );
        assert!(c.origin_allowed("http://b:2"));
        assert!(!c.origin_allowed("http://evil:2"));
    }
}
