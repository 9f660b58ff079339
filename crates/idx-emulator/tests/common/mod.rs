//! Test client: drives the emulator's router in-process (tower `oneshot`, no
//! sockets) and walks the IDX flow the way an independent client would,
//! following `href`s and echoing each form's own `stateHandle`.

#![allow(dead_code, unreachable_pub)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http_body_util::BodyExt;
use idx_emulator::{Config, app};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tower::ServiceExt;

pub const BASE: &str = "http://127.0.0.1:8787";
pub const ORIGIN: &str = "http://127.0.0.1:8080";
pub const REDIRECT: &str = "http://127.0.0.1:8080/login/callback";
pub const DEMO: &str = "demo@example.com";
pub const PUSH: &str = "push@example.com";
/// The demo user with no authenticator, who must enroll Okta Verify.
pub const NEW: &str = "new@example.com";
pub const PASSWORD: &str = "correct-horse-battery";
pub const ION: &str = "application/ion+json; okta-version=1.0.0";
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

/// A reply: status, headers, body parsed as JSON when possible.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// What a failed assertion may print: status, remediation names, message
    /// keys and an OAuth error, never values (handles, codes, activation
    /// URIs, tokens).
    pub fn summary(&self) -> String {
        format!(
            "{} remediations {:?} messages {:?} error {}",
            self.status,
            self.remediations(),
            self.message_keys(),
            self.body["error"]
        )
    }

    /// Names of the remediations, in order.
    pub fn remediations(&self) -> Vec<String> {
        remediation_names(&self.body)
    }

    /// The remediation named `name`.
    pub fn form(&self, name: &str) -> &Value {
        self.body["remediation"]["value"]
            .as_array()
            .and_then(|a| a.iter().find(|r| r["name"] == name))
            .unwrap_or_else(|| panic!("no remediation {name} in {}", self.summary()))
    }

    /// Global message keys.
    pub fn message_keys(&self) -> Vec<String> {
        self.body["messages"]["value"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|m| m["i18n"]["key"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The id of the `index`th authenticator offered in `select-authenticator-authenticate`.
    fn option_id(&self, index: usize) -> Value {
        self.form("select-authenticator-authenticate")["value"][0]["options"][index]["value"]
            ["form"]["value"][0]["value"]
            .clone()
    }

    /// Okta Verify's id in the authenticator choice (its first option).
    pub fn okta_verify_id(&self) -> Value {
        self.option_id(0)
    }

    /// The email authenticator's id in the authenticator choice (its second option).
    pub fn email_id(&self) -> Value {
        self.option_id(1)
    }

    /// The number a push's number challenge shows the user, when it has one.
    pub fn correct_answer(&self) -> Option<String> {
        self.body["currentAuthenticator"]["value"]["contextualData"]["correctAnswer"]
            .as_str()
            .map(str::to_owned)
    }

    /// Okta Verify's id in `select-authenticator-enroll` (its only option).
    pub fn enroll_okta_verify_id(&self) -> Value {
        self.form("select-authenticator-enroll")["value"][0]["options"][0]["value"]["form"]["value"]
            [0]["value"]
            .clone()
    }

    /// `currentAuthenticator.value.contextualData`.
    pub fn contextual_data(&self) -> &Value {
        &self.body["currentAuthenticator"]["value"]["contextualData"]
    }

    /// The field `name` of remediation `form`.
    pub fn field(&self, form: &str, name: &str) -> &Value {
        self.form(form)["value"]
            .as_array()
            .and_then(|a| a.iter().find(|f| f["name"] == name))
            .unwrap_or_else(|| panic!("no field {name} in {form}: {}", self.summary()))
    }

    pub fn interaction_code(&self) -> Option<String> {
        self.body["successWithInteractionCode"]["value"]
            .as_array()?
            .iter()
            .find(|f| f["name"] == "interaction_code")?["value"]
            .as_str()
            .map(str::to_owned)
    }
}

/// Names of the remediations of an IDX body (ours or a recording), in order.
pub fn remediation_names(body: &Value) -> Vec<String> {
    body["remediation"]["value"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The stateHandle value inside a form.
pub fn form_state_handle(form: &Value) -> String {
    form["value"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["name"] == "stateHandle"))
        .and_then(|f| f["value"].as_str())
        .expect("form has a stateHandle field")
        .to_owned()
}

/// A redirect `location` split into the part before `?` and its decoded
/// query pairs, in order.
pub fn split_redirect(location: &str) -> (String, Vec<(String, String)>) {
    let (base, query) = location.split_once('?').unwrap_or((location, ""));
    let pairs = serde_urlencoded::from_str(query).expect("query decodes");
    (base.to_owned(), pairs)
}

/// The value of query parameter `name` among `pairs`.
pub fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Path of an absolute href on the emulator.
pub fn path_of(href: &str) -> String {
    let rest = href.strip_prefix("http://").expect("absolute http href");
    rest[rest.find('/').expect("path")..].to_owned()
}

pub fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

pub fn config() -> Config {
    Config::new(BASE)
}

#[derive(Clone)]
pub struct Emu {
    pub router: Router,
}

impl Emu {
    pub fn new(config: Config) -> Self {
        Self {
            router: app(config),
        }
    }

    pub fn demo() -> Self {
        Self::new(config())
    }

    /// The demo org asking for the username first and the password as a challenge.
    pub fn username_first() -> Self {
        let mut config = config();
        config.username_first = true;
        Self::new(config)
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let resp = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router is infallible");
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
            text,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    pub async fn raw(&self, path: &str, content_type: &str, body: &str) -> Reply {
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, content_type)
                .header(header::ORIGIN, ORIGIN)
                .body(Body::from(body.to_owned()))
                .expect("request"),
        )
        .await
    }

    pub async fn idx(&self, path: &str, body: Value) -> Reply {
        self.raw(path, ION, &body.to_string()).await
    }

    pub async fn form(&self, path: &str, pairs: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(pairs).expect("encode");
        self.raw(path, "application/x-www-form-urlencoded", &body)
            .await
    }

    /// Submit remediation `name` of `state` with `fields` plus its stateHandle.
    pub async fn submit(&self, state: &Reply, name: &str, mut fields: Value) -> Reply {
        let form = state.form(name);
        fields["stateHandle"] = json!(form_state_handle(form));
        self.idx(&path_of(form["href"].as_str().expect("href")), fields)
            .await
    }

    /// Submit the action form at `pointer` (e.g. `/currentAuthenticator/value/resend`).
    pub async fn action(&self, state: &Reply, pointer: &str) -> Reply {
        let form = state
            .body
            .pointer(pointer)
            .unwrap_or_else(|| panic!("no action {pointer} in {}", state.summary()));
        let mut body = json!({ "stateHandle": form_state_handle(form) });
        for f in form["value"].as_array().expect("fields") {
            if f["mutable"] == false && f["name"] != "stateHandle" {
                body[f["name"].as_str().expect("name")] = f["value"].clone();
            }
        }
        self.idx(&path_of(form["href"].as_str().expect("href")), body)
            .await
    }

    /// `/v1/interact` with the RFC 7636 example verifier and OAuth state
    /// `st`; returns the handle.
    pub async fn interact(&self, scope: &str) -> String {
        self.interact_with_state(scope, Some("st")).await
    }

    /// `/v1/interact` with the RFC 7636 example verifier and `state` (none
    /// sent when `None`); returns the handle.
    pub async fn interact_with_state(&self, scope: &str, state: Option<&str>) -> String {
        let challenge = s256(VERIFIER);
        let mut pairs = vec![
            ("client_id", "demo-spa"),
            ("scope", scope),
            ("redirect_uri", REDIRECT),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("nonce", "nonce-123"),
        ];
        if let Some(state) = state {
            pairs.push(("state", state));
        }
        let r = self.form("/oauth2/default/v1/interact", &pairs).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        r.body["interaction_handle"]
            .as_str()
            .expect("interaction_handle")
            .to_owned()
    }

    pub async fn introspect(&self, ih: &str) -> Reply {
        self.idx("/idp/idx/introspect", json!({ "interactionHandle": ih }))
            .await
    }

    /// interact + introspect: a new transaction at `identify`.
    pub async fn started(&self, scope: &str) -> Reply {
        let ih = self.interact(scope).await;
        self.introspect(&ih).await
    }

    /// Submits `identify` in `state` with `user` and `password`.
    pub async fn identify(&self, state: &Reply, user: &str, password: &str) -> Reply {
        self.submit(
            state,
            "identify",
            json!({ "identifier": user, "credentials": { "passcode": password } }),
        )
        .await
    }

    /// Submits `identify` in `state` with `user` alone (username first).
    pub async fn identify_username(&self, state: &Reply, user: &str) -> Reply {
        self.submit(state, "identify", json!({ "identifier": user }))
            .await
    }

    /// interact + introspect + identify with the password.
    pub async fn signed_in_with_password(&self, user: &str) -> Reply {
        let start = self.started("openid profile email offline_access").await;
        assert_eq!(start.status, StatusCode::OK);
        let r = self.identify(&start, user, PASSWORD).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        r
    }

    /// Submits the authenticator choice in `state`; `authenticator` is
    /// `{ "id" }` (two-step choice) or `{ "id", "methodType" }`.
    pub async fn choose(&self, state: &Reply, authenticator: Value) -> Reply {
        self.submit(
            state,
            "select-authenticator-authenticate",
            json!({ "authenticator": authenticator }),
        )
        .await
    }

    /// Signs `user` in with the password and submits the authenticator
    /// choice `authenticator` (see [`Emu::choose`]).
    pub async fn chose(&self, user: &str, authenticator: Value) -> Reply {
        let select = self.signed_in_with_password(user).await;
        self.choose(&select, authenticator).await
    }

    /// Signs `user` in with the password and picks Okta Verify `method`
    /// (one-step method choice).
    pub async fn chose_okta_verify(&self, user: &str, method: &str) -> Reply {
        let select = self.signed_in_with_password(user).await;
        let id = select.okta_verify_id();
        self.choose(&select, json!({ "id": id, "methodType": method }))
            .await
    }

    /// Answers `challenge-authenticator` in `state` with an Okta Verify code.
    pub async fn enter_totp(&self, state: &Reply, code: &str) -> Reply {
        self.answer(state, json!({ "totp": code })).await
    }

    /// Answers `challenge-authenticator` in `state` with a passcode (a
    /// password, or a code from an email).
    pub async fn enter_passcode(&self, state: &Reply, passcode: &str) -> Reply {
        self.answer(state, json!({ "passcode": passcode })).await
    }

    /// Submits `challenge-authenticator` in `state` with `credentials`.
    async fn answer(&self, state: &Reply, credentials: Value) -> Reply {
        self.submit(
            state,
            "challenge-authenticator",
            json!({ "credentials": credentials }),
        )
        .await
    }

    /// Submits `form` (`select-authenticator-enroll` or
    /// `select-enrollment-channel`) in `state` with `authenticator`
    /// (`{ "id", "channel"? }`).
    pub async fn enroll_with(&self, state: &Reply, form: &str, authenticator: Value) -> Reply {
        self.submit(state, form, json!({ "authenticator": authenticator }))
            .await
    }

    /// Signs `user` in with the password and picks Okta Verify enrollment by
    /// `channel` (`select-authenticator-enroll`).
    pub async fn enrolling(&self, user: &str, channel: &str) -> Reply {
        let select = self.signed_in_with_password(user).await;
        let id = select.enroll_okta_verify_id();
        let r = self
            .enroll_with(
                &select,
                "select-authenticator-enroll",
                json!({ "id": id, "channel": channel }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.summary());
        r
    }

    /// Submits `enroll-poll` in `state`.
    pub async fn enroll_poll(&self, state: &Reply) -> Reply {
        self.submit(state, "enroll-poll", json!({})).await
    }

    /// `GET /emulator/api/users/{user}/enrollment`.
    pub async fn enrollment(&self, user: &str) -> Reply {
        self.get(&format!("/emulator/api/users/{user}/enrollment"))
            .await
    }

    /// `POST /emulator/api/users/{user}/enrollment/activate`: the phone scans
    /// the QR code or opens the emailed link.
    pub async fn activate_enrollment(&self, user: &str) -> Reply {
        self.raw(
            &format!("/emulator/api/users/{user}/enrollment/activate"),
            "application/json",
            "",
        )
        .await
    }

    /// Runs the `recover` action ("Forgot password?") of the password
    /// authenticator current in `state`: the identify form's
    /// `currentAuthenticator` or the password challenge's
    /// `currentAuthenticatorEnrollment`.
    pub async fn recover(&self, state: &Reply) -> Reply {
        let pointer = if state.body["currentAuthenticator"]["value"]["recover"].is_object() {
            "/currentAuthenticator/value/recover"
        } else {
            "/currentAuthenticatorEnrollment/value/recover"
        };
        self.action(state, pointer).await
    }

    /// Submits `identify-recovery` in `state` with `user`.
    pub async fn identify_recovery(&self, state: &Reply, user: &str) -> Reply {
        self.submit(state, "identify-recovery", json!({ "identifier": user }))
            .await
    }

    /// interact + introspect + recover + identify-recovery: `user`'s
    /// recovery, at the choice of authenticator (or whatever answers it).
    pub async fn recovering(&self, user: &str) -> Reply {
        let start = self.started("openid profile email offline_access").await;
        let who = self.recover(&start).await;
        assert_eq!(who.status, StatusCode::OK, "{}", who.summary());
        self.identify_recovery(&who, user).await
    }

    /// `user`'s recovery verified with an emailed code: the
    /// `reset-authenticator` state.
    pub async fn recovered_by_email(&self, user: &str) -> Reply {
        let select = self.recovering(user).await;
        let email = self
            .choose(
                &select,
                json!({ "id": select.email_id(), "methodType": "email" }),
            )
            .await;
        assert_eq!(email.status, StatusCode::OK, "{}", email.summary());
        let code = self.email_code(user).await;
        let reset = self.enter_passcode(&email, &code).await;
        assert_eq!(
            reset.remediations(),
            vec!["reset-authenticator"],
            "{}",
            reset.summary()
        );
        reset
    }

    /// Submits `reset-authenticator` in `state` with the new `password` and
    /// "Sign me out of all other devices" set to `revoke_sessions`.
    pub async fn reset_password(
        &self,
        state: &Reply,
        password: &str,
        revoke_sessions: bool,
    ) -> Reply {
        self.submit(
            state,
            "reset-authenticator",
            json!({ "credentials": { "passcode": password, "revokeSessions": revoke_sessions } }),
        )
        .await
    }

    /// Submits `challenge-poll` in `state`.
    pub async fn poll(&self, state: &Reply) -> Reply {
        self.submit(state, "challenge-poll", json!({})).await
    }

    /// Signs `user` in with password and an Okta Verify code (one-step method
    /// choice), returning the `successWithInteractionCode` state.
    pub async fn succeeded_with_totp(&self, user: &str) -> Reply {
        let challenge = self.chose_okta_verify(user, "totp").await;
        let code = self.totp(user).await;
        self.enter_totp(&challenge, &code).await
    }

    pub async fn totp(&self, user: &str) -> String {
        let r = self.get(&format!("/emulator/api/users/{user}/totp")).await;
        r.body["code"].as_str().expect("code").to_owned()
    }

    pub async fn pushes(&self, user: &str) -> Vec<Value> {
        self.get(&format!("/emulator/api/users/{user}/pushes"))
            .await
            .body
            .as_array()
            .expect("list")
            .clone()
    }

    /// The code last emailed to `user` (control API).
    pub async fn email_code(&self, user: &str) -> String {
        let r = self
            .get(&format!("/emulator/api/users/{user}/email-code"))
            .await;
        r.body["code"].as_str().expect("code").to_owned()
    }

    /// Approves `push` (as the control API lists it) on the phone, picking
    /// `answer` when it has a number challenge.
    pub async fn approve_push(&self, push: &Value, answer: Option<&str>) -> Reply {
        let body = answer.map_or_else(String::new, |a| json!({ "answer": a }).to_string());
        self.on_phone(push, "approve", &body).await
    }

    /// Denies `push` (as the control API lists it) on the phone.
    pub async fn deny_push(&self, push: &Value) -> Reply {
        self.on_phone(push, "deny", "").await
    }

    /// Posts `action` (`approve` or `deny`) for `push` to the control API.
    async fn on_phone(&self, push: &Value, action: &str, body: &str) -> Reply {
        let id = push["id"].as_str().expect("push id");
        self.raw(
            &format!("/emulator/api/pushes/{id}/{action}"),
            "application/json",
            body,
        )
        .await
    }

    /// Expires every live transaction (control API).
    pub async fn expire_transactions(&self) -> Reply {
        self.raw("/emulator/api/transactions/expire", "application/json", "")
            .await
    }

    pub async fn token(&self, pairs: &[(&str, &str)]) -> Reply {
        self.form("/oauth2/default/v1/token", pairs).await
    }

    pub async fn redeem(&self, code: &str) -> Reply {
        self.token(&[
            ("client_id", "demo-spa"),
            ("redirect_uri", REDIRECT),
            ("grant_type", "interaction_code"),
            ("code_verifier", VERIFIER),
            ("interaction_code", code),
        ])
        .await
    }

    /// The refresh-token grant with `refresh_token`.
    pub async fn refresh(&self, refresh_token: &str) -> Reply {
        self.token(&[
            ("client_id", "demo-spa"),
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ])
        .await
    }

    /// `/userinfo` with `access_token` as the bearer token.
    pub async fn userinfo(&self, access_token: &str) -> Reply {
        self.send(
            Request::get("/oauth2/default/v1/userinfo")
                .header(header::AUTHORIZATION, format!("Bearer {access_token}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }
}

/// Verify an RS256 JWT against a JWKS document, independently of the
/// emulator's own signing code. Returns the claims.
pub fn verify_jwt(jwks: &Value, token: &str) -> Result<Value, String> {
    use rsa::pkcs1v15::{Signature, VerifyingKey};
    use rsa::signature::Verifier;
    use rsa::{BigUint, RsaPublicKey};
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err("not three parts".into());
    }
    let dec = |s: &str| URL_SAFE_NO_PAD.decode(s).map_err(|e| e.to_string());
    let header: Value = serde_json::from_slice(&dec(parts[0])?).map_err(|e| e.to_string())?;
    if header["alg"] != "RS256" {
        return Err("alg".into());
    }
    let jwk = jwks["keys"]
        .as_array()
        .and_then(|k| k.iter().find(|k| k["kid"] == header["kid"]))
        .ok_or("kid not in JWKS")?;
    let n = BigUint::from_bytes_be(&dec(jwk["n"].as_str().ok_or("n")?)?);
    let e = BigUint::from_bytes_be(&dec(jwk["e"].as_str().ok_or("e")?)?);
    let key = RsaPublicKey::new(n, e).map_err(|e| e.to_string())?;
    let sig = Signature::try_from(dec(parts[2])?.as_slice()).map_err(|e| e.to_string())?;
    VerifyingKey::<Sha256>::new(key)
        .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &sig)
        .map_err(|e| e.to_string())?;
    serde_json::from_slice(&dec(parts[1])?).map_err(|e| e.to_string())
}
