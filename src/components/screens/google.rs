//! Google Authenticator enrollment (`enroll-authenticator`, or the forced
//! re-enrollment `reset-authenticator`, of `google_otp`): the QR code,
//! the setup key behind "Can't scan?", then the code the app shows
//! (protocol doc part 2 §4).
//!
//! Invariants: the QR code is an image with a text alternative; the key is
//! shown only after the person asks for it, as selectable text that a
//! screen reader spells out character by character; the key is never
//! logged or kept anywhere but the page.

use std::collections::HashMap;

use idx_core::NextStep;
use leptos::prelude::*;

use super::frame::StepFrame;
use crate::components::form::StepForm;
use crate::focus;
use crate::i18n::use_i18n;

/// Whether this step is an authenticator app enrollment with a QR code or key.
pub(super) fn is_app_enrollment(step: &NextStep) -> bool {
    step.authenticator
        .as_ref()
        .is_some_and(|a| a.qr_code.is_some() || a.shared_secret.is_some())
}

/// The enrollment screen: QR code, "Can't scan?" key, code form.
#[component]
pub fn GoogleEnroll(step: NextStep, kept: HashMap<String, String>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = step.authenticator.clone().unwrap_or_default();
    let key = auth
        .shared_secret
        .as_ref()
        .map(|s| s.secret().to_owned())
        .unwrap_or_default();
    // Read out one character at a time: "Z R 7 4 ...".
    let spelled = key.chars().map(String::from).collect::<Vec<_>>().join(" ");
    let reveal = RwSignal::new(auth.qr_code.is_none());
    let qr = auth.qr_code.clone().map(|src| {
        view! {
            <p>{i18n.t("auth.google.scan")}</p>
            <img class="qr" src=src alt=i18n.t("auth.google.qr_alt") width="200" height="200" data-testid="google-qr" />
        }
    });
    let has_key = !key.is_empty();
    view! {
        <StepFrame title=i18n.t("auth.google.enroll.title")>
            <div class="enroll">
                {qr}
                <Show when=move || has_key && !reveal.get()>
                    <button
                        type="button"
                        class="link"
                        data-action="cant-scan"
                        on:click=move |_| {
                            reveal.set(true);
                            focus::focus_soon("[data-testid=shared-secret]");
                        }
                    >
                        {i18n.t("auth.google.cant_scan")}
                    </button>
                </Show>
                <Show when=move || has_key && reveal.get()>
                    <p>{i18n.t("auth.google.key_lead")}</p>
                    <p class="secret-key">
                        <span class="visually-hidden">{i18n.t("auth.google.key_label")}": "</span>
                        <code data-testid="shared-secret" tabindex="-1" aria-label=spelled.clone()>
                            {key.clone()}
                        </code>
                    </p>
                </Show>
            </div>
            <p>{i18n.t("auth.google.code_lead")}</p>
            <StepForm step=step submit_label=i18n.t("action.verify") kept=kept />
        </StepFrame>
    }
}
