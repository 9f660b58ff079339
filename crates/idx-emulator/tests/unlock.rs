//! Self-service unlock: a locked-out user unlocks with an emailed code and
//! can sign in again (or, by policy, goes straight on to the password);
//! the step reveals no user and is offered only where the org allows it.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

/// `unlock-account` from a new transaction's identify.
async fn unlock_form(emu: &Emu) -> Reply {
    let start = emu.started("openid profile").await;
    let select = emu.submit(&start, "unlock-account", json!({})).await;
    assert_eq!(select.status, StatusCode::OK, "{}", select.summary());
    assert_eq!(
        select.remediations(),
        vec!["select-authenticator-unlock-account"]
    );
    select
}

/// Submits the unlock choice for `user` by email.
async fn unlock_by_email(emu: &Emu, select: &Reply, user: &str) -> Reply {
    let id = select.form("select-authenticator-unlock-account")["value"][1]["options"][0]["value"]
        ["form"]["value"][0]["value"]
        .clone();
    emu.submit(
        select,
        "select-authenticator-unlock-account",
        json!({ "identifier": user, "authenticator": { "id": id, "methodType": "email" } }),
    )
    .await
}

#[tokio::test]
async fn a_locked_out_user_unlocks_by_email_and_signs_in_again() {
    let emu = Emu::self_service();
    let start = emu.started("openid").await;
    let locked = emu.identify(&start, LOCKED, PASSWORD).await;
    assert_eq!(locked.status, StatusCode::FORBIDDEN);
    assert_eq!(
        locked.message_keys(),
        vec!["authfactor.challenge.suspended_factor"]
    );

    let select = unlock_form(&emu).await;
    let challenge = unlock_by_email(&emu, &select, LOCKED).await;
    assert_eq!(challenge.status, StatusCode::OK, "{}", challenge.summary());
    assert_eq!(challenge.remediations()[0], "challenge-authenticator");
    // A wrong code says so; it does not count as a failed attempt.
    let wrong = emu.enter_passcode(&challenge, "000000").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let code = emu.email_code(LOCKED).await;
    let unlocked = emu.enter_passcode(&challenge, &code).await;
    assert_eq!(unlocked.status, StatusCode::OK, "{}", unlocked.summary());
    assert_eq!(
        unlocked.message_keys(),
        vec!["oie.selfservice.unlock_user.success.message"]
    );
    assert!(unlocked.remediations().is_empty());
    assert!(unlocked.interaction_code().is_none());

    let start = emu.started("openid").await;
    let select = emu.identify(&start, LOCKED, PASSWORD).await;
    assert_eq!(
        select.remediations(),
        vec!["select-authenticator-authenticate"]
    );
    // A reset locks the configured user out again.
    emu.reset().await;
    let start = emu.started("openid").await;
    let again = emu.identify(&start, LOCKED, PASSWORD).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_unlock_can_land_on_the_sign_in() {
    let emu = Emu::self_service();
    let select = unlock_form(&emu).await;
    let challenge = unlock_by_email(&emu, &select, UNLOCK_APP).await;
    let code = emu.email_code(UNLOCK_APP).await;
    let password = emu.enter_passcode(&challenge, &code).await;
    assert_eq!(password.status, StatusCode::OK, "{}", password.summary());
    assert_eq!(
        password.message_keys(),
        vec!["oie.selfservice.unlock_user.landing.to.app.success.message"]
    );
    assert_eq!(
        password.body["currentAuthenticatorEnrollment"]["value"]["key"],
        "okta_password"
    );
    let done = emu.enter_passcode(&password, PASSWORD).await;
    let tokens = emu.tokens_of(&done).await;
    let id = claims(tokens.body["id_token"].as_str().expect("id token"));
    assert_eq!(id["amr"], json!(["pwd", "email", "mfa"]));
}

#[tokio::test]
async fn unknown_users_and_users_without_email_cannot_unlock_alike() {
    let emu = Emu::self_service();
    let select = unlock_form(&emu).await;
    let unknown = unlock_by_email(&emu, &select, "nobody@example.com").await;
    let no_email = unlock_by_email(&emu, &select, PUSH).await;
    for r in [&unknown, &no_email] {
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(
            r.message_keys(),
            vec!["oie.selfservice.user.unlock.not.allowed"]
        );
        assert_eq!(
            r.remediations(),
            vec!["select-authenticator-unlock-account"]
        );
    }
    assert_eq!(unknown.body, {
        let mut b = no_email.body.clone();
        b["expiresAt"] = unknown.body["expiresAt"].clone();
        b
    });
}

#[tokio::test]
async fn unlock_is_not_offered_where_the_org_does_not_allow_it() {
    let emu = Emu::demo();
    let start = emu.started("openid").await;
    let sh = form_state_handle(start.form("identify"));
    let r = emu
        .idx("/idp/idx/unlock-account", json!({ "stateHandle": sh }))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn cancelling_an_unlock_leaves_an_ordinary_sign_in() {
    let emu = Emu::self_service();
    let select = unlock_form(&emu).await;
    let challenge = unlock_by_email(&emu, &select, DEMO).await;
    assert_eq!(challenge.status, StatusCode::OK, "{}", challenge.summary());
    let cancel = challenge.body["cancel"].clone();
    let start = emu
        .idx(
            &path_of(cancel["href"].as_str().expect("href")),
            json!({ "stateHandle": form_state_handle(&cancel) }),
        )
        .await;
    assert_eq!(start.remediations()[0], "identify");
    let select = emu.identify(&start, DEMO, PASSWORD).await;
    let email = emu
        .choose(
            &select,
            json!({ "id": select.email_id(), "methodType": "email" }),
        )
        .await;
    let code = emu.email_code(DEMO).await;
    let done = emu.enter_passcode(&email, &code).await;
    assert!(done.interaction_code().is_some(), "{}", done.summary());
}
