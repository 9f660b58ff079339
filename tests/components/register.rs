//! Sign-up: every attribute kind of the org's profile schema as its
//! control, the values sent typed, a password with its rules, and Okta's
//! "already exists" on the field it names.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::HtmlSelectElement;

use crate::support::{fixture, have_fixtures, mount_step, parse, settle};

#[wasm_bindgen_test]
async fn sign_up_shows_each_attribute_as_its_control_and_sends_typed_values() {
    if !have_fixtures("sign up") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/enroll-profile-new-boolean-fields.json"),
    ));
    settle().await;
    assert_eq!(m.text("h1"), "Create your account");
    m.get("form[data-step=enroll-profile]");
    assert_eq!(m.text("form button[type=submit]"), "Sign up");
    // Custom labels as the org wrote them; a yes/no radio; checkboxes.
    assert!(m.text("label[for=field-firstName]").contains("First name"));
    assert!(m.text("fieldset legend").contains("Do you have a pet?"));
    assert_eq!(m.input("#field-pet").type_(), "radio");
    assert_eq!(m.input("#field-required").type_(), "checkbox");
    assert_eq!(
        m.input("#field-email")
            .get_attribute("autocomplete")
            .as_deref(),
        Some("email")
    );
    m.type_into("#field-firstName", "Ada");
    m.type_into("#field-lastName", "Lovelace");
    m.type_into("#field-email", "ada@example.com");
    m.click("#field-pet");
    m.click("#field-required");
    m.rec.reply(200, fixture!("terminal-return-email.json"));
    m.click("form button[type=submit]");
    settle().await;
    let body = m.rec.body_json(0);
    let profile = &body["userProfile"];
    assert_eq!(profile["firstName"], "Ada");
    assert_eq!(profile["pet"], true, "a yes/no radio goes out as a boolean");
    assert_eq!(profile["required"], true);
    assert_eq!(profile["optional"], false);
}

#[wasm_bindgen_test]
async fn choices_the_schema_lists_become_selects_and_radios() {
    if !have_fixtures("sign up choices") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/profile-enrollment-string-fields-options.json"),
    ));
    settle().await;
    let colours: HtmlSelectElement = m.get("select#field-colores").unchecked_into();
    assert_eq!(colours.length(), 4, "a prompt and three colours");
    assert_eq!(m.input("#field-favpizza").type_(), "radio");
    m.get("select#field-favsong");
    // Optional attributes left empty are not sent.
    m.type_into("#field-firstName", "Ada");
    m.type_into("#field-lastName", "L");
    m.type_into("#field-email", "ada@example.com");
    m.rec.reply(200, fixture!("terminal-return-email.json"));
    m.click("form button[type=submit]");
    settle().await;
    let profile = m.rec.body_json(0)["userProfile"].clone();
    assert!(profile.get("colores").is_none());
    assert!(profile.get("string1").is_none());
}

#[wasm_bindgen_test]
async fn a_sign_up_password_gets_its_rules_and_okta_errors_show_on_the_field() {
    if !have_fixtures("sign up password") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/enroll-profile-with-password.json"),
    ));
    settle().await;
    assert_eq!(m.input("#field-password").type_(), "password");
    m.get("#field-confirmPassword");
    assert!(m.text("form").contains("At least 8 characters"));
    drop(m);
    let m = mount_step(parse(
        400,
        fixture!("extra/error-new-signup-email-exists.json"),
    ));
    settle().await;
    assert!(
        m.text("#field-email-error").contains("already exists"),
        "{}",
        m.text("form")
    );
}
