//! The WebAuthn steps of the step machine: a user whose policy requires a
//! security key or passkey sets one up after the password when they have
//! none (`select-authenticator-enroll` → `enroll-authenticator`), and
//! otherwise may verify with one (`select-authenticator-authenticate` →
//! `challenge-authenticator`), both answered at `/idp/idx/challenge/answer`.
//!
//! Invariants: every challenge is fresh, random and answered at most once
//! (a refused answer gets a new one); a credential is registered and an
//! assertion accepted only through [`crate::webauthn`]'s checks against the
//! org's RP ID and allowed origins, with user verification when the policy
//! says `required`; the binary members must be standard padded base64, as
//! Okta's clients send them; a refused assertion answers Okta's
//! `authfactor.webauthn.error.assertion_validation_failure`.

use axum::http::StatusCode;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};

use super::view::Notes;
use super::{Outcome, factor_verified};
use crate::config::{Config, User};
use crate::http::message;
use crate::store::{Step, Store, Transaction};
use crate::webauthn::{self as rp, Assertion, RelyingParty};

/// Whether the policy requires `user` to set up a security key first.
pub(super) fn must_enroll(user: &User) -> bool {
    user.webauthn.is_some() && user.webauthn_credentials.is_empty()
}

/// Whether `user` can verify with a registered security key or passkey.
pub(super) fn can_verify(user: &User) -> bool {
    user.webauthn.is_some() && !user.webauthn_credentials.is_empty()
}

/// The WebAuthn authenticator was chosen: challenge or set up.
pub(super) fn select(tx: &mut Transaction, user: &User) {
    let challenge = rp::new_challenge();
    tx.step = if can_verify(user) {
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
        .is_some_and(|p| p.user_verification == "required")
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

/// `challenge/answer` in [`Step::WebAuthnChallenge`].
pub(super) fn answer_challenge(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: &User,
    creds: &Map<String, Value>,
    now: u64,
) -> Outcome {
    let Step::WebAuthnChallenge { challenge } = &tx.step else {
        return super::not_offered();
    };
    let challenge = challenge.clone();
    // Single use: whatever happens, the next answer needs a new challenge.
    tx.step = Step::WebAuthnChallenge {
        challenge: rp::new_challenge(),
    };
    let (Some(client_data), Some(auth_data), Some(signature)) = (
        bytes(creds, "clientData"),
        bytes(creds, "authenticatorData"),
        bytes(creds, "signatureData"),
    ) else {
        return super::bad_input("credentials");
    };
    let assertion = Assertion {
        client_data_json: &client_data,
        authenticator_data: &auth_data,
        signature: &signature,
    };
    match rp::authenticate(
        relying_party(config),
        &challenge,
        requires_uv(user),
        assertion,
        &user.webauthn_credentials,
    ) {
        Ok((index, count)) => {
            if let Some(stored) = store
                .webauthn
                .get_mut(&user.username)
                .and_then(|list| list.get_mut(index))
            {
                stored.sign_count = count;
            }
            eprintln!("idx-emulator: security key verified");
            factor_verified(store, tx, now, ["hwk", "mfa"]);
            super::ok()
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

/// `challenge/answer` in [`Step::WebAuthnEnroll`].
pub(super) fn answer_enroll(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: &User,
    creds: &Map<String, Value>,
    now: u64,
) -> Outcome {
    let Step::WebAuthnEnroll { challenge } = &tx.step else {
        return super::not_offered();
    };
    let challenge = challenge.clone();
    tx.step = Step::WebAuthnEnroll {
        challenge: rp::new_challenge(),
    };
    let (Some(client_data), Some(attestation)) =
        (bytes(creds, "clientData"), bytes(creds, "attestation"))
    else {
        return super::bad_input("credentials");
    };
    match rp::register(
        relying_party(config),
        &challenge,
        requires_uv(user),
        &client_data,
        &attestation,
    ) {
        Ok(credential) => {
            let list = store.webauthn.entry(user.username.clone()).or_default();
            if list.iter().any(|c| c.id == credential.id) {
                return refused(
                    "authfactor.webauthn.error.already_registered",
                    "This security key is already set up.",
                );
            }
            list.push(credential);
            eprintln!("idx-emulator: security key registered");
            factor_verified(store, tx, now, ["hwk", "mfa"]);
            super::ok()
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
