//! A sans-IO client for Okta Identity Engine's IDX protocol.
//!
//! The crate turns intent into [`Request`] values and response bytes into a
//! typed [`Transaction`]; it never performs I/O, reads a clock or makes
//! random numbers (the caller passes PKCE verifier, state, nonce and "now").
//! The protocol it follows is described in the team's protocol reference,
//! `../shared/docs/idx-protocol.md` beside the repository ("protocol doc" in the
//! rustdoc, with section numbers).
//!
//! A typical flow:
//! 1. [`interact_request`] → [`parse_interact_response`] gives an [`InteractionHandle`];
//! 2. [`introspect_request`] → [`parse_idx_response`] gives the first [`Transaction`];
//! 3. [`Transaction::proceed_request`] with [`Values`] for the shown [`NextStep`],
//!    then [`parse_idx_response`] again, until [`Status::Success`];
//! 4. [`token_exchange_request`] redeems the [`InteractionCode`]; [`verify_id_token`]
//!    checks the ID token through the app's [`SignatureVerifier`].
//!
//! [`Driver`] runs these steps over any [`Transport`].
//!
//! Invariants for the whole crate: no `std::time`, no threads, no I/O (it
//! builds for `wasm32-unknown-unknown`); secrets are newtypes whose `Debug`
//! is redacted; IDX messages are data, not errors.

#![warn(missing_docs)]

mod callback;
mod config;
mod driver;
mod encoding;
mod error;
mod fastpass;
mod http_url;
mod id_token;
mod jwks;
mod meta;
mod model;
mod oauth;
mod parse;
mod password;
mod phone;
mod pkce;
mod remediate;
mod request;
mod secret;
mod steps;
mod url_policy;
mod values;
mod webauthn;
mod wire;

pub use callback::{CallbackError, RedirectCallback, parse_redirect_callback};
pub use config::ClientConfig;
pub use driver::{Driver, DriverError, Response, Transport, VerifiedTokens};
pub use error::{InputError, ResponseError, TokenError};
pub use fastpass::{PollCancel, loopback_challenge_request, loopback_probe_request};
pub use http_url::{Host, HttpUrl, Origin, Scheme, UrlError, origin_of};
pub use id_token::{
    ACCEPTED_ALG, ClaimChecks, DEFAULT_SKEW_SECS, DecodedIdToken, IdTokenClaims, JwsHeader,
    SignatureVerifier, at_hash, decode_id_token, validate_claims, verify_id_token,
};
pub use jwks::{Jwk, Jwks, parse_jwks};
pub use meta::TransactionMeta;
pub use model::webauthn::{
    ActivationData, AuthenticatorSelection, ChallengeData, CreationOptions, CredentialDescriptor,
    DEFAULT_DISPLAY_NAME, PASSKEYS_DISPLAY_NAME, RelyingParty, RequestOptions, UserEntity,
    WebAuthnVariant, decode_base64url, encode_base64,
};
pub use model::{
    App, Authenticator, AuthenticatorOption, CAPTCHA_TOKEN_INPUT, Captcha, CaptchaKind,
    ChallengeMethod, DeviceChallenge, DuoFrame, Ending, Forms, IdxOutcome, Input, InputKind,
    InputOption, InputValue, Message, MessageClass, MessageLink, NextStep, PhoneProfile, Poll,
    RequestInfo, Scope, SecurityQuestion, Status, StepName, Transaction, User,
};
pub use oauth::{
    TokenResponse, TokenTypeHint, parse_revoke_response, parse_token_response, refresh_request,
    revoke_access_token_request, revoke_refresh_token_request, revoke_request, sign_out_url,
    token_exchange_request,
};
pub use parse::{IDX_VERSION, SESSION_EXPIRED_KEY, parse_idx_response, parse_interact_response};
pub use password::{PasswordOwner, PasswordRule, PasswordRules};
pub use phone::{PhoneNumberError, e164_phone_number};
pub use pkce::CodeVerifier;
pub use request::{
    FORM_URLENCODED, ION_JSON, InteractParams, JSON, Method, Request, interact_request,
    interact_request_with, introspect_request, introspect_state_request,
};
pub use secret::{
    AccessToken, ActivationToken, ChallengeRequest, DuoToken, IdToken, InteractionCode,
    InteractionHandle, Nonce, OAuthState, RecoveryToken, RefreshToken, SecretString, SharedSecret,
    StateHandle,
};
pub use url_policy::{UrlPolicy, UrlRefusal, UrlUse, vet_outcome};
pub use values::{Value, Values};
pub use webauthn::{AssertionResult, AttestationResult};
