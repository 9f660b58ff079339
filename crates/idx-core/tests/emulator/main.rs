//! The driver against the emulator over real HTTP on loopback: Okta Verify
//! TOTP, push with number challenge, wrong code, expiry, cancel, refresh and
//! revoke. Codes and push approvals come from the emulator's control API,
//! as a person with the phone would provide them; security keys (module
//! `webauthn`) with the emulator's virtual key as the browser.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../common/mod.rs"]
mod common;
mod webauthn;

use idx_core::{
    ClientConfig, CodeVerifier, Driver, DriverError, IdxOutcome, MessageClass, Nonce, OAuthState,
    Request, Response, ResponseError, Status, StepName, Transaction, TransactionMeta, Transport,
    Values, VerifiedTokens,
};
use serde_json::{Value, json};

const PASSWORD: &str = "correct-horse-battery";

/// reqwest as the transport.
struct Http(reqwest::Client);

impl Transport for Http {
    type Error = reqwest::Error;

    async fn send(&self, request: Request) -> Result<Response, reqwest::Error> {
        let method = match request.method {
            idx_core::Method::Get => reqwest::Method::GET,
            idx_core::Method::Post => reqwest::Method::POST,
        };
        let mut builder = self.0.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = request.body {
            builder = builder.body(body);
        }
        let response = builder.send().await?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response.bytes().await?.to_vec();
        Ok(Response {
            status,
            content_type,
            body,
        })
    }
}

/// One emulator on an ephemeral loopback port, with a driver and a control client.
struct Env {
    running: idx_emulator::Running,
    driver: Driver<Http>,
    control: reqwest::Client,
}

impl Env {
    async fn new() -> Self {
        Self::with(|_| {}).await
    }

    /// An emulator whose configuration `adjust` changes first.
    async fn with(adjust: impl FnOnce(&mut idx_emulator::Config)) -> Self {
        let running = idx_emulator::spawn("127.0.0.1:0".parse().unwrap(), adjust)
            .await
            .expect("emulator starts");
        let config = ClientConfig {
            issuer: running.issuer(),
            client_id: "demo-spa".into(),
            redirect_uri: "http://127.0.0.1:8080/login/callback".into(),
            scopes: ["openid", "profile", "email", "offline_access"]
                .map(String::from)
                .to_vec(),
            post_logout_redirect_uri: None,
        };
        Self {
            running,
            driver: Driver::new(config, Http(reqwest::Client::new())),
            control: reqwest::Client::new(),
        }
    }

    fn api(&self, path: &str) -> String {
        format!("{}/emulator/api/{path}", self.running.base_url)
    }

    async fn get(&self, path: &str) -> Value {
        let r = self.control.get(self.api(path)).send().await.unwrap();
        assert!(r.status().is_success(), "GET {path}: {}", r.status());
        r.json().await.unwrap()
    }

    async fn post(&self, path: &str, body: Value) {
        let r = self
            .control
            .post(self.api(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "POST {path}: {}", r.status());
    }

    /// interact, then introspect (the app's start), with fixed (test-only) randomness.
    async fn start(&self) -> (TransactionMeta, Transaction) {
        let meta = self
            .driver
            .interact(
                CodeVerifier::new("test-verifier-0123456789-0123456789-0123456789").unwrap(),
                OAuthState::new("state-1"),
                Nonce::new("nonce-1"),
            )
            .await
            .expect("interact");
        let outcome = self.driver.resume(&meta).await.expect("introspect");
        (meta, pending(outcome))
    }

    /// Submits `values` to `step` of `t`; the answer must be a transaction.
    async fn proceed(&self, t: &Transaction, step: &StepName, values: &Values) -> Transaction {
        pending(self.driver.proceed(t, step, values).await.unwrap())
    }

    /// Polls `t` once; the answer must be a transaction.
    async fn poll(&self, t: &Transaction) -> Transaction {
        pending(self.driver.poll(t).await.unwrap())
    }

    /// Signs in `username` with the password, up to the authenticator choice.
    async fn to_authenticator_choice(&self, username: &str) -> (TransactionMeta, Transaction) {
        let (meta, t) = self.start().await;
        let step = t.next_step.clone().unwrap();
        assert_eq!(step.name, StepName::Identify);
        let mut values = Values::new().text("username", username);
        if step.input("password").is_some() {
            values.insert_text("password", PASSWORD);
        }
        let mut t = self.proceed(&t, &StepName::Identify, &values).await;
        if t.next_step.as_ref().unwrap().name == StepName::Identify {
            panic!("unexpected identify again: {:?}", t.messages);
        }
        if t.next_step.as_ref().unwrap().name == StepName::ChallengeAuthenticator {
            // Username-first: the password is its own challenge.
            t = self
                .proceed(
                    &t,
                    &StepName::ChallengeAuthenticator,
                    &Values::new().text("password", PASSWORD),
                )
                .await;
        }
        assert_eq!(
            t.next_step.as_ref().unwrap().name,
            StepName::SelectAuthenticatorAuthenticate,
            "{:?}",
            t.messages
        );
        (meta, t)
    }

    /// Signs in `username` with the password and picks Okta Verify `method`.
    async fn to_okta_verify(&self, username: &str, method: &str) -> (TransactionMeta, Transaction) {
        let (meta, t) = self.to_authenticator_choice(username).await;
        let step = t.next_step.as_ref().unwrap();
        let ov = step
            .authenticator_options
            .iter()
            .find(|o| o.key.as_deref() == Some("okta_verify"))
            .expect("Okta Verify offered");
        assert!(
            ov.methods.iter().any(|m| m.value == method),
            "{:?}",
            ov.methods
        );
        let t = self
            .proceed(
                &t,
                &StepName::SelectAuthenticatorAuthenticate,
                &Values::new()
                    .text("authenticator", "okta_verify")
                    .text("methodType", method),
            )
            .await;
        (meta, t)
    }

    /// Enters `code` at the challenge step of `t`.
    async fn submit_code(&self, t: &Transaction, code: &str) -> Transaction {
        self.proceed(
            t,
            &StepName::ChallengeAuthenticator,
            &Values::new().text("verificationCode", code),
        )
        .await
    }

    /// Enters `username`'s current Okta Verify code at the challenge step of `t`.
    async fn submit_totp(&self, t: &Transaction, username: &str) -> Transaction {
        let code = self.totp(username).await;
        self.submit_code(t, &code).await
    }

    /// The push waiting on `username`'s phone (the first the control API lists).
    async fn waiting_push(&self, username: &str) -> Value {
        let pushes = self.get(&format!("users/{username}/pushes")).await;
        pushes
            .as_array()
            .unwrap()
            .first()
            .expect("a push is waiting")
            .clone()
    }

    /// Approves `push` on the phone, picking `answer` when it has a number challenge.
    async fn approve(&self, push: &Value, answer: Option<&str>) {
        let body = match answer {
            Some(answer) => json!({ "answer": answer }),
            None => json!({}),
        };
        let id = push["id"].as_str().unwrap();
        self.post(&format!("pushes/{id}/approve"), body).await;
    }

    async fn totp(&self, username: &str) -> String {
        let v = self.get(&format!("users/{username}/totp")).await;
        v["code"].as_str().unwrap().to_owned()
    }

    /// Redeems the code and checks the ID token (signature and claims), as the app does.
    async fn finish(&self, meta: &TransactionMeta, t: &Transaction) -> VerifiedTokens {
        assert_eq!(t.status, Status::Success);
        let code = t.interaction_code.as_ref().unwrap();
        let now = i64::try_from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs(),
        )
        .unwrap();
        let tokens = self
            .driver
            .redeem(meta, code, &common::RsaVerifier, now)
            .await
            .expect("code redeemed, ID token verifies");
        assert_eq!(tokens.claims.iss, self.running.issuer());
        assert_eq!(tokens.claims.nonce.as_deref(), Some(meta.nonce.secret()));
        // The code is single-use.
        let again = self.driver.exchange(meta, code).await;
        assert!(
            matches!(again, Err(DriverError::Response(ResponseError::OAuth { ref error, .. })) if error == "invalid_grant"),
            "{again:?}"
        );
        tokens
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        self.running.handle.abort();
    }
}

fn pending(outcome: IdxOutcome) -> Transaction {
    match outcome {
        IdxOutcome::Transaction(t) => *t,
        other => panic!("expected a transaction, got {other:?}"),
    }
}

#[tokio::test]
async fn okta_verify_totp_signs_in() {
    let env = Env::new().await;
    let (meta, t) = env.to_okta_verify("demo@example.com", "totp").await;
    let step = t.next_step.clone().unwrap();
    assert_eq!(step.name, StepName::ChallengeAuthenticator);
    assert_eq!(
        step.authenticator.as_ref().unwrap().key.as_deref(),
        Some("okta_verify")
    );
    assert!(step.input("verificationCode").unwrap().required);
    let t = env.submit_totp(&t, "demo@example.com").await;
    let tokens = env.finish(&meta, &t).await;
    assert!(
        tokens.refresh_token.is_some(),
        "offline_access gives a refresh token"
    );
}

#[tokio::test]
async fn wrong_code_keeps_the_step_with_a_field_message() {
    let env = Env::new().await;
    let (meta, t) = env.to_okta_verify("demo@example.com", "totp").await;
    let good = env.totp("demo@example.com").await;
    let wrong = if good == "000000" { "111111" } else { "000000" };
    let failed = env.submit_code(&t, wrong).await;
    assert_eq!(failed.status, Status::Pending);
    assert!(!failed.request_succeeded);
    let step = failed.next_step.clone().unwrap();
    assert_eq!(step.name, StepName::ChallengeAuthenticator);
    let messages: Vec<_> = step
        .inputs
        .iter()
        .flat_map(|i| i.messages.iter())
        .chain(failed.messages.iter())
        .filter(|m| m.class == MessageClass::Error)
        .collect();
    assert!(!messages.is_empty(), "a wrong code is reported");
    // The retry with the right code from the failed state succeeds.
    let t = env.submit_totp(&failed, "demo@example.com").await;
    env.finish(&meta, &t).await;
}

#[tokio::test]
async fn push_with_number_challenge() {
    let env = Env::new().await;
    let user = "push@example.com";
    let (meta, mut t) = env.to_okta_verify(user, "push").await;
    let step = t.next_step.clone().unwrap();
    assert_eq!(step.name, StepName::ChallengePoll);
    assert!(step.poll.unwrap().refresh_ms > 0);

    // Poll until the number shows up (the emulator may add it on a later poll).
    let mut shown = step
        .authenticator
        .as_ref()
        .and_then(|a| a.correct_answer.clone());
    for _ in 0..5 {
        if shown.is_some() {
            break;
        }
        t = env.poll(&t).await;
        shown = t
            .next_step
            .as_ref()
            .and_then(|s| s.authenticator.as_ref())
            .and_then(|a| a.correct_answer.clone());
    }
    let shown = shown.expect("number challenge shown");
    let push = env.waiting_push(user).await;
    assert_eq!(
        push["correct_answer"],
        json!(shown),
        "the app shows the phone's number"
    );

    // Still waiting before approval.
    t = env.poll(&t).await;
    assert_eq!(t.next_step.as_ref().unwrap().name, StepName::ChallengePoll);

    env.approve(&push, Some(&shown)).await;
    let mut done = None;
    for _ in 0..5 {
        let next = env.poll(&t).await;
        if next.status == Status::Success {
            done = Some(next);
            break;
        }
        t = next;
    }
    env.finish(&meta, &done.expect("success after approval"))
        .await;
}

#[tokio::test]
async fn expired_transaction_is_its_own_outcome() {
    let env = Env::new().await;
    let (meta, t) = env.start().await;
    env.post("transactions/expire", json!({})).await;
    let outcome = env
        .driver
        .proceed(
            &t,
            &StepName::Identify,
            &Values::new()
                .text("username", "demo@example.com")
                .text("password", PASSWORD),
        )
        .await
        .unwrap();
    assert!(matches!(outcome, IdxOutcome::Expired { .. }), "{outcome:?}");
    let outcome = env.driver.resume(&meta).await.unwrap();
    assert!(
        matches!(outcome, IdxOutcome::Expired { .. }),
        "resume after expiry: {outcome:?}"
    );
}

#[tokio::test]
async fn cancel_reports_canceled() {
    let env = Env::new().await;
    let (_, t) = env.to_okta_verify("demo@example.com", "totp").await;
    assert!(t.has_action("cancel"));
    let canceled = pending(env.driver.cancel(&t).await.unwrap());
    assert_eq!(canceled.status, Status::Canceled);
    assert!(canceled.next_step.is_none());
    // A fresh transaction still works after a cancel.
    let (_, t) = env.start().await;
    assert_eq!(t.next_step.unwrap().name, StepName::Identify);
}

#[tokio::test]
async fn refresh_then_revoke() {
    let env = Env::new().await;
    let (meta, t) = env.to_okta_verify("demo@example.com", "totp").await;
    let t = env.submit_totp(&t, "demo@example.com").await;
    let tokens = env.finish(&meta, &t).await;
    let refresh = tokens.refresh_token.clone().unwrap();
    let renewed = env.driver.refresh(&refresh).await.expect("refresh");
    assert_ne!(renewed.access_token, tokens.access_token);

    let current = renewed.refresh_token.clone().unwrap_or(refresh);
    env.driver
        .revoke_refresh_token(&current)
        .await
        .expect("revoke");
    env.driver
        .revoke_access_token(&renewed.access_token)
        .await
        .expect("revoke access token");
    let after = env.driver.refresh(&current).await;
    assert!(
        matches!(after, Err(DriverError::Response(ResponseError::OAuth { ref error, .. })) if error == "invalid_grant"),
        "{after:?}"
    );
}

#[tokio::test]
async fn values_are_refused_before_any_request() {
    let env = Env::new().await;
    let (_, t) = env.start().await;
    let err = env
        .driver
        .proceed(
            &t,
            &StepName::Identify,
            &Values::new().text("password", PASSWORD),
        )
        .await;
    assert!(
        matches!(err, Err(DriverError::Input(idx_core::InputError::Missing { ref name })) if name == "username"),
        "{err:?}"
    );
}

#[tokio::test]
async fn rejected_push_can_be_resent() {
    let env = Env::new().await;
    let user = "demo@example.com";
    let (meta, t) = env.to_okta_verify(user, "push").await;
    assert_eq!(t.next_step.as_ref().unwrap().name, StepName::ChallengePoll);
    let first = env.waiting_push(user).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    env.post(&format!("pushes/{first}/deny"), json!({})).await;

    let rejected = env.poll(&t).await;
    assert!(
        rejected.has_message("api.authn.poll.error.push_rejected"),
        "{:?}",
        rejected.messages
    );
    assert!(
        rejected.step(&StepName::ChallengePoll).is_none(),
        "polling stops after a rejection"
    );

    let t = pending(env.driver.resend(&rejected).await.unwrap());
    assert_eq!(t.next_step.as_ref().unwrap().name, StepName::ChallengePoll);
    let second = env.waiting_push(user).await;
    assert_ne!(second["id"].as_str().unwrap(), first, "a new push was sent");
    env.approve(&second, second["correct_answer"].as_str())
        .await;
    let done = env.poll(&t).await;
    env.finish(&meta, &done).await;
}

#[tokio::test]
async fn resume_after_reload_from_saved_meta() {
    let env = Env::new().await;
    let (meta, _) = env.to_okta_verify("demo@example.com", "totp").await;
    // What the app keeps in sessionStorage across the reload.
    let saved = serde_json::to_string(&meta).unwrap();
    let meta: TransactionMeta = serde_json::from_str(&saved).expect("meta reads back");
    assert!(meta.matches(env.driver.config()));
    let t = pending(env.driver.resume(&meta).await.unwrap());
    assert_eq!(
        t.next_step.as_ref().unwrap().name,
        StepName::ChallengeAuthenticator
    );
    let t = env.submit_totp(&t, "demo@example.com").await;
    env.finish(&meta, &t).await;
}

#[tokio::test]
async fn email_code_signs_in() {
    let env = Env::new().await;
    let user = "demo@example.com";
    let (meta, t) = env.to_authenticator_choice(user).await;
    let step = t.next_step.clone().unwrap();
    assert!(
        step.authenticator_options
            .iter()
            .any(|o| o.key.as_deref() == Some("okta_email"))
    );
    let mut t = env
        .proceed(
            &t,
            &StepName::SelectAuthenticatorAuthenticate,
            &Values::new().text("authenticator", "okta_email"),
        )
        .await;
    if t.next_step.as_ref().unwrap().name == StepName::AuthenticatorVerificationData {
        // The server may ask to confirm sending the email first.
        let values = match t.next_step.as_ref().unwrap().input("methodType") {
            Some(_) => Values::new().text("methodType", "email"),
            None => Values::new(),
        };
        t = env
            .proceed(&t, &StepName::AuthenticatorVerificationData, &values)
            .await;
    }
    let step = t.next_step.clone().unwrap();
    assert_eq!(step.name, StepName::ChallengeAuthenticator);
    assert_eq!(
        step.authenticator.as_ref().unwrap().key.as_deref(),
        Some("okta_email")
    );
    let code = env.get(&format!("users/{user}/email-code")).await["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let request = t
        .proceed_request(
            &StepName::ChallengeAuthenticator,
            &Values::new().text("verificationCode", code.clone()),
        )
        .unwrap();
    let body: Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body["credentials"],
        json!({ "passcode": code }),
        "email codes go as passcode"
    );
    let t = env.submit_code(&t, &code).await;
    env.finish(&meta, &t).await;
}
