//! The code the first screen does not need, loaded when a state first needs
//! it.
//!
//! With the feature `split` (the release build of `cargo xtask dist` and of
//! the end-to-end tests), each split point below starts a wasm module of its
//! own: `later` holds every step screen but identify's, `fields` the
//! form's fields beyond text and checkbox, `finish` the token exchange and
//! its checks, `home` the signed-in page, `end` how a sign-in ended,
//! `callback` the redirect landing page, `config_error` the page that
//! explains a broken `config.json` and `passkey` identify's passkey sign-in
//! (only where the org offers it). The flow loads what a state needs
//! before it shows the state ([`ready_for`]), and once the first form is
//! usable the modules are downloaded (not compiled) in idle time
//! ([`prefetch_when_idle`]), so a step seldom waits for the network. A module
//! that fails to download (a bad network) shows [`LoadFailed`], with a
//! button that tries again: the transaction and what was typed stay.
//! Without the feature (component tests, `trunk serve`, a plain `trunk
//! build`) the same functions run from the one module.
//!
//! Invariant: a split point's code is reached only through this module.
//! When its module is loaded, the view is built at once (no extra frame),
//! exactly as without the split.

use std::collections::HashMap;

use idx_core::{InteractionCode, NextStep, StepName, Transaction};
use leptos::prelude::*;

use crate::components::form::FormState;
use crate::flow::Flow;

/// The modules showing `tx` needs.
#[cfg(feature = "split")]
async fn preload_for(tx: &Transaction) -> Result<(), lazy::SplitLoaderError> {
    match &tx.next_step {
        None => lazy::preload_end().await,
        Some(step) if is_first_screen(step) => Ok(()),
        Some(_) => {
            lazy::preload_later().await?;
            lazy::preload_fields().await
        }
    }
}

/// The identify step (without an authenticator) is the first screen's.
pub(crate) fn is_first_screen(step: &NextStep) -> bool {
    step.name == StepName::Identify && step.authenticator_key().is_none()
}

/// The screen for a step other than the first one.
pub(crate) fn later_screen(
    tx: Transaction,
    step: NextStep,
    kept: HashMap<String, String>,
) -> AnyView {
    #[cfg(feature = "split")]
    return lazily(move || lazy::later_screen(tx.clone(), step.clone(), kept.clone()));
    #[cfg(not(feature = "split"))]
    crate::components::screens::later_step_screen(&tx, step, kept)
}

/// A field of a kind identify does not use (object, select, radio group).
pub(crate) fn other_field(input: idx_core::Input, state: FormState) -> AnyView {
    #[cfg(feature = "split")]
    return lazily(move || lazy::other_field(input.clone(), state));
    #[cfg(not(feature = "split"))]
    crate::components::form::fields::other_field(input, state)
}

/// Identify's passkey sign-in for `tx` (autofill and button).
pub(crate) fn passkey(tx: Transaction) -> AnyView {
    #[cfg(feature = "split")]
    return lazily_optional(move || lazy::passkey(tx.clone()));
    #[cfg(not(feature = "split"))]
    crate::components::screens::passkey_view(&tx)
}

/// How the sign-in ended (terminal or `expired`), with the way on.
pub(crate) fn end_screen(expired: bool) -> AnyView {
    #[cfg(feature = "split")]
    return lazily(move || lazy::end_screen(expired));
    #[cfg(not(feature = "split"))]
    crate::components::screens::end::end_screen(expired)
}

/// The redirect landing page (`/login/callback`).
pub(crate) fn callback_page() -> AnyView {
    #[cfg(feature = "split")]
    return lazily(lazy::callback_page);
    #[cfg(not(feature = "split"))]
    crate::pages::callback::callback_page()
}

/// The page that explains a broken or missing `config.json`.
pub(crate) fn config_error(error: crate::config::ConfigError) -> AnyView {
    #[cfg(feature = "split")]
    return lazily(move || lazy::config_error(error.clone()));
    #[cfg(not(feature = "split"))]
    crate::app::config_error_page(error)
}

/// The signed-in home page's content.
pub(crate) fn signed_in() -> AnyView {
    #[cfg(feature = "split")]
    return lazily(lazy::signed_in);
    #[cfg(not(feature = "split"))]
    crate::pages::home::signed_in_page()
}

/// Redeems `code` and keeps the session (`Flow::redeem`); `false` when its
/// module could not download, after two more tries a second or two apart.
pub(crate) async fn finish(flow: Flow, code: InteractionCode) -> bool {
    #[cfg(feature = "split")]
    {
        for wait_ms in [0, 1000, 2000] {
            if wait_ms > 0 {
                crate::timer::sleep(wait_ms).await;
            }
            if let Ok(redeeming) = lazy::finish(flow, code.clone()).await {
                redeeming.await;
                return true;
            }
        }
        false
    }
    #[cfg(not(feature = "split"))]
    {
        flow.redeem(code).await;
        true
    }
}

/// Loads what showing `tx` needs. A module that fails to download is
/// not an error here: the screen then offers to try again.
pub(crate) async fn ready_for(tx: &Transaction) {
    #[cfg(feature = "split")]
    let _ = preload_for(tx).await;
    #[cfg(not(feature = "split"))]
    let _ = tx;
}

/// Downloads the on-demand modules once the browser is idle after the
/// first form, so the next state does not wait for the network: the
/// release build lists them, next steps first, in `<meta
/// name="signin-prefetch">`. Only the bytes are fetched (into the HTTP
/// cache, where the loader finds them): a module is compiled and
/// instantiated when a state first needs it ([`ready_for`]), so memory and
/// CPU are not spent on steps this visitor may never reach.
pub(crate) fn prefetch_when_idle() {
    #[cfg(feature = "split")]
    {
        use std::sync::atomic::{AtomicBool, Ordering};
        static STARTED: AtomicBool = AtomicBool::new(false);
        if STARTED.swap(true, Ordering::Relaxed) {
            return;
        }
        crate::timer::when_idle(|| {
            let listed = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector("meta[name=signin-prefetch]")
                        .ok()
                        .flatten()
                })
                .and_then(|meta| meta.get_attribute("content"))
                .unwrap_or_default();
            let urls: Vec<String> = listed.split_whitespace().map(str::to_owned).collect();
            leptos::task::spawn_local(fetch_ahead(urls));
        });
    }
}

/// Fetches each URL in turn and reads its body to the end (so the whole
/// file lands in the cache), dropping it: a failure is retried when a
/// state needs the module.
#[cfg(feature = "split")]
async fn fetch_ahead(urls: Vec<String>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    let Some(window) = web_sys::window() else {
        return;
    };
    for url in urls {
        let Ok(response) = JsFuture::from(window.fetch_with_str(&url)).await else {
            continue;
        };
        let Ok(response) = response.dyn_into::<web_sys::Response>() else {
            continue;
        };
        if let Ok(body) = response.array_buffer() {
            let _ = JsFuture::from(body).await;
        }
    }
}

/// A split point's view on its way: resolves once its module is loaded.
#[cfg(feature = "split")]
type Loading = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<AnyView, lazy::SplitLoaderError>> + Send>,
>;

/// A view built by a split point: at once when its module is loaded, else
/// once it is (or [`LoadFailed`] when it cannot be). Generic only in this
/// thin wrapper: the body below is compiled once, not once per split point.
#[cfg(feature = "split")]
fn lazily<Fut>(load: impl Fn() -> Fut + Send + Sync + 'static) -> AnyView
where
    Fut: std::future::Future<Output = Result<AnyView, lazy::SplitLoaderError>> + Send + 'static,
{
    lazily_boxed(std::sync::Arc::new(move || Box::pin(load()) as Loading))
}

#[cfg(feature = "split")]
fn lazily_boxed(load: std::sync::Arc<dyn Fn() -> Loading + Send + Sync>) -> AnyView {
    use futures::FutureExt;

    let mut first = load();
    let attempt = RwSignal::new(0_u32);
    // A future that has finished is never polled again.
    let mut pending = match first.as_mut().now_or_never() {
        Some(Ok(view)) => return view,
        Some(Err(_)) => None,
        None => Some(first),
    };
    (move || {
        // The first attempt is the one already started (unless it failed
        // at once); "Try again" starts another.
        let fut = match (attempt.get(), pending.take()) {
            (0, Some(fut)) => fut,
            (0, None) => {
                return view! {
                    <LoadFailed on_retry=move || attempt.update(|n| *n += 1) />
                }
                .into_any();
            }
            _ => load(),
        };
        Suspend::new(async move {
            match fut.await {
                Ok(view) => view,
                Err(_) => view! {
                    <LoadFailed on_retry=move || attempt.update(|n| *n += 1) />
                }
                .into_any(),
            }
        })
        .into_any()
    })
    .into_any()
}

/// As [`lazily`], for an extra that the screen works without: nothing is
/// shown while its module loads or when it cannot.
#[cfg(feature = "split")]
fn lazily_optional<Fut>(load: impl Fn() -> Fut + Send + Sync + 'static) -> AnyView
where
    Fut: std::future::Future<Output = Result<AnyView, lazy::SplitLoaderError>> + Send + 'static,
{
    use futures::FutureExt;

    let mut fut = Box::pin(load());
    match fut.as_mut().now_or_never() {
        Some(Ok(view)) => view,
        Some(Err(_)) => ().into_any(),
        None => Suspend::new(async move { fut.await.unwrap_or_else(|_| ().into_any()) }).into_any(),
    }
}

/// Part of the page did not download: say so and offer to try again.
#[component]
pub fn LoadFailed(
    /// Tries the download again.
    on_retry: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    crate::title::set_title(&i18n.t("split.failed_title"));
    crate::focus::focus_screen();
    view! {
        <div data-testid="load-failed">
            <h1 tabindex="-1">{i18n.t("split.failed_title")}</h1>
            <div class="message error" role="alert">
                <p>{i18n.t("split.failed")}</p>
            </div>
            <button type="button" class="primary" data-action="retry-load" on:click=move |_| on_retry()>
                {i18n.t("action.retry")}
            </button>
        </div>
    }
}

/// The split points. `wasm_split` exports each function from a module of
/// its own and gives it an async wrapper that loads that module first (the
/// `unsafe` it generates is the loader's FFI, confined to that macro). A
/// view is built untracked: when it is built inside a `Suspend`, what it
/// reads must not subscribe the enclosing view (which would rebuild it).
#[cfg(feature = "split")]
mod lazy {
    use super::*;
    pub(super) use wasm_split_helpers::SplitLoaderError;

    #[wasm_split_helpers::wasm_split(later, fallible, preload(preload_later))]
    pub(super) fn later_screen(
        tx: Transaction,
        step: NextStep,
        kept: HashMap<String, String>,
    ) -> Result<AnyView, SplitLoaderError> {
        Ok(untrack(|| {
            crate::components::screens::later_step_screen(&tx, step, kept)
        }))
    }

    #[wasm_split_helpers::wasm_split(fields, fallible, preload(preload_fields))]
    pub(super) fn other_field(
        input: idx_core::Input,
        state: FormState,
    ) -> Result<AnyView, SplitLoaderError> {
        Ok(untrack(|| {
            crate::components::form::fields::other_field(input, state)
        }))
    }

    #[wasm_split_helpers::wasm_split(finish, fallible)]
    pub(super) fn finish(
        flow: Flow,
        code: InteractionCode,
    ) -> Result<std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>, SplitLoaderError> {
        Ok(Box::pin(flow.redeem(code)))
    }

    #[wasm_split_helpers::wasm_split(passkey, fallible)]
    pub(super) fn passkey(tx: Transaction) -> Result<AnyView, SplitLoaderError> {
        Ok(untrack(|| crate::components::screens::passkey_view(&tx)))
    }

    #[wasm_split_helpers::wasm_split(end, fallible, preload(preload_end))]
    pub(super) fn end_screen(expired: bool) -> Result<AnyView, SplitLoaderError> {
        Ok(untrack(|| {
            crate::components::screens::end::end_screen(expired)
        }))
    }

    #[wasm_split_helpers::wasm_split(callback, fallible)]
    pub(super) fn callback_page() -> Result<AnyView, SplitLoaderError> {
        Ok(untrack(crate::pages::callback::callback_page))
    }

    #[wasm_split_helpers::wasm_split(config_error, fallible)]
    pub(super) fn config_error(
        error: crate::config::ConfigError,
    ) -> Result<AnyView, SplitLoaderError> {
        Ok(untrack(|| crate::app::config_error_page(error)))
    }

    #[wasm_split_helpers::wasm_split(home, fallible)]
    pub(super) fn signed_in() -> Result<AnyView, SplitLoaderError> {
        Ok(untrack(crate::pages::home::signed_in_page))
    }
}
