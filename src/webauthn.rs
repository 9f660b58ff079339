//! The browser side of WebAuthn: `navigator.credentials.get` / `create`
//! with the options idx-core built, the results read back into idx-core's
//! plain data, and every failure classified for the screens.
//!
//! Invariants: this is the only module that calls `navigator.credentials`;
//! options come only from idx-core ([`RequestOptions`], [`CreationOptions`]),
//! so what the browser is asked and what the server sent cannot drift;
//! nothing read from a credential is logged; a missing WebAuthn API is
//! reported as [`WebAuthnError::NotSupported`], never a panic. Members the
//! stable web-sys bindings lack (`hints`, `mediation`,
//! `isConditionalMediationAvailable`) are set and read by name.

use idx_core::{
    AssertionResult, AttestationResult, CreationOptions, CredentialDescriptor, RequestOptions,
};
use js_sys::{Array, ArrayBuffer, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortSignal, AttestationConveyancePreference, AuthenticationExtensionsClientInputs,
    AuthenticatorAssertionResponse, AuthenticatorAttachment, AuthenticatorAttestationResponse,
    AuthenticatorSelectionCriteria, CredentialCreationOptions, CredentialRequestOptions,
    DomException, PublicKeyCredential, PublicKeyCredentialCreationOptions,
    PublicKeyCredentialDescriptor, PublicKeyCredentialParameters,
    PublicKeyCredentialRequestOptions, PublicKeyCredentialRpEntity, PublicKeyCredentialType,
    PublicKeyCredentialUserEntity, UserVerificationRequirement,
};

/// Why a WebAuthn prompt produced no credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebAuthnError {
    /// The browser has no WebAuthn (`NotSupportedError` or no API at all).
    #[error("this browser does not support security keys or passkeys")]
    NotSupported,
    /// The person cancelled, the prompt timed out, or no authenticator had
    /// a matching credential (`NotAllowedError`: browsers do not tell which).
    #[error("the prompt was cancelled or timed out")]
    NotAllowed,
    /// The RP ID is not this page's domain or a registrable suffix of it
    /// (`SecurityError`).
    #[error("this page's address cannot use the organisation's security keys")]
    RpIdMismatch,
    /// The request was aborted by the page (a new prompt, leaving the screen).
    #[error("aborted")]
    Aborted,
    /// The authenticator already holds a credential for this account
    /// (`InvalidStateError` at enrollment).
    #[error("this authenticator is already set up")]
    AlreadyRegistered,
    /// Any other failure; the DOMException name (never the credential).
    #[error("{0}")]
    Other(String),
}

impl WebAuthnError {
    /// Classifies a rejected promise.
    fn from_js(error: &JsValue) -> Self {
        let Some(exception) = error.dyn_ref::<DomException>() else {
            return Self::Other("Error".into());
        };
        match exception.name().as_str() {
            "NotAllowedError" => Self::NotAllowed,
            "SecurityError" => Self::RpIdMismatch,
            "NotSupportedError" => Self::NotSupported,
            "AbortError" => Self::Aborted,
            "InvalidStateError" => Self::AlreadyRegistered,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// How the browser should ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mediation {
    /// A modal prompt (the default).
    Modal,
    /// Passkey autofill: the prompt waits in the username field's suggestions.
    Conditional,
}

fn window_member(name: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    Reflect::get(&window, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// Whether the browser has WebAuthn at all (`PublicKeyCredential` and
/// `navigator.credentials`; absent outside a secure context).
pub fn supported() -> bool {
    window_member("PublicKeyCredential").is_some()
        && web_sys::window().is_some_and(|w| {
            Reflect::get(&w.navigator(), &JsValue::from_str("credentials"))
                .is_ok_and(|c| !c.is_undefined() && !c.is_null())
        })
}

/// Whether passkey autofill (conditional mediation) is available.
pub async fn conditional_mediation_available() -> bool {
    let Some(class) = window_member("PublicKeyCredential") else {
        return false;
    };
    let Some(check) = Reflect::get(
        &class,
        &JsValue::from_str("isConditionalMediationAvailable"),
    )
    .ok()
    .and_then(|f| f.dyn_into::<Function>().ok()) else {
        return false;
    };
    let Some(promise) = check
        .call0(&class)
        .ok()
        .and_then(|p| p.dyn_into::<Promise>().ok())
    else {
        return false;
    };
    JsFuture::from(promise)
        .await
        .is_ok_and(|v| v.as_bool() == Some(true))
}

/// The page's origin (`scheme://host[:port]`), for idx-core's `appid` rule.
pub fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

fn bytes(data: &[u8]) -> Uint8Array {
    Uint8Array::from(data)
}

fn read(buffer: &ArrayBuffer) -> Vec<u8> {
    Uint8Array::new(buffer).to_vec()
}

fn set(target: &JsValue, name: &str, value: &JsValue) {
    // Setting a member on a fresh plain object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(name), value);
}

fn strings(items: &[String]) -> Array {
    items.iter().map(|s| JsValue::from_str(s)).collect()
}

fn descriptors(list: &[CredentialDescriptor]) -> Array {
    list.iter()
        .map(|c| {
            let d = PublicKeyCredentialDescriptor::new(
                &bytes(&c.id),
                PublicKeyCredentialType::PublicKey,
            );
            if !c.transports.is_empty() {
                d.set_transports(&strings(&c.transports));
            }
            JsValue::from(d)
        })
        .collect()
}

fn user_verification(value: Option<&str>) -> Option<UserVerificationRequirement> {
    UserVerificationRequirement::from_js_value(&JsValue::from_str(value?))
}

async fn call(promise: Result<Promise, JsValue>) -> Result<PublicKeyCredential, WebAuthnError> {
    let promise = promise.map_err(|e| WebAuthnError::from_js(&e))?;
    let value = JsFuture::from(promise)
        .await
        .map_err(|e| WebAuthnError::from_js(&e))?;
    value
        .dyn_into::<PublicKeyCredential>()
        .map_err(|_| WebAuthnError::Other("no credential".into()))
}

fn credentials() -> Result<web_sys::CredentialsContainer, WebAuthnError> {
    if !supported() {
        return Err(WebAuthnError::NotSupported);
    }
    web_sys::window()
        .map(|w| w.navigator().credentials())
        .ok_or(WebAuthnError::NotSupported)
}

/// `navigator.credentials.get` (protocol-more doc §1.2, §1.5).
///
/// # Errors
/// The classified failure.
pub async fn get(
    options: &RequestOptions,
    mediation: Mediation,
    signal: Option<&AbortSignal>,
) -> Result<AssertionResult, WebAuthnError> {
    let container = credentials()?;
    let public_key = PublicKeyCredentialRequestOptions::new(&bytes(&options.challenge));
    public_key.set_allow_credentials(&descriptors(&options.allow_credentials));
    if let Some(uv) = user_verification(options.user_verification.as_deref()) {
        public_key.set_user_verification(uv);
    }
    if let Some(rp_id) = &options.rp_id {
        public_key.set_rp_id(rp_id);
    }
    if let Some(ms) = options.timeout_ms {
        public_key.set_timeout(ms);
    }
    if !options.hints.is_empty() {
        set(&public_key, "hints", &strings(&options.hints));
    }
    if let Some(appid) = &options.appid {
        let extensions = AuthenticationExtensionsClientInputs::new();
        extensions.set_appid(appid);
        public_key.set_extensions(&extensions);
    }
    let request = CredentialRequestOptions::new();
    request.set_public_key(&public_key);
    if let Some(signal) = signal {
        request.set_signal(signal);
    }
    if mediation == Mediation::Conditional {
        set(&request, "mediation", &JsValue::from_str("conditional"));
    }
    let credential = call(container.get_with_options(&request)).await?;
    let response: AuthenticatorAssertionResponse = credential.response().unchecked_into();
    Ok(AssertionResult {
        client_data_json: read(&response.client_data_json()),
        authenticator_data: read(&response.authenticator_data()),
        signature: read(&response.signature()),
        user_handle: response.user_handle().map(|h| read(&h)),
    })
}

/// `navigator.credentials.create` (protocol-more doc §1.3).
///
/// # Errors
/// The classified failure.
pub async fn create(options: &CreationOptions) -> Result<AttestationResult, WebAuthnError> {
    let container = credentials()?;
    let rp = PublicKeyCredentialRpEntity::new(&options.rp.name);
    if let Some(id) = &options.rp.id {
        rp.set_id(id);
    }
    let user = PublicKeyCredentialUserEntity::new(
        &options.user.name,
        &options.user.display_name,
        &bytes(&options.user.id),
    );
    let params: Array = options
        .algorithms
        .iter()
        .filter_map(|alg| i32::try_from(*alg).ok())
        .map(|alg| {
            JsValue::from(PublicKeyCredentialParameters::new(
                alg,
                PublicKeyCredentialType::PublicKey,
            ))
        })
        .collect();
    let public_key =
        PublicKeyCredentialCreationOptions::new(&bytes(&options.challenge), &params, &rp, &user);
    public_key.set_exclude_credentials(&descriptors(&options.exclude_credentials));
    if let Some(ms) = options.timeout_ms {
        public_key.set_timeout(ms);
    }
    let sel = &options.authenticator_selection;
    let criteria = AuthenticatorSelectionCriteria::new();
    if let Some(uv) = user_verification(sel.user_verification.as_deref()) {
        criteria.set_user_verification(uv);
    }
    if let Some(attachment) = sel
        .authenticator_attachment
        .as_deref()
        .and_then(|a| AuthenticatorAttachment::from_js_value(&JsValue::from_str(a)))
    {
        criteria.set_authenticator_attachment(attachment);
    }
    if let Some(required) = sel.require_resident_key {
        criteria.set_require_resident_key(required);
    }
    if let Some(resident) = &sel.resident_key {
        criteria.set_resident_key(resident);
    }
    public_key.set_authenticator_selection(&criteria);
    if let Some(attestation) = options
        .attestation
        .as_deref()
        .and_then(|a| AttestationConveyancePreference::from_js_value(&JsValue::from_str(a)))
    {
        public_key.set_attestation(attestation);
    }
    if !options.hints.is_empty() {
        set(&public_key, "hints", &strings(&options.hints));
    }
    let request = CredentialCreationOptions::new();
    request.set_public_key(&public_key);
    let credential = call(container.create_with_options(&request)).await?;
    let response: AuthenticatorAttestationResponse = credential.response().unchecked_into();
    // `getTransports` is missing from older browsers: call it by name.
    let transports = Reflect::get(&response, &JsValue::from_str("getTransports"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call0(&response).ok())
        .and_then(|list| list.dyn_into::<Array>().ok())
        .map(|list| list.iter().filter_map(|t| t.as_string()).collect());
    let extensions: Object = credential.get_client_extension_results().unchecked_into();
    let client_extensions_json = js_sys::JSON::stringify(&extensions)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "{}".into());
    Ok(AttestationResult {
        client_data_json: read(&response.client_data_json()),
        attestation_object: read(&response.attestation_object()),
        transports,
        client_extensions_json,
    })
}

/// Cancels a pending conditional (autofill) request when dropped, so a
/// screen that goes away never leaves a prompt waiting.
#[derive(Debug)]
pub struct PendingPrompt(Option<web_sys::AbortController>);

impl PendingPrompt {
    /// A new controller (none when the browser lacks `AbortController`).
    pub fn new() -> Self {
        Self(web_sys::AbortController::new().ok())
    }

    /// The signal to pass to [`get`].
    pub fn signal(&self) -> Option<AbortSignal> {
        self.0.as_ref().map(web_sys::AbortController::signal)
    }
}

impl Default for PendingPrompt {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for PendingPrompt {
    fn drop(&mut self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}
