//! Timers and page visibility for polling, as futures.
//!
//! Invariant: waiting never blocks the event loop: `sleep` resolves through
//! `setTimeout`, and `until_visible` checks `document.visibilityState` so a
//! hidden tab sends no polls.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                i32::try_from(ms).unwrap_or(i32::MAX),
            );
        } else {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Whether the page is visible (a hidden tab should not poll).
pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() != web_sys::VisibilityState::Hidden)
}

/// Runs `f` once the browser is idle (`requestIdleCallback`, within two
/// seconds), or after a short timeout where that API is missing (Safari).
pub fn when_idle(f: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(f);
    let has_idle =
        js_sys::Reflect::has(&window, &JsValue::from_str("requestIdleCallback")).unwrap_or(false);
    if has_idle {
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(2000);
        let _ = window.request_idle_callback_with_options(callback.unchecked_ref(), &options);
    } else {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 200);
    }
}
