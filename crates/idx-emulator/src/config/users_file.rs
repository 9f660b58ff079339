//! Reading a users file (`users.json` in this crate, or `--users`): users
//! and identity providers, validated together; and the checked-in demo set.
//!
//! Invariants: user names are unique case-insensitively, like Okta logins;
//! a TOTP secret is valid base32; identity providers have unique, URL-safe
//! ids and each signs in as one of the file's users; a file that breaks any
//! of these is refused whole.

use std::path::Path;

use serde::Deserialize;

use super::users::{Idp, User};

/// The users file checked in next to this crate; the default user set.
pub(super) const DEFAULT_USERS_JSON: &str = include_str!("../../users.json");

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

pub(super) fn demo_file() -> UsersFile {
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
        assert_eq!(users.len(), 3);
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
}
