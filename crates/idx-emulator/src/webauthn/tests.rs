//! Registration and assertion checks with keys generated in the test.

use super::device::{Attest, VirtualKey};
use super::*;

const RP_ID: &str = "localhost";
const ORIGIN: &str = "http://localhost:8080";

fn origins() -> Vec<String> {
    vec![ORIGIN.to_owned()]
}

fn rp(origins: &[String]) -> RelyingParty<'_> {
    RelyingParty { id: RP_ID, origins }
}

fn enroll(key: &mut VirtualKey, attest: Attest) -> Credential {
    let origins = origins();
    let challenge = new_challenge();
    let created = key.create(RP_ID, ORIGIN, &challenge, b"00u1", attest);
    register(
        rp(&origins),
        &challenge,
        true,
        &created.client_data_json,
        &created.attestation_object,
    )
    .expect("registration verifies")
}

fn assert_with(
    key: &mut VirtualKey,
    credentials: &[Credential],
) -> Result<(usize, u32), WebAuthnError> {
    let origins = origins();
    let challenge = new_challenge();
    let got = key.get(RP_ID, ORIGIN, &challenge);
    authenticate(
        rp(&origins),
        &challenge,
        true,
        Assertion {
            client_data_json: &got.client_data_json,
            authenticator_data: &got.authenticator_data,
            signature: &got.signature,
        },
        credentials,
    )
}

#[test]
fn es256_registers_with_none_and_packed_then_asserts() {
    for attest in [Attest::None, Attest::PackedSelf] {
        let mut key = VirtualKey::es256();
        let credential = enroll(&mut key, attest);
        assert_eq!(credential.id, key.credential_id);
        assert_eq!(credential.key, key.public_key());
        assert_eq!(credential.sign_count, 1);
        assert_eq!(assert_with(&mut key, &[credential]), Ok((0, 2)));
    }
}

#[test]
fn rs256_registers_and_asserts() {
    let mut key = VirtualKey::rs256();
    let credential = enroll(&mut key, Attest::PackedSelf);
    assert_eq!(credential.key.alg(), RS256);
    assert_eq!(assert_with(&mut key, &[credential]), Ok((0, 2)));
}

#[test]
fn the_right_credential_is_found_among_several() {
    let mut first = VirtualKey::es256();
    let mut second = VirtualKey::es256();
    let a = enroll(&mut first, Attest::None);
    let b = enroll(&mut second, Attest::None);
    assert_eq!(
        assert_with(&mut second, &[a.clone(), b.clone()]),
        Ok((1, 2))
    );
    // A key that was never registered verifies against none of them.
    let mut stranger = VirtualKey::es256();
    assert_eq!(
        assert_with(&mut stranger, &[a, b]),
        Err(WebAuthnError::Signature)
    );
}

#[test]
fn tampering_with_any_signed_byte_fails() {
    let origins = origins();
    let mut key = VirtualKey::es256();
    let credential = enroll(&mut key, Attest::None);
    let challenge = new_challenge();
    let got = key.get(RP_ID, ORIGIN, &challenge);
    let check = |auth: &[u8], sig: &[u8]| {
        authenticate(
            rp(&origins),
            &challenge,
            true,
            Assertion {
                client_data_json: &got.client_data_json,
                authenticator_data: auth,
                signature: sig,
            },
            std::slice::from_ref(&credential),
        )
    };
    let mut auth = got.authenticator_data.clone();
    auth[36] ^= 1; // the counter's last byte
    assert_eq!(check(&auth, &got.signature), Err(WebAuthnError::Signature));
    let mut sig = got.signature.clone();
    let last = sig.len() - 1;
    sig[last] ^= 1;
    assert_eq!(
        check(&got.authenticator_data, &sig),
        Err(WebAuthnError::Signature)
    );
    assert_eq!(check(&got.authenticator_data, &got.signature), Ok((0, 2)));
}

#[test]
fn client_data_must_match_the_ceremony() {
    let origins = origins();
    let mut key = VirtualKey::es256();
    let challenge = new_challenge();
    let created = key.create(RP_ID, ORIGIN, &challenge, b"u", Attest::None);
    let reg = |challenge: &[u8], origins: &[String], cdj: &[u8]| {
        register(
            rp(origins),
            challenge,
            false,
            cdj,
            &created.attestation_object,
        )
    };
    assert_eq!(
        reg(&new_challenge(), &origins, &created.client_data_json).unwrap_err(),
        WebAuthnError::Challenge
    );
    assert_eq!(
        reg(
            &challenge,
            &["https://evil.example".to_owned()],
            &created.client_data_json
        )
        .unwrap_err(),
        WebAuthnError::Origin
    );
    let got = key.get(RP_ID, ORIGIN, &challenge);
    assert_eq!(
        reg(&challenge, &origins, &got.client_data_json).unwrap_err(),
        WebAuthnError::WrongType("webauthn.create")
    );
    assert!(reg(&challenge, &origins, &created.client_data_json).is_ok());
}

#[test]
fn another_rp_id_or_missing_verification_is_refused() {
    let origins = origins();
    let mut key = VirtualKey::es256();
    let challenge = new_challenge();
    let created = key.create("example.com", ORIGIN, &challenge, b"u", Attest::None);
    let result = register(
        rp(&origins),
        &challenge,
        false,
        &created.client_data_json,
        &created.attestation_object,
    );
    assert_eq!(result.unwrap_err(), WebAuthnError::RpId);

    key.verifies_user = false;
    let created = key.create(RP_ID, ORIGIN, &challenge, b"u", Attest::None);
    let with_uv = |required| {
        register(
            rp(&origins),
            &challenge,
            required,
            &created.client_data_json,
            &created.attestation_object,
        )
    };
    assert_eq!(with_uv(true).unwrap_err(), WebAuthnError::UserVerification);
    assert!(with_uv(false).is_ok());
}

#[test]
fn a_counter_that_does_not_grow_means_a_clone() {
    let mut key = VirtualKey::es256();
    let mut credential = enroll(&mut key, Attest::None);
    credential.sign_count = 50;
    assert_eq!(
        assert_with(&mut key, &[credential]),
        Err(WebAuthnError::Counter)
    );
}

#[test]
fn malformed_objects_are_errors_not_panics() {
    let origins = origins();
    let challenge = new_challenge();
    let mut key = VirtualKey::es256();
    let created = key.create(RP_ID, ORIGIN, &challenge, b"u", Attest::None);
    for object in [
        &b""[..],
        b"\xa0",
        b"\xff\xff",
        &created.attestation_object[..10],
    ] {
        assert!(
            register(
                rp(&origins),
                &challenge,
                false,
                &created.client_data_json,
                object
            )
            .is_err()
        );
    }
    for auth in [&b""[..], &[0_u8; 36][..], &[0x41_u8; 40][..]] {
        assert!(AuthenticatorData::parse(auth).is_err());
    }
    // An unknown attestation format is refused, not waved through.
    let text = |t: &str| ciborium::Value::Text(t.into());
    let mut tpm = Vec::new();
    ciborium::ser::into_writer(
        &ciborium::Value::Map(vec![
            (text("fmt"), text("tpm")),
            (text("attStmt"), ciborium::Value::Map(Vec::new())),
            (text("authData"), ciborium::Value::Bytes(vec![0; 37])),
        ]),
        &mut tpm,
    )
    .expect("CBOR into a Vec");
    assert_eq!(
        register(
            rp(&origins),
            &challenge,
            false,
            &created.client_data_json,
            &tpm
        )
        .unwrap_err(),
        WebAuthnError::Format
    );
}
