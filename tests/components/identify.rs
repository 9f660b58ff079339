//! The identify screen: fields from the step's inputs, the checks before
//! sending, what is sent, and the identity providers offered below it.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use crate::support::{active_id, fixture, have_fixtures, mount_step, parse, settle};

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
