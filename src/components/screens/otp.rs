//! The words of the one-time-code authenticators beyond Okta Verify and
//! email: Google Authenticator, custom OTP, RSA SecurID, on-prem MFA,
//! Symantec VIP, YubiKey and the temporary access code (protocol doc part
//! 2 §4, §5), each titled by its own display name.
//!
//! Invariants: a title names the authenticator the step is about (Okta's
//! display name, else its usual name), never another one; the passcode
//! change of RSA and on-prem (`errors.E0000113`) asks for the next code.

use idx_core::{NextStep, StepName, Transaction};

use crate::i18n::use_i18n;

/// Title and lead of a code page of these authenticators, or `None` for
/// another authenticator.
pub(super) fn otp_words(tx: &Transaction, step: &NextStep) -> Option<(String, String)> {
    let i18n = use_i18n();
    let auth = step.authenticator.as_ref()?;
    let key = auth.key.as_deref()?;
    let enroll = matches!(
        step.name,
        StepName::EnrollAuthenticator | StepName::ResetAuthenticator
    );
    if key == "google_otp" {
        return Some(if enroll {
            (
                i18n.t("auth.google.enroll.title"),
                i18n.t("auth.google.code_lead"),
            )
        } else {
            (
                i18n.t("auth.google.verify.title"),
                i18n.t("auth.google.verify.lead"),
            )
        });
    }
    if !matches!(
        key,
        "custom_otp" | "rsa_token" | "onprem_mfa" | "symantec_vip" | "yubikey_token" | "tac"
    ) {
        return None;
    }
    let fallback = i18n.t(&format!("auth.otp.default.{key}"));
    let name = auth.name_or(&fallback).to_owned();
    let title = i18n.f(
        if enroll {
            "auth.otp.enroll.title"
        } else {
            "auth.otp.verify.title"
        },
        &[("name", &name)],
    );
    let lead_key = match key {
        _ if tx.has_message("errors.E0000113") => "auth.otp.lead.next_code",
        "rsa_token" | "onprem_mfa" => "auth.otp.lead.passcode",
        "symantec_vip" if enroll => "auth.otp.lead.symantec_enroll",
        other => {
            return Some((
                title,
                i18n.f(&format!("auth.otp.lead.{other}"), &[("name", &name)]),
            ));
        }
    };
    Some((title, i18n.f(lead_key, &[("name", &name)])))
}
