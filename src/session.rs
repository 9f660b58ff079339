//! The signed-in session: the tokens kept in sessionStorage and what the UI
//! reads from them.
//!
//! Invariants: tokens are stored only after the ID token's signature and
//! claims were verified; a stored session whose access token has expired is
//! deleted when read, so an expired session never counts as signed in.
//! Tokens stay idx-core's secret newtypes (redacted `Debug`, stored as plain
//! strings) up to the request or URL that carries them.

use idx_core::{AccessToken, IdToken, RefreshToken};
use serde::{Deserialize, Serialize};

use crate::storage::{self, TOKENS_KEY};

/// What the home page needs from the verified ID token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Debug, Default)]
pub struct Profile {
    /// Subject (Okta user id).
    pub sub: String,
    /// Display name (`name` claim), if the `profile` scope was granted.
    #[serde(default)]
    pub name: Option<String>,
    /// Email address, if the `email` scope was granted.
    #[serde(default)]
    pub email: Option<String>,
    /// Username at Okta.
    #[serde(default)]
    pub preferred_username: Option<String>,
}

impl Profile {
    /// The friendliest name available for a greeting.
    pub fn display_name(&self) -> &str {
        self.name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .or(self.preferred_username.as_deref())
            .or(self.email.as_deref())
            .unwrap_or(&self.sub)
    }
}

/// Tokens and profile of the signed-in user (versioned by [`TOKENS_KEY`]).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Debug)]
pub struct StoredSession {
    /// Bearer access token.
    pub access_token: AccessToken,
    /// Compact ID token (needed as `id_token_hint` at logout).
    pub id_token: IdToken,
    /// Refresh token when `offline_access` was granted.
    #[serde(default)]
    pub refresh_token: Option<RefreshToken>,
    /// Access-token expiry, seconds since the Unix epoch.
    pub expires_at: i64,
    /// Granted scopes.
    #[serde(default)]
    pub scope: String,
    /// Verified claims the UI shows.
    pub profile: Profile,
}

/// Seconds since the Unix epoch, from the browser clock.
pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The current session, if any and not expired. Expired sessions are removed.
pub fn current() -> Option<StoredSession> {
    let session: StoredSession = storage::load(TOKENS_KEY)?;
    if session.expires_at <= now_secs() {
        storage::remove(TOKENS_KEY);
        return None;
    }
    Some(session)
}

/// Whether a session is kept whose access token has not expired: the same
/// answer as `current().is_some()`, read on the start path with the
/// browser's JSON parser instead of deserialising the whole session (that
/// code loads with the signed-in page). A value without a numeric
/// `expires_at`, or an expired one, is removed as [`current`] removes it.
pub fn is_open() -> bool {
    let Some(text) = storage::raw(TOKENS_KEY) else {
        return false;
    };
    let expires_at = js_sys::JSON::parse(&text)
        .ok()
        .filter(|value| value.is_object())
        .and_then(|value| js_sys::Reflect::get(&value, &"expires_at".into()).ok())
        .and_then(|at| at.as_f64());
    match expires_at {
        Some(at) if at > now_secs() as f64 => true,
        _ => {
            storage::remove(TOKENS_KEY);
            false
        }
    }
}

/// Removes the stored session and returns it (when its access token
/// expires): its refresh token, if any, is then the caller's to revoke
/// ([`crate::signout::end_expired`]).
pub fn take() -> Option<StoredSession> {
    let session = storage::load(TOKENS_KEY);
    storage::remove(TOKENS_KEY);
    session
}

/// Keeps a verified session.
pub fn store(session: &StoredSession) -> Result<(), storage::StorageError> {
    storage::save(TOKENS_KEY, session)
}

/// Whether a path is safe to return to after sign-in: same-origin, absolute
/// path, not a protocol-relative URL (`//evil.example`) and not the login
/// pages themselves.
pub fn safe_return_path(path: &str) -> Option<String> {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.starts_with("/login")
        && !path.chars().any(char::is_control);
    ok.then(|| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_paths_are_same_origin_only() {
        assert_eq!(safe_return_path("/"), Some("/".into()));
        assert_eq!(
            safe_return_path("/account?tab=1"),
            Some("/account?tab=1".into())
        );
        for bad in [
            "//evil.example",
            "/\\evil",
            "https://evil.example",
            "",
            "/login",
            "/x\n",
        ] {
            assert_eq!(safe_return_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn greeting_prefers_name() {
        let mut p = Profile {
            sub: "00u1".into(),
            email: Some("a@example.com".into()),
            ..Profile::default()
        };
        assert_eq!(p.display_name(), "a@example.com");
        p.name = Some("Ada Lovelace".into());
        assert_eq!(p.display_name(), "Ada Lovelace");
    }

    #[test]
    fn debug_hides_tokens() {
        let s = StoredSession {
            access_token: AccessToken::new("at-secret"),
            id_token: IdToken::new("idt-secret"),
            refresh_token: Some(RefreshToken::new("rt-secret")),
            expires_at: 1,
            scope: "openid".into(),
            profile: Profile::default(),
        };
        let dbg = format!("{s:?}");
        assert!(!dbg.contains("secret"), "{dbg}");
        // Stored as the plain strings the previous format had.
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["access_token"], "at-secret");
        assert_eq!(json["refresh_token"], "rt-secret");
    }
}
