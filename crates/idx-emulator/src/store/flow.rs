//! What the self-service flows remember: per transaction ([`Flow`]: the
//! policy steps still due, an unlock or sign-up in progress, the OAuth
//! request's `max_age` and `acr_values`), and for the org while the process
//! runs ([`SelfService`]: users who signed up, unlocked or activated, the
//! one-time tokens the control API minted, skips used).
//!
//! Invariants: a one-time token (activation, recovery, CAPTCHA) is accepted
//! once; `Debug` shows counts and flags, never a token; everything here is
//! forgotten by a reset, so the configured users apply again.

use std::collections::{HashMap, HashSet};

use crate::config::{Policy, User};

/// Per-transaction state of the policy steps and self-service flows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flow {
    /// The identified user's policy, taken when the password is verified
    /// (or when sign-up, activation or unlock identifies them).
    pub policy: Policy,
    /// The optional Okta Verify enrollment is still to be offered.
    pub offer_enrollment: bool,
    /// The enrollment choice on show may be skipped.
    pub skippable: bool,
    /// Skips left under a `BY_SKIP_COUNT` grace period, as shown.
    pub skips_left: Option<u32>,
    /// The end (Unix seconds) of a `BY_DATE_TIME` grace period, as shown.
    pub grace_until: Option<u64>,
    /// The end (Unix seconds) of the device assurance grace period, once
    /// its warning has been shown.
    pub device_grace_until: Option<u64>,
    /// The password-expiry warning has been shown.
    pub expiry_warned: bool,
    /// The user consented (or no consent was due).
    pub consented: bool,
    /// The answer to "Keep me signed in?", once given.
    pub keep_me_signed_in: Option<bool>,
    /// A self-service unlock is in progress; `true`: the sign-in goes on
    /// after it.
    pub unlock: Option<bool>,
    /// The account was just unlocked and the sign-in goes on (the email
    /// verified for the unlock counts as the second factor).
    pub unlocked: bool,
    /// A sign-up is in progress (the new user's email, then password).
    pub registering: bool,
    /// An activation is in progress (a staged user's set-up).
    pub activating: bool,
    /// `max_age` sent to `/v1/interact` (`-1`: none).
    pub max_age: Option<i64>,
    /// `acr_values` sent to `/v1/interact`.
    pub acr_values: Option<String>,
}

impl Flow {
    /// Start over (cancel): forget every step and flow, keep the OAuth
    /// request's `max_age` and `acr_values`.
    pub fn restart(&mut self) {
        *self = Flow {
            max_age: self.max_age,
            acr_values: self.acr_values.take(),
            ..Flow::default()
        };
    }
}

/// What a one-time token minted by the control API is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenPurpose {
    /// `activation_token` of `/v1/interact`.
    Activation,
    /// `recovery_token` of `/v1/interact`.
    Recovery,
}

/// A one-time token minted by the control API.
#[derive(Clone, Debug)]
pub struct OneTimeToken {
    /// What it is for.
    pub purpose: TokenPurpose,
    /// Whose it is (canonical username).
    pub username: String,
    /// Unix seconds after which it is expired (still known, so it can be
    /// told from an invalid one).
    pub expires_at: u64,
}

/// The org's self-service changes while the process runs.
#[derive(Default)]
pub struct SelfService {
    /// Users who signed up here (their password and email enrollment are
    /// kept as for any user).
    pub registered: Vec<User>,
    /// Users unlocked by self-service since start (or reset).
    pub unlocked: HashSet<String>,
    /// Staged users activated since start (or reset).
    pub activated: HashSet<String>,
    /// Activation and recovery tokens, by value.
    pub tokens: HashMap<String, OneTimeToken>,
    /// CAPTCHA tokens minted by the control API, not yet used.
    pub captcha_tokens: HashSet<String>,
    /// Optional enrollments skipped, by canonical username.
    pub skips: HashMap<String, u32>,
}

impl SelfService {
    /// The user who signed up as `name` (case-insensitive).
    pub fn registered(&self, name: &str) -> Option<&User> {
        self.registered
            .iter()
            .find(|u| u.username.eq_ignore_ascii_case(name))
    }

    /// The user who signed up as `name`, to change.
    pub fn registered_mut(&mut self, name: &str) -> Option<&mut User> {
        self.registered
            .iter_mut()
            .find(|u| u.username.eq_ignore_ascii_case(name))
    }
}

impl std::fmt::Debug for SelfService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SelfService")
            .field("registered", &self.registered.len())
            .field("unlocked", &self.unlocked.len())
            .field("activated", &self.activated.len())
            .field("tokens", &self.tokens.len())
            .finish_non_exhaustive()
    }
}
