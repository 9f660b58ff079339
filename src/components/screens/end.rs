//! The end of a transaction: what happened, worded by what it was (signed
//! in, email verified, consent given or refused, account unlocked, password
//! changed, an email to check, an activation email requested, a link that
//! cannot be used, or a real stop), and expired, each with its next step.
//!
//! Invariants: the title comes from idx-core's [`Ending`] (never from the
//! server's text), so a success is never called a stop and "Sign-in
//! stopped" is only for a real stop; the screen always says something (the
//! server's messages, else the app's own words); an expiry's messages come
//! first; where the sign-in goes on elsewhere (signed in at Okta) the next
//! step is a link there, and where it goes on in another tab there is
//! nothing to press; otherwise the way on is to start again.

use idx_core::Ending;
use leptos::prelude::*;

use super::frame::notices_signal;
use super::later::message_links;
use crate::components::messages::Messages;
use crate::flow::use_flow;
use crate::focus;
use crate::i18n::use_i18n;
use crate::notice::Notice;
use crate::title::set_title;

/// Title, the words when the server sent none, and what comes next.
fn wording(ending: Option<Ending>, expired: bool) -> (&'static str, &'static str, &'static str) {
    if expired {
        return ("end.expired.title", "end.ended", "end.start_again");
    }
    match ending.unwrap_or(Ending::Stopped) {
        Ending::SignedIn => ("end.signed_in.title", "end.signed_in", "end.signed_in.next"),
        Ending::EmailVerified => (
            "end.email_verified.title",
            "end.email_verified",
            "end.other_tab",
        ),
        Ending::ConsentGiven => (
            "end.consent_given.title",
            "end.consent_given",
            "end.other_tab",
        ),
        Ending::ConsentRefused => (
            "end.consent_refused.title",
            "end.consent_refused",
            "end.start_again",
        ),
        Ending::Unlocked => ("end.unlocked.title", "end.unlocked", "end.sign_in_now"),
        Ending::PasswordReset => (
            "end.password_reset.title",
            "end.password_reset",
            "end.sign_in_now",
        ),
        Ending::CheckEmail => (
            "end.check_email.title",
            "end.check_email",
            "end.check_email.next",
        ),
        Ending::ActivationEmailSent => (
            "end.activation_sent.title",
            "end.activation_sent",
            "end.check_email.next",
        ),
        Ending::LinkInvalid => (
            "end.link_invalid.title",
            "end.link_invalid",
            "end.start_again",
        ),
        _ => ("end.stopped.title", "end.ended", "end.start_again"),
    }
}

/// [`EndScreen`] as a view (loaded on demand: `crate::split`).
pub(crate) fn end_screen(expired: bool) -> AnyView {
    view! { <EndScreen expired=expired /> }.into_any()
}

/// TERMINAL or expired: what happened and the way on.
#[component]
pub fn EndScreen(
    /// The transaction expired (rather than ended).
    expired: bool,
) -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let tx = flow.tx.get_untracked();
    let ending = tx.as_ref().and_then(idx_core::Transaction::ending);
    let (title_key, fallback_key, next_key) = wording(ending, expired);
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
                v.push(Notice::info(i18n.t(fallback_key)));
            }
            v
        })
    };
    let links = tx.as_ref().and_then(|t| message_links(&t.messages));
    let title = i18n.t(title_key);
    let next = match (ending, tx.and_then(|t| t.success_redirect)) {
        (Some(Ending::SignedIn), Some(href)) if !expired => view! {
            <a class="button primary" href=href data-action="continue" rel="external">
                {i18n.t("end.signed_in.continue")}
            </a>
        }
        .into_any(),
        (Some(Ending::EmailVerified | Ending::ConsentGiven), _) if !expired => ().into_any(),
        (Some(Ending::Unlocked | Ending::PasswordReset), _) if !expired => view! {
            <button type="button" class="primary" data-action="restart" on:click=move |_| flow.restart()>
                {i18n.t("action.sign_in")}
            </button>
        }
        .into_any(),
        _ => view! {
            <button type="button" class="primary" data-action="restart" on:click=move |_| flow.restart()>
                {i18n.t("action.restart")}
            </button>
        }
        .into_any(),
    };
    focus::focus_screen();
    set_title(&title);
    view! {
        <h1 tabindex="-1" data-ending=ending.map(|e| format!("{e:?}"))>{title}</h1>
        <Messages items=items />
        {links}
        <p>{i18n.t(next_key)}</p>
        {next}
    }
}
