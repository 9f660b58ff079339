//! Rendering the WebAuthn steps: the security key or passkey as an
//! authenticator, its option in the choice lists, its enrollments, the
//! verify step (`challenge-authenticator` with `challengeData`, fixture
//! `extra/authenticator-verification-webauthn.json`) and the set-up step
//! (`enroll-authenticator` with `activationData`, fixture
//! `extra/authenticator-enroll-webauthn.json`).
//!
//! Invariants: pure; challenges, credential ids and the user handle are
//! base64url without padding, as Okta sends them; `extensions.appid` and
//! `u2fParams.appid` are the org's own origin (the emulator's base URL),
//! so a page elsewhere must leave `appid` out; no `rpId` is sent (Okta's
//! default RP ID is implied: the emulator's configured one).

use serde_json::{Value, json};

use super::Ctx;
use crate::config::{User, WebAuthnPolicy};
use crate::webauthn::{ES256, RS256, b64url};

/// The WebAuthn authenticator's id in the emulated org.
pub const WEBAUTHN_ID: &str = "autWebAuthn000000001";

/// The authenticator (`authenticators` entry, `currentAuthenticator` value).
pub(crate) fn authenticator(policy: &WebAuthnPolicy) -> Value {
    json!({
        "type": "security_key",
        "key": "webauthn",
        "id": WEBAUTHN_ID,
        "displayName": policy.display_name,
        "methods": [{ "type": "webauthn" }],
    })
}

/// The user's registered credentials as `authenticatorEnrollments` entries.
pub(crate) fn enrollments(user: &User) -> Vec<Value> {
    let Some(policy) = &user.webauthn else {
        return Vec::new();
    };
    user.webauthn_credentials
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "type": "security_key",
                "key": "webauthn",
                "id": format!("fwf{}{i}", user.id.trim_start_matches("00u")),
                "authenticatorId": WEBAUTHN_ID,
                "displayName": policy.display_name,
                "credentialId": b64url(&c.id),
            })
        })
        .collect()
}

/// The option of a `select-authenticator-*` list, relating to
/// `$.authenticators.value[index]`.
pub(crate) fn option(policy: &WebAuthnPolicy, index: usize) -> Value {
    json!({
        "label": policy.display_name,
        "value": { "form": { "value": [
            { "name": "id", "required": true, "value": WEBAUTHN_ID, "mutable": false },
            { "name": "methodType", "required": false, "value": "webauthn", "mutable": false },
        ] } },
        "relatesTo": format!("$.authenticators.value[{index}]"),
    })
}

/// The org's own origin (scheme, host, port of the base URL).
fn org_origin(base: &str) -> String {
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    match base[after_scheme..].find('/') {
        Some(slash) => base[..after_scheme + slash].to_owned(),
        None => base.to_owned(),
    }
}

/// `challenge-authenticator` and its `currentAuthenticator`.
pub(crate) fn challenge(
    ctx: &Ctx<'_>,
    policy: &WebAuthnPolicy,
    challenge: &[u8],
) -> (Value, Value) {
    let field = |name: &str, label: &str| json!({ "name": name, "label": label, "required": true, "visible": false });
    let form = ctx.form(
        "challenge-authenticator",
        "/idp/idx/challenge/answer",
        vec![json!({
            "name": "credentials",
            "type": "object",
            "required": true,
            "form": { "value": [
                field("clientData", "Client Data"),
                field("authenticatorData", "Authenticator Data"),
                field("signatureData", "Signature Data"),
            ] },
        })],
    );
    let mut current = authenticator(policy);
    current["contextualData"] = json!({
        "challengeData": {
            "challenge": b64url(challenge),
            "userVerification": policy.user_verification,
            "extensions": { "appid": org_origin(ctx.base) },
        },
    });
    if let Some(ms) = ctx.webauthn_timeout_ms {
        current["contextualData"]["challengeData"]["timeout"] = json!(ms);
    }
    (
        ctx.related(form, "$.currentAuthenticator"),
        json!({ "type": "object", "value": current }),
    )
}

/// `enroll-authenticator` and its `currentAuthenticator`.
pub(crate) fn enroll(
    ctx: &Ctx<'_>,
    user: &User,
    policy: &WebAuthnPolicy,
    challenge: &[u8],
) -> (Value, Value) {
    let field = |name: &str, label: &str| json!({ "name": name, "label": label, "visible": false, "required": true, "hint": "webauthn" });
    let form = ctx.form(
        "enroll-authenticator",
        "/idp/idx/challenge/answer",
        vec![json!({
            "name": "credentials",
            "form": { "value": [
                field("clientData", "Client Data"),
                field("attestation", "Attestation"),
                field("transports", "Transports"),
                field("clientExtensions", "clientExtensions"),
            ] },
        })],
    );
    let mut current = authenticator(policy);
    // The recording's enrollment names no methods.
    if let Some(m) = current.as_object_mut() {
        m.remove("methods");
    }
    current["catalogKey"] = json!("webauthn");
    current["settings"] = json!({});
    current["contextualData"] = json!({
        "activationData": {
            "rp": { "name": "Emulated org" },
            "user": {
                "displayName": user.display_name(),
                "name": user.username,
                "id": user.id,
            },
            "pubKeyCredParams": [
                { "type": "public-key", "alg": ES256 },
                { "type": "public-key", "alg": RS256 },
            ],
            "challenge": b64url(challenge),
            "attestation": "direct",
            "authenticatorSelection": { "userVerification": policy.user_verification },
            "u2fParams": { "appid": org_origin(ctx.base) },
        },
    });
    if let Some(ms) = ctx.webauthn_timeout_ms {
        current["contextualData"]["activationData"]["timeout"] = json!(ms);
    }
    (
        ctx.related(form, "$.currentAuthenticator"),
        json!({ "type": "object", "value": current }),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_org_origin_drops_the_path() {
        assert_eq!(
            super::org_origin("http://127.0.0.1:8787"),
            "http://127.0.0.1:8787"
        );
        assert_eq!(
            super::org_origin("https://a.example/x/y"),
            "https://a.example"
        );
    }
}
