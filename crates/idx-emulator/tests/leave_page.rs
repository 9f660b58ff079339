//! Flows that leave the page (protocol reference 3.12), written from the
//! reference and the recording `identify-with-third-party-idps.json`: the
//! `redirect-idp` links, the emulated IdP's page and its redirect back to the
//! app, and the email magic link.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};

/// The identity provider of the checked-in `users.json`.
const IDP_ID: &str = "0oaemulatedidp00001";
const IDP_PATH: &str = "/sso/idps/0oaemulatedidp00001";
/// An OAuth state that needs percent-encoding both ways.
const ODD_STATE: &str = "st 1/&=ü+%";

/// interact (with `state`) + introspect: a transaction at identify.
async fn started_with_state(emu: &Emu, state: Option<&str>) -> Reply {
    let ih = emu.interact_with_state("openid profile email", state).await;
    let r = emu.introspect(&ih).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r
}

fn state_handle(r: &Reply) -> String {
    r.body["stateHandle"]
        .as_str()
        .expect("stateHandle")
        .to_owned()
}

/// Posts the IdP page's form (`stateToken`, `action`) like a browser would.
async fn idp_post(emu: &Emu, path: &str, token: &str, action: &str) -> Reply {
    emu.form(path, &[("stateToken", token), ("action", action)])
        .await
}

fn assert_html(r: &Reply, status: StatusCode) {
    assert_eq!(r.status, status, "{}", r.text);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r.text.starts_with("<!doctype html>"), "{}", r.text);
    assert!(r.header("location").is_none());
}

/// The ID token's claims (signature checked against the JWKS).
async fn id_claims(emu: &Emu, tokens: &Reply) -> Value {
    let jwks = emu.get("/oauth2/default/v1/keys").await.body;
    verify_jwt(&jwks, tokens.body["id_token"].as_str().expect("id_token"))
        .expect("ID token verifies")
}

#[tokio::test]
async fn identify_offers_a_redirect_idp_link_per_idp_carrying_the_state_handle() {
    let emu = Emu::demo();
    let start = emu.started("openid").await;
    let sh = state_handle(&start);
    assert_eq!(start.remediations(), vec!["identify", "redirect-idp"]);
    assert_eq!(
        start.form("redirect-idp"),
        &json!({
            "name": "redirect-idp",
            "type": "OIDC",
            "idp": { "id": IDP_ID, "name": "Emulated IdP" },
            "href": format!("{BASE}{IDP_PATH}?stateToken={sh}"),
            "method": "GET",
        })
    );

    // A failed identify re-renders the same step, links included.
    let wrong = emu.identify(&start, DEMO, "nope").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.remediations(), vec!["identify", "redirect-idp"]);
    assert_eq!(
        wrong.form("redirect-idp")["href"],
        format!("{BASE}{IDP_PATH}?stateToken={sh}")
    );

    // Cancel rotates the state handle; the link follows it.
    let cancelled = emu.action(&start, "/cancel").await;
    let new_sh = state_handle(&cancelled);
    assert_ne!(new_sh, sh);
    assert_eq!(
        cancelled.form("redirect-idp")["href"],
        format!("{BASE}{IDP_PATH}?stateToken={new_sh}")
    );

    // Past identify, no IdP is offered.
    let select = emu.signed_in_with_password(DEMO).await;
    assert_eq!(
        select.remediations(),
        vec!["select-authenticator-authenticate"]
    );
}

#[tokio::test]
async fn several_idps_are_listed_in_configuration_order_after_identify() {
    let mut cfg = config();
    cfg.idps.push(idx_emulator::Idp {
        id: "0oasecondidp0000002".into(),
        name: "Second IdP".into(),
        kind: "SAML2".into(),
        username: PUSH.into(),
        mfa: false,
    });
    let emu = Emu::new(cfg);
    let start = emu.started("openid").await;
    assert_eq!(
        start.remediations(),
        vec!["identify", "redirect-idp", "redirect-idp"]
    );
    let links = start.body["remediation"]["value"].as_array().expect("list");
    assert_eq!(links[1]["idp"]["id"], IDP_ID);
    assert_eq!(
        links[2]["idp"],
        json!({ "id": "0oasecondidp0000002", "name": "Second IdP" })
    );
    assert_eq!(links[2]["type"], "SAML2");
    assert_eq!(
        links[2]["href"],
        format!(
            "{BASE}/sso/idps/0oasecondidp0000002?stateToken={}",
            state_handle(&start)
        )
    );
}

#[tokio::test]
async fn no_idps_configured_means_no_redirect_idp_and_no_idp_page() {
    let mut cfg = config();
    cfg.idps.clear();
    let emu = Emu::new(cfg);
    let start = emu.started("openid").await;
    assert_eq!(start.remediations(), vec!["identify"]);
    let sh = state_handle(&start);
    let page = emu.get(&format!("{IDP_PATH}?stateToken={sh}")).await;
    assert_html(&page, StatusCode::NOT_FOUND);
    let post = idp_post(&emu, IDP_PATH, &sh, "continue").await;
    assert_html(&post, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn idp_page_names_the_idp_and_offers_continue_and_cancel() {
    let emu = Emu::demo();
    let start = emu.started("openid").await;
    let sh = state_handle(&start);
    let href = start.form("redirect-idp")["href"].as_str().expect("href");
    let page = emu.get(&path_of(href)).await;
    assert_html(&page, StatusCode::OK);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let t = &page.text;
    assert!(t.contains("<title>Emulated IdP</title>"), "{t}");
    assert!(t.contains("emulated identity provider"), "{t}");
    assert!(
        t.contains(&format!(
            r#"<form id="idp-form" method="post" action="{IDP_PATH}">"#
        )),
        "{t}"
    );
    assert!(
        t.contains(&format!(
            r#"<input type="hidden" name="stateToken" value="{sh}">"#
        )),
        "{t}"
    );
    assert!(
        t.contains(
            r#"<button type="submit" id="idp-continue" data-action="continue" name="action" value="continue">Continue as demo@example.com</button>"#
        ),
        "{t}"
    );
    assert!(
        t.contains(
            r#"<button type="submit" id="idp-cancel" data-action="cancel" name="action" value="cancel">Cancel</button>"#
        ),
        "{t}"
    );
    // A browser navigation: nothing about it is cross-origin JSON.
    assert!(page.header("access-control-allow-origin").is_none());
    // Looking at the page changes nothing: the transaction is still at identify.
    let again = emu.get(&path_of(href)).await;
    assert_eq!(again.status, StatusCode::OK);
}

#[tokio::test]
async fn idp_continue_redirects_with_an_interaction_code_that_redeems_once() {
    let emu = Emu::demo();
    let start = started_with_state(&emu, Some(ODD_STATE)).await;
    let sh = state_handle(&start);
    let back = idp_post(&emu, IDP_PATH, &sh, "continue").await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.text);
    assert_eq!(back.header("cache-control"), Some("no-store"));
    let location = back.header("location").expect("Location");
    assert!(
        location.is_ascii() && !location.contains(' '),
        "Location is percent-encoded: {location}"
    );
    let (base, params) = split_redirect(location);
    assert_eq!(base, REDIRECT);
    let names: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, vec!["interaction_code", "state"]);
    assert_eq!(param(&params, "state"), Some(ODD_STATE));
    let code = param(&params, "interaction_code")
        .expect("interaction_code")
        .to_owned();
    assert!(!code.is_empty());

    // The transaction is complete: introspect shows the same code.
    let done = emu
        .idx("/idp/idx/introspect", json!({ "stateToken": sh }))
        .await;
    assert_eq!(done.interaction_code().as_deref(), Some(code.as_str()));

    // The link is spent: neither the page nor a second continue works.
    let replay = idp_post(&emu, IDP_PATH, &sh, "continue").await;
    assert_html(&replay, StatusCode::CONFLICT);
    assert_html(
        &emu.get(&format!("{IDP_PATH}?stateToken={sh}")).await,
        StatusCode::CONFLICT,
    );

    // Another verifier does not redeem it (and does not spend it).
    let wrong = emu
        .token(&[
            ("client_id", "demo-spa"),
            ("redirect_uri", REDIRECT),
            ("grant_type", "interaction_code"),
            ("code_verifier", &"a".repeat(43)),
            ("interaction_code", &code),
        ])
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong.body["error"], "invalid_grant");

    let tokens = emu.redeem(&code).await;
    assert_eq!(tokens.status, StatusCode::OK, "{}", tokens.text);
    let id = id_claims(&emu, &tokens).await;
    assert_eq!(id["preferred_username"], DEMO);
    assert_eq!(id["sub"], "00udemo0000000000001");
    assert_eq!(id["amr"], json!(["fed"]));
    assert_eq!(id["idp"], IDP_ID);
    assert_eq!(id["nonce"], "nonce-123");

    let again = emu.redeem(&code).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(again.body["error"], "invalid_grant");
}

#[tokio::test]
async fn a_password_sign_in_names_the_org_as_idp_not_the_third_party() {
    let emu = Emu::demo();
    let ok = emu.succeeded_with_totp(DEMO).await;
    let tokens = emu.redeem(&ok.interaction_code().expect("ic")).await;
    let id = id_claims(&emu, &tokens).await;
    assert_ne!(id["idp"], IDP_ID);
    assert_eq!(id["amr"], json!(["pwd", "otp", "mfa"]));
}

#[tokio::test]
async fn idp_user_is_the_configured_one() {
    let mut cfg = config();
    cfg.idps[0].username = PUSH.to_uppercase();
    let emu = Emu::new(cfg);
    let start = emu.started("openid profile").await;
    let page = emu
        .get(&format!("{IDP_PATH}?stateToken={}", state_handle(&start)))
        .await;
    assert!(
        page.text.contains("Continue as push@example.com"),
        "{}",
        page.text
    );
    let back = idp_post(&emu, IDP_PATH, &state_handle(&start), "continue").await;
    let (_, params) = split_redirect(back.header("location").expect("Location"));
    let tokens = emu
        .redeem(param(&params, "interaction_code").expect("code"))
        .await;
    let id = id_claims(&emu, &tokens).await;
    assert_eq!(id["preferred_username"], PUSH);
}

#[tokio::test]
async fn an_idp_that_needs_another_factor_returns_interaction_required() {
    let mut cfg = config();
    cfg.idps[0].mfa = true;
    let emu = Emu::new(cfg);
    let ih = emu
        .interact_with_state("openid profile email", Some(ODD_STATE))
        .await;
    let start = emu.introspect(&ih).await;
    let back = idp_post(&emu, IDP_PATH, &state_handle(&start), "continue").await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.text);
    let (base, params) = split_redirect(back.header("location").expect("Location"));
    assert_eq!(base, REDIRECT);
    assert_eq!(param(&params, "error"), Some("interaction_required"));
    assert_eq!(param(&params, "state"), Some(ODD_STATE));
    assert_eq!(param(&params, "interaction_code"), None);

    // The app resumes with its interaction handle: the IdP's user, at the
    // factor choice, and no code yet.
    let resumed = emu.introspect(&ih).await;
    assert_eq!(resumed.status, StatusCode::OK, "{}", resumed.text);
    assert_eq!(
        resumed.remediations()[0],
        "select-authenticator-authenticate"
    );
    assert_eq!(resumed.body["user"]["value"]["identifier"], DEMO);
    assert!(resumed.interaction_code().is_none());

    // Okta Verify's code finishes it: the federation is in the amr.
    let chosen = emu
        .choose(
            &resumed,
            json!({ "id": resumed.okta_verify_id(), "methodType": "totp" }),
        )
        .await;
    let code = emu.totp(DEMO).await;
    let done = emu.enter_totp(&chosen, &code).await;
    let ic = done.interaction_code().expect("signed in after the factor");
    let tokens = emu.redeem(&ic).await;
    let id = id_claims(&emu, &tokens).await;
    assert_eq!(id["amr"], json!(["fed", "otp", "mfa"]));
    assert_eq!(id["idp"], IDP_ID);
}

#[tokio::test]
async fn interact_without_state_redirects_without_state() {
    let emu = Emu::demo();
    let start = started_with_state(&emu, None).await;
    let sh = state_handle(&start);
    let back = idp_post(&emu, IDP_PATH, &sh, "continue").await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    let (base, params) = split_redirect(back.header("location").expect("Location"));
    assert_eq!(base, REDIRECT);
    let names: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, vec!["interaction_code"]);

    let start = started_with_state(&emu, None).await;
    let cancel = idp_post(&emu, IDP_PATH, &state_handle(&start), "cancel").await;
    let (_, params) = split_redirect(cancel.header("location").expect("Location"));
    assert_eq!(param(&params, "error"), Some("access_denied"));
    assert_eq!(param(&params, "state"), None);
}

#[tokio::test]
async fn idp_cancel_redirects_with_access_denied_and_the_state() {
    let emu = Emu::demo();
    let start = started_with_state(&emu, Some(ODD_STATE)).await;
    let sh = state_handle(&start);
    let back = idp_post(&emu, IDP_PATH, &sh, "cancel").await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.text);
    let (base, params) = split_redirect(back.header("location").expect("Location"));
    assert_eq!(base, REDIRECT);
    let names: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, vec!["error", "error_description", "state"]);
    assert_eq!(param(&params, "error"), Some("access_denied"));
    assert!(!param(&params, "error_description").unwrap_or("").is_empty());
    assert_eq!(param(&params, "state"), Some(ODD_STATE));
    // No code was issued: the transaction is still at identify.
    let still = emu
        .idx("/idp/idx/introspect", json!({ "stateToken": sh }))
        .await;
    assert_eq!(still.remediations(), vec!["identify", "redirect-idp"]);
    assert!(still.interaction_code().is_none());
}

#[tokio::test]
async fn bad_state_token_unknown_idp_or_action_get_4xx_pages() {
    let emu = Emu::demo();
    let start = emu.started("openid").await;
    let sh = state_handle(&start);

    let unknown_idp = emu
        .get(&format!("/sso/idps/0oanosuchidp0000000?stateToken={sh}"))
        .await;
    assert_html(&unknown_idp, StatusCode::NOT_FOUND);
    assert!(unknown_idp.text.contains("Unknown identity provider"));
    let unknown_idp = idp_post(&emu, "/sso/idps/0oanosuchidp0000000", &sh, "continue").await;
    assert_html(&unknown_idp, StatusCode::NOT_FOUND);

    for query in ["", "?stateToken=", "?stateToken=02bogus", "?other=1"] {
        let r = emu.get(&format!("{IDP_PATH}{query}")).await;
        assert_html(&r, StatusCode::BAD_REQUEST);
        assert!(r.text.contains("not valid"), "{query}: {}", r.text);
    }
    for action in ["continue", "cancel"] {
        let r = idp_post(&emu, IDP_PATH, "02bogus", action).await;
        assert_html(&r, StatusCode::BAD_REQUEST);
    }
    let no_action = emu.form(IDP_PATH, &[("stateToken", &sh)]).await;
    assert_html(&no_action, StatusCode::BAD_REQUEST);
    let odd_action = idp_post(&emu, IDP_PATH, &sh, "approve").await;
    assert_html(&odd_action, StatusCode::BAD_REQUEST);
    let json_body = emu
        .raw(
            IDP_PATH,
            "application/json",
            &json!({ "stateToken": sh }).to_string(),
        )
        .await;
    assert_html(&json_body, StatusCode::BAD_REQUEST);

    // None of that touched the transaction.
    let page = emu.get(&format!("{IDP_PATH}?stateToken={sh}")).await;
    assert_eq!(page.status, StatusCode::OK);

    // A transaction that moved past identify, and an expired one.
    let select = emu.identify(&start, DEMO, PASSWORD).await;
    assert_eq!(select.status, StatusCode::OK);
    assert_html(
        &idp_post(&emu, IDP_PATH, &sh, "continue").await,
        StatusCode::CONFLICT,
    );
    let fresh = emu.started("openid").await;
    emu.expire_transactions().await;
    let expired = emu
        .get(&format!("{IDP_PATH}?stateToken={}", state_handle(&fresh)))
        .await;
    assert_html(&expired, StatusCode::BAD_REQUEST);
    assert!(expired.text.contains("expired"), "{}", expired.text);
    let expired = idp_post(&emu, IDP_PATH, &state_handle(&fresh), "continue").await;
    assert_html(&expired, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_idp_whose_user_does_not_exist_issues_no_code() {
    let mut cfg = config();
    cfg.idps[0].username = "nobody@example.com".into();
    let emu = Emu::new(cfg);
    let start = emu.started("openid").await;
    let sh = state_handle(&start);
    let page = emu.get(&format!("{IDP_PATH}?stateToken={sh}")).await;
    assert_html(&page, StatusCode::INTERNAL_SERVER_ERROR);
    let post = idp_post(&emu, IDP_PATH, &sh, "continue").await;
    assert_html(&post, StatusCode::INTERNAL_SERVER_ERROR);
    let still = emu
        .idx("/idp/idx/introspect", json!({ "stateToken": sh }))
        .await;
    assert_eq!(still.remediations(), vec!["identify", "redirect-idp"]);
}

#[tokio::test]
async fn a_cancelled_transactions_old_state_token_is_refused() {
    let emu = Emu::demo();
    let start = emu.started("openid").await;
    let old = state_handle(&start);
    let cancelled = emu.action(&start, "/cancel").await;
    assert_eq!(cancelled.status, StatusCode::OK);
    assert_html(
        &idp_post(&emu, IDP_PATH, &old, "continue").await,
        StatusCode::BAD_REQUEST,
    );
    let back = idp_post(&emu, IDP_PATH, &state_handle(&cancelled), "continue").await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
}

async fn email_link(emu: &Emu, user: &str) -> Reply {
    emu.get(&format!("/emulator/api/users/{user}/email-link"))
        .await
}

#[tokio::test]
async fn email_magic_link_carries_state_and_the_emailed_code() {
    let emu = Emu::demo();
    let before = email_link(&emu, DEMO).await;
    assert_eq!(before.status, StatusCode::NOT_FOUND);
    assert_eq!(before.body["error"], "not_found");

    let ih = emu
        .interact_with_state("openid profile email", Some(ODD_STATE))
        .await;
    let start = emu.introspect(&ih).await;
    let select = emu.identify(&start, DEMO, PASSWORD).await;
    assert_eq!(email_link(&emu, DEMO).await.status, StatusCode::NOT_FOUND);

    let challenge = emu
        .choose(
            &select,
            json!({ "id": select.email_id(), "methodType": "email" }),
        )
        .await;
    assert_eq!(challenge.remediations()[0], "challenge-authenticator");
    let r = email_link(&emu, DEMO).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let link = r.body["link"].as_str().expect("link").to_owned();
    let (base, params) = split_redirect(&link);
    assert_eq!(base, REDIRECT);
    let names: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, vec!["state", "otp"]);
    assert_eq!(param(&params, "state"), Some(ODD_STATE));
    let otp = param(&params, "otp").expect("otp").to_owned();
    assert_eq!(otp, emu.email_code(DEMO).await);
    // The login lookup is case-insensitive, like the other control routes.
    let upper = email_link(&emu, &DEMO.to_uppercase()).await;
    assert_eq!(upper.body["link"], link.as_str());

    // The human page's data carries it too.
    let users = emu.get("/emulator/api/users").await.body;
    let demo = users
        .as_array()
        .expect("users")
        .iter()
        .find(|u| u["username"] == DEMO)
        .expect("demo");
    assert_eq!(demo["email_link"], link.as_str());
    assert!(
        emu.get("/emulator/").await.text.contains("email_link"),
        "the page shows the link"
    );

    // A resend replaces the code, and the link follows it.
    let resent = emu
        .action(&challenge, "/currentAuthenticatorEnrollment/value/resend")
        .await;
    assert_eq!(resent.status, StatusCode::OK);
    let link = email_link(&emu, DEMO).await.body["link"]
        .as_str()
        .expect("link")
        .to_owned();
    let (_, params) = split_redirect(&link);
    let otp = param(&params, "otp").expect("otp").to_owned();
    assert_eq!(otp, emu.email_code(DEMO).await);

    // The app submits the otp as the challenge's passcode.
    let ok = emu.enter_passcode(&resent, &otp).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    let code = ok.interaction_code().expect("success");
    let tokens = emu.redeem(&code).await;
    assert_eq!(tokens.status, StatusCode::OK);
    let id = id_claims(&emu, &tokens).await;
    assert_eq!(id["amr"], json!(["pwd", "email", "mfa"]));

    // Used: no link any more.
    assert_eq!(email_link(&emu, DEMO).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn email_link_is_404_for_unknown_users_other_factors_and_expired_transactions() {
    let emu = Emu::demo();
    let unknown = email_link(&emu, "nobody@example.com").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.body["error"], "not_found");

    // Switching from the email challenge to Okta Verify withdraws the link.
    let select = emu.signed_in_with_password(DEMO).await;
    let challenge = emu
        .choose(
            &select,
            json!({ "id": select.email_id(), "methodType": "email" }),
        )
        .await;
    assert_eq!(email_link(&emu, DEMO).await.status, StatusCode::OK);
    let totp = emu
        .choose(
            &challenge,
            json!({ "id": select.okta_verify_id(), "methodType": "totp" }),
        )
        .await;
    assert_eq!(totp.remediations()[0], "challenge-authenticator");
    assert_eq!(email_link(&emu, DEMO).await.status, StatusCode::NOT_FOUND);

    // An expired transaction has no link either.
    let select = emu.signed_in_with_password(DEMO).await;
    emu.choose(
        &select,
        json!({ "id": select.email_id(), "methodType": "email" }),
    )
    .await;
    assert_eq!(email_link(&emu, DEMO).await.status, StatusCode::OK);
    emu.expire_transactions().await;
    assert_eq!(email_link(&emu, DEMO).await.status, StatusCode::NOT_FOUND);
}
