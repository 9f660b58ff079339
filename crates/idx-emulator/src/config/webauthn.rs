//! A user's security key or passkey policy (protocol-more doc §1): the
//! org's WebAuthn authenticator, as the sign-in policy requires it of them.
//!
//! Invariants: plain data read from a users file; `userVerification` is one
//! of WebAuthn's three requirements or the file is refused; the keys a user
//! registers are learned while the emulator runs and live in the store,
//! never here.

use serde::Deserialize;

/// The org's WebAuthn authenticator as the sign-in policy requires it of a
/// user: after the password, a security key or passkey, set up on the first
/// sign-in while the user has none.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebAuthnPolicy {
    /// The authenticator's name: `Security Key or Biometric` (Okta's
    /// default), `Passkeys`, or an admin's own (the widget's three wordings).
    #[serde(default = "default_name")]
    pub display_name: String,
    /// Whether the authenticator must verify the user (PIN, biometrics).
    #[serde(default)]
    pub user_verification: UserVerification,
}

fn default_name() -> String {
    "Security Key or Biometric".to_owned()
}

/// WebAuthn's `userVerification` requirement (W3C WebAuthn §5.8.6).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UserVerification {
    /// The UV flag must be set, or the ceremony is refused.
    Required,
    /// Asked for, not required.
    #[default]
    Preferred,
    /// Not asked for.
    Discouraged,
}

impl UserVerification {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            UserVerification::Required => "required",
            UserVerification::Preferred => "preferred",
            UserVerification::Discouraged => "discouraged",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigError, parse_users};

    #[test]
    fn defaults_apply_and_user_verification_is_checked() {
        let user = |webauthn: &str| {
            format!(
                r#"{{"users":[{{"username":"a","password":"p","id":"1","email":"a@x","webauthn":{webauthn}}}]}}"#
            )
        };
        let users = parse_users(&user("{}")).expect("defaults apply");
        let policy = users[0].webauthn.as_ref().expect("policy");
        assert_eq!(policy.display_name, "Security Key or Biometric");
        assert_eq!(policy.user_verification, UserVerification::Preferred);
        assert!(users[0].webauthn_credentials.is_empty());
        let users = parse_users(&user(r#"{"userVerification":"required"}"#)).expect("parses");
        let policy = users[0].webauthn.as_ref().expect("policy");
        assert_eq!(policy.user_verification.as_str(), "required");
        for bad in [
            r#"{"userVerification":"sometimes"}"#,
            r#"{"displayname":"Keys"}"#,
        ] {
            assert!(
                matches!(parse_users(&user(bad)), Err(ConfigError::Parse(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_demo_file_has_a_security_key_user_and_a_passkey_user() {
        let users = crate::config::demo_users();
        let policy = |name: &str| {
            users
                .iter()
                .find(|u| u.username == name)
                .and_then(|u| u.webauthn.clone())
                .unwrap_or_else(|| panic!("{name} has a WebAuthn policy"))
        };
        let key = policy("key@example.com");
        assert_eq!(key.display_name, "Security Key or Biometric");
        assert_eq!(key.user_verification, UserVerification::Preferred);
        let passkey = policy("passkey@example.com");
        assert_eq!(passkey.display_name, "Passkeys");
        assert_eq!(passkey.user_verification, UserVerification::Required);
        let others = users.iter().filter(|u| u.webauthn.is_some()).count();
        assert_eq!(others, 2, "only those two have one");
    }
}
