//! The `/idp/idx/*` routes: introspect and the remediation endpoints.
//!
//! Invariants: every request is answered with an IDX body (`version` present)
//! and the ion content type, whatever the input; a remediation is accepted only
//! in the steps whose rendering offers it, otherwise `400 E0000020`; the state
//! handle is looked up before anything else, and an expired transaction
//! answers `401 idx.session.expired` on every route; logs never contain
//! handles, passwords or codes; a recovery transaction reaches success only
//! through `reset-authenticator`, after one factor and a new password that
//! passes [`password::POLICY`].

pub mod enroll;
pub mod password;
pub mod view;
pub mod webauthn;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use rand::Rng;
use rand::seq::SliceRandom;
use serde_json::{Map, Value};

use crate::config::{Config, User};
use crate::http::{
    BodyError, idx, idx_bad_request, idx_body_error, idx_error_body, message, now_unix,
    parse_object, str_field,
};
use crate::secret::{Secret, random_digits, random_id};
use crate::store::{AppState, Factor, IssuedCode, Push, PushStatus, Step, Store, Transaction};
use view::{Ctx, EMAIL_ID, Notes, OV_ID};

/// Lifetime of an interaction code (seconds).
const INTERACTION_CODE_SECS: u64 = 60;

/// The IDX routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/idp/idx/introspect", post(introspect))
        .route("/idp/idx/identify", post(identify))
        .route("/idp/idx/challenge", post(challenge))
        .route("/idp/idx/challenge/answer", post(answer))
        .route("/idp/idx/challenge/poll", post(poll))
        .route("/idp/idx/authenticators/poll", post(poll))
        .route("/idp/idx/challenge/resend", post(resend))
        .route("/idp/idx/challenge/send", post(send))
        .route("/idp/idx/credential/enroll", post(credential_enroll))
        .route("/idp/idx/cancel", post(cancel))
        .route("/idp/idx/recover", post(recover))
}

/// What a remediation handler decided.
enum Outcome {
    /// Render the (possibly updated) transaction with this status and notes.
    Render(StatusCode, Notes),
    /// Answer this response as is.
    Raw(Response),
}

#[derive(Clone, Copy)]
enum Kind {
    Identify,
    Challenge,
    Answer,
    Poll,
    Resend,
    Cancel,
    Enroll,
    Send,
    Recover,
}

fn session_expired_unknown() -> Response {
    idx(
        StatusCode::UNAUTHORIZED,
        idx_error_body("idx.session.expired", "The session has expired."),
    )
}

fn suspended() -> Value {
    message(
        "authfactor.challenge.suspended_factor",
        "This factor is suspended for your account due to too many failed attempts",
        "ERROR",
    )
}

/// The (possibly updated) state, 200, no message.
fn ok() -> Outcome {
    Outcome::Render(StatusCode::OK, Notes::default())
}

fn not_offered() -> Outcome {
    Outcome::Raw(idx_bad_request(
        "This step is not available in the current state of the transaction.",
    ))
}

fn render_tx(
    store: &Store,
    config: &Config,
    ih: &str,
    status: StatusCode,
    mut notes: Notes,
) -> Response {
    let Some(tx) = store.transactions.get(ih) else {
        return session_expired_unknown();
    };
    let user = tx.username.as_deref().and_then(|u| store.user(config, u));
    let push = match &tx.step {
        Step::PushPoll { push_id } => store.pushes.get(push_id),
        _ => None,
    };
    if tx.step == Step::PushRejected && notes.global.is_empty() {
        notes.global.push(message(
            "api.authn.poll.error.push_rejected",
            "You have chosen to reject this login.",
            "ERROR",
        ));
    }
    let ctx = Ctx {
        base: &config.base_url,
        tx,
        user: user.as_ref(),
        push,
        refresh_ms: config.poll_refresh_ms,
        username_first: config.username_first,
        idps: &config.idps,
        webauthn_timeout_ms: config.webauthn_timeout_ms,
    };
    idx(status, view::render(&ctx, &notes))
}

async fn introspect(State(app): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let req = match parse_object(&headers, &body) {
        Ok(m) => m,
        Err(e) => return idx_body_error(&e),
    };
    let config = &app.config;
    let mut store = app.store();
    let ih = if let Some(h) =
        str_field(&req, "interactionHandle").or_else(|| str_field(&req, "interaction_handle"))
    {
        h.to_owned()
    } else if let Some(sh) =
        str_field(&req, "stateToken").or_else(|| str_field(&req, "stateHandle"))
    {
        match store.by_state_handle.get(sh) {
            Some(ih) => ih.clone(),
            None => return session_expired_unknown(),
        }
    } else {
        return idx_bad_request("'interactionHandle' or 'stateToken' is required.");
    };
    let now = now_unix();
    let Some(tx) = store.transactions.get_mut(&ih) else {
        return session_expired_unknown();
    };
    if tx.expires_at <= now {
        return idx(StatusCode::UNAUTHORIZED, view::expired(tx));
    }
    tx.expires_at = now + config.state_lifetime.as_secs();
    render_tx(&store, config, &ih, StatusCode::OK, Notes::default())
}

async fn identify(s: State<AppState>, h: HeaderMap, b: Bytes) -> Response {
    remediate(s, h, b, Kind::Identify)
}
async fn challenge(s: State<AppState>, h: HeaderMap, b: Bytes) -> Response {
    remediate(s, h, b, Kind::Challenge)
}
async fn answer(s: State<AppState>, h: HeaderMap, b: Bytes) -> Response {
    remediate(s, h, b, Kind::Answer)
}
async fn poll(s: State<AppState>, h: HeaderMap, b: Bytes) -> Response {
    remediate(s, h, b, Kind::Poll)
}
async fn resend(s: State<AppState>, h: HeaderMap, b: Bytes) -> Response {
    remediate(s, h, b, Kind::Resend)
}
async fn cancel(s: State<AppState>, h: HeaderMap, b: Bytes) -> Response {
    remediate(s, h, b, Kind::Cancel)
}
async fn credential_enroll(s: State<AppState>, h: HeaderMap, b: Bytes) -> Response {
    remediate(s, h, b, Kind::Enroll)
}
async fn send(s: State<AppState>, h: HeaderMap, b: Bytes) -> Response {
    remediate(s, h, b, Kind::Send)
}
async fn recover(s: State<AppState>, h: HeaderMap, b: Bytes) -> Response {
    remediate(s, h, b, Kind::Recover)
}

fn remediate(State(app): State<AppState>, headers: HeaderMap, body: Bytes, kind: Kind) -> Response {
    let req = match parse_object(&headers, &body) {
        Ok(m) => m,
        Err(e @ (BodyError::Malformed | BodyError::UnsupportedContentType)) => {
            return idx_body_error(&e);
        }
    };
    let Some(sh) = str_field(&req, "stateHandle").map(str::to_owned) else {
        return idx_bad_request("'stateHandle' is required.");
    };
    let config = &app.config;
    let mut store = app.store();
    let now = now_unix();
    let Some(ih) = store.by_state_handle.get(&sh).cloned() else {
        return session_expired_unknown();
    };
    let Some(mut tx) = store.transactions.get(&ih).cloned() else {
        return session_expired_unknown();
    };
    if tx.expires_at <= now {
        return idx(StatusCode::UNAUTHORIZED, view::expired(&tx));
    }
    let user = tx.username.as_deref().and_then(|u| store.user(config, u));
    let outcome = match kind {
        Kind::Identify => do_identify(&mut store, config, &mut tx, &req),
        Kind::Challenge => do_challenge(&mut store, config, &mut tx, user.as_ref(), &req, now),
        Kind::Answer => do_answer(&mut store, config, &mut tx, user.as_ref(), &req, now),
        Kind::Poll => do_poll(&mut store, &mut tx, now),
        Kind::Resend => do_resend(&mut store, &mut tx, user.as_ref()),
        Kind::Cancel => do_cancel(&mut store, &mut tx),
        Kind::Enroll => enroll::enroll(&config.base_url, &mut tx, user.as_ref(), &req),
        Kind::Send => enroll::send(&config.base_url, &mut tx, user.as_ref(), &req),
        Kind::Recover => do_recover(config, &mut tx, user.as_ref()),
    };
    tx.expires_at = now + config.state_lifetime.as_secs();
    // Keep the state-handle index in step with the transaction (cancel rotates it).
    if tx.state_handle != sh {
        store.by_state_handle.remove(&sh);
        store
            .by_state_handle
            .insert(tx.state_handle.clone(), ih.clone());
    }
    store.transactions.insert(ih.clone(), tx);
    match outcome {
        Outcome::Raw(r) => r,
        Outcome::Render(status, notes) => render_tx(&store, config, &ih, status, notes),
    }
}

pub(crate) fn has_factors(user: &User) -> bool {
    user.okta_verify.is_some() || user.email_authenticator || webauthn::can_verify(user)
}

/// Whether `user` has an authenticator that can verify a password recovery:
/// every emulated factor (email, Okta Verify code or push) can, the password
/// itself cannot.
fn can_recover(user: &User) -> bool {
    has_factors(user)
}

/// Complete `tx`: issue its interaction code and move it to [`Step::Success`].
/// Every successful sign-in ends here, in the IDX routes and in the IdP return.
pub(crate) fn finish(store: &mut Store, tx: &mut Transaction, now: u64) {
    let username = tx.username.clone().unwrap_or_default();
    let code = random_id("", 43);
    store.codes.insert(
        code.clone(),
        IssuedCode {
            client_id: tx.client_id.clone(),
            redirect_uri: tx.redirect_uri.clone(),
            code_challenge: tx.code_challenge.clone(),
            scopes: tx.scopes.clone(),
            nonce: tx.nonce.clone(),
            username: username.clone(),
            amr: tx.amr.clone(),
            idp: tx.idp.clone(),
            auth_time: now,
            expires_at: now + INTERACTION_CODE_SECS,
        },
    );
    store.failures.remove(&username);
    drop_pushes(store, &tx.interaction_handle);
    tx.email_code = None;
    tx.step = Step::Success {
        interaction_code: code,
    };
    eprintln!("idx-emulator: sign-in completed (amr {:?})", tx.amr);
}

/// After the password, the policy wants one more factor: the user picks one
/// they have, or, having none, must enroll Okta Verify (no skip).
fn after_password(tx: &mut Transaction, user: &User) {
    tx.amr = vec!["pwd"];
    // A policy that requires a security key sets one up first.
    tx.step = if !webauthn::must_enroll(user) && has_factors(user) {
        Step::SelectAuthenticator
    } else {
        Step::SelectEnroll
    };
}

/// The phone confirmed Okta Verify (an approved push, or an activated
/// enrollment): the sign-in completes with out-of-band proof.
fn okta_verify_confirmed(store: &mut Store, tx: &mut Transaction, now: u64) {
    factor_verified(store, tx, now, ["mca", "mfa"]);
}

/// A factor was verified (`amr` records how): a sign-in completes, a
/// recovery goes on to `reset-authenticator`.
fn factor_verified(store: &mut Store, tx: &mut Transaction, now: u64, amr: [&'static str; 2]) {
    tx.amr.extend(amr);
    if tx.recovery {
        drop_pushes(store, &tx.interaction_handle);
        tx.email_code = None;
        tx.step = Step::ResetPassword;
        eprintln!("idx-emulator: password recovery verified; new password requested");
    } else {
        finish(store, tx, now);
    }
}

/// `idx.unknown.user`, as the username-first identify answers an unknown
/// identifier (fixture `v3/idp/idx/identify/error-invalid-username.json`).
fn unknown_user() -> Notes {
    Notes::global(message(
        "idx.unknown.user",
        "There is no account with that username.",
        "WARNING",
    ))
}

/// `POST /idp/idx/recover` (the `recover` action of the password
/// authenticator): from the identify form that asks for the password, ask
/// who is recovering (`identify-recovery`); from the password challenge of
/// a known user, go straight to that user's recovery.
fn do_recover(config: &Config, tx: &mut Transaction, user: Option<&User>) -> Outcome {
    match (&tx.step, user) {
        (Step::Identify, _) if !config.username_first => {
            tx.recovery = true;
            tx.username = None;
            tx.step = Step::IdentifyRecovery;
            eprintln!("idx-emulator: password recovery started");
            ok()
        }
        (Step::PasswordChallenge, Some(user)) => {
            tx.recovery = true;
            eprintln!("idx-emulator: password recovery started");
            recovery_for(tx, Some(user))
        }
        _ => not_offered(),
    }
}

/// The recovery of `user` (`None`: an identifier the org does not reveal as
/// unknown): a choice of the user's recovery authenticators, or, for a user
/// without one and for an unknown identifier alike, Okta's terminal "Reset
/// password is not allowed" (403, see [`view::RECOVERY_NOT_ALLOWED`]).
fn recovery_for(tx: &mut Transaction, user: Option<&User>) -> Outcome {
    match user.filter(|u| can_recover(u)) {
        Some(user) => {
            tx.username = Some(user.username.clone());
            tx.step = Step::SelectAuthenticator;
            ok()
        }
        None => {
            tx.username = None;
            tx.step = Step::RecoveryNotAllowed;
            Outcome::Render(StatusCode::FORBIDDEN, Notes::default())
        }
    }
}

/// `identify-recovery` (posted to `/idp/idx/identify`): who forgot their
/// password. Only the identify form that asks for the password leads here,
/// and it does not reveal which users exist (a wrong password and an
/// unknown user both get `errors.E0000004`); so neither does this step: an
/// unknown identifier gets exactly the answer of a user who cannot recover.
/// (Username first, the password challenge already knows the user and skips
/// this step.)
fn identify_recovery(
    store: &Store,
    config: &Config,
    tx: &mut Transaction,
    req: &Map<String, Value>,
) -> Outcome {
    let identifier = str_field(req, "identifier").unwrap_or("").trim();
    if identifier.is_empty() {
        return username_required();
    }
    recovery_for(tx, store.user(config, identifier).as_ref())
}

fn username_required() -> Outcome {
    Outcome::Render(
        StatusCode::BAD_REQUEST,
        Notes::global(message(
            "error.username.required",
            "Please enter a username",
            "ERROR",
        )),
    )
}

fn do_identify(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    req: &Map<String, Value>,
) -> Outcome {
    if tx.step == Step::IdentifyRecovery {
        return identify_recovery(store, config, tx, req);
    }
    if tx.step != Step::Identify {
        return not_offered();
    }
    let identifier = str_field(req, "identifier").unwrap_or("").trim();
    if identifier.is_empty() {
        return username_required();
    }
    let user = store.user(config, identifier);
    if config.username_first {
        let Some(user) = user else {
            return Outcome::Render(StatusCode::OK, unknown_user());
        };
        if store.locked(config, &user.username) {
            return Outcome::Render(StatusCode::FORBIDDEN, Notes::global(suspended()));
        }
        tx.username = Some(user.username.clone());
        tx.step = Step::PasswordChallenge;
        return Outcome::Render(StatusCode::OK, Notes::default());
    }
    let passcode = req
        .get("credentials")
        .and_then(|c| c.get("passcode"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let failed = || {
        Outcome::Render(
            StatusCode::UNAUTHORIZED,
            Notes::global(message("errors.E0000004", "Authentication failed", "ERROR")),
        )
    };
    let Some(user) = user else {
        return failed();
    };
    if store.locked(config, &user.username) {
        return Outcome::Render(StatusCode::FORBIDDEN, Notes::global(suspended()));
    }
    if passcode != user.password.expose() {
        if store.fail(config, &user.username) {
            return Outcome::Render(StatusCode::FORBIDDEN, Notes::global(suspended()));
        }
        return failed();
    }
    tx.username = Some(user.username.clone());
    after_password(tx, &user);
    ok()
}

fn drop_pushes(store: &mut Store, ih: &str) {
    store.pushes.retain(|_, p| p.interaction_handle != ih);
}

fn start_push(store: &mut Store, tx: &mut Transaction, user: &User) {
    drop_pushes(store, &tx.interaction_handle);
    let number = user
        .okta_verify
        .as_ref()
        .is_some_and(|o| o.number_challenge);
    let mut rng = rand::rngs::OsRng;
    let (correct, choices) = if number {
        let mut nums: Vec<u32> = Vec::new();
        while nums.len() < 3 {
            let n = rng.gen_range(10..100);
            if !nums.contains(&n) {
                nums.push(n);
            }
        }
        let correct = nums[0].to_string();
        nums.shuffle(&mut rng);
        (Some(correct), nums.iter().map(u32::to_string).collect())
    } else {
        (None, Vec::new())
    };
    let id = random_id("push", 16);
    store.pushes.insert(
        id.clone(),
        Push {
            id: id.clone(),
            username: user.username.clone(),
            interaction_handle: tx.interaction_handle.clone(),
            correct_answer: correct,
            choices,
            status: PushStatus::Pending,
        },
    );
    tx.step = Step::PushPoll { push_id: id };
    eprintln!("idx-emulator: Okta Verify push sent");
}

fn send_email(store: &mut Store, tx: &mut Transaction, user: &User) {
    let code = random_digits(6);
    store
        .last_email_code
        .insert(user.username.clone(), code.clone());
    tx.email_code = Some(Secret::new(code));
    tx.step = Step::EmailChallenge;
    eprintln!(
        "idx-emulator: email code sent to {}",
        view::mask_email(&user.email)
    );
}

fn can_select(step: &Step) -> bool {
    matches!(
        step,
        Step::SelectAuthenticator
            | Step::VerificationData(_)
            | Step::TotpChallenge
            | Step::PushPoll { .. }
            | Step::PushRejected
            | Step::EmailChallenge
            | Step::WebAuthnChallenge { .. }
    )
}

fn bad_input(detail: &str) -> Outcome {
    Outcome::Render(
        StatusCode::BAD_REQUEST,
        Notes::global(message(
            "E0000020",
            &format!("Bad request. {detail}"),
            "ERROR",
        )),
    )
}

fn do_challenge(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: Option<&User>,
    req: &Map<String, Value>,
    _now: u64,
) -> Outcome {
    let Some(user) = user.filter(|_| can_select(&tx.step)) else {
        return not_offered();
    };
    if store.locked(config, &user.username) {
        return Outcome::Render(StatusCode::FORBIDDEN, Notes::global(suspended()));
    }
    let Some(auth) = req.get("authenticator").and_then(Value::as_object) else {
        return bad_input("'authenticator' is required.");
    };
    let id = auth.get("id").and_then(Value::as_str).unwrap_or("");
    let method = auth.get("methodType").and_then(Value::as_str);
    match (id, method) {
        (OV_ID, _) if user.okta_verify.is_none() => bad_input("Unknown authenticator."),
        (OV_ID, None) => {
            drop_pushes(store, &tx.interaction_handle);
            tx.step = Step::VerificationData(Factor::OktaVerify);
            Outcome::Render(StatusCode::OK, Notes::default())
        }
        (OV_ID, Some("totp")) if user.totp_key().is_some() => {
            drop_pushes(store, &tx.interaction_handle);
            tx.step = Step::TotpChallenge;
            Outcome::Render(StatusCode::OK, Notes::default())
        }
        (OV_ID, Some("push")) if user.has_push() => {
            start_push(store, tx, user);
            Outcome::Render(StatusCode::OK, Notes::default())
        }
        (OV_ID, Some(_)) => bad_input("Unsupported methodType for Okta Verify."),
        (EMAIL_ID, _) if !user.email_authenticator => bad_input("Unknown authenticator."),
        (EMAIL_ID, None) => {
            drop_pushes(store, &tx.interaction_handle);
            tx.step = Step::VerificationData(Factor::Email);
            Outcome::Render(StatusCode::OK, Notes::default())
        }
        (EMAIL_ID, Some("email")) => {
            drop_pushes(store, &tx.interaction_handle);
            send_email(store, tx, user);
            Outcome::Render(StatusCode::OK, Notes::default())
        }
        (EMAIL_ID, Some(_)) => bad_input("Unsupported methodType for Email."),
        (view::WEBAUTHN_ID, None | Some("webauthn")) if webauthn::can_verify(user) => {
            drop_pushes(store, &tx.interaction_handle);
            webauthn::select(tx, user);
            ok()
        }
        _ => bad_input("Unknown authenticator."),
    }
}

fn blank_field() -> Outcome {
    Outcome::Render(
        StatusCode::BAD_REQUEST,
        Notes::field(message(
            "model.validation.field.blank",
            "This field cannot be left blank",
            "ERROR",
        )),
    )
}

fn do_answer(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: Option<&User>,
    req: &Map<String, Value>,
    now: u64,
) -> Outcome {
    let Some(user) = user else {
        return not_offered();
    };
    let creds = req.get("credentials");
    let cred = |name: &str| {
        creds
            .and_then(|c| c.get(name))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let locked = store.locked(config, &user.username);
    match tx.step {
        Step::PasswordChallenge => {
            let Some(pw) = creds
                .and_then(|c| c.get("passcode"))
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
            else {
                return blank_field();
            };
            if locked {
                return Outcome::Render(StatusCode::FORBIDDEN, Notes::global(suspended()));
            }
            if pw != user.password.expose() {
                if store.fail(config, &user.username) {
                    return Outcome::Render(StatusCode::FORBIDDEN, Notes::global(suspended()));
                }
                return Outcome::Render(
                    StatusCode::UNAUTHORIZED,
                    // A global message, as in `error-authenticator-verify-password.json`.
                    Notes::global(message(
                        "incorrectPassword",
                        "Password is incorrect",
                        "ERROR",
                    )),
                );
            }
            after_password(tx, user);
            ok()
        }
        Step::TotpChallenge => {
            let Some(code) = cred("totp") else {
                return blank_field();
            };
            if locked {
                return Outcome::Render(StatusCode::FORBIDDEN, Notes::global(suspended()));
            }
            let accepted = user.totp_key().and_then(|key| {
                let step = crate::totp::matching_step(&key, &code, now)?;
                store
                    .used_totp
                    .insert((user.username.clone(), step))
                    .then_some(step)
            });
            if accepted.is_some() {
                factor_verified(store, tx, now, ["otp", "mfa"]);
                return Outcome::Render(StatusCode::OK, Notes::default());
            }
            if store.fail(config, &user.username) {
                return Outcome::Render(StatusCode::FORBIDDEN, Notes::global(suspended()));
            }
            Outcome::Render(
                StatusCode::UNAUTHORIZED,
                Notes::field(message(
                    "api.authn.error.PASSCODE_INVALID",
                    "Invalid code. Try again.",
                    "ERROR",
                )),
            )
        }
        Step::EmailChallenge => {
            let Some(code) = cred("passcode") else {
                return blank_field();
            };
            if locked {
                return Outcome::Render(StatusCode::FORBIDDEN, Notes::global(suspended()));
            }
            if tx.email_code.as_ref().is_some_and(|c| c.expose() == code) {
                store.last_email_code.remove(&user.username);
                factor_verified(store, tx, now, ["email", "mfa"]);
                return Outcome::Render(StatusCode::OK, Notes::default());
            }
            if store.fail(config, &user.username) {
                return Outcome::Render(StatusCode::FORBIDDEN, Notes::global(suspended()));
            }
            Outcome::Render(
                StatusCode::UNAUTHORIZED,
                Notes::field(message(
                    "api.authn.error.PASSCODE_INVALID",
                    "Invalid code. Try again.",
                    "ERROR",
                )),
            )
        }
        Step::ResetPassword => reset_password(store, config, tx, user, creds, now),
        Step::WebAuthnChallenge { .. } | Step::WebAuthnEnroll { .. } => {
            let Some(creds) = creds.and_then(Value::as_object) else {
                return bad_input("'credentials' is required.");
            };
            if matches!(tx.step, Step::WebAuthnEnroll { .. }) {
                webauthn::answer_enroll(store, config, tx, user, creds, now)
            } else {
                webauthn::answer_challenge(store, config, tx, user, creds, now)
            }
        }
        _ => not_offered(),
    }
}

/// `reset-authenticator`: `new` becomes `user`'s password if the policy
/// accepts it, and the recovery completes like a sign-in (amr `pwd` plus the
/// factor that verified it); otherwise 400 with the state kept and Okta's
/// message on `credentials.passcode`.
fn reset_password(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: &User,
    creds: Option<&Value>,
    now: u64,
) -> Outcome {
    let Some(new) = creds
        .and_then(|c| c.get("passcode"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    else {
        return blank_field();
    };
    let history = store.password_history(config, &user.username);
    if let Some(violation) = password::POLICY.check(new, user, &history) {
        return Outcome::Render(
            StatusCode::BAD_REQUEST,
            Notes::field(violation_message(violation)),
        );
    }
    store.set_password(&user.username, Secret::new(new));
    // A boolean in JSON; a string when the form was sent form-encoded.
    let revoke = creds
        .and_then(|c| c.get("revokeSessions"))
        .is_some_and(|v| v == &Value::Bool(true) || v == "true");
    if revoke {
        store.revoke_sessions(&user.username);
    }
    eprintln!("idx-emulator: password reset (other sessions revoked: {revoke})");
    tx.amr.insert(0, "pwd");
    tx.recovery = false;
    finish(store, tx, now);
    ok()
}

/// The field message for a rejected new password. Both keys carry
/// `i18n.params`, as the recorded `password.common` message does
/// (`error-authenticator-enroll-password-common.json`); Okta's
/// requirements message takes the requirements sentence as its parameter.
fn violation_message(violation: password::Violation) -> Value {
    let (key, text, param) = match violation {
        password::Violation::RequirementsNotMet => {
            let requirements = password::POLICY.requirements();
            (
                "password.passwordRequirementsNotMet",
                format!("Password requirements were not met. {requirements}"),
                requirements,
            )
        }
        password::Violation::Common => (
            "password.common",
            "This password was found in a list of commonly used passwords. Please try another \
             password."
                .to_owned(),
            String::new(),
        ),
    };
    let mut msg = message(key, &text, "ERROR");
    msg["i18n"]["params"] = Value::Array(vec![Value::String(param)]);
    msg
}

fn do_poll(store: &mut Store, tx: &mut Transaction, now: u64) -> Outcome {
    match tx.step.clone() {
        Step::PushPoll { push_id } => {
            let status = store.pushes.get(&push_id).map(|p| p.status);
            match status {
                Some(PushStatus::Pending) => Outcome::Render(StatusCode::OK, Notes::default()),
                Some(PushStatus::Approved) => {
                    okta_verify_confirmed(store, tx, now);
                    ok()
                }
                Some(PushStatus::Denied) | None => {
                    drop_pushes(store, &tx.interaction_handle);
                    tx.step = Step::PushRejected;
                    Outcome::Render(StatusCode::OK, Notes::default())
                }
            }
        }
        // A magic link lands on the app, which submits its `otp` as the
        // passcode (protocol 3.12); until then the email poll keeps waiting.
        Step::EmailChallenge => Outcome::Render(StatusCode::OK, Notes::default()),
        Step::EnrollPoll(_) => enroll::poll(store, tx, now),
        _ => not_offered(),
    }
}

fn do_resend(store: &mut Store, tx: &mut Transaction, user: Option<&User>) -> Outcome {
    let Some(user) = user else {
        return not_offered();
    };
    match tx.step {
        Step::PushPoll { .. } | Step::PushRejected => {
            start_push(store, tx, user);
            Outcome::Render(StatusCode::OK, Notes::default())
        }
        // The email verification-data state also carries a resend action
        // (fixture `authenticator-verification-data-email.json`): it sends.
        Step::EmailChallenge | Step::VerificationData(Factor::Email) => {
            send_email(store, tx, user);
            Outcome::Render(StatusCode::OK, Notes::default())
        }
        Step::EnrollPoll(_) => enroll::resend(tx),
        _ => not_offered(),
    }
}

fn do_cancel(store: &mut Store, tx: &mut Transaction) -> Outcome {
    drop_pushes(store, &tx.interaction_handle);
    tx.state_handle = new_state_handle();
    tx.username = None;
    tx.amr.clear();
    tx.idp = None;
    tx.email_code = None;
    tx.recovery = false;
    tx.step = Step::Identify;
    Outcome::Render(StatusCode::OK, Notes::default())
}

/// A fresh opaque state handle (Okta's look like `02` + 40 url-safe chars).
pub fn new_state_handle() -> String {
    random_id("02", 40)
}
