//! In-memory state of the emulated org: transactions, pushes, codes, tokens,
//! lockouts, rate-limit windows, and the Okta Verify enrollments and password
//! changes made while the process runs.
//!
//! Invariants: everything lives behind one `std::sync::Mutex` that is never
//! held across an `.await`; a state handle maps to exactly one live
//! transaction; an interaction code, a TOTP step and a refresh token are each
//! accepted at most once; a user's authenticators are the configuration's
//! plus the enrollments activated (and security keys registered) here, and
//! their password the last one set by a recovery here ([`Store::user`]),
//! never written back to the users file; `POST /emulator/api/reset` empties everything (faults, armed token
//! defects, the request log, those enrollments and password changes
//! included), so the configured passwords apply again.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::config::{Config, OktaVerify, User};
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

/// Which authenticator a step is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Factor {
    /// Okta Verify (TOTP or push).
    OktaVerify,
    /// Email one-time code.
    Email,
    /// A security key or passkey (WebAuthn).
    WebAuthn,
}

/// Where a transaction is in the sign-in policy (password, then one factor),
/// or in password recovery (who are you, one factor, a new password).
#[derive(Clone, PartialEq, Eq)]
pub enum Step {
    /// Who are you (with the password unless username-first).
    Identify,
    /// Password recovery: who are you (`identify-recovery`).
    IdentifyRecovery,
    /// Password recovery is not possible (no such user, or no authenticator
    /// that can verify a recovery): a terminal message, no remediation.
    RecoveryNotAllowed,
    /// Password recovery, factor verified: set a new password
    /// (`reset-authenticator`).
    ResetPassword,
    /// Username-first: the password as a challenge.
    PasswordChallenge,
    /// Choose Okta Verify or email.
    SelectAuthenticator,
    /// Choose a method for the authenticator (two-step selection).
    VerificationData(Factor),
    /// Enter the Okta Verify code.
    TotpChallenge,
    /// Waiting for a push to be answered.
    PushPoll {
        /// The outstanding push.
        push_id: String,
    },
    /// The push was rejected; resend offered.
    PushRejected,
    /// Enter the emailed code.
    EmailChallenge,
    /// Okta Verify must be enrolled (`select-authenticator-enroll`, no skip).
    SelectEnroll,
    /// Okta Verify enrollment by email: asks where to send the link
    /// (`enrollment-channel-data`).
    EnrollChannelData,
    /// Waiting for the phone to activate the enrollment (`enroll-poll`).
    EnrollPoll(Box<Enrollment>),
    /// Verify with a security key or passkey: the challenge issued.
    WebAuthnChallenge {
        /// The challenge the assertion must sign.
        challenge: Vec<u8>,
    },
    /// Set up a security key or passkey: the challenge issued.
    WebAuthnEnroll {
        /// The challenge the attestation must carry.
        challenge: Vec<u8>,
    },
    /// Done: the interaction code is ready.
    Success {
        /// The code to redeem at `/v1/token`.
        interaction_code: String,
    },
}

/// How an Okta Verify enrollment reaches the phone (`channel`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// The phone scans the QR code shown on the page.
    QrCode,
    /// The phone opens a link sent by email.
    Email,
}

impl Channel {
    /// The wire value (`qrcode`, `email`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::QrCode => "qrcode",
            Channel::Email => "email",
        }
    }
}

/// An Okta Verify enrollment waiting for the phone (protocol reference 8.6).
#[derive(Clone, PartialEq, Eq)]
pub struct Enrollment {
    /// How the activation reaches the phone.
    pub channel: Channel,
    /// The address the link went to, as typed ([`Channel::Email`]).
    pub email: Option<String>,
    /// The activation URI (`oktaverify://...?t=<token>...`) in the QR code or
    /// the emailed link; the token makes it a secret.
    pub activation: Secret,
    /// The QR code of [`Enrollment::activation`] as a PNG `data:` URI
    /// ([`Channel::QrCode`]); made once so every poll shows the same image.
    pub qr_code: Option<Secret>,
    /// The phone has activated it; the next poll completes the sign-in.
    pub activated: bool,
}

/// One sign-in transaction, created by `/v1/interact`.
#[derive(Clone)]
pub struct Transaction {
    /// Names the transaction (from `/v1/interact`).
    pub interaction_handle: String,
    /// The current state handle echoed in forms.
    pub state_handle: String,
    /// OAuth client that started it.
    pub client_id: String,
    /// Redirect URI given to `/v1/interact`.
    pub redirect_uri: String,
    /// Requested scopes.
    pub scopes: Vec<String>,
    /// PKCE S256 challenge.
    pub code_challenge: String,
    /// Nonce to echo in the ID token.
    pub nonce: Option<String>,
    /// The OAuth `state` the client sent to `/v1/interact`, echoed on the
    /// redirects that end a flow outside the page (IdP return, magic link).
    pub oauth_state: Option<String>,
    /// Unix seconds after which the state handle is dead.
    pub expires_at: u64,
    /// Canonical username once identified.
    pub username: Option<String>,
    /// Authentication methods completed (RFC 8176 values).
    pub amr: Vec<&'static str>,
    /// The third-party IdP that identified the user, if any (`idp` claim).
    pub idp: Option<String>,
    /// The current step.
    pub step: Step,
    /// The emailed code while in [`Step::EmailChallenge`].
    pub email_code: Option<Secret>,
    /// This transaction recovers the password (`POST /idp/idx/recover`):
    /// a verified factor leads to [`Step::ResetPassword`], not to success.
    pub recovery: bool,
}

/// Status of an Okta Verify push.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PushStatus {
    /// Not answered yet.
    Pending,
    /// Approved on the (virtual) phone.
    Approved,
    /// Denied, or the wrong number was picked.
    Denied,
}

/// An Okta Verify push sent to a user.
#[derive(Clone, Debug)]
pub struct Push {
    /// Random id used by the control API.
    pub id: String,
    /// Canonical username.
    pub username: String,
    /// The transaction it belongs to.
    pub interaction_handle: String,
    /// Number challenge answer, if any.
    pub correct_answer: Option<String>,
    /// The three numbers shown on the phone.
    pub choices: Vec<String>,
    /// Current status.
    pub status: PushStatus,
}

/// A redeemable interaction code.
#[derive(Clone, Debug)]
pub struct IssuedCode {
    /// Client it was issued to.
    pub client_id: String,
    /// Redirect URI of the transaction.
    pub redirect_uri: String,
    /// PKCE challenge of the transaction.
    pub code_challenge: String,
    /// Scopes granted.
    pub scopes: Vec<String>,
    /// Nonce to echo.
    pub nonce: Option<String>,
    /// Canonical username.
    pub username: String,
    /// Methods used.
    pub amr: Vec<&'static str>,
    /// Third-party IdP that authenticated the user, if any.
    pub idp: Option<String>,
    /// Unix seconds of authentication.
    pub auth_time: u64,
    /// Unix seconds after which the code is dead.
    pub expires_at: u64,
}

/// What a token (access or refresh) grants.
#[derive(Clone, Debug)]
pub struct Grant {
    /// Client id.
    pub client_id: String,
    /// Canonical username.
    pub username: String,
    /// Scopes.
    pub scopes: Vec<String>,
    /// Methods used at sign-in.
    pub amr: Vec<&'static str>,
    /// Third-party IdP that authenticated the user, if any.
    pub idp: Option<String>,
    /// Unix seconds of authentication.
    pub auth_time: u64,
    /// Unix seconds after which the token is dead.
    pub expires_at: u64,
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
    /// Security keys and passkeys registered since start (or reset), by
    /// canonical username.
    pub webauthn: HashMap<String, Vec<crate::webauthn::Credential>>,
}

// Handles, codes and tokens are secrets: Debug shows shapes, never values.
impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Step::Identify => f.write_str("Identify"),
            Step::IdentifyRecovery => f.write_str("IdentifyRecovery"),
            Step::RecoveryNotAllowed => f.write_str("RecoveryNotAllowed"),
            Step::ResetPassword => f.write_str("ResetPassword"),
            Step::PasswordChallenge => f.write_str("PasswordChallenge"),
            Step::SelectAuthenticator => f.write_str("SelectAuthenticator"),
            Step::VerificationData(factor) => write!(f, "VerificationData({factor:?})"),
            Step::TotpChallenge => f.write_str("TotpChallenge"),
            Step::PushPoll { .. } => f.write_str("PushPoll"),
            Step::PushRejected => f.write_str("PushRejected"),
            Step::EmailChallenge => f.write_str("EmailChallenge"),
            Step::SelectEnroll => f.write_str("SelectEnroll"),
            Step::EnrollChannelData => f.write_str("EnrollChannelData"),
            Step::EnrollPoll(e) => write!(f, "EnrollPoll({e:?})"),
            Step::WebAuthnChallenge { .. } => f.write_str("WebAuthnChallenge"),
            Step::WebAuthnEnroll { .. } => f.write_str("WebAuthnEnroll"),
            Step::Success { .. } => f.write_str("Success"),
        }
    }
}

impl std::fmt::Debug for Enrollment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enrollment")
            .field("channel", &self.channel)
            .field("activated", &self.activated)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Transaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transaction")
            .field("step", &self.step)
            .field("username", &self.username)
            .field("scopes", &self.scopes)
            .field("recovery", &self.recovery)
            .finish_non_exhaustive()
    }
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

    /// Whether `username` is locked out under `config`.
    pub fn locked(&self, config: &Config, username: &str) -> bool {
        config.lockout_attempts > 0
            && self.failures.get(username).copied().unwrap_or(0) >= config.lockout_attempts
    }

    /// Count a failed attempt; returns true if the user is now locked.
    pub fn fail(&mut self, config: &Config, username: &str) -> bool {
        *self.failures.entry(username.to_owned()).or_insert(0) += 1;
        self.locked(config, username)
    }

    /// The user named `name` (case-insensitive) as the org knows them now:
    /// the configured user, with the Okta Verify enrollment activated and the
    /// password last set in this process, if any, in place of the configured
    /// ones.
    pub fn user(&self, config: &Config, name: &str) -> Option<User> {
        let mut user = config.user(name)?.clone();
        if let Some(ov) = self.enrolled.get(&user.username) {
            user.okta_verify = Some(ov.clone());
        }
        if let Some(current) = self.passwords.get(&user.username).and_then(|p| p.first()) {
            user.password = current.clone();
        }
        if let Some(credentials) = self.webauthn.get(&user.username) {
            user.webauthn_credentials = credentials.clone();
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
