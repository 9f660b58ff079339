//! The sign-in as a library for another Leptos CSR app: [`SignIn`] renders
//! the whole flow (the login page's screens and the redirect callback) under
//! the host's own `<Router>`, [`RequireSignIn`] guards a protected route,
//! [`use_session`] reads the signed-in user's profile and tokens and
//! [`sign_out`] ends the session. `examples/embed` is such a host app.
//!
//! Invariants: the host mounts `<SignIn>` on one route that matches both the
//! sign-in path [`SIGN_IN_PATH`] and the redirect callback's path
//! (`/login/*any`, with the redirect URI `<origin>/login/callback`), so the
//! flow context lives across the callback's move to the sign-in path, as it
//! does in the app, where it is provided above the router. The language and
//! the org's branding are settled (by [`provide_language`], shared with the
//! app's root) before the first screen. Tokens stay idx-core's secret
//! newtypes: [`use_session`] hands out [`StoredSession`], never strings.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::layout::Loading;
use crate::config::{AppConfig, provide_config};
use crate::http::{BrowserTransport, SharedTransport, fetch_catalog};
use crate::i18n::{self, Catalog, I18n, provide_i18n, use_i18n};
use crate::pages::home::redirect_to_sign_in;
use crate::pages::{callback::Callback, login::Login};
use crate::session::{self, StoredSession};
use crate::signout;

/// Where the sign-in lives in the host, as in the app: the callback, an
/// emailed link's token and the return-path check all assume it.
pub const SIGN_IN_PATH: &str = "/login";

/// Applies the org's colours and provides `catalog` with the org's text
/// overrides for its language. The app's root and [`SignIn`] both start here.
pub fn provide_language(config: Option<&AppConfig>, catalog: Catalog) -> I18n {
    let catalog = match config {
        Some(cfg) => {
            if let Some(palette) = &cfg.brand.palette {
                palette.apply();
                if palette.adjusted {
                    crate::devlog::log(|| {
                        format!(
                            "brand.primaryColor was darkened to {} so that text on it stays readable",
                            palette.light
                        )
                    });
                }
            }
            match cfg.texts.get(catalog.lang().tag()) {
                Some(texts) => catalog.with_overrides(texts),
                None => catalog,
            }
        }
        None => catalog,
    };
    provide_i18n(catalog)
}

/// The whole sign-in flow inside a host app, for the route that matches the
/// sign-in path and the path of `config.redirect_uri` (e.g.
/// `<Route path=path!("/login/*any") view=move || view! { <SignIn config=config.clone() /> } />`).
///
/// It loads the strings of the page's language (the config's override, else
/// the browser's; English needs no request) from `/i18n/<lang>.json`, then
/// renders the callback page on the redirect path and the sign-in screens on
/// any other. When the flow ends, the browser goes to the `next` query value
/// (a same-site path), else `/`.
#[component]
pub fn SignIn(
    /// The sign-in settings, the same as the app's `config.json`
    /// (see [`crate::config::parse_config`]).
    config: AppConfig,
) -> impl IntoView {
    let wanted = config.language.clone();
    let catalog = LocalResource::new(move || {
        let wanted = wanted.clone();
        async move {
            let lang = i18n::negotiate(wanted.as_deref(), &i18n::browser_languages());
            fetch_catalog(lang).await
        }
    });
    view! {
        <Suspense fallback=|| view! { <Loading label=use_i18n().t("app.loading") /> }>
            {move || {
                catalog
                    .get()
                    .map(|catalog| view! { <SignInFlow config=config.clone() catalog=catalog /> })
            }}
        </Suspense>
    }
}

/// Provides language, configuration and flow, then picks the page by path.
#[component]
fn SignInFlow(config: AppConfig, catalog: Catalog) -> impl IntoView {
    provide_language(Some(&config), catalog);
    let callback_path = path_of(&config.redirect_uri);
    provide_config(config);
    crate::flow::provide_flow();
    crate::link_token::take_from_address();
    let pathname = use_location().pathname;
    // Re-rendered only when the page kind changes (the callback moving on to
    // the sign-in path), not on every query change.
    let on_callback = Memo::new(move |_| Some(pathname.get()) == callback_path);
    move || {
        if on_callback.get() {
            view! { <Callback /> }.into_any()
        } else {
            view! { <Login /> }.into_any()
        }
    }
}

/// The path of an absolute URL (`https://site/login/callback` →
/// `/login/callback`), without query or fragment.
fn path_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let path = rest.find('/').map_or("/", |at| &rest[at..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    Some(path.to_owned())
}

/// Shows `children` only with a current (unexpired) session; otherwise
/// sends the browser to `/login?next=<this page>` (replacing this history
/// entry, so Back does not loop) and shows `fallback` meanwhile. Inside,
/// [`use_session`] gives the session the guard saw.
#[component]
pub fn RequireSignIn(
    /// What shows while the browser leaves for the sign-in.
    #[prop(optional, into)]
    fallback: ViewFn,
    children: Children,
) -> impl IntoView {
    match session::current() {
        Some(current) => {
            provide_context(CurrentSession(current));
            children().into_any()
        }
        None => {
            redirect_to_sign_in(SIGN_IN_PATH.to_owned());
            fallback.run()
        }
    }
}

/// The session [`RequireSignIn`] let through.
#[derive(Clone, Debug)]
struct CurrentSession(StoredSession);

/// The signed-in user's profile and tokens: the session a surrounding
/// [`RequireSignIn`] saw, else the current one in storage (`None` when
/// nobody is signed in or the access token has expired). The tokens stay
/// secret newtypes; read one with `.secret()` only to send it.
pub fn use_session() -> Option<StoredSession> {
    use_context::<CurrentSession>()
        .map(|s| s.0)
        .filter(|s| s.expires_at > session::now_secs())
        .or_else(session::current)
}

/// Signs the current user out as the app's home page does: the tokens leave
/// the tab first, they are revoked (within [`signout::REVOKE_BUDGET_MS`]),
/// then the browser goes to Okta's logout page (and from there to
/// `config.post_logout_redirect_uri`, when set). With nobody signed in, it
/// only clears what the sign-in kept in this tab.
///
/// # Errors
/// Only when the browser cannot leave for the logout page; the tokens are
/// gone by then.
pub async fn sign_out(config: &AppConfig) -> Result<(), signout::LogoutUnreachable> {
    let Some(current) = session::take() else {
        crate::storage::clear_all();
        return Ok(());
    };
    let driver = idx_core::Driver::new(config.client(), SharedTransport::new(BrowserTransport));
    signout::sign_out(&driver, &current).await
}

#[cfg(test)]
mod tests {
    use super::path_of;

    #[test]
    fn path_of_an_absolute_url() {
        assert_eq!(
            path_of("https://site.example/login/callback?x=1").as_deref(),
            Some("/login/callback")
        );
        assert_eq!(path_of("http://127.0.0.1:5").as_deref(), Some("/"));
        assert_eq!(path_of("/relative"), None);
    }
}
