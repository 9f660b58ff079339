//! Fault injection through the control API.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::*;
use serde_json::json;

async fn set(emu: &Emu, fault: serde_json::Value) {
    let r = emu
        .raw(
            "/emulator/api/faults",
            "application/json",
            &fault.to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn each_fault_kind_changes_the_answer_and_clears() {
    let emu = Emu::demo();
    let ih = emu.interact("openid").await;

    set(
        &emu,
        json!({ "kind": "introspect", "fault": "500", "count": 1 }),
    )
    .await;
    let r = emu.introspect(&ih).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    // Okta's recorded IDX 500 is not an IDX state (no `version`).
    assert_eq!(r.body, json!({ "message": "internal server error" }));
    // count = 1: the next request is served normally.
    assert_eq!(emu.introspect(&ih).await.status, StatusCode::OK);

    set(&emu, json!({ "kind": "idx", "fault": "502" })).await;
    let r = emu.introspect(&ih).await;
    assert_eq!(r.status, StatusCode::BAD_GATEWAY);
    assert!(
        r.header("content-type")
            .expect("ct")
            .starts_with("text/html")
    );
    assert!(r.text.contains("502"));
    // CORS headers are still present, so a browser sees the status.
    assert_eq!(r.header("access-control-allow-origin"), Some(ORIGIN));
    // OAuth routes are not part of `idx`.
    let disco = emu
        .get("/oauth2/default/.well-known/openid-configuration")
        .await;
    assert_eq!(disco.status, StatusCode::OK);

    set(&emu, json!({ "kind": "introspect", "fault": "503" })).await;
    let r = emu.introspect(&ih).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.text.is_empty());

    set(
        &emu,
        json!({ "kind": "introspect", "fault": "malformed_json" }),
    )
    .await;
    let r = emu.introspect(&ih).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(serde_json::from_str::<serde_json::Value>(&r.text).is_err());

    set(
        &emu,
        json!({ "kind": "introspect", "fault": "html", "status": 403 }),
    )
    .await;
    let r = emu.introspect(&ih).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.text.starts_with("<!DOCTYPE html>"));

    set(
        &emu,
        json!({ "kind": "token", "fault": "429", "retry_after": 9 }),
    )
    .await;
    let r = emu.token(&[("grant_type", "x")]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.header("retry-after"), Some("9"));
    assert_eq!(r.body["errorCode"], "E0000047");

    set(
        &emu,
        json!({ "kind": "introspect", "fault": "delay", "delay_ms": 300 }),
    )
    .await;
    let t = Instant::now();
    let r = emu.introspect(&ih).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(t.elapsed() >= Duration::from_millis(300));

    let list = emu.get("/emulator/api/faults").await;
    // One fault per kind: `idx`, `introspect` (last one set wins), `token`.
    assert_eq!(list.body.as_array().expect("list").len(), 3);
    let one = emu
        .send(
            axum::http::Request::delete("/emulator/api/faults/token")
                .body(axum::body::Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(one.body["cleared"], true);
    let all = emu
        .send(
            axum::http::Request::delete("/emulator/api/faults")
                .body(axum::body::Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(emu.introspect(&ih).await.status, StatusCode::OK);
    assert!(
        emu.get("/emulator/api/faults")
            .await
            .body
            .as_array()
            .expect("list")
            .is_empty()
    );

    let bad = emu
        .raw(
            "/emulator/api/faults",
            "application/json",
            r#"{"kind":"nope","fault":"500"}"#,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let bad = emu
        .raw(
            "/emulator/api/faults",
            "application/json",
            r#"{"kind":"poll","fault":"explode"}"#,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn drop_closes_the_connection_without_a_response() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let running = idx_emulator::spawn(([127, 0, 0, 1], 0).into(), |_| {})
        .await
        .expect("bind");
    let request = |path: &str, body: &str| {
        format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let roundtrip = |req: String| async move {
        let mut s = tokio::net::TcpStream::connect(running.addr)
            .await
            .expect("connect");
        s.write_all(req.as_bytes()).await.expect("write");
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf).await;
        String::from_utf8_lossy(&buf).into_owned()
    };
    let fault = json!({ "kind": "introspect", "fault": "drop", "count": 1 }).to_string();
    let set = roundtrip(request("/emulator/api/faults", &fault)).await;
    assert!(set.starts_with("HTTP/1.1 200"), "{set}");
    let dropped = roundtrip(request("/idp/idx/introspect", "{}")).await;
    assert!(dropped.is_empty(), "expected no response, got {dropped}");
    let served = roundtrip(request("/idp/idx/introspect", "{}")).await;
    assert!(served.starts_with("HTTP/1.1 400"), "{served}");
    running.handle.abort();
}
