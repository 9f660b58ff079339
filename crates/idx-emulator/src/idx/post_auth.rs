//! After authentication, what the user's policy still asks before the
//! interaction code, in this order: the device assurance grace period
//! (with `skip`), the optional Okta Verify enrollment (with `skip`), the
//! password-expiry warning (with `skip`), consent to the requested scopes,
//! and "Keep me signed in?" (protocol reference 6.8, 8.1, 8.5, 8.6); and the routes that answer them (`skip`, `consent`,
//! `keep-me-signed-in`, the warning's new password).
//!
//! Invariants: each step is asked at most once per transaction, and only
//! when the policy snapshot taken at identification asks it, so a user
//! without a policy goes straight to [`finish`] as before; `skip` is
//! accepted only where the rendering offers it; a denied consent ends the
//! transaction without a code; the scopes granted are those consented to
//! (granular consent keeps `openid` and `profile`, which are mandatory).

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::finish::finish;
use super::outcome::{Notes, Outcome, bad_input, not_offered, ok};
use super::recovery;
use crate::config::{Config, ConsentKind, GracePeriod, User};
use crate::store::{Step, Store, Transaction};

/// Scopes granular consent never lets the user turn off (as recorded in
/// `consent-granular.json`).
pub(crate) const MANDATORY_SCOPES: &[&str] = &["openid", "profile"];

/// The next thing the policy asks after authentication, or the
/// interaction code when nothing is left.
pub(crate) fn proceed(store: &mut Store, tx: &mut Transaction, now: u64) {
    let policy = tx.flow.policy.clone();
    let username = tx.username.clone().unwrap_or_default();
    if let Some(days) = policy
        .device_assurance_grace_days
        .filter(|_| tx.flow.device_grace_until.is_none())
    {
        tx.flow.device_grace_until = Some(now + u64::from(days) * 86_400);
        tx.step = Step::DeviceAssuranceGrace;
        return;
    }
    if tx.flow.offer_enrollment {
        tx.flow.offer_enrollment = false;
        let used = store
            .self_service
            .skips
            .get(&username)
            .copied()
            .unwrap_or(0);
        let (skippable, left) = match policy.grace_period {
            Some(GracePeriod::BySkipCount { skips }) => {
                (used < skips, Some(skips - used.min(skips)))
            }
            _ => (true, None),
        };
        tx.flow.skippable = skippable;
        tx.flow.skips_left = left;
        tx.flow.grace_until = match policy.grace_period {
            Some(GracePeriod::ByDateTime { days }) => Some(now + u64::from(days) * 86_400),
            _ => None,
        };
        tx.step = Step::SelectEnroll;
        return;
    }
    if policy.password_expires_in_days.is_some() && !tx.flow.expiry_warned {
        tx.flow.expiry_warned = true;
        tx.step = Step::PasswordExpiryWarning;
        return;
    }
    if let Some(kind) = policy.consent.filter(|_| !tx.flow.consented) {
        tx.step = Step::Consent(kind);
        return;
    }
    if policy.keep_me_signed_in && tx.flow.keep_me_signed_in.is_none() {
        tx.step = Step::KeepMeSignedIn;
        return;
    }
    finish(store, tx, now);
}

/// `POST /idp/idx/skip`: past the device assurance grace period, the
/// optional enrollment (counted against a skip-count grace period) or the
/// expiry warning, to what comes next.
pub(super) fn skip(store: &mut Store, tx: &mut Transaction, now: u64) -> Outcome {
    match tx.step {
        Step::SelectEnroll if tx.flow.skippable => {
            tx.flow.skippable = false;
            let username = tx.username.clone().unwrap_or_default();
            *store.self_service.skips.entry(username).or_insert(0) += 1;
            eprintln!("idx-emulator: optional enrollment skipped");
        }
        Step::PasswordExpiryWarning | Step::DeviceAssuranceGrace => {}
        _ => return not_offered(),
    }
    proceed(store, tx, now);
    ok()
}

/// `reenroll-authenticator-warning` (posted to `/idp/idx/challenge/answer`):
/// a new password now, under the same policy as a recovery's.
pub(super) fn new_password(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: &User,
    req: &Map<String, Value>,
    now: u64,
) -> Outcome {
    let new = req
        .get("credentials")
        .and_then(|c| c.get("passcode"))
        .and_then(Value::as_str);
    if let Some(refused) = recovery::set_new_password(store, config, user, new) {
        return refused;
    }
    eprintln!("idx-emulator: expiring password changed");
    proceed(store, tx, now);
    ok()
}

/// A boolean as JSON, or as the string a form-encoded body carries.
fn boolean(v: Option<&Value>) -> Option<bool> {
    match v? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

/// `POST /idp/idx/consent` (`consent`, `granular-consent`, `admin-consent`):
/// `{"consent": true|false, "optedScopes"?: {scope: bool}}`. Allowed, the
/// granted scopes are those opted (all when `optedScopes` is absent, the
/// form's defaults; mandatory ones always); denied, the transaction ends in
/// a terminal error (Okta's result is unrecorded; this one is the
/// `idx.operation.cancelled.by.user` of a denied email consent).
pub(super) fn consent(
    store: &mut Store,
    tx: &mut Transaction,
    req: &Map<String, Value>,
    now: u64,
) -> Outcome {
    let Step::Consent(kind) = tx.step else {
        return not_offered();
    };
    let Some(allowed) = boolean(req.get("consent")) else {
        return bad_input("'consent' is required.");
    };
    if !allowed {
        tx.step = Step::ConsentDenied;
        eprintln!("idx-emulator: consent denied");
        return Outcome::Render(StatusCode::FORBIDDEN, Notes::default());
    }
    if let (ConsentKind::Granular, Some(opted)) =
        (kind, req.get("optedScopes").and_then(Value::as_object))
    {
        tx.scopes.retain(|s| {
            MANDATORY_SCOPES.contains(&s.as_str()) || boolean(opted.get(s)).unwrap_or(false)
        });
    }
    tx.flow.consented = true;
    eprintln!("idx-emulator: consent given (scopes {:?})", tx.scopes);
    proceed(store, tx, now);
    ok()
}

/// `POST /idp/idx/keep-me-signed-in`: `{"keepMeSignedIn": bool}`, required.
pub(super) fn keep_me_signed_in(
    store: &mut Store,
    tx: &mut Transaction,
    req: &Map<String, Value>,
    now: u64,
) -> Outcome {
    if tx.step != Step::KeepMeSignedIn {
        return not_offered();
    }
    let Some(keep) = boolean(req.get("keepMeSignedIn")) else {
        return bad_input("'keepMeSignedIn' is required.");
    };
    tx.flow.keep_me_signed_in = Some(keep);
    eprintln!("idx-emulator: keep me signed in: {keep}");
    proceed(store, tx, now);
    ok()
}
