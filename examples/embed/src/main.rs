//! A Leptos app of its own ("Example Co.") that embeds the sign-in as a
//! library: a public home page, an account page behind
//! [`RequireSignIn`], and [`SignIn`] mounted at `/login/*any` (the sign-in
//! page and the redirect callback `/login/callback`).
//!
//! The host reads the same `config.json` as the app (its own copy in
//! `public/`, replaced per deployment) with the library's
//! [`fetch_config`]; a broken one is shown, never a blank page. What it
//! shows of the user comes from [`use_session`]: the profile, never a
//! token's text.
//!
//! Run it against the emulator with `cargo run -p idx-emulator` and
//! `trunk serve` in this folder (after `cargo xtask install`).

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;
use signin::config::AppConfig;
use signin::embed::{RequireSignIn, SignIn, sign_out, use_session};
use signin::http::fetch_config;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(Host);
}

/// Loads the sign-in's configuration, then routes.
#[component]
fn Host() -> impl IntoView {
    let config = LocalResource::new(fetch_config);
    view! {
        <Suspense fallback=|| view! { <p class="host-page" role="status">"Loading…"</p> }>
            {move || {
                config
                    .get()
                    .map(|loaded| match loaded {
                        Ok(config) => view! { <Routed config=config /> }.into_any(),
                        Err(err) => {
                            view! {
                                <main class="host-page">
                                    <h1>"Example Co."</h1>
                                    <p role="alert" data-testid="host-config-error">{err.to_string()}</p>
                                </main>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// The host's own pages and the embedded sign-in.
#[component]
fn Routed(config: AppConfig) -> impl IntoView {
    let for_sign_in = config.clone();
    let for_account = config;
    view! {
        <Router>
            <nav class="host-bar" aria-label="Example Co.">
                <span class="host-name">"Example Co."</span>
                <A href="/">"Home"</A>
                <A href="/account">"Your account"</A>
            </nav>
            <Routes fallback=|| view! { <main class="host-page"><h1>"Page not found"</h1></main> }>
                <Route path=path!("/") view=Public />
                <Route
                    path=path!("/account")
                    view=move || {
                        let config = for_account.clone();
                        view! {
                            <RequireSignIn fallback=|| {
                                view! { <p class="host-page" role="status">"Taking you to sign-in…"</p> }
                            }>
                                <Account config=config.clone() />
                            </RequireSignIn>
                        }
                    }
                />
                <Route
                    path=path!("/login/*any")
                    view=move || view! { <SignIn config=for_sign_in.clone() /> }
                />
            </Routes>
        </Router>
    }
}

/// A page anyone may see; it knows whether someone is signed in.
#[component]
fn Public() -> impl IntoView {
    let greeting = match use_session() {
        Some(session) => format!("Welcome back, {}.", session.profile.display_name()),
        None => "You are not signed in.".to_owned(),
    };
    view! {
        <main class="host-page" data-testid="host-home">
            <h1>"Example Co."</h1>
            <p data-testid="host-greeting">{greeting}</p>
            <p><A href="/account">"Go to your account"</A></p>
        </main>
    }
}

/// The guarded page: only rendered inside [`RequireSignIn`].
#[component]
fn Account(config: AppConfig) -> impl IntoView {
    let Some(session) = use_session() else {
        // RequireSignIn let us in, so the session is there; stay truthful anyway.
        return view! { <main class="host-page"><p>"You are not signed in."</p></main> }.into_any();
    };
    let name = session.profile.display_name().to_owned();
    let email = session.profile.email.clone().unwrap_or_default();
    let leaving = Action::new_local(move |_: &()| {
        let config = config.clone();
        async move { sign_out(&config).await.is_ok() }
    });
    let failed = move || leaving.value().get() == Some(false);
    view! {
        <main class="host-page" data-testid="host-account">
            <h1>"Your account"</h1>
            <p>"Signed in as " <strong data-testid="host-user">{name}</strong></p>
            <p data-testid="host-email">{email}</p>
            <Show when=failed>
                <p role="alert">"You are signed out here, but Okta's sign-out page could not be opened."</p>
            </Show>
            <button
                type="button"
                class="primary"
                data-action="host-signout"
                disabled=move || leaving.pending().get()
                on:click=move |_| {
                    leaving.dispatch_local(());
                }
            >
                "Sign out"
            </button>
        </main>
    }
    .into_any()
}
