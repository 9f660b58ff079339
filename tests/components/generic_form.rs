//! The generic form: a step with no screen of its own, rendered and sent
//! from its inputs, and a busy button that blocks a second submit.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{UNKNOWN_STEP, mount_step, parse, settle};

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
