//! The IDX objects several steps list: authenticators and enrollments, the
//! user, the app.
//!
//! Invariants: an authenticator object names the org's fixed id, an
//! enrollment object the user's own (`<prefix><user id>`); Okta Verify
//! lists only the methods the user can use; an email address appears
//! masked; no object carries a secret.

use serde_json::{Value, json};

use crate::config::User;
use crate::idx::authenticators::{EMAIL_ID, OV_ID, PASSWORD_ID, mask_email};
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
    v
}

/// The id of `user`'s enrollment of an authenticator (`prefix`: `pfd`
/// Okta Verify, `eae` email, `lae` password).
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
    }
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
