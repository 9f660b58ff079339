//! The code the first screen does not need, loaded when a state first needs
//! it.
//!
//! With the feature `split` (the release build of `cargo xtask dist` and of
//! the end-to-end tests), each split point below starts a wasm module of its
//! own: `later` holds every step screen but identify's, `fields` the
//! form's fields beyond text and checkbox, `finish` the token exchange and
//! its checks, `home` the signed-in page. The flow loads `later` before it shows a state that needs
//! it ([`ready_for`]), and once the first form is usable both are fetched
//! in idle time ([`prefetch_when_idle`]), so a step seldom waits. A module
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
use crate::session::StoredSession;

/// Whether `tx` is shown by a screen in the `later` module.
fn needs_later(tx: &Transaction) -> bool {
    tx.next_step
        .as_ref()
        .is_some_and(|step| !is_first_screen(step))
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

/// The signed-in home page's content.
pub(crate) fn signed_in(session: StoredSession) -> AnyView {
    #[cfg(feature = "split")]
    return lazily(move || lazy::signed_in(session.clone()));
    #[cfg(not(feature = "split"))]
    crate::pages::home::signed_in_page(session)
}

/// Redeems `code` and keeps the session (`Flow::redeem`); `false` when its
/// module could not download, after two more tries a second or two apart.
pub(crate) async fn finish(flow: Flow, code: InteractionCode) -> bool {
    #[cfg(feature = "split")]
    {
        for wait_ms in [0, 1000, 2000] {
            crate::timer::sleep(wait_ms).await;
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

/// Loads what showing `tx` needs; `false` when a module failed to
/// download (the screen then offers to try again).
pub(crate) async fn ready_for(tx: &Transaction) -> bool {
    if !needs_later(tx) {
        return true;
    }
    #[cfg(feature = "split")]
    return lazy::preload_later().await.is_ok() && lazy::preload_fields().await.is_ok();
    #[cfg(not(feature = "split"))]
    true
}

/// Fetches every split module once the browser is idle (after the first
/// form is usable), so the next state does not wait for its code.
pub(crate) fn prefetch_when_idle() {
    #[cfg(feature = "split")]
    {
        use std::sync::atomic::{AtomicBool, Ordering};
        static STARTED: AtomicBool = AtomicBool::new(false);
        if STARTED.swap(true, Ordering::Relaxed) {
            return;
        }
        crate::timer::when_idle(|| {
            leptos::task::spawn_local(async {
                // A failure here is retried when a state needs the module.
                let _ = lazy::preload_later().await;
                let _ = lazy::preload_fields().await;
                let _ = lazy::preload_finish().await;
                let _ = lazy::preload_home().await;
            });
        });
    }
}

/// A view built by a split point: at once when its module is loaded, else
/// once it is (or [`LoadFailed`] when it cannot be).
#[cfg(feature = "split")]
fn lazily<Fut>(load: impl Fn() -> Fut + Clone + Send + Sync + 'static) -> AnyView
where
    Fut: std::future::Future<Output = Result<AnyView, lazy::SplitLoaderError>> + Send + 'static,
{
    use futures::FutureExt;

    let mut first = Box::pin(load());
    if let Some(Ok(view)) = first.as_mut().now_or_never() {
        return view;
    }
    let attempt = RwSignal::new(0_u32);
    let mut pending = Some(first);
    (move || {
        // The first attempt is the one already started; "Try again" starts another.
        let fut = match (attempt.get(), pending.take()) {
            (0, Some(fut)) => fut,
            _ => Box::pin(load()),
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
    })
    .into_any()
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
/// `unsafe` it generates is the loader's FFI, confined to that macro).
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
        Ok(crate::components::screens::later_step_screen(
            &tx, step, kept,
        ))
    }

    #[wasm_split_helpers::wasm_split(fields, fallible, preload(preload_fields))]
    pub(super) fn other_field(
        input: idx_core::Input,
        state: FormState,
    ) -> Result<AnyView, SplitLoaderError> {
        Ok(crate::components::form::fields::other_field(input, state))
    }

    #[wasm_split_helpers::wasm_split(finish, fallible, preload(preload_finish))]
    pub(super) fn finish(
        flow: Flow,
        code: InteractionCode,
    ) -> Result<std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>, SplitLoaderError> {
        Ok(Box::pin(flow.redeem(code)))
    }

    #[wasm_split_helpers::wasm_split(home, fallible, preload(preload_home))]
    pub(super) fn signed_in(session: StoredSession) -> Result<AnyView, SplitLoaderError> {
        Ok(crate::pages::home::signed_in_page(session))
    }
}
