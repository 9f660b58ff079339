//! WebAuthn screens: verify with a security key or passkey
//! (`challenge-authenticator` for `webauthn`), set one up
//! (`enroll-authenticator`), and the passkey offer after sign-in
//! (`enroll-authenticator-promotion`, whose "Maybe later" posts `skip`).
//!
//! Invariants: the browser prompt starts by itself only on the verify
//! screen, once per screen, and never when the state already reports an
//! error (a rejected assertion waits for the person instead of prompting in
//! a loop); setting up prompts only on a click; a cancelled or failed
//! prompt says why in the message region and leaves the button to try
//! again, beside the frame's "Verify with something else" where the state
//! has a list; a
//! browser without WebAuthn is told so and gets no prompt button; wording
//! follows the authenticator's variant (default, Passkeys, custom name).

use idx_core::{NextStep, StepName, Transaction, Values, WebAuthnVariant};
use leptos::prelude::*;

use super::StepFrame;
use crate::components::messages::Notice;
use crate::flow::{Flow, Intent, use_flow};
use crate::i18n::{I18n, use_i18n};
use crate::webauthn::{self, Mediation, WebAuthnError};

/// Heading and lead for `kind` (`verify` or `enroll`) in the step's variant.
fn wording(i18n: &I18n, step: &NextStep, kind: &str) -> (String, String) {
    let name = step
        .authenticator
        .as_ref()
        .and_then(|a| a.display_name.as_deref());
    match WebAuthnVariant::from_display_name(name) {
        WebAuthnVariant::SecurityKey => (
            i18n.t(&format!("webauthn.{kind}.title.default")),
            i18n.t(&format!("webauthn.{kind}.lead.default")),
        ),
        WebAuthnVariant::Passkeys => (
            i18n.t(&format!("webauthn.{kind}.title.passkeys")),
            i18n.t(&format!("webauthn.{kind}.lead.passkeys")),
        ),
        WebAuthnVariant::Custom(name) => (
            i18n.f(&format!("webauthn.{kind}.title.custom"), &[("name", &name)]),
            i18n.f(&format!("webauthn.{kind}.lead.custom"), &[("name", &name)]),
        ),
    }
}

/// What to tell the person when a prompt produced no credential.
pub(crate) fn failure_text(i18n: &I18n, error: &WebAuthnError) -> String {
    i18n.t(match error {
        WebAuthnError::NotSupported => "webauthn.error.unsupported",
        WebAuthnError::NotAllowed => "webauthn.error.cancelled",
        WebAuthnError::RpIdMismatch => "webauthn.error.rp_id",
        WebAuthnError::AlreadyRegistered => "webauthn.error.already",
        WebAuthnError::Aborted | WebAuthnError::Other(_) => "webauthn.error.other",
    })
}

/// The user-verification callout and the admin's note, when they apply.
fn notes(step: &NextStep, uv_required: bool) -> AnyView {
    let i18n = use_i18n();
    let description = step
        .authenticator
        .as_ref()
        .and_then(|a| a.description.clone());
    view! {
        {uv_required.then(|| view! { <p class="hint" data-testid="webauthn-uv">{i18n.t("webauthn.uv_required")}</p> })}
        {description.map(|d| view! {
            <section class="admin-note" data-testid="webauthn-admin-note">
                <h2>{i18n.t("webauthn.admin_note")}</h2>
                <p>{d}</p>
            </section>
        })}
    }
    .into_any()
}

/// The prompt button as the step form's submit button (the UI contract),
/// or the plain "not supported" message.
#[component]
fn PromptForm(
    step: StepName,
    #[prop(into)] label: Signal<String>,
    prompting: RwSignal<bool>,
    on_prompt: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = use_flow().submit.pending();
    let working = move || prompting.get() || busy.get();
    if !webauthn::supported() {
        return view! {
            <div class="message error" data-testid="webauthn-unsupported">
                <p>{i18n.t("webauthn.error.unsupported")}</p>
            </div>
        }
        .into_any();
    }
    view! {
        <form
            data-step=step.as_str().to_owned()
            on:submit=move |ev| {
                ev.prevent_default();
                on_prompt.run(());
            }
        >
            <p class="visually-hidden" role="status">
                {move || if prompting.get() { i18n.t("webauthn.waiting") } else { String::new() }}
            </p>
            <button
                type="submit"
                class="primary"
                aria-busy=move || working().then_some("true")
                disabled=working
            >
                {label}
            </button>
        </form>
    }
    .into_any()
}

/// Ends a prompt: submits the values, or says why there are none. Runs
/// after an `.await`, outside any reactive owner: it takes the handles it
/// needs instead of looking them up.
fn finish(
    (flow, i18n): (Flow, I18n),
    step: &NextStep,
    prompting: RwSignal<bool>,
    result: Result<Values, WebAuthnError>,
) {
    prompting.try_set(false);
    match result {
        Ok(values) => flow.dispatch(Intent::Step(step.name.clone(), values)),
        // The page itself aborted (the screen went away): nothing to say.
        Err(WebAuthnError::Aborted) => {}
        Err(error) => flow
            .notices
            .set(vec![Notice::error(failure_text(&i18n, &error))]),
    }
}

/// `challenge-authenticator` for a `webauthn` authenticator.
pub(super) fn verify_screen(tx: &Transaction, step: NextStep) -> AnyView {
    let i18n = use_i18n();
    let prompting = RwSignal::new(false);
    let attempted = RwSignal::new(false);
    let challenge = step
        .authenticator
        .as_ref()
        .and_then(|a| a.challenge_data.clone());
    let uv_required = challenge
        .as_ref()
        .is_some_and(|c| c.user_verification.as_deref() == Some("required"));
    let options =
        challenge.map(|c| c.request_options(&tx.webauthn_credentials, &webauthn::page_origin()));
    let submitted = step.clone();
    let handles = (use_flow(), i18n);
    let run = Callback::new(move |()| {
        if prompting.get_untracked() {
            return;
        }
        prompting.set(true);
        attempted.set(true);
        handles.0.notices.set(Vec::new());
        let (options, step) = (options.clone(), submitted.clone());
        leptos::task::spawn_local(async move {
            let result = match &options {
                Some(options) => webauthn::get(options, Mediation::Modal, None)
                    .await
                    .map(|assertion| assertion.values(&step)),
                None => Err(WebAuthnError::Other("no challenge".into())),
            };
            finish(handles, &step, prompting, result);
        });
    });
    // Like Okta's widget the prompt opens by itself, but not after the
    // server refused an assertion: then it waits for the person.
    if webauthn::supported() && !tx.has_errors() {
        request_animation_frame(move || run.run(()));
    }
    let (title, lead) = wording(&i18n, &step, "verify");
    let label = Signal::derive(move || {
        i18n.t(if attempted.get() {
            "action.retry"
        } else {
            "action.verify"
        })
    });
    // The frame offers the state's other ways on ("Verify with something
    // else", back to sign in...).
    view! {
        <StepFrame title=title lead=lead>
            {notes(&step, uv_required)}
            <PromptForm step=step.name.clone() label=label prompting=prompting on_prompt=run />
        </StepFrame>
    }
    .into_any()
}

/// `enroll-authenticator` for `webauthn`, and the passkey promotion.
pub(super) fn enroll_screen(tx: &Transaction, step: NextStep) -> AnyView {
    let i18n = use_i18n();
    let prompting = RwSignal::new(false);
    let activation = step
        .authenticator
        .as_ref()
        .and_then(|a| a.activation_data.clone());
    let uv_required = activation.as_ref().is_some_and(|a| {
        a.authenticator_selection.user_verification.as_deref() == Some("required")
    });
    let options = activation.map(|a| a.creation_options(&tx.webauthn_credentials));
    let submitted = step.clone();
    let handles = (use_flow(), i18n);
    let run = Callback::new(move |()| {
        if prompting.get_untracked() {
            return;
        }
        prompting.set(true);
        handles.0.notices.set(Vec::new());
        let (options, step) = (options.clone(), submitted.clone());
        leptos::task::spawn_local(async move {
            let result = match &options {
                Some(options) => webauthn::create(options)
                    .await
                    .map(|attestation| attestation.values(&step)),
                None => Err(WebAuthnError::Other("no activation data".into())),
            };
            finish(handles, &step, prompting, result);
        });
    });
    let promotion = step.name == StepName::EnrollAuthenticatorPromotion;
    let (title, lead, button) = if promotion {
        (
            i18n.t("webauthn.promotion.title"),
            i18n.t("webauthn.promotion.lead"),
            i18n.t("webauthn.promotion.create"),
        )
    } else {
        let (title, lead) = wording(&i18n, &step, "enroll");
        (title, lead, i18n.t("webauthn.enroll.set_up"))
    };
    // The frame offers skip ("Maybe later") and the state's other ways on.
    view! {
        <StepFrame title=title lead=lead>
            {notes(&step, uv_required)}
            <PromptForm
                step=step.name.clone()
                label=Signal::stored(button)
                prompting=prompting
                on_prompt=run
            />
        </StepFrame>
    }
    .into_any()
}
