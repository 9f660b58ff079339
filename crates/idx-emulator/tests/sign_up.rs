//! Sign-up: `select-enroll-profile` at identify, the profile form checked
//! against the org's schema, the new address verified, the first password,
//! success; the new user signs in afterwards, until a reset forgets them.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};

/// The sign-up form of a new transaction.
async fn sign_up_form(emu: &Emu) -> Reply {
    let start = emu.started("openid profile email").await;
    let form = emu.submit(&start, "select-enroll-profile", json!({})).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.summary());
    assert_eq!(
        form.remediations(),
        vec!["enroll-profile", "select-identify"]
    );
    form
}

/// The message keys on the profile's fields, by field.
fn field_errors(r: &Reply) -> Vec<(String, String)> {
    let fields = r.field("enroll-profile", "userProfile")["form"]["value"]
        .as_array()
        .expect("attributes")
        .clone();
    let mut out: Vec<(String, String)> = fields
        .iter()
        .filter_map(|f| {
            let key = f["messages"]["value"][0]["i18n"]["key"].as_str()?;
            Some((f["name"].as_str()?.to_owned(), key.to_owned()))
        })
        .collect();
    let credentials = r.form("enroll-profile")["value"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["name"] == "credentials"));
    if let Some(key) = credentials
        .and_then(|c| c["form"]["value"][0]["messages"]["value"][0]["i18n"]["key"].as_str())
    {
        out.push(("passcode".into(), key.to_owned()));
    }
    out
}

fn profile(email: &str) -> Value {
    json!({ "userProfile": {
        "firstName": "Ada", "lastName": "Lovelace", "email": email,
        "team": "engineering", "newsletter": true, "shoeSize": "38.5"
    } })
}

#[tokio::test]
async fn identify_offers_sign_up_and_unlock_only_when_the_org_does() {
    let demo = Emu::demo();
    let plain = demo.started("openid").await;
    assert_eq!(plain.remediations(), vec!["identify", "redirect-idp"]);
    let org = Emu::self_service().started("openid").await;
    assert_eq!(
        org.remediations(),
        vec![
            "identify",
            "redirect-idp",
            "select-enroll-profile",
            "unlock-account"
        ]
    );
    let refused = demo
        .idx(
            "/idp/idx/enroll",
            json!({ "stateHandle": form_state_handle(plain.form("identify")) }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_profile_form_follows_the_schema() {
    let emu = Emu::self_service();
    let form = sign_up_form(&emu).await;
    let attrs = form.field("enroll-profile", "userProfile")["form"]["value"].clone();
    let names: Vec<&str> = attrs
        .as_array()
        .expect("attributes")
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert_eq!(
        names,
        vec![
            "firstName",
            "lastName",
            "email",
            "team",
            "newsletter",
            "shoeSize"
        ]
    );
    assert_eq!(attrs[3]["required"], true);
    let display = &attrs[3]["options"][0]["value"]["value"];
    assert_eq!(display["inputType"], "radio");
    assert_eq!(display["options"][1]["value"], "engineering");
    assert_eq!(attrs[4]["type"], "boolean");
    assert_eq!(attrs[4]["required"], false);
    assert_eq!(attrs[5]["type"], "number");
    // Back to sign-in.
    let back = emu.submit(&form, "select-identify", json!({})).await;
    assert_eq!(back.remediations()[0], "identify");
}

#[tokio::test]
async fn every_wrong_field_gets_its_message_and_the_form_stays() {
    let emu = Emu::self_service();
    let form = sign_up_form(&emu).await;
    let bad = emu
        .submit(
            &form,
            "enroll-profile",
            json!({ "userProfile": {
                "firstName": "", "lastName": "L", "email": "not-an-address",
                "team": "marketing", "shoeSize": "big"
            } }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        field_errors(&bad),
        vec![
            ("firstName".into(), "model.validation.field.blank".into()),
            (
                "email".into(),
                "registration.error.invalidLoginEmail".into()
            ),
            (
                "team".into(),
                "registration.error.doesNotMatchPattern".into()
            ),
            (
                "shoeSize".into(),
                "registration.error.doesNotMatchPattern".into()
            ),
        ]
    );
    let taken = emu
        .submit(&form, "enroll-profile", profile("DEMO@example.com"))
        .await;
    assert_eq!(taken.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        field_errors(&taken),
        vec![(
            "email".into(),
            "registration.error.notUniqueWithinOrg".into()
        )]
    );
}

#[tokio::test]
async fn a_new_user_verifies_the_address_sets_a_password_and_signs_in() {
    let emu = Emu::self_service();
    let form = sign_up_form(&emu).await;
    let ada = "ada@example.com";
    let verify = emu.submit(&form, "enroll-profile", profile(ada)).await;
    assert_eq!(verify.status, StatusCode::OK, "{}", verify.summary());
    assert_eq!(verify.remediations(), vec!["enroll-authenticator"]);
    assert_eq!(
        verify.body["currentAuthenticator"]["value"]["key"],
        "okta_email"
    );
    // Not signed up yet: the address cannot sign in, and is taken.
    let early = emu.started("openid").await;
    let refused = emu.identify(&early, ada, "").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let wrong = emu
        .submit(
            &verify,
            "enroll-authenticator",
            json!({ "credentials": { "passcode": "000000x" } }),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let code = emu.email_code(ada).await;
    let password = emu
        .submit(
            &verify,
            "enroll-authenticator",
            json!({ "credentials": { "passcode": code } }),
        )
        .await;
    assert_eq!(password.status, StatusCode::OK, "{}", password.summary());
    assert_eq!(
        password.body["currentAuthenticator"]["value"]["key"],
        "okta_password"
    );
    let weak = emu
        .submit(
            &password,
            "enroll-authenticator",
            json!({ "credentials": { "passcode": "ada" } }),
        )
        .await;
    assert_eq!(weak.status, StatusCode::BAD_REQUEST);
    let done = emu
        .submit(
            &password,
            "enroll-authenticator",
            json!({ "credentials": { "passcode": "Analytical-Engine1" } }),
        )
        .await;
    let tokens = emu.tokens_of(&done).await;
    let id = claims(tokens.body["id_token"].as_str().expect("id token"));
    assert_eq!(id["amr"], json!(["pwd", "email"]));
    assert_eq!(id["email"], ada);
    assert_eq!(id["name"], "Ada Lovelace");
    // Signed up: the password, then the email factor, as for any user.
    let select = {
        let start = emu.started("openid").await;
        emu.identify(&start, ada, "Analytical-Engine1").await
    };
    assert_eq!(
        select.remediations(),
        vec!["select-authenticator-authenticate"]
    );
    // A reset forgets the new user.
    emu.reset().await;
    let start = emu.started("openid").await;
    let gone = emu.identify(&start, ada, "Analytical-Engine1").await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_password_can_be_part_of_the_sign_up_form() {
    let emu = Emu::configured(|c| {
        if let Some(r) = c.org.registration.as_mut() {
            r.password = true;
        }
    });
    let form = sign_up_form(&emu).await;
    assert_eq!(
        form.body["currentAuthenticator"]["value"]["key"],
        "okta_password"
    );
    let mut body = profile("grace@example.com");
    body["credentials"] = json!({ "passcode": "short" });
    let weak = emu.submit(&form, "enroll-profile", body.clone()).await;
    assert_eq!(
        field_errors(&weak),
        vec![(
            "passcode".into(),
            "password.passwordRequirementsNotMet".into()
        )]
    );
    body["credentials"] = json!({ "passcode": "Compiler-Hopper1" });
    let verify = emu.submit(&form, "enroll-profile", body).await;
    let code = emu.email_code("grace@example.com").await;
    let done = emu
        .submit(
            &verify,
            "enroll-authenticator",
            json!({ "credentials": { "passcode": code } }),
        )
        .await;
    assert!(done.interaction_code().is_some(), "{}", done.summary());
}
