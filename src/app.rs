//! Root component: loads the runtime configuration, then routes.
//!
//! Invariants: nothing that talks to Okta renders before a valid
//! [`AppConfig`] exists (it is provided as context); a missing or broken
//! config shows [`ConfigErrorPage`] instead of a blank page or a panic.
//! The language is settled before the first screen (config override, else
//! the browser's languages), so no screen flips from English to another
//! language; only that language's strings are fetched.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::{Loading, Shell};
use crate::config::{AppConfig, ConfigError};
use crate::http::{fetch_catalog, fetch_config};
use crate::i18n::{self, Catalog, provide_i18n, use_i18n};
use crate::pages::{callback::Callback, home::Home, login::Login};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let boot = LocalResource::new(|| async {
        let config = fetch_config().await;
        let wanted = config.as_ref().ok().and_then(|c| c.language.clone());
        let lang = i18n::negotiate(wanted.as_deref(), &i18n::browser_languages());
        (config, fetch_catalog(lang).await)
    });
    view! {
        <Suspense fallback=|| view! { <Loading label=use_i18n().t("app.loading") /> }>
            {move || {
                boot.get().map(|(config, catalog)| view! { <Booted config=config catalog=catalog /> })
            }}
        </Suspense>
    }
}

/// Provides the language, then the routes or the configuration error.
#[component]
fn Booted(config: Result<AppConfig, ConfigError>, catalog: Catalog) -> impl IntoView {
    provide_i18n(catalog);
    match config {
        Ok(cfg) => view! { <Routed config=cfg /> }.into_any(),
        Err(err) => view! { <ConfigErrorPage error=err /> }.into_any(),
    }
}

/// The routes, once the configuration is known.
#[component]
fn Routed(config: AppConfig) -> impl IntoView {
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
    let i18n = use_i18n();
    crate::components::screens::set_title(&i18n.t("config.title"));
    // The problem itself stays in English: it quotes setting names and is
    // meant for whoever deploys the app.
    view! {
        <Shell wide=true>
            <div data-testid="config-error" class="config-error">
                <h1>{i18n.t("config.title")}</h1>
                <div class="message error" role="alert">
                    <p lang="en">{error.to_string()}</p>
                </div>
                <p>{i18n.t("config.body")}</p>
                <pre><code>{EXAMPLE_CONFIG}</code></pre>
                <p class="hint">{i18n.t("config.hint")}</p>
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
    let i18n = use_i18n();
    crate::components::screens::set_title(&i18n.t("notfound.title"));
    view! {
        <Shell>
            <h1>{i18n.t("notfound.title")}</h1>
            <p class="lead">{i18n.t("notfound.lead")}</p>
            <p>
                <a href="/">{i18n.t("notfound.home")}</a>
            </p>
        </Shell>
    }
}
