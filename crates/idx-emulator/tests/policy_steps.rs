//! What a user's policy asks around authentication: the optional Okta
//! Verify enrollment with `skip` and its grace period, the password-expiry
//! warning, consent (granular, end user, admin; allowed and denied), "keep
//! me signed in?", and choosing another authenticator from a challenge.

mod common;

use axum::http::StatusCode;
use common::*;
use idx_emulator::config::{ConsentKind, GracePeriod};
use serde_json::json;

#[tokio::test]
async fn an_optional_enrollment_can_be_skipped_to_success() {
    let emu = Emu::demo();
    let select = emu.signed_in_with_password(OPTIONAL).await;
    assert_eq!(
        select.remediations(),
        vec!["select-authenticator-enroll", "skip"]
    );
    let grace = &select.body["authenticators"]["value"][0]["gracePeriod"];
    assert_eq!(
        grace,
        &json!({ "type": "BY_SKIP_COUNT", "remainingSkips": 3 })
    );
    let done = emu.skip(&select).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.summary());
    let tokens = emu.tokens_of(&done).await;
    let id = claims(tokens.body["id_token"].as_str().expect("id token"));
    assert_eq!(id["amr"], json!(["pwd"]));
    // `skip` is gone once used: the transaction is done.
    let again = emu.skip(&select).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "{}", again.summary());
}

#[tokio::test]
async fn the_skip_count_runs_out_and_the_enrollment_becomes_required() {
    let emu = Emu::demo();
    for left in [3, 2, 1] {
        let select = emu.signed_in_with_password(OPTIONAL).await;
        assert_eq!(
            select.body["authenticators"]["value"][0]["gracePeriod"]["remainingSkips"],
            left
        );
        let done = emu.skip(&select).await;
        assert!(done.interaction_code().is_some(), "{}", done.summary());
    }
    let required = emu.signed_in_with_password(OPTIONAL).await;
    assert_eq!(required.remediations(), vec!["select-authenticator-enroll"]);
    assert_eq!(
        required.body["authenticators"]["value"][0]["gracePeriod"]["remainingSkips"],
        0
    );
    let sh = form_state_handle(required.form("select-authenticator-enroll"));
    let refused = emu.idx("/idp/idx/skip", json!({ "stateHandle": sh })).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.body["messages"]["value"][0]["i18n"]["key"],
        "E0000020"
    );
    // A reset forgets the skips.
    emu.reset().await;
    let fresh = emu.signed_in_with_password(OPTIONAL).await;
    assert_eq!(
        fresh.remediations(),
        vec!["select-authenticator-enroll", "skip"]
    );
}

#[tokio::test]
async fn the_optional_enrollment_can_be_done_instead_of_skipped() {
    let emu = Emu::demo();
    let poll = emu.enrolling(OPTIONAL, "qrcode").await;
    assert!(emu.activate_enrollment(OPTIONAL).await.status.is_success());
    let done = emu.enroll_poll(&poll).await;
    let tokens = emu.tokens_of(&done).await;
    let id = claims(tokens.body["id_token"].as_str().expect("id token"));
    assert_eq!(id["amr"], json!(["pwd", "mca", "mfa"]));
    // Enrolled: the password alone signs in from now on, nothing offered.
    let next = emu.signed_in_with_password(OPTIONAL).await;
    assert!(next.interaction_code().is_some(), "{}", next.summary());
}

#[tokio::test]
async fn an_expiring_password_warns_and_can_be_skipped_or_changed() {
    let emu = Emu::demo();
    let warning = emu.signed_in_with_password(EXPIRING).await;
    assert_eq!(
        warning.remediations(),
        vec!["reenroll-authenticator-warning", "skip"]
    );
    assert_eq!(
        warning.message_keys(),
        vec!["idx.password.expiring.message"]
    );
    assert_eq!(
        warning.body["currentAuthenticator"]["value"]["settings"]["daysToExpiry"],
        4
    );
    assert!(emu.skip(&warning).await.interaction_code().is_some());

    let warning = emu.signed_in_with_password(EXPIRING).await;
    let answer = |pw: &'static str| {
        let emu = emu.clone();
        let w = &warning;
        async move {
            emu.submit(
                w,
                "reenroll-authenticator-warning",
                json!({ "credentials": { "passcode": pw } }),
            )
            .await
        }
    };
    let weak = answer("short").await;
    assert_eq!(weak.status, StatusCode::BAD_REQUEST);
    assert_eq!(weak.remediations(), warning.remediations());
    let done = answer("Brand-new-Pass1").await;
    assert!(done.interaction_code().is_some(), "{}", done.summary());
    // The new password is the password now.
    let start = emu.started("openid").await;
    let old = emu.identify(&start, EXPIRING, PASSWORD).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = emu.identify(&start, EXPIRING, "Brand-new-Pass1").await;
    assert_eq!(
        new.remediations(),
        warning.remediations(),
        "{}",
        new.summary()
    );
}

#[tokio::test]
async fn granular_consent_grants_the_opted_scopes_then_asks_to_stay_signed_in() {
    let emu = Emu::demo();
    let consent = emu.signed_in_with_password(CONSENT).await;
    assert_eq!(consent.remediations(), vec!["granular-consent"]);
    assert!(consent.body["authentication"]["value"]["issuer"]["uri"].is_string());
    assert_eq!(
        consent.body["authentication"]["value"]["request"]["max_age"],
        -1
    );
    let opted = consent.field("granular-consent", "optedScopes")["form"]["value"]
        .as_array()
        .expect("scopes")
        .clone();
    let names: Vec<&str> = opted.iter().filter_map(|f| f["name"].as_str()).collect();
    assert_eq!(names, vec!["openid", "profile", "email", "offline_access"]);
    let mutable: Vec<bool> = opted.iter().map(|f| f["mutable"] == true).collect();
    assert_eq!(mutable, vec![false, false, true, true]);
    // `profile` is mandatory: turning it off does not remove it.
    let kmsi = emu
        .submit(
            &consent,
            "granular-consent",
            json!({ "consent": true, "optedScopes": {
                "openid": true, "profile": false, "email": false, "offline_access": true
            } }),
        )
        .await;
    assert_eq!(
        kmsi.remediations(),
        vec!["keep-me-signed-in"],
        "{}",
        kmsi.summary()
    );
    let missing = emu.submit(&kmsi, "keep-me-signed-in", json!({})).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    let done = emu
        .submit(
            &kmsi,
            "keep-me-signed-in",
            json!({ "keepMeSignedIn": true }),
        )
        .await;
    let tokens = emu.tokens_of(&done).await;
    assert_eq!(tokens.body["scope"], "openid profile offline_access");
    let id = claims(tokens.body["id_token"].as_str().expect("id token"));
    assert!(id.get("email").is_none(), "email was not consented to");
    assert!(id["name"].is_string());
    assert!(tokens.body["refresh_token"].is_string());
}

#[tokio::test]
async fn denied_consent_ends_the_transaction_without_a_code() {
    let emu = Emu::demo();
    let consent = emu.signed_in_with_password(CONSENT).await;
    let denied = emu
        .submit(&consent, "granular-consent", json!({ "consent": false }))
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    assert_eq!(
        denied.message_keys(),
        vec!["idx.operation.cancelled.by.user"]
    );
    assert!(denied.remediations().is_empty() && denied.body["cancel"].is_null());
    let no_consent = emu.submit(&consent, "granular-consent", json!({})).await;
    assert_eq!(no_consent.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn end_user_and_admin_consent_list_the_scopes_and_keep_them_all() {
    for (kind, name) in [
        (ConsentKind::EndUser, "consent"),
        (ConsentKind::Admin, "admin-consent"),
    ] {
        let emu = Emu::configured(|c| {
            let u = c
                .users
                .iter_mut()
                .find(|u| u.username == CONSENT)
                .expect("user");
            u.policy.consent = Some(kind);
            u.policy.keep_me_signed_in = false;
        });
        let consent = emu.signed_in_with_password(CONSENT).await;
        assert_eq!(consent.remediations(), vec![name]);
        let scopes: Vec<&str> = consent.form(name)["scopes"]
            .as_array()
            .expect("scopes")
            .iter()
            .filter_map(|s| s["name"].as_str())
            .collect();
        assert_eq!(scopes, vec!["profile", "email", "offline_access"]);
        let app = &consent.body["app"]["value"];
        assert!(app["logo"]["href"].is_string() && app["clientUri"]["href"] == ORIGIN);
        let done = emu
            .submit(&consent, name, json!({ "consent": "true" }))
            .await;
        let tokens = emu.tokens_of(&done).await;
        assert_eq!(tokens.body["scope"], "openid profile email offline_access");
    }
}

#[tokio::test]
async fn another_authenticator_can_be_chosen_from_a_challenge() {
    let emu = Emu::demo();
    let totp = emu.chose_okta_verify(DEMO, "totp").await;
    assert!(
        totp.remediations()
            .contains(&"select-authenticator-authenticate".to_owned())
    );
    let email = emu
        .choose(
            &totp,
            json!({ "id": totp.email_id(), "methodType": "email" }),
        )
        .await;
    assert_eq!(email.status, StatusCode::OK, "{}", email.summary());
    assert_eq!(
        email.remediations(),
        vec![
            "challenge-authenticator",
            "select-authenticator-authenticate"
        ]
    );
    let push = emu
        .choose(
            &email,
            json!({ "id": email.okta_verify_id(), "methodType": "push" }),
        )
        .await;
    assert_eq!(push.status, StatusCode::OK, "{}", push.summary());
    assert!(push.remediations().contains(&"challenge-poll".to_owned()));
    // Back to the code: the push is dropped, the code still signs in.
    let code = emu
        .choose(
            &push,
            json!({ "id": push.okta_verify_id(), "methodType": "totp" }),
        )
        .await;
    assert!(emu.pushes(DEMO).await.is_empty());
    let done = emu.enter_totp(&code, &emu.totp(DEMO).await).await;
    assert!(done.interaction_code().is_some(), "{}", done.summary());
}

#[tokio::test]
async fn a_device_assurance_grace_period_warns_then_skips_to_the_next_step() {
    let emu = Emu::configured(|c| {
        let u = c
            .users
            .iter_mut()
            .find(|u| u.username == EXPIRING)
            .expect("user");
        u.policy.device_assurance_grace_days = Some(7);
    });
    let grace = emu.signed_in_with_password(EXPIRING).await;
    assert_eq!(grace.remediations(), vec!["device-assurance-grace-period"]);
    let keys = grace.message_keys();
    assert_eq!(
        keys[0],
        "idx.device_assurance.grace_period.warning.title.due_by_date"
    );
    let due = grace.body["messages"]["value"][0]["i18n"]["params"][0]
        .as_str()
        .expect("deadline");
    assert!(due.ends_with('Z') && due.len() == 24, "{due}");
    let warning = emu
        .submit(&grace, "device-assurance-grace-period", json!({}))
        .await;
    assert_eq!(
        warning.remediations(),
        vec!["reenroll-authenticator-warning", "skip"],
        "then the expiry warning"
    );
    assert!(emu.skip(&warning).await.interaction_code().is_some());
}

#[tokio::test]
async fn a_dated_grace_period_shows_its_deadline_and_keeps_skip() {
    let emu = Emu::configured(|c| {
        let u = c
            .users
            .iter_mut()
            .find(|u| u.username == OPTIONAL)
            .expect("user");
        u.policy.grace_period = Some(GracePeriod::ByDateTime { days: 7 });
    });
    for _ in 0..4 {
        let select = emu.signed_in_with_password(OPTIONAL).await;
        assert_eq!(
            select.remediations(),
            vec!["select-authenticator-enroll", "skip"]
        );
        let grace = &select.body["authenticators"]["value"][0]["gracePeriod"];
        assert_eq!(grace["type"], "BY_DATE_TIME");
        assert!(grace["expiry"].as_str().is_some_and(|e| e.ends_with('Z')));
        assert!(emu.skip(&select).await.interaction_code().is_some());
    }
}
