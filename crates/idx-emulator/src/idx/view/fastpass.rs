//! The Okta FastPass steps (CUSTOM_URI): `launch-authenticator` at
//! identify, waiting for Okta Verify after a launch
//! (`device-challenge-poll`, the challenge at the top level) and after
//! choosing Okta Verify's FastPass method (`challenge-poll`, the challenge
//! in `currentAuthenticator.contextualData`).
//!
//! Invariants: the launch URI carries the challenge's random request; both
//! waits poll `/idp/idx/authenticators/poll` with the configured `refresh`
//! and offer the cancel form `/idp/idx/authenticators/poll/cancel`; the
//! method wait keeps the factor choice available.

use serde_json::{Value, json};

use super::ctx::{Ctx, StepView};
use super::objects::authenticator_obj;
use super::select::{select_authenticator, user_authenticators};
use crate::config::User;
use crate::http::url_encode;
use crate::store::{DeviceChallenge, Factor};

/// Where a phone without Okta Verify gets it.
const DOWNLOAD_HREF: &str = "https://apps.apple.com/us/app/okta-verify/id490179405";

/// `launch-authenticator` (fixture
/// `X/identify-with-device-probing-loopback-challenge-not-received.json`):
/// the state handle alone.
pub(super) fn launch_form(ctx: &Ctx<'_>) -> Value {
    Value::Object(ctx.form(
        "launch-authenticator",
        "/idp/idx/authenticators/okta-verify/launch",
        vec![],
    ))
}

/// The CUSTOM_URI challenge: the Okta Verify launch URI and where to get
/// the app.
fn custom_uri(challenge: &DeviceChallenge) -> Value {
    json!({
        "challengeMethod": "CUSTOM_URI",
        "href": format!(
            "com-okta-authenticator:/deviceChallenge?challengeRequest={}",
            url_encode(challenge.request.expose())
        ),
        "downloadHref": DOWNLOAD_HREF,
    })
}

fn cancel_form(ctx: &Ctx<'_>) -> Value {
    Value::Object(ctx.form(
        "cancel-polling",
        "/idp/idx/authenticators/poll/cancel",
        vec![],
    ))
}

fn poll_form(ctx: &Ctx<'_>, name: &str) -> serde_json::Map<String, Value> {
    let mut form = ctx.form(name, "/idp/idx/authenticators/poll", vec![]);
    form.insert("refresh".into(), json!(ctx.refresh_ms));
    form
}

/// After a launch (fixture `X/identify-with-device-launch-authenticator.json`).
pub(super) fn device_challenge_poll(ctx: &Ctx<'_>, challenge: &DeviceChallenge) -> StepView {
    let mut value = custom_uri(challenge);
    value["cancel"] = cancel_form(ctx);
    let mut form = poll_form(ctx, "device-challenge-poll");
    form.insert("relatesTo".into(), json!(["authenticatorChallenge"]));
    StepView {
        remediation: vec![Value::Object(form)],
        listed: vec![(
            "authenticatorChallenge",
            json!({ "type": "object", "value": value }),
        )],
        ..StepView::default()
    }
}

/// After choosing FastPass (fixture
/// `X/authenticator-verification-okta-verify-signed-nonce-custom-uri.json`).
pub(super) fn signed_nonce_poll(
    ctx: &Ctx<'_>,
    user: &User,
    challenge: &DeviceChallenge,
) -> StepView {
    let mut current = authenticator_obj(user, Factor::OktaVerify, false);
    current["methods"] = json!([{ "type": "signed_nonce" }]);
    current["cancel"] = cancel_form(ctx);
    current["contextualData"] =
        json!({ "challenge": { "type": "object", "value": custom_uri(challenge) } });
    StepView {
        current: vec![(
            "currentAuthenticator",
            json!({ "type": "object", "value": current }),
        )],
        remediation: vec![
            ctx.related(poll_form(ctx, "challenge-poll"), "$.currentAuthenticator"),
            select_authenticator(ctx, user),
        ],
        listed: user_authenticators(user),
    }
}
