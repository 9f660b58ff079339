//! Activation and password-reset links (protocol doc §8.8): the token an
//! admin's or a reset email carries, read from the address and handed to
//! the next start, which sends it on `/v1/interact` as okta-auth-js's
//! `activationToken` / `recoveryToken` options do.
//!
//! Addresses read: `/login?activationToken=…` and `/login?recoveryToken=…`
//! (what an org's email template points at for an embedded sign-in), and
//! the paths of Okta's own emails, `/welcome/{token}`,
//! `/tokens/{token}/verify` (activation), `/signin/reset-password/{token}`
//! and `/reset-password/{token}` (recovery), for a site served where those
//! links land.
//!
//! Invariants: the token leaves the address bar and the history the moment
//! it is read (the entry is replaced by `/login` with the other query
//! parameters kept); it is held here only until the next start takes it
//! (once: a restart after a failure or a cancel starts a plain sign-in, as
//! the widget drops the token on cancel), and from then on lives in the
//! transaction meta; it is never shown or logged. Layering: below the flow
//! (which takes it) and the pages (which read the address); imports only
//! idx-core and web-sys.

use std::cell::RefCell;

use idx_core::{ActivationToken, InteractParams, RecoveryToken};

thread_local! {
    static PENDING: RefCell<Option<InteractParams>> = const { RefCell::new(None) };
}

/// Query parameters that carry a token.
const ACTIVATION_PARAM: &str = "activationToken";
const RECOVERY_PARAM: &str = "recoveryToken";

/// Which link a token came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkToken {
    /// A user activation link.
    Activation(String),
    /// A password-reset link.
    Recovery(String),
}

/// The token of an address (`path` and `search` as the browser gives
/// them), if it carries one. Pure.
pub(crate) fn from_address(path: &str, search: &str) -> Option<LinkToken> {
    let query = |name: &str| {
        search
            .trim_start_matches('?')
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| decode(v))
            .filter(|v| !v.is_empty())
    };
    if path == "/login" {
        return query(ACTIVATION_PARAM)
            .map(LinkToken::Activation)
            .or_else(|| query(RECOVERY_PARAM).map(LinkToken::Recovery));
    }
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let token = |t: &str| (!t.is_empty()).then(|| decode(t));
    match parts.as_slice() {
        ["welcome", t] | ["tokens", t, "verify"] => token(t).map(LinkToken::Activation),
        ["signin", "reset-password", t] | ["reset-password", t] => {
            token(t).map(LinkToken::Recovery)
        }
        _ => None,
    }
}

/// Percent-decoding of one query value (`+` is a space); bytes that do not
/// decode are kept as they are.
fn decode(text: &str) -> String {
    let hex = |b: u8| {
        char::from(b)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads a link token from the current address, keeps it for the next
/// start and replaces the history entry with `/login` (other query
/// parameters kept). True when there was one: the page must sign in.
pub fn take_from_address() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let location = window.location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
        return false;
    };
    let Some(token) = from_address(&path, &search) else {
        return false;
    };
    let params = match token {
        LinkToken::Activation(t) => InteractParams {
            activation_token: Some(ActivationToken::new(t)),
            ..InteractParams::default()
        },
        LinkToken::Recovery(t) => InteractParams {
            recovery_token: Some(RecoveryToken::new(t)),
            ..InteractParams::default()
        },
    };
    PENDING.with(|p| *p.borrow_mut() = Some(params));
    let rest = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let kept = rest
        .map(|q| {
            q.delete(ACTIVATION_PARAM);
            q.delete(RECOVERY_PARAM);
            String::from(q.to_string())
        })
        .filter(|q| !q.is_empty() && path == "/login")
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("/login{kept}")),
        );
    }
    true
}

/// Whether a link token waits for the next start.
pub fn is_pending() -> bool {
    PENDING.with(|p| p.borrow().is_some())
}

/// The parameters for the next start (empty for a plain sign-in); taken
/// once.
pub fn take_pending() -> InteractParams {
    PENDING.with(|p| p.borrow_mut().take()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_token_of_each_kind_of_link() {
        assert_eq!(
            from_address("/login", "?activationToken=abc%2D1&next=%2F"),
            Some(LinkToken::Activation("abc-1".into()))
        );
        assert_eq!(
            from_address("/login", "?next=/&recoveryToken=r3c"),
            Some(LinkToken::Recovery("r3c".into()))
        );
        assert_eq!(
            from_address("/welcome/act0k", ""),
            Some(LinkToken::Activation("act0k".into()))
        );
        assert_eq!(
            from_address("/tokens/act0k/verify", ""),
            Some(LinkToken::Activation("act0k".into()))
        );
        assert_eq!(
            from_address("/signin/reset-password/rec0k", ""),
            Some(LinkToken::Recovery("rec0k".into()))
        );
        assert_eq!(
            from_address("/reset-password/rec0k", ""),
            Some(LinkToken::Recovery("rec0k".into()))
        );
    }

    #[test]
    fn ignores_addresses_without_a_token() {
        assert_eq!(from_address("/login", ""), None);
        assert_eq!(from_address("/login", "?activationToken="), None);
        assert_eq!(from_address("/", "?recoveryToken=x"), None);
        assert_eq!(from_address("/welcome", ""), None);
        assert_eq!(from_address("/signin/reset-password/", ""), None);
        assert_eq!(decode("a%zz%4"), "a%zz%4");
    }
}
