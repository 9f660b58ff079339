//! The screen of a step with no dedicated one: its title, then the generic
//! form of its inputs.
//!
//! Invariant: any step the server sends can be shown and submitted, even
//! one this app has never heard of (`StepName::Unknown`): its title is then
//! derived from its name.

use std::collections::HashMap;

use idx_core::{NextStep, StepName};
use leptos::prelude::*;

use super::frame::StepFrame;
use crate::components::form::StepForm;
use crate::i18n::use_i18n;

/// `step` as a heading and its form, submitted with "Continue".
pub(super) fn generic_screen(step: NextStep, kept: HashMap<String, String>) -> AnyView {
    let i18n = use_i18n();
    let title = step_title(&step.name);
    view! {
        <StepFrame title=title>
            <StepForm step=step submit_label=i18n.t("action.continue") kept=kept />
        </StepFrame>
    }
    .into_any()
}

/// The heading of a step: a translation for the known ones, else its name
/// made readable (`favourite-things` → "Favourite things").
fn step_title(name: &StepName) -> String {
    let i18n = use_i18n();
    match name {
        StepName::Skip => i18n.t("step.skip"),
        StepName::IdentifyRecovery => i18n.t("step.recovery"),
        StepName::ReenrollAuthenticator | StepName::ResetAuthenticator => {
            i18n.t("step.new_password")
        }
        StepName::KeepMeSignedIn => i18n.t("step.keep_me_signed_in"),
        other => {
            let s = other.as_str().replace('-', " ");
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
    }
}
