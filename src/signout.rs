//! Sign-out: revoke the tokens, forget them, end the Okta session.
//!
//! Invariants: local storage is cleared even when revocation fails (the user
//! asked to leave; a dead network must not keep them signed in here); the
//! browser then navigates to `{base}/v1/logout` so Okta's session ends too
//! (protocol doc §3.13).

use crate::config::AppConfig;
use crate::http::{self, Transport};
use crate::session::StoredSession;
use crate::storage;

/// Revokes refresh then access token, clears storage, leaves for logout.
/// Returns an error message only when the final navigation is impossible.
pub async fn sign_out(
    transport: &dyn Transport,
    config: &AppConfig,
    session: &StoredSession,
) -> Result<(), String> {
    let basic = web_sys::window()
        .and_then(|w| w.btoa(&config.client_id).ok())
        .unwrap_or_default();
    let mut to_revoke = Vec::new();
    if let Some(rt) = &session.refresh_token {
        to_revoke.push(("refresh_token", rt.as_str()));
    }
    to_revoke.push(("access_token", session.access_token.as_str()));
    for (hint, token) in to_revoke {
        let request = http::oauth_post(
            config.revoke_url(),
            &[("token", token), ("token_type_hint", hint)],
            vec![("Authorization".to_owned(), format!("Basic {basic}"))],
        );
        // Best effort: a failed revoke must not keep the user signed in.
        let _ = transport.send(&request).await;
    }
    storage::clear_all();
    let target = logout_url(config, &session.id_token);
    web_sys::window()
        .map(|w| w.location().set_href(&target))
        .and_then(Result::ok)
        .ok_or_else(|| "Signed out here, but could not reach the sign-out page.".to_owned())
}

fn logout_url(config: &AppConfig, id_token: &str) -> String {
    let mut url = format!(
        "{}?id_token_hint={}",
        config.logout_url(),
        String::from(js_sys::encode_uri_component(id_token))
    );
    if let Some(post) = &config.post_logout_redirect_uri {
        url.push_str("&post_logout_redirect_uri=");
        url.push_str(&String::from(js_sys::encode_uri_component(post)));
    }
    url
}
