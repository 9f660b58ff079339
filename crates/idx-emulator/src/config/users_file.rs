//! Reading a users file (`users.json` in this crate, or `--users`): users
//! and identity providers, validated together; and the checked-in demo set.
//!
//! Invariants: user names are unique case-insensitively, like Okta logins;
//! a TOTP secret is valid base32; identity providers have unique, URL-safe
//! ids and each signs in as one of the file's users; a file that breaks any
//! of these is refused whole.

use std::path::Path;

use serde::Deserialize;

use super::policy::Org;
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
    /// The org settings are inconsistent (a sign-up form without email, ...).
    #[error("invalid org settings: {0}")]
    InvalidOrg(String),
}

/// The contents of a users file: the org's users and identity providers.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct UsersFile {
    /// The org's users.
    pub users: Vec<User>,
    /// Third-party identity providers (`"idps"`, optional).
    #[serde(default)]
    pub idps: Vec<Idp>,
    /// The org's self-service settings (`"org"`, optional: all off).
    #[serde(default)]
    pub org: Org,
}

/// Parse a users file (JSON, see `users.json` in this crate): users and
/// identity providers, validated together.
pub fn parse_users_file(json: &str) -> Result<UsersFile, ConfigError> {
    let file: UsersFile = serde_json::from_str(json)?;
    validate_users(&file.users)?;
    validate_idps(&file.idps, &file.users)?;
    validate_org(&file.org)?;
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
        super::factors::validate(
            user.phone.as_ref(),
            user.security_question.as_ref(),
            &[
                ("googleAuthenticator", user.google_authenticator.as_ref()),
                ("customOtp", user.custom_otp.as_ref()),
                ("rsaToken", user.rsa_token.as_ref()),
            ],
        )
        .map_err(|reason| ConfigError::InvalidUser {
            username: user.username.clone(),
            reason,
        })?;
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

/// A sign-up form must ask for the attributes a user needs.
fn validate_org(org: &Org) -> Result<(), ConfigError> {
    let Some(registration) = &org.registration else {
        return Ok(());
    };
    for needed in ["email", "firstName", "lastName"] {
        if !registration.profile.iter().any(|a| a.name == needed) {
            return Err(ConfigError::InvalidOrg(format!(
                "registration.profile must include {needed}"
            )));
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

/// The checked-in demo users (`demo@example.com`, `push@example.com`,
/// `new@example.com`, who has no authenticator yet and enrolls Okta Verify,
/// one per policy step or self-service flow: `optional@`, `expiring@`,
/// `locked@`, `unlock-app@`, `consent@`, `staged@`, and one per other
/// authenticator and required enrollment: `phone@`, `question@`, `google@`,
/// `otp@`, `fastpass@`, `enroll-phone@`, `enroll-question@`,
/// `enroll-google@`, and a security key and a passkey: `key@`, `passkey@`).
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
    use crate::config::{ConsentKind, GracePeriod, Policy, UserStatus};

    #[test]
    fn demo_users_file_parses_with_its_users() {
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
        assert!(new.must_enroll.is_none() && new.phone.is_none());
        // The first three have no policy or status of their own: the
        // sign-in they always had.
        for u in &users[..3] {
            assert_eq!(u.policy, Policy::default(), "{}", u.username);
            assert_eq!(u.status, UserStatus::Active, "{}", u.username);
        }
        let by = |name: &str| {
            users
                .iter()
                .find(|u| u.username == name)
                .unwrap_or_else(|| panic!("{name}"))
        };
        let optional = &by("optional@example.com").policy;
        assert!(optional.password_only && optional.optional_enrollment);
        assert_eq!(
            optional.grace_period,
            Some(GracePeriod::BySkipCount { skips: 3 })
        );
        assert_eq!(
            by("expiring@example.com").policy.password_expires_in_days,
            Some(4)
        );
        assert_eq!(by("locked@example.com").status, UserStatus::LockedOut);
        assert!(by("unlock-app@example.com").policy.unlock_lands_on_app);
        let consent = &by("consent@example.com").policy;
        assert_eq!(consent.consent, Some(ConsentKind::Granular));
        assert!(consent.keep_me_signed_in);
        assert_eq!(by("staged@example.com").status, UserStatus::Staged);
        assert_eq!(users.len(), 19);
        let org = parse_users_file(DEFAULT_USERS_JSON).expect("parses").org;
        let registration = org.registration.expect("sign-up on");
        assert!(!registration.password);
        assert_eq!(registration.profile.len(), 6);
        assert!(org.unlock && org.captcha.is_none());
    }

    #[test]
    fn a_sign_up_form_must_ask_for_email_and_names() {
        let file = |profile: &str| {
            format!(r#"{{"users":[],"org":{{"registration":{{"profile":[{profile}]}}}}}}"#)
        };
        let names = r#"{"name":"firstName","label":"F"},{"name":"lastName","label":"L"}"#;
        assert!(matches!(
            parse_users_file(&file(names)),
            Err(ConfigError::InvalidOrg(_))
        ));
        let all = format!(r#"{names},{{"name":"email","label":"E"}}"#);
        assert!(parse_users_file(&file(&all)).is_ok());
        // A misspelt policy member is refused, not ignored.
        let typo = r#"{"users":[{"username":"a","password":"p","id":"1","email":"a@x",
                      "policy":{"pasword_only":true}}]}"#;
        assert!(matches!(parse_users(typo), Err(ConfigError::Parse(_))));
    }

    #[test]
    fn demo_users_file_has_a_user_per_authenticator_and_required_enrollment() {
        use super::super::Enrollable;
        let users = parse_users(DEFAULT_USERS_JSON).expect("users.json parses");
        let user = |name: &str| {
            users
                .iter()
                .find(|u| u.username == name)
                .unwrap_or_else(|| panic!("{name}"))
        };
        let phone = user("phone@example.com").phone.as_ref().expect("phone");
        assert!(phone.sms && phone.voice && phone.number == "+14155552342");
        let question = user("question@example.com");
        let q = question.security_question.as_ref().expect("question");
        assert_eq!(q.question_key, "favorite_vacation_location");
        assert!(user("google@example.com").google_authenticator.is_some());
        let otp = user("otp@example.com");
        assert!(otp.custom_otp.is_some());
        assert!(otp.rsa_token.as_ref().is_some_and(|t| t.next_code));
        let fastpass = user("fastpass@example.com");
        assert!(fastpass.has_fast_pass() && !fastpass.has_push());
        for (name, must) in [
            ("enroll-phone@example.com", Enrollable::Phone),
            ("enroll-question@example.com", Enrollable::SecurityQuestion),
            ("enroll-google@example.com", Enrollable::GoogleOtp),
        ] {
            assert_eq!(user(name).must_enroll, Some(must), "{name}");
        }
    }

    #[test]
    fn bad_phone_question_and_otp_entries_are_rejected() {
        for extra in [
            r#""phone":{"number":"555-1234"}"#,
            r#""phone":{"number":"+14155550123","sms":false,"voice":false}"#,
            r#""securityQuestion":{"questionKey":"nope","answer":"x"}"#,
            r#""googleAuthenticator":{"totpSecret":"not base32!"}"#,
            r#""rsaToken":{"totpSecret":"1"}"#,
        ] {
            let json = format!(
                r#"{{"users":[{{"username":"a","password":"p","id":"1","email":"a@x",{extra}}}]}}"#
            );
            assert!(
                matches!(parse_users(&json), Err(ConfigError::InvalidUser { .. })),
                "{extra}"
            );
        }
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
