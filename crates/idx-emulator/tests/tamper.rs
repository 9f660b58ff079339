//! Hostile-server switches: ID-token defects and the request log.

mod common;

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::*;
use serde_json::{Value, json};

/// Signs in `DEMO` with a TOTP code and redeems the interaction code.
async fn tokens(emu: &Emu) -> Value {
    let ok = emu.succeeded_with_totp(DEMO).await;
    let r = emu.redeem(&ok.interaction_code().expect("ic")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body
}

fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("payload");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("b64")).expect("json")
}

fn header(jwt: &str) -> Value {
    let h = jwt.split('.').next().expect("header");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(h).expect("b64")).expect("json")
}

async fn arm(emu: &Emu, defect: &str) {
    let r = emu
        .raw(
            "/emulator/api/id-token-defect",
            "application/json",
            &json!({ "defect": defect }).to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["defect"], defect);
}

#[tokio::test]
async fn each_defect_spoils_exactly_one_id_token_in_its_own_way() {
    for defect in [
        "bad_signature",
        "wrong_audience",
        "expired",
        "wrong_nonce",
        "unknown_kid",
    ] {
        let emu = Emu::demo();
        let jwks = emu.get("/oauth2/default/v1/keys").await.body;
        arm(&emu, defect).await;
        let body = tokens(&emu).await;
        let id = body["id_token"].as_str().expect("id_token");
        let c = claims(id);
        let verified = verify_jwt(&jwks, id);
        match defect {
            "bad_signature" => assert!(verified.is_err(), "{defect}: signature still verifies"),
            "unknown_kid" => {
                assert_eq!(verified, Err("kid not in JWKS".to_owned()), "{defect}");
                assert_ne!(header(id)["kid"], jwks["keys"][0]["kid"]);
            }
            _ => {
                let v = verified.unwrap_or_else(|e| panic!("{defect}: {e}"));
                assert_eq!(v, c);
            }
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_secs();
        assert_eq!(
            c["aud"] == "demo-spa",
            defect != "wrong_audience",
            "{defect}: aud {}",
            c["aud"]
        );
        assert_eq!(
            c["nonce"] == "nonce-123",
            defect != "wrong_nonce",
            "{defect}: nonce {}",
            c["nonce"]
        );
        assert_eq!(
            c["exp"].as_u64().expect("exp") > now,
            defect != "expired",
            "{defect}: exp {}",
            c["exp"]
        );
        // The access token is never altered.
        let at = body["access_token"].as_str().expect("access_token");
        assert!(
            verify_jwt(&jwks, at).is_ok(),
            "{defect}: access token spoiled"
        );
        // One-shot: disarmed after use.
        let state = emu.get("/emulator/api/id-token-defect").await;
        assert_eq!(state.body["defect"], Value::Null, "{defect}");
    }
}

#[tokio::test]
async fn unknown_defect_is_refused_and_delete_disarms() {
    let emu = Emu::demo();
    let r = emu
        .raw(
            "/emulator/api/id-token-defect",
            "application/json",
            r#"{"defect":"rot13"}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    arm(&emu, "expired").await;
    let r = emu
        .send(
            axum::http::Request::delete("/emulator/api/id-token-defect")
                .body(axum::body::Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let jwks = emu.get("/oauth2/default/v1/keys").await.body;
    let body = tokens(&emu).await;
    let id = body["id_token"].as_str().expect("id_token");
    let c = verify_jwt(&jwks, id).expect("a good token after DELETE");
    assert_eq!(c["aud"], "demo-spa");
}

#[tokio::test]
async fn request_log_counts_each_step_with_its_outcome_and_no_secrets() {
    let emu = Emu::demo();
    let ch = emu.chose_okta_verify(DEMO, "totp").await;
    let r = emu
        .raw(
            "/emulator/api/faults",
            "application/json",
            r#"{"kind":"answer","fault":"503","count":1}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let code = emu.totp(DEMO).await;
    let failed = emu.enter_totp(&ch, &code).await;
    assert_eq!(failed.status, StatusCode::SERVICE_UNAVAILABLE);
    // The faulted request never reached the handler, so the code is still unused.
    let ok = emu.enter_totp(&ch, &code).await;
    let tokens = emu.redeem(&ok.interaction_code().expect("ic")).await;
    assert_eq!(tokens.status, StatusCode::OK);

    let log = emu.get("/emulator/api/requests").await;
    assert_eq!(log.status, StatusCode::OK);
    let entries = log.body.as_array().expect("list");
    let summary: Vec<(String, Value, Value)> = entries
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().expect("kind").to_owned(),
                e["status"].clone(),
                e["fault"].clone(),
            )
        })
        .collect();
    let row = |k: &str, s: u16, f: Value| (k.to_owned(), json!(s), f);
    assert_eq!(
        summary,
        vec![
            row("interact", 200, Value::Null),
            row("introspect", 200, Value::Null),
            row("identify", 200, Value::Null),
            row("challenge", 200, Value::Null),
            row("answer", 503, json!("503")),
            row("answer", 200, Value::Null),
            row("token", 200, Value::Null),
        ]
    );
    for secret in [
        PASSWORD,
        &code,
        tokens.body["access_token"].as_str().expect("at"),
    ] {
        assert!(!log.text.contains(secret), "the log leaks a secret");
    }
    // Reset empties it.
    emu.raw("/emulator/api/reset", "application/json", "{}")
        .await;
    assert_eq!(emu.get("/emulator/api/requests").await.body, json!([]));
}

#[tokio::test]
async fn markup_fault_prefixes_labels_and_messages() {
    let emu = Emu::demo();
    let ih = emu.interact("openid").await;
    let r = emu
        .raw(
            "/emulator/api/faults",
            "application/json",
            r#"{"kind":"introspect","fault":"markup","text":"<i>x</i>","count":1}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let hostile = emu.introspect(&ih).await;
    assert_eq!(hostile.status, StatusCode::OK);
    let identify = hostile.form("identify");
    let labels: Vec<&str> = identify["value"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["label"].as_str())
        .collect();
    assert!(!labels.is_empty());
    assert!(
        labels.iter().all(|l| l.starts_with("<i>x</i>")),
        "{labels:?}"
    );
    assert_eq!(identify["name"], "identify");
    // count = 1: the next answer is clean.
    let clean = emu.introspect(&ih).await;
    assert!(!clean.text.contains("<i>x</i>"));
}
