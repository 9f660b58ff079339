//! The flow context: the current transaction and everything that moves it.
//!
//! Shape (conventions "State in the app"): one `Copy` struct of signals read
//! through [`use_flow`]; the current transaction lives in one signal; a
//! `LocalResource` starts or resumes the flow; an `Action::new_local`
//! submits a step. Invariants:
//! - at most one user-initiated request runs at a time (the action's
//!   `pending` guards every dispatch), so a double submit is impossible;
//! - a poll answer is applied only if nothing else changed the state since the
//!   poll was sent (`epoch`), so a late poll never undoes the user's choice;
//! - `phase` notifies only when it changes, so a poll that keeps the step
//!   never re-runs the screen (its poll loop, timers and the user's focus stay);
//! - a network or server failure never replaces the transaction: the screen,
//!   and what the user typed, stay; the failed intent is kept for "retry";
//! - introspect only reads, so a failed one is retried by itself (after 1 s,
//!   then 2 s) before the user is asked to retry;
//! - a redirect callback (checked against the saved `state` by the callback
//!   page) is taken by the next start exactly once: a code is redeemed
//!   without introspecting, a magic link's OTP is submitted only to the
//!   email challenge it belongs to.

use idx_core::{
    CodeVerifier, IdxOutcome, InputError, Message, Nonce, OAuthState, RedirectCallback, Request,
    ResponseError, SecretString, Status, StepName, Transaction, Values, interact_request,
    introspect_request, parse_idx_response, parse_interact_response,
};
use leptos::prelude::*;

use crate::app::use_config;
use crate::components::messages::{Level, Notice};
use crate::config::AppConfig;
use crate::crypto;
use crate::http::{BrowserTransport, NetworkError, Transport};
use crate::i18n::{I18n, use_i18n};
use crate::meta::{self, SavedFlow};
use crate::session;
use crate::tokens;
use std::rc::Rc;

/// The email challenge's code input (idx-core's name for `credentials.passcode`).
const MAGIC_LINK_INPUT: &str = "verificationCode";

/// What the login page shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// No flow yet, or `/interact` + introspect running.
    Starting,
    /// Starting failed (network, server): show why and offer a retry.
    StartFailed,
    /// A PENDING transaction: render its step.
    Step,
    /// TERMINAL: messages and a way to start over.
    Terminal,
    /// The transaction expired: messages and a way to start over.
    Expired,
    /// SUCCESS: exchanging the code and verifying tokens.
    Finishing,
    /// Signed in; navigating away.
    Done,
}

/// Something the user (or the poll loop) asked the flow to do.
#[derive(Debug, Clone)]
pub enum Intent {
    /// Submit a step with values.
    Step(StepName, Values),
    /// Run an action by name (`currentAuthenticator-resend`...).
    Action(String),
    /// Resend (push after rejection, email code).
    Resend,
    /// Cancel the transaction, then start a new one.
    Cancel,
}

/// Why a request did not produce a new state.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FlowError {
    /// No response at all.
    #[error("We couldn't reach the sign-in service. Check your connection and try again.")]
    Network,
    /// Rate limited.
    #[error("Too many attempts. Please wait a minute, then try again.")]
    RateLimited,
    /// A 5xx or a body that is not a sign-in state.
    #[error("The sign-in service had a problem (HTTP {0}). Please try again.")]
    Server(u16),
    /// The org or app is set up wrongly (OAuth error from `/interact`).
    #[error("Sign-in is not available: {0}")]
    Setup(String),
    /// The values did not fit the step (caught before sending).
    #[error("{0}")]
    Input(String),
    /// Tokens could not be obtained.
    #[error("{0}")]
    Tokens(String),
    /// Tokens arrived but failed verification (the reason is technical).
    #[error("We could not verify your sign-in ({0}). You have not been signed in.")]
    Unverified(String),
    /// The browser cannot do what is needed (storage, crypto).
    #[error("{0}")]
    Browser(String),
    /// The answer named a URL the app will not use (idx-core's URL policy);
    /// nothing in it was used. Holds the log-safe refusal.
    #[error("untrusted answer: {0}")]
    Untrusted(String),
}

impl FlowError {
    /// What to tell the user, in the page's language (`Display` is the
    /// English text, for logs and tests).
    pub fn message(&self, i18n: &I18n) -> String {
        match self {
            Self::Network => i18n.t("error.network"),
            Self::RateLimited => i18n.t("error.rate_limited"),
            Self::Server(status) => i18n.f("error.server", &[("status", &status.to_string())]),
            Self::Setup(reason) => i18n.f("error.setup", &[("reason", reason)]),
            Self::Unverified(reason) => i18n.f("tokens.invalid", &[("reason", reason)]),
            Self::Input(text) | Self::Tokens(text) | Self::Browser(text) => text.clone(),
            Self::Untrusted(_) => i18n.t("error.untrusted"),
        }
    }

    /// Whether trying the same request again can help.
    pub fn retryable(&self) -> bool {
        matches!(self, Self::Network | Self::RateLimited | Self::Server(_))
    }
}

impl From<NetworkError> for FlowError {
    fn from(_: NetworkError) -> Self {
        Self::Network
    }
}

impl From<ResponseError> for FlowError {
    fn from(e: ResponseError) -> Self {
        if e.is_rate_limited() {
            return Self::RateLimited;
        }
        match e {
            ResponseError::OAuth {
                error, description, ..
            } => Self::Setup(description.unwrap_or(error)),
            ResponseError::UntrustedUrl(refusal) => {
                // For whoever runs the org: which URL, by origin or scheme
                // only (the refusal never holds a path or query).
                web_sys::console::warn_1(&format!("sign-in: {refusal}").into());
                Self::Untrusted(refusal.to_string())
            }
            other => Self::Server(other.status().unwrap_or(0)),
        }
    }
}

impl From<InputError> for FlowError {
    fn from(e: InputError) -> Self {
        Self::Input(e.to_string())
    }
}

/// The flow context. `Copy`: pass it freely into closures.
#[derive(Clone, Copy)]
pub struct Flow {
    /// The current transaction (the latest IDX state that applies).
    pub tx: RwSignal<Option<Transaction>>,
    /// What the login page shows.
    pub phase: RwSignal<Phase>,
    /// The app's own notices (failures, "session expired, started again").
    pub notices: RwSignal<Vec<Notice>>,
    /// Messages of an expired transaction (for the expired screen).
    pub expired_messages: RwSignal<Vec<Message>>,
    /// The intent to repeat when the user presses "Try again".
    pub retry: RwSignal<Option<Intent>>,
    /// Bumped whenever a new state is applied by a submit (not by a poll):
    /// screens re-render on it, polls check it before applying.
    pub revision: RwSignal<u64>,
    /// Bumped on every applied state (submits and polls).
    epoch: RwSignal<u64>,
    /// Starts (or restarts) the flow; 0 = not started.
    generation: RwSignal<u32>,
    /// Set once the request that returns the first state (introspect) is on
    /// the wire: the root defers building the router until then, so that
    /// work overlaps the network instead of delaying the request.
    pub first_state_requested: RwSignal<bool>,
    /// Submits an intent. `pending` is the busy state of every button.
    pub submit: Action<Intent, ()>,
    /// Start or resume; `None` until the login page asks.
    pub start: LocalResource<()>,
    /// Same-origin path to open after sign-in.
    pub return_to: RwSignal<String>,
    /// What the user typed in the current step, kept when the same step
    /// comes back (wrong code) and dropped when the step changes.
    pub typed: RwSignal<std::collections::HashMap<String, String>>,
    /// A redirect callback for the next start to finish (taken once).
    callback: StoredValue<Option<RedirectCallback>>,
    config: StoredValue<AppConfig>,
    transport: StoredValue<Rc<dyn Transport>, LocalStorage>,
    /// The language of the notices this flow writes.
    i18n: I18n,
}

impl std::fmt::Debug for Flow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Flow").finish_non_exhaustive()
    }
}

/// Creates the flow context with the browser transport and provides it.
/// Call once at the root of the routes.
pub fn provide_flow() -> Flow {
    provide_flow_with(Rc::new(BrowserTransport))
}

/// Creates and provides the flow context with a given transport (tests
/// pass a recorder).
pub fn provide_flow_with(transport: Rc<dyn Transport>) -> Flow {
    let config = use_config();
    let tx = RwSignal::new(None::<Transaction>);
    let phase = RwSignal::new(Phase::Starting);
    let notices = RwSignal::new(Vec::new());
    let expired_messages = RwSignal::new(Vec::new());
    let retry = RwSignal::new(None);
    let revision = RwSignal::new(0);
    let epoch = RwSignal::new(0);
    let generation = RwSignal::new(0u32);
    let first_state_requested = RwSignal::new(false);
    let return_to = RwSignal::new("/".to_owned());

    // The action and the resource need the finished context; build it in two
    // steps through a cell that both closures read at run time.
    let cell: StoredValue<Option<Flow>> = StoredValue::new(None);

    let submit = Action::new_local(move |intent: &Intent| {
        let intent = intent.clone();
        async move {
            if let Some(flow) = cell.get_value() {
                flow.run_intent(intent).await;
            }
        }
    });

    let start_config = config.clone();
    let start = LocalResource::new(move || {
        let gen_now = generation.get();
        let config = start_config.clone();
        async move {
            if gen_now == 0 {
                return;
            }
            if let Some(flow) = cell.get_value() {
                flow.start_or_resume(&config).await;
            }
        }
    });

    let flow = Flow {
        tx,
        phase,
        notices,
        expired_messages,
        retry,
        revision,
        epoch,
        generation,
        first_state_requested,
        submit,
        start,
        return_to,
        typed: RwSignal::new(std::collections::HashMap::new()),
        callback: StoredValue::new(None),
        config: StoredValue::new(config),
        transport: StoredValue::new_local(transport),
        i18n: use_i18n(),
    };
    cell.set_value(Some(flow));
    provide_context(flow);
    flow
}

/// The flow context (panics outside [`provide_flow`]'s subtree).
pub fn use_flow() -> Flow {
    expect_context::<Flow>()
}

impl Flow {
    /// Starts the flow unless it already runs (called by the login page).
    pub fn ensure_started(self, return_to: Option<String>) {
        if let Some(path) = return_to.and_then(|p| session::safe_return_path(&p)) {
            self.return_to.set(path);
        }
        if self.generation.get_untracked() == 0 {
            self.generation.set(1);
        }
    }

    /// Moves to `phase`, notifying only on a change: a poll that keeps the
    /// step must not re-run the screen (that would restart its poll loop and
    /// timers and move focus back to the top on every poll).
    fn set_phase(self, phase: Phase) {
        if self.phase.with_untracked(|now| *now != phase) {
            self.phase.set(phase);
        }
    }

    /// Continues the saved transaction from a redirect callback whose `state`
    /// matched it: redeems an interaction code, submits a magic link's OTP,
    /// or (more remediation needed) resumes it.
    pub fn continue_from_callback(self, callback: RedirectCallback) {
        let phase = match callback {
            RedirectCallback::Code(_) => Phase::Finishing,
            _ => Phase::Starting,
        };
        self.callback.set_value(Some(callback));
        self.tx.set(None);
        self.retry.set(None);
        self.notices.set(Vec::new());
        self.set_phase(phase);
        self.generation.update(|g| *g += 1);
    }

    /// Forgets the current transaction and starts a new one.
    pub fn restart(self) {
        meta::clear();
        self.tx.set(None);
        self.retry.set(None);
        self.set_phase(Phase::Starting);
        self.generation.update(|g| *g += 1);
    }

    /// Dispatches an intent unless a request is already running.
    pub fn dispatch(self, intent: Intent) {
        if self.submit.pending().get_untracked() {
            return;
        }
        self.submit.dispatch_local(intent);
    }

    /// Repeats the last failed request (or restarts a failed start).
    pub fn retry_now(self) {
        if self.phase.get_untracked() == Phase::StartFailed {
            self.notices.set(Vec::new());
            self.set_phase(Phase::Starting);
            self.generation.update(|g| *g += 1);
            return;
        }
        if let Some(intent) = self.retry.get_untracked() {
            self.dispatch(intent);
        }
    }

    async fn start_or_resume(self, config: &AppConfig) {
        self.set_phase(Phase::Starting);
        match self.try_start(config).await {
            Ok(()) => {}
            Err(err) => {
                self.notices.set(vec![Notice {
                    level: Level::Error,
                    text: err.message(&self.i18n),
                }]);
                self.set_phase(Phase::StartFailed);
            }
        }
    }

    async fn try_start(self, config: &AppConfig) -> Result<(), FlowError> {
        let client = config.client();
        let callback = self.callback.try_update_value(Option::take).flatten();
        if let Some(saved) = meta::load(config) {
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
            let request = introspect_request(&client, &saved.tx.interaction_handle);
            let outcome = self.introspect_first(&request).await?;
            match outcome {
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

        let browser = |e: crypto::CryptoError| FlowError::Browser(e.to_string());
        let verifier = CodeVerifier::from_random_bytes(&crypto::random_bytes(32).map_err(browser)?)
            .map_err(|e| FlowError::Browser(e.to_string()))?;
        let state = OAuthState::new(crypto::random_token(32).map_err(browser)?);
        let nonce = Nonce::new(crypto::random_token(32).map_err(browser)?);
        let req = interact_request(&client, &verifier, &state, &nonce);
        let resp = self.transport().send(&req).await?;
        let handle = parse_interact_response(
            resp.status,
            resp.content_type.as_deref(),
            resp.body.as_bytes(),
        )?;
        let saved = SavedFlow {
            tx: idx_core::TransactionMeta {
                issuer: config.issuer.clone(),
                client_id: config.client_id.clone(),
                redirect_uri: config.redirect_uri.clone(),
                scopes: config.scopes.clone(),
                code_verifier: verifier,
                state,
                nonce,
                interaction_handle: handle.clone(),
                expires_at: None,
            },
            return_to: self.return_to.get_untracked(),
            created_at: session::now_secs(),
        };
        meta::save(&saved).map_err(|e| FlowError::Browser(e.to_string()))?;
        match self
            .introspect_first(&introspect_request(&client, &handle))
            .await?
        {
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

    async fn run_intent(self, intent: Intent) {
        let Some(current) = self.tx.get_untracked() else {
            return;
        };
        let request = match &intent {
            Intent::Step(step, values) => current.proceed_request(step, values),
            Intent::Action(name) => current.action_request(name),
            Intent::Resend => current.resend_request(),
            Intent::Cancel => current.cancel_request(),
        };
        let request = match request {
            Ok(r) => r,
            Err(e) if matches!(intent, Intent::Cancel) => {
                // Nothing to cancel at the server: just start over.
                let _ = e;
                self.restart();
                return;
            }
            Err(e) => {
                self.fail(FlowError::from(e), None);
                return;
            }
        };
        match self.send_idx(&request).await {
            Ok(_) if matches!(intent, Intent::Cancel) => {
                // auth-js semantics: a canceled transaction is over; the
                // state cancel returns is ignored and a new one starts.
                self.notices.set(Vec::new());
                self.restart();
            }
            Ok(IdxOutcome::Transaction(t)) => {
                self.retry.set(None);
                self.notices.set(Vec::new());
                let resent = matches!(intent, Intent::Resend) && t.request_succeeded;
                let email = t
                    .next_step
                    .as_ref()
                    .and_then(|s| s.authenticator.as_ref())
                    .is_some_and(|a| a.key.as_deref() == Some("okta_email"));
                self.apply(*t, true).await;
                if resent {
                    self.notices.set(vec![Notice {
                        level: Level::Success,
                        text: self.i18n.t(if email {
                            "flow.email_resent"
                        } else {
                            "flow.resent"
                        }),
                    }]);
                }
            }
            Ok(IdxOutcome::Expired { messages }) => self.expire(messages),
            Ok(_) => self.fail(FlowError::Server(0), Some(intent)),
            Err(e) => {
                let retry = e.retryable().then_some(intent);
                self.fail(e, retry);
            }
        }
    }

    /// One poll of the current poll step. `Ok(true)` while the caller should
    /// keep polling (the state still polls).
    pub async fn poll_once(self) -> Result<bool, FlowError> {
        let Some(current) = self.tx.get_untracked() else {
            return Ok(false);
        };
        let sent_at = self.epoch.get_untracked();
        let request = current.poll_request()?;
        let outcome = self.send_idx(&request).await?;
        if self.epoch.get_untracked() != sent_at || self.submit.pending().get_untracked() {
            // The user acted meanwhile; this answer is stale.
            return Ok(false);
        }
        match outcome {
            IdxOutcome::Transaction(t) => {
                let same_step = t.next_step.as_ref().map(|s| &s.name)
                    == current.next_step.as_ref().map(|s| &s.name)
                    && t.status == Status::Pending;
                // A poll that keeps the same step updates data (number
                // challenge) without re-rendering the screen.
                self.apply(*t, !same_step).await;
                Ok(same_step)
            }
            IdxOutcome::Expired { messages } => {
                self.expire(messages);
                Ok(false)
            }
            _ => Err(FlowError::Server(0)),
        }
    }

    /// The transport every request of this flow goes through.
    pub fn transport(self) -> Rc<dyn Transport> {
        self.transport.get_value()
    }

    async fn send_idx(self, request: &Request) -> Result<IdxOutcome, FlowError> {
        let resp = self.transport().send(request).await?;
        if resp.status >= 500 && !resp.body.contains("\"version\"") {
            return Err(FlowError::Server(resp.status));
        }
        let outcome = parse_idx_response(
            resp.status,
            resp.content_type.as_deref(),
            resp.body.as_bytes(),
        )?;
        // Every URL in the answer must pass the policy before any is used.
        let outcome = idx_core::vet_outcome(&self.config.get_value().issuer, outcome)?;
        // A 429/5xx whose body is only a message (no remediation) is not the
        // end of the transaction: the state before it still applies (doc §4.5).
        if let IdxOutcome::Transaction(t) = &outcome
            && t.is_transient_failure()
        {
            return Err(if t.http_status == 429 {
                FlowError::RateLimited
            } else {
                FlowError::Server(t.http_status)
            });
        }
        Ok(outcome)
    }

    /// [`Self::introspect`] for the flow's first state: marks it requested
    /// once the request has been sent (the fetch starts on the first poll).
    async fn introspect_first(self, request: &Request) -> Result<IdxOutcome, FlowError> {
        use std::task::Poll;
        let mut pending = std::pin::pin!(self.introspect(request));
        // Poll once (this sends the request), then say so, then wait.
        let first = std::future::poll_fn(|cx| Poll::Ready(pending.as_mut().poll(cx))).await;
        self.first_state_requested.set(true);
        match first {
            Poll::Ready(done) => done,
            Poll::Pending => pending.await,
        }
    }

    /// Sends an introspect, retrying retryable failures by itself (1 s, then
    /// 2 s): it changes nothing at the server, so repeating it is safe.
    async fn introspect(self, request: &Request) -> Result<IdxOutcome, FlowError> {
        let mut delay_ms = 1000;
        let mut attempt = 1;
        loop {
            match self.send_idx(request).await {
                Err(e) if e.retryable() && attempt < 3 => {
                    crate::timer::sleep(delay_ms).await;
                    delay_ms *= 2;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    fn fail(self, err: FlowError, retry: Option<Intent>) {
        self.notices
            .set(vec![Notice::error(err.message(&self.i18n))]);
        self.retry.set(retry);
    }

    fn expire(self, messages: Vec<Message>) {
        meta::clear();
        self.tx.set(None);
        self.typed.set(std::collections::HashMap::new());
        self.expired_messages.set(messages);
        self.retry.set(None);
        self.set_phase(Phase::Expired);
        self.bump(true);
    }

    fn bump(self, rerender: bool) {
        self.epoch.update(|e| *e += 1);
        if rerender {
            self.revision.update(|r| *r += 1);
        }
    }

    async fn apply(self, t: Transaction, rerender: bool) {
        let status = t.status;
        let code = t.interaction_code.clone();
        let same_step = self.tx.with_untracked(|old| {
            old.as_ref()
                .and_then(|o| o.next_step.as_ref())
                .map(|s| &s.name)
                == t.next_step.as_ref().map(|s| &s.name)
        });
        if !same_step {
            self.typed.set(std::collections::HashMap::new());
        }
        self.tx.set(Some(t));
        self.bump(rerender);
        match status {
            Status::Pending => self.set_phase(Phase::Step),
            Status::Terminal | Status::Failure => {
                meta::clear();
                self.set_phase(Phase::Terminal);
            }
            Status::Canceled => self.restart(),
            Status::Success => {
                self.set_phase(Phase::Finishing);
                let Some(code) = code else {
                    self.set_phase(Phase::Terminal);
                    return;
                };
                self.finish(code).await;
            }
        }
    }

    async fn finish(self, code: idx_core::InteractionCode) {
        let config = self.config.get_value();
        let Some(saved) = meta::load(&config) else {
            self.notices
                .set(vec![Notice::error(self.i18n.t("flow.lost"))]);
            self.set_phase(Phase::Terminal);
            return;
        };
        match tokens::exchange_and_verify(&*self.transport(), &config, &saved.tx, &code).await {
            Ok(stored) => {
                meta::clear();
                if let Err(e) = session::store(&stored) {
                    self.notices.set(vec![Notice::error(e.to_string())]);
                    self.set_phase(Phase::Terminal);
                    return;
                }
                self.return_to.set(saved.return_to.clone());
                self.set_phase(Phase::Done);
            }
            Err(e) => {
                // Never keep tokens that failed verification, nor the flow
                // that produced them: the code is single-use anyway.
                crate::storage::clear_all();
                self.notices.set(vec![Notice::error(e.message(&self.i18n))]);
                self.set_phase(Phase::Terminal);
            }
        }
    }
}
