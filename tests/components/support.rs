//! Shared harness of the component tests: a recording [`Transport`], the
//! mounting of a step screen the way the login page does it, DOM helpers,
//! and the recorded fixtures.
//!
//! Invariants: nothing leaves the page (requests go to the [`Recorder`],
//! whose answers are queued per test, and an unqueued request fails like a
//! dropped connection); each [`Mounted`] screen removes its root when
//! dropped; a test that needs the recorded fixtures checks
//! [`have_fixtures`] first, which fails under `CI=true` when they are
//! missing and says SKIPPED loudly otherwise.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use idx_core::{IdxOutcome, Request, Response, Transaction, Transport, parse_idx_response};
use leptos::prelude::*;
use signin::components::layout::Shell;
use signin::components::screens::{EndScreen, ResendDelay, step_screen};
use signin::config::parse_config;
use signin::flow::{Flow, Phase, provide_flow_with};
use signin::http::NetworkError;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// The transport of a mounted screen: records what would be sent and
/// answers from a queue.
#[derive(Default)]
pub(crate) struct Recorder {
    /// Every request, in order.
    pub(crate) sent: RefCell<Vec<Request>>,
    replies: RefCell<VecDeque<Result<Response, NetworkError>>>,
}

impl Transport for Recorder {
    type Error = NetworkError;

    async fn send(&self, request: Request) -> Result<Response, NetworkError> {
        self.sent.borrow_mut().push(request);
        self.replies
            .borrow_mut()
            .pop_front()
            .unwrap_or_else(|| Err(NetworkError("no reply queued".into())))
    }
}

impl Recorder {
    /// Queues an IDX answer, served from the one org of [`CONFIG`].
    pub(crate) fn reply(&self, status: u16, body: &str) {
        self.replies.borrow_mut().push_back(Ok(Response {
            status,
            content_type: Some("application/ion+json; okta-version=1.0.0".into()),
            body: one_org(body).into_bytes(),
        }));
    }

    /// The JSON body of the `i`th request.
    pub(crate) fn body_json(&self, i: usize) -> serde_json::Value {
        let sent = self.sent.borrow();
        serde_json::from_str(sent[i].body.as_deref().expect("a body")).expect("JSON body")
    }
}

/// Some recordings were stitched from two test servers (a `cancel` on
/// another host than the steps); the app refuses such an answer, as it
/// would from a real org, so the recorder serves them from one origin.
fn one_org(body: &str) -> String {
    body.replace("http://idx.okta1.com:1802", ORG)
        .replace("https://idx.okta1.com", ORG)
}

/// The origin of the recorded steps, and of [`CONFIG`]'s issuer.
const ORG: &str = "http://localhost:3000";

/// The app config every mounted screen gets.
const CONFIG: &str = r#"{"issuer":"http://localhost:3000/oauth2/default","clientId":"demo-spa",
  "redirectUri":"http://127.0.0.1:8080/login/callback","scopes":["openid","profile"]}"#;

/// The transaction idx-core parses from an IDX answer.
pub(crate) fn parse(status: u16, body: &str) -> Transaction {
    match parse_idx_response(status, Some("application/json"), body.as_bytes()).expect("IDX body") {
        IdxOutcome::Transaction(t) => *t,
        other => panic!("not a transaction: {other:?}"),
    }
}

/// A mounted step screen.
pub(crate) struct Mounted {
    pub(crate) rec: Rc<Recorder>,
    pub(crate) flow: Flow,
    _handle: Box<dyn std::any::Any>,
    pub(crate) root: Element,
}

/// Mounts the screen for `tx` the way the login page does.
pub(crate) fn mount_step(tx: Transaction) -> Mounted {
    mount_step_with(tx, None)
}

/// [`mount_step`] with "send again" offered after `resend_ms` instead of 30 s.
pub(crate) fn mount_step_with(tx: Transaction, resend_ms: Option<u32>) -> Mounted {
    let rec = Rc::new(Recorder::default());
    let doc = document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let slot: Rc<RefCell<Option<Flow>>> = Rc::default();
    let (rec2, slot2) = (rec.clone(), slot.clone());
    let handle = leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        provide_context(parse_config(CONFIG).unwrap());
        if let Some(ms) = resend_ms {
            provide_context(ResendDelay(ms));
        }
        let flow = provide_flow_with(rec2.clone().into());
        flow.tx.set(Some(tx.clone()));
        flow.phase.set(Phase::Step);
        *slot2.borrow_mut() = Some(flow);
        move || {
            let _ = flow.screen_changes.get();
            match flow.phase.get() {
                Phase::Step => match flow.tx.get_untracked() {
                    Some(t) => view! { <Shell>{step_screen(&t)}</Shell> }.into_any(),
                    None => view! { <p>"no transaction"</p> }.into_any(),
                },
                Phase::Expired => view! { <Shell><EndScreen expired=true /></Shell> }.into_any(),
                other => view! { <p class="phase">{format!("{other:?}")}</p> }.into_any(),
            }
        }
    });
    let flow = slot.borrow().expect("flow provided");
    Mounted {
        rec,
        flow,
        _handle: Box::new(handle),
        root,
    }
}

impl Mounted {
    /// The first element matching `sel`, if any.
    pub(crate) fn q(&self, sel: &str) -> Option<Element> {
        self.root.query_selector(sel).unwrap()
    }
    /// The first element matching `sel` (panics, showing the markup, if none).
    pub(crate) fn get(&self, sel: &str) -> Element {
        self.q(sel)
            .unwrap_or_else(|| panic!("no element for {sel}: {}", self.root.inner_html()))
    }
    /// The input matching `sel`.
    pub(crate) fn input(&self, sel: &str) -> HtmlInputElement {
        self.get(sel).unchecked_into()
    }
    /// Types `text` into the input matching `sel`, as a person would.
    pub(crate) fn type_into(&self, sel: &str, text: &str) {
        let input = self.input(sel);
        input.set_value(text);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
        input.dispatch_event(&ev).unwrap();
    }
    /// Clicks the element matching `sel`.
    pub(crate) fn click(&self, sel: &str) {
        self.get(sel).unchecked_into::<HtmlElement>().click();
    }
    /// The text of the element matching `sel`.
    pub(crate) fn text(&self, sel: &str) -> String {
        self.get(sel).text_content().unwrap_or_default()
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// The page's document.
pub(crate) fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Lets the reactive system, the action and animation frames run.
pub(crate) async fn settle() {
    for _ in 0..4 {
        leptos::task::tick().await;
        signin::timer::sleep(20).await;
    }
}

/// The id of the focused element.
pub(crate) fn active_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

/// The text of a recorded fixture staged by `tests/build_fixtures.rs`
/// (empty without them: check [`have_fixtures`] first).
macro_rules! fixture {
    ($name:literal) => {{
        #[cfg(idx_fixtures)]
        {
            include_str!(concat!(env!("OUT_DIR"), "/idx-fixtures/", $name))
        }
        #[cfg(not(idx_fixtures))]
        {
            ""
        }
    }};
}
pub(crate) use fixture;

/// False (after a loud SKIPPED line) when the shared fixtures are absent;
/// panics instead under `CI=true`, where they must be present.
pub(crate) fn have_fixtures(test: &str) -> bool {
    if cfg!(idx_fixtures) {
        return true;
    }
    let msg =
        format!("SKIPPED: {test}: ../shared/idx-fixtures not found when the tests were built");
    assert!(
        option_env!("SIGNIN_BUILD_CI") != Some("true"),
        "{msg} (CI=true requires them)"
    );
    web_sys::console::error_1(&msg.into());
    false
}

/// An IDX body written for this test (not a recording): a step this app has
/// no screen for, with text, choice, checkbox and nested inputs.
pub(crate) const UNKNOWN_STEP: &str = r#"{
  "version": "1.0.0",
  "stateHandle": "sh-test",
  "expiresAt": "2030-01-01T00:00:00.000Z",
  "remediation": {"type": "array", "value": [{
    "rel": ["create-form"], "name": "favourite-things", "href": "http://localhost:3000/idp/idx/things",
    "method": "POST", "accepts": "application/json; okta-version=1.0.0",
    "value": [
      {"name": "nickname", "label": "Nickname", "required": true},
      {"name": "colour", "label": "Colour", "options": [
        {"label": "Teal", "value": "teal"}, {"label": "Amber", "value": "amber"}]},
      {"name": "subscribe", "label": "Send me news", "type": "boolean", "value": false},
      {"name": "stateHandle", "required": true, "value": "sh-test", "visible": false, "mutable": false}
    ]}]},
  "cancel": {"rel": ["create-form"], "name": "cancel", "href": "http://localhost:3000/idp/idx/cancel",
    "method": "POST", "accepts": "application/json; okta-version=1.0.0",
    "value": [{"name": "stateHandle", "required": true, "value": "sh-test", "visible": false, "mutable": false}]}
}"#;

/// Picks `value` in the select matching `sel`, as a person would.
pub(crate) fn choose_option(m: &Mounted, sel: &str, value: &str) {
    let select = m.get(sel);
    js_sys::Reflect::set(&select, &"value".into(), &value.into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    select.dispatch_event(&ev).unwrap();
}
