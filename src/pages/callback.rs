//! `/login/callback`: where Okta returns the browser when a flow leaves the
//! page (IdP redirects, magic links). The embedded flow never lands here on
//! the happy path.
//!
//! Invariant: query values are never trusted: an `error=interaction_required`
//! resumes the saved transaction on `/login`; anything else is explained and
//! offers a fresh start.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::layout::Shell;

/// The redirect landing page.
#[component]
pub fn Callback() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let error = query.get("error");
    if error.as_deref() == Some("interaction_required") {
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
    }
    let description = query
        .get("error_description")
        .or(error)
        .unwrap_or_else(|| "This sign-in link cannot be used here.".into());
    view! {
        <Shell>
            <h1>"Sign-in interrupted"</h1>
            <div class="messages" data-testid="messages" aria-live="polite">
                <div class="message error"><p>{description}</p></div>
            </div>
            <p><a href="/login" data-action="restart">"Start over"</a></p>
        </Shell>
    }
}
