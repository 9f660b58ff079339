//! Sign-out: forget the tokens, revoke them, end the Okta session; and the
//! end of a session that expired here.
//!
//! Invariants: storage is emptied before anything is sent, so whatever the
//! network does (a revoke that hangs, a page closed mid-way) nothing stays
//! in the tab; revocation is best effort and waits at most
//! [`REVOKE_BUDGET_MS`] in all, so it never keeps the user from leaving;
//! the browser then navigates to `{base}/v1/logout` so Okta's session ends
//! too (protocol doc §3.13). Revocation is idx-core's [`Driver`]; the logout
//! URL is idx-core's [`sign_out_url`].

use std::pin::pin;

use futures::future::{Either, select};
use idx_core::{Driver, Transport, sign_out_url};

use crate::session::StoredSession;
use crate::{storage, timer};

/// The longest sign-out waits for revocation before leaving anyway.
pub const REVOKE_BUDGET_MS: u32 = 3_000;

/// The tokens are gone here, but the browser could not leave for Okta's
/// logout page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("could not navigate to the logout URL")]
pub struct LogoutUnreachable;

/// Clears storage, revokes refresh then access token (within the budget),
/// leaves for logout.
///
/// # Errors
/// Only when the final navigation is impossible.
pub async fn sign_out<T: Transport>(
    driver: &Driver<T>,
    session: &StoredSession,
) -> Result<(), LogoutUnreachable> {
    // First: from here on, nothing of this session is left in the tab.
    storage::clear_all();
    revoke_within_budget(driver, session, true).await;
    let target = sign_out_url(driver.config(), &session.id_token, None);
    web_sys::window()
        .map(|w| w.location().set_href(&target))
        .and_then(Result::ok)
        .ok_or(LogoutUnreachable)
}

/// A session whose access token expired here: its refresh token, if any,
/// is still live at Okta and is revoked (the caller has already removed the
/// session from storage).
pub async fn end_expired<T: Transport>(driver: &Driver<T>, session: &StoredSession) {
    revoke_within_budget(driver, session, false).await;
}

/// Revokes the refresh token, then (when `access` is set) the access token,
/// giving up after [`REVOKE_BUDGET_MS`]. Failures are ignored: the tokens
/// are already gone from the tab, and a revoke that cannot reach Okta must
/// not keep anyone here.
async fn revoke_within_budget<T: Transport>(
    driver: &Driver<T>,
    session: &StoredSession,
    access: bool,
) {
    let revokes = pin!(async {
        if let Some(refresh_token) = &session.refresh_token {
            let _ = driver.revoke_refresh_token(refresh_token).await;
        }
        if access {
            let _ = driver.revoke_access_token(&session.access_token).await;
        }
    });
    let budget = pin!(timer::sleep(REVOKE_BUDGET_MS));
    match select(revokes, budget).await {
        Either::Left(_) | Either::Right(_) => {}
    }
}
