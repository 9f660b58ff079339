//! Security question (`security_question`): verifying shows the enrolled
//! question as the answer's label; enrolling offers Okta's questions or
//! one's own (protocol doc part 2 §3).
//!
//! Invariants: the question shown is the one Okta says is enrolled (its
//! `questionKey` goes back with the answer, fixed by idx-core); enrollment
//! sends either `questionKey` + `answer` or `question` + `answer`, never a
//! mix (switching mode builds a fresh form, clearing the answer and its
//! messages, as Okta's widget does); answers are masked with a show toggle;
//! Okta's field messages (too short, HTML not allowed) show on the answer.

use std::collections::HashMap;

use idx_core::{InputValue, NextStep, StepName};
use leptos::prelude::*;

use super::frame::StepFrame;
use crate::components::form::StepForm;
use crate::i18n::use_i18n;

/// The step with its answer masked and labelled `answer_label`.
fn with_answer(mut step: NextStep, answer_label: Option<String>) -> NextStep {
    for input in step.inputs.iter_mut().filter(|i| i.name == "answer") {
        input.secret = true;
        if let Some(label) = &answer_label {
            input.label = Some(label.clone());
        }
    }
    step
}

/// The security question screen of a challenge or an enrollment.
pub(super) fn security_question_screen(step: NextStep, kept: HashMap<String, String>) -> AnyView {
    if step.name == StepName::ChallengeAuthenticator {
        verify_screen(step, kept)
    } else {
        view! { <EnrollQuestion step=step kept=kept /> }.into_any()
    }
}

fn verify_screen(step: NextStep, kept: HashMap<String, String>) -> AnyView {
    let i18n = use_i18n();
    let question = step
        .authenticator
        .as_ref()
        .and_then(|a| a.enrolled_question.clone())
        .map(|q| q.text);
    let step = with_answer(step, question);
    view! {
        <StepFrame title=i18n.t("auth.sq.verify.title")>
            <StepForm step=step submit_label=i18n.t("action.verify") kept=kept />
        </StepFrame>
    }
    .into_any()
}

/// Enrollment: a predefined question (preselected, as Okta's widget does)
/// or one's own.
#[component]
fn EnrollQuestion(step: NextStep, kept: HashMap<String, String>) -> impl IntoView {
    let i18n = use_i18n();
    let own_offered = step.input("question").is_some();
    let custom =
        RwSignal::new(own_offered && kept.get("question").is_some_and(|q| !q.trim().is_empty()));
    let answer = i18n.t("auth.sq.answer");
    let mut predefined = with_answer(step.clone(), Some(answer.clone()));
    predefined.inputs.retain(|i| i.name != "question");
    for input in predefined
        .inputs
        .iter_mut()
        .filter(|i| i.name == "questionKey")
    {
        input.label = Some(i18n.t("auth.sq.question"));
        input.required = true;
        if input.value.is_none() {
            input.value = input
                .options
                .first()
                .map(|o| InputValue::Text(o.value.clone()));
        }
    }
    let mut own = with_answer(step.clone(), Some(answer));
    own.inputs.retain(|i| i.name != "questionKey");
    // One's own question first, then its answer (the inputs merged from
    // both forms list the answer first).
    own.inputs.sort_by_key(|i| i.name != "question");
    for input in own.inputs.iter_mut().filter(|i| i.name == "question") {
        input.label = Some(i18n.t("auth.sq.own_question"));
        input.required = true;
    }
    let (predefined, own) = (StoredValue::new(predefined), StoredValue::new(own));
    let kept = StoredValue::new(kept);
    let submit = i18n.t("auth.action.set_up");
    let mode = own_offered.then(|| {
        let radio = move |value: bool, key: &'static str, id: Option<&'static str>| {
            view! {
                <label class="choice">
                    <input
                        type="radio"
                        name="question-mode"
                        id=id
                        data-mode=if value { "custom" } else { "predefined" }
                        prop:checked=move || custom.get() == value
                        on:change=move |_| custom.set(value)
                    />
                    {i18n.t(key)}
                </label>
            }
        };
        view! {
            <fieldset class="field question-mode">
                <legend>{i18n.t("auth.sq.mode.legend")}</legend>
                {radio(false, "auth.sq.mode.predefined", Some("question-mode-predefined"))}
                {radio(true, "auth.sq.mode.custom", None)}
            </fieldset>
        }
    });
    view! {
        <StepFrame title=i18n.t("auth.sq.enroll.title")>
            {mode}
            {move || {
                let step = if custom.get() { own.get_value() } else { predefined.get_value() };
                view! { <StepForm step=step submit_label=submit.clone() kept=kept.get_value() /> }
            }}
        </StepFrame>
    }
}
