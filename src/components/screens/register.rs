//! Self-service registration (protocol doc §8.3): `enroll-profile` (the
//! org's profile attributes, and a password where the policy asks for one)
//! and progressive profiling (`profile-update`).
//!
//! Invariants: every attribute the server lists is shown through the
//! generic form, as the kind and control it states (text, email, select,
//! radio, checkbox, number), with its own label, and required only when the
//! server says so; a sign-up password gets the live rules and confirmation
//! of any new password; Okta's answers (email taken, rules unmet) show on
//! the fields they name, as on any form. "Back to sign in" is the frame's.

use std::collections::HashMap;

use idx_core::{NextStep, StepName};

use super::frame::form_screen;
use crate::i18n::use_i18n;
use leptos::prelude::AnyView;

/// `enroll-profile` (sign up) or `profile-update` (more about you).
pub(super) fn profile_screen(step: NextStep, kept: HashMap<String, String>) -> AnyView {
    let i18n = use_i18n();
    let (title, lead, submit) = if step.name == StepName::ProfileUpdate {
        (
            "register.update.title",
            "register.update.lead",
            "register.update.submit",
        )
    } else {
        ("register.title", "register.lead", "register.submit")
    };
    form_screen(i18n.t(title), i18n.t(lead), step, i18n.t(submit), kept)
}
