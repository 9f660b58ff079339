//! A security key set up and then used through idx-core's options and
//! values, with the emulator's virtual key as the browser: the emulator's
//! strict checks (standard base64, the challenge, the origin, the
//! signature) accept exactly what idx-core builds.

use idx_core::{AssertionResult, AttestationResult, Status, StepName, Transaction, Values};
use idx_emulator::webauthn::device::{Attest, VirtualKey};

use super::{Env, PASSWORD};

/// A page on the emulator's RP ID (`localhost`), allowed by its CORS.
const PAGE: &str = "http://localhost:8080";
const KEY_USER: &str = "key@example.com";

/// Submits `values` to `t`'s next step; the answer must be a transaction.
async fn answer(env: &Env, t: &Transaction, values: &Values) -> Transaction {
    let step = t.next_step.as_ref().expect("a next step");
    env.driver
        .proceed(t, &step.name, values)
        .await
        .expect("answered")
        .transaction()
        .expect("a transaction")
}

#[tokio::test]
async fn a_security_key_is_set_up_and_verifies() {
    let env = Env::with(|c| c.allowed_origins.push(PAGE.into())).await;
    let (_, t) = env.start().await;
    let values = Values::new()
        .text("username", KEY_USER)
        .text("password", PASSWORD);
    let t = env.proceed(&t, &StepName::Identify, &values).await;
    assert_eq!(
        t.next_step.as_ref().unwrap().name,
        StepName::SelectAuthenticatorEnroll
    );
    let choice = Values::new().text("authenticator", "webauthn");
    let t = env
        .proceed(&t, &StepName::SelectAuthenticatorEnroll, &choice)
        .await;
    let step = t.next_step.clone().unwrap();
    assert_eq!(step.name, StepName::EnrollAuthenticator);
    let options = step
        .authenticator
        .as_ref()
        .and_then(|a| a.activation_data.as_ref())
        .expect("activation data")
        .creation_options(&t.webauthn_credentials);
    assert_eq!(options.algorithms, [-7, -257]);
    let mut key = VirtualKey::es256();
    let created = key.create(
        "localhost",
        PAGE,
        &options.challenge,
        &options.user.id,
        Attest::PackedSelf,
    );
    let result = AttestationResult {
        client_data_json: created.client_data_json,
        attestation_object: created.attestation_object,
        transports: Some(vec!["usb".into()]),
        client_extensions_json: "{}".into(),
    };
    let done = answer(&env, &t, &result.values(&step)).await;
    assert_eq!(done.status, Status::Success, "{:?}", done.messages);

    let (_, t) = env.to_authenticator_choice(KEY_USER).await;
    let t = env
        .proceed(&t, &StepName::SelectAuthenticatorAuthenticate, &choice)
        .await;
    let step = t.next_step.clone().unwrap();
    assert_eq!(step.name, StepName::ChallengeAuthenticator);
    let options = step
        .authenticator
        .as_ref()
        .and_then(|a| a.challenge_data.as_ref())
        .expect("challenge data")
        .request_options(&t.webauthn_credentials, PAGE);
    // The one registered key is allowed; the org's appid is not for this page.
    assert_eq!(options.allow_credentials.len(), 1);
    assert_eq!(options.allow_credentials[0].id, key.credential_id);
    assert_eq!(options.appid, None);

    // An assertion from another key is refused and the challenge stays.
    let mut stranger = VirtualKey::es256();
    let wrong = stranger.get("localhost", PAGE, &options.challenge);
    let refused = AssertionResult {
        client_data_json: wrong.client_data_json,
        authenticator_data: wrong.authenticator_data,
        signature: wrong.signature,
        user_handle: None,
    };
    let t = answer(&env, &t, &refused.values(&step)).await;
    assert_eq!(
        t.next_step.as_ref().map(|s| &s.name),
        Some(&StepName::ChallengeAuthenticator)
    );
    assert!(!t.messages.is_empty(), "the refusal is said");
    let step = t.next_step.clone().unwrap();
    let options = step
        .authenticator
        .as_ref()
        .and_then(|a| a.challenge_data.as_ref())
        .expect("a new challenge")
        .request_options(&t.webauthn_credentials, PAGE);

    let got = key.get("localhost", PAGE, &options.challenge);
    let assertion = AssertionResult {
        client_data_json: got.client_data_json,
        authenticator_data: got.authenticator_data,
        signature: got.signature,
        user_handle: Some(got.user_handle),
    };
    let done = answer(&env, &t, &assertion.values(&step)).await;
    assert_eq!(done.status, Status::Success, "{:?}", done.messages);
}
