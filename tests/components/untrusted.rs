//! An answer that names a URL the app will not use (idx-core's URL policy)
//! is refused whole: a plain message, nothing of it shown, no retry offered,
//! nothing more sent.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{UNKNOWN_STEP, fixture, have_fixtures, mount_step, parse, settle};

#[wasm_bindgen_test]
async fn an_answer_posting_to_another_origin_is_refused() {
    if !have_fixtures("untrusted_answer") {
        return;
    }
    let m = mount_step(parse(200, fixture!("identify-with-password.json")));
    settle().await;
    m.type_into("#field-username", "demo@example.com");
    m.type_into("#field-password", "pw");
    m.rec.reply(
        200,
        &UNKNOWN_STEP.replace("http://localhost:3000", "https://evil.example"),
    );
    m.click("form[data-step=identify] button[type=submit]");
    settle().await;
    let message = m.text("[data-testid=messages]");
    assert!(message.contains("another site"), "{message}");
    assert!(
        m.q("form[data-step=favourite-things]").is_none(),
        "nothing of it shown"
    );
    assert!(m.q("[data-action=retry]").is_none(), "not offered again");
    assert_eq!(m.rec.sent.borrow().len(), 1, "nothing more sent");
}
