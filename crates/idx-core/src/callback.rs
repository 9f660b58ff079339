//! The redirect callback: when the flow left the page (IdP sign-in, email
//! magic link) the browser comes back to the redirect URI with
//! `?interaction_code=...&state=...` or `?error=...` (protocol doc §3.12).
//!
//! Invariant: an interaction code is only handed out when the callback's
//! `state` equals the saved one (RFC 6749 §10.12, CSRF protection).

use crate::encoding::percent_decode;
use crate::secret::{InteractionCode, OAuthState};

/// What the redirect callback says.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectCallback {
    /// Redeem this code with the saved verifier.
    Code(InteractionCode),
    /// More remediation is needed: introspect again with the saved interaction handle.
    InteractionRequired,
    /// Email magic link: submit this one-time code to the email challenge.
    Otp(crate::secret::SecretString),
}

/// A callback that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackError {
    /// `state` is missing or differs from the saved one.
    #[error("the callback's state does not match this transaction")]
    StateMismatch,
    /// The authorization server reported an error.
    #[error("authorization error `{error}`: {}", description.as_deref().unwrap_or(""))]
    OAuth {
        /// `error`.
        error: String,
        /// `error_description`.
        description: Option<String>,
    },
    /// Neither a code, an OTP nor an error.
    #[error("the callback has no interaction_code, otp or error")]
    Empty,
}

/// Parses the query string of the redirect URI (with or without a leading `?`).
///
/// # Errors
/// [`CallbackError`] for a foreign `state`, an OAuth error or an empty callback.
pub fn parse_redirect_callback(
    query: &str,
    expected_state: &OAuthState,
) -> Result<RedirectCallback, CallbackError> {
    let pairs: Vec<(String, String)> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    if get("state") != Some(expected_state.secret()) {
        return Err(CallbackError::StateMismatch);
    }
    if let Some(error) = get("error") {
        if error == "interaction_required" {
            return Ok(RedirectCallback::InteractionRequired);
        }
        return Err(CallbackError::OAuth {
            error: error.to_owned(),
            description: get("error_description").map(str::to_owned),
        });
    }
    if let Some(code) = get("interaction_code").filter(|c| !c.is_empty()) {
        return Ok(RedirectCallback::Code(InteractionCode::new(code)));
    }
    if let Some(otp) = get("otp").filter(|c| !c.is_empty()) {
        return Ok(RedirectCallback::Otp(crate::secret::SecretString::new(otp)));
    }
    Err(CallbackError::Empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callbacks() {
        let s = OAuthState::new("s 1");
        assert_eq!(
            parse_redirect_callback("?interaction_code=IC%2B1&state=s%201", &s),
            Ok(RedirectCallback::Code(InteractionCode::new("IC+1")))
        );
        assert_eq!(
            parse_redirect_callback("error=interaction_required&state=s+1", &s),
            Ok(RedirectCallback::InteractionRequired)
        );
        assert_eq!(
            parse_redirect_callback("interaction_code=IC&state=other", &s),
            Err(CallbackError::StateMismatch)
        );
        assert_eq!(
            parse_redirect_callback("interaction_code=IC", &s),
            Err(CallbackError::StateMismatch)
        );
        assert!(matches!(
            parse_redirect_callback("error=access_denied&error_description=no&state=s%201", &s),
            Err(CallbackError::OAuth { ref error, .. }) if error == "access_denied"
        ));
        assert!(matches!(
            parse_redirect_callback("otp=123456&state=s%201", &s),
            Ok(RedirectCallback::Otp(ref o)) if o.secret() == "123456"
        ));
        assert_eq!(
            parse_redirect_callback("state=s%201", &s),
            Err(CallbackError::Empty)
        );
    }
}
