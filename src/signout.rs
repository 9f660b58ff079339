//! Sign-out: revoke the tokens, forget them, end the Okta session.
//!
//! Invariants: local storage is cleared even when revocation fails (the user
//! asked to leave; a dead network must not keep them signed in here); the
//! browser then navigates to `{base}/v1/logout` so Okta's session ends too
//! (protocol doc §3.13). Requests and the URL are built by idx-core.

use idx_core::{
    AccessToken, IdToken, RefreshToken, revoke_access_token_request, revoke_refresh_token_request,
    sign_out_url,
};

use crate::config::AppConfig;
use crate::http::Transport;
use crate::session::StoredSession;
use crate::storage;

/// Revokes refresh then access token, clears storage, leaves for logout.
/// Returns an error message only when the final navigation is impossible.
pub async fn sign_out(
    transport: &dyn Transport,
    config: &AppConfig,
    session: &StoredSession,
) -> Result<(), String> {
    let client = config.client();
    let mut requests = Vec::new();
    if let Some(rt) = &session.refresh_token {
        requests.push(revoke_refresh_token_request(
            &client,
            &RefreshToken::new(rt.clone()),
        ));
    }
    requests.push(revoke_access_token_request(
        &client,
        &AccessToken::new(session.access_token.clone()),
    ));
    for request in &requests {
        // Best effort: a failed revoke must not keep the user signed in.
        let _ = transport.send(request).await;
    }
    storage::clear_all();
    let target = sign_out_url(&client, &IdToken::new(session.id_token.clone()), None);
    web_sys::window()
        .map(|w| w.location().set_href(&target))
        .and_then(Result::ok)
        .ok_or_else(|| "Signed out here, but could not reach the sign-out page.".to_owned())
}
