//! Golden tests of the request bodies built for each step kind, from recorded
//! states, plus refusal of values that do not fit a step.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use idx_core::{
    ClientConfig, CodeVerifier, InputError, InteractionHandle, Method, Nonce, OAuthState, StepName,
    Values, interact_request, interact_request_with, introspect_request,
};
use serde_json::{Value, json};

fn config() -> ClientConfig {
    ClientConfig {
        issuer: "http://127.0.0.1:8787/oauth2/default".into(),
        client_id: "demo-spa".into(),
        redirect_uri: "http://127.0.0.1:8080/login/callback".into(),
        scopes: vec![
            "openid".into(),
            "profile".into(),
            "email".into(),
            "offline_access".into(),
        ],
        post_logout_redirect_uri: None,
    }
}

/// The body as JSON, with the (long, recorded) state handle replaced by `SH`.
fn body(request: &idx_core::Request) -> Value {
    let mut v: Value = serde_json::from_str(request.body.as_deref().expect("body")).expect("json");
    if let Some(sh) = v.get_mut("stateHandle") {
        *sh = json!("SH");
    }
    v
}

#[test]
fn interact_request_is_form_encoded_with_s256() {
    let verifier = CodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
    let r = interact_request(
        &config(),
        &verifier,
        &OAuthState::new("st4te"),
        &Nonce::new("n0nce"),
    );
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "http://127.0.0.1:8787/oauth2/default/v1/interact");
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(r.with_credentials);
    assert_eq!(
        r.body.as_deref(),
        Some(
            "client_id=demo-spa&scope=openid%20profile%20email%20offline_access\
             &redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Flogin%2Fcallback\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
             &code_challenge_method=S256&state=st4te&nonce=n0nce"
        )
    );
    assert!(
        !format!("{r:?}").contains("st4te"),
        "Debug must not show the body"
    );
}

#[test]
fn interact_request_carries_the_link_token_and_assurance_when_set() {
    let verifier = CodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
    let params = idx_core::InteractParams {
        activation_token: Some(idx_core::ActivationToken::new("act+tok/1")),
        recovery_token: None,
        max_age: Some(300),
        acr_values: Some("urn:okta:2fa:any:ifpossible".into()),
    };
    let r = interact_request_with(
        &config(),
        &verifier,
        &OAuthState::new("st4te"),
        &Nonce::new("n0nce"),
        &params,
    );
    assert_eq!(
        r.body.as_deref(),
        Some(
            "client_id=demo-spa&scope=openid%20profile%20email%20offline_access\
             &redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Flogin%2Fcallback\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
             &code_challenge_method=S256&state=st4te&nonce=n0nce\
             &activation_token=act%2Btok%2F1&max_age=300\
             &acr_values=urn%3Aokta%3A2fa%3Aany%3Aifpossible"
        )
    );
    let reset = idx_core::InteractParams {
        recovery_token: Some(idx_core::RecoveryToken::new("rec-123")),
        ..idx_core::InteractParams::default()
    };
    let r = interact_request_with(
        &config(),
        &verifier,
        &OAuthState::new("st4te"),
        &Nonce::new("n0nce"),
        &reset,
    );
    let body = r.body.as_deref().unwrap();
    assert!(
        body.ends_with("&nonce=n0nce&recovery_token=rec-123"),
        "{body}"
    );
    assert!(
        !format!("{params:?}").contains("act+tok"),
        "tokens are redacted"
    );
}

#[test]
fn introspect_request_sends_the_interaction_handle() {
    let r = introspect_request(&config(), &InteractionHandle::new("IH1"));
    assert_eq!(r.url, "http://127.0.0.1:8787/idp/idx/introspect");
    assert_eq!(
        r.header("accept"),
        Some("application/ion+json; okta-version=1.0.0")
    );
    assert_eq!(r.body.as_deref(), Some(r#"{"interactionHandle":"IH1"}"#));
}

#[test]
fn identify_with_password() {
    let Some(dir) = common::fixtures_dir("identify_with_password") else {
        return;
    };
    let t = common::transaction(&dir, "identify-with-password.json");
    let step = t.next_step.as_ref().unwrap();
    let names: Vec<_> = step
        .inputs
        .iter()
        .map(|i| (i.name.as_str(), i.required, i.secret))
        .collect();
    assert_eq!(
        names,
        [
            ("username", true, false),
            ("password", true, true),
            ("rememberMe", false, false)
        ]
    );
    let r = t
        .proceed_request(
            &StepName::Identify,
            &Values::new()
                .text("username", "demo@example.com")
                .text("password", "pw")
                .bool("rememberMe", false),
        )
        .unwrap();
    assert_eq!(r.url, "http://localhost:3000/idp/idx/identify");
    assert_eq!(
        body(&r),
        json!({"identifier": "demo@example.com", "credentials": {"passcode": "pw"}, "rememberMe": false, "stateHandle": "SH"})
    );
}

#[test]
fn identify_refuses_missing_and_unknown_inputs() {
    let Some(dir) = common::fixtures_dir("identify_refuses") else {
        return;
    };
    let t = common::transaction(&dir, "identify-with-password.json");
    let err = t
        .proceed_request(&StepName::Identify, &Values::new().text("username", "a"))
        .unwrap_err();
    assert_eq!(
        err,
        InputError::Missing {
            name: "password".into()
        }
    );
    let err = t
        .proceed_request(
            &StepName::Identify,
            &Values::new()
                .text("username", "a")
                .text("password", "b")
                .text("otp", "1"),
        )
        .unwrap_err();
    assert!(
        matches!(err, InputError::UnknownInput { ref name, .. } if name == "otp"),
        "{err:?}"
    );
    let err = t
        .proceed_request(
            &StepName::Identify,
            &Values::new()
                .text("username", "a")
                .text("password", "b")
                .text("rememberMe", "yes"),
        )
        .unwrap_err();
    assert!(
        matches!(err, InputError::Invalid { ref name, .. } if name == "rememberMe"),
        "{err:?}"
    );
    let err = t
        .proceed_request(&StepName::Skip, &Values::new())
        .unwrap_err();
    assert_eq!(err, InputError::NotAvailable("skip".into()));
}

#[test]
fn identify_sends_truthy_defaults() {
    let Some(dir) = common::fixtures_dir("identify_defaults") else {
        return;
    };
    let t = common::transaction(&dir, "identify-with-remember-me.json");
    let r = t
        .proceed_request(&StepName::Identify, &Values::new().text("username", "u"))
        .unwrap();
    assert_eq!(
        body(&r),
        json!({"identifier": "u", "rememberMe": true, "stateHandle": "SH"})
    );
}

#[test]
fn select_okta_verify_with_method_in_one_step() {
    let Some(dir) = common::fixtures_dir("select_okta_verify") else {
        return;
    };
    let t = common::transaction(&dir, "v3/idp/idx/identify/verify-ov-mfa.json");
    let step = t.next_step.as_ref().unwrap();
    assert_eq!(step.name, StepName::SelectAuthenticatorAuthenticate);
    let ov = step
        .authenticator_options
        .iter()
        .find(|o| o.key.as_deref() == Some("okta_verify"))
        .unwrap();
    let methods: Vec<_> = ov.methods.iter().map(|m| m.value.as_str()).collect();
    assert!(
        methods.contains(&"push") && methods.contains(&"totp"),
        "{methods:?}"
    );
    let input = step.input("authenticator").unwrap();
    assert!(input.required && input.options.iter().any(|o| o.value == "okta_verify"));

    let r = t
        .proceed_request(
            &StepName::SelectAuthenticatorAuthenticate,
            &Values::new()
                .text("authenticator", "okta_verify")
                .text("methodType", "totp"),
        )
        .unwrap();
    let id = ov.id.clone().unwrap();
    assert_eq!(
        body(&r),
        json!({"authenticator": {"id": id, "methodType": "totp"}, "stateHandle": "SH"})
    );

    // Without a method, only the id goes (the server then asks for the method).
    let r = t
        .proceed_request(
            &StepName::SelectAuthenticatorAuthenticate,
            &Values::new().text("authenticator", "okta_verify"),
        )
        .unwrap();
    assert_eq!(
        body(&r),
        json!({"authenticator": {"id": id}, "stateHandle": "SH"})
    );

    let err = t
        .proceed_request(
            &StepName::SelectAuthenticatorAuthenticate,
            &Values::new()
                .text("authenticator", "okta_verify")
                .text("methodType", "sms"),
        )
        .unwrap_err();
    assert_eq!(
        err,
        InputError::UnknownOption {
            name: "methodType".into(),
            value: "sms".into()
        }
    );
    let err = t
        .proceed_request(
            &StepName::SelectAuthenticatorAuthenticate,
            &Values::new().text("authenticator", "nope"),
        )
        .unwrap_err();
    assert_eq!(
        err,
        InputError::UnknownOption {
            name: "authenticator".into(),
            value: "nope".into()
        }
    );
}

#[test]
fn debug_output_has_no_state_handle() {
    let Some(dir) = common::fixtures_dir("debug_output_has_no_state_handle") else {
        return;
    };
    for file in [
        "identify-with-third-party-idps.json",
        "v3/idp/idx/authenticator-verification-ov-resend-push-notification.json",
    ] {
        let raw: Value = serde_json::from_slice(&common::fixture(&dir, file)).unwrap();
        let handle = raw["stateHandle"].as_str().unwrap();
        let t = common::transaction(&dir, file);
        let debug = format!("{t:?}");
        assert!(
            !debug.contains(handle),
            "{file}: Debug leaks the state handle"
        );
        assert!(debug.contains("Forms"), "{file}");
    }
    let t = common::transaction(&dir, "success-with-interaction-code.json");
    let code = t.interaction_code.as_ref().unwrap().secret().to_owned();
    assert!(!format!("{t:?}").contains(&code));
}
