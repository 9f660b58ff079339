//! Browser component tests: mount the generic form and the dedicated step
//! screens with transactions that idx-core parsed from recorded Okta
//! fixtures (staged by `tests/build_fixtures.rs`) or from small IDX bodies
//! written here, then check what a person sees and what would be sent.
//!
//! Requests go to a recording [`Transport`], so nothing leaves the page;
//! answers are queued per test. Run with
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test components`.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use idx_core::{IdxOutcome, Request, Response, Transaction, Transport, parse_idx_response};
use leptos::prelude::*;
use signin::app::ConfigErrorPage;
use signin::components::layout::Shell;
use signin::components::screens::{EndScreen, ResendDelay, step_screen};
use signin::config::{ConfigError, parse_config};
use signin::flow::{Flow, Phase, provide_flow_with};
use signin::http::NetworkError;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

// ---------- harness ----------

#[derive(Default)]
struct Recorder {
    sent: RefCell<Vec<Request>>,
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
    fn reply(&self, status: u16, body: &str) {
        self.replies.borrow_mut().push_back(Ok(Response {
            status,
            content_type: Some("application/ion+json; okta-version=1.0.0".into()),
            body: body.as_bytes().to_vec(),
        }));
    }

    fn body_json(&self, i: usize) -> serde_json::Value {
        let sent = self.sent.borrow();
        serde_json::from_str(sent[i].body.as_deref().expect("a body")).expect("JSON body")
    }
}

const CONFIG: &str = r#"{"issuer":"http://127.0.0.1:8787/oauth2/default","clientId":"demo-spa",
  "redirectUri":"http://127.0.0.1:8080/login/callback","scopes":["openid","profile"]}"#;

fn parse(status: u16, body: &str) -> Transaction {
    match parse_idx_response(status, Some("application/json"), body.as_bytes()).expect("IDX body") {
        IdxOutcome::Transaction(t) => *t,
        other => panic!("not a transaction: {other:?}"),
    }
}

struct Mounted {
    rec: Rc<Recorder>,
    flow: Flow,
    _handle: Box<dyn std::any::Any>,
    root: Element,
}

/// Mounts the screen for `tx` the way the login page does.
fn mount_step(tx: Transaction) -> Mounted {
    mount_step_with(tx, None)
}

/// [`mount_step`] with "send again" offered after `resend_ms` instead of 30 s.
fn mount_step_with(tx: Transaction, resend_ms: Option<u32>) -> Mounted {
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
    fn q(&self, sel: &str) -> Option<Element> {
        self.root.query_selector(sel).unwrap()
    }
    fn get(&self, sel: &str) -> Element {
        self.q(sel)
            .unwrap_or_else(|| panic!("no element for {sel}: {}", self.root.inner_html()))
    }
    fn input(&self, sel: &str) -> HtmlInputElement {
        self.get(sel).unchecked_into()
    }
    fn type_into(&self, sel: &str, text: &str) {
        let input = self.input(sel);
        input.set_value(text);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
        input.dispatch_event(&ev).unwrap();
    }
    fn click(&self, sel: &str) {
        self.get(sel).unchecked_into::<HtmlElement>().click();
    }
    fn text(&self, sel: &str) -> String {
        self.get(sel).text_content().unwrap_or_default()
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Lets the reactive system, the action and animation frames run.
async fn settle() {
    for _ in 0..4 {
        leptos::task::tick().await;
        signin::timer::sleep(20).await;
    }
}

fn active_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

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

/// False (after a loud SKIPPED line) when the shared fixtures are absent;
/// panics instead under `CI=true`, where they must be present.
fn have_fixtures(test: &str) -> bool {
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

// ---------- tests ----------

#[wasm_bindgen_test]
async fn identify_renders_from_inputs_and_refuses_empty_fields() {
    if !have_fixtures("identify") {
        return;
    }
    let m = mount_step(parse(200, fixture!("identify-with-password.json")));
    settle().await;
    assert_eq!(m.text("h1"), "Sign in");
    m.get("form[data-step=identify]");
    let user = m.input("#field-username");
    assert_eq!(user.name(), "username");
    assert_eq!(
        user.get_attribute("autocomplete").as_deref(),
        Some("username")
    );
    assert!(m.q("label[for=field-username]").is_some());
    let pw = m.input("#field-password");
    assert_eq!(pw.type_(), "password");
    assert!(m.q("label[for=field-password]").is_some());

    // Empty submit: messages on the fields, nothing sent.
    m.click("form[data-step=identify] button[type=submit]");
    settle().await;
    assert!(m.rec.sent.borrow().is_empty(), "nothing may be sent");
    assert_eq!(user.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        user.get_attribute("aria-describedby").as_deref(),
        Some("field-username-error")
    );
    assert!(m.text("#field-username-error").contains("Enter your"));
    assert_eq!(
        active_id(),
        "field-username",
        "focus goes to the first error"
    );

    // Show/hide the password.
    m.click(".input-row button.toggle");
    settle().await;
    assert_eq!(m.input("#field-password").type_(), "text");

    // Filled in: one request with identifier + credentials.passcode.
    m.type_into("#field-username", "demo@example.com");
    m.type_into("#field-password", "correct-horse-battery");
    m.rec.reply(401, fixture!("identify-with-password.json"));
    m.click("form[data-step=identify] button[type=submit]");
    settle().await;
    assert_eq!(m.rec.sent.borrow().len(), 1);
    let body = m.rec.body_json(0);
    assert_eq!(body["identifier"], "demo@example.com");
    assert_eq!(body["credentials"]["passcode"], "correct-horse-battery");
    assert!(body["stateHandle"].is_string());
    assert!(m.rec.sent.borrow()[0].url.ends_with("/idp/idx/identify"));
}

#[wasm_bindgen_test]
async fn username_first_identify_has_no_password_field() {
    if !have_fixtures("username-first") {
        return;
    }
    let m = mount_step(parse(200, fixture!("identify.json")));
    settle().await;
    m.get("#field-username");
    assert!(m.q("#field-password").is_none());
    assert_eq!(m.text("form button[type=submit]"), "Next");
    assert!(
        m.q("[data-action=cancel]").is_some(),
        "cancel on every step"
    );
}

#[wasm_bindgen_test]
async fn identify_offers_each_identity_provider_as_a_link_below_the_form() {
    if !have_fixtures("identify-idps") {
        return;
    }
    let body = fixture!("identify-with-third-party-idps.json");
    let m = mount_step(parse(200, body));
    settle().await;
    m.get("form[data-step=identify] #field-username");
    let recorded: serde_json::Value = serde_json::from_str(body).unwrap();
    let expected: Vec<(String, String)> = recorded["remediation"]["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["name"] == "redirect-idp")
        .map(|r| {
            (
                format!("Continue with {}", r["idp"]["name"].as_str().unwrap()),
                r["href"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(expected.len() > 1, "the fixture has several IdPs");
    let links = m.root.query_selector_all("a[data-action=idp]").unwrap();
    let shown: Vec<(String, String)> = (0..links.length())
        .map(|i| {
            let a: Element = links.item(i).unwrap().unchecked_into();
            (
                a.text_content().unwrap_or_default().trim().to_owned(),
                a.get_attribute("href").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shown, expected,
        "one link per redirect-idp, in server order"
    );
    // Below the form, after the "or" divider; the form still comes first.
    let html = m.root.inner_html();
    let (form_at, divider_at) = (
        html.find("<form").unwrap(),
        html.find("class=\"divider\"").unwrap(),
    );
    assert!(form_at < divider_at && divider_at < html.find("data-action=\"idp\"").unwrap());
    // Following a link is a navigation of the browser, never a request of ours.
    assert!(m.rec.sent.borrow().is_empty());
}

#[wasm_bindgen_test]
async fn authenticator_choice_offers_push_and_code_and_sends_the_method() {
    if !have_fixtures("choice") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("authenticator-verification-select-authenticator-ov-m2.json"),
    ));
    settle().await;
    let push = m.get("button[data-authenticator=okta_verify][data-method=push]");
    assert!(
        push.text_content()
            .unwrap()
            .contains("Get a push notification")
    );
    let code = m.get("button[data-authenticator=okta_verify][data-method=totp]");
    assert!(code.text_content().unwrap().contains("Enter a code"));
    assert!(
        m.q("button[data-method=signed_nonce]").is_none(),
        "FastPass needs the desktop app; not offered"
    );
    m.rec.reply(
        200,
        fixture!("authenticator-verification-okta-verify-totp.json"),
    );
    m.click("button[data-authenticator=okta_verify][data-method=totp]");
    settle().await;
    let body = m.rec.body_json(0);
    assert_eq!(body["authenticator"]["methodType"], "totp");
    assert!(body["authenticator"]["id"].is_string());
    // The answer moved the screen on to code entry.
    m.get("form[data-step=challenge-authenticator] #field-verificationCode");
}

#[wasm_bindgen_test]
async fn totp_page_checks_the_code_then_shows_okta_error_with_field_kept_and_focused() {
    if !have_fixtures("totp") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("authenticator-verification-okta-verify-totp.json"),
    ));
    settle().await;
    assert!(m.text("h1").contains("Okta Verify"));
    let code = m.input("form[data-step=challenge-authenticator] #field-verificationCode");
    assert_eq!(code.name(), "verificationCode");
    assert_eq!(code.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert_eq!(
        code.get_attribute("autocomplete").as_deref(),
        Some("one-time-code")
    );

    // Not six digits: refused before sending.
    m.type_into("#field-verificationCode", "12ab56");
    m.click("form[data-step=challenge-authenticator] button[type=submit]");
    settle().await;
    assert!(m.rec.sent.borrow().is_empty());
    assert!(m.text("#field-verificationCode-error").contains("6-digit"));

    // Six digits: sent as credentials.totp; Okta says it is wrong.
    m.type_into("#field-verificationCode", "123456");
    m.rec.reply(401, fixture!("error-okta-verify-totp.json"));
    m.click("form[data-step=challenge-authenticator] button[type=submit]");
    settle().await;
    assert_eq!(m.rec.sent.borrow().len(), 1);
    let body = m.rec.body_json(0);
    assert_eq!(body["credentials"]["totp"], "123456");
    assert!(
        m.rec.sent.borrow()[0]
            .url
            .ends_with("/idp/idx/challenge/answer")
    );

    let okta_text = {
        let v: serde_json::Value =
            serde_json::from_str(fixture!("error-okta-verify-totp.json")).unwrap();
        let s = v.to_string();
        let at = s.find("\"message\":\"").unwrap() + 11;
        s[at..at + s[at..].find('"').unwrap()].to_owned()
    };
    assert_eq!(m.text("#field-verificationCode-error"), okta_text);
    let code = m.input("#field-verificationCode");
    assert_eq!(code.value(), "123456", "the field keeps what was typed");
    assert_eq!(code.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(active_id(), "field-verificationCode");
}

#[wasm_bindgen_test]
async fn push_waiting_shows_the_number_challenge_and_offers_the_code() {
    if !have_fixtures("push") {
        return;
    }
    let body = fixture!("authenticator-verification-number-challenge.json");
    let expected: serde_json::Value = serde_json::from_str(body).unwrap();
    let number = expected["currentAuthenticator"]["value"]["contextualData"]["correctAnswer"]
        .as_str()
        .unwrap()
        .to_owned();
    let m = mount_step(parse(200, body));
    settle().await;
    m.get("[data-testid=push-waiting]");
    assert_eq!(m.text("[data-testid=number-challenge]").trim(), number);
    m.get("[data-action=use-code]");
    assert!(m.q("[data-action=cancel]").is_some());
    // The transaction offers a resend, but a second push is offered only
    // after RESEND_AFTER_MS, while the first is still on its way.
    assert!(
        m.q("[data-action=resend]").is_none() && m.q("[data-testid=push-resend-hint]").is_none(),
        "send another push must not be offered at once"
    );

    // Switch to code: the OV TOTP choice of select-authenticator-authenticate.
    m.rec.reply(
        200,
        fixture!("authenticator-verification-okta-verify-totp.json"),
    );
    m.click("[data-action=use-code]");
    settle().await;
    let sent = m.rec.sent.borrow().clone();
    let choice = sent
        .iter()
        .find(|r| r.url.ends_with("/idp/idx/challenge"))
        .expect("Okta Verify was chosen again");
    let body: serde_json::Value = serde_json::from_str(choice.body.as_deref().unwrap()).unwrap();
    assert!(body["authenticator"]["id"].is_string());
    assert_ne!(
        body["authenticator"]["methodType"], "push",
        "switching away from push"
    );
    m.get("#field-verificationCode");
}

#[wasm_bindgen_test]
async fn rejected_push_shows_the_message_and_resends() {
    if !have_fixtures("reject") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("authenticator-verification-okta-verify-reject-push.json"),
    ));
    settle().await;
    assert!(m.text("[data-testid=messages]").contains("reject"));
    m.rec.reply(
        200,
        fixture!("authenticator-verification-number-challenge.json"),
    );
    m.click("[data-action=resend]");
    settle().await;
    let body = m.rec.body_json(0);
    assert_eq!(body["authenticator"]["methodType"], "push");
    m.get("[data-testid=push-waiting]");
}

#[wasm_bindgen_test]
async fn email_code_page_offers_a_new_code_after_a_while() {
    if !have_fixtures("email") {
        return;
    }
    let m = mount_step_with(
        parse(200, fixture!("authenticator-verification-email.json")),
        Some(300),
    );
    settle().await;
    assert_eq!(m.text("h1"), "Check your email");
    m.get("form[data-step=challenge-authenticator] #field-verificationCode");
    // Like a second push, another email is offered only after a while.
    assert!(
        m.q("[data-action=resend]").is_none() && m.q("[data-testid=resend-hint]").is_none(),
        "a new code must not be offered at once"
    );
    signin::timer::sleep(300).await;
    settle().await;
    assert!(m.text("[data-testid=resend-hint]").contains("spam"));
    m.rec
        .reply(200, fixture!("authenticator-verification-email.json"));
    m.click("[data-action=resend]");
    settle().await;
    let sent = m.rec.sent.borrow().clone();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].url.contains("/resend"), "{}", sent[0].url);
}

#[wasm_bindgen_test]
async fn okta_verify_enrollment_starts_with_the_qr_code() {
    if !have_fixtures("enroll-choice") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("authenticator-enroll-select-authenticator-with-usage-info.json"),
    ));
    settle().await;
    assert_eq!(m.text("h1"), "Set up a security method");
    m.rec
        .reply(200, fixture!("authenticator-enroll-ov-qr.json"));
    m.click("form[data-step=select-authenticator-enroll] button[data-authenticator=okta_verify]");
    settle().await;
    let body = m.rec.body_json(0);
    assert_eq!(body["authenticator"]["channel"], "qrcode");
    assert!(body["authenticator"]["id"].is_string());
    // The QR screen: steps, the code as an image with a text alternative.
    assert_eq!(m.text("h1"), "Set up Okta Verify");
    let qr = m.get("img[data-testid=enroll-qr]");
    assert!(
        qr.get_attribute("src")
            .unwrap()
            .starts_with("data:image/png;base64,")
    );
    assert!(qr.get_attribute("alt").unwrap().contains("QR code"));
    assert_eq!(
        m.root
            .query_selector_all(".enroll-steps li")
            .unwrap()
            .length(),
        3
    );
    assert!(
        m.text("[data-testid=enroll-waiting] [role=status]")
            .contains("Waiting")
    );
}

#[wasm_bindgen_test]
async fn cant_scan_offers_the_other_channels_and_sends_the_choice() {
    if !have_fixtures("enroll-channels") {
        return;
    }
    let m = mount_step(parse(200, fixture!("authenticator-enroll-ov-qr.json")));
    settle().await;
    assert!(
        m.q("[data-action=enroll-channel]").is_none(),
        "hidden behind 'Can't scan?'"
    );
    m.click("[data-action=cant-scan]");
    settle().await;
    let offered: Vec<String> = {
        let list = m
            .root
            .query_selector_all("[data-action=enroll-channel]")
            .unwrap();
        (0..list.length())
            .map(|i| {
                let el: Element = list.item(i).unwrap().unchecked_into();
                el.get_attribute("data-channel").unwrap()
            })
            .collect()
    };
    assert_eq!(
        offered,
        ["sms", "email"],
        "every channel but the QR code shown"
    );
    let first = m.get("[data-action=enroll-channel]");
    assert_eq!(
        document().active_element(),
        Some(first),
        "focus moves to the revealed choices"
    );
    m.rec
        .reply(200, fixture!("authenticator-enroll-ov-via-email.json"));
    m.click("[data-action=enroll-channel][data-channel=email]");
    settle().await;
    let sent = m.rec.sent.borrow().clone();
    let choice = sent.last().unwrap();
    assert!(
        choice.url.ends_with("/idp/idx/credential/enroll"),
        "{}",
        choice.url
    );
    let body: serde_json::Value = serde_json::from_str(choice.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["authenticator"]["channel"], "email");
    // enrollment-channel-data: asks for the address, titled as the setup.
    assert_eq!(m.text("h1"), "Set up Okta Verify");
    m.get("form[data-step=enrollment-channel-data] #field-email");
    assert_eq!(
        m.text("form[data-step=enrollment-channel-data] button[type=submit]"),
        "Send link"
    );
}

#[wasm_bindgen_test]
async fn enrollment_link_sent_by_email_says_where_and_offers_the_qr_code() {
    if !have_fixtures("enroll-email") {
        return;
    }
    let m = mount_step(parse(200, fixture!("authenticator-enroll-ov-email.json")));
    settle().await;
    assert!(m.q("img[data-testid=enroll-qr]").is_none());
    assert!(m.text("[data-testid=enroll-sent]").contains("joy@okta.com"));
    // Listed at once under a sent link (no "Can't scan?" step).
    m.get("[data-action=enroll-channel][data-channel=qrcode]");
    assert!(m.q("[data-action=cant-scan]").is_none());
}

#[wasm_bindgen_test]
async fn identify_offers_password_recovery() {
    if !have_fixtures("recover") {
        return;
    }
    let m = mount_step(parse(200, fixture!("identify-with-password.json")));
    settle().await;
    assert_eq!(m.text("[data-action=recover]"), "Forgot password?");
    m.rec.reply(200, fixture!("identify.json"));
    m.click("[data-action=recover]");
    settle().await;
    let sent = m.rec.sent.borrow().clone();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].url.ends_with("/idp/idx/recover"), "{}", sent[0].url);
}

#[wasm_bindgen_test]
async fn new_password_lists_its_rules_and_must_be_confirmed() {
    if !have_fixtures("reset-password") {
        return;
    }
    let m = mount_step(parse(200, fixture!("authenticator-reset-password.json")));
    settle().await;
    assert_eq!(m.text("h1"), "Set a new password");
    let field = m.input("#field-newPassword");
    assert_eq!(
        field.get_attribute("autocomplete").as_deref(),
        Some("new-password")
    );
    assert!(
        field
            .get_attribute("aria-describedby")
            .is_some_and(|d| d.split(' ').any(|id| id == "field-newPassword-rules")),
        "the password field points at its rules"
    );
    let met = || {
        m.root
            .query_selector_all(".password-rules li.met")
            .unwrap()
            .length()
    };
    assert_eq!(
        m.root
            .query_selector_all(".password-rules li")
            .unwrap()
            .length(),
        8
    );
    assert_eq!(
        met(),
        3,
        "nothing typed: only the 'not your name' rules hold"
    );
    m.type_into("#field-newPassword", "short");
    settle().await;
    assert_eq!(met(), 4, "lower case now met too");

    // Unmet rules: nothing sent, the message is on the password.
    m.type_into("#field-confirmPassword", "short");
    m.click("form[data-step=reset-authenticator] button[type=submit]");
    settle().await;
    assert!(m.rec.sent.borrow().is_empty());
    assert!(m.text("#field-newPassword-error").contains("requirement"));

    // Rules met, confirmation differs: nothing sent, the message is on it.
    m.type_into("#field-newPassword", "Tr1cky-Horse!");
    m.type_into("#field-confirmPassword", "Tr1cky-Horse?");
    settle().await;
    assert_eq!(met(), 8);
    m.click("form[data-step=reset-authenticator] button[type=submit]");
    settle().await;
    assert!(m.rec.sent.borrow().is_empty());
    assert!(m.text("#field-confirmPassword-error").contains("match"));

    // Both right: sent as the passcode; the confirmation stays here.
    m.type_into("#field-confirmPassword", "Tr1cky-Horse!");
    m.rec
        .reply(200, fixture!("authenticator-reset-password.json"));
    m.click("form[data-step=reset-authenticator] button[type=submit]");
    settle().await;
    assert_eq!(m.rec.sent.borrow().len(), 1);
    let body = m.rec.body_json(0);
    assert_eq!(body["credentials"]["passcode"], "Tr1cky-Horse!");
    assert!(
        !m.rec.sent.borrow()[0]
            .body
            .as_deref()
            .unwrap()
            .contains("confirm")
    );
}

#[wasm_bindgen_test]
async fn network_failure_keeps_typed_text_and_offers_retry() {
    if !have_fixtures("network") {
        return;
    }
    let m = mount_step(parse(200, fixture!("identify-with-password.json")));
    settle().await;
    m.type_into("#field-username", "demo@example.com");
    m.type_into("#field-password", "pw");
    // No reply queued: the recorder answers with a network error.
    m.click("form[data-step=identify] button[type=submit]");
    settle().await;
    assert!(m.text("[data-testid=messages]").contains("couldn't reach"));
    assert_eq!(m.input("#field-username").value(), "demo@example.com");
    m.rec.reply(
        200,
        fixture!("authenticator-verification-select-authenticator-ov-m2.json"),
    );
    m.click("[data-action=retry]");
    settle().await;
    assert_eq!(m.rec.sent.borrow().len(), 2);
    assert_eq!(m.rec.body_json(1)["identifier"], "demo@example.com");
    m.get("button[data-authenticator=okta_verify][data-method=push]");
}

#[wasm_bindgen_test]
async fn expired_transaction_offers_start_over() {
    if !have_fixtures("expired") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("authenticator-verification-okta-verify-totp.json"),
    ));
    settle().await;
    m.type_into("#field-verificationCode", "123456");
    m.rec.reply(401, fixture!("error-401-session-expired.json"));
    m.click("form button[type=submit]");
    settle().await;
    assert_eq!(m.flow.phase.get_untracked(), Phase::Expired);
    m.get("[data-action=restart]");
    assert!(!m.text("[data-testid=messages]").is_empty());
}

/// An IDX body written for this test (not a recording): a step this app has
/// no screen for, with text, choice, checkbox and nested inputs.
const UNKNOWN_STEP: &str = r#"{
  "version": "1.0.0",
  "stateHandle": "sh-test",
  "expiresAt": "2030-01-01T00:00:00.000Z",
  "remediation": {"type": "array", "value": [{
    "rel": ["create-form"], "name": "favourite-things", "href": "http://127.0.0.1:9/idp/idx/things",
    "method": "POST", "accepts": "application/json; okta-version=1.0.0",
    "value": [
      {"name": "nickname", "label": "Nickname", "required": true},
      {"name": "colour", "label": "Colour", "options": [
        {"label": "Teal", "value": "teal"}, {"label": "Amber", "value": "amber"}]},
      {"name": "subscribe", "label": "Send me news", "type": "boolean", "value": false},
      {"name": "stateHandle", "required": true, "value": "sh-test", "visible": false, "mutable": false}
    ]}]},
  "cancel": {"rel": ["create-form"], "name": "cancel", "href": "http://127.0.0.1:9/idp/idx/cancel",
    "method": "POST", "accepts": "application/json; okta-version=1.0.0",
    "value": [{"name": "stateHandle", "required": true, "value": "sh-test", "visible": false, "mutable": false}]}
}"#;

#[wasm_bindgen_test]
async fn unknown_steps_render_and_submit_through_the_generic_form() {
    let m = mount_step(parse(200, UNKNOWN_STEP));
    settle().await;
    m.get("form[data-step=favourite-things]");
    assert_eq!(
        m.text("label[for=field-nickname]").trim_end_matches('*'),
        "Nickname"
    );
    assert_eq!(m.input("#field-colour").type_(), "radio");
    assert_eq!(m.input("#field-subscribe").type_(), "checkbox");
    assert!(
        m.q("[name=stateHandle]").is_none(),
        "hidden fields are not rendered"
    );
    m.type_into("#field-nickname", "Ada");
    m.click("#field-colour-1");
    m.click("#field-subscribe");
    m.rec.reply(200, UNKNOWN_STEP);
    m.click("form button[type=submit]");
    settle().await;
    let body = m.rec.body_json(0);
    assert_eq!(body["nickname"], "Ada");
    assert_eq!(body["colour"], "amber");
    assert_eq!(body["subscribe"], true);
    assert_eq!(body["stateHandle"], "sh-test");
}

#[wasm_bindgen_test]
async fn busy_button_blocks_a_second_submit() {
    let m = mount_step(parse(200, UNKNOWN_STEP));
    settle().await;
    m.type_into("#field-nickname", "Ada");
    // Submit twice in the same tick: only one request may leave.
    m.rec.reply(200, UNKNOWN_STEP);
    m.click("form button[type=submit]");
    m.click("form button[type=submit]");
    settle().await;
    assert_eq!(m.rec.sent.borrow().len(), 1);
}

#[wasm_bindgen_test]
async fn config_error_page_says_what_is_wrong() {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let err = parse_config("{ not json").unwrap_err();
    assert!(matches!(err, ConfigError::NotJson(_)));
    let _handle = leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        view! { <ConfigErrorPage error=err.clone() /> }
    });
    settle().await;
    let page = root
        .query_selector("[data-testid=config-error]")
        .unwrap()
        .unwrap();
    let text = page.text_content().unwrap();
    assert!(text.contains("not valid JSON"), "{text}");
    assert!(text.contains("config.json"));
    assert!(root.query_selector("h1").unwrap().is_some());
    root.remove();
}

/// A push-waiting state written for this test, polling every 50 ms.
const FAST_POLL: &str = r#"{
  "version": "1.0.0",
  "stateHandle": "sh-poll",
  "remediation": {"type": "array", "value": [{
    "rel": ["create-form"], "name": "challenge-poll", "href": "http://127.0.0.1:9/idp/idx/authenticators/poll",
    "method": "POST", "accepts": "application/json; okta-version=1.0.0", "refresh": 50,
    "relatesTo": ["$.currentAuthenticator"],
    "value": [{"name": "stateHandle", "required": true, "value": "sh-poll", "visible": false, "mutable": false}]
  }]},
  "currentAuthenticator": {"type": "object", "value": {
    "id": "aut-ov", "key": "okta_verify", "type": "app", "displayName": "Okta Verify",
    "methods": [{"type": "push"}]}}
}"#;

#[wasm_bindgen_test]
async fn a_poll_that_keeps_the_step_leaves_focus_and_screen_alone() {
    // Polls every 300 ms, answered twice with the same pending step.
    let body = FAST_POLL.replace("\"refresh\": 50", "\"refresh\": 300");
    let m = mount_step(parse(200, &body));
    m.rec.reply(200, &body);
    m.rec.reply(200, &body);
    settle().await;
    // Focus is somewhere the screen would not put it.
    let elsewhere: HtmlElement = document()
        .create_element("button")
        .unwrap()
        .unchecked_into();
    elsewhere.set_id("focus-elsewhere");
    document().body().unwrap().append_child(&elsewhere).unwrap();
    elsewhere.focus().unwrap();
    signin::timer::sleep(800).await;
    settle().await;
    assert!(m.rec.sent.borrow().len() >= 2, "both polls ran");
    assert_eq!(
        active_id(),
        "focus-elsewhere",
        "a poll must not rebuild the screen (which moves focus to its start)"
    );
    elsewhere.remove();
}

#[wasm_bindgen_test]
async fn a_failed_poll_is_reported_and_retried_with_backoff() {
    let m = mount_step(parse(200, FAST_POLL));
    // No reply queued: the first poll fails like a dropped connection.
    signin::timer::sleep(300).await;
    settle().await;
    let status = m.text("[data-testid=push-waiting] [role=status]");
    assert!(status.contains("Connection problem"), "{status}");
    let polls_after_failure = m.rec.sent.borrow().len();
    assert_eq!(polls_after_failure, 1, "backoff: no immediate second poll");
    // The next poll (after the backoff) gets an answer that moves on.
    m.rec.reply(200, UNKNOWN_STEP);
    signin::timer::sleep(2500).await;
    settle().await;
    assert!(m.rec.sent.borrow().len() >= 2);
    assert!(m.rec.sent.borrow()[1].url.ends_with("/authenticators/poll"));
    m.get("form[data-step=favourite-things]");
}
