//! Emulator configuration: the org's users and identity providers
//! (`users`, read by `users_file`), their policies and the org's
//! self-service settings (`policy`), a user's security key or passkey
//! policy (`webauthn`), origins and policy knobs.
//!
//! Invariants: a [`Config`] is immutable once the router is built; every
//! allowed origin has exactly one redirect URI (`<origin>/login/callback`) and
//! two post-logout URIs (`<origin>/` and `<origin>/login`) registered for the
//! demo client; user names are compared case-insensitively, like Okta logins;
//! [`Config::new`] leaves the org's self-service settings off (the plain
//! identify form every suite was written against), and the CLI applies the
//! users file's `org` ([`demo_org`] for the checked-in file).

mod factors;
mod policy;
mod users;
mod users_file;
mod webauthn;

use std::time::Duration;

pub use factors::{
    Enrollable, OtpSecret, Phone, QUESTIONS, SecurityQuestion, is_e164, question_text,
};
pub use policy::{
    Attribute, AttributeKind, Captcha, Choice, ConsentKind, GracePeriod, Org, Policy, Registration,
    UserStatus,
};
pub use users::{Idp, OktaVerify, User};
use users_file::demo_file;
pub use users_file::{
    ConfigError, UsersFile, demo_idps, demo_users, load_users, load_users_file, parse_users,
    parse_users_file,
};
pub use webauthn::{UserVerification, WebAuthnPolicy};

/// The client id of the demo single-page app.
pub const DEMO_CLIENT_ID: &str = "demo-spa";

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
    /// Self-service settings: sign-up, unlock, CAPTCHA (all off by default).
    pub org: Org,
    /// Okta FastPass at identify: `launch-authenticator` is offered before
    /// the user is known (off by default: the recorded identify has none).
    pub fastpass: bool,
    /// The RP ID security keys and passkeys are registered for: the org's
    /// domain. `localhost` by default, so a page on any localhost port can
    /// use them; a page elsewhere (an IP address) cannot: browsers refuse,
    /// as they do with Okta.
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
            org: Org::default(),
            fastpass: false,
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

/// The checked-in file's org settings: sign-up (with a password and custom
/// attributes) and self-service unlock on, no CAPTCHA.
pub fn demo_org() -> Org {
    demo_file().org
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_file_has_one_oidc_idp_for_the_demo_user() {
        let file = parse_users_file(users_file::DEFAULT_USERS_JSON).expect("users.json parses");
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
