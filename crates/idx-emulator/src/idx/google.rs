//! Google Authenticator (`google_otp`) as a factor and as an enrollment
//! (protocol reference §4): an RFC 6238 code from the app, whose secret
//! the enrollment shows as a QR code of an `otpauth://totp/...` URI and as
//! the base32 `sharedSecret`.
//!
//! Invariants: every enrollment gets a fresh random secret (160 bits); the
//! QR code is made once per enrollment, so every rendering shows the same
//! image; a TOTP step is accepted once per user (a replay answers
//! `used_passcode`); a wrong code counts towards the lockout; the secret is
//! never logged (only the page and the control API show it, as the app
//! would).

use axum::http::StatusCode;
use serde_json::Value;

use super::answer::credential;
use super::finish::factor_verified;
use super::outcome::{Notes, Outcome, bad_input, blank_field, invalid_code, ok, suspended};
use crate::config::{Config, OtpSecret, User};
use crate::http::{message, url_encode};
use crate::secret::{Secret, random_base32};
use crate::store::{GoogleEnrollment, Step, Store, Transaction};

/// The key of used codes in the store.
const KEY: &str = "google_otp";

/// The `otpauth://` URI an authenticator app reads (Key Uri Format): label
/// `<issuer>:<username>`, the secret, the issuer.
pub(crate) fn otpauth_uri(issuer: &str, username: &str, secret: &str) -> String {
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}",
        url_encode(issuer),
        url_encode(username),
        url_encode(issuer)
    )
}

/// Start enrolling Google Authenticator for `user`: a fresh secret and its
/// QR code, the newest the user's app will scan; the transaction waits at
/// [`Step::GoogleEnroll`].
pub(super) fn start_enrollment(store: &mut Store, tx: &mut Transaction, user: &User) -> Outcome {
    let secret = random_base32(32);
    let uri = otpauth_uri("Okta Emulator", &user.username, &secret);
    let Some(qr) = crate::qr::png_data_uri(&uri) else {
        return bad_input("The username is too long for a QR code.");
    };
    store
        .google_scanned
        .insert(user.username.clone(), Secret::new(secret.clone()));
    tx.step = Step::GoogleEnroll(Box::new(GoogleEnrollment {
        secret: Secret::new(secret),
        qr_code: Secret::new(qr),
    }));
    eprintln!("idx-emulator: Google Authenticator enrollment QR code shown");
    ok()
}

/// A field error with a soft-token key (fixtures
/// `error-authenticator-verification-on-google-otp-*.json`).
fn soft_token(key: &str, text: &str) -> Outcome {
    Outcome::Render(
        StatusCode::UNAUTHORIZED,
        Notes::field(message(key, text, "ERROR")),
    )
}

/// The code typed at [`Step::GoogleChallenge`] or [`Step::GoogleEnroll`].
pub(super) fn answer(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: &User,
    creds: Option<&Value>,
    now: u64,
) -> Outcome {
    let Some(code) = credential(creds, "passcode") else {
        return blank_field();
    };
    if store.locked(config, &user.username) {
        return suspended();
    }
    let enrolling = match &tx.step {
        Step::GoogleEnroll(e) => Some(e.secret.clone()),
        _ => None,
    };
    let key = match &enrolling {
        Some(secret) => crate::totp::decode_base32(secret.expose()),
        None => user.google_authenticator.as_ref().and_then(OtpSecret::key),
    };
    let step = key.and_then(|k| crate::totp::matching_step(&k, &code, now));
    let Some(step) = step else {
        if store.fail(config, &user.username) {
            return suspended();
        }
        return if enrolling.is_some() {
            invalid_code()
        } else {
            soft_token(
                "authfactor.challenge.soft_token.invalid_passcode",
                "Your code doesn't match our records. Please try again.",
            )
        };
    };
    if !store.used_otp.insert((user.username.clone(), KEY, step)) {
        return soft_token(
            "authfactor.challenge.soft_token.used_passcode",
            "Each code can only be used once. Please wait for a new code and try again.",
        );
    }
    if let Some(secret) = enrolling {
        store
            .learned
            .entry(user.username.clone())
            .or_default()
            .google_authenticator = Some(OtpSecret {
            totp_secret: secret,
            next_code: false,
        });
        eprintln!("idx-emulator: Google Authenticator enrolled");
    }
    factor_verified(store, tx, now, ["otp", "mfa"]);
    ok()
}

/// The secret `user`'s app holds now: the enrolled one, or that of the
/// newest QR code shown to the user while its enrollment is still live
/// (the app just scanned it).
pub fn app_secret(store: &Store, user: &User, now: u64) -> Option<Vec<u8>> {
    if let Some(key) = user.google_authenticator.as_ref().and_then(OtpSecret::key) {
        return Some(key);
    }
    let scanned = store.google_scanned.get(&user.username)?;
    let live = store.transactions.values().any(|tx| {
        tx.username.as_deref() == Some(user.username.as_str())
            && tx.expires_at > now
            && matches!(&tx.step, Step::GoogleEnroll(e) if e.secret == *scanned)
    });
    live.then(|| crate::totp::decode_base32(scanned.expose()))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_otpauth_uri_names_issuer_account_and_secret() {
        assert_eq!(
            otpauth_uri("Okta Emulator", "a@b.c", "JBSWY3DP"),
            "otpauth://totp/Okta%20Emulator:a%40b.c?secret=JBSWY3DP&issuer=Okta%20Emulator"
        );
    }
}
