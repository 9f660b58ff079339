//! The only module that does `fetch`, through gloo-net: idx-core's
//! [`Transport`] for the protocol, and the app's own static files
//! (`config.json`, translations).
//!
//! Invariants: requests are sent exactly as described by an
//! [`idx_core::Request`] (method, URL, headers, body, credentials mode); the
//! body is never logged; any response with a status is returned as data
//! (IDX puts its errors in 4xx bodies), and only a failure to get a response
//! at all is an error; a request with no complete answer after
//! [`REQUEST_TIMEOUT_MS`] is aborted and is that error too, so a hanging
//! server never holds a step (or a sign-out) forever. Every protocol request
//! goes through one seam, idx-core's [`Transport`], run by idx-core's
//! [`Driver`]: the browser's fetch here ([`BrowserTransport`]), a recorder in
//! the component tests; both reach the flow as a [`SharedTransport`].

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use gloo_net::http::{Method as GlooMethod, RequestBuilder};
use idx_core::{Driver, Method, Request, Response, Transport};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::RequestCredentials;

use crate::config::{AppConfig, CONFIG_PATH, ConfigError, parse_config};
use crate::i18n::{Catalog, Lang};

/// No response arrived: offline, DNS, CORS refusal, connection reset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("network request failed: {0}")]
pub struct NetworkError(pub String);

/// The driver the app runs the protocol with.
pub type AppDriver = Driver<SharedTransport>;

/// The real transport: `fetch` through gloo-net.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserTransport;

impl Transport for BrowserTransport {
    type Error = NetworkError;

    async fn send(&self, request: Request) -> Result<Response, NetworkError> {
        fetch(request).await
    }
}

/// Any [`Transport`] that fails with [`NetworkError`], behind one type, so
/// the flow (a `Copy` context that cannot be generic) holds one driver
/// whatever sends its requests. Cloning shares the transport.
#[derive(Clone)]
pub struct SharedTransport(Rc<dyn SendBoxed>);

impl SharedTransport {
    /// Shares `transport`.
    pub fn new(transport: impl Transport<Error = NetworkError> + 'static) -> Self {
        Self(Rc::new(transport))
    }
}

/// Shares a transport the caller keeps a handle on (a test's recorder).
impl<T: Transport<Error = NetworkError> + 'static> From<Rc<T>> for SharedTransport {
    fn from(transport: Rc<T>) -> Self {
        Self(transport)
    }
}

impl std::fmt::Debug for SharedTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedTransport")
    }
}

impl Transport for SharedTransport {
    type Error = NetworkError;

    async fn send(&self, request: Request) -> Result<Response, NetworkError> {
        self.0.send_boxed(request).await
    }
}

/// [`Transport::send`] with its future boxed: what makes a transport usable
/// behind `dyn`. Private, and implemented for every transport, so
/// [`Transport`] stays the only seam.
trait SendBoxed {
    fn send_boxed(
        &self,
        request: Request,
    ) -> Pin<Box<dyn Future<Output = Result<Response, NetworkError>> + '_>>;
}

impl<T: Transport<Error = NetworkError>> SendBoxed for T {
    fn send_boxed(
        &self,
        request: Request,
    ) -> Pin<Box<dyn Future<Output = Result<Response, NetworkError>> + '_>> {
        Box::pin(self.send(request))
    }
}

/// How long a request may take, body included, before it is aborted.
pub const REQUEST_TIMEOUT_MS: i32 = 30_000;

/// Aborts a fetch after [`REQUEST_TIMEOUT_MS`] unless dropped first.
struct Deadline {
    controller: web_sys::AbortController,
    timer: Option<i32>,
    // Kept alive until the timer is cleared; called at most once.
    _on_timeout: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Deadline {
    fn start() -> Result<Self, NetworkError> {
        let controller = web_sys::AbortController::new()
            .map_err(|_| NetworkError("no AbortController".into()))?;
        let abort = controller.clone();
        let on_timeout = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || abort.abort());
        let timer = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.as_ref().unchecked_ref(),
                REQUEST_TIMEOUT_MS,
            )
            .ok()
        });
        Ok(Self {
            controller,
            timer,
            _on_timeout: on_timeout,
        })
    }

    fn signal(&self) -> web_sys::AbortSignal {
        self.controller.signal()
    }

    fn expired(&self) -> bool {
        self.controller.signal().aborted()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(timer), Some(window)) = (self.timer, web_sys::window()) {
            window.clear_timeout_with_handle(timer);
        }
    }
}

async fn fetch(request: Request) -> Result<Response, NetworkError> {
    crate::devlog::log(|| crate::devlog::describe_request(&request));
    let deadline = Deadline::start()?;
    let failed = |e: gloo_net::Error| {
        NetworkError(if deadline.expired() {
            format!("no answer within {} s", REQUEST_TIMEOUT_MS / 1000)
        } else {
            e.to_string()
        })
    };
    let method = match request.method {
        Method::Get => GlooMethod::GET,
        Method::Post => GlooMethod::POST,
    };
    let signal = deadline.signal();
    let mut builder = RequestBuilder::new(&request.url)
        .method(method)
        .abort_signal(Some(&signal))
        .credentials(if request.with_credentials {
            RequestCredentials::Include
        } else {
            RequestCredentials::Omit
        });
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let built = match request.body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(|e| NetworkError(e.to_string()))?;
    let response = built.send().await.map_err(failed)?;
    let status = response.status();
    let content_type = response.headers().get("content-type");
    let body = response.binary().await.map_err(failed)?;
    crate::devlog::log(|| crate::devlog::describe_response(status, content_type.as_deref(), &body));
    Ok(Response {
        status,
        content_type,
        body,
    })
}

/// Loads and validates `/config.json` from the site root.
///
/// `boot.js` starts this request, and reads the body, while the wasm
/// downloads; the app takes that result when there is one (once) and asks
/// for the file itself otherwise (component tests, a page without the loader).
pub async fn fetch_config() -> Result<AppConfig, ConfigError> {
    let (status, text) = match take_prefetched_config() {
        Some(pending) => prefetched_config(pending).await?,
        None => fetch_config_now().await?,
    };
    if !(200..300).contains(&status) {
        return Err(ConfigError::Missing { status });
    }
    parse_config(&text)
}

/// `(status, body)` of `/config.json`, fetched by the app itself.
async fn fetch_config_now() -> Result<(u16, String), ConfigError> {
    // `no-store`: a redeploy with a new config must take effect on reload.
    let response = RequestBuilder::new(CONFIG_PATH)
        .cache(web_sys::RequestCache::NoStore)
        .send()
        .await
        .map_err(|e| ConfigError::Unreachable(e.to_string()))?;
    if !response.ok() {
        return Ok((response.status(), String::new()));
    }
    let text = response
        .text()
        .await
        .map_err(|e| ConfigError::Unreachable(e.to_string()))?;
    Ok((response.status(), text))
}

/// `(status, body)` from the `{ status, text }` that `boot.js` resolved.
async fn prefetched_config(pending: js_sys::Promise) -> Result<(u16, String), ConfigError> {
    let value = wasm_bindgen_futures::JsFuture::from(pending)
        .await
        .map_err(|e| ConfigError::Unreachable(js_error_text(&e)))?;
    let field = |name: &str| js_sys::Reflect::get(&value, &JsValue::from_str(name)).ok();
    let status = field("status")
        .and_then(|v| v.as_f64())
        .filter(|s| (100.0..600.0).contains(s))
        .ok_or_else(|| ConfigError::Unreachable("no response".into()))?;
    let text = field("text")
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    // In 100..600, so the cast is exact.
    Ok((status as u16, text))
}

/// Name of the global under which `public/boot.js` leaves its pending
/// `/config.json` result.
const PREFETCH_GLOBAL: &str = "__signinConfig";

/// Takes the promise `boot.js` left behind, so it is used at most once.
fn take_prefetched_config() -> Option<js_sys::Promise> {
    let global = js_sys::global();
    let key = JsValue::from_str(PREFETCH_GLOBAL);
    let value = js_sys::Reflect::get(&global, &key).ok()?;
    let promise = value.dyn_into::<js_sys::Promise>().ok()?;
    // Deleting a plain global property does not fail; were it to, a second
    // start would only read the same settled result again.
    let _ = js_sys::Reflect::delete_property(&global, &key);
    Some(promise)
}

/// A readable text for a rejected fetch (a `TypeError` from the browser).
fn js_error_text(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "the request failed".into())
}

/// Loads the strings of `lang` (`/i18n/<tag>.json`); English needs no request.
/// Any failure falls back to English: a missing translation file must never
/// stop anyone from signing in.
pub async fn fetch_catalog(lang: Lang) -> Catalog {
    let Some(path) = lang.catalog_path() else {
        return Catalog::english();
    };
    let text = match RequestBuilder::new(&path).send().await {
        Ok(response) if response.ok() => response.text().await.ok(),
        _ => None,
    };
    text.and_then(|text| Catalog::from_json(lang, &text).ok())
        .unwrap_or_else(Catalog::english)
}
