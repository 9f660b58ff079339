//! The redirect callback: when the flow left the page (IdP sign-in, email
//! magic link) the browser comes back to the redirect URI with
//! `?interaction_code=...&state=...` or `?error=...` (protocol doc §3.12).
//!
//! Invariants: an interaction code or OTP is only handed out for use when the
//! callback's `state` equals the saved one (RFC 6749 §10.12, CSRF
//! protection). A magic link for a transaction this tab does not hold (the
//! link opened in a new tab or another browser) yields its OTP only to be
//! shown, and only when it is nothing but digits: anyone can craft a link,
//! and digits cannot carry words to a reader.

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
    /// `state` is missing or differs from the saved one (or nothing is saved).
    #[error("the callback's state does not match this transaction")]
    StateMismatch,
    /// An email magic link for a transaction this tab does not hold: the
    /// user types this code where the sign-in started (it is digits only).
    #[error("an email magic link for a sign-in started elsewhere")]
    ForeignMagicLink(crate::secret::SecretString),
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

/// Longest one-time code shown from a foreign magic link.
const MAX_SHOWN_OTP: usize = 10;

/// Parses the query string of the redirect URI (with or without a leading
/// `?`) against the saved transaction's `state` (`None`: nothing is saved).
///
/// # Errors
/// [`CallbackError`] for a foreign `state` (a foreign magic link carries its
/// code, see [`CallbackError::ForeignMagicLink`]), an OAuth error or an
/// empty callback.
pub fn parse_redirect_callback(
    query: &str,
    expected_state: Option<&OAuthState>,
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
    if get("state").is_none() || get("state") != expected_state.map(OAuthState::secret) {
        let shown_otp = get("otp").filter(|otp| {
            (4..=MAX_SHOWN_OTP).contains(&otp.len()) && otp.bytes().all(|b| b.is_ascii_digit())
        });
        return Err(match shown_otp {
            Some(otp) if get("interaction_code").is_none() && get("error").is_none() => {
                CallbackError::ForeignMagicLink(crate::secret::SecretString::new(otp))
            }
            _ => CallbackError::StateMismatch,
        });
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
            parse_redirect_callback("?interaction_code=IC%2B1&state=s%201", Some(&s)),
            Ok(RedirectCallback::Code(InteractionCode::new("IC+1")))
        );
        assert_eq!(
            parse_redirect_callback("error=interaction_required&state=s+1", Some(&s)),
            Ok(RedirectCallback::InteractionRequired)
        );
        assert_eq!(
            parse_redirect_callback("interaction_code=IC&state=other", Some(&s)),
            Err(CallbackError::StateMismatch)
        );
        assert_eq!(
            parse_redirect_callback("interaction_code=IC", Some(&s)),
            Err(CallbackError::StateMismatch)
        );
        assert!(matches!(
            parse_redirect_callback("error=access_denied&error_description=no&state=s%201", Some(&s)),
            Err(CallbackError::OAuth { ref error, .. }) if error == "access_denied"
        ));
        assert!(matches!(
            parse_redirect_callback("otp=123456&state=s%201", Some(&s)),
            Ok(RedirectCallback::Otp(ref o)) if o.secret() == "123456"
        ));
        assert_eq!(
            parse_redirect_callback("state=s%201", Some(&s)),
            Err(CallbackError::Empty)
        );
    }

    #[test]
    fn foreign_magic_links_give_their_code_only_to_be_shown() {
        let s = OAuthState::new("mine");
        for saved in [Some(&s), None] {
            assert!(matches!(
                parse_redirect_callback("otp=123456&state=theirs", saved),
                Err(CallbackError::ForeignMagicLink(ref o)) if o.secret() == "123456"
            ));
            // Words, too short, too long, or mixed with a code or error: no.
            for query in [
                "otp=Call+555&state=theirs",
                "otp=123&state=theirs",
                "otp=12345678901&state=theirs",
                "otp=123456&interaction_code=IC&state=theirs",
                "otp=123456&error=access_denied&state=theirs",
                "otp=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94&state=theirs",
            ] {
                assert_eq!(
                    parse_redirect_callback(query, saved),
                    Err(CallbackError::StateMismatch),
                    "{query}"
                );
            }
        }
        // Nothing saved and no state: a code is never usable.
        assert_eq!(
            parse_redirect_callback("interaction_code=IC", None),
            Err(CallbackError::StateMismatch)
        );
        // The secret stays out of Debug.
        let err = parse_redirect_callback("otp=987654", None).unwrap_err();
        assert!(!format!("{err:?}").contains("987654"));
    }
}
