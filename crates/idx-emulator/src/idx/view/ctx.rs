//! What a step's rendering works with ([`Ctx`]: the transaction, the user,
//! the org's settings, and the form builders), and what it gives back
//! ([`StepView`]: its forms and the body members only it has).
//!
//! Invariants: every form carries its own `stateHandle` field (immutable,
//! hidden) and an absolute `href` on the emulator's base URL, the ion
//! `produces` and the JSON `accepts`; nothing here reads the store.

use serde_json::{Map, Value, json};

use crate::config::{Idp, Org, User};
use crate::http::{ACCEPTS_JSON, ION_JSON};
use crate::store::{Push, Transaction};

/// Everything a rendering needs besides the transaction.
#[derive(Debug)]
pub(crate) struct Ctx<'a> {
    /// Emulator base URL.
    pub(crate) base: &'a str,
    /// The transaction.
    pub(crate) tx: &'a Transaction,
    /// The identified user, if any.
    pub(crate) user: Option<&'a User>,
    /// The outstanding push, in [`crate::store::Step::PushPoll`].
    pub(crate) push: Option<&'a Push>,
    /// Push polling interval.
    pub(crate) refresh_ms: u64,
    /// Username-first policy.
    pub(crate) username_first: bool,
    /// Third-party identity providers offered at the identify step.
    pub(crate) idps: &'a [Idp],
    /// The org's self-service settings (sign-up, unlock, CAPTCHA).
    pub(crate) org: &'a Org,
    /// Okta FastPass offered at the identify step (`launch-authenticator`).
    pub(crate) fastpass: bool,
    /// `timeout` (ms) sent with WebAuthn challenges, if any.
    pub(crate) webauthn_timeout_ms: Option<u64>,
}

impl Ctx<'_> {
    pub(super) fn href(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn sh_field(&self) -> Value {
        json!({
            "name": "stateHandle",
            "required": true,
            "value": self.tx.state_handle,
            "visible": false,
            "mutable": false,
        })
    }

    /// A form (remediation or action) posting to `path`.
    pub(super) fn form(
        &self,
        name: &str,
        path: &str,
        mut fields: Vec<Value>,
    ) -> Map<String, Value> {
        fields.push(self.sh_field());
        let mut m = Map::new();
        m.insert("rel".into(), json!(["create-form"]));
        m.insert("name".into(), json!(name));
        m.insert("href".into(), json!(self.href(path)));
        m.insert("method".into(), json!("POST"));
        m.insert("produces".into(), json!(ION_JSON));
        m.insert("value".into(), Value::Array(fields));
        m.insert("accepts".into(), json!(ACCEPTS_JSON));
        m
    }

    /// `form` relating to the body member `pointer` (`$.currentAuthenticator`, ...).
    pub(super) fn related(&self, mut form: Map<String, Value>, pointer: &str) -> Value {
        form.insert("relatesTo".into(), json!([pointer]));
        Value::Object(form)
    }
}

/// What one step contributes to its body, in body order: the members that
/// describe the step (`currentAuthenticator`, ...), its remediation forms,
/// and the lists it shows (`authenticators`, ...).
#[derive(Debug, Default)]
pub(super) struct StepView {
    /// Members placed before `remediation`.
    pub(super) current: Vec<(&'static str, Value)>,
    /// The remediation forms, in order.
    pub(super) remediation: Vec<Value>,
    /// Members placed after `messages`.
    pub(super) listed: Vec<(&'static str, Value)>,
}

/// `field` with the answer field's message attached, if there is one.
pub(super) fn with_message(mut field: Value, message: Option<&Value>) -> Value {
    if let Some(m) = message {
        field["messages"] = m.clone();
    }
    field
}
