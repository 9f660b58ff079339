//! The browser's WebAuthn results and the values that answer a step with
//! them (protocol-more doc §1.2 and §1.3 "Send").
//!
//! Invariants: every binary member is standard padded base64; only inputs
//! the step declares are filled (so `userHandle` goes only where the form
//! has it, and the credential id never); `Debug` shows no signed bytes.

use crate::model::NextStep;
use crate::model::webauthn::encode_base64;
use crate::values::Values;

/// What `navigator.credentials.get` returned (the response's buffers).
#[derive(Clone, PartialEq, Eq)]
pub struct AssertionResult {
    /// `response.clientDataJSON`.
    pub client_data_json: Vec<u8>,
    /// `response.authenticatorData`.
    pub authenticator_data: Vec<u8>,
    /// `response.signature`.
    pub signature: Vec<u8>,
    /// `response.userHandle`, when the authenticator returned one.
    pub user_handle: Option<Vec<u8>>,
}

/// What `navigator.credentials.create` returned.
#[derive(Clone, PartialEq, Eq)]
pub struct AttestationResult {
    /// `response.clientDataJSON`.
    pub client_data_json: Vec<u8>,
    /// `response.attestationObject`.
    pub attestation_object: Vec<u8>,
    /// `response.getTransports()`, when the browser has it.
    pub transports: Option<Vec<String>>,
    /// `getClientExtensionResults()` as JSON text.
    pub client_extensions_json: String,
}

// Results are signed material; their bytes add nothing to a log line.
impl std::fmt::Debug for AssertionResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AssertionResult")
            .field("user_handle", &self.user_handle.is_some())
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for AttestationResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttestationResult")
            .field("transports", &self.transports)
            .finish_non_exhaustive()
    }
}

/// The name under which `step` takes the `credentials.<field>` input: the
/// bare field for steps with an SDK mapping, the dotted path for the rest.
fn input_name(step: &NextStep, field: &str) -> Option<String> {
    let dotted = format!("credentials.{field}");
    step.inputs
        .iter()
        .find(|i| i.name == field || i.name == dotted)
        .map(|i| i.name.clone())
}

impl AssertionResult {
    /// True when the authenticator returned a non-empty user handle (a
    /// passkey sign-in from identify needs one, §1.5).
    pub fn has_user_handle(&self) -> bool {
        self.user_handle.as_ref().is_some_and(|h| !h.is_empty())
    }

    /// The values that submit `step` (§1.2 "Send").
    pub fn values(&self, step: &NextStep) -> Values {
        let mut values = Values::new();
        let empty = Vec::new();
        for (field, bytes) in [
            ("clientData", &self.client_data_json),
            ("authenticatorData", &self.authenticator_data),
            ("signatureData", &self.signature),
            ("userHandle", self.user_handle.as_ref().unwrap_or(&empty)),
        ] {
            if let Some(name) = input_name(step, field) {
                values.insert_text(name, encode_base64(bytes));
            }
        }
        values
    }
}

impl AttestationResult {
    /// The values that submit `step` (§1.3 "Send": `transports` and
    /// `clientExtensions` are JSON text inside the string).
    pub fn values(&self, step: &NextStep) -> Values {
        let transports = serde_json::to_string(self.transports.as_deref().unwrap_or_default())
            .unwrap_or_else(|_| "[]".into());
        let mut values = Values::new();
        for (field, text) in [
            ("clientData", encode_base64(&self.client_data_json)),
            ("attestation", encode_base64(&self.attestation_object)),
            ("transports", transports),
            ("clientExtensions", self.client_extensions_json.clone()),
        ] {
            if let Some(name) = input_name(step, field) {
                values.insert_text(name, text);
            }
        }
        values
    }
}
