//! A small driver that runs the flow over any [`Transport`]: start, resume,
//! proceed, poll, resend, skip, cancel, and the OAuth calls around them.
//!
//! This is the one protocol sequence: the app runs it over the browser's
//! fetch, the emulator tests over reqwest, so what the tests check is what
//! ships.
//!
//! Invariants: the driver holds no flow state (the caller keeps the
//! [`Transaction`] and [`TransactionMeta`]), so it is trivially resumable and
//! testable; a call sends exactly one request, except [`Driver::redeem`]
//! (token, then keys); typed secrets (codes, tokens) go in and come out typed;
//! the transport trait has no `Send` bound, so browser fetch futures fit.

use std::fmt;

use crate::config::ClientConfig;
use crate::error::{InputError, ResponseError, TokenError};
use crate::id_token::{
    ClaimChecks, DEFAULT_SKEW_SECS, IdTokenClaims, SignatureVerifier, verify_id_token,
};
use crate::jwks::{Jwks, parse_jwks};
use crate::meta::TransactionMeta;
use crate::model::{IdxOutcome, StepName, Transaction};
use crate::oauth::{
    TokenResponse, parse_revoke_response, parse_token_response, refresh_request,
    revoke_access_token_request, revoke_refresh_token_request, token_exchange_request,
};
use crate::parse::{parse_idx_response, parse_interact_response};
use crate::pkce::CodeVerifier;
use crate::request::{
    InteractParams, JSON, Method, Request, interact_request_with, introspect_request,
};
use crate::secret::{AccessToken, IdToken, InteractionCode, Nonce, OAuthState, RefreshToken};
use crate::url_policy::vet_outcome;
use crate::values::Values;

/// A response as the transport hands it back.
#[derive(Clone, PartialEq, Eq)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`, if any.
    pub content_type: Option<String>,
    /// Raw body (may hold tokens: never log it).
    pub body: Vec<u8>,
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("body", &format_args!("[{} bytes]", self.body.len()))
            .finish()
    }
}

/// Sends a [`Request`]. The app implements it with `fetch`, native tests with reqwest.
#[allow(
    async_fn_in_trait,
    reason = "browser futures are not Send; no Send bound wanted"
)]
pub trait Transport {
    /// Transport failure (network, CORS...).
    type Error: fmt::Display + fmt::Debug;

    /// Sends one request and returns the response, whatever its status.
    async fn send(&self, request: Request) -> Result<Response, Self::Error>;
}

/// Everything a driver call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DriverError<E: fmt::Display + fmt::Debug> {
    /// The transport failed.
    #[error("transport error: {0}")]
    Transport(E),
    /// A value was refused; nothing was sent.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The server answered with something other than the expected document.
    #[error(transparent)]
    Response(#[from] ResponseError),
    /// Token validation failed.
    #[error(transparent)]
    Token(#[from] TokenError),
}

/// Runs IDX flows for one client configuration over a transport.
#[derive(Debug, Clone)]
pub struct Driver<T> {
    config: ClientConfig,
    transport: T,
}

impl<T: Transport> Driver<T> {
    /// A driver for `config` sending through `transport`.
    pub fn new(config: ClientConfig, transport: T) -> Self {
        Self { config, transport }
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    async fn send(&self, request: Request) -> Result<Response, DriverError<T::Error>> {
        self.transport
            .send(request)
            .await
            .map_err(DriverError::Transport)
    }

    /// Sends an IDX request and parses the answer; a state naming a URL the
    /// [`UrlPolicy`](crate::UrlPolicy) refuses is an error, so no caller can use it.
    async fn send_idx(&self, request: Request) -> Result<IdxOutcome, DriverError<T::Error>> {
        let r = self.send(request).await?;
        let outcome = parse_idx_response(r.status, r.content_type.as_deref(), &r.body)?;
        Ok(vet_outcome(self.config.issuer(), outcome)?)
    }

    /// Starts a transaction at `/interact` (protocol doc §1) and returns the
    /// meta to save; [`resume`](Self::resume) then fetches the first state.
    /// Two calls, so the caller can save the meta in between (a reload while
    /// introspect runs resumes the same transaction). The caller makes
    /// `verifier`, `state` and `nonce` with a CSPRNG.
    ///
    /// # Errors
    /// Transport failures and OAuth errors (a misconfigured org or client).
    pub async fn interact(
        &self,
        verifier: CodeVerifier,
        state: OAuthState,
        nonce: Nonce,
    ) -> Result<TransactionMeta, DriverError<T::Error>> {
        self.interact_with(verifier, state, nonce, InteractParams::default())
            .await
    }

    /// [`interact`](Self::interact) with the optional `/v1/interact`
    /// parameters (an activation or recovery link's token, `max_age`,
    /// `acr_values`; protocol doc §8.8), which the returned meta keeps.
    ///
    /// # Errors
    /// Transport failures and OAuth errors (an unusable token is an OAuth
    /// `invalid_request` from `/v1/interact`).
    pub async fn interact_with(
        &self,
        verifier: CodeVerifier,
        state: OAuthState,
        nonce: Nonce,
        params: InteractParams,
    ) -> Result<TransactionMeta, DriverError<T::Error>> {
        let r = self
            .send(interact_request_with(
                &self.config,
                &verifier,
                &state,
                &nonce,
                &params,
            ))
            .await?;
        let handle = parse_interact_response(r.status, r.content_type.as_deref(), &r.body)?;
        Ok(TransactionMeta {
            issuer: self.config.issuer().to_owned(),
            client_id: self.config.client_id.clone(),
            redirect_uri: self.config.redirect_uri.clone(),
            scopes: self.config.scopes.clone(),
            code_verifier: verifier,
            state,
            nonce,
            interaction_handle: handle,
            interact: params,
        })
    }

    /// Fetches the current state of a saved transaction (introspect by
    /// interaction handle, protocol doc §7).
    ///
    /// # Errors
    /// Transport failures and non-IDX answers.
    pub async fn resume(
        &self,
        meta: &TransactionMeta,
    ) -> Result<IdxOutcome, DriverError<T::Error>> {
        self.send_idx(introspect_request(&self.config, &meta.interaction_handle))
            .await
    }

    /// Submits `step` with `values`. After a failed request (4xx with an IDX
    /// body) the returned `next_step` is the submitted step when the new state
    /// still offers it, so its field messages show where the user typed
    /// (okta-auth-js 8.x, protocol doc §6.6).
    ///
    /// # Errors
    /// [`DriverError::Input`] before any request when a value does not fit.
    pub async fn proceed(
        &self,
        tx: &Transaction,
        step: &StepName,
        values: &Values,
    ) -> Result<IdxOutcome, DriverError<T::Error>> {
        let request = tx.proceed_request(step, values)?;
        let outcome = self.send_idx(request).await?;
        Ok(prefer_step(outcome, step))
    }

    /// Polls the current poll step once (protocol doc §3.9). Wait
    /// `next_step.poll.refresh_ms` between calls; stop when the result has no poll.
    ///
    /// # Errors
    /// [`DriverError::Input`] when nothing polls.
    pub async fn poll(&self, tx: &Transaction) -> Result<IdxOutcome, DriverError<T::Error>> {
        self.send_idx(tx.poll_request()?).await
    }

    /// Runs the resend action (or the `resend` remediation), protocol doc §8.4.
    ///
    /// # Errors
    /// [`DriverError::Input`] when nothing can be resent.
    pub async fn resend(&self, tx: &Transaction) -> Result<IdxOutcome, DriverError<T::Error>> {
        self.send_idx(tx.resend_request()?).await
    }

    /// Runs `skip`.
    ///
    /// # Errors
    /// [`DriverError::Input`] when the state cannot skip.
    pub async fn skip(&self, tx: &Transaction) -> Result<IdxOutcome, DriverError<T::Error>> {
        self.send_idx(tx.skip_request()?).await
    }

    /// Stops an Okta FastPass poll with the reason the person gave
    /// (`cancel-polling`, protocol notes §FastPass).
    ///
    /// # Errors
    /// [`DriverError::Input`] when the state has no such action.
    pub async fn cancel_polling(
        &self,
        tx: &Transaction,
        why: crate::PollCancel,
    ) -> Result<IdxOutcome, DriverError<T::Error>> {
        self.send_idx(tx.cancel_polling_request(why)?).await
    }

    /// Runs any action by name.
    ///
    /// # Errors
    /// [`DriverError::Input`] when there is no such action.
    pub async fn action(
        &self,
        tx: &Transaction,
        name: &str,
    ) -> Result<IdxOutcome, DriverError<T::Error>> {
        self.send_idx(tx.action_request(name)?).await
    }

    /// Cancels the transaction (protocol doc §3.10). The answer (a fresh
    /// start state) is reported as CANCELED, as okta-auth-js does; delete the
    /// saved meta and start anew next time.
    ///
    /// # Errors
    /// Transport failures and non-IDX answers.
    pub async fn cancel(&self, tx: &Transaction) -> Result<IdxOutcome, DriverError<T::Error>> {
        Ok(match self.send_idx(tx.cancel_request()?).await? {
            IdxOutcome::Transaction(t) => IdxOutcome::Transaction(Box::new(t.into_canceled())),
            other => other,
        })
    }

    /// Exchanges the interaction code for tokens (protocol doc §3.11).
    ///
    /// # Errors
    /// OAuth errors such as `invalid_grant`.
    pub async fn exchange(
        &self,
        meta: &TransactionMeta,
        code: &InteractionCode,
    ) -> Result<TokenResponse, DriverError<T::Error>> {
        let r = self
            .send(token_exchange_request(
                &self.config,
                code,
                &meta.code_verifier,
            ))
            .await?;
        Ok(parse_token_response(
            r.status,
            r.content_type.as_deref(),
            &r.body,
        )?)
    }

    /// Uses a refresh token (RFC 6749 §6).
    ///
    /// # Errors
    /// OAuth errors such as `invalid_grant` for a revoked token.
    pub async fn refresh(
        &self,
        token: &RefreshToken,
    ) -> Result<TokenResponse, DriverError<T::Error>> {
        let r = self.send(refresh_request(&self.config, token)).await?;
        Ok(parse_token_response(
            r.status,
            r.content_type.as_deref(),
            &r.body,
        )?)
    }

    /// Revokes a refresh token (RFC 7009). Revoke it before the access
    /// token, as okta-auth-js does.
    ///
    /// # Errors
    /// The server's error.
    pub async fn revoke_refresh_token(
        &self,
        token: &RefreshToken,
    ) -> Result<(), DriverError<T::Error>> {
        self.revoke(revoke_refresh_token_request(&self.config, token))
            .await
    }

    /// Revokes an access token (RFC 7009).
    ///
    /// # Errors
    /// The server's error.
    pub async fn revoke_access_token(
        &self,
        token: &AccessToken,
    ) -> Result<(), DriverError<T::Error>> {
        self.revoke(revoke_access_token_request(&self.config, token))
            .await
    }

    async fn revoke(&self, request: Request) -> Result<(), DriverError<T::Error>> {
        let r = self.send(request).await?;
        Ok(parse_revoke_response(
            r.status,
            r.content_type.as_deref(),
            &r.body,
        )?)
    }

    /// Fetches the JWKS from `{base}/v1/keys`.
    ///
    /// # Errors
    /// Transport failures and non-JWKS answers.
    pub async fn jwks(&self) -> Result<Jwks, DriverError<T::Error>> {
        let r = self
            .send(Request {
                method: Method::Get,
                url: self.config.keys_url(),
                headers: vec![("Accept".into(), JSON.into())],
                body: None,
                with_credentials: false,
            })
            .await?;
        Ok(parse_jwks(r.status, r.content_type.as_deref(), &r.body)?)
    }

    /// Finishes a successful transaction: exchanges the interaction code
    /// ([`exchange`](Self::exchange)), fetches the keys ([`jwks`](Self::jwks))
    /// and verifies the ID token's signature with `verifier` and its claims
    /// (issuer, audience, expiry and issue time at `now` with
    /// [`DEFAULT_SKEW_SECS`], the transaction's nonce, `azp`, and `at_hash`
    /// against the access token issued with it). Tokens come back
    /// only when all of that holds.
    ///
    /// # Errors
    /// OAuth errors from `/token` (e.g. `invalid_grant`), a token response
    /// without an ID token, and every [`TokenError`] of the check.
    pub async fn redeem<V: SignatureVerifier>(
        &self,
        meta: &TransactionMeta,
        code: &InteractionCode,
        verifier: &V,
        now: i64,
    ) -> Result<VerifiedTokens, DriverError<T::Error>> {
        let tokens = self.exchange(meta, code).await?;
        let id_token = tokens
            .id_token
            .ok_or(TokenError::MissingToken("id_token"))?;
        let jwks = self.jwks().await?;
        let checks = ClaimChecks {
            issuer: self.config.issuer(),
            client_id: &self.config.client_id,
            nonce: Some(&meta.nonce),
            access_token: Some(&tokens.access_token),
            now,
            skew: DEFAULT_SKEW_SECS,
        };
        let claims = verify_id_token(&id_token, &jwks, verifier, &checks).await?;
        Ok(VerifiedTokens {
            access_token: tokens.access_token,
            id_token,
            refresh_token: tokens.refresh_token,
            expires_in: tokens.expires_in,
            scope: tokens.scope,
            claims,
        })
    }
}

/// Tokens whose ID token was verified by [`Driver::redeem`]. `Debug` is
/// redacted through the secret newtypes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedTokens {
    /// The access token.
    pub access_token: AccessToken,
    /// The verified ID token (the compact JWS, needed again at logout).
    pub id_token: IdToken,
    /// The refresh token, when `offline_access` was granted.
    pub refresh_token: Option<RefreshToken>,
    /// Lifetime of the access token in seconds, if the server said.
    pub expires_in: Option<u64>,
    /// Granted scopes, space-separated.
    pub scope: Option<String>,
    /// The ID token's verified claims.
    pub claims: IdTokenClaims,
}

/// After a failed request, show the step that was submitted if it is still offered.
fn prefer_step(outcome: IdxOutcome, submitted: &StepName) -> IdxOutcome {
    match outcome {
        IdxOutcome::Transaction(mut t) if !t.request_succeeded && t.next_step.is_some() => {
            if let Some(step) = t.step(submitted).cloned() {
                t.next_step = Some(step);
            }
            IdxOutcome::Transaction(t)
        }
        other => other,
    }
}
