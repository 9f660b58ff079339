//! Okta Verify push: `challenge-poll` (waiting for the phone, with the
//! number challenge when there is one) and `resend` (the push was rejected
//! or failed).
//!
//! Invariants: the waiting screen polls only while mounted and the tab is
//! visible ([`poll_while_mounted`]); a poll that keeps the step updates the
//! number without rebuilding the screen; "send another push" is offered only
//! after [`RESEND_AFTER_MS`] (or the [`ResendDelay`](super::ResendDelay) in
//! context); "use a code instead" is offered only where the state still
//! lets Okta Verify be chosen again, and picks its code method.

use std::sync::Arc;

use idx_core::{StepName, Transaction, Values};
use leptos::prelude::*;

use super::frame::StepFrame;
use super::poll::{PollTexts, poll_while_mounted};
use super::resend::{RESEND_AFTER_MS, ResendButton, due_after};
use crate::flow::{Intent, use_flow};
use crate::i18n::use_i18n;

/// The way from a push screen to the code: the Okta Verify option of the
/// `select-authenticator-authenticate` step still offered with the push.
/// With the TOTP method listed, it is picked in one step; with no methods
/// listed, the server asks for the method next (`authenticator-verification-data`).
fn use_code_intent(tx: &Transaction) -> Option<Intent> {
    let step = tx.step(&StepName::SelectAuthenticatorAuthenticate)?;
    // Some servers omit `key` on authenticators: fall back to the id of
    // the authenticator being challenged.
    let current_id = tx
        .next_step
        .as_ref()
        .and_then(|s| s.authenticator.as_ref())
        .and_then(|a| a.id.clone());
    let ov = step.authenticator_options.iter().find(|o| {
        o.key.as_deref() == Some("okta_verify")
            || (o.key.is_none() && o.id.is_some() && o.id == current_id)
    })?;
    let chosen = ov.id.clone().or(ov.key.clone())?;
    let mut values = Values::new().text("authenticator", chosen);
    if ov.methods.iter().any(|m| m.value == "totp") {
        values.insert_text("methodType", "totp");
    } else if !ov.methods.is_empty() {
        return None;
    }
    Some(Intent::Step(step.name.clone(), values))
}

/// `challenge-poll`: waits for the push, shows the number challenge, polls;
/// offers "send another push" after [`RESEND_AFTER_MS`].
#[component]
pub fn PushWaiting() -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    let status = RwSignal::new(i18n.t("push.waiting"));
    let number = Memo::new(move |_| {
        flow.tx.with(|t| {
            t.as_ref()
                .and_then(|t| t.next_step.as_ref())
                .and_then(|s| s.authenticator.as_ref())
                .and_then(|a| a.correct_answer.clone())
        })
    });
    let use_code = Memo::new(move |_| {
        flow.tx
            .with(|t| t.as_ref().and_then(use_code_intent).is_some())
    });
    // Like Okta's widget, "send another push" is offered only after a while,
    // so nobody sends a second push while the first is still on its way.
    let resend_due = due_after(RESEND_AFTER_MS);
    let can_resend = Memo::new(move |_| {
        resend_due.get()
            && flow.tx.with(|t| {
                t.as_ref()
                    .and_then(|t| t.next_step.as_ref())
                    .is_some_and(|s| s.can_resend)
            })
    });

    poll_while_mounted(
        status,
        PollTexts {
            waiting: "push.waiting",
            failed: "push.poll_failed",
        },
    );

    let footer: ChildrenFn = Arc::new(move || {
        view! {
            <Show when=move || use_code.get()>
                <button
                    type="button"
                    class="link"
                    data-action="use-code"
                    disabled=move || busy.get()
                    on:click=move |_| {
                        if let Some(intent) = flow.tx.with_untracked(|t| t.as_ref().and_then(use_code_intent)) {
                            flow.dispatch(intent);
                        }
                    }
                >
                    {i18n.t("push.use_code")}
                </button>
            </Show>
            <Show when=move || can_resend.get()>
                <p class="hint" data-testid="push-resend-hint">{i18n.t("push.resend_hint")}</p>
                <ResendButton label=i18n.t("push.resend") />
            </Show>
        }
        .into_any()
    });

    view! {
        <StepFrame title=i18n.t("push.title") footer=Some(footer)>
            <div class="push" data-testid="push-waiting">
                {move || match number.get() {
                    Some(n) => view! {
                        <p>{i18n.t("push.number_prompt")}</p>
                        <div class="number-challenge" data-testid="number-challenge">{n}</div>
                    }
                    .into_any(),
                    None => view! {
                        <div class="pulse" aria-hidden="true"></div>
                        <p>{i18n.t("push.sent")}</p>
                    }
                    .into_any(),
                }}
                <p class="status-line" role="status" aria-live="polite">{move || status.get()}</p>
            </div>
        </StepFrame>
    }
}

/// `resend` remediation: the push was rejected or failed.
#[component]
pub fn PushRejected() -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    let use_code = flow
        .tx
        .with_untracked(|t| t.as_ref().and_then(use_code_intent));
    let footer: Option<ChildrenFn> = use_code.map(|intent| -> ChildrenFn {
        let intent = StoredValue::new_local(intent);
        Arc::new(move || {
            view! {
                <button
                    type="button"
                    class="link"
                    data-action="use-code"
                    disabled=move || busy.get()
                    on:click=move |_| flow.dispatch(intent.get_value())
                >
                    {i18n.t("push.use_code")}
                </button>
            }
            .into_any()
        })
    });
    let body = view! {
        <form data-step="resend" method="post" on:submit=move |ev| {
            ev.prevent_default();
            flow.dispatch(Intent::Resend);
        }>
            <button
                type="submit"
                class="primary"
                data-action="resend"
                aria-busy=move || busy.get().then_some("true")
                disabled=move || busy.get()
            >
                {i18n.t("push.resend")}
            </button>
        </form>
    };
    let title = i18n.t("push.rejected.title");
    view! { <StepFrame title=title footer=footer>{body}</StepFrame> }
}
