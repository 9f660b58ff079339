//! The OAuth 2.0 / OpenID Connect routes of the `default` authorization
//! server: discovery, JWKS, `/v1/interact`, `/v1/token`, `/v1/revoke`,
//! `/v1/userinfo`, `/v1/logout`.
//!
//! Invariants: errors use the OAuth shape `{error, error_description}` with
//! 4xx statuses; `/v1/interact` only accepts the registered client, a
//! registered redirect URI and an S256 challenge; an interaction code is
//! redeemed at most once and only with the verifier matching its challenge;
//! a revoked token never works again; token responses are `no-store`.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use crate::config::{Config, DEMO_CLIENT_ID, User};
use crate::http::{self, now_unix, oauth_error, parse_form, str_field};
use crate::jwt;
use crate::pkce;
use crate::secret::random_id;
use crate::store::{AppState, Grant, Step, Transaction};
use crate::tamper::{IdTokenDefect, corrupt_signature};

/// Scopes the authorization server knows.
const SCOPES: &[&str] = &[
    "openid",
    "profile",
    "email",
    "address",
    "phone",
    "offline_access",
];

/// The `idp` claim of a sign-in at the org itself (no third-party IdP).
const ORG_IDP_ID: &str = "00oemulatoridp000001";

/// The OAuth routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/oauth2/default/.well-known/openid-configuration",
            get(discovery),
        )
        .route(
            "/oauth2/default/.well-known/oauth-authorization-server",
            get(discovery),
        )
        .route("/oauth2/default/v1/keys", get(keys))
        .route("/oauth2/default/v1/interact", post(interact))
        .route("/oauth2/default/v1/token", post(token))
        .route("/oauth2/default/v1/revoke", post(revoke))
        .route("/oauth2/default/v1/userinfo", get(userinfo).post(userinfo))
        .route("/oauth2/default/v1/logout", get(logout))
}

/// The discovery document (fixture `oauth2/well-known-openid-configuration.json`).
pub fn discovery_document(config: &Config) -> Value {
    let iss = config.issuer();
    json!({
        "issuer": iss,
        "authorization_endpoint": format!("{iss}/v1/authorize"),
        "token_endpoint": format!("{iss}/v1/token"),
        "userinfo_endpoint": format!("{iss}/v1/userinfo"),
        "registration_endpoint": format!("{}/oauth2/v1/clients", config.base_url),
        "jwks_uri": format!("{iss}/v1/keys"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query", "fragment", "form_post", "okta_post_message"],
        "grant_types_supported": ["authorization_code", "refresh_token", "interaction_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": SCOPES,
        "token_endpoint_auth_methods_supported": ["none"],
        "claims_supported": ["iss", "ver", "sub", "aud", "iat", "exp", "jti", "auth_time", "amr",
            "idp", "nonce", "name", "preferred_username", "given_name", "family_name", "email",
            "email_verified", "at_hash"],
        "code_challenge_methods_supported": ["S256"],
        "introspection_endpoint": format!("{iss}/v1/introspect"),
        "introspection_endpoint_auth_methods_supported": ["none"],
        "revocation_endpoint": format!("{iss}/v1/revoke"),
        "revocation_endpoint_auth_methods_supported": ["none"],
        "end_session_endpoint": format!("{iss}/v1/logout"),
        "request_parameter_supported": false,
        "request_object_signing_alg_values_supported": ["RS256"],
    })
}

async fn discovery(State(app): State<AppState>) -> Response {
    http::json(StatusCode::OK, discovery_document(&app.config))
}

async fn keys() -> Response {
    let key = jwt::key().await;
    let mut resp = http::json(StatusCode::OK, key.jwks());
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=3600, must-revalidate"),
    );
    resp
}

fn invalid_client() -> Response {
    oauth_error(
        StatusCode::UNAUTHORIZED,
        "invalid_client",
        "Invalid value for 'client_id' parameter.",
    )
}

fn body_error(e: &http::BodyError) -> Response {
    match e {
        http::BodyError::UnsupportedContentType => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The request must use Content-Type application/x-www-form-urlencoded.",
        ),
        http::BodyError::Malformed => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The request body was not well-formed.",
        ),
    }
}

async fn interact(State(app): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let form = match parse_form(&headers, &body) {
        Ok(f) => f,
        Err(e) => return body_error(&e),
    };
    let config = &app.config;
    if str_field(&form, "client_id") != Some(DEMO_CLIENT_ID) {
        return invalid_client();
    }
    let redirect_uri = str_field(&form, "redirect_uri").unwrap_or("");
    if !config.redirect_uris().iter().any(|u| u == redirect_uri) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "'redirect_uri' must be a Login redirect URI in the client app settings.",
        );
    }
    let Some(challenge) = str_field(&form, "code_challenge") else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "PKCE code challenge is required when the token endpoint authentication method is 'NONE'.",
        );
    };
    if str_field(&form, "code_challenge_method") != Some("S256") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "'code_challenge_method' must be 'S256'.",
        );
    }
    if !pkce::challenge_well_formed(challenge) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "'code_challenge' must be a base64url-encoded SHA-256 digest (43 characters).",
        );
    }
    let scopes: Vec<String> = str_field(&form, "scope")
        .unwrap_or("openid")
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    if scopes.is_empty() || scopes.iter().any(|s| !SCOPES.contains(&s.as_str())) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "One or more scopes are not configured for the authorization server resource.",
        );
    }
    let now = now_unix();
    let ih = random_id("", 43);
    let tx = Transaction {
        interaction_handle: ih.clone(),
        state_handle: crate::store::new_state_handle(),
        client_id: DEMO_CLIENT_ID.to_owned(),
        redirect_uri: redirect_uri.to_owned(),
        scopes,
        code_challenge: challenge.to_owned(),
        nonce: str_field(&form, "nonce").map(str::to_owned),
        oauth_state: str_field(&form, "state").map(str::to_owned),
        expires_at: now + config.state_lifetime.as_secs(),
        username: None,
        amr: Vec::new(),
        idp: None,
        step: Step::Identify,
        email_code: None,
        recovery: false,
    };
    let mut store = app.store();
    store
        .by_state_handle
        .insert(tx.state_handle.clone(), ih.clone());
    store.transactions.insert(ih.clone(), tx);
    http::json(StatusCode::OK, json!({ "interaction_handle": ih }))
}

fn no_store(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    resp
}

/// Client id from the body or from `Authorization: Basic` (auth-js sends
/// `base64(client_id)` without a colon for public clients).
fn client_id(headers: &HeaderMap, form: &Map<String, Value>) -> Option<String> {
    if let Some(id) = str_field(form, "client_id") {
        return Some(id.to_owned());
    }
    let auth = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let b64 = auth.strip_prefix("Basic ")?;
    let decoded = String::from_utf8(STANDARD.decode(b64.trim()).ok()?).ok()?;
    Some(decoded.split(':').next().unwrap_or("").to_owned())
}

async fn token(State(app): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let form = match parse_form(&headers, &body) {
        Ok(f) => f,
        Err(e) => return no_store(body_error(&e)),
    };
    if client_id(&headers, &form).as_deref() != Some(DEMO_CLIENT_ID) {
        return no_store(invalid_client());
    }
    let key = jwt::key().await;
    let resp = match str_field(&form, "grant_type") {
        Some("interaction_code") => redeem_interaction_code(&app, &key, &form),
        Some("refresh_token") => redeem_refresh_token(&app, &key, &form),
        Some(_) => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "The authorization grant type is not supported by the authorization server.",
        ),
        None => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The 'grant_type' parameter is required.",
        ),
    };
    no_store(resp)
}

fn invalid_grant(desc: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", desc)
}

fn redeem_interaction_code(
    app: &AppState,
    key: &jwt::KeyPair,
    form: &Map<String, Value>,
) -> Response {
    let Some(code) = str_field(form, "interaction_code") else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The 'interaction_code' parameter is required.",
        );
    };
    let Some(verifier) = str_field(form, "code_verifier") else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "PKCE verification failed: the 'code_verifier' parameter is required.",
        );
    };
    let now = now_unix();
    let mut store = app.store();
    let Some(issued) = store.codes.get(code).cloned() else {
        return invalid_grant("The interaction code is invalid or has expired.");
    };
    if issued.expires_at <= now {
        store.codes.remove(code);
        return invalid_grant("The interaction code is invalid or has expired.");
    }
    if let Some(uri) = str_field(form, "redirect_uri")
        && uri != issued.redirect_uri
    {
        return invalid_grant(
            "The 'redirect_uri' does not match the redirect URI used in the authorization request.",
        );
    }
    if !pkce::verify_s256(verifier, &issued.code_challenge) {
        return invalid_grant("PKCE verification failed.");
    }
    store.codes.remove(code);
    store.redeemed_codes.insert(code.to_owned());
    let grant = Grant {
        client_id: issued.client_id.clone(),
        username: issued.username.clone(),
        scopes: issued.scopes.clone(),
        amr: issued.amr.clone(),
        idp: issued.idp.clone(),
        auth_time: issued.auth_time,
        expires_at: 0,
    };
    let Some(user) = app.config.user(&issued.username).cloned() else {
        return invalid_grant("The user no longer exists.");
    };
    mint(
        app,
        &mut store,
        key,
        &user,
        grant,
        issued.nonce.as_deref(),
        now,
    )
}

fn redeem_refresh_token(app: &AppState, key: &jwt::KeyPair, form: &Map<String, Value>) -> Response {
    let Some(rt) = str_field(form, "refresh_token") else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The 'refresh_token' parameter is required.",
        );
    };
    let now = now_unix();
    let mut store = app.store();
    if store.revoked.contains(rt) {
        return invalid_grant("The refresh token is invalid or expired.");
    }
    let Some(grant) = store.refresh_tokens.get(rt).cloned() else {
        return invalid_grant("The refresh token is invalid or expired.");
    };
    // Rotation: the presented refresh token is spent.
    store.refresh_tokens.remove(rt);
    store.revoked.insert(rt.to_owned());
    let Some(user) = app.config.user(&grant.username).cloned() else {
        return invalid_grant("The refresh token is invalid or expired.");
    };
    mint(app, &mut store, key, &user, grant, None, now)
}

fn mint(
    app: &AppState,
    store: &mut crate::store::Store,
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

async fn revoke(State(app): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let form = match parse_form(&headers, &body) {
        Ok(f) => f,
        Err(e) => return body_error(&e),
    };
    if client_id(&headers, &form).as_deref() != Some(DEMO_CLIENT_ID) {
        return invalid_client();
    }
    let Some(token) = str_field(&form, "token") else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The 'token' parameter is required.",
        );
    };
    let key = jwt::key().await;
    let mut store = app.store();
    if store.refresh_tokens.remove(token).is_some() {
        store.revoked.insert(token.to_owned());
    } else if let Some(jti) = key
        .verify(token)
        .and_then(|c| c["jti"].as_str().map(str::to_owned))
    {
        store.access_tokens.remove(&jti);
        store.revoked.insert(jti);
    }
    // RFC 7009 2.2: unknown tokens are answered with 200 as well.
    StatusCode::OK.into_response()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
}

async fn userinfo(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let unauthorized = || {
        let mut r = oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "The access token is invalid.",
        );
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(
                "Bearer authorization_uri=\"\", realm=\"IDX emulator\", scope=\"openid\", error=\"invalid_token\", error_description=\"The access token is invalid.\", resource=\"/oauth2/default/v1/userinfo\"",
            ),
        );
        r
    };
    let Some(token) = bearer(&headers) else {
        return unauthorized();
    };
    let key = jwt::key().await;
    let Some(claims) = key.verify(token) else {
        return unauthorized();
    };
    let jti = claims["jti"].as_str().unwrap_or("");
    let store = app.store();
    let Some(grant) = store.access_tokens.get(jti).cloned() else {
        return unauthorized();
    };
    drop(store);
    if store_revoked(&app, jti) || grant.expires_at <= now_unix() {
        return unauthorized();
    }
    let Some(user) = app.config.user(&grant.username) else {
        return unauthorized();
    };
    let has = |s: &str| grant.scopes.iter().any(|x| x == s);
    let mut body = json!({ "sub": user.id });
    if has("profile") {
        body["name"] = json!(user.display_name());
        body["preferred_username"] = json!(user.username);
        body["given_name"] = json!(user.first_name);
        body["family_name"] = json!(user.last_name);
        body["locale"] = json!("en_US");
        body["zoneinfo"] = json!("UTC");
    }
    if has("email") {
        body["email"] = json!(user.email);
        body["email_verified"] = json!(true);
    }
    http::json(StatusCode::OK, body)
}

fn store_revoked(app: &AppState, jti: &str) -> bool {
    app.store().revoked.contains(jti)
}

#[derive(serde::Deserialize)]
struct LogoutQuery {
    id_token_hint: Option<String>,
    post_logout_redirect_uri: Option<String>,
    state: Option<String>,
}

async fn logout(State(app): State<AppState>, Query(q): Query<LogoutQuery>) -> Response {
    let config = &app.config;
    let key = jwt::key().await;
    // Expired ID tokens are still acceptable hints; only signature, issuer and
    // audience matter here.
    let hint_ok = q
        .id_token_hint
        .as_deref()
        .and_then(|t| key.verify(t))
        .is_some_and(|c| c["iss"] == config.issuer().as_str() && c["aud"] == DEMO_CLIENT_ID);
    if !hint_ok {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The 'id_token_hint' parameter is missing or invalid.",
        );
    }
    match q.post_logout_redirect_uri {
        Some(uri) if config.post_logout_redirect_uris().contains(&uri) => {
            let target = match q.state {
                Some(s) => format!(
                    "{uri}{}state={}",
                    if uri.contains('?') { '&' } else { '?' },
                    form_encode(&s)
                ),
                None => uri,
            };
            // Okta answers the logout redirect with 302 Found.
            (StatusCode::FOUND, [(header::LOCATION, target)]).into_response()
        }
        Some(_) => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings.",
        ),
        None => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!doctype html><title>Signed out</title><p>You have been signed out.</p>",
        )
            .into_response(),
    }
}

fn form_encode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}
