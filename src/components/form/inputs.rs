//! What an IDX input is to the form: the label to show, and whether it
//! holds a one-time code.
//!
//! Invariant: Okta's labels come in English only, so in another language
//! the well-known fields use the app's translation; every input gets a
//! label, whatever the server sent.

use idx_core::{Input, InputKind};

use crate::i18n::{I18n, Lang};

/// Whether an input holds a one-time code (numeric keypad, OTP autofill).
pub fn is_code(input: &Input) -> bool {
    matches!(
        input.name.as_str(),
        "verificationCode" | "otp" | "passcode" | "totp"
    ) && !matches!(input.kind, InputKind::Boolean)
}

/// A password (a secret that is not a one-time code): sent once, never
/// kept in the form or the flow afterwards.
pub(super) fn is_password(input: &Input) -> bool {
    input.secret && !is_code(input)
}

/// A label to show. Okta's labels come in English only, so in another
/// language the well-known fields use the app's translation; otherwise the
/// server's label, else a readable form of the name.
pub fn label_of(input: &Input, i18n: &I18n) -> String {
    let known = match input.name.as_str() {
        "username" | "identifier" => Some("field.username"),
        "password" => Some("field.password"),
        "newPassword" => Some("field.new_password"),
        "verificationCode" | "passcode" | "totp" => Some("field.code"),
        "rememberMe" => Some("field.remember_me"),
        _ => None,
    };
    let server = input
        .label
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    match (server, known) {
        (_, Some(key)) if i18n.lang() != Lang::En => i18n.t(key),
        (Some(label), _) => label.to_owned(),
        (None, Some(key)) => i18n.t(key),
        (None, None) => {
            let name = input.name.as_str();
            name.rsplit('.').next().unwrap_or(name).to_owned()
        }
    }
}
