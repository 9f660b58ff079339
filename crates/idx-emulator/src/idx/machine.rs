//! The step machine: every IDX route loads its transaction by state handle,
//! checks it is alive, hands the request to the step module for the route
//! (and, where two steps share a route, for the step), saves the result and
//! renders it.
//!
//! Invariants: the state handle is looked up before anything else, and an
//! unknown one or an expired transaction answers `401 idx.session.expired`
//! on every route; the transaction is saved (with its lifetime renewed and
//! the state-handle index in step with a rotated handle) before it is
//! rendered, so the answer shows what the store holds; the store lock is
//! taken once per request and never held across an `.await`; every answer
//! is an IDX body with the ion content type.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::flows::{self, Route};
use super::outcome::{Notes, Outcome, not_offered};
use super::view::{self, Ctx};
use super::{
    answer, cancel, challenge, enroll, enroll_required, fastpass, identify, poll, recovery, resend,
};
use crate::config::Config;
use crate::http::{
    BodyError, idx, idx_bad_request, idx_body_error, idx_error_body, message, now_unix,
    parse_object, str_field,
};
use crate::store::{AppState, Step, Store};

/// Which remediation route a request came in on.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    Identify,
    Challenge,
    Answer,
    Poll,
    Resend,
    Cancel,
    Enroll,
    Send,
    Recover,
    Launch,
    PollCancel,
    /// A route of the policy steps and self-service flows.
    Flow(Route),
}

impl Kind {
    /// The route as the flows see it: their own, or a shared one they may
    /// answer in their own steps.
    fn flow_route(self) -> Option<Route> {
        match self {
            Kind::Flow(r) => Some(r),
            Kind::Identify => Some(Route::Identify),
            Kind::Challenge => Some(Route::Challenge),
            Kind::Answer => Some(Route::Answer),
            Kind::Poll => Some(Route::Poll),
            Kind::Resend => Some(Route::Resend),
            _ => None,
        }
    }
}

fn session_expired_unknown() -> Response {
    idx(
        StatusCode::UNAUTHORIZED,
        idx_error_body("idx.session.expired", "The session has expired."),
    )
}

fn render_tx(
    store: &Store,
    config: &Config,
    ih: &str,
    status: StatusCode,
    mut notes: Notes,
) -> Response {
    let Some(tx) = store.transactions.get(ih) else {
        return session_expired_unknown();
    };
    let user = tx.username.as_deref().and_then(|u| store.user(config, u));
    let push = match &tx.step {
        Step::PushPoll { push_id } => store.pushes.get(push_id),
        _ => None,
    };
    if tx.step == Step::PushRejected && notes.global.is_empty() {
        notes.global.push(message(
            "api.authn.poll.error.push_rejected",
            "You have chosen to reject this login.",
            "ERROR",
        ));
    }
    let ctx = Ctx {
        base: &config.base_url,
        tx,
        user: user.as_ref(),
        push,
        refresh_ms: config.poll_refresh_ms,
        username_first: config.username_first,
        idps: &config.idps,
        org: &config.org,
        fastpass: config.fastpass,
        webauthn_timeout_ms: config.webauthn_timeout_ms,
    };
    idx(status, view::render(&ctx, &notes))
}

/// `POST /idp/idx/introspect`: the transaction's current state, by
/// interaction handle or by state handle.
pub(super) async fn introspect(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req = match parse_object(&headers, &body) {
        Ok(m) => m,
        Err(e) => return idx_body_error(&e),
    };
    let config = &app.config;
    let mut store = app.store();
    let ih = if let Some(h) =
        str_field(&req, "interactionHandle").or_else(|| str_field(&req, "interaction_handle"))
    {
        h.to_owned()
    } else if let Some(sh) =
        str_field(&req, "stateToken").or_else(|| str_field(&req, "stateHandle"))
    {
        match store.by_state_handle.get(sh) {
            Some(ih) => ih.clone(),
            None => return session_expired_unknown(),
        }
    } else {
        return idx_bad_request("'interactionHandle' or 'stateToken' is required.");
    };
    let now = now_unix();
    let Some(tx) = store.transactions.get_mut(&ih) else {
        return session_expired_unknown();
    };
    if tx.expires_at <= now {
        return idx(StatusCode::UNAUTHORIZED, view::expired(tx));
    }
    tx.expires_at = now + config.state_lifetime.as_secs();
    render_tx(&store, config, &ih, StatusCode::OK, Notes::default())
}

/// The handler of a remediation route: every one runs the same step machine,
/// told which route the request came in on.
pub(super) fn handler(kind: Kind) -> axum::routing::MethodRouter<AppState> {
    axum::routing::post(
        move |s: State<AppState>, h: HeaderMap, b: Bytes| async move { remediate(s, h, b, kind) },
    )
}

fn remediate(State(app): State<AppState>, headers: HeaderMap, body: Bytes, kind: Kind) -> Response {
    let req = match parse_object(&headers, &body) {
        Ok(m) => m,
        Err(e @ (BodyError::Malformed | BodyError::UnsupportedContentType)) => {
            return idx_body_error(&e);
        }
    };
    let Some(sh) = str_field(&req, "stateHandle").map(str::to_owned) else {
        return idx_bad_request("'stateHandle' is required.");
    };
    let config = &app.config;
    let mut store = app.store();
    let now = now_unix();
    let Some(ih) = store.by_state_handle.get(&sh).cloned() else {
        return session_expired_unknown();
    };
    let Some(mut tx) = store.transactions.get(&ih).cloned() else {
        return session_expired_unknown();
    };
    if tx.expires_at <= now {
        return idx(StatusCode::UNAUTHORIZED, view::expired(&tx));
    }
    let user = tx.username.as_deref().and_then(|u| store.user(config, u));
    let user = user.as_ref();
    let flows = kind
        .flow_route()
        .and_then(|r| flows::dispatch(r, &mut store, config, &mut tx, user, &req, now));
    let outcome = flows.unwrap_or_else(|| match kind {
        // `identify-recovery` posts to the identify route.
        Kind::Identify if tx.step == Step::IdentifyRecovery => {
            recovery::identify_recovery(&store, config, &mut tx, &req)
        }
        Kind::Identify => identify::identify(&mut store, config, &mut tx, &req),
        Kind::Challenge => challenge::challenge(&mut store, config, &mut tx, user, &req),
        Kind::Answer => answer::answer(&mut store, config, &mut tx, user, &req, now),
        Kind::Poll => poll::poll(&mut store, &mut tx, now),
        Kind::Resend => resend::resend(&mut store, &mut tx, user),
        Kind::Cancel => cancel::cancel(&mut store, &mut tx),
        Kind::Enroll if enroll_required::handles(&tx.step) => {
            enroll_required::enroll(&mut store, &mut tx, user, &req)
        }
        Kind::Enroll => enroll::enroll(&config.base_url, &mut tx, user, &req),
        Kind::Send => enroll::send(&config.base_url, &mut tx, user, &req),
        Kind::Recover => recovery::recover(config, &mut tx, user),
        Kind::Launch => fastpass::launch(config, &mut tx),
        Kind::PollCancel => fastpass::cancel(&mut tx, &req),
        Kind::Flow(_) => not_offered(),
    });
    tx.expires_at = now + config.state_lifetime.as_secs();
    // Keep the state-handle index in step with the transaction (cancel rotates it).
    if tx.state_handle != sh {
        store.by_state_handle.remove(&sh);
        store
            .by_state_handle
            .insert(tx.state_handle.clone(), ih.clone());
    }
    store.transactions.insert(ih.clone(), tx);
    match outcome {
        Outcome::Raw(r) => r,
        Outcome::Render(status, notes) => render_tx(&store, config, &ih, status, notes),
    }
}
