//! In-memory state of the emulated org: transactions, pushes, codes, tokens,
//! lockouts, rate-limit windows, the virtual phone's inbox and its send
//! windows, and the enrollments (Okta Verify, phone, security question,
//! Google Authenticator, security keys and passkeys) and password changes
//! made while the process runs.
//!
//! Invariants: everything lives behind one `std::sync::Mutex` that is never
//! held across an `.await`; a state handle maps to exactly one live
//! transaction; an interaction code, a TOTP step (per user and
//! authenticator) and a refresh token are each accepted at most once; a user's authenticators are the configuration's
//! plus the enrollments activated here, and their password the last one set
//! by a recovery here ([`Store::user`]), never written back to the users
//! file; `POST /emulator/api/reset` empties everything (faults, armed token
//! defects, the request log, those enrollments and password changes
//! included), so the configured passwords apply again.

mod challenges;
mod flow;
mod grants;
mod push;
mod step;
mod transaction;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

pub use challenges::{
    DeviceChallenge, GoogleEnrollment, Learned, PhoneCode, PhoneMessage, PhoneMethod,
};
pub use flow::{Flow, OneTimeToken, SelfService, TokenPurpose};
pub use grants::{Grant, IssuedCode};
pub use push::{Push, PushStatus};
pub use step::{Channel, Enrollment, Factor, Step};
pub use transaction::{Transaction, new_state_handle};

use crate::config::{Config, OktaVerify, User, UserStatus};
use crate::faults::Faults;
use crate::secret::Secret;
use crate::tamper::Tamper;

/// Shared application state handed to every handler.
pub type AppState = Arc<Shared>;

/// Configuration plus the mutable store.
#[derive(Debug)]
pub struct Shared {
    /// Immutable configuration.
    pub config: Config,
    store: Mutex<Store>,
}

impl Shared {
    /// Wrap a configuration with an empty store.
    pub fn new(config: Config) -> Self {
        Self {
            config,
            store: Mutex::new(Store::default()),
        }
    }

    /// Lock the store. A poisoned lock (a handler panicked) still holds
    /// consistent maps, so keep serving rather than cascade the panic.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// All mutable state.
#[derive(Default)]
pub struct Store {
    /// Transactions by interaction handle.
    pub transactions: HashMap<String, Transaction>,
    /// Interaction handle by current state handle.
    pub by_state_handle: HashMap<String, String>,
    /// Unredeemed interaction codes.
    pub codes: HashMap<String, IssuedCode>,
    /// Redeemed interaction codes (to tell "reused" from "unknown").
    pub redeemed_codes: HashSet<String>,
    /// Live access tokens by `jti`.
    pub access_tokens: HashMap<String, Grant>,
    /// Live refresh tokens by value.
    pub refresh_tokens: HashMap<String, Grant>,
    /// Revoked access-token `jti`s and refresh tokens.
    pub revoked: HashSet<String>,
    /// TOTP (username, step) pairs already used.
    pub used_totp: HashSet<(String, u64)>,
    /// Consecutive failed attempts by username.
    pub failures: HashMap<String, u32>,
    /// Pushes by id.
    pub pushes: HashMap<String, Push>,
    /// Last emailed code by username (for the control API and tests).
    pub last_email_code: HashMap<String, String>,
    /// Rate-limit windows: client key -> (window start, count).
    pub rate: HashMap<String, (u64, u32)>,
    /// Injected faults.
    pub faults: Faults,
    /// Armed ID-token defect and the request log.
    pub tamper: Tamper,
    /// Okta Verify enrollments activated since start (or reset), by
    /// canonical username; they add to the configured user.
    pub enrolled: HashMap<String, OktaVerify>,
    /// Passwords set by recovery since start (or reset), by canonical
    /// username, newest first; the first replaces the configured one.
    pub passwords: HashMap<String, Vec<Secret>>,
    /// Sign-ups, unlocks, activations and one-time tokens since start (or reset).
    pub self_service: SelfService,
    /// Phone, security question, Google Authenticator and WebAuthn
    /// enrollments made since start (or reset), by canonical username.
    pub learned: HashMap<String, Learned>,
    /// The last message the virtual phone received, by canonical username.
    pub phone_inbox: HashMap<String, PhoneMessage>,
    /// The Google Authenticator secret of the newest enrollment QR code shown
    /// to a user, by canonical username (what the user's app scanned).
    pub google_scanned: HashMap<String, Secret>,
    /// Phone codes sent: (username, method) -> (window start, count).
    pub phone_sends: HashMap<(String, PhoneMethod), (u64, u32)>,
    /// (username, authenticator key, TOTP step) codes already used by
    /// Google Authenticator and the OTP tokens.
    pub used_otp: HashSet<(String, &'static str, u64)>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("transactions", &self.transactions.len())
            .field("codes", &self.codes.len())
            .field("access_tokens", &self.access_tokens.len())
            .field("refresh_tokens", &self.refresh_tokens.len())
            .field("pushes", &self.pushes.len())
            .field("enrolled", &self.enrolled.len())
            .field("passwords", &self.passwords.len())
            .field("self_service", &self.self_service)
            .field("faults", &self.faults)
            .field("tamper", &self.tamper)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Forget everything (control API `POST reset`).
    pub fn reset(&mut self) {
        *self = Store::default();
    }

    /// The transaction a state handle belongs to.
    pub fn by_state(&mut self, state_handle: &str) -> Option<&mut Transaction> {
        let ih = self.by_state_handle.get(state_handle)?.clone();
        self.transactions.get_mut(&ih)
    }

    /// Whether `username` is locked out under `config`: too many failed
    /// attempts, or configured `LOCKED_OUT` and not unlocked since.
    pub fn locked(&self, config: &Config, username: &str) -> bool {
        (config.lockout_attempts > 0
            && self.failures.get(username).copied().unwrap_or(0) >= config.lockout_attempts)
            || self
                .user(config, username)
                .is_some_and(|u| u.status == UserStatus::LockedOut)
    }

    /// Count a failed attempt; returns true if the user is now locked.
    pub fn fail(&mut self, config: &Config, username: &str) -> bool {
        *self.failures.entry(username.to_owned()).or_insert(0) += 1;
        self.locked(config, username)
    }

    /// The user named `name` (case-insensitive) as the org knows them now:
    /// the configured user (or one who signed up here), with the Okta Verify
    /// enrollment activated and the password last set in this process, if
    /// any, in place of the configured ones, and `ACTIVE` once activated or
    /// unlocked here.
    pub fn user(&self, config: &Config, name: &str) -> Option<User> {
        let mut user = config
            .user(name)
            .or_else(|| self.self_service.registered(name))?
            .clone();
        let cleared = match user.status {
            UserStatus::Staged => self.self_service.activated.contains(&user.username),
            UserStatus::LockedOut => self.self_service.unlocked.contains(&user.username),
            UserStatus::Active => false,
        };
        if cleared {
            user.status = UserStatus::Active;
        }
        if let Some(ov) = self.enrolled.get(&user.username) {
            user.okta_verify = Some(ov.clone());
        }
        if let Some(current) = self.passwords.get(&user.username).and_then(|p| p.first()) {
            user.password = current.clone();
        }
        if let Some(learned) = self.learned.get(&user.username) {
            learned.apply(&mut user);
        }
        Some(user)
    }

    /// `user`'s passwords, newest (the current one) first: those set here,
    /// then the configured one.
    pub fn password_history(&self, config: &Config, username: &str) -> Vec<Secret> {
        let mut history = self.passwords.get(username).cloned().unwrap_or_default();
        history.extend(config.user(username).map(|u| u.password.clone()));
        history
    }

    /// `username` (canonical) has a new password from now on.
    pub fn set_password(&mut self, username: &str, password: Secret) {
        self.passwords
            .entry(username.to_owned())
            .or_default()
            .insert(0, password);
    }

    /// Revoke every access and refresh token of `username` (canonical):
    /// "Sign me out of all other devices".
    pub fn revoke_sessions(&mut self, username: &str) {
        let access: Vec<String> = self
            .access_tokens
            .iter()
            .filter(|(_, g)| g.username == username)
            .map(|(jti, _)| jti.clone())
            .collect();
        let refresh: Vec<String> = self
            .refresh_tokens
            .iter()
            .filter(|(_, g)| g.username == username)
            .map(|(t, _)| t.clone())
            .collect();
        for token in access.into_iter().chain(refresh) {
            self.access_tokens.remove(&token);
            self.refresh_tokens.remove(&token);
            self.revoked.insert(token);
        }
    }

    /// The live transaction of `username` (canonical) waiting for the phone to
    /// activate an Okta Verify enrollment; the most recently used one when
    /// there are several.
    pub fn pending_enrollment(&self, username: &str, now: u64) -> Option<&Transaction> {
        self.transactions
            .values()
            .filter(|tx| {
                tx.username.as_deref() == Some(username)
                    && tx.expires_at > now
                    && matches!(&tx.step, Step::EnrollPoll(e) if !e.activated)
            })
            .max_by_key(|tx| tx.expires_at)
    }

    /// Forget the pushes of transaction `ih` (a new push, another factor,
    /// the end of the transaction): an old push can no longer be answered.
    pub fn drop_pushes(&mut self, ih: &str) {
        self.pushes.retain(|_, p| p.interaction_handle != ih);
    }

    /// Pending pushes of a user.
    pub fn pending_pushes(&self, username: &str) -> Vec<&Push> {
        let mut v: Vec<&Push> = self
            .pushes
            .values()
            .filter(|p| p.username == username && p.status == PushStatus::Pending)
            .collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_handles() {
        let tx = Transaction {
            interaction_handle: "IH-SECRET".into(),
            state_handle: "SH-SECRET".into(),
            client_id: "demo-spa".into(),
            redirect_uri: "http://x/cb".into(),
            scopes: vec!["openid".into()],
            code_challenge: "C".into(),
            nonce: Some("NONCE-SECRET".into()),
            oauth_state: Some("STATE-SECRET".into()),
            expires_at: 0,
            username: None,
            amr: vec![],
            idp: None,
            step: Step::Success {
                interaction_code: "IC-SECRET".into(),
            },
            email_code: None,
            recovery: false,
            flow: Flow::default(),
        };
        let mut store = Store::default();
        store
            .transactions
            .insert(tx.interaction_handle.clone(), tx.clone());
        let enrolling = Step::EnrollPoll(Box::new(Enrollment {
            channel: Channel::Email,
            email: Some("me@example.com".into()),
            activation: Secret::new("oktaverify://x/?t=TOKEN-SECRET"),
            qr_code: Some(Secret::new("data:image/png;base64,QR-SECRET")),
            activated: false,
        }));
        let text = format!("{tx:?} {store:?} {enrolling:?}");
        assert!(!text.contains("SECRET"), "{text}");
        assert!(text.contains("EnrollPoll") && text.contains("Email"));
    }
}
