//! Minting tokens for a grant: the access token, the ID token (with the
//! armed defect, if any) and the refresh token.
//!
//! Invariants: every token is signed with the process key; the ID token
//! carries the nonce of the transaction, the `amr` and `idp` of the sign-in,
//! and only the claims its scopes allow; an armed ID-token defect spoils
//! exactly one ID token and never an access or refresh token.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::config::User;
use crate::http;
use crate::jwt;
use crate::secret::random_id;
use crate::store::{AppState, Grant, Store};
use crate::tamper::{IdTokenDefect, corrupt_signature};

/// The `idp` claim of a sign-in at the org itself (no third-party IdP).
const ORG_IDP_ID: &str = "00oemulatoridp000001";

/// Tokens for `grant` of `user`, stored so they can be used and revoked.
pub(super) fn mint(
    app: &AppState,
    store: &mut Store,
    key: &jwt::KeyPair,
    user: &User,
    mut grant: Grant,
    nonce: Option<&str>,
    now: u64,
) -> Response {
    let config = &app.config;
    let lifetime = config.token_lifetime.as_secs();
    let iss = config.issuer();
    grant.expires_at = now + lifetime;
    let at_jti = random_id("AT.", 40);
    let access_claims = json!({
        "ver": 1,
        "jti": at_jti,
        "iss": iss,
        "aud": "api://default",
        "iat": now,
        "exp": now + lifetime,
        "cid": grant.client_id,
        "uid": user.id,
        "scp": grant.scopes,
        "auth_time": grant.auth_time,
        "sub": user.username,
    });
    let access_token = key.sign(&access_claims);
    store.access_tokens.insert(at_jti, grant.clone());
    let mut body = json!({
        "token_type": "Bearer",
        "expires_in": lifetime,
        "access_token": access_token,
        "scope": grant.scopes.join(" "),
    });
    let has = |s: &str| grant.scopes.iter().any(|x| x == s);
    if has("openid") {
        let mut claims = json!({
            "sub": user.id,
            "ver": 1,
            "iss": iss,
            "aud": grant.client_id,
            "iat": now,
            "exp": now + lifetime,
            "jti": random_id("ID.", 40),
            "amr": grant.amr,
            // Okta names the org itself unless a third-party IdP signed the user in.
            "idp": grant.idp.as_deref().unwrap_or(ORG_IDP_ID),
            "auth_time": grant.auth_time,
            "at_hash": jwt::at_hash(&access_token),
        });
        if let Some(n) = nonce {
            claims["nonce"] = json!(n);
        }
        if has("profile") {
            claims["name"] = json!(user.display_name());
            claims["preferred_username"] = json!(user.username);
        }
        if has("email") {
            claims["email"] = json!(user.email);
        }
        // A defect armed through the control API spoils this one ID token.
        let defect = store.tamper.take_defect();
        if let Some(d) = defect {
            d.apply_to_claims(&mut claims, now);
            eprintln!("idx-emulator: issuing an ID token with defect {}", d.name());
        }
        let id_token = match defect {
            Some(IdTokenDefect::UnknownKid) => key.sign_with_kid(&claims, "kidNotInTheJwks0001"),
            Some(IdTokenDefect::BadSignature) => corrupt_signature(&key.sign(&claims)),
            _ => key.sign(&claims),
        };
        body["id_token"] = json!(id_token);
    }
    if has("offline_access") {
        let rt = random_id("", 43);
        store.refresh_tokens.insert(rt.clone(), grant);
        body["refresh_token"] = json!(rt);
    }
    eprintln!("idx-emulator: tokens issued");
    http::json(StatusCode::OK, body)
}
