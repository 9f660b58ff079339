//! The emulated org's authenticators, and which of them a user has.
//!
//! Invariants: the authenticator ids are fixed for the life of the org (a
//! client may keep one between two states); a user's factors are listed in
//! one order everywhere (Okta Verify, then email), and the views' indexes
//! (`relatesTo`) rely on it; an email address is shown masked, never whole,
//! in bodies and logs. A new authenticator adds its id here and its place in
//! [`user_factors`].

use crate::config::User;
use crate::store::Factor;

/// Okta Verify authenticator id.
pub(crate) const OV_ID: &str = "autOktaVerify0000001";
/// Email authenticator id.
pub(crate) const EMAIL_ID: &str = "autEmail000000000001";
/// Password authenticator id.
pub(crate) const PASSWORD_ID: &str = "autPassword000000001";

/// Whether `user` has a factor besides the password.
pub(crate) fn has_factors(user: &User) -> bool {
    user.okta_verify.is_some() || user.email_authenticator
}

/// Whether `user` has an authenticator that can verify a password recovery:
/// every emulated factor (email, Okta Verify code or push) can, the password
/// itself cannot.
pub(super) fn can_recover(user: &User) -> bool {
    has_factors(user)
}

/// The user's factors as listed in `authenticators` and
/// `authenticatorEnrollments`, in this order: Okta Verify, Email.
pub(super) fn user_factors(user: &User) -> Vec<Factor> {
    let mut v = Vec::new();
    if user.okta_verify.is_some() {
        v.push(Factor::OktaVerify);
    }
    if user.email_authenticator {
        v.push(Factor::Email);
    }
    v
}

/// Mask an email like Okta does (`d***o@example.com`).
pub(crate) fn mask_email(email: &str) -> String {
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
