//! The IDX objects several steps list: authenticators and enrollments, the
//! user, the app.
//!
//! Invariants: an authenticator object names the org's fixed id, an
//! enrollment object the user's own (`<prefix><user id>`); Okta Verify
//! lists only the methods the user can use; an email address appears
//! masked; no object carries a secret.

use serde_json::{Value, json};

use crate::config::User;
use crate::idx::authenticators::{
    CUSTOM_OTP_ID, EMAIL_ID, GOOGLE_ID, OV_ID, PASSWORD_ID, PHONE_ID, QUESTION_ID, RSA_ID,
    mask_email, mask_phone,
};
use crate::idx::phone;
use crate::store::Factor;

/// Okta Verify methods the user can use, as (`methodType`, label).
pub(super) fn ov_methods(user: &User) -> Vec<(&'static str, &'static str)> {
    let mut v = Vec::new();
    if user.totp_key().is_some() {
        v.push(("totp", "Enter a code"));
    }
    if user.has_push() {
        v.push(("push", "Get a push notification"));
    }
    if user.has_fast_pass() {
        v.push(("signed_nonce", "Use Okta FastPass"));
    }
    v
}

/// The id of `user`'s enrollment of an authenticator (`prefix`: `pfd`
/// Okta Verify, `eae` email, `lae` password, `sms` phone, `qae` security
/// question, `gae` Google Authenticator, `cae` custom OTP, `rsa` RSA).
pub(super) fn enrollment_id(prefix: &str, user: &User) -> String {
    format!("{prefix}{}", user.id.trim_start_matches("00u"))
}

/// Factor `f` as an authenticator of the org (`enrollment` false) or as
/// `user`'s enrollment of it (true, with its profile).
pub(super) fn authenticator_obj(user: &User, f: Factor, enrollment: bool) -> Value {
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
        f @ (Factor::Phone
        | Factor::SecurityQuestion
        | Factor::GoogleOtp
        | Factor::CustomOtp
        | Factor::Rsa) => other_authenticator(user, f, enrollment),
        // The first registered key; `select::user_authenticators` lists them all.
        Factor::WebAuthn if enrollment => super::webauthn::enrollments(user)
            .into_iter()
            .next()
            .unwrap_or_else(|| super::webauthn::authenticator(user)),
        Factor::WebAuthn => super::webauthn::authenticator(user),
    }
}

/// Phone, security question, Google Authenticator and the OTP tokens as
/// authenticators or enrollments (fixtures `v3/idp/idx/challenge/sms-method.json`,
/// `X/authenticator-verification-security-question.json`,
/// `authenticator-verification-google-authenticator.json`,
/// `X/authenticator-verification-custom-otp.json`, `X/authenticator-verification-rsa.json`).
fn other_authenticator(user: &User, f: Factor, enrollment: bool) -> Value {
    let (kind, key, id, prefix, name, methods): (_, _, _, _, _, Vec<&str>) = match f {
        Factor::Phone => {
            let methods = phone::methods(user).iter().map(|m| m.as_str()).collect();
            let methods = if enrollment {
                methods
            } else {
                vec!["sms", "voice"]
            };
            ("phone", "phone_number", PHONE_ID, "sms", "Phone", methods)
        }
        Factor::SecurityQuestion => (
            "security_question",
            "security_question",
            QUESTION_ID,
            "qae",
            "Security Question",
            vec!["security_question"],
        ),
        Factor::GoogleOtp => (
            "app",
            "google_otp",
            GOOGLE_ID,
            "gae",
            "Google Authenticator",
            vec!["otp"],
        ),
        Factor::CustomOtp => (
            "otp",
            "custom_otp",
            CUSTOM_OTP_ID,
            "cae",
            "Custom OTP Authenticator",
            vec!["otp"],
        ),
        // Drawn by `authenticator_obj` itself.
        Factor::OktaVerify | Factor::Email | Factor::WebAuthn => {
            return authenticator_obj(user, f, enrollment);
        }
        Factor::Rsa => (
            "security_key",
            "rsa_token",
            RSA_ID,
            "rsa",
            "RSA SecurID",
            vec!["otp"],
        ),
    };
    let mut v = json!({
        "type": kind,
        "key": key,
        "id": if enrollment { enrollment_id(prefix, user) } else { id.to_owned() },
        "displayName": name,
        "methods": methods.iter().map(|t| json!({ "type": t })).collect::<Vec<_>>(),
    });
    match (f, enrollment) {
        (Factor::Phone, true) => {
            let number = user.phone.as_ref().map(|p| p.number.as_str()).unwrap_or("");
            v["profile"] = json!({ "phoneNumber": mask_phone(number) });
        }
        (Factor::SecurityQuestion, true) => {
            if let Some(q) = &user.security_question {
                v["profile"] = json!({ "questionKey": q.question_key, "question": q.text() });
            }
        }
        _ => {}
    }
    v
}

/// The password authenticator of the org (`authenticators`,
/// `recoveryAuthenticator`, and the current authenticator of identify and
/// `reset-authenticator`).
pub(super) fn password_authenticator() -> Value {
    json!({
        "type": "password",
        "key": "okta_password",
        "id": PASSWORD_ID,
        "displayName": "Password",
        "methods": [{ "type": "password" }],
    })
}

/// The user's password enrollment (`authenticatorEnrollments` of the
/// recovery's new password and of the Okta Verify enrollment).
pub(super) fn password_enrollment(user: &User) -> Value {
    json!({
        "type": "password",
        "key": "okta_password",
        "id": enrollment_id("lae", user),
        "displayName": "Password",
        "methods": [{ "type": "password" }],
    })
}

/// The `user` member.
pub(super) fn user_obj(user: &User) -> Value {
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

/// The `app` member: the client the transaction signs in to.
pub(super) fn app_obj(client_id: &str) -> Value {
    json!({
        "type": "object",
        "value": { "name": "oidc_client", "label": "Demo SPA", "id": client_id },
    })
}
