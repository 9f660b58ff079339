//! What a transaction that cannot continue here means for the person
//! (protocol doc §8.4, §8.5, §8.9, §8.10): signed in, an email link done,
//! consent given or refused, an account unlocked, a password reset, an email
//! to check, or a real stop.
//!
//! Invariants: decided from the i18n keys and the `success` form only (never
//! the server's text, which an org may reword); a state that still has a
//! step or an interaction code has no ending; anything not recognised is
//! [`Ending::Stopped`], so a new kind of end is never called a success.

use super::message::MessageClass;
use super::transaction::{Status, Transaction};

/// How a sign-in that cannot continue in this tab ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Ending {
    /// Okta signed the person in and continues at
    /// [`Transaction::success_redirect`] (§8.9).
    SignedIn,
    /// An email link was verified here; the sign-in goes on in the tab where
    /// it started (`idx.return.to.original.tab`, `idx.transferred.to.new.tab`).
    EmailVerified,
    /// "Yes, it's me" on the email consent page (intent `CONSENT`).
    ConsentGiven,
    /// Consent refused (`idx.operation.cancelled.by.user`,
    /// `idx.operation.cancelled.on.other.device`).
    ConsentRefused,
    /// The account was unlocked; sign in again (`oie.selfservice.unlock_user.success.message`).
    Unlocked,
    /// The password was reset; sign in with it (`idx.recovery.completed`).
    PasswordReset,
    /// Registration: an email must be verified to finish (`idx.email.verification.required`).
    CheckEmail,
    /// A new activation email was requested (`idx.request.activation.email`).
    ActivationEmailSent,
    /// An activation or password-reset link that cannot be used any more.
    LinkInvalid,
    /// Anything else: the sign-in stopped (an error, a denial, a cancel).
    Stopped,
}

/// Keys of links (activation, recovery) that can no longer be used.
const INVALID_LINK_KEYS: &[&str] = &[
    "idx.expired.activation.token",
    "idx.missing.activation.token",
    "idx.activating.inactive.user",
    "idx.invalid.reset.password.token",
    "idx.invalid.forgot.password.token",
    "idx.return.link.expired",
];

impl Transaction {
    /// How this state ended, or `None` while it can continue here (a step
    /// to show, or an interaction code to redeem).
    pub fn ending(&self) -> Option<Ending> {
        if self.status == Status::Success
            || (self.status == Status::Pending && self.next_step.is_some())
        {
            return None;
        }
        let has = |key: &str| self.has_message(key);
        let errors = self.messages.iter().any(|m| m.class == MessageClass::Error);
        Some(if self.success_redirect.is_some() && !errors {
            Ending::SignedIn
        } else if has("idx.operation.cancelled.by.user")
            || has("idx.operation.cancelled.on.other.device")
        {
            Ending::ConsentRefused
        } else if has("idx.return.to.original.tab") {
            if self.intent.as_deref() == Some("CONSENT") {
                Ending::ConsentGiven
            } else {
                Ending::EmailVerified
            }
        } else if has("idx.transferred.to.new.tab") {
            Ending::EmailVerified
        } else if has("oie.selfservice.unlock_user.success.message") {
            Ending::Unlocked
        } else if has("idx.recovery.completed") {
            Ending::PasswordReset
        } else if has("idx.email.verification.required") {
            Ending::CheckEmail
        } else if has("idx.request.activation.email") {
            Ending::ActivationEmailSent
        } else if INVALID_LINK_KEYS.iter().any(|k| has(k)) {
            Ending::LinkInvalid
        } else {
            Ending::Stopped
        })
    }
}
