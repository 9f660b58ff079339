//! Sign-up (protocol reference 8.3): `select-enroll-profile` at identify →
//! `enroll-profile` (the org's profile schema, and the password when the
//! org asks it there) → the email verified with a code → a password if none
//! yet → success; and the set-up steps an activation shares (the password).
//!
//! Invariants: offered only when the org allows sign-up; every attribute is
//! checked against the schema (required, type, choices, lengths) and every
//! error is a message on its field, all at once, with the state kept; an
//! address already in use is refused whatever the case; the new user lives
//! in the store only (reset forgets them) and cannot sign in until the
//! sign-up completes; passwords pass [`password::POLICY`] and are never
//! logged.

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::authenticators::mask_email;
use super::enroll::looks_like_email;
use super::finish::after_password;
use super::outcome::{Notes, Outcome, blank_field, invalid_code, not_offered, ok};
use super::{email, password, post_auth, recovery};
use crate::config::{Attribute, AttributeKind, Config, Policy, User, UserStatus};
use crate::http::message;
use crate::secret::{Secret, random_id};
use crate::store::{Step, Store, Transaction};

/// `POST /idp/idx/enroll` (`select-enroll-profile`): the sign-up form.
pub(super) fn select(config: &Config, tx: &mut Transaction) -> Outcome {
    let offered = matches!(tx.step, Step::Identify | Step::IdentifyRecovery);
    if config.org.registration.is_none() || !offered {
        return not_offered();
    }
    tx.username = None;
    tx.recovery = false;
    tx.step = Step::EnrollProfile;
    ok()
}

/// `POST /idp/idx/identify/select` (`select-identify`): back to sign-in.
pub(super) fn back(tx: &mut Transaction) -> Outcome {
    if tx.step != Step::EnrollProfile {
        return not_offered();
    }
    tx.step = Step::Identify;
    ok()
}

/// A field message with Okta's registration key and the field's label.
fn labelled(key: &str, text: &str, label: &str) -> Value {
    let mut msg = message(key, text, "ERROR");
    msg["i18n"]["params"] = Value::Array(vec![Value::String(label.to_owned())]);
    msg
}

fn blank() -> Value {
    message(
        "model.validation.field.blank",
        "This field cannot be left blank",
        "ERROR",
    )
}

/// What is wrong with `value` for attribute `a`, if anything.
fn attribute_error(a: &Attribute, value: Option<&Value>) -> Option<Value> {
    let value = value.filter(|v| !v.is_null() && v.as_str().is_none_or(|s| !s.trim().is_empty()));
    let Some(value) = value else {
        return a.required.then(blank);
    };
    let pattern = || {
        labelled(
            "registration.error.doesNotMatchPattern",
            &format!(
                "Provided value for property '{}' does not match required pattern",
                a.label
            ),
            &a.label,
        )
    };
    let text = value.as_str().map(str::trim);
    let fits = match a.kind {
        AttributeKind::Boolean => value.is_boolean() || matches!(text, Some("true" | "false")),
        AttributeKind::Number => {
            value.is_number() || text.is_some_and(|t| t.parse::<f64>().is_ok_and(f64::is_finite))
        }
        AttributeKind::Integer => {
            value.is_i64() || value.is_u64() || text.is_some_and(|t| t.parse::<i64>().is_ok())
        }
        AttributeKind::String => text.is_some_and(|t| {
            let n = t.chars().count() as u32;
            a.min_length.is_none_or(|m| n >= m)
                && a.max_length.is_none_or(|m| n <= m)
                && (a.options.is_empty() || a.options.iter().any(|o| o.value == t))
        }),
    };
    if !fits {
        return Some(pattern());
    }
    if a.name == "email" && !text.is_some_and(looks_like_email) {
        return Some(labelled(
            "registration.error.invalidLoginEmail",
            &format!("'{}' must be in the form of an email address", a.label),
            &a.label,
        ));
    }
    None
}

/// `POST /idp/idx/enroll/new` (`enroll-profile`): `{"userProfile": {...},
/// "credentials"?: {"passcode"}}`. Valid, the user exists from now on and
/// verifies their email; otherwise 400 with a message on each wrong field.
pub(super) fn submit(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    req: &Map<String, Value>,
) -> Outcome {
    let Some(registration) = config
        .org
        .registration
        .as_ref()
        .filter(|_| tx.step == Step::EnrollProfile)
    else {
        return not_offered();
    };
    let empty = Map::new();
    let profile = req
        .get("userProfile")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let text = |name: &str| {
        profile
            .get(name)
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("")
            .to_owned()
    };
    let mut errors: Vec<(String, Value)> = registration
        .profile
        .iter()
        .filter_map(|a| attribute_error(a, profile.get(&a.name)).map(|m| (a.name.clone(), m)))
        .collect();
    let address = text("email");
    let label = |name: &str| {
        registration
            .profile
            .iter()
            .find(|a| a.name == name)
            .map_or(name.to_owned(), |a| a.label.clone())
    };
    if errors.iter().all(|(n, _)| n != "email") && store.user(config, &address).is_some() {
        let email_label = label("email");
        errors.push((
            "email".into(),
            labelled(
                "registration.error.notUniqueWithinOrg",
                &format!("A user with this {email_label} already exists"),
                &email_label,
            ),
        ));
    }
    let mut user = User {
        username: address.clone(),
        password: Secret::new(""),
        id: random_id("00u", 17),
        first_name: text("firstName"),
        last_name: text("lastName"),
        email: address.clone(),
        okta_verify: None,
        email_authenticator: false,
        phone: None,
        security_question: None,
        google_authenticator: None,
        custom_otp: None,
        rsa_token: None,
        must_enroll: None,
        webauthn: None,
        webauthn_credentials: Vec::new(),
        policy: Policy::default(),
        // Until the sign-up completes, the user cannot sign in.
        status: UserStatus::Staged,
    };
    if registration.password {
        let passcode = req
            .get("credentials")
            .and_then(|c| c.get("passcode"))
            .and_then(Value::as_str)
            .unwrap_or("");
        if passcode.is_empty() {
            errors.push(("passcode".into(), blank()));
        } else if let Some(v) = password::POLICY.check(passcode, &user, &[]) {
            errors.push(("passcode".into(), recovery::violation_message(v)));
        } else {
            user.password = Secret::new(passcode);
        }
    }
    if !errors.is_empty() {
        return Outcome::Render(
            StatusCode::BAD_REQUEST,
            Notes {
                named: errors,
                ..Notes::default()
            },
        );
    }
    if registration.password {
        store.set_password(&address, user.password.clone());
    }
    store.self_service.registered.push(user.clone());
    tx.username = Some(address.clone());
    tx.flow.registering = true;
    tx.flow.policy = Policy::default();
    eprintln!(
        "idx-emulator: new user signed up ({})",
        mask_email(&address)
    );
    email::send_code(store, tx, &user);
    tx.step = Step::EnrollEmail;
    ok()
}

/// `resend` while verifying the new address: a new code.
pub(super) fn resend(store: &mut Store, tx: &mut Transaction, user: &User) -> Outcome {
    email::send_code(store, tx, user);
    tx.step = Step::EnrollEmail;
    ok()
}

/// `enroll-authenticator` (email): the code sent to the new address. A
/// wrong code is not a failed attempt (the user cannot sign in yet).
pub(super) fn answer_email(
    store: &mut Store,
    tx: &mut Transaction,
    user: &User,
    req: &Map<String, Value>,
    now: u64,
) -> Outcome {
    let Some(code) = passcode(req).map(str::trim).filter(|s| !s.is_empty()) else {
        return blank_field();
    };
    if tx.email_code.as_ref().is_none_or(|c| c.expose() != code) {
        return invalid_code();
    }
    tx.email_code = None;
    store.last_email_code.remove(&user.username);
    if let Some(u) = store.self_service.registered_mut(&user.username) {
        u.email_authenticator = true;
    }
    tx.amr.push("email");
    if store.passwords.contains_key(&user.username) {
        complete(store, tx, now);
    } else {
        tx.step = Step::EnrollPassword;
    }
    ok()
}

fn passcode(req: &Map<String, Value>) -> Option<&str> {
    req.get("credentials")
        .and_then(|c| c.get("passcode"))
        .and_then(Value::as_str)
}

/// `enroll-authenticator` (password), in a sign-up or an activation: the
/// policy's check, then the sign-up completes, or the activated user goes
/// on to the enrollments their policy requires.
pub(super) fn answer_password(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: &User,
    req: &Map<String, Value>,
    now: u64,
) -> Outcome {
    if let Some(refused) = recovery::set_new_password(store, config, user, passcode(req)) {
        return refused;
    }
    if tx.flow.activating {
        tx.flow.activating = false;
        store.self_service.activated.insert(user.username.clone());
        eprintln!("idx-emulator: user activated");
        let Some(active) = store.user(config, &user.username) else {
            return not_offered();
        };
        after_password(store, tx, &active);
    } else {
        tx.amr.insert(0, "pwd");
        complete(store, tx, now);
    }
    ok()
}

/// The sign-up is complete: the user is active and signed in.
fn complete(store: &mut Store, tx: &mut Transaction, now: u64) {
    let username = tx.username.clone().unwrap_or_default();
    if let Some(u) = store.self_service.registered_mut(&username) {
        u.status = UserStatus::Active;
    }
    tx.flow.registering = false;
    if !tx.amr.contains(&"pwd") {
        tx.amr.insert(0, "pwd");
    }
    eprintln!("idx-emulator: sign-up complete");
    post_auth::proceed(store, tx, now);
}
