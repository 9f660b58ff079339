//! Steps for the authenticators besides Okta Verify and email: finding a
//! factor's option by its key, answering with any credentials, and the
//! control API's phone inbox, apps, tokens and FastPass.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{Emu, PASSWORD, Reply};

/// The demo users of the other authenticators.
pub const PHONE_USER: &str = "phone@example.com";
pub const QUESTION_USER: &str = "question@example.com";
/// The security question user's demo answer.
pub const QUESTION_ANSWER: &str = "Lisbon";
pub const GOOGLE_USER: &str = "google@example.com";
pub const OTP_USER: &str = "otp@example.com";
pub const FASTPASS_USER: &str = "fastpass@example.com";
pub const ENROLL_PHONE: &str = "enroll-phone@example.com";
pub const ENROLL_QUESTION: &str = "enroll-question@example.com";
pub const ENROLL_GOOGLE: &str = "enroll-google@example.com";

impl Reply {
    /// The authenticator that `relatesTo` (`$.<list>.value[<i>]`) points at.
    pub fn related(&self, pointer: &str) -> &Value {
        let path = pointer.trim_start_matches("$.");
        let (list, index) = path
            .split_once(".value[")
            .unwrap_or_else(|| panic!("pointer {pointer}"));
        let i: usize = index.trim_end_matches(']').parse().expect("index");
        &self.body[list]["value"][i]
    }

    /// The option of `select-authenticator-authenticate` whose authenticator
    /// has key `key` (`phone_number`, `security_question`, ...).
    pub fn option_for(&self, key: &str) -> &Value {
        self.field("select-authenticator-authenticate", "authenticator")["options"]
            .as_array()
            .and_then(|opts| {
                opts.iter().find(|o| {
                    o["relatesTo"]
                        .as_str()
                        .is_some_and(|p| self.related(p)["key"] == key)
                })
            })
            .unwrap_or_else(|| panic!("no option for {key} in {}", self.summary()))
    }

    /// The `{id}` (and `enrollmentId`, where offered) of the option for `key`.
    pub fn choice_of(&self, key: &str) -> Value {
        let mut choice = json!({});
        for f in self.option_for(key)["value"]["form"]["value"]
            .as_array()
            .expect("fields")
        {
            if f["mutable"] == false {
                choice[f["name"].as_str().expect("name")] = f["value"].clone();
            }
        }
        choice
    }
}

impl Emu {
    /// Signs `user` in with the password and chooses the authenticator with
    /// key `key`, adding `extra` (e.g. `{"methodType": "sms"}`) to the choice.
    pub async fn chose_factor(&self, user: &str, key: &str, extra: Value) -> Reply {
        let select = self.signed_in_with_password(user).await;
        let mut choice = select.choice_of(key);
        for (k, v) in extra.as_object().expect("object") {
            choice[k] = v.clone();
        }
        let r = self.choose(&select, choice).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.summary());
        r
    }

    /// Submits remediation `form` of `state` with `credentials`.
    pub async fn credentials(&self, state: &Reply, form: &str, credentials: Value) -> Reply {
        self.submit(state, form, json!({ "credentials": credentials }))
            .await
    }

    /// The control API's view of `user`'s last phone message.
    pub async fn phone_message(&self, user: &str) -> Reply {
        self.get(&format!("/emulator/api/users/{user}/phone-code"))
            .await
    }

    /// The code last sent to `user`'s phone.
    pub async fn phone_code(&self, user: &str) -> String {
        let r = self.phone_message(user).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        r.body["code"].as_str().expect("code").to_owned()
    }

    /// What `user`'s Google Authenticator shows (`code`, `next_code`).
    pub async fn google_code(&self, user: &str) -> Reply {
        self.get(&format!("/emulator/api/users/{user}/google-otp"))
            .await
    }

    /// What `user`'s OTP token `key` shows (`code`, `next_code`).
    pub async fn token_code(&self, user: &str, key: &str) -> Reply {
        self.get(&format!("/emulator/api/users/{user}/otp/{key}"))
            .await
    }

    /// Okta Verify on this device answers the FastPass challenge as `user`.
    pub async fn answer_fastpass(&self, user: &str) -> Reply {
        self.raw(
            &format!("/emulator/api/users/{user}/fastpass"),
            "application/json",
            "",
        )
        .await
    }

    /// Signs `user` (who must enroll something other than Okta Verify) in
    /// with the password and picks the only option of
    /// `select-authenticator-enroll`, adding `extra`.
    pub async fn enrolling_factor(&self, user: &str, extra: Value) -> Reply {
        let start = self.started("openid").await;
        let select = self.identify(&start, user, PASSWORD).await;
        assert_eq!(select.remediations(), vec!["select-authenticator-enroll"]);
        let mut choice = json!({ "id": select.enroll_okta_verify_id() });
        for (k, v) in extra.as_object().expect("object") {
            choice[k] = v.clone();
        }
        self.enroll_with(&select, "select-authenticator-enroll", choice)
            .await
    }

    /// A six-digit code that is not `code`.
    pub fn other_code(code: &str) -> &'static str {
        if code == "000000" { "111111" } else { "000000" }
    }
}
