//! `/login/callback`: where Okta returns the browser when a flow leaves the
//! page (IdP sign-in, email magic links). The embedded flow never lands here
//! on the happy path.
//!
//! Invariants: the query is parsed by idx-core against the saved
//! transaction's OAuth `state`, so only a callback for this tab's own
//! transaction can resume it (a forged or stale link cannot); text from the
//! query (`error_description`) is never shown, because anyone can put words
//! on this page through a link; only known error codes get a message of ours.
//! The one thing shown from a query is a foreign magic link's code, which
//! idx-core hands out only when it is digits, under a warning never to share
//! it. A usable callback is passed to the flow and the address bar moves to
//! `/login` (replacing this entry); a foreign magic link's query is dropped
//! from the address bar and its history entry as soon as it is read, so no
//! code stays in the history either way.

use idx_core::{CallbackError, parse_redirect_callback};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::components::layout::{Loading, Shell};
use crate::config::use_config;
use crate::flow::use_flow;
use crate::i18n::use_i18n;
use crate::meta;

/// [`Callback`] as a view (loaded on demand: `crate::split`).
pub(crate) fn callback_page() -> AnyView {
    view! { <Callback /> }.into_any()
}

/// The redirect landing page.
#[component]
pub fn Callback() -> impl IntoView {
    let config = use_config();
    let i18n = use_i18n();
    let query = use_location().search.get_untracked();
    let saved = meta::load(&config);
    let outcome = parse_redirect_callback(&query, saved.as_ref().map(|s| &s.tx.state));
    let text = match outcome {
        Ok(callback) => {
            let flow = use_flow();
            let navigate = use_navigate();
            request_animation_frame(move || {
                flow.continue_from_callback(callback);
                navigate(
                    "/login",
                    NavigateOptions {
                        replace: true,
                        ..NavigateOptions::default()
                    },
                );
            });
            return view! { <Loading label=i18n.t("callback.continuing") /> }.into_any();
        }
        Err(CallbackError::ForeignMagicLink(otp)) => {
            forget_query();
            crate::title::set_title(&i18n.t("callback.otp.title"));
            return view! {
                <Shell>
                    <h1>{i18n.t("callback.otp.title")}</h1>
                    <p class="lead">{i18n.t("callback.otp.lead")}</p>
                    <p class="otp" data-testid="magic-link-code">{group_digits(otp.secret())}</p>
                    <p class="warning" data-testid="never-share">
                        <strong>{i18n.t("callback.otp.never_share")}</strong>
                    </p>
                    <p class="hint">{i18n.t("callback.otp.close")}</p>
                </Shell>
            }
            .into_any();
        }
        Err(CallbackError::StateMismatch) => i18n.t("callback.foreign"),
        Err(CallbackError::OAuth { error, .. }) if error == "access_denied" => {
            i18n.t("callback.denied")
        }
        Err(_) => i18n.t("callback.default"),
    };
    crate::title::set_title(&i18n.t("callback.title"));
    view! {
        <Shell>
            <h1>{i18n.t("callback.title")}</h1>
            <div class="messages" data-testid="messages" aria-live="polite">
                <div class="message error"><p>{text}</p></div>
            </div>
            <p><a href="/login" data-action="restart">{i18n.t("action.restart")}</a></p>
        </Shell>
    }
    .into_any()
}

/// Replaces this history entry's URL with the bare callback path, so the code
/// in the query is neither in the address bar nor reachable with Back.
fn forget_query() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    if let Ok(history) = window.history() {
        // Failing leaves the address as it was: the page still works.
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}

/// `123456` → `123 456`: easier to read out and type (the digits and their
/// order are unchanged; no separator for short odd codes).
fn group_digits(code: &str) -> String {
    if code.len().is_multiple_of(3) && code.len() > 3 {
        code.as_bytes()
            .chunks(3)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        code.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::group_digits;

    #[test]
    fn groups_codes_of_threes() {
        assert_eq!(group_digits("123456"), "123 456");
        assert_eq!(group_digits("123456789"), "123 456 789");
        assert_eq!(group_digits("12345"), "12345");
        assert_eq!(group_digits("123"), "123");
    }
}
