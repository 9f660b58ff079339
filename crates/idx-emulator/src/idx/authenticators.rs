//! The emulated org's authenticators, and which of them a user has.
//!
//! Invariants: the authenticator ids are fixed for the life of the org (a
//! client may keep one between two states); a user's factors are listed in
//! one order everywhere (Okta Verify, email, then the others), and the
//! views' indexes (`relatesTo`) rely on it; an email address and a phone
//! number are shown masked, never whole, in bodies and logs. A new
//! authenticator adds its id here and its place in [`user_factors`].

use crate::config::{Enrollable, User};
use crate::store::Factor;

/// Okta Verify authenticator id.
pub(crate) const OV_ID: &str = "autOktaVerify0000001";
/// Email authenticator id.
pub(crate) const EMAIL_ID: &str = "autEmail000000000001";
/// Password authenticator id.
pub(crate) const PASSWORD_ID: &str = "autPassword000000001";
/// Phone authenticator id.
pub(crate) const PHONE_ID: &str = "autPhone000000000001";
/// Security question authenticator id.
pub(crate) const QUESTION_ID: &str = "autQuestion000000001";
/// Google Authenticator id.
pub(crate) const GOOGLE_ID: &str = "autGoogleOtp00000001";
/// Custom OTP authenticator id.
pub(crate) const CUSTOM_OTP_ID: &str = "autCustomOtp00000001";
/// RSA SecurID authenticator id.
pub(crate) const RSA_ID: &str = "autRsaToken000000001";
/// WebAuthn (security key or passkey) authenticator id.
pub(crate) const WEBAUTHN_ID: &str = "autWebAuthn000000001";

/// Whether the policy requires `user` to set up a security key or passkey
/// (they have none yet): it comes before any other factor.
pub(super) fn must_enroll_webauthn(user: &User) -> bool {
    user.webauthn.is_some() && user.webauthn_credentials.is_empty()
}

/// Whether `user` can verify with a registered security key or passkey.
pub(super) fn can_verify_webauthn(user: &User) -> bool {
    user.webauthn.is_some() && !user.webauthn_credentials.is_empty()
}

/// Whether `user` has a factor besides the password.
pub(crate) fn has_factors(user: &User) -> bool {
    !user_factors(user).is_empty()
}

/// Whether `user` has an authenticator that can verify a password recovery:
/// every emulated factor (email, Okta Verify code or push) can, the password
/// itself cannot.
pub(super) fn can_recover(user: &User) -> bool {
    has_factors(user)
}

/// The user's factors as listed in `authenticators` and
/// `authenticatorEnrollments`, in this order: Okta Verify, Email, Phone,
/// security question, Google Authenticator, custom OTP, RSA, WebAuthn (last,
/// as it lists one enrollment per registered key).
pub(super) fn user_factors(user: &User) -> Vec<Factor> {
    let mut v = Vec::new();
    if user.okta_verify.is_some() {
        v.push(Factor::OktaVerify);
    }
    if user.email_authenticator {
        v.push(Factor::Email);
    }
    let others = [
        (user.phone.is_some(), Factor::Phone),
        (user.security_question.is_some(), Factor::SecurityQuestion),
        (user.google_authenticator.is_some(), Factor::GoogleOtp),
        (user.custom_otp.is_some(), Factor::CustomOtp),
        (user.rsa_token.is_some(), Factor::Rsa),
        (can_verify_webauthn(user), Factor::WebAuthn),
    ];
    v.extend(others.into_iter().filter(|(has, _)| *has).map(|(_, f)| f));
    v
}

/// The authenticator the policy requires `user` to enroll, other than Okta
/// Verify: a security key while their WebAuthn policy has none registered,
/// else (for a user with no factor) their `mustEnroll`; `None` means Okta
/// Verify.
pub(super) fn required_enrollment(user: &User) -> Option<Factor> {
    if must_enroll_webauthn(user) {
        return Some(Factor::WebAuthn);
    }
    user.must_enroll.map(|e| match e {
        Enrollable::Phone => Factor::Phone,
        Enrollable::SecurityQuestion => Factor::SecurityQuestion,
        Enrollable::GoogleOtp => Factor::GoogleOtp,
    })
}

/// Mask a phone number like Okta does: `+1 XXX-XXX-2342` for a North
/// American number, otherwise every digit but the last four as `X`; an
/// extension is left out.
pub(crate) fn mask_phone(number: &str) -> String {
    let main = number.split('x').next().unwrap_or("");
    let digits: Vec<char> = main.chars().filter(char::is_ascii_digit).collect();
    let last4: String = digits.iter().skip(digits.len().saturating_sub(4)).collect();
    if digits.len() == 11 && digits[0] == '1' {
        format!("+1 XXX-XXX-{last4}")
    } else {
        format!("+{}{last4}", "X".repeat(digits.len().saturating_sub(4)))
    }
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
