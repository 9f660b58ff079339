//! The browser side of an org's CAPTCHA (protocol doc §8.7): the vendor's
//! script loaded when a state first asks for it, an invisible widget per
//! form, and one answer per submit.
//!
//! Invariants: this is the only module that touches the vendor's script and
//! its global (`hcaptcha`, `grecaptcha`); the script is added to the page at
//! most once, and only when a step needs it (never at start-up); it is
//! loaded with `render=explicit` and the page's language, and calls back a
//! named function, so no inline script is ever needed (the CSP stays
//! strict); a widget is reset after every answer, since tokens are single
//! use; an answer is never logged. A vendor global already on the page (a
//! test's stand-in) is used as is.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use idx_core::CaptchaKind;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast as _, JsValue};

/// hCaptcha's script.
pub const HCAPTCHA_SCRIPT: &str = "https://hcaptcha.com/1/api.js";
/// reCAPTCHA v2's script.
pub const RECAPTCHA_SCRIPT: &str = "https://www.google.com/recaptcha/api.js";

/// The global the vendor's script calls back when it is ready.
const READY_CALLBACK: &str = "__signinCaptchaReady";

/// Why no answer came.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaptchaError {
    /// The org uses a CAPTCHA this page cannot run (`ALTCHA`...).
    #[error("unsupported CAPTCHA")]
    Unsupported,
    /// The vendor's script did not load (blocked, offline).
    #[error("the CAPTCHA could not load")]
    NotLoaded,
    /// The person closed the challenge, or it expired before an answer.
    #[error("the CAPTCHA was closed or expired")]
    Cancelled,
    /// The vendor reported an error.
    #[error("the CAPTCHA failed")]
    Failed,
}

/// The vendor's global object name.
fn global_name(kind: &CaptchaKind) -> Result<&'static str, CaptchaError> {
    match kind {
        CaptchaKind::HCaptcha => Ok("hcaptcha"),
        CaptchaKind::RecaptchaV2 => Ok("grecaptcha"),
        CaptchaKind::Other(_) => Err(CaptchaError::Unsupported),
    }
}

/// The vendor's script URL (or the configured stand-in).
pub fn default_script(kind: &CaptchaKind) -> Option<&'static str> {
    match kind {
        CaptchaKind::HCaptcha => Some(HCAPTCHA_SCRIPT),
        CaptchaKind::RecaptchaV2 => Some(RECAPTCHA_SCRIPT),
        CaptchaKind::Other(_) => None,
    }
}

enum Load {
    Idle,
    Loading(Vec<oneshot::Sender<bool>>),
    Ready,
}

thread_local! {
    static LOAD: RefCell<Load> = const { RefCell::new(Load::Idle) };
}

fn window_global(name: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    Reflect::get(&window, &JsValue::from_str(name))
        .ok()
        .filter(|v| v.is_object())
}

fn settle(ok: bool) {
    let waiting = LOAD.with(|l| {
        match std::mem::replace(
            &mut *l.borrow_mut(),
            if ok { Load::Ready } else { Load::Idle },
        ) {
            Load::Loading(waiting) => waiting,
            _ => Vec::new(),
        }
    });
    for w in waiting {
        let _ = w.send(ok);
    }
}

/// Adds the script tag and its callbacks; `false` when the page cannot.
fn add_script(src: &str, lang: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let ready = Closure::<dyn FnMut()>::new(|| settle(true));
    if Reflect::set(&window, &JsValue::from_str(READY_CALLBACK), ready.as_ref()).is_err() {
        return false;
    }
    // Called once per page: the closure lives as long as the page.
    ready.forget();
    let Some(document) = window.document() else {
        return false;
    };
    let Ok(script) = document.create_element("script") else {
        return false;
    };
    let separator = if src.contains('?') { '&' } else { '?' };
    let url = format!("{src}{separator}render=explicit&onload={READY_CALLBACK}&hl={lang}");
    let failed = Closure::<dyn FnMut()>::new(|| settle(false));
    let added = script.set_attribute("src", &url).is_ok()
        && script.set_attribute("async", "").is_ok()
        && script
            .add_event_listener_with_callback("error", failed.as_ref().unchecked_ref())
            .is_ok()
        && document
            .query_selector("head")
            .ok()
            .flatten()
            .is_some_and(|head| head.append_child(&script).is_ok());
    failed.forget();
    added
}

/// Loads the vendor's script once (or finds its global already there).
async fn ensure_loaded(kind: &CaptchaKind, src: &str, lang: &str) -> Result<(), CaptchaError> {
    let global = global_name(kind)?;
    if window_global(global).is_some() && LOAD.with(|l| !matches!(*l.borrow(), Load::Loading(_))) {
        return Ok(());
    }
    let (tx, rx) = oneshot::channel();
    let start = LOAD.with(|l| {
        let mut l = l.borrow_mut();
        match &mut *l {
            Load::Ready => None,
            Load::Loading(waiting) => {
                waiting.push(tx);
                Some(false)
            }
            Load::Idle => {
                *l = Load::Loading(vec![tx]);
                Some(true)
            }
        }
    });
    match start {
        None => return Ok(()),
        Some(true) if !add_script(src, lang) => settle(false),
        Some(_) => {}
    }
    match rx.await {
        Ok(true) => Ok(()),
        _ => Err(CaptchaError::NotLoaded),
    }
}

/// Starts loading the vendor's script (or finds it there) ahead of the
/// first answer.
///
/// # Errors
/// As [`Widget::render`].
pub async fn preload(kind: &CaptchaKind, src: &str, lang: &str) -> Result<(), CaptchaError> {
    ensure_loaded(kind, src, lang).await
}

type Pending = Rc<RefCell<Option<oneshot::Sender<Result<String, CaptchaError>>>>>;

/// An invisible widget rendered into a container of the form.
pub struct Widget {
    api: JsValue,
    id: JsValue,
    pending: Pending,
    _callbacks: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl std::fmt::Debug for Widget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Widget")
    }
}

fn call(api: &JsValue, method: &str, args: &[&JsValue]) -> Result<JsValue, CaptchaError> {
    let f: Function = Reflect::get(api, &JsValue::from_str(method))
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or(CaptchaError::NotLoaded)?;
    let args: js_sys::Array = args.iter().copied().collect();
    f.apply(api, &args).map_err(|_| CaptchaError::Failed)
}

impl Widget {
    /// Loads the script if needed and renders an invisible widget for
    /// `site_key` into `container`.
    ///
    /// # Errors
    /// [`CaptchaError::Unsupported`] for a vendor this page cannot run,
    /// [`CaptchaError::NotLoaded`] when the script does not load.
    pub async fn render(
        kind: &CaptchaKind,
        site_key: &str,
        src: &str,
        lang: &str,
        container: &web_sys::Element,
    ) -> Result<Self, CaptchaError> {
        ensure_loaded(kind, src, lang).await?;
        let api = window_global(global_name(kind)?).ok_or(CaptchaError::NotLoaded)?;
        let pending: Pending = Rc::new(RefCell::new(None));
        let answer = |result: fn(JsValue) -> Result<String, CaptchaError>| {
            let pending = pending.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |value: JsValue| {
                if let Some(tx) = pending.borrow_mut().take() {
                    let _ = tx.send(result(value));
                }
            })
        };
        let solved = answer(|token| token.as_string().ok_or(CaptchaError::Failed));
        let failed = answer(|_| Err(CaptchaError::Failed));
        let closed = answer(|_| Err(CaptchaError::Cancelled));
        let params = Object::new();
        let set = |name: &str, value: &JsValue| {
            let _ = Reflect::set(&params, &JsValue::from_str(name), value);
        };
        set("sitekey", &JsValue::from_str(site_key));
        set("size", &JsValue::from_str("invisible"));
        set("callback", solved.as_ref());
        set("error-callback", failed.as_ref());
        set("expired-callback", closed.as_ref());
        set("chalexpired-callback", closed.as_ref());
        set("close-callback", closed.as_ref());
        let id = call(&api, "render", &[container.as_ref(), &params])?;
        Ok(Self {
            api,
            id,
            pending,
            _callbacks: vec![solved, failed, closed],
        })
    }

    /// Runs the challenge and waits for its answer; the widget is reset
    /// after it, so the next submit gets a fresh token.
    ///
    /// # Errors
    /// [`CaptchaError::Cancelled`] when the person closed it (or a newer
    /// request replaced this one), [`CaptchaError::Failed`] on a vendor error.
    pub async fn solve(&self) -> Result<String, CaptchaError> {
        let (tx, rx) = oneshot::channel();
        // A newer request replaces an unanswered one (which then ends as cancelled).
        *self.pending.borrow_mut() = Some(tx);
        call(&self.api, "execute", &[&self.id])?;
        let answer = rx.await.unwrap_or(Err(CaptchaError::Cancelled));
        let _ = call(&self.api, "reset", &[&self.id]);
        answer
    }
}
