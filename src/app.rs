//! Root component: loads the runtime configuration, then routes.
//!
//! Invariants: nothing that talks to Okta renders before a valid
//! [`AppConfig`] exists (it is provided as context); a missing or broken
//! config shows [`ConfigErrorPage`] instead of a blank page or a panic.
//! The language is settled before the first screen (config override, else
//! the browser's languages), so no screen flips from English to another
//! language. The browser language's strings load in parallel with the
//! config (English needs no request); a config that overrides the language
//! fetches that language's strings afterwards.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::{Loading, Shell};
use crate::config::{AppConfig, ConfigError, provide_config};
use crate::http::{fetch_catalog, fetch_config};
use crate::i18n::{self, Catalog, use_i18n};
use crate::pages::{home::Home, login::Login};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let boot = LocalResource::new(|| async {
        // The strings for the browser's language load alongside the config;
        // only a config that overrides the language costs a second round.
        let browser = i18n::browser_languages();
        let guess = i18n::negotiate(None, &browser);
        let (config, guessed) = futures::future::join(fetch_config(), fetch_catalog(guess)).await;
        let wanted = config.as_ref().ok().and_then(|c| c.language.clone());
        let lang = i18n::negotiate(wanted.as_deref(), &browser);
        let catalog = if lang == guess {
            guessed
        } else {
            fetch_catalog(lang).await
        };
        (config, catalog)
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
    // The org's colours and texts apply before the first screen.
    crate::embed::provide_language(config.as_ref().ok(), catalog);
    match config {
        Ok(cfg) => view! { <Routed config=cfg /> }.into_any(),
        Err(err) => crate::split::config_error(err),
    }
}

/// The routes, once the configuration is known.
///
/// A visitor who will need to sign in (on `/login`, or on `/` without a
/// session) gets the transaction started before the router is built, and
/// the router is built once introspect is on the wire: that work overlaps
/// the network instead of delaying the requests. The login page's own start
/// is then a no-op.
#[component]
fn Routed(config: AppConfig) -> impl IntoView {
    provide_config(config);
    let flow = crate::flow::provide_flow();
    // An activation or reset link: its token is kept for the start and the
    // address becomes `/login` before the router reads it.
    crate::link_token::take_from_address();
    let early = early_sign_in();
    let started_early = early.is_some();
    if let Some(next) = early {
        flow.ensure_started(next);
    }
    // Until the first state is requested (or the start ended some other
    // way), this shows the same waiting screen the login page would. Once
    // shown, the routes stay (a retry after a failed start goes back to
    // `Starting` and must not unmount the page).
    let show_routes = Memo::new(move |shown: Option<&bool>| {
        shown.copied().unwrap_or(false)
            || !started_early
            || flow.first_state_requested.get()
            || flow.phase.get() != crate::flow::Phase::Starting
    });
    let loading = move || view! { <Loading label=use_i18n().t("login.starting") /> };
    view! {
        <Show when=move || show_routes.get() fallback=loading>
            <Router>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/login") view=Login />
                    <Route path=path!("/login/callback") view=crate::split::callback_page />
                </Routes>
            </Router>
        </Show>
    }
}

/// `Some(next)` when the page being opened will show the sign-in flow: the
/// login page (with its `next` query value) or the home page without a
/// session (which sends the visitor to the login page).
fn early_sign_in() -> Option<Option<String>> {
    let location = web_sys::window()?.location();
    let path = location.pathname().ok()?;
    // A link's token is for a new sign-in even with a session open.
    if crate::session::is_open() && !crate::link_token::is_pending() {
        return None;
    }
    match path.as_str() {
        "/login" => {
            let search = location.search().ok()?;
            let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
            Some(params.get("next"))
        }
        "/" => Some(Some("/".to_owned())),
        _ => None,
    }
}

/// [`ConfigErrorPage`] as a view (loaded on demand: `crate::split`).
pub(crate) fn config_error_page(error: ConfigError) -> AnyView {
    view! { <ConfigErrorPage error=error /> }.into_any()
}

/// Explains a configuration problem to whoever deploys the app.
#[component]
pub fn ConfigErrorPage(
    /// What is wrong.
    error: ConfigError,
) -> impl IntoView {
    let i18n = use_i18n();
    crate::title::set_title(&i18n.t("config.title"));
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
  "scopes": ["openid", "profile", "email"]
}"#;

#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    crate::title::set_title(&i18n.t("notfound.title"));
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
