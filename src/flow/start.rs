//! Starting the flow: resume the saved transaction (introspect), or start a
//! new one (`/interact`, save, introspect); and the redirect callback that
//! the callback page hands over (a code to redeem, a magic link's OTP).
//!
//! Invariants: the meta is saved as soon as `/interact` answered, before
//! introspect, so a reload meanwhile resumes the same transaction; introspect
//! is retried by itself (1 s, then 2 s) since it changes nothing at the
//! server; a code from a callback is redeemed without introspecting; a magic
//! link's OTP is submitted only to the email challenge; an activation or
//! reset link's token goes to `/interact` once, and a saved transaction
//! started without it (or with another) is not resumed.

use std::task::Poll;

use idx_core::{
    CodeVerifier, IdxOutcome, Nonce, OAuthState, RedirectCallback, SecretString, Status, StepName,
    TransactionMeta, Values,
};
use leptos::prelude::*;

use super::context::{Flow, Intent, Phase};
use super::error::FlowError;
use crate::crypto;
use crate::meta::{self, SavedFlow};
use crate::notice::Notice;
use crate::session;

/// The email challenge's code input (idx-core's name for `credentials.passcode`).
const MAGIC_LINK_INPUT: &str = "verificationCode";

/// Introspect attempts before a failure is shown (waits 1 s, then 2 s).
const INTROSPECT_ATTEMPTS: u32 = 3;

impl Flow {
    /// Runs one start (the start resource calls it); a failure is shown with
    /// a retry.
    pub(super) async fn start_or_resume(self) {
        self.set_phase(Phase::Starting);
        if let Err(err) = self.try_start().await {
            self.notices
                .set(vec![Notice::error(err.message(&self.i18n))]);
            self.set_phase(if matches!(err, FlowError::LinkRefused(_)) {
                Phase::LinkRefused
            } else {
                Phase::StartFailed
            });
        }
    }

    async fn try_start(self) -> Result<(), FlowError> {
        let config = self.config.get_value();
        let callback = self.callback.try_update_value(Option::take).flatten();
        // An activation or reset link's token (taken once): a link other
        // than the saved transaction's starts a new one.
        let link = crate::link_token::take_pending();
        if !link.is_empty() && meta::load(&config).is_some_and(|s| !s.tx.started_with(&link)) {
            meta::clear();
        }
        if let Some(saved) = meta::load(&config) {
            self.return_to.set(saved.return_to.clone());
            let otp = match callback {
                Some(RedirectCallback::Code(code)) => {
                    self.first_state_requested.set(true);
                    self.set_phase(Phase::Finishing);
                    self.finish(code).await;
                    return Ok(());
                }
                Some(RedirectCallback::Otp(otp)) => Some(otp),
                _ => None,
            };
            match self.introspect_first(&saved.tx).await? {
                IdxOutcome::Expired { .. } => {
                    // A reload after the transaction died: start a new one and say so.
                    meta::clear();
                    self.notices
                        .set(vec![Notice::info(self.i18n.t("flow.restarted"))]);
                }
                IdxOutcome::Transaction(t) => {
                    self.apply(*t, true).await;
                    if let Some(otp) = otp {
                        self.submit_magic_link(otp);
                    }
                    return Ok(());
                }
                _ => meta::clear(),
            }
        } else {
            self.notices.set(Vec::new());
        }

        let (verifier, state, nonce) = fresh_secrets()?;
        let with_link = !link.is_empty();
        let tx = self
            .driver()
            .interact_with(verifier, state, nonce, link)
            .await
            .map_err(|e| match FlowError::from(e) {
                // Okta refused the link's token (expired, used): say so; "Try
                // again" then starts a plain sign-in (the token was taken).
                FlowError::Setup(reason) if with_link => FlowError::LinkRefused(reason),
                other => other,
            })?;
        let saved = SavedFlow {
            tx,
            return_to: self.return_to.get_untracked(),
            created_at: session::now_secs(),
        };
        meta::save(&saved).map_err(|e| FlowError::Browser(e.to_string()))?;
        match self.introspect_first(&saved.tx).await? {
            IdxOutcome::Transaction(t) => self.apply(*t, true).await,
            IdxOutcome::Expired { messages } => self.expire(messages),
            _ => return Err(FlowError::Server(0)),
        }
        Ok(())
    }

    /// Submits a magic link's OTP to the email challenge it was sent for;
    /// at any other step, says the link is not needed and shows the step.
    fn submit_magic_link(self, otp: SecretString) {
        let challenge = self.tx.with_untracked(|t| {
            t.as_ref()
                .filter(|t| t.status == Status::Pending)
                .and_then(|t| t.next_step.as_ref())
                .filter(|s| {
                    s.name == StepName::ChallengeAuthenticator
                        && s.authenticator.as_ref().and_then(|a| a.key.as_deref())
                            == Some("okta_email")
                        && s.input(MAGIC_LINK_INPUT).is_some()
                })
                .map(|s| s.name.clone())
        });
        match challenge {
            Some(step) => {
                // Shown in the code field, as if typed: kept if it is refused.
                self.typed.update(|typed| {
                    typed.insert(MAGIC_LINK_INPUT.to_owned(), otp.secret().to_owned());
                });
                let values = Values::new().text(MAGIC_LINK_INPUT, otp.secret());
                self.dispatch(Intent::Step(step, values));
            }
            None => self
                .notices
                .set(vec![Notice::info(self.i18n.t("callback.otp_unused"))]),
        }
    }

    /// [`Self::introspect`] for the flow's first state: marks it requested
    /// once the request has been sent (the fetch starts on the first poll).
    async fn introspect_first(self, meta: &TransactionMeta) -> Result<IdxOutcome, FlowError> {
        let mut pending = std::pin::pin!(self.introspect(meta));
        // Poll once (this sends the request), then say so, then wait.
        let first = std::future::poll_fn(|cx| Poll::Ready(pending.as_mut().poll(cx))).await;
        self.first_state_requested.set(true);
        match first {
            Poll::Ready(done) => done,
            Poll::Pending => pending.await,
        }
    }

    /// Fetches the transaction's current state, retrying retryable failures
    /// by itself (1 s, then 2 s): introspect changes nothing at the server,
    /// so repeating it is safe.
    async fn introspect(self, meta: &TransactionMeta) -> Result<IdxOutcome, FlowError> {
        let driver = self.driver();
        let mut delay_ms = 1000;
        let mut attempt = 1;
        loop {
            match FlowError::idx(driver.resume(meta).await) {
                Err(e) if e.retryable() && attempt < INTROSPECT_ATTEMPTS => {
                    crate::timer::sleep(delay_ms).await;
                    delay_ms *= 2;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }
}

/// PKCE verifier, OAuth state and nonce from the browser's CSPRNG.
fn fresh_secrets() -> Result<(CodeVerifier, OAuthState, Nonce), FlowError> {
    let browser = |e: crypto::CryptoError| FlowError::Browser(e.to_string());
    let verifier = CodeVerifier::from_random_bytes(&crypto::random_bytes(32).map_err(browser)?)
        .map_err(|e| FlowError::Browser(e.to_string()))?;
    let state = OAuthState::new(crypto::random_token(32).map_err(browser)?);
    let nonce = Nonce::new(crypto::random_token(32).map_err(browser)?);
    Ok((verifier, state, nonce))
}
