//! Whether a session is open, as the start path reads it (the expiry only,
//! through the browser's JSON parser): always the same answer as reading
//! the whole session, and what cannot count is removed.

use idx_core::{AccessToken, IdToken};
use signin::session::{self, Profile, StoredSession};
use signin::storage::{self, TOKENS_KEY};
use wasm_bindgen_test::wasm_bindgen_test;

fn keep_raw(text: &str) {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .set_item(TOKENS_KEY, text)
        .unwrap();
}

fn a_session(expires_at: i64) -> StoredSession {
    StoredSession {
        access_token: AccessToken::new("at"),
        id_token: IdToken::new("id"),
        refresh_token: None,
        expires_at,
        scope: "openid".into(),
        profile: Profile {
            sub: "00u1".into(),
            ..Profile::default()
        },
    }
}

#[wasm_bindgen_test]
fn an_unexpired_session_is_open_and_stays_kept() {
    session::store(&a_session(session::now_secs() + 600)).unwrap();
    assert!(session::is_open());
    assert!(session::current().is_some(), "the full read agrees");
    assert!(storage::raw(TOKENS_KEY).is_some(), "nothing was removed");
    storage::remove(TOKENS_KEY);
}

#[wasm_bindgen_test]
fn no_expired_or_unreadable_value_counts_and_each_is_removed() {
    storage::remove(TOKENS_KEY);
    assert!(!session::is_open(), "nothing kept");

    session::store(&a_session(session::now_secs() - 1)).unwrap();
    assert!(!session::is_open(), "expired");
    assert_eq!(storage::raw(TOKENS_KEY), None);

    for bad in [
        "not json",
        "[1, 2]",
        r#"{"expires_at": "tomorrow"}"#,
        r#"{"access_token": "at"}"#,
        "null",
    ] {
        keep_raw(bad);
        assert!(!session::is_open(), "{bad} is not an open session");
        assert_eq!(storage::raw(TOKENS_KEY), None, "{bad} was removed");
    }
}
