//! Passkey sign-in at identify (protocol-more doc §1.5): autofill of the
//! username field where the browser supports conditional mediation
//! (`challenge-webauthn-autofillui-authenticator`), and a "Sign in with a
//! passkey" button where Okta offers `launch-passkeys-authenticator`.
//!
//! Invariants: the autofill request lives exactly as long as the identify
//! screen (aborted when it goes away, and before the button's modal prompt
//! starts); only one modal prompt at a time; an assertion without a user
//! handle is never sent (it cannot name the user); a cancelled autofill and
//! an RP ID the page cannot use stay silent there (the username field still
//! works), while the button says what went wrong.

use idx_core::{NextStep, RequestOptions, StepName, Transaction};
use leptos::prelude::*;

use crate::components::messages::Notice;
use crate::flow::{Intent, use_flow};
use crate::i18n::use_i18n;
use crate::webauthn::{self, Mediation, PendingPrompt, WebAuthnError};
use web_sys::AbortSignal;

/// The identify field that gets passkey suggestions.
const USERNAME_FIELD: &str = "field-username";

/// The passkey part of the identify screen: starts autofill when Okta
/// offers it and the browser can, and returns the button when Okta offers
/// `launch-passkeys-authenticator`.
pub(super) fn passkey_sign_in(tx: &Transaction) -> Option<AnyView> {
    let challenge = tx.autofill_challenge.clone()?;
    if !webauthn::supported() {
        return None;
    }
    let options = challenge.request_options(&[], &webauthn::page_origin());
    // Dropping the pending prompt aborts the autofill request.
    let autofill = StoredValue::new_local(None::<PendingPrompt>);
    on_cleanup(move || autofill.dispose());
    if let Some(step) = tx
        .step(&StepName::ChallengeWebauthnAutofilluiAuthenticator)
        .cloned()
    {
        let prompt = PendingPrompt::new();
        let signal = prompt.signal();
        autofill.set_value(Some(prompt));
        start_autofill(options.clone(), step, signal);
    }
    let step = tx.step(&StepName::LaunchPasskeysAuthenticator)?.clone();
    Some(button(options, step, autofill))
}

fn start_autofill(options: RequestOptions, step: NextStep, signal: Option<AbortSignal>) {
    let flow = use_flow();
    let i18n = use_i18n();
    leptos::task::spawn_local(async move {
        if !webauthn::conditional_mediation_available().await {
            return;
        }
        // Suggestions appear only in a field that asks for them.
        if let Some(field) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(USERNAME_FIELD))
        {
            let _ = field.set_attribute("autocomplete", "username webauthn");
        }
        match webauthn::get(&options, Mediation::Conditional, signal.as_ref()).await {
            Ok(assertion) if assertion.has_user_handle() => {
                flow.dispatch(Intent::Step(step.name.clone(), assertion.values(&step)));
            }
            Ok(_) => flow.notices.set(vec![Notice::error(
                i18n.t("webauthn.error.invalid_passkey"),
            )]),
            Err(WebAuthnError::NotAllowed) => flow
                .notices
                .set(vec![Notice::error(i18n.t("webauthn.error.passkey"))]),
            // Aborted (screen gone, or the button took over), an RP ID this
            // page cannot use, or no WebAuthn: the username field still works.
            Err(_) => {}
        }
    });
}

/// "Sign in with a passkey": a modal prompt, after aborting autofill.
fn button(
    options: RequestOptions,
    step: NextStep,
    autofill: StoredValue<Option<PendingPrompt>, LocalStorage>,
) -> AnyView {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    let prompting = RwSignal::new(false);
    let run = move |_| {
        if prompting.get_untracked() {
            return;
        }
        autofill.set_value(None);
        prompting.set(true);
        flow.notices.set(Vec::new());
        let (options, step) = (options.clone(), step.clone());
        leptos::task::spawn_local(async move {
            let result = webauthn::get(&options, Mediation::Modal, None).await;
            prompting.try_set(false);
            let notice = match result {
                Ok(assertion) if assertion.has_user_handle() => {
                    flow.dispatch(Intent::Step(step.name.clone(), assertion.values(&step)));
                    return;
                }
                Ok(_) => "webauthn.error.invalid_passkey",
                Err(WebAuthnError::Aborted) => return,
                Err(WebAuthnError::NotSupported) => "webauthn.error.unsupported",
                Err(WebAuthnError::RpIdMismatch) => "webauthn.error.rp_id",
                Err(_) => "webauthn.error.passkey",
            };
            flow.notices.set(vec![Notice::error(i18n.t(notice))]);
        });
    };
    let working = move || prompting.get() || busy.get();
    view! {
        <button
            type="button"
            class="secondary passkey"
            data-action="passkey"
            aria-busy=move || working().then_some("true")
            disabled=working
            on:click=run
        >
            {i18n.t("webauthn.identify.passkey")}
        </button>
    }
    .into_any()
}
