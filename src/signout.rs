//! Sign-out: revoke the tokens, forget them, end the Okta session.
//!
//! Invariants: local storage is cleared even when revocation fails (the user
//! asked to leave; a dead network must not keep them signed in here); the
//! browser then navigates to `{base}/v1/logout` so Okta's session ends too
//! (protocol doc §3.13). Revocation is idx-core's [`Driver`]; the logout URL
//! is idx-core's [`sign_out_url`].

use idx_core::{Driver, Transport, sign_out_url};

use crate::session::StoredSession;
use crate::storage;

/// The tokens are gone here, but the browser could not leave for Okta's
/// logout page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("could not navigate to the logout URL")]
pub struct LogoutUnreachable;

/// Revokes refresh then access token, clears storage, leaves for logout.
///
/// # Errors
/// Only when the final navigation is impossible.
pub async fn sign_out<T: Transport>(
    driver: &Driver<T>,
    session: &StoredSession,
) -> Result<(), LogoutUnreachable> {
    // Best effort: a failed revoke must not keep the user signed in.
    if let Some(refresh_token) = &session.refresh_token {
        let _ = driver.revoke_refresh_token(refresh_token).await;
    }
    let _ = driver.revoke_access_token(&session.access_token).await;
    storage::clear_all();
    let target = sign_out_url(driver.config(), &session.id_token, None);
    web_sys::window()
        .map(|w| w.location().set_href(&target))
        .and_then(Result::ok)
        .ok_or(LogoutUnreachable)
}
