//! Okta FastPass over loopback: the page asks Okta Verify on `localhost`
//! whether it is there (`GET <base>/probe`) and relays the signed
//! challenge to it (`POST <base>/challenge`), one origin at a time in
//! Okta's order (protocol doc part 2 §6.3).
//!
//! Invariants: requests are built by idx-core and go through the flow's
//! transport, like every other request; a probe waits at most the
//! challenge's `probeTimeoutMillis` (100 ms when unstated), a relayed
//! challenge at most five minutes (Okta Verify may wait for biometrics);
//! a blocked fetch (the shipped Content-Security-Policy allows no
//! `localhost` origin, see SECURITY.md) fails at once and counts as "not
//! there", so the screen moves on to another way instead of waiting.

use futures::future::{Either, select};
use idx_core::{
    DeviceChallenge, Request, Response, Transport, loopback_challenge_request,
    loopback_probe_request,
};

use crate::http::SharedTransport;
use crate::timer;

/// Okta's probe timeout when the challenge states none.
const DEFAULT_PROBE_MS: u32 = 100;

/// How long Okta Verify may take to answer a relayed challenge.
const CHALLENGE_MS: u32 = 300_000;

/// What relaying the challenge came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Relay {
    /// Okta Verify took the challenge: the next poll tells the outcome.
    Answered,
    /// No origin answered (or none could be reached).
    Unreachable,
    /// Okta Verify refused the challenge with this status.
    Refused(u16),
}

/// Sends `request`, giving up after `ms`; `None` on failure or timeout.
async fn send_within(transport: &SharedTransport, request: &Request, ms: u32) -> Option<Response> {
    let sent = Box::pin(transport.send(request.clone()));
    let timeout = Box::pin(timer::sleep(ms));
    match select(sent, timeout).await {
        Either::Left((Ok(response), _)) => Some(response),
        _ => None,
    }
}

/// Probes each loopback origin in turn and relays the challenge to the
/// first that answers (a 503 is another OS user's Okta Verify: next one).
pub(super) async fn relay(transport: SharedTransport, challenge: DeviceChallenge) -> Relay {
    let Some(jwt) = challenge.challenge_request.clone() else {
        return Relay::Unreachable;
    };
    let probe_ms = challenge.probe_timeout_ms.unwrap_or(DEFAULT_PROBE_MS);
    for base in challenge.loopback_bases() {
        let probed = send_within(&transport, &loopback_probe_request(&base), probe_ms).await;
        if !probed.is_some_and(|r| (200..300).contains(&r.status)) {
            continue;
        }
        let request = loopback_challenge_request(&base, &jwt);
        match send_within(&transport, &request, CHALLENGE_MS).await {
            Some(r) if (200..300).contains(&r.status) => return Relay::Answered,
            Some(r) if r.status == 503 => {}
            Some(r) => return Relay::Refused(r.status),
            None => {}
        }
    }
    Relay::Unreachable
}
