//! `/login`: the sign-in flow, rendered from the flow context's phase and
//! current transaction.
//!
//! Invariants: the screen is rebuilt only when a submit (not a poll)
//! changes the state, so focus and typed text survive polling; a signed-in
//! visitor is sent on to the page they asked for.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::layout::{Loading, Shell};
use crate::components::messages::Messages;
use crate::components::screens::step_screen;
use crate::flow::{Phase, use_flow};
use crate::focus;
use crate::i18n::use_i18n;
use crate::link_token;
use crate::session;

/// The sign-in page.
#[component]
pub fn Login() -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let next = use_query_map().get_untracked().get("next");
    let navigate = use_navigate();
    // A link opened in this tab after the app started: a new transaction.
    if link_token::take_from_address() {
        flow.restart();
    }
    if session::is_open() && !link_token::is_pending() {
        let to = next
            .and_then(|n| session::safe_return_path(&n))
            .unwrap_or_else(|| "/".into());
        request_animation_frame(move || {
            navigate(
                &to,
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            );
        });
        return view! { <Loading label=i18n.t("login.already_signed_in") /> }.into_any();
    }
    flow.ensure_started(next);

    Effect::new(move |_| {
        if flow.phase.get() == Phase::Done {
            let to = flow.return_to.get_untracked();
            navigate(
                &to,
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            );
        }
    });

    let screen = move || {
        // Reading the resource makes it run (and re-run after a restart).
        flow.start.track();
        let _ = flow.screen_changes.get();
        match flow.phase.get() {
            Phase::Starting => view! { <Loading label=i18n.t("login.starting") /> }.into_any(),
            Phase::Finishing | Phase::Done => {
                view! { <Loading label=i18n.t("login.finishing") /> }.into_any()
            }
            Phase::StartFailed => {
                focus::focus_screen();
                view! {
                    <Shell>
                        <h1 tabindex="-1">{i18n.t("app.title")}</h1>
                        <Messages items=flow.notices>
                            <div class="message-actions">
                                <button
                                    type="button"
                                    class="secondary"
                                    data-action="retry"
                                    on:click=move |_| flow.retry_now()
                                >
                                    {i18n.t("action.retry")}
                                </button>
                            </div>
                        </Messages>
                    </Shell>
                }
                .into_any()
            }
            // A link that cannot be used is an end, not a hiccup: its way on
            // is a plain sign-in (the token is gone), as on every end screen.
            Phase::LinkRefused => {
                let title = i18n.t("end.link_invalid.title");
                crate::title::set_title(&title);
                focus::focus_screen();
                view! {
                    <Shell>
                        <h1 tabindex="-1">{title}</h1>
                        <Messages items=flow.notices />
                        <button
                            type="button"
                            class="primary"
                            data-action="restart"
                            on:click=move |_| flow.restart()
                        >
                            {i18n.t("action.sign_in")}
                        </button>
                    </Shell>
                }
                .into_any()
            }
            Phase::Terminal => {
                view! { <Shell>{crate::split::end_screen(false)}</Shell> }.into_any()
            }
            Phase::Expired => view! { <Shell>{crate::split::end_screen(true)}</Shell> }.into_any(),
            Phase::Step => {
                let tx = flow.tx.get_untracked();
                match tx {
                    Some(tx) => view! { <Shell>{step_screen(&tx)}</Shell> }.into_any(),
                    None => view! { <Loading label=i18n.t("login.starting") /> }.into_any(),
                }
            }
        }
    };
    screen.into_any()
}
