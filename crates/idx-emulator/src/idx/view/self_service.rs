//! What the policy steps and self-service flows add to the shared parts of
//! a body: the links at identify (`select-enroll-profile`,
//! `unlock-account`), the CAPTCHA (`captcha` member, `captchaVerify`
//! field), the messages a step always carries, the `authentication` member
//! (with the OAuth request's `max_age` and `acr_values`), the app's consent
//! metadata, and their terminal bodies.
//!
//! Invariants: pure; nothing is added unless the org's settings or the
//! transaction's flow ask for it, so bodies of an org without self-service
//! settings are exactly what they were; message keys and texts are Okta's
//! recorded ones (fixtures named on each).

use serde_json::{Map, Value, json};

use super::ctx::{Ctx, StepView};
use super::objects::app_obj;
use crate::http::{iso8601, message, messages};
use crate::store::Step;

/// The org name some messages carry as their parameter.
const ORG_NAME: &str = "IDX Emulator";

/// `select-enroll-profile` and `unlock-account`, where the org allows them
/// (fixtures `identify-with-password.json`, `identify-with-unlock-account-link.json`,
/// `user-account-unlock-introspect-*.json`: sign-up first, then unlock).
pub(super) fn identify_links(ctx: &Ctx<'_>, with_unlock: bool) -> Vec<Value> {
    let mut links = Vec::new();
    if ctx.org.registration.is_some() {
        links.push(Value::Object(ctx.form(
            "select-enroll-profile",
            "/idp/idx/enroll",
            vec![],
        )));
    }
    if with_unlock && ctx.org.unlock {
        links.push(Value::Object(ctx.form(
            "unlock-account",
            "/idp/idx/unlock-account",
            vec![],
        )));
    }
    links
}

/// The `captchaVerify` field of a form that needs the CAPTCHA (fixture
/// `identify-with-password-with-hcaptcha.json`).
pub(super) fn captcha_field(ctx: &Ctx<'_>) -> Option<Value> {
    let captcha = ctx.org.captcha.as_ref()?;
    Some(json!({
        "name": "captchaVerify",
        "form": { "value": [
            { "name": "captchaId", "required": true, "value": captcha.id, "mutable": false, "visible": false },
            { "name": "captchaToken", "required": true, "visible": false, "hint": "captcha" },
        ] },
        "relatesTo": "$.captcha",
    }))
}

/// A terminal body with one message (fixtures
/// `terminal-enduser-email-consent-denied.json`,
/// `terminal-request-activation-email-submitted.json`).
fn terminal(ctx: &Ctx<'_>, msg: Value, with_app: bool) -> Value {
    let mut body = json!({
        "version": "1.0.0",
        "stateHandle": ctx.tx.state_handle,
        "expiresAt": iso8601(ctx.tx.expires_at),
        "intent": "LOGIN",
        "messages": messages(vec![msg]),
    });
    if with_app {
        body["app"] = app_obj(&ctx.tx.client_id);
    }
    body
}

/// The whole body of a flow's terminal step, if the step is one.
pub(super) fn terminal_body(ctx: &Ctx<'_>) -> Option<Value> {
    match ctx.tx.step {
        // Okta's result of a denied consent is unrecorded; this is the
        // answer to a denied email consent.
        Step::ConsentDenied => Some(terminal(
            ctx,
            message(
                "idx.operation.cancelled.by.user",
                "Operation cancelled by user.",
                "ERROR",
            ),
            false,
        )),
        Step::ActivationRequested => Some(terminal(
            ctx,
            message(
                "idx.request.activation.email",
                "New activation link requested. If your information matches our records, you \
                 will receive a new activation link in your inbox soon.",
                "INFO",
            ),
            true,
        )),
        _ => None,
    }
}

/// [`Step::DeviceAssuranceGrace`]: go on for now (`skip`; fixture
/// `device-assurance-grace-period-one-option.json`).
pub(super) fn device_assurance_grace(ctx: &Ctx<'_>) -> StepView {
    StepView {
        remediation: vec![Value::Object(ctx.form(
            "device-assurance-grace-period",
            "/idp/idx/skip",
            vec![],
        ))],
        ..StepView::default()
    }
}

/// [`Step::RequestActivation`]: ask for a new activation email (fixture
/// `request-activation-email.json`).
pub(super) fn request_activation(ctx: &Ctx<'_>) -> StepView {
    StepView {
        remediation: vec![Value::Object(ctx.form(
            "request-activation-email",
            "/idp/idx/request-activation",
            vec![],
        ))],
        ..StepView::default()
    }
}

/// `message` with an empty or given `i18n.params`, as recorded.
fn with_params(mut msg: Value, params: &[&str]) -> Value {
    msg["i18n"]["params"] = json!(params);
    msg
}

/// The messages a step carries whenever it is shown.
pub(super) fn step_messages(ctx: &Ctx<'_>) -> Vec<Value> {
    let tx = ctx.tx;
    let msg = match tx.step {
        // `authenticator-expiry-warning-password.json`
        Step::PasswordExpiryWarning => with_params(
            message(
                "idx.password.expiring.message",
                &format!(
                    "When your password expires, you will have to change your password before \
                     you can login to your {ORG_NAME} account."
                ),
                "INFO",
            ),
            &[ORG_NAME],
        ),
        // `user-account-unlock-success.json`
        Step::Unlocked => with_params(
            message(
                "oie.selfservice.unlock_user.success.message",
                "You can log in using your existing username and password",
                "INFO",
            ),
            &[],
        ),
        // `user-account-unlock-success-land-on-app.json`
        Step::PasswordChallenge if tx.flow.unlocked => with_params(
            message(
                "oie.selfservice.unlock_user.landing.to.app.success.message",
                "Account successfully unlocked! Verify your account with a security method to \
                 continue.",
                "INFO",
            ),
            &[],
        ),
        // `device-assurance-grace-period-one-option.json`: the deadline,
        // then the help line (the emulated device has no rule to name).
        Step::DeviceAssuranceGrace => {
            let due = iso8601(tx.flow.device_grace_until.unwrap_or(tx.expires_at));
            let mut help = message(
                "idx.error.code.access_denied.device_assurance.remediation.additional_help_default",
                "For more information, follow the instructions on the help page or contact your \
                 administrator for help",
                "ERROR",
            );
            help["links"] = json!([{ "url": ctx.href("/emulator/") }]);
            return vec![
                with_params(
                    message(
                        "idx.device_assurance.grace_period.warning.title.due_by_date",
                        &format!(
                            "Your device doesn't meet the security requirements. Fix the issue \
                             by {due} to prevent lockout."
                        ),
                        "WARNING",
                    ),
                    &[&due],
                ),
                help,
            ];
        }
        // `request-activation-email.json`
        Step::RequestActivation => with_params(
            message(
                "idx.expired.activation.token",
                "Your account activation link is no longer valid. Request a new activation \
                 email below.",
                "ERROR",
            ),
            &[],
        ),
        _ => return vec![],
    };
    vec![msg]
}

/// The `authentication` member (fixtures `post-auth-keep-me-signed-in.json`,
/// `consent-*.json`): the authorization server and the OAuth request.
fn authentication(ctx: &Ctx<'_>) -> Value {
    let tx = ctx.tx;
    let mut request = json!({
        "max_age": tx.flow.max_age.unwrap_or(-1),
        "scope": tx.scopes.join(" "),
        "response_type": "code",
        "redirect_uri": tx.redirect_uri,
        "code_challenge_method": "S256",
    });
    if let Some(acr) = &tx.flow.acr_values {
        request["acr_values"] = json!(acr);
    }
    json!({
        "type": "object",
        "value": {
            "protocol": "OAUTH2.0",
            "issuer": { "name": ORG_NAME, "uri": ctx.href("/oauth2/default") },
            "request": request,
        },
    })
}

/// The origin of `uri` (`scheme://host[:port]`).
fn origin(uri: &str) -> &str {
    let after = uri.find("://").map_or(0, |i| i + 3);
    uri[after..].find('/').map_or(uri, |i| &uri[..after + i])
}

/// The app as consent shows it: logo, home page, terms and privacy policy
/// (fixture `consent-enduser.json`).
fn consent_app(ctx: &Ctx<'_>) -> Value {
    let mut app = app_obj(&ctx.tx.client_id);
    let v = &mut app["value"];
    v["logo"] = json!({ "href": ctx.href("/emulator/logo.svg"), "rel": ["icon"], "alt": "Logo for the app" });
    v["clientUri"] = json!({ "href": origin(&ctx.tx.redirect_uri) });
    v["termsOfService"] =
        json!({ "href": ctx.href("/emulator/legal#terms"), "rel": ["terms-of-service"] });
    v["privacyPolicy"] =
        json!({ "href": ctx.href("/emulator/legal#privacy"), "rel": ["privacy-policy"] });
    app
}

/// Adds the flows' members to a rendered body: `captcha` on the forms
/// that carry it, `authentication` where the step shows it (or the client
/// sent `max_age`/`acr_values`), the app's consent metadata.
pub(super) fn decorate(ctx: &Ctx<'_>, body: &mut Map<String, Value>) {
    let tx = ctx.tx;
    let captcha_step = matches!(
        tx.step,
        Step::Identify | Step::IdentifyRecovery | Step::EnrollProfile
    );
    if let Some(c) = ctx.org.captcha.as_ref().filter(|_| captcha_step) {
        body.insert(
            "captcha".into(),
            json!({ "type": "object", "value": { "id": c.id, "name": c.name, "siteKey": c.site_key, "type": c.kind } }),
        );
    }
    let post_auth = matches!(tx.step, Step::Consent(_) | Step::KeepMeSignedIn);
    if post_auth || tx.flow.max_age.is_some() || tx.flow.acr_values.is_some() {
        body.insert("authentication".into(), authentication(ctx));
    }
    if matches!(tx.step, Step::Consent(_)) {
        body.insert("app".into(), consent_app(ctx));
    }
}
