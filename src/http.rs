//! The only module that does `fetch`, through gloo-net.
//!
//! Invariants: requests are sent exactly as described by an
//! [`idx_core::Request`] (method, URL, headers, body, credentials mode); the
//! body is never logged; any response with a status is returned as data
//! (IDX puts its errors in 4xx bodies), and only a failure to get a response
//! at all is an error; a request with no complete answer after
//! [`REQUEST_TIMEOUT_MS`] is aborted and is that error too, so a hanging
//! server never holds a step (or a sign-out) forever. Everything else talks to the network through the
//! [`Transport`] trait, so component tests can substitute a recorder.

use std::future::Future;
use std::pin::Pin;

use gloo_net::http::{Method as GlooMethod, RequestBuilder};
use idx_core::{Method, Request};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::RequestCredentials;

use crate::config::{AppConfig, CONFIG_PATH, ConfigError, parse_config};
use crate::i18n::{Catalog, Lang};

/// A response as idx-core wants it: status, content type and body text.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// Body text (may hold tokens: never log it).
    pub body: String,
}

impl std::fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("body", &format_args!("[{} bytes]", self.body.len()))
            .finish()
    }
}

/// No response arrived: offline, DNS, CORS refusal, connection reset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("network request failed: {0}")]
pub struct NetworkError(pub String);

/// A boxed, non-`Send` future (browser futures never cross threads).
pub type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Sends requests. No `Send` bound: the browser is single-threaded.
pub trait Transport {
    /// Sends `request` and returns whatever status came back.
    fn send<'a>(
        &'a self,
        request: &'a Request,
    ) -> LocalFuture<'a, Result<HttpResponse, NetworkError>>;
}

/// The real transport: `fetch` through gloo-net.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserTransport;

impl Transport for BrowserTransport {
    fn send<'a>(
        &'a self,
        request: &'a Request,
    ) -> LocalFuture<'a, Result<HttpResponse, NetworkError>> {
        Box::pin(fetch(request))
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

async fn fetch(request: &Request) -> Result<HttpResponse, NetworkError> {
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
    let built = match &request.body {
        Some(body) => builder.body(body.clone()),
        None => builder.build(),
    }
    .map_err(|e| NetworkError(e.to_string()))?;
    let response = built.send().await.map_err(failed)?;
    let status = response.status();
    let content_type = response.headers().get("content-type");
    let body = response.text().await.map_err(failed)?;
    Ok(HttpResponse {
        status,
        content_type,
        body,
    })
}

/// A credential-less GET for JSON (`/v1/keys`).
pub fn json_get(url: String) -> Request {
    Request {
        method: Method::Get,
        url,
        headers: vec![("Accept".to_owned(), "application/json".to_owned())],
        body: None,
        with_credentials: false,
    }
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
