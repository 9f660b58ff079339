//! Self-service password recovery ("Forgot password?"), written from the
//! protocol reference (3.7 `recover` actions, 5.7 `identify-recovery` and
//! `reset-authenticator`) and the recorded shapes, not from the emulator's
//! code: the `recover` action where the password is current, who is
//! recovering, one factor, a new password under the org's policy, then a
//! sign-in like any other.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};

/// A new password that passes the policy (upper, lower, digit, 8+ characters,
/// no part of the demo usernames).
const NEW_PASSWORD: &str = "Tr0ubadour-42";
/// Another one.
const OTHER_PASSWORD: &str = "Sec0nd-Choice";
/// Okta's message for a rejected new password, listing every requirement.
const REQUIREMENTS: &str = "Password requirements were not met. Password requirements: at \
                            least 8 characters, a lowercase letter, an uppercase letter, a \
                            number, no parts of your username. Your password cannot be any of \
                            your last 4 passwords.";
const NOT_ALLOWED_KEY: &str = "oie.selfservice.reset.password.not.allowed";
const NOT_ALLOWED: &str =
    "Reset password is not allowed at this time. Please contact support for assistance.";

/// Checks the `recover` action of the password authenticator in `member`
/// (`currentAuthenticator` or `currentAuthenticatorEnrollment`) of `r`.
fn assert_recover_action(r: &Reply, member: &str) {
    let current = &r.body[member]["value"];
    assert_eq!(current["key"], "okta_password", "{}", r.summary());
    let form = &current["recover"];
    assert_eq!(form["rel"], json!(["create-form"]));
    assert_eq!(form["name"], "recover");
    assert_eq!(form["href"], format!("{BASE}/idp/idx/recover"));
    assert_eq!(form["method"], "POST");
    let fields = form["value"].as_array().expect("recover fields");
    assert_eq!(fields.len(), 1, "only the state handle");
    assert_eq!(fields[0]["name"], "stateHandle");
    assert_eq!(fields[0]["mutable"], false);
    assert_eq!(fields[0]["visible"], false);
    assert_eq!(fields[0]["value"], r.body["stateHandle"]);
}

/// The state handle of the first form of `r` (to post to a route `r` does
/// not offer).
fn state_handle(r: &Reply) -> String {
    form_state_handle(&r.body["remediation"]["value"][0])
}

/// Checks that `r` is the `reset-authenticator` state, shaped as recorded
/// (`authenticator-reset-password.json`), with the org's password policy.
fn assert_reset_state(r: &Reply) {
    assert_eq!(
        r.remediations(),
        vec!["reset-authenticator"],
        "{}",
        r.summary()
    );
    let form = r.form("reset-authenticator");
    assert_eq!(form["href"], format!("{BASE}/idp/idx/challenge/answer"));
    assert_eq!(form["method"], "POST");
    assert_eq!(form["relatesTo"], json!(["$.currentAuthenticator"]));
    let credentials = r.field("reset-authenticator", "credentials");
    assert_eq!(credentials["type"], "object");
    assert_eq!(credentials["required"], true);
    let sub = credentials["form"]["value"].as_array().expect("sub-fields");
    assert_eq!(sub.len(), 2);
    assert_eq!(sub[0]["name"], "passcode");
    assert_eq!(sub[0]["label"], "New password");
    assert_eq!(sub[0]["secret"], true);
    assert_eq!(
        sub[1],
        json!({ "name": "revokeSessions", "type": "boolean", "label": "Sign me out of all other devices" })
    );
    let current = &r.body["currentAuthenticator"]["value"];
    assert_eq!(current["type"], "password");
    assert_eq!(current["key"], "okta_password");
    assert_eq!(
        current["settings"],
        json!({
            "complexity": {
                "minLength": 8, "minLowerCase": 1, "minUpperCase": 1, "minNumber": 1,
                "minSymbol": 0, "excludeUsername": true, "excludeFirstName": false,
                "excludeLastName": false,
            },
            "age": { "minAgeMinutes": 0, "historyCount": 4 },
        })
    );
    assert_eq!(
        r.body["recoveryAuthenticator"]["value"]["key"],
        "okta_password"
    );
    assert!(r.body["cancel"].is_object());
    assert!(r.interaction_code().is_none());
}

/// The message on `credentials.passcode` of a `reset-authenticator` state.
fn passcode_message(r: &Reply) -> &Value {
    &r.field("reset-authenticator", "credentials")["form"]["value"][0]["messages"]["value"][0]
}

/// The `amr` of the ID token `code` redeems for.
async fn amr_after(emu: &Emu, code: &str) -> Value {
    let tokens = emu.redeem(code).await;
    assert_eq!(tokens.status, StatusCode::OK, "{}", tokens.summary());
    let jwks = emu.get("/oauth2/default/v1/keys").await.body;
    let id = verify_jwt(&jwks, tokens.body["id_token"].as_str().expect("id_token"))
        .expect("ID token verifies");
    id["amr"].clone()
}

/// Whether `password` signs `user` in at a new transaction's identify form.
async fn password_works(emu: &Emu, user: &str, password: &str) -> bool {
    let start = emu.started("openid").await;
    let r = emu.identify(&start, user, password).await;
    match r.status {
        StatusCode::OK => {
            assert_eq!(r.remediations(), vec!["select-authenticator-authenticate"]);
            true
        }
        StatusCode::UNAUTHORIZED => {
            assert_eq!(r.message_keys(), vec!["errors.E0000004"]);
            false
        }
        other => panic!("identify answered {other}: {}", r.summary()),
    }
}

/// Whether `reply` is Okta's terminal "Reset password is not allowed".
fn assert_not_allowed(r: &Reply) {
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.summary());
    assert!(r.remediations().is_empty());
    assert_eq!(r.message_keys(), vec![NOT_ALLOWED_KEY]);
    let msg = &r.body["messages"]["value"][0];
    assert_eq!(msg["message"], NOT_ALLOWED);
    assert_eq!(msg["class"], "ERROR");
    for member in ["cancel", "user", "remediation", "currentAuthenticator"] {
        assert!(r.body.get(member).is_none(), "{member} in a terminal body");
    }
}

#[tokio::test]
async fn the_recover_action_rides_on_every_state_where_the_password_is_current() {
    let emu = Emu::demo();
    let start = emu.started("openid").await;
    assert_recover_action(&start, "currentAuthenticator");
    let wrong = emu.identify(&start, DEMO, "nope").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_recover_action(&wrong, "currentAuthenticator");

    // Once the password is accepted it is not current any more.
    let select = emu.identify(&wrong, DEMO, PASSWORD).await;
    assert_eq!(select.status, StatusCode::OK);
    assert!(select.body.get("currentAuthenticator").is_none());
    let late = emu
        .idx(
            "/idp/idx/recover",
            json!({ "stateHandle": state_handle(&select) }),
        )
        .await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST);
    assert_eq!(late.message_keys(), vec!["E0000020"]);

    // Username first: identify asks for no password, the challenge does.
    let uf = Emu::username_first();
    let start = uf.started("openid").await;
    assert!(start.body.get("currentAuthenticator").is_none());
    let early = uf
        .idx(
            "/idp/idx/recover",
            json!({ "stateHandle": state_handle(&start) }),
        )
        .await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST);
    let challenge = uf.identify_username(&start, DEMO).await;
    assert_eq!(challenge.remediations(), vec!["challenge-authenticator"]);
    assert_recover_action(&challenge, "currentAuthenticatorEnrollment");
}

#[tokio::test]
async fn recover_asks_who_is_recovering() {
    let emu = Emu::demo();
    let ih = emu.interact("openid").await;
    let start = emu.introspect(&ih).await;
    let who = emu.recover(&start).await;
    assert_eq!(who.status, StatusCode::OK, "{}", who.summary());
    assert_eq!(who.remediations(), vec!["identify-recovery"]);
    let form = who.form("identify-recovery");
    assert_eq!(form["href"], format!("{BASE}/idp/idx/identify"));
    assert_eq!(form["method"], "POST");
    let fields = form["value"].as_array().expect("fields");
    assert_eq!(
        fields[0],
        json!({ "name": "identifier", "label": "Username", "required": true })
    );
    assert_eq!(fields.len(), 2);
    assert_eq!(fields[1]["name"], "stateHandle");
    assert!(who.body["cancel"].is_object());
    for member in ["currentAuthenticator", "user", "recoveryAuthenticator"] {
        assert!(who.body.get(member).is_none(), "{member}");
    }
    // A client that reloads sees the same step.
    assert_eq!(
        emu.introspect(&ih).await.remediations(),
        vec!["identify-recovery"]
    );

    // A blank username: the same step with Okta's message.
    let blank = emu.identify_recovery(&who, "  ").await;
    assert_eq!(blank.status, StatusCode::BAD_REQUEST);
    assert_eq!(blank.message_keys(), vec!["error.username.required"]);
    assert_eq!(blank.remediations(), vec!["identify-recovery"]);
    // Recovery is not started twice.
    let again = emu.recover(&start).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_known_user_chooses_among_their_recovery_authenticators_never_the_password() {
    let emu = Emu::demo();
    let select = emu.recovering(DEMO).await;
    assert_eq!(select.status, StatusCode::OK, "{}", select.summary());
    assert_eq!(
        select.remediations(),
        vec!["select-authenticator-authenticate"]
    );
    let options = select.field("select-authenticator-authenticate", "authenticator")["options"]
        .as_array()
        .expect("options")
        .clone();
    let labels: Vec<&str> = options.iter().filter_map(|o| o["label"].as_str()).collect();
    assert_eq!(labels, vec!["Okta Verify", "Email"]);
    assert_eq!(
        options[0]["value"]["form"]["value"][1]["options"],
        json!([{ "label": "Enter a code", "value": "totp" }, { "label": "Get a push notification", "value": "push" }])
    );
    for list in ["authenticators", "authenticatorEnrollments"] {
        let keys: Vec<&str> = select.body[list]["value"]
            .as_array()
            .expect(list)
            .iter()
            .filter_map(|a| a["key"].as_str())
            .collect();
        assert_eq!(keys, vec!["okta_verify", "okta_email"], "{list}");
    }
    assert_eq!(
        select.body["recoveryAuthenticator"]["value"]["key"],
        "okta_password"
    );
    assert_eq!(select.body["user"]["value"]["identifier"], DEMO);

    // Usernames are matched as Okta matches logins, ignoring case.
    let upper = emu.recovering("DEMO@Example.com").await;
    assert_eq!(upper.status, StatusCode::OK);
    assert_eq!(upper.body["user"]["value"]["identifier"], DEMO);

    // A user with Okta Verify push only is offered just that.
    let push = emu.recovering(PUSH).await;
    let options = &push.field("select-authenticator-authenticate", "authenticator")["options"];
    assert_eq!(options.as_array().map(Vec::len), Some(1));
    assert_eq!(options[0]["label"], "Okta Verify");
    assert_eq!(
        options[0]["value"]["form"]["value"][1]["options"],
        json!([{ "label": "Get a push notification", "value": "push" }])
    );
}

#[tokio::test]
async fn an_emailed_code_leads_to_a_new_password_and_a_sign_in() {
    let emu = Emu::demo();
    let select = emu.recovering(DEMO).await;
    let email = emu
        .choose(
            &select,
            json!({ "id": select.email_id(), "methodType": "email" }),
        )
        .await;
    assert_eq!(email.remediations()[0], "challenge-authenticator");
    assert_eq!(
        email.body["currentAuthenticatorEnrollment"]["value"]["key"],
        "okta_email"
    );
    assert_eq!(
        email.body["recoveryAuthenticator"]["value"]["key"],
        "okta_password"
    );
    let code = emu.email_code(DEMO).await;
    let reset = emu.enter_passcode(&email, &code).await;
    assert_eq!(reset.status, StatusCode::OK);
    assert_reset_state(&reset);

    let done = emu.reset_password(&reset, NEW_PASSWORD, false).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.summary());
    assert!(done.remediations().is_empty());
    assert!(done.body.get("recoveryAuthenticator").is_none());
    let ic = done.interaction_code().expect("interaction code");
    assert_eq!(amr_after(&emu, &ic).await, json!(["pwd", "email", "mfa"]));
    // Redeemed once, like any interaction code.
    assert_eq!(emu.redeem(&ic).await.status, StatusCode::BAD_REQUEST);

    // Later sign-ins: the old password fails, the new one works.
    assert!(!password_works(&emu, DEMO, PASSWORD).await);
    assert!(password_works(&emu, DEMO, NEW_PASSWORD).await);
}

#[tokio::test]
async fn a_weak_password_gets_the_requirements_on_the_field_and_the_state_stays() {
    let emu = Emu::demo();
    let reset = emu.recovered_by_email(DEMO).await;
    for (weak, why) in [
        ("Tr0ub4-", "seven characters"),
        ("tr0ubadour-42", "no upper case"),
        ("TR0UBADOUR-42", "no lower case"),
        ("Troubadour-xx", "no number"),
        ("Demo-Tr0ubadour", "the username's first part"),
        ("x-EXAMPLE-9", "the username's domain"),
        ("Demo@example.com1", "the whole username"),
    ] {
        let r = emu.reset_password(&reset, weak, false).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{why}: {}", r.summary());
        assert_reset_state(&r);
        assert!(r.message_keys().is_empty(), "{why}: field message only");
        let msg = passcode_message(&r);
        assert_eq!(
            msg["i18n"]["key"], "password.passwordRequirementsNotMet",
            "{why}"
        );
        assert_eq!(msg["message"], REQUIREMENTS, "{why}");
        assert_eq!(msg["class"], "ERROR");
        assert_eq!(
            msg["i18n"]["params"],
            json!([REQUIREMENTS.trim_start_matches("Password requirements were not met. ")])
        );
    }
    // A blank password is a blank field.
    let blank = emu.reset_password(&reset, "", false).await;
    assert_eq!(blank.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        passcode_message(&blank)["i18n"]["key"],
        "model.validation.field.blank"
    );
    // A common password passes the rules but not the dictionary.
    let common = emu.reset_password(&reset, "Passw0rd", false).await;
    assert_eq!(common.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        passcode_message(&common),
        &json!({
            "message": "This password was found in a list of commonly used passwords. Please try another password.",
            "i18n": { "key": "password.common", "params": [""] },
            "class": "ERROR",
        })
    );
    // None of them changed anything; a good one still can.
    assert!(password_works(&emu, DEMO, PASSWORD).await);
    let done = emu.reset_password(&reset, NEW_PASSWORD, false).await;
    assert!(done.interaction_code().is_some(), "{}", done.summary());
}

#[tokio::test]
async fn a_new_password_must_differ_from_the_current_and_recent_ones() {
    let emu = Emu::demo();
    let first = emu.recovered_by_email(DEMO).await;
    let done = emu.reset_password(&first, NEW_PASSWORD, false).await;
    assert!(done.interaction_code().is_some());

    // The current password again: rejected like any unmet requirement.
    let second = emu.recovered_by_email(DEMO).await;
    let same = emu.reset_password(&second, NEW_PASSWORD, false).await;
    assert_eq!(same.status, StatusCode::BAD_REQUEST);
    assert_eq!(passcode_message(&same)["message"], REQUIREMENTS);
    let done = emu.reset_password(&second, OTHER_PASSWORD, false).await;
    assert!(done.interaction_code().is_some());

    // The one before is still among the last four.
    let third = emu.recovered_by_email(DEMO).await;
    let recent = emu.reset_password(&third, NEW_PASSWORD, false).await;
    assert_eq!(recent.status, StatusCode::BAD_REQUEST);
    assert!(password_works(&emu, DEMO, OTHER_PASSWORD).await);
}

#[tokio::test]
async fn an_okta_verify_code_also_leads_to_reset_authenticator() {
    let emu = Emu::demo();
    let select = emu.recovering(DEMO).await;
    let challenge = emu
        .choose(
            &select,
            json!({ "id": select.okta_verify_id(), "methodType": "totp" }),
        )
        .await;
    assert_eq!(
        challenge.field("challenge-authenticator", "credentials")["form"]["value"][0]["name"],
        "totp"
    );
    let code = emu.totp(DEMO).await;
    let reset = emu.enter_totp(&challenge, &code).await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.summary());
    assert_reset_state(&reset);
    let done = emu.reset_password(&reset, NEW_PASSWORD, false).await;
    let ic = done.interaction_code().expect("interaction code");
    assert_eq!(amr_after(&emu, &ic).await, json!(["pwd", "otp", "mfa"]));
}

#[tokio::test]
async fn an_approved_push_also_leads_to_reset_authenticator() {
    let emu = Emu::demo();
    let select = emu.recovering(PUSH).await;
    let waiting = emu
        .choose(
            &select,
            json!({ "id": select.okta_verify_id(), "methodType": "push" }),
        )
        .await;
    assert_eq!(waiting.remediations()[0], "challenge-poll");
    let push = emu.pushes(PUSH).await.remove(0);
    let answer = waiting.correct_answer().expect("number challenge");
    emu.approve_push(&push, Some(&answer)).await;
    let reset = emu.poll(&waiting).await;
    assert_reset_state(&reset);
    let done = emu.reset_password(&reset, NEW_PASSWORD, false).await;
    let ic = done.interaction_code().expect("interaction code");
    assert_eq!(amr_after(&emu, &ic).await, json!(["pwd", "mca", "mfa"]));
    assert!(password_works(&emu, PUSH, NEW_PASSWORD).await);
}

#[tokio::test]
async fn the_password_challenge_recovers_the_user_it_already_knows() {
    let emu = Emu::username_first();
    let start = emu.started("openid").await;
    let challenge = emu.identify_username(&start, DEMO).await;
    let select = emu.recover(&challenge).await;
    assert_eq!(select.status, StatusCode::OK, "{}", select.summary());
    assert_eq!(
        select.remediations(),
        vec!["select-authenticator-authenticate"]
    );
    assert_eq!(select.body["user"]["value"]["identifier"], DEMO);
    assert_eq!(
        select.body["recoveryAuthenticator"]["value"]["key"],
        "okta_password"
    );
    let email = emu
        .choose(
            &select,
            json!({ "id": select.email_id(), "methodType": "email" }),
        )
        .await;
    let code = emu.email_code(DEMO).await;
    let reset = emu.enter_passcode(&email, &code).await;
    assert_reset_state(&reset);
    let done = emu.reset_password(&reset, NEW_PASSWORD, false).await;
    assert!(done.interaction_code().is_some());

    // The password challenge of a later sign-in takes the new password only.
    let start = emu.started("openid").await;
    let challenge = emu.identify_username(&start, DEMO).await;
    let old = emu.enter_passcode(&challenge, PASSWORD).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    assert_eq!(old.message_keys(), vec!["incorrectPassword"]);
    let new = emu.enter_passcode(&challenge, NEW_PASSWORD).await;
    assert_eq!(
        new.remediations(),
        vec!["select-authenticator-authenticate"]
    );
}

#[tokio::test]
async fn an_unknown_username_gets_the_same_answer_as_a_user_who_cannot_recover() {
    // The identify form that leads to recovery does not reveal which users
    // exist, so recovery does not either.
    let emu = Emu::demo();
    let unknown = emu.recovering("nobody@example.com").await;
    let cannot = emu.recovering(NEW).await;
    assert_not_allowed(&unknown);
    assert_not_allowed(&cannot);
    let members = |r: &Reply| -> Vec<String> {
        r.body
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    assert_eq!(members(&unknown), members(&cannot));
    assert_eq!(unknown.body["messages"], cannot.body["messages"]);
}

#[tokio::test]
async fn a_user_without_a_recovery_authenticator_cannot_recover_until_enrolled() {
    let emu = Emu::demo();
    let denied = emu.recovering(NEW).await;
    assert_not_allowed(&denied);
    // The transaction is over: introspect says the same, its forms are gone.
    let sh = denied.body["stateHandle"].as_str().expect("stateHandle");
    let again = emu
        .idx("/idp/idx/introspect", json!({ "stateToken": sh }))
        .await;
    assert_eq!(again.message_keys(), vec![NOT_ALLOWED_KEY]);
    assert!(again.remediations().is_empty());
    let retry = emu
        .idx(
            "/idp/idx/identify",
            json!({ "identifier": DEMO, "stateHandle": sh }),
        )
        .await;
    assert_eq!(retry.status, StatusCode::BAD_REQUEST);
    assert_eq!(retry.message_keys(), vec!["E0000020"]);
    // The password is untouched.
    let start = emu.started("openid").await;
    let r = emu.identify(&start, NEW, PASSWORD).await;
    assert_eq!(r.remediations(), vec!["select-authenticator-enroll"]);

    // Once Okta Verify is enrolled, it can verify a recovery.
    let qr = emu.enrolling(NEW, "qrcode").await;
    emu.activate_enrollment(NEW).await;
    assert!(emu.enroll_poll(&qr).await.interaction_code().is_some());
    let select = emu.recovering(NEW).await;
    assert_eq!(select.status, StatusCode::OK, "{}", select.summary());
    let options = &select.field("select-authenticator-authenticate", "authenticator")["options"];
    assert_eq!(options.as_array().map(Vec::len), Some(1));
    assert_eq!(options[0]["label"], "Okta Verify");
}

#[tokio::test]
async fn cancel_during_recovery_returns_to_a_plain_sign_in() {
    let emu = Emu::demo();
    // At identify-recovery.
    let start = emu.started("openid").await;
    let who = emu.recover(&start).await;
    let back = emu.action(&who, "/cancel").await;
    assert_eq!(back.status, StatusCode::OK);
    assert_eq!(back.remediations()[0], "identify");
    assert_recover_action(&back, "currentAuthenticator");
    assert_ne!(back.body["stateHandle"], who.body["stateHandle"]);
    // The same transaction now signs in; a verified factor completes it.
    let select = emu.identify(&back, DEMO, PASSWORD).await;
    assert!(select.body.get("recoveryAuthenticator").is_none());
    let email = emu
        .choose(
            &select,
            json!({ "id": select.email_id(), "methodType": "email" }),
        )
        .await;
    let code = emu.email_code(DEMO).await;
    let done = emu.enter_passcode(&email, &code).await;
    let ic = done.interaction_code().expect("a sign-in, not a reset");
    assert_eq!(amr_after(&emu, &ic).await, json!(["pwd", "email", "mfa"]));

    // At reset-authenticator: nothing changes, and the old form is dead.
    let reset = emu.recovered_by_email(DEMO).await;
    let back = emu.action(&reset, "/cancel").await;
    assert_eq!(back.remediations()[0], "identify");
    let late = emu.reset_password(&reset, NEW_PASSWORD, false).await;
    assert_eq!(late.status, StatusCode::UNAUTHORIZED);
    assert_eq!(late.message_keys(), vec!["idx.session.expired"]);
    assert!(password_works(&emu, DEMO, PASSWORD).await);
    assert!(!password_works(&emu, DEMO, NEW_PASSWORD).await);
}

#[tokio::test]
async fn reset_authenticator_is_reached_only_through_a_verified_factor() {
    let emu = Emu::demo();
    let select = emu.recovering(DEMO).await;
    let early = emu
        .idx(
            "/idp/idx/challenge/answer",
            json!({ "stateHandle": state_handle(&select), "credentials": { "passcode": NEW_PASSWORD } }),
        )
        .await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST);
    assert_eq!(early.message_keys(), vec!["E0000020"]);
    let email = emu
        .choose(
            &select,
            json!({ "id": select.email_id(), "methodType": "email" }),
        )
        .await;
    // A new password sent to the code challenge is a wrong code.
    let wrong = emu.enter_passcode(&email, NEW_PASSWORD).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.remediations()[0], "challenge-authenticator");
    assert!(password_works(&emu, DEMO, PASSWORD).await);
}

#[tokio::test]
async fn sign_me_out_of_all_other_devices_revokes_the_users_tokens() {
    let emu = Emu::demo();
    let signed_in = emu.succeeded_with_totp(DEMO).await;
    let tokens = emu
        .redeem(&signed_in.interaction_code().expect("code"))
        .await;
    let access = tokens.body["access_token"].as_str().expect("at").to_owned();
    let refresh = tokens.body["refresh_token"]
        .as_str()
        .expect("rt")
        .to_owned();
    assert_eq!(emu.userinfo(&access).await.status, StatusCode::OK);

    // Unticked: other sessions live on.
    let reset = emu.recovered_by_email(DEMO).await;
    let done = emu.reset_password(&reset, NEW_PASSWORD, false).await;
    assert!(done.interaction_code().is_some());
    assert_eq!(emu.userinfo(&access).await.status, StatusCode::OK);

    // Ticked (here form-encoded, as a browser form would send it): they end.
    let reset = emu.recovered_by_email(DEMO).await;
    let form = reset.form("reset-authenticator");
    let sh = form_state_handle(form);
    let done = emu
        .form(
            &path_of(form["href"].as_str().expect("href")),
            &[
                ("credentials.passcode", OTHER_PASSWORD),
                ("credentials.revokeSessions", "true"),
                ("stateHandle", &sh),
            ],
        )
        .await;
    let ic = done.interaction_code().expect("interaction code");
    assert_eq!(emu.userinfo(&access).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(emu.refresh(&refresh).await.status, StatusCode::BAD_REQUEST);
    // The recovering session itself is not another device.
    assert_eq!(emu.redeem(&ic).await.status, StatusCode::OK);
}

#[tokio::test]
async fn new_passwords_live_in_the_router_and_reset_restores_the_configured_ones() {
    let emu = Emu::demo();
    let other = Emu::demo();
    let reset = emu.recovered_by_email(DEMO).await;
    emu.reset_password(&reset, NEW_PASSWORD, false).await;
    assert!(password_works(&emu, DEMO, NEW_PASSWORD).await);
    assert!(password_works(&other, DEMO, PASSWORD).await);

    // The control API never shows a password.
    let users = emu.get("/emulator/api/users").await;
    assert_eq!(users.status, StatusCode::OK);
    assert!(!users.text.contains(NEW_PASSWORD) && !users.text.contains(PASSWORD));

    let r = emu.raw("/emulator/api/reset", "application/json", "").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(password_works(&emu, DEMO, PASSWORD).await);
    assert!(!password_works(&emu, DEMO, NEW_PASSWORD).await);
}
