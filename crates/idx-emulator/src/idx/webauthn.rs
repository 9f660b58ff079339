//! Security keys and passkeys (WebAuthn, protocol-more doc §1) as a factor
//! and as an enrollment: a user whose policy requires one sets it up after
//! the password while they have none (`select-authenticator-enroll` →
//! `enroll-authenticator`), and verifies with it later from the factor
//! choice (`select-authenticator-authenticate` → `challenge-authenticator`),
//! both answered at `/idp/idx/challenge/answer`.
//!
//! Invariants: every challenge is fresh, random and answered at most once
//! (a refused answer gets a new one); a credential is registered and an
//! assertion accepted only through [`crate::webauthn`]'s checks against the
//! org's RP ID and allowed origins, with user verification when the policy
//! says `required`; the binary members must be standard padded base64, as
//! Okta's clients send them; a refused assertion answers Okta's
//! `authfactor.webauthn.error.assertion_validation_failure`; what is
//! registered lives in the store, never in the users file.

use axum::http::StatusCode;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};

use super::authenticators::can_verify_webauthn;
use super::finish::factor_verified;
use super::outcome::{Notes, Outcome, bad_input, not_offered, ok, suspended};
use crate::config::{Config, User, UserVerification};
use crate::http::message;
use crate::store::{Step, Store, Transaction};
use crate::webauthn::{self as rp, Assertion, RelyingParty};

/// The WebAuthn authenticator was chosen: a challenge for a user with a
/// registered key, the set-up otherwise.
pub(super) fn start(store: &mut Store, tx: &mut Transaction, user: &User) {
    store.drop_pushes(&tx.interaction_handle);
    let challenge = rp::new_challenge();
    tx.step = if can_verify_webauthn(user) {
        Step::WebAuthnChallenge { challenge }
    } else {
        Step::WebAuthnEnroll { challenge }
    };
}

fn relying_party(config: &Config) -> RelyingParty<'_> {
    RelyingParty {
        id: &config.webauthn_rp_id,
        origins: &config.allowed_origins,
    }
}

fn requires_uv(user: &User) -> bool {
    user.webauthn
        .as_ref()
        .is_some_and(|p| p.user_verification == UserVerification::Required)
}

/// A `credentials` member as bytes: standard base64 only.
fn bytes(creds: &Map<String, Value>, name: &str) -> Option<Vec<u8>> {
    let text = creds.get(name)?.as_str()?;
    STANDARD.decode(text).ok()
}

fn refused(key: &'static str, text: &'static str) -> Outcome {
    Outcome::Render(
        StatusCode::BAD_REQUEST,
        Notes::global(message(key, text, "ERROR")),
    )
}

/// `challenge/answer` in [`Step::WebAuthnChallenge`] or
/// [`Step::WebAuthnEnroll`]: `credentials` as the browser's result.
pub(super) fn answer(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: &User,
    creds: Option<&Value>,
    now: u64,
) -> Outcome {
    let Some(creds) = creds.and_then(Value::as_object) else {
        return bad_input("'credentials' is required.");
    };
    if store.locked(config, &user.username) {
        return suspended();
    }
    // Single use: whatever happens, the next answer needs a new challenge.
    let fresh = rp::new_challenge();
    match std::mem::replace(&mut tx.step, Step::Identify) {
        Step::WebAuthnChallenge { challenge } => {
            tx.step = Step::WebAuthnChallenge { challenge: fresh };
            verify(store, config, tx, user, creds, &challenge, now)
        }
        Step::WebAuthnEnroll { challenge } => {
            tx.step = Step::WebAuthnEnroll { challenge: fresh };
            register(store, config, tx, user, creds, &challenge, now)
        }
        other => {
            tx.step = other;
            not_offered()
        }
    }
}

fn verify(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: &User,
    creds: &Map<String, Value>,
    challenge: &[u8],
    now: u64,
) -> Outcome {
    let (Some(client_data), Some(auth_data), Some(signature)) = (
        bytes(creds, "clientData"),
        bytes(creds, "authenticatorData"),
        bytes(creds, "signatureData"),
    ) else {
        return bad_input(
            "'credentials' must carry clientData, authenticatorData and signatureData in base64.",
        );
    };
    let assertion = Assertion {
        client_data_json: &client_data,
        authenticator_data: &auth_data,
        signature: &signature,
    };
    match rp::authenticate(
        relying_party(config),
        challenge,
        requires_uv(user),
        assertion,
        &user.webauthn_credentials,
    ) {
        Ok((index, count)) => {
            if let Some(stored) = store
                .learned
                .get_mut(&user.username)
                .and_then(|l| l.webauthn.get_mut(index))
            {
                stored.sign_count = count;
            }
            eprintln!("idx-emulator: security key verified");
            factor_verified(store, tx, now, ["hwk", "mfa"]);
            ok()
        }
        Err(error) => {
            eprintln!("idx-emulator: security key assertion refused ({error})");
            refused(
                "authfactor.webauthn.error.assertion_validation_failure",
                "None of the WebAuthn authenticators the user has enrolled for was able to validate the assertion",
            )
        }
    }
}

fn register(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: &User,
    creds: &Map<String, Value>,
    challenge: &[u8],
    now: u64,
) -> Outcome {
    let (Some(client_data), Some(attestation)) =
        (bytes(creds, "clientData"), bytes(creds, "attestation"))
    else {
        return bad_input("'credentials' must carry clientData and attestation in base64.");
    };
    match rp::register(
        relying_party(config),
        challenge,
        requires_uv(user),
        &client_data,
        &attestation,
    ) {
        Ok(credential) => {
            let list = &mut store
                .learned
                .entry(user.username.clone())
                .or_default()
                .webauthn;
            if list.iter().any(|c| c.id == credential.id) {
                return refused(
                    "authfactor.webauthn.error.already_registered",
                    "This security key is already set up.",
                );
            }
            list.push(credential);
            eprintln!("idx-emulator: security key registered");
            factor_verified(store, tx, now, ["hwk", "mfa"]);
            ok()
        }
        Err(error) => {
            eprintln!("idx-emulator: security key registration refused ({error})");
            refused(
                "authfactor.webauthn.error.attestation_validation_failure",
                "The security key could not be set up. Try again.",
            )
        }
    }
}
