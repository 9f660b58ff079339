//! Rendering the WebAuthn steps: the security key or passkey as an
//! authenticator and as enrollments, its option in the choice lists, the
//! verify step (`challenge-authenticator` with `challengeData`, fixture
//! `X/authenticator-verification-webauthn.json`) and the set-up step
//! (`enroll-authenticator` with `activationData`, fixture
//! `X/authenticator-enroll-webauthn.json`).
//!
//! Invariants: pure; challenges, credential ids and the user handle are
//! base64url without padding, as Okta sends them; `extensions.appid` and
//! `u2fParams.appid` are the org's own origin (the emulator's base URL),
//! so a page elsewhere must leave `appid` out; no `rpId` is sent (Okta's
//! default RP ID is implied: the emulator's configured one); the option
//! relates to `$.authenticators` (a user may have several keys), and the
//! enrollments list one entry per registered key.

use serde_json::{Value, json};

use super::ctx::{Ctx, StepView};
use super::enroll_required::step as enroll_step;
use super::objects::enrollment_id;
use super::select::factor_step;
use crate::config::User;
use crate::idx::authenticators::WEBAUTHN_ID;
use crate::store::Factor;
use crate::webauthn::{ES256, RS256, b64url};

/// The authenticator's name under the user's policy.
fn display_name(user: &User) -> &str {
    user.webauthn
        .as_ref()
        .map_or("Security Key or Biometric", |p| p.display_name.as_str())
}

/// The user-verification requirement of the user's policy.
fn user_verification(user: &User) -> &'static str {
    user.webauthn
        .as_ref()
        .map_or("preferred", |p| p.user_verification.as_str())
}

/// The authenticator (`authenticators` entry, `currentAuthenticator` value).
pub(super) fn authenticator(user: &User) -> Value {
    json!({
        "type": "security_key",
        "key": "webauthn",
        "id": WEBAUTHN_ID,
        "displayName": display_name(user),
        "methods": [{ "type": "webauthn" }],
    })
}

/// The user's registered keys as `authenticatorEnrollments` entries.
pub(super) fn enrollments(user: &User) -> Vec<Value> {
    user.webauthn_credentials
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "type": "security_key",
                "key": "webauthn",
                "id": format!("{}{i}", enrollment_id("fwf", user)),
                "authenticatorId": WEBAUTHN_ID,
                "displayName": display_name(user),
                "credentialId": b64url(&c.id),
            })
        })
        .collect()
}

/// The option form of the security key in a choice list (`id` and its one
/// method).
pub(super) fn option_form(visible: bool) -> Vec<Value> {
    let hidden = |mut field: Value| {
        if !visible {
            field["visible"] = json!(false);
        }
        field
    };
    vec![
        hidden(json!({ "name": "id", "required": true, "value": WEBAUTHN_ID, "mutable": false })),
        hidden(
            json!({ "name": "methodType", "required": false, "value": "webauthn", "mutable": false }),
        ),
    ]
}

/// The org's own origin (scheme, host, port of the base URL).
fn org_origin(base: &str) -> String {
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    match base[after_scheme..].find('/') {
        Some(slash) => base[..after_scheme + slash].to_owned(),
        None => base.to_owned(),
    }
}

/// [`Step::WebAuthnChallenge`](crate::store::Step::WebAuthnChallenge):
/// `challenge-authenticator` and the factor choice.
pub(super) fn challenge(ctx: &Ctx<'_>, user: &User, challenge: &[u8]) -> StepView {
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
    let mut current = authenticator(user);
    current["contextualData"] = json!({
        "challengeData": {
            "challenge": b64url(challenge),
            "userVerification": user_verification(user),
            "extensions": { "appid": org_origin(ctx.base) },
        },
    });
    if let Some(ms) = ctx.webauthn_timeout_ms {
        current["contextualData"]["challengeData"]["timeout"] = json!(ms);
    }
    factor_step(ctx, user, "currentAuthenticator", current, form)
}

/// [`Step::WebAuthnEnroll`](crate::store::Step::WebAuthnEnroll):
/// `enroll-authenticator` and the choice to start over.
pub(super) fn enroll(ctx: &Ctx<'_>, user: &User, challenge: &[u8]) -> StepView {
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
    let mut current = authenticator(user);
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
            "authenticatorSelection": { "userVerification": user_verification(user) },
            "u2fParams": { "appid": org_origin(ctx.base) },
        },
    });
    if let Some(ms) = ctx.webauthn_timeout_ms {
        current["contextualData"]["activationData"]["timeout"] = json!(ms);
    }
    enroll_step(ctx, user, Factor::WebAuthn, current, form, false)
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
