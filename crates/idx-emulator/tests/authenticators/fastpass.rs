//! Okta FastPass: launched at identify when the org has it on, or chosen
//! as Okta Verify's method; answered by Okta Verify through the control
//! API; cancelled back to where it started.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::*;
use crate::redeemed_amr;

fn fastpass_org() -> Emu {
    let mut config = config();
    config.fastpass = true;
    Emu::new(config)
}

/// The CUSTOM_URI challenge of a state at `pointer`.
fn custom_uri<'a>(state: &'a Reply, pointer: &str) -> &'a Value {
    let v = state
        .body
        .pointer(pointer)
        .unwrap_or_else(|| panic!("no challenge in {}", state.summary()));
    assert_eq!(v["challengeMethod"], "CUSTOM_URI");
    assert!(v["href"].as_str().is_some_and(|h| {
        h.starts_with("com-okta-authenticator:/deviceChallenge?challengeRequest=")
    }));
    assert!(
        v["downloadHref"]
            .as_str()
            .is_some_and(|h| h.starts_with("https://"))
    );
    v
}

#[tokio::test]
async fn a_launch_at_identify_polls_until_okta_verify_answers() {
    let plain = Emu::demo();
    assert!(
        !plain
            .started("openid")
            .await
            .remediations()
            .contains(&"launch-authenticator".to_owned())
    );

    let emu = fastpass_org();
    let start = emu.started("openid profile").await;
    assert_eq!(
        start.remediations(),
        vec!["identify", "launch-authenticator", "redirect-idp"]
    );
    let waiting = emu.submit(&start, "launch-authenticator", json!({})).await;
    assert_eq!(waiting.status, StatusCode::OK, "{}", waiting.summary());
    assert_eq!(waiting.remediations(), vec!["device-challenge-poll"]);
    assert!(waiting.body.get("user").is_none());
    custom_uri(&waiting, "/authenticatorChallenge/value");
    let still = emu
        .submit(&waiting, "device-challenge-poll", json!({}))
        .await;
    assert_eq!(still.remediations(), vec!["device-challenge-poll"]);

    // A user without FastPass cannot answer; the FastPass user can.
    assert_eq!(
        emu.answer_fastpass(DEMO).await.status,
        StatusCode::NOT_FOUND
    );
    let users = emu.get("/emulator/api/users").await.body;
    let listed = users
        .as_array()
        .expect("list")
        .iter()
        .find(|u| u["username"] == FASTPASS_USER)
        .expect("user")
        .clone();
    assert_eq!(listed["fastpass_pending"], true);
    assert_eq!(
        emu.answer_fastpass(FASTPASS_USER).await.status,
        StatusCode::OK
    );
    assert_eq!(
        emu.answer_fastpass(FASTPASS_USER).await.status,
        StatusCode::NOT_FOUND
    );
    let done = emu.submit(&still, "device-challenge-poll", json!({})).await;
    assert_eq!(redeemed_amr(&emu, &done).await, vec!["mca", "mfa"]);
}

#[tokio::test]
async fn cancelling_a_launch_returns_to_identify() {
    let emu = fastpass_org();
    let start = emu.started("openid").await;
    let waiting = emu.submit(&start, "launch-authenticator", json!({})).await;
    let cancel = "/authenticatorChallenge/value/cancel";
    // `reason` is required.
    let refused = emu.action(&waiting, cancel).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let form = waiting.body.pointer(cancel).expect("cancel form");
    let back = emu
        .idx(
            &path_of(form["href"].as_str().expect("href")),
            json!({ "stateHandle": form_state_handle(form), "reason": "USER_CANCELED", "statusCode": null }),
        )
        .await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.summary());
    assert_eq!(back.remediations()[0], "identify");
    // Nothing waits any more; identify works as before.
    assert_eq!(
        emu.answer_fastpass(FASTPASS_USER).await.status,
        StatusCode::NOT_FOUND
    );
    let select = emu.identify(&back, FASTPASS_USER, PASSWORD).await;
    assert_eq!(select.status, StatusCode::OK);
    // Launching is offered at identify only.
    let late = emu.submit(&start, "launch-authenticator", json!({})).await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn fastpass_as_okta_verify_s_method_and_its_cancel() {
    let emu = Emu::demo();
    let select = emu.signed_in_with_password(FASTPASS_USER).await;
    let ov = select.option_for("okta_verify");
    let methods = &ov["value"]["form"]["value"][1]["options"];
    assert_eq!(
        methods,
        &json!([{ "label": "Use Okta FastPass", "value": "signed_nonce" }])
    );
    let id = select.okta_verify_id();
    let waiting = emu
        .choose(&select, json!({ "id": id, "methodType": "signed_nonce" }))
        .await;
    assert_eq!(waiting.status, StatusCode::OK, "{}", waiting.summary());
    assert_eq!(
        waiting.remediations(),
        vec!["challenge-poll", "select-authenticator-authenticate"]
    );
    let current = &waiting.body["currentAuthenticator"]["value"];
    assert_eq!(current["methods"], json!([{ "type": "signed_nonce" }]));
    custom_uri(
        &waiting,
        "/currentAuthenticator/value/contextualData/challenge/value",
    );

    let form = &current["cancel"];
    let back = emu
        .idx(
            &path_of(form["href"].as_str().expect("href")),
            json!({ "stateHandle": form_state_handle(form), "reason": "USER_CANCELED", "statusCode": null }),
        )
        .await;
    assert_eq!(
        back.remediations(),
        vec!["select-authenticator-authenticate"]
    );

    let again = emu
        .choose(&back, json!({ "id": id, "methodType": "signed_nonce" }))
        .await;
    let still = emu.poll(&again).await;
    assert_eq!(still.remediations()[0], "challenge-poll");
    assert_eq!(
        emu.answer_fastpass(FASTPASS_USER).await.status,
        StatusCode::OK
    );
    let done = emu.poll(&still).await;
    assert_eq!(redeemed_amr(&emu, &done).await, vec!["pwd", "mca", "mfa"]);
    // Not offered to a user whose Okta Verify has no FastPass.
    let demo = emu.signed_in_with_password(DEMO).await;
    let refused = emu
        .choose(
            &demo,
            json!({ "id": demo.okta_verify_id(), "methodType": "signed_nonce" }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
}

/// The launch and the poll's cancel are IDX routes like the others: faults
/// reach them.
#[tokio::test]
async fn faults_reach_the_launch() {
    let emu = fastpass_org();
    let set = emu
        .raw(
            "/emulator/api/faults",
            "application/json",
            r#"{"kind":"launch","fault":"503","count":1}"#,
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    let start = emu.started("openid").await;
    let failed = emu.submit(&start, "launch-authenticator", json!({})).await;
    assert_eq!(failed.status, StatusCode::SERVICE_UNAVAILABLE);
    let waiting = emu.submit(&start, "launch-authenticator", json!({})).await;
    assert_eq!(waiting.remediations(), vec!["device-challenge-poll"]);
}
