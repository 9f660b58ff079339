//! Okta Verify enrollment (protocol reference 8.6, polling 3.9) for the demo
//! user who has no authenticator: the QR code and email channels, the phone's
//! activation through the control API, the sign-in it completes, and the
//! enrolled Okta Verify on later sign-ins. Written from the protocol
//! reference and the recordings, not from the emulator's code.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};

fn qr_href(state: &Reply) -> String {
    state.contextual_data()["qrcode"]["href"]
        .as_str()
        .unwrap_or_else(|| panic!("no QR code in {}", state.summary()))
        .to_owned()
}

fn amr_of(emu_tokens: &Reply, jwks: &Value) -> Value {
    let id = verify_jwt(
        jwks,
        emu_tokens.body["id_token"].as_str().expect("id_token"),
    )
    .expect("ID token verifies");
    id["amr"].clone()
}

#[tokio::test]
async fn new_user_must_enroll_okta_verify_after_the_password() {
    let emu = Emu::demo();
    let select = emu.signed_in_with_password(NEW).await;
    // Required: only select-authenticator-enroll, no skip.
    assert_eq!(select.remediations(), vec!["select-authenticator-enroll"]);
    assert!(select.body.get("successWithInteractionCode").is_none());
    let form = select.form("select-authenticator-enroll");
    assert_eq!(form["href"], format!("{BASE}/idp/idx/credential/enroll"));
    let options = select.field("select-authenticator-enroll", "authenticator")["options"]
        .as_array()
        .expect("options")
        .clone();
    assert_eq!(options.len(), 1);
    assert_eq!(options[0]["label"], "Okta Verify");
    let fields = &options[0]["value"]["form"]["value"];
    assert_eq!(fields[0]["name"], "id");
    assert_eq!(fields[0]["mutable"], false);
    assert_eq!(fields[1]["name"], "channel");
    assert_eq!(
        fields[1]["options"],
        json!([{ "label": "QRCODE", "value": "qrcode" }, { "label": "EMAIL", "value": "email" }])
    );
    // relatesTo resolves to Okta Verify in `authenticators`.
    assert_eq!(options[0]["relatesTo"], "$.authenticators.value[0]");
    let ov = &select.body["authenticators"]["value"][0];
    assert_eq!(
        (ov["key"].as_str(), ov["type"].as_str()),
        (Some("okta_verify"), Some("app"))
    );
    assert_eq!(ov["id"], fields[0]["value"]);
    assert!(select.body["cancel"].is_object());
    // Nothing is pending before a channel is chosen.
    assert_eq!(emu.enrollment(NEW).await.status, StatusCode::NOT_FOUND);

    // The other demo users still choose among what they have.
    let demo = emu.signed_in_with_password(DEMO).await;
    assert_eq!(
        demo.remediations(),
        vec!["select-authenticator-authenticate"]
    );
    let push = emu.signed_in_with_password(PUSH).await;
    assert_eq!(
        push.remediations(),
        vec!["select-authenticator-authenticate"]
    );
}

#[tokio::test]
async fn qr_code_enrollment_completes_the_sign_in_and_okta_verify_stays() {
    let mut config = config();
    config.poll_refresh_ms = 1500;
    let emu = Emu::new(config);
    let poll = emu.enrolling(NEW, "qrcode").await;
    assert_eq!(
        poll.remediations(),
        vec![
            "enroll-poll",
            "select-enrollment-channel",
            "select-authenticator-enroll"
        ]
    );
    let form = poll.form("enroll-poll");
    assert_eq!(form["href"], format!("{BASE}/idp/idx/challenge/poll"));
    assert_eq!(form["refresh"], 1500, "the configured poll refresh");
    let current = &poll.body["currentAuthenticator"]["value"];
    assert_eq!(current["key"], "okta_verify");
    assert_eq!(current["type"], "app");
    assert_eq!(current["displayName"], "Okta Verify");
    assert_eq!(poll.contextual_data()["selectedChannel"], "qrcode");
    assert_eq!(poll.contextual_data()["qrcode"]["type"], "image/png");
    let href = qr_href(&poll);
    let scanned = decode_qr(&href);
    assert!(
        scanned.starts_with("oktaverify://new@example.com/?t="),
        "activation URI shape"
    );
    let channel = poll.field("select-enrollment-channel", "authenticator");
    assert_eq!(
        channel["value"]["form"]["value"][1]["options"],
        json!([{ "label": "QRCODE", "value": "qrcode" }, { "label": "EMAIL", "value": "email" }])
    );

    // Polling before the phone scans: the same state, the same image.
    let again = emu.enroll_poll(&poll).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.summary());
    assert_eq!(again.remediations()[0], "enroll-poll");
    assert_eq!(qr_href(&again), href);

    // The control API shows what the phone would scan.
    let pending = emu.enrollment(NEW).await;
    assert_eq!(pending.status, StatusCode::OK, "{}", pending.summary());
    // (Compared without printing: the activation URI is a secret.)
    assert!(
        pending.body == json!({ "channel": "qrcode", "email": null, "activation": scanned }),
        "control shape {:?}",
        pending
            .body
            .as_object()
            .map(|m| m.keys().collect::<Vec<_>>())
    );
    let users = emu.get("/emulator/api/users").await.body;
    let listed = users
        .as_array()
        .and_then(|a| a.iter().find(|u| u["username"] == NEW))
        .expect("new user listed");
    assert!(listed["enrollment"]["activation"] == scanned.as_str());
    assert!(listed["totp_code"].is_null(), "no Okta Verify yet");
    assert_eq!(
        emu.get(&format!("/emulator/api/users/{NEW}/totp"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let activated = emu.activate_enrollment(NEW).await;
    assert_eq!(activated.status, StatusCode::OK, "{}", activated.summary());
    assert_eq!(activated.body, json!({}));
    // Activated: nothing pending any more.
    assert_eq!(emu.enrollment(NEW).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        emu.activate_enrollment(NEW).await.status,
        StatusCode::NOT_FOUND
    );

    let success = emu.enroll_poll(&poll).await;
    assert_eq!(success.status, StatusCode::OK, "{}", success.summary());
    let ic = success.interaction_code().expect("interaction code");
    let tokens = emu.redeem(&ic).await;
    assert_eq!(tokens.status, StatusCode::OK, "{}", tokens.summary());
    let jwks = emu.get("/oauth2/default/v1/keys").await.body;
    // Like an approved push: the phone proved possession out of band.
    assert_eq!(amr_of(&tokens, &jwks), json!(["pwd", "mca", "mfa"]));

    // Later sign-ins: Okta Verify, code and push, like any enrolled user.
    let select = emu.signed_in_with_password(NEW).await;
    assert_eq!(
        select.remediations(),
        vec!["select-authenticator-authenticate"]
    );
    let options = &select.form("select-authenticator-authenticate")["value"][0]["options"];
    assert_eq!(options.as_array().map(Vec::len), Some(1));
    assert_eq!(
        options[0]["value"]["form"]["value"][1]["options"],
        json!([{ "label": "Enter a code", "value": "totp" }, { "label": "Get a push notification", "value": "push" }])
    );
    let enrolled = &select.body["authenticatorEnrollments"]["value"][0];
    assert_eq!(enrolled["profile"]["deviceName"], "New Phone");

    let totp = emu
        .choose(
            &select,
            json!({ "id": select.okta_verify_id(), "methodType": "totp" }),
        )
        .await;
    let code = emu.totp(NEW).await;
    let done = emu.enter_totp(&totp, &code).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.summary());
    let tokens = emu
        .redeem(&done.interaction_code().expect("interaction code"))
        .await;
    assert_eq!(amr_of(&tokens, &jwks), json!(["pwd", "otp", "mfa"]));

    // Push works too, without a number challenge.
    let push = emu.chose_okta_verify(NEW, "push").await;
    assert_eq!(push.remediations()[0], "challenge-poll");
    assert!(push.correct_answer().is_none());
    let pending = emu.pushes(NEW).await;
    assert_eq!(pending.len(), 1);
    emu.approve_push(&pending[0], None).await;
    assert!(emu.poll(&push).await.interaction_code().is_some());
}

#[tokio::test]
async fn each_enrollment_has_its_own_activation_and_a_missing_channel_means_qr() {
    let emu = Emu::demo();
    let select = emu.signed_in_with_password(NEW).await;
    let id = select.enroll_okta_verify_id();
    let first = emu
        .enroll_with(&select, "select-authenticator-enroll", json!({ "id": id }))
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.summary());
    assert_eq!(first.contextual_data()["selectedChannel"], "qrcode");
    let first_uri = decode_qr(&qr_href(&first));
    assert_eq!(
        emu.enrollment(NEW).await.body["activation"],
        first_uri.as_str()
    );

    // Choosing the QR code again (select-enrollment-channel) starts over
    // with a new token.
    let second = emu
        .enroll_with(
            &first,
            "select-enrollment-channel",
            json!({ "id": id, "channel": "qrcode" }),
        )
        .await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.summary());
    let second_uri = decode_qr(&qr_href(&second));
    assert!(first_uri != second_uri, "a fresh activation token");
    let token = |uri: &str| {
        uri.split_once("?t=")
            .and_then(|(_, rest)| rest.split('&').next())
            .map(str::to_owned)
            .expect("token")
    };
    assert!(token(&second_uri).len() >= 32);
    assert!(emu.enrollment(NEW).await.body["activation"] == second_uri.as_str());
}

#[tokio::test]
async fn email_enrollment_asks_for_an_address_then_waits_for_the_link() {
    let emu = Emu::demo();
    let data = emu.enrolling(NEW, "email").await;
    assert_eq!(
        data.remediations(),
        vec![
            "enrollment-channel-data",
            "select-enrollment-channel",
            "select-authenticator-enroll"
        ]
    );
    let form = data.form("enrollment-channel-data");
    assert_eq!(form["href"], format!("{BASE}/idp/idx/challenge/send"));
    let email = data.field("enrollment-channel-data", "email");
    assert_eq!(email["label"], "Email");
    assert_eq!(email["required"], true);
    assert_eq!(
        data.contextual_data(),
        &json!({ "selectedChannel": "email" })
    );
    assert_eq!(emu.enrollment(NEW).await.status, StatusCode::NOT_FOUND);

    // Blank, then malformed: a message on the email field, the state kept.
    for typed in ["", "   ", "not-an-email", "a@b"] {
        let refused = emu
            .submit(&data, "enrollment-channel-data", json!({ "email": typed }))
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{typed:?}");
        assert_eq!(refused.remediations(), data.remediations(), "{typed:?}");
        assert_eq!(refused.body["stateHandle"], data.body["stateHandle"]);
        let field = refused.field("enrollment-channel-data", "email");
        assert!(
            field["messages"]["value"][0]["message"].is_string(),
            "{typed:?}: {}",
            refused.summary()
        );
    }
    let refused = emu
        .submit(&data, "enrollment-channel-data", json!({}))
        .await;
    assert_eq!(
        refused.field("enrollment-channel-data", "email")["messages"]["value"][0]["i18n"]["key"],
        "model.validation.field.blank"
    );

    let sent = emu
        .submit(
            &data,
            "enrollment-channel-data",
            json!({ "email": "Me.Phone@Example.org" }),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.summary());
    assert_eq!(
        sent.remediations(),
        vec![
            "enroll-poll",
            "select-enrollment-channel",
            "select-authenticator-enroll"
        ]
    );
    assert_eq!(
        sent.contextual_data(),
        &json!({ "selectedChannel": "email", "email": "Me.Phone@Example.org" })
    );
    assert!(sent.contextual_data().get("qrcode").is_none());

    // Resend: the same state again.
    let resent = emu
        .action(&sent, "/currentAuthenticator/value/resend")
        .await;
    assert_eq!(resent.status, StatusCode::OK, "{}", resent.summary());
    assert_eq!(resent.remediations()[0], "enroll-poll");
    assert_eq!(resent.contextual_data(), sent.contextual_data());

    let polled = emu.enroll_poll(&sent).await;
    assert_eq!(polled.contextual_data(), sent.contextual_data());

    let pending = emu.enrollment(NEW).await;
    assert_eq!(pending.status, StatusCode::OK);
    assert_eq!(pending.body["channel"], "email");
    assert_eq!(pending.body["email"], "Me.Phone@Example.org");
    let link = pending.body["activation"].as_str().expect("activation");
    assert!(
        link.starts_with("oktaverify://new@example.com/?t="),
        "{link:?}"
    );

    assert_eq!(emu.activate_enrollment(NEW).await.status, StatusCode::OK);
    let done = emu.enroll_poll(&sent).await;
    assert!(done.interaction_code().is_some(), "{}", done.summary());
    // Resend is over once the sign-in completed.
    let late = emu
        .action(&sent, "/currentAuthenticator/value/resend")
        .await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_channel_can_be_switched_while_waiting() {
    let emu = Emu::demo();
    let qr = emu.enrolling(NEW, "qrcode").await;
    let id = qr.enroll_okta_verify_id();
    let to_email = emu
        .enroll_with(
            &qr,
            "select-enrollment-channel",
            json!({ "id": id, "channel": "email" }),
        )
        .await;
    assert_eq!(to_email.status, StatusCode::OK, "{}", to_email.summary());
    assert_eq!(to_email.remediations()[0], "enrollment-channel-data");
    // The QR code shown before is no longer pending.
    assert_eq!(emu.enrollment(NEW).await.status, StatusCode::NOT_FOUND);
    let back = emu
        .enroll_with(
            &to_email,
            "select-authenticator-enroll",
            json!({ "id": id, "channel": "qrcode" }),
        )
        .await;
    assert_eq!(back.remediations()[0], "enroll-poll");
    assert_eq!(emu.enrollment(NEW).await.body["channel"], "qrcode");
}

#[tokio::test]
async fn bad_enrollment_requests_are_idx_errors() {
    let emu = Emu::demo();
    let select = emu.signed_in_with_password(NEW).await;
    let id = select.enroll_okta_verify_id();
    for authenticator in [
        json!({ "id": id, "channel": "sms" }),
        json!({ "id": id, "channel": "carrier-pigeon" }),
        json!({ "id": id, "channel": 7 }),
        json!({ "id": "autNotAnAuthenticator", "channel": "qrcode" }),
        json!({ "channel": "qrcode" }),
        json!("okta_verify"),
    ] {
        let r = emu
            .enroll_with(
                &select,
                "select-authenticator-enroll",
                authenticator.clone(),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{authenticator}");
        assert_eq!(r.header("content-type"), Some(ION));
        assert_eq!(r.message_keys(), vec!["E0000020"], "{authenticator}");
        // The state stays where it was.
        assert_eq!(r.remediations(), vec!["select-authenticator-enroll"]);
    }
    assert_eq!(emu.enrollment(NEW).await.status, StatusCode::NOT_FOUND);

    // Send is offered only while asking for the address.
    let sh = form_state_handle(select.form("select-authenticator-enroll"));
    let early = emu
        .idx(
            "/idp/idx/challenge/send",
            json!({ "stateHandle": sh, "email": "a@example.com" }),
        )
        .await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST);
    assert_eq!(early.message_keys(), vec!["E0000020"]);

    // A user who has authenticators is not enrolling.
    let demo = emu.signed_in_with_password(DEMO).await;
    let sh = form_state_handle(demo.form("select-authenticator-authenticate"));
    let r = emu
        .idx(
            "/idp/idx/credential/enroll",
            json!({ "stateHandle": sh, "authenticator": { "id": id, "channel": "qrcode" } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(emu.enrollment(DEMO).await.status, StatusCode::NOT_FOUND);

    // Unknown users: the control API's 404 shape.
    for r in [
        emu.enrollment("nobody@example.com").await,
        emu.activate_enrollment("nobody@example.com").await,
    ] {
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.body["error"], "not_found");
    }
}

#[tokio::test]
async fn an_expired_or_cancelled_enrollment_cannot_be_activated() {
    let emu = Emu::demo();
    let poll = emu.enrolling(NEW, "qrcode").await;
    emu.expire_transactions().await;
    let expired = emu.enroll_poll(&poll).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.message_keys(), vec!["idx.session.expired"]);
    assert_eq!(emu.enrollment(NEW).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        emu.activate_enrollment(NEW).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        emu.get(&format!("/emulator/api/users/{NEW}/totp"))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "no Okta Verify from an expired enrollment"
    );

    let poll = emu.enrolling(NEW, "qrcode").await;
    let cancelled = emu.action(&poll, "/cancel").await;
    assert_eq!(cancelled.remediations()[0], "identify");
    assert_eq!(emu.enrollment(NEW).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn enrollments_live_in_the_router_until_reset() {
    let emu = Emu::demo();
    let other = Emu::demo();
    emu.enrolling(NEW, "qrcode").await;
    assert_eq!(emu.activate_enrollment(NEW).await.status, StatusCode::OK);
    assert_eq!(
        emu.signed_in_with_password(NEW).await.remediations(),
        vec!["select-authenticator-authenticate"]
    );
    // Another emulator (router) knows nothing of it.
    assert_eq!(
        other.signed_in_with_password(NEW).await.remediations(),
        vec!["select-authenticator-enroll"]
    );
    // Reset forgets it.
    let reset = emu.raw("/emulator/api/reset", "application/json", "").await;
    assert_eq!(reset.status, StatusCode::OK);
    assert_eq!(
        emu.signed_in_with_password(NEW).await.remediations(),
        vec!["select-authenticator-enroll"]
    );
    assert_eq!(
        emu.get(&format!("/emulator/api/users/{NEW}/totp"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_virtual_okta_verify_page_can_activate_an_enrollment() {
    let emu = Emu::demo();
    let page = emu.get("/emulator/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("/enrollment/activate"));
    assert!(page.text.contains("Activate"));
    // The page lists users with their pending enrollment (or null).
    let users = emu.get("/emulator/api/users").await.body;
    let users = users.as_array().expect("list");
    // Every user of users.json: the three first, one per self-service flow
    // and one per other authenticator and required enrollment.
    assert_eq!(users.len(), 19);
    assert_eq!(users.len(), config().users.len());
    assert!(users.iter().all(|u| u["enrollment"].is_null()));
}
