//! Sign-out: forget the tokens, revoke them, end the Okta session; and the
//! end of a session that expired here.
//!
//! Invariants: storage is emptied before anything is sent, so whatever the
//! network does (a revoke that hangs, a page closed mid-way) nothing stays
//! in the tab; revocation is best effort and waits at most
//! [`REVOKE_BUDGET_MS`] in all, so it never keeps the user from leaving;
//! the browser then navigates to `{base}/v1/logout` so Okta's session ends
//! too (protocol doc §3.13). Requests and the URL are built by idx-core.

use std::pin::pin;

use futures::future::{Either, select};
use idx_core::{
    AccessToken, IdToken, RefreshToken, revoke_access_token_request, revoke_refresh_token_request,
    sign_out_url,
};

use crate::config::AppConfig;
use crate::http::Transport;
use crate::session::StoredSession;
use crate::{storage, timer};

/// The longest sign-out waits for revocation before leaving anyway.
pub const REVOKE_BUDGET_MS: u32 = 3_000;

/// Clears storage, revokes refresh then access token (within the budget),
/// leaves for logout. Returns an error message only when the final
/// navigation is impossible.
pub async fn sign_out(
    transport: &dyn Transport,
    config: &AppConfig,
    session: &StoredSession,
) -> Result<(), String> {
    // First: from here on, nothing of this session is left in the tab.
    storage::clear_all();
    revoke_within_budget(transport, config, session, true).await;
    let client = config.client();
    let target = sign_out_url(&client, &IdToken::new(session.id_token.clone()), None);
    web_sys::window()
        .map(|w| w.location().set_href(&target))
        .and_then(Result::ok)
        .ok_or_else(|| "Signed out here, but could not reach the sign-out page.".to_owned())
}

/// A session whose access token expired here: its refresh token, if any,
/// is still live at Okta and is revoked (the caller has already removed the
/// session from storage).
pub async fn end_expired(transport: &dyn Transport, config: &AppConfig, session: &StoredSession) {
    revoke_within_budget(transport, config, session, false).await;
}

/// Revokes the refresh token, then (when `access` is set) the access token,
/// giving up after [`REVOKE_BUDGET_MS`]. Failures are ignored: the tokens
/// are already gone from the tab, and a revoke that cannot reach Okta must
/// not keep anyone here.
async fn revoke_within_budget(
    transport: &dyn Transport,
    config: &AppConfig,
    session: &StoredSession,
    access: bool,
) {
    let client = config.client();
    let mut requests = Vec::new();
    if let Some(rt) = &session.refresh_token {
        requests.push(revoke_refresh_token_request(
            &client,
            &RefreshToken::new(rt.clone()),
        ));
    }
    if access {
        requests.push(revoke_access_token_request(
            &client,
            &AccessToken::new(session.access_token.clone()),
        ));
    }
    let revokes = pin!(async {
        for request in &requests {
            let _ = transport.send(request).await;
        }
    });
    let budget = pin!(timer::sleep(REVOKE_BUDGET_MS));
    match select(revokes, budget).await {
        Either::Left(_) | Either::Right(_) => {}
    }
}
