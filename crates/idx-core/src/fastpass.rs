//! Okta FastPass (Okta Verify `signed_nonce`) requests that no form
//! describes in full: cancelling the poll with a reason, and the loopback
//! probe and challenge relayed to Okta Verify on `localhost` (protocol doc
//! part 2 §6.3, §6.5).
//!
//! Invariants: the cancel goes to the state's own cancel form (its `href`
//! and state handle), never to a URL built here; loopback requests carry no
//! cookies (`with_credentials` false) and go only to the bases the
//! challenge names ([`DeviceChallenge::loopback_bases`]).

use serde_json::{Map, Value as Json, json};

use crate::error::InputError;
use crate::model::{StepName, Transaction};
use crate::request::{JSON, Method, Request};
use crate::secret::ChallengeRequest;
use crate::steps;
use crate::values::Values;

#[cfg(doc)]
use crate::model::DeviceChallenge;

/// Why the poll of a FastPass challenge is cancelled (the `reason` and
/// `statusCode` Okta expects, protocol doc part 2 §6.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollCancel {
    /// The person chose another way (`USER_CANCELED`).
    UserCanceled,
    /// No loopback port answered, or fetch to them is not allowed
    /// (`OV_UNREACHABLE_BY_LOOPBACK`).
    Unreachable,
    /// Okta Verify answered the challenge with this HTTP status
    /// (`OV_RETURNED_ERROR`).
    ReturnedError(u16),
}

impl PollCancel {
    fn members(self) -> (&'static str, Json) {
        match self {
            Self::UserCanceled => ("USER_CANCELED", Json::Null),
            Self::Unreachable => ("OV_UNREACHABLE_BY_LOOPBACK", Json::Null),
            Self::ReturnedError(status) => ("OV_RETURNED_ERROR", json!(status)),
        }
    }
}

/// The actions that cancel a FastPass poll, in the order they are looked for.
const CANCEL_ACTIONS: [&str; 2] = [
    "authenticatorChallenge-cancel",
    "currentAuthenticator-cancel",
];

impl Transaction {
    /// Whether the state has a FastPass poll to cancel.
    pub fn can_cancel_polling(&self) -> bool {
        CANCEL_ACTIONS.iter().any(|a| self.has_action(a))
    }

    /// Cancels the FastPass poll: the state's cancel form
    /// (`authenticatorChallenge-cancel` or `currentAuthenticator-cancel`)
    /// with `{reason, statusCode}` added (protocol doc part 2 §6.5).
    ///
    /// # Errors
    /// [`InputError::NotAvailable`] when the state has no such form.
    pub fn cancel_polling_request(&self, why: PollCancel) -> Result<Request, InputError> {
        let (name, form) = CANCEL_ACTIONS
            .iter()
            .find_map(|a| self.forms.actions.iter().find(|(n, _)| n == a))
            .ok_or_else(|| InputError::NotAvailable("cancel-polling".into()))?;
        let mut body = steps::build_body(
            &StepName::from(name.as_str()),
            form,
            None,
            &[],
            &Values::new(),
        )?;
        let (reason, status) = why.members();
        if let Json::Object(map) = &mut body {
            map.insert("reason".into(), json!(reason));
            map.insert("statusCode".into(), status);
        }
        let href =
            form.href
                .clone()
                .filter(|h| !h.is_empty())
                .ok_or_else(|| InputError::Invalid {
                    name: name.clone(),
                    reason: "the form has no href".into(),
                })?;
        Ok(Request::post_idx(href, &body))
    }
}

/// `GET <base>/probe`: is Okta Verify listening here? (§6.3 step 3)
pub fn loopback_probe_request(base: &str) -> Request {
    Request {
        method: Method::Get,
        url: format!("{}/probe", base.trim_end_matches('/')),
        headers: vec![("Content-Type".into(), JSON.into())],
        body: None,
        with_credentials: false,
    }
}

/// `POST <base>/challenge` with `{"challengeRequest": <JWT>}` (§6.3 step 4).
pub fn loopback_challenge_request(base: &str, challenge: &ChallengeRequest) -> Request {
    let mut body = Map::new();
    body.insert("challengeRequest".into(), json!(challenge.secret()));
    Request {
        method: Method::Post,
        url: format!("{}/challenge", base.trim_end_matches('/')),
        headers: vec![("Content-Type".into(), JSON.into())],
        body: Some(Json::Object(body).to_string()),
        with_credentials: false,
    }
}
