//! English for the screens of the policy routes: the other ways on a step
//! (skip, another authenticator, unlock, sign up), sign-up, unlock, consent,
//! the steps after sign-in, activation and reset links, and how a sign-in
//! ended: one table of its own, so the shared table stays readable.
//!
//! Invariants: as `en::APP`: sorted by key (looked up by binary search),
//! every key starts with one of [`FLOW_PREFIXES`] (and no `en::APP` key
//! does, so no key is in two tables), and every other language's JSON has
//! these keys with the same `{placeholders}`.

/// The first segment of every key in [`FLOWS`].
#[cfg(test)]
pub(crate) const FLOW_PREFIXES: &[&str] = &[
    "activation",
    "consent",
    "end",
    "grace",
    "kmsi",
    "link",
    "promotion",
    "register",
    "unlock",
    "ways",
];

/// `(key, English text)`, sorted by key.
pub(crate) static FLOWS: &[(&str, &str)] = &[
    (
        "activation.lead",
        "Your account activation link is no longer valid. Request a new activation email.",
    ),
    ("activation.request", "Request a new activation email"),
    ("activation.title", "Activation link expired"),
    (
        "consent.admin.title",
        "Allow {app} to access your organization?",
    ),
    ("consent.allow", "Allow access"),
    ("consent.deny", "Don't allow"),
    ("consent.email.allow", "Yes, it's me"),
    ("consent.email.deny", "No, it's not me"),
    (
        "consent.email.lead",
        "Someone is signing in with a link sent to your email. Allow it only if it was you.",
    ),
    ("consent.email.title", "Did you just try to sign in?"),
    ("consent.granular.lead", "Choose what to share:"),
    ("consent.granular.title", "Choose what {app} may access"),
    ("consent.issuer", "Requested through {issuer}"),
    ("consent.lead", "It will be able to:"),
    ("consent.logo_alt", "{app} logo"),
    ("consent.privacy", "Privacy policy"),
    ("consent.terms", "Terms of service"),
    ("consent.this_app", "This app"),
    ("consent.title", "{app} would like access to your account"),
    (
        "end.activation_sent",
        "If your details match our records, a new activation link is on its way.",
    ),
    ("end.activation_sent.title", "Activation email requested"),
    (
        "end.check_email",
        "To finish signing up, open the link we emailed you.",
    ),
    (
        "end.check_email.next",
        "You can close this tab once you've opened the link.",
    ),
    ("end.check_email.title", "Check your email"),
    ("end.consent_given", "You allowed this sign-in."),
    ("end.consent_given.title", "Sign-in allowed"),
    ("end.consent_refused", "This sign-in was refused."),
    ("end.consent_refused.title", "Sign-in refused"),
    ("end.email_verified", "Your email address is verified."),
    ("end.email_verified.title", "Email verified"),
    ("end.ended", "This sign-in attempt has ended."),
    ("end.expired", "Your sign-in session expired."),
    ("end.expired.title", "Your sign-in expired"),
    (
        "end.link_invalid",
        "This link has expired or was already used.",
    ),
    ("end.link_invalid.title", "This link can't be used"),
    (
        "end.other_tab",
        "Your sign-in continues in the tab where you started. You can close this one.",
    ),
    ("end.password_reset", "Your password has been changed."),
    ("end.password_reset.title", "Password changed"),
    ("end.sign_in_now", "You can now sign in."),
    ("end.signed_in", "You are signed in."),
    ("end.signed_in.continue", "Continue"),
    ("end.signed_in.next", "Continue to your app."),
    ("end.signed_in.title", "You're signed in"),
    ("end.start_again", "You can start again from the beginning."),
    ("end.stopped.title", "Sign-in stopped"),
    ("end.unlocked", "Your account is unlocked."),
    ("end.unlocked.title", "Account unlocked"),
    ("grace.continue", "Continue to app"),
    ("grace.due", "Fix these by {date} to keep access:"),
    (
        "grace.lead",
        "Your device doesn't meet the security requirements yet.",
    ),
    ("grace.title", "Device assurance reminder"),
    (
        "kmsi.lead",
        "You won't have to verify again on this device for a while.",
    ),
    ("kmsi.no", "Don't stay signed in"),
    ("kmsi.title", "Stay signed in?"),
    ("kmsi.yes", "Stay signed in"),
    ("link.invalid", "This sign-in link can't be used: {reason}"),
    (
        "promotion.lead",
        "Sign in faster next time with your face, fingerprint or screen lock.",
    ),
    ("promotion.submit", "Set up"),
    ("promotion.title", "Set up a passkey?"),
    ("register.lead", "Fields marked * are required."),
    ("register.submit", "Sign up"),
    ("register.title", "Create your account"),
    (
        "register.update.lead",
        "Your organization needs a few more details.",
    ),
    ("register.update.submit", "Save"),
    ("register.update.title", "Update your profile"),
    ("unlock.by_email", "Send me an email"),
    (
        "unlock.choose_lead",
        "Enter your username, then choose how to verify it's you.",
    ),
    (
        "unlock.identify_lead",
        "Enter your username to unlock your account.",
    ),
    ("unlock.title", "Unlock your account"),
    ("ways.back_to_sign_in", "Back to sign in"),
    ("ways.maybe_later", "Maybe later"),
    ("ways.remind_later", "Remind me later"),
    ("ways.set_up_later", "Set up later"),
    ("ways.sign_up", "Sign up"),
    ("ways.sign_up_lead", "Don't have an account?"),
    ("ways.skip", "Skip"),
    ("ways.switch_authenticator", "Verify with something else"),
    ("ways.switch_enroll", "Return to authenticator list"),
    ("ways.unlock", "Unlock account?"),
];
