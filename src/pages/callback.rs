//! `/login/callback`: where Okta returns the browser when a flow leaves the
//! page (IdP redirects, magic links). The embedded flow never lands here on
//! the happy path.
//!
//! Invariants: the query is parsed by idx-core against the saved
//! transaction's OAuth `state`, so only a callback for this tab's own
//! transaction can resume it (a forged or stale link cannot); text from the
//! query (`error_description`) is never shown, because anyone can put words
//! on this page through a link; only known error codes get a message of ours.

use idx_core::{CallbackError, RedirectCallback, parse_redirect_callback};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::app::use_config;
use crate::components::layout::Shell;
use crate::i18n::use_i18n;
use crate::meta;

/// The redirect landing page.
#[component]
pub fn Callback() -> impl IntoView {
    let config = use_config();
    let i18n = use_i18n();
    let query = use_location().search.get_untracked();
    let outcome = meta::load(&config)
        .ok_or(CallbackError::StateMismatch)
        .and_then(|saved| parse_redirect_callback(&query, &saved.tx.state));
    let text = match outcome {
        Ok(RedirectCallback::InteractionRequired) => {
            let navigate = use_navigate();
            request_animation_frame(move || {
                navigate(
                    "/login",
                    NavigateOptions {
                        replace: true,
                        ..NavigateOptions::default()
                    },
                );
            });
            i18n.t("callback.continuing")
        }
        // Codes and magic-link OTPs arriving here are not redeemed by this
        // page: the embedded flow finishes on /login.
        Ok(_) => i18n.t("callback.finish_on_login"),
        Err(CallbackError::StateMismatch) => i18n.t("callback.foreign"),
        Err(CallbackError::OAuth { error, .. }) if error == "access_denied" => {
            i18n.t("callback.denied")
        }
        Err(_) => i18n.t("callback.default"),
    };
    view! {
        <Shell>
            <h1>{i18n.t("callback.title")}</h1>
            <div class="messages" data-testid="messages" aria-live="polite">
                <div class="message error"><p>{text}</p></div>
            </div>
            <p><a href="/login" data-action="restart">{i18n.t("action.restart")}</a></p>
        </Shell>
    }
}
