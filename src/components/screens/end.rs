//! The end of a transaction: terminal (the server ended it, or it was
//! cancelled) and expired, each with a way to start over.
//!
//! Invariants: the screen always says something (the server's messages,
//! else the app's own words for the end); an expiry's messages come first;
//! starting over is the only action, since the transaction cannot continue.

use leptos::prelude::*;

use super::frame::notices_signal;
use crate::components::messages::{Messages, Notice};
use crate::flow::use_flow;
use crate::focus;
use crate::i18n::use_i18n;
use crate::title::set_title;

/// TERMINAL or expired: what happened and a way to start over.
#[component]
pub fn EndScreen(
    /// The transaction expired (rather than ended).
    expired: bool,
) -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let extra: Vec<Notice> = if expired {
        let mut v: Vec<Notice> = flow
            .expired_messages
            .get_untracked()
            .into_iter()
            .map(|m| Notice::error(i18n.idx(&m)))
            .collect();
        if v.is_empty() {
            v.push(Notice::error(i18n.t("end.expired")));
        }
        v
    } else {
        Vec::new()
    };
    let items = {
        let base = notices_signal();
        Signal::derive(move || {
            let mut v = extra.clone();
            v.extend(base.get());
            if v.is_empty() {
                v.push(Notice::info(i18n.t("end.ended")));
            }
            v
        })
    };
    let title = i18n.t(if expired {
        "end.expired.title"
    } else {
        "end.stopped.title"
    });
    focus::focus_screen();
    set_title(&title);
    view! {
        <h1 tabindex="-1">{title}</h1>
        <Messages items=items />
        <p>{i18n.t("end.start_again")}</p>
        <button type="button" class="primary" data-action="restart" on:click=move |_| flow.restart()>
            {i18n.t("action.restart")}
        </button>
    }
}
