//! The common frame of a step: heading, lead, busy announcement, messages
//! (with retry), the content, and the footer actions: the screen's own, then
//! the state's other ways on (`ways`: skip, another authenticator, unlock,
//! sign up, back to sign in), ending in cancel.
//!
//! Invariants: the frame names the tab after the step and moves focus to
//! the new screen; the message region always exists (aria-live), listing the
//! transaction's messages before the app's own, except that a message with
//! links is shown once, as its links under the region; every screen in a frame
//! offers the state's other ways on; cancel is offered only while the
//! transaction has a `cancel` action, and no action runs while a request
//! does.

use std::collections::HashMap;

use idx_core::{MessageClass, NextStep};
use leptos::prelude::*;

use crate::components::form::StepForm;
use crate::components::messages::Messages;
use crate::flow::{Intent, use_flow};
use crate::focus;
use crate::i18n::use_i18n;
use crate::notice::{Level, Notice};
use crate::title::set_title;

/// Global notices for the current screen: the transaction's messages, then the app's.
pub(super) fn notices_signal() -> Signal<Vec<Notice>> {
    let flow = use_flow();
    let i18n = use_i18n();
    Signal::derive(move || {
        let mut out: Vec<Notice> = flow.tx.with(|t| {
            t.as_ref()
                .map(|t| {
                    t.messages
                        .iter()
                        // Shown once, as its links (`message_links`), like
                        // the widget's list of what to fix.
                        .filter(|m| m.links.is_empty())
                        .map(|m| Notice {
                            level: match &m.class {
                                MessageClass::Error => Level::Error,
                                MessageClass::Warning => Level::Warning,
                                _ => Level::Info,
                            },
                            text: i18n.idx(m),
                        })
                        .collect()
                })
                .unwrap_or_default()
        });
        out.extend(flow.notices.get());
        out
    })
}

/// The common frame of a step: heading, lead, messages (+ retry), content,
/// and the cancel action.
#[component]
pub fn StepFrame(
    /// The `<h1>`.
    #[prop(into)]
    title: String,
    /// One line under the heading.
    #[prop(optional, into)]
    lead: Option<String>,
    /// Extra actions in the footer, before cancel.
    #[prop(optional_no_strip)]
    footer: Option<ChildrenFn>,
    children: Children,
) -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    let can_cancel = move || {
        flow.tx
            .with(|t| t.as_ref().is_some_and(|t| t.has_action("cancel")))
    };
    let retry = move || {
        flow.retry.get().map(|_| {
            view! {
                <div class="message-actions">
                    <button
                        type="button"
                        class="secondary"
                        data-action="retry"
                        aria-busy=move || busy.get().then_some("true")
                        disabled=move || busy.get()
                        on:click=move |_| flow.retry_now()
                    >
                        {i18n.t("action.retry")}
                    </button>
                </div>
            }
        })
    };
    focus::focus_screen();
    set_title(&title);
    view! {
        <h1 tabindex="-1">{title}</h1>
        {lead.filter(|l| !l.is_empty()).map(|l| view! { <p class="lead">{l}</p> })}
        // Announces that a request runs; the busy button itself is silent.
        <p class="visually-hidden" role="status">
            {move || if busy.get() { i18n.t("progress.busy") } else { String::new() }}
        </p>
        <Messages items=notices_signal()>{retry}</Messages>
        {flow.tx.with_untracked(|t| t.as_ref().and_then(|t| super::later::message_links(&t.messages)))}
        {children()}
        <div class="actions">
            {footer.map(|f| f())}
            {super::ways::other_ways()}
            <Show when=can_cancel>
                <button
                    type="button"
                    class="link"
                    data-action="cancel"
                    disabled=move || busy.get()
                    on:click=move |_| flow.dispatch(Intent::Cancel)
                >
                    {i18n.t("action.cancel")}
                </button>
            </Show>
        </div>
    }
}

/// A step shown as its form under a heading and a lead.
pub(super) fn form_screen(
    title: String,
    lead: String,
    step: NextStep,
    submit_label: String,
    kept: HashMap<String, String>,
) -> AnyView {
    view! {
        <StepFrame title=title lead=lead>
            <StepForm step=step submit_label=submit_label kept=kept />
        </StepFrame>
    }
    .into_any()
}
