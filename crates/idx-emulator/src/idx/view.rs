//! Rendering a transaction's current step as an IDX response body.
//!
//! Invariants: pure (no store access, no I/O); every form carries its own
//! `stateHandle` field (immutable, hidden) and an absolute `href` on the
//! emulator's base URL; shapes follow the recorded Gen3 fixtures named on each
//! function (`../shared/idx-fixtures/responses/...`), which the conformance
//! tests compare against.

use serde_json::{Map, Value, json};

use crate::config::{Idp, User};
use crate::http::{ACCEPTS_JSON, ION_JSON, iso8601, messages, url_encode};
use crate::store::{Channel, Enrollment, Factor, Push, Step, Transaction};

mod webauthn;
pub use webauthn::WEBAUTHN_ID;

/// Fixed authenticator ids of the emulated org.
pub const OV_ID: &str = "autOktaVerify0000001";
/// Email authenticator id.
pub const EMAIL_ID: &str = "autEmail000000000001";
/// Password authenticator id.
pub const PASSWORD_ID: &str = "autPassword000000001";

/// Okta's answer when a password cannot be recovered: the user has no
/// authenticator that can verify a recovery, or (where the org does not
/// reveal which users exist) there is no such user. The key is the one the
/// Sign-In Widget lists among its terminal keys (`idxConstants.ts`); the
/// text and the 403 are those of the widget's playground mock
/// `error-forgot-password.json` (not among the shared fixtures), and Okta's
/// own embedded-auth samples expect this text for an unknown email.
pub const RECOVERY_NOT_ALLOWED: (&str, &str) = (
    "oie.selfservice.reset.password.not.allowed",
    "Reset password is not allowed at this time. Please contact support for assistance.",
);

/// Messages to attach to a rendering.
#[derive(Debug, Default)]
pub struct Notes {
    /// Global messages (`messages` member).
    pub global: Vec<Value>,
    /// A message on the answer field of the current challenge.
    pub field: Option<Value>,
}

impl Notes {
    /// Only a global message.
    pub fn global(msg: Value) -> Self {
        Self {
            global: vec![msg],
            field: None,
        }
    }

    /// Only a field message.
    pub fn field(msg: Value) -> Self {
        Self {
            global: vec![],
            field: Some(msg),
        }
    }
}

/// Everything a rendering needs besides the transaction.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// Emulator base URL.
    pub base: &'a str,
    /// The transaction.
    pub tx: &'a Transaction,
    /// The identified user, if any.
    pub user: Option<&'a User>,
    /// The outstanding push, in [`Step::PushPoll`].
    pub push: Option<&'a Push>,
    /// Push polling interval.
    pub refresh_ms: u64,
    /// Username-first policy.
    pub username_first: bool,
    /// Third-party identity providers offered at the identify step.
    pub idps: &'a [Idp],
    /// `timeout` sent with WebAuthn challenges, if any.
    pub webauthn_timeout_ms: Option<u64>,
}

impl Ctx<'_> {
    fn href(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn sh_field(&self) -> Value {
        json!({
            "name": "stateHandle",
            "required": true,
            "value": self.tx.state_handle,
            "visible": false,
            "mutable": false,
        })
    }

    /// A form (remediation or action) posting to `path`.
    fn form(&self, name: &str, path: &str, mut fields: Vec<Value>) -> Map<String, Value> {
        fields.push(self.sh_field());
        let mut m = Map::new();
        m.insert("rel".into(), json!(["create-form"]));
        m.insert("name".into(), json!(name));
        m.insert("href".into(), json!(self.href(path)));
        m.insert("method".into(), json!("POST"));
        m.insert("produces".into(), json!(ION_JSON));
        m.insert("value".into(), Value::Array(fields));
        m.insert("accepts".into(), json!(ACCEPTS_JSON));
        m
    }

    fn related(&self, mut form: Map<String, Value>, pointer: &str) -> Value {
        form.insert("relatesTo".into(), json!([pointer]));
        Value::Object(form)
    }
}

fn field_messages(msg: &Option<Value>) -> Option<Value> {
    msg.as_ref().map(|m| messages(vec![m.clone()]))
}

/// The user's authenticators as listed in `authenticators` and
/// `authenticatorEnrollments`, in this order: Okta Verify, Email.
fn user_factors(user: &User) -> Vec<Factor> {
    let mut v = Vec::new();
    if user.okta_verify.is_some() {
        v.push(Factor::OktaVerify);
    }
    if user.email_authenticator {
        v.push(Factor::Email);
    }
    if super::webauthn::can_verify(user) {
        v.push(Factor::WebAuthn);
    }
    v
}

/// Okta Verify methods the user can use, as (`methodType`, label).
fn ov_methods(user: &User) -> Vec<(&'static str, &'static str)> {
    let mut v = Vec::new();
    if user.totp_key().is_some() {
        v.push(("totp", "Enter a code"));
    }
    if user.has_push() {
        v.push(("push", "Get a push notification"));
    }
    v
}

fn enrollment_id(prefix: &str, user: &User) -> String {
    format!("{prefix}{}", user.id.trim_start_matches("00u"))
}

/// Mask an email like Okta does (`d***o@example.com`).
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) if local.chars().count() > 1 => {
            let first = local.chars().next().unwrap_or('*');
            let last = local.chars().last().unwrap_or('*');
            format!("{first}***{last}@{domain}")
        }
        Some((_, domain)) => format!("***@{domain}"),
        None => "***".into(),
    }
}

fn authenticator_obj(user: &User, f: Factor, enrollment: bool) -> Value {
    match f {
        Factor::OktaVerify => {
            let methods: Vec<Value> = ov_methods(user)
                .iter()
                .map(|(t, _)| json!({ "type": t }))
                .collect();
            let mut v = json!({
                "type": "app",
                "key": "okta_verify",
                "id": if enrollment { enrollment_id("pfd", user) } else { OV_ID.to_owned() },
                "displayName": "Okta Verify",
                "methods": methods,
            });
            if enrollment {
                let device = user
                    .okta_verify
                    .as_ref()
                    .map(|o| o.device_name.clone())
                    .unwrap_or_default();
                v["profile"] = json!({ "deviceName": device });
            }
            v
        }
        Factor::Email => {
            let mut v = json!({
                "type": "email",
                "key": "okta_email",
                "id": if enrollment { enrollment_id("eae", user) } else { EMAIL_ID.to_owned() },
                "displayName": "Email",
                "methods": [{ "type": "email" }],
            });
            if enrollment {
                v["profile"] = json!({ "email": mask_email(&user.email) });
            }
            v
        }
        Factor::WebAuthn => user
            .webauthn
            .as_ref()
            .map(webauthn::authenticator)
            .unwrap_or_default(),
    }
}

/// The `authenticatorEnrollments` of `user`'s factors (one per registered
/// security key for WebAuthn).
fn enrollments_of(user: &User, factors: &[Factor]) -> Vec<Value> {
    factors
        .iter()
        .flat_map(|f| match f {
            Factor::WebAuthn => webauthn::enrollments(user),
            other => vec![authenticator_obj(user, *other, true)],
        })
        .collect()
}

fn user_obj(user: &User) -> Value {
    json!({
        "type": "object",
        "value": {
            "id": user.id,
            "identifier": user.username,
            "profile": {
                "firstName": user.first_name,
                "lastName": user.last_name,
                "timeZone": "UTC",
                "locale": "en_US",
            },
        },
    })
}

fn app_obj(client_id: &str) -> Value {
    json!({
        "type": "object",
        "value": { "name": "oidc_client", "label": "Demo SPA", "id": client_id },
    })
}

/// `select-authenticator-authenticate` (fixture `v3/idp/idx/identify/verify-ov-mfa.json`):
/// Okta Verify relates to `$.authenticators`, email to `$.authenticatorEnrollments`.
fn select_authenticator(ctx: &Ctx<'_>, user: &User) -> Value {
    let options: Vec<Value> = user_factors(user)
        .iter()
        .enumerate()
        .map(|(i, f)| match f {
            Factor::OktaVerify => {
                let methods = ov_methods(user);
                // Always a choice list, even with one method, as in
                // `authenticator-verification-data-okta-verify-push-only-*.json`.
                let opts: Vec<Value> = methods
                    .iter()
                    .map(|(v, l)| json!({ "label": l, "value": v }))
                    .collect();
                let method_field = json!({ "name": "methodType", "type": "string", "required": false, "options": opts });
                json!({
                    "label": "Okta Verify",
                    "value": { "form": { "value": [
                        { "name": "id", "required": true, "value": OV_ID, "mutable": false },
                        method_field,
                    ] } },
                    "relatesTo": format!("$.authenticators.value[{i}]"),
                })
            }
            Factor::Email => json!({
                "label": "Email",
                "value": { "form": { "value": [
                    { "name": "id", "required": true, "value": EMAIL_ID, "mutable": false },
                    { "name": "methodType", "required": false, "value": "email", "mutable": false },
                ] } },
                "relatesTo": format!("$.authenticatorEnrollments.value[{i}]"),
            }),
            Factor::WebAuthn => user
                .webauthn
                .as_ref()
                .map(|p| webauthn::option(p, i))
                .unwrap_or_default(),
        })
        .collect();
    Value::Object(ctx.form(
        "select-authenticator-authenticate",
        "/idp/idx/challenge",
        vec![json!({ "name": "authenticator", "type": "object", "options": options })],
    ))
}

fn identify_form(ctx: &Ctx<'_>) -> Value {
    let mut fields = vec![json!({ "name": "identifier", "label": "Username", "required": true })];
    if !ctx.username_first {
        fields.push(json!({
            "name": "credentials",
            "type": "object",
            "form": { "value": [ { "name": "passcode", "label": "Password", "secret": true } ] },
            "required": true,
        }));
    }
    fields
        .push(json!({ "name": "rememberMe", "type": "boolean", "label": "Remember this device" }));
    Value::Object(ctx.form("identify", "/idp/idx/identify", fields))
}

/// One `redirect-idp` per identity provider (fixture
/// `identify-with-third-party-idps.json`): a link, not a form to post; the
/// state handle travels in the `href` as `stateToken`.
fn redirect_idp_forms(ctx: &Ctx<'_>) -> Vec<Value> {
    ctx.idps
        .iter()
        .map(|idp| {
            json!({
                "name": "redirect-idp",
                "type": idp.kind,
                "idp": { "id": idp.id, "name": idp.name },
                "href": format!(
                    "{}/sso/idps/{}?stateToken={}",
                    ctx.base,
                    url_encode(&idp.id),
                    url_encode(&ctx.tx.state_handle)
                ),
                "method": "GET",
            })
        })
        .collect()
}

fn ov_current(ctx: &Ctx<'_>, user: &User, methods: &[&str], push: bool) -> Value {
    let mut v = authenticator_obj(user, Factor::OktaVerify, false);
    v["methods"] = Value::Array(methods.iter().map(|t| json!({ "type": t })).collect());
    if push {
        let resend = ctx.form(
            "resend",
            "/idp/idx/challenge",
            vec![json!({
                "name": "authenticator",
                "required": true,
                "value": { "methodType": "push", "id": OV_ID },
                "visible": false,
                "mutable": false,
            })],
        );
        v["resend"] = Value::Object(resend);
        if let Some(answer) = ctx.push.and_then(|p| p.correct_answer.as_ref()) {
            v["contextualData"] = json!({ "correctAnswer": answer });
        }
    }
    json!({ "type": "object", "value": v })
}

fn email_current(ctx: &Ctx<'_>, user: &User, with_poll: bool) -> Value {
    let mut v = authenticator_obj(user, Factor::Email, true);
    v["resend"] = Value::Object(ctx.form("resend", "/idp/idx/challenge/resend", vec![]));
    if with_poll {
        let mut poll = ctx.form("poll", "/idp/idx/challenge/poll", vec![]);
        poll.insert("refresh".into(), json!(4000));
        v["poll"] = Value::Object(poll);
    }
    json!({ "type": "object", "value": v })
}

/// The password authenticator of the org (`authenticators`,
/// `recoveryAuthenticator`, and the current authenticator of identify and
/// `reset-authenticator`).
fn password_authenticator() -> Value {
    json!({
        "type": "password",
        "key": "okta_password",
        "id": PASSWORD_ID,
        "displayName": "Password",
        "methods": [{ "type": "password" }],
    })
}

/// `currentAuthenticator` of the identify form that asks for the password,
/// with the `recover` action (fixtures `v3/idp/idx/introspect/default.json`,
/// `identify-with-password.json`).
fn password_identify_current(ctx: &Ctx<'_>) -> Value {
    let mut v = password_authenticator();
    v["recover"] = Value::Object(ctx.form("recover", "/idp/idx/recover", vec![]));
    json!({ "type": "object", "value": v })
}

/// `currentAuthenticator` of `reset-authenticator`: the password
/// authenticator with the policy's settings (fixture
/// `authenticator-reset-password.json`).
fn password_reset_current() -> Value {
    let mut v = password_authenticator();
    v["settings"] = super::password::POLICY.settings();
    json!({ "type": "object", "value": v })
}

/// `identify-recovery` (posted to `/idp/idx/identify`; protocol reference
/// 3.8 and 5.7, and the widget's playground mock `identify-recovery.json`,
/// not among the shared fixtures).
fn identify_recovery_form(ctx: &Ctx<'_>) -> Value {
    Value::Object(ctx.form(
        "identify-recovery",
        "/idp/idx/identify",
        vec![json!({ "name": "identifier", "label": "Username", "required": true })],
    ))
}

/// The terminal body when a password cannot be recovered: messages only, no
/// remediation and no `cancel`, like the recorded terminal states
/// (`terminal-polling-window-expired.json`).
fn recovery_not_allowed(tx: &Transaction) -> Value {
    let (key, text) = RECOVERY_NOT_ALLOWED;
    json!({
        "version": "1.0.0",
        "stateHandle": tx.state_handle,
        "expiresAt": iso8601(tx.expires_at),
        "intent": "LOGIN",
        "messages": messages(vec![crate::http::message(key, text, "ERROR")]),
    })
}

fn password_current(ctx: &Ctx<'_>, user: &User) -> Value {
    json!({
        "type": "object",
        "value": {
            "type": "password",
            "key": "okta_password",
            "id": enrollment_id("lae", user),
            "authenticatorId": PASSWORD_ID,
            "displayName": "Password",
            "methods": [{ "type": "password" }],
            "recover": ctx.form("recover", "/idp/idx/recover", vec![]),
        },
    })
}

/// Okta Verify as an authenticator to enroll (`authenticators`,
/// `enrollmentAuthenticator`; fixture `enroll-okta-verify-mfa.json`): what the
/// enrollment will give, push and code.
fn ov_to_enroll() -> Value {
    json!({
        "type": "app",
        "key": "okta_verify",
        "id": OV_ID,
        "displayName": "Okta Verify",
        "methods": [{ "type": "push" }, { "type": "totp" }],
    })
}

/// The user's password enrollment, the one enrollment a user who must enroll
/// Okta Verify has (`authenticatorEnrollments`).
fn password_enrollment(user: &User) -> Value {
    json!({
        "type": "password",
        "key": "okta_password",
        "id": enrollment_id("lae", user),
        "displayName": "Password",
        "methods": [{ "type": "password" }],
    })
}

/// The Okta Verify `channel` choice. SMS is not emulated, so of Okta's
/// `qrcode | email | sms` only the first two are offered.
fn channel_field() -> Value {
    json!({
        "name": "channel",
        "type": "string",
        "required": false,
        "options": [
            { "label": "QRCODE", "value": "qrcode" },
            { "label": "EMAIL", "value": "email" },
        ],
    })
}

fn ov_id_field() -> Value {
    json!({ "name": "id", "required": true, "value": OV_ID, "mutable": false })
}

/// `select-authenticator-enroll` with Okta Verify only, required (no `skip`)
/// (fixture `authenticator-enroll-select-authenticator-with-usage-info.json`).
fn select_authenticator_enroll(ctx: &Ctx<'_>) -> Value {
    if let Some(policy) = ctx.user.and_then(|u| u.webauthn.as_ref()) {
        let mut option = webauthn::option(policy, 0);
        if let Some(form) = option.pointer_mut("/value/form/value/1") {
            form["visible"] = json!(false);
        }
        return Value::Object(ctx.form(
            "select-authenticator-enroll",
            "/idp/idx/credential/enroll",
            vec![json!({ "name": "authenticator", "type": "object", "required": true, "options": [option] })],
        ));
    }
    Value::Object(ctx.form(
        "select-authenticator-enroll",
        "/idp/idx/credential/enroll",
        vec![json!({
            "name": "authenticator",
            "type": "object",
            "required": true,
            "options": [{
                "label": "Okta Verify",
                "value": { "form": { "value": [ov_id_field(), channel_field()] } },
                "relatesTo": "$.authenticators.value[0]",
            }],
        })],
    ))
}

/// `select-enrollment-channel` (fixture `enroll-okta-verify-mfa.json`).
fn select_enrollment_channel(ctx: &Ctx<'_>) -> Value {
    Value::Object(ctx.form(
        "select-enrollment-channel",
        "/idp/idx/credential/enroll",
        vec![json!({
            "name": "authenticator",
            "type": "object",
            "label": "Okta Verify",
            "value": { "form": { "value": [ov_id_field(), channel_field()] } },
        })],
    ))
}

/// `currentAuthenticator` while enrolling Okta Verify: the authenticator
/// with the channel's `contextualData` and, after an emailed link, the
/// `resend` action (fixtures `enroll-okta-verify-mfa.json`,
/// `authenticator-enroll-ov-via-email.json`, `authenticator-enroll-ov-email.json`).
fn ov_enroll_current(ctx: &Ctx<'_>, enrollment: Option<&Enrollment>) -> Value {
    let mut v = ov_to_enroll();
    v["contextualData"] = match enrollment {
        None => json!({ "selectedChannel": "email" }),
        Some(e) => match e.channel {
            Channel::QrCode => json!({
                "qrcode": {
                    "method": "embedded",
                    "href": e.qr_code.as_ref().map(|q| q.expose()),
                    "type": "image/png",
                },
                "selectedChannel": "qrcode",
            }),
            Channel::Email => json!({ "selectedChannel": "email", "email": e.email }),
        },
    };
    if let Some(email) = enrollment.and_then(|e| e.email.as_ref()) {
        // The recording lists the state handle first, then the fixed address.
        let mut resend = ctx.form("resend", "/idp/idx/challenge/resend", vec![]);
        if let Some(Value::Array(fields)) = resend.get_mut("value") {
            fields.push(json!({ "name": "email", "required": true, "value": email, "visible": false, "mutable": false }));
        }
        v["resend"] = Value::Object(resend);
    }
    json!({ "type": "object", "value": v })
}

/// Render the transaction's current step.
pub fn render(ctx: &Ctx<'_>, notes: &Notes) -> Value {
    let tx = ctx.tx;
    if tx.step == Step::RecoveryNotAllowed {
        return recovery_not_allowed(tx);
    }
    let mut body = Map::new();
    body.insert("version".into(), json!("1.0.0"));
    body.insert("stateHandle".into(), json!(tx.state_handle));
    body.insert("expiresAt".into(), json!(iso8601(tx.expires_at)));
    body.insert("intent".into(), json!("LOGIN"));

    let mut remediation: Vec<Value> = Vec::new();
    let fm = field_messages(&notes.field);
    match (&tx.step, ctx.user) {
        (Step::Identify, _) => {
            remediation.push(identify_form(ctx));
            remediation.extend(redirect_idp_forms(ctx));
            if !ctx.username_first {
                body.insert(
                    "currentAuthenticator".into(),
                    password_identify_current(ctx),
                );
            }
        }
        (Step::IdentifyRecovery, _) => {
            remediation.push(identify_recovery_form(ctx));
        }
        (_, None) => {
            remediation.push(identify_form(ctx));
        }
        (Step::PasswordChallenge, Some(user)) => {
            // Fixture `authenticator-verification-password.json`.
            let mut passcode = json!({ "name": "passcode", "label": "Password", "secret": true });
            if let Some(m) = &fm {
                passcode["messages"] = m.clone();
            }
            let form = ctx.form(
                "challenge-authenticator",
                "/idp/idx/challenge/answer",
                vec![json!({ "name": "credentials", "type": "object", "form": { "value": [passcode] }, "required": true })],
            );
            remediation.push(ctx.related(form, "$.currentAuthenticatorEnrollment"));
            body.insert(
                "currentAuthenticatorEnrollment".into(),
                password_current(ctx, user),
            );
        }
        (Step::SelectAuthenticator, Some(user)) => {
            remediation.push(select_authenticator(ctx, user));
        }
        (Step::VerificationData(Factor::OktaVerify), Some(user)) => {
            // Fixture `v3/idp/idx/challenge/verify-ov-select-method.json`.
            let opts: Vec<Value> = ov_methods(user)
                .iter()
                .map(|(v, l)| json!({ "label": l, "value": v }))
                .collect();
            let mut sub = vec![
                json!({ "name": "id", "required": true, "value": OV_ID, "mutable": false }),
                json!({ "name": "methodType", "type": "string", "required": true, "options": opts }),
            ];
            if user.has_push() {
                sub.push(json!({ "name": "autoChallenge", "type": "boolean", "label": "Send push automatically", "required": false, "value": false, "mutable": true }));
            }
            let form = ctx.form(
                "authenticator-verification-data",
                "/idp/idx/challenge",
                vec![json!({ "name": "authenticator", "label": "Okta Verify", "form": { "value": sub } })],
            );
            remediation.push(ctx.related(form, "$.currentAuthenticator"));
            remediation.push(select_authenticator(ctx, user));
            let methods: Vec<&str> = ov_methods(user).iter().map(|(t, _)| *t).collect();
            body.insert(
                "currentAuthenticator".into(),
                ov_current(ctx, user, &methods, false),
            );
        }
        (Step::VerificationData(Factor::Email), Some(user)) => {
            // Fixture `authenticator-verification-data-email.json`.
            let form = ctx.form(
                "authenticator-verification-data",
                "/idp/idx/challenge",
                vec![json!({ "name": "authenticator", "label": "Email", "form": { "value": [
                    { "name": "id", "required": true, "value": EMAIL_ID, "mutable": false },
                    { "name": "methodType", "type": "string", "required": true, "options": [{ "label": "Email", "value": "email" }] },
                ] } })],
            );
            remediation.push(ctx.related(form, "$.currentAuthenticatorEnrollment"));
            remediation.push(select_authenticator(ctx, user));
            body.insert(
                "currentAuthenticatorEnrollment".into(),
                email_current(ctx, user, false),
            );
        }
        (Step::TotpChallenge, Some(user)) => {
            // Fixtures `v3/idp/idx/challenge/verify-ov-code-mfa.json`, `error-okta-verify-totp.json`.
            let mut totp =
                json!({ "name": "totp", "label": "Enter code", "required": true, "visible": true });
            if let Some(m) = &fm {
                totp["messages"] = m.clone();
            }
            let form = ctx.form(
                "challenge-authenticator",
                "/idp/idx/challenge/answer",
                vec![json!({ "name": "credentials", "type": "object", "form": { "value": [totp] }, "required": true })],
            );
            remediation.push(ctx.related(form, "$.currentAuthenticator"));
            remediation.push(select_authenticator(ctx, user));
            body.insert(
                "currentAuthenticator".into(),
                ov_current(ctx, user, &["totp"], false),
            );
        }
        (Step::PushPoll { .. }, Some(user)) => {
            // Fixtures `v3/idp/idx/challenge/verify-ov-send-push.json`, `.../verify-ov-push-manual.json`.
            let mut form = ctx.form(
                "challenge-poll",
                "/idp/idx/authenticators/poll",
                vec![json!({ "name": "autoChallenge", "type": "boolean", "label": "Send push automatically", "required": false, "value": false, "mutable": true })],
            );
            form.insert("refresh".into(), json!(ctx.refresh_ms));
            remediation.push(ctx.related(form, "$.currentAuthenticator"));
            remediation.push(select_authenticator(ctx, user));
            body.insert(
                "currentAuthenticator".into(),
                ov_current(ctx, user, &["push"], true),
            );
        }
        (Step::PushRejected, Some(user)) => {
            // Fixture `authenticator-verification-okta-verify-reject-push.json`.
            let form = ctx.form(
                "resend",
                "/idp/idx/challenge",
                vec![json!({ "name": "authenticator", "type": "object", "label": "Okta Verify", "value": { "form": { "value": [
                    { "name": "id", "value": OV_ID, "required": true, "mutable": false },
                    { "name": "methodType", "value": "push", "label": "PUSH", "required": true, "mutable": false },
                ] } } })],
            );
            remediation.push(ctx.related(form, "$.currentAuthenticator"));
            remediation.push(select_authenticator(ctx, user));
            let mut current = ov_current(ctx, user, &["push"], false);
            if let Some(m) = current.get_mut("value").and_then(Value::as_object_mut) {
                m.remove("contextualData");
            }
            body.insert("currentAuthenticator".into(), current);
        }
        (Step::EmailChallenge, Some(user)) => {
            // Fixtures `authenticator-verification-email.json`, `error-401-invalid-email-otp-passcode.json`.
            let mut passcode = json!({ "name": "passcode", "label": "Enter code" });
            if let Some(m) = &fm {
                passcode["messages"] = m.clone();
            }
            let form = ctx.form(
                "challenge-authenticator",
                "/idp/idx/challenge/answer",
                vec![json!({ "name": "credentials", "type": "object", "form": { "value": [passcode] }, "required": true })],
            );
            remediation.push(ctx.related(form, "$.currentAuthenticatorEnrollment"));
            remediation.push(select_authenticator(ctx, user));
            body.insert(
                "currentAuthenticatorEnrollment".into(),
                email_current(ctx, user, true),
            );
        }
        (Step::ResetPassword, Some(_)) => {
            // Fixture `authenticator-reset-password.json`.
            let mut passcode =
                json!({ "name": "passcode", "label": "New password", "secret": true });
            if let Some(m) = &fm {
                passcode["messages"] = m.clone();
            }
            let revoke = json!({ "name": "revokeSessions", "type": "boolean", "label": "Sign me out of all other devices" });
            let form = ctx.form(
                "reset-authenticator",
                "/idp/idx/challenge/answer",
                vec![json!({ "name": "credentials", "type": "object", "required": true, "form": { "value": [passcode, revoke] } })],
            );
            remediation.push(ctx.related(form, "$.currentAuthenticator"));
            body.insert("currentAuthenticator".into(), password_reset_current());
        }
        // Rendered before the match.
        (Step::RecoveryNotAllowed, _) => {}
        (Step::SelectEnroll, Some(_)) => {
            remediation.push(select_authenticator_enroll(ctx));
        }
        (Step::EnrollChannelData, Some(_)) => {
            // Fixture `authenticator-enroll-ov-via-email.json`.
            let mut email =
                json!({ "label": "Email", "name": "email", "required": true, "visible": true });
            if let Some(m) = &fm {
                email["messages"] = m.clone();
            }
            remediation.push(Value::Object(ctx.form(
                "enrollment-channel-data",
                "/idp/idx/challenge/send",
                vec![email],
            )));
            remediation.push(select_enrollment_channel(ctx));
            remediation.push(select_authenticator_enroll(ctx));
            body.insert("currentAuthenticator".into(), ov_enroll_current(ctx, None));
        }
        (Step::EnrollPoll(enrollment), Some(_)) => {
            // Fixtures `enroll-okta-verify-mfa.json` (QR code),
            // `authenticator-enroll-ov-email.json` (emailed link).
            let mut poll = ctx.form("enroll-poll", "/idp/idx/challenge/poll", vec![]);
            poll.insert("refresh".into(), json!(ctx.refresh_ms));
            remediation.push(Value::Object(poll));
            remediation.push(select_enrollment_channel(ctx));
            remediation.push(select_authenticator_enroll(ctx));
            body.insert(
                "currentAuthenticator".into(),
                ov_enroll_current(ctx, Some(enrollment)),
            );
        }
        // Never entered: a security key has no method to choose.
        (Step::VerificationData(Factor::WebAuthn), Some(user)) => {
            remediation.push(select_authenticator(ctx, user));
        }
        (Step::WebAuthnChallenge { challenge }, Some(user)) => {
            if let Some(policy) = &user.webauthn {
                let (form, current) = webauthn::challenge(ctx, policy, challenge);
                remediation.push(form);
                remediation.push(select_authenticator(ctx, user));
                body.insert("currentAuthenticator".into(), current);
            }
        }
        (Step::WebAuthnEnroll { challenge }, Some(user)) => {
            if let Some(policy) = &user.webauthn {
                let (form, current) = webauthn::enroll(ctx, user, policy, challenge);
                remediation.push(form);
                remediation.push(select_authenticator_enroll(ctx));
                body.insert("currentAuthenticator".into(), current);
            }
        }
        (Step::Success { interaction_code }, Some(_)) => {
            // Fixture `v3/idp/idx/challenge/answer/default.json`.
            body.insert(
                "successWithInteractionCode".into(),
                json!({
                    "rel": ["create-form"],
                    "name": "issue",
                    "href": format!("{}/oauth2/default/v1/token", ctx.base),
                    "method": "POST",
                    "value": [
                        { "name": "grant_type", "required": true, "value": "interaction_code" },
                        { "name": "interaction_code", "required": true, "value": interaction_code },
                        { "name": "client_id", "required": true, "value": tx.client_id },
                        { "name": "code_verifier", "required": true },
                    ],
                    "accepts": "application/x-www-form-urlencoded",
                }),
            );
        }
    }

    if !remediation.is_empty() {
        body.insert(
            "remediation".into(),
            json!({ "type": "array", "value": remediation }),
        );
    }
    if !notes.global.is_empty() {
        body.insert("messages".into(), messages(notes.global.clone()));
    }
    if let (Some(user), false) = (ctx.user, matches!(tx.step, Step::Identify)) {
        let factors = user_factors(user);
        if matches!(
            tx.step,
            Step::SelectAuthenticator
                | Step::VerificationData(_)
                | Step::TotpChallenge
                | Step::PushPoll { .. }
                | Step::PushRejected
                | Step::EmailChallenge
                | Step::WebAuthnChallenge { .. }
        ) {
            body.insert(
                "authenticators".into(),
                json!({ "type": "array", "value": factors.iter().map(|f| authenticator_obj(user, *f, false)).collect::<Vec<_>>() }),
            );
            body.insert(
                "authenticatorEnrollments".into(),
                json!({ "type": "array", "value": enrollments_of(user, &factors) }),
            );
        }
        if tx.step == Step::ResetPassword {
            let mut enrollments = enrollments_of(user, &factors);
            enrollments.push(password_enrollment(user));
            body.insert(
                "authenticators".into(),
                json!({ "type": "array", "value": [password_authenticator()] }),
            );
            body.insert(
                "authenticatorEnrollments".into(),
                json!({ "type": "array", "value": enrollments }),
            );
        }
        // A recovery names the authenticator it recovers in every state
        // after the user is known (`authenticator-expired-password.json`
        // records the member); the new password's settings come with it.
        if tx.recovery {
            let mut recovering = password_authenticator();
            if tx.step == Step::ResetPassword {
                recovering["settings"] = super::password::POLICY.settings();
            }
            body.insert(
                "recoveryAuthenticator".into(),
                json!({ "type": "object", "value": recovering }),
            );
        }
        if matches!(tx.step, Step::SelectEnroll | Step::WebAuthnEnroll { .. })
            && let Some(policy) = &user.webauthn
        {
            body.insert(
                "authenticators".into(),
                json!({ "type": "array", "value": [webauthn::authenticator(policy)] }),
            );
            let mut enrolled = vec![password_enrollment(user)];
            enrolled.extend(webauthn::enrollments(user));
            body.insert(
                "authenticatorEnrollments".into(),
                json!({ "type": "array", "value": enrolled }),
            );
        } else if matches!(
            tx.step,
            Step::SelectEnroll | Step::EnrollChannelData | Step::EnrollPoll(_)
        ) {
            body.insert(
                "authenticators".into(),
                json!({ "type": "array", "value": [ov_to_enroll()] }),
            );
            body.insert(
                "authenticatorEnrollments".into(),
                json!({ "type": "array", "value": [password_enrollment(user)] }),
            );
            if tx.step != Step::SelectEnroll {
                body.insert(
                    "enrollmentAuthenticator".into(),
                    json!({ "type": "object", "value": ov_to_enroll() }),
                );
            }
        }
        body.insert("user".into(), user_obj(user));
    }
    body.insert(
        "cancel".into(),
        Value::Object(ctx.form("cancel", "/idp/idx/cancel", vec![])),
    );
    body.insert("app".into(), app_obj(&tx.client_id));
    Value::Object(body)
}

/// The body for an expired transaction (fixture `error-401-session-expired.json`).
pub fn expired(tx: &Transaction) -> Value {
    json!({
        "version": "1.0.0",
        "stateHandle": tx.state_handle,
        "expiresAt": iso8601(tx.expires_at),
        "intent": "LOGIN",
        "messages": messages(vec![crate::http::message(
            "idx.session.expired",
            "You have been logged out due to inactivity. Refresh or return to the sign in screen.",
            "ERROR",
        )]),
    })
}
