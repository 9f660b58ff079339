//! The authenticators besides Okta Verify and email, driven end to end
//! through the emulator: phone (SMS, voice, rate limits, enrollment), the
//! security question, Google Authenticator, the OTP tokens, Okta FastPass
//! and security keys and passkeys (WebAuthn), each with its virtual device
//! (in the control API, or the emulator's virtual key playing the browser).
//!
//! One test binary, a module per family; the steps are the emulator
//! suites' shared ones (`common`).
//!
//! Invariants: every wrong code used differs from the right one, so a
//! wrong-code case cannot pass by luck; a sign-in counts as done only when
//! its interaction code is redeemed.

#[path = "../common/mod.rs"]
mod common;

mod fastpass;
mod google;
mod otp;
mod phone;
mod security_question;
mod webauthn;

use axum::http::StatusCode;

use common::{Emu, Reply};

/// Redeems `done`'s interaction code and returns the ID token's `amr`.
async fn redeemed_amr(emu: &Emu, done: &Reply) -> Vec<String> {
    let code = done
        .interaction_code()
        .unwrap_or_else(|| panic!("not done: {}", done.summary()));
    let tokens = emu.redeem(&code).await;
    assert_eq!(tokens.status, StatusCode::OK, "{}", tokens.text);
    let jwks = emu.get("/oauth2/default/v1/keys").await.body;
    let id_token = tokens.body["id_token"].as_str().expect("id_token");
    let claims = common::verify_jwt(&jwks, id_token).expect("valid ID token");
    claims["amr"]
        .as_array()
        .expect("amr")
        .iter()
        .map(|v| v.as_str().expect("amr value").to_owned())
        .collect()
}
