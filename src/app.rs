//! Root component: loads the runtime configuration, then routes.
//!
//! Invariants: nothing that talks to Okta renders before a valid
//! [`AppConfig`] exists (it is provided as context); a missing or broken
//! config shows [`ConfigErrorPage`] instead of a blank page or a panic.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::{Loading, Shell};
use crate::config::{AppConfig, ConfigError};
use crate::http::fetch_config;
use crate::pages::{callback::Callback, home::Home, login::Login};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let config = LocalResource::new(fetch_config);
    view! {
        <Suspense fallback=|| view! { <Loading label="Loading…" /> }>
            {move || {
                config
                    .get()
                    .map(|result| match result {
                        Ok(cfg) => view! { <Routed config=cfg /> }.into_any(),
                        Err(err) => view! { <ConfigErrorPage error=err /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The routes, once the configuration is known.
#[component]
fn Routed(config: AppConfig) -> impl IntoView {
    if let Some(lang) = &config.language {
        set_document_lang(lang);
    }
    provide_context(config);
    crate::flow::provide_flow();
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=Home />
                <Route path=path!("/login") view=Login />
                <Route path=path!("/login/callback") view=Callback />
            </Routes>
        </Router>
    }
}

fn set_document_lang(lang: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang);
    }
}

/// The configuration from context; only valid under [`Routed`].
pub fn use_config() -> AppConfig {
    expect_context::<AppConfig>()
}

/// Explains a configuration problem to whoever deploys the app.
#[component]
pub fn ConfigErrorPage(
    /// What is wrong.
    error: ConfigError,
) -> impl IntoView {
    view! {
        <Shell wide=true>
            <div data-testid="config-error" class="config-error">
                <h1>"This sign-in page is not set up yet"</h1>
                <div class="message error" role="alert">
                    <p>{error.to_string()}</p>
                </div>
                <p>
                    "The app reads its settings from "<code>"config.json"</code>
                    " at the root of this site. Put a file like this next to "
                    <code>"index.html"</code>", with the values of your Okta org and app, then reload:"
                </p>
                <pre><code>{EXAMPLE_CONFIG}</code></pre>
                <p class="hint">
                    "issuer: your authorization server; clientId: the SPA app's client id; "
                    "redirectUri: a sign-in redirect URI registered on that app; "
                    "scopes must include openid."
                </p>
            </div>
        </Shell>
    }
}

const EXAMPLE_CONFIG: &str = r#"{
  "issuer": "https://YOUR-ORG.okta.com/oauth2/default",
  "clientId": "YOUR-SPA-CLIENT-ID",
  "redirectUri": "https://YOUR-SITE/login/callback",
  "scopes": ["openid", "profile", "email", "offline_access"]
}"#;

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <Shell>
            <h1>"Page not found"</h1>
            <p class="lead">"There is nothing at this address."</p>
            <p>
                <a href="/">"Go to the home page"</a>
            </p>
        </Shell>
    }
}
