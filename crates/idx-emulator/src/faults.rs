//! Fault injection, switchable per request kind through the control API:
//! `POST /emulator/api/faults` sets one, `DELETE /emulator/api/faults` clears
//! all, `DELETE /emulator/api/faults/{kind}` clears one, `GET` lists them.
//!
//! Invariants: with no fault configured every request is served normally;
//! faults apply only to IDX and OAuth routes (never to the control API or to
//! CORS preflights, so the browser sees the injected status, not a CORS
//! error); a fault with a `count` fires that many times and then removes
//! itself; "drop" closes the connection without sending a response.

use std::collections::HashMap;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::http::{self, parse_object};
use crate::store::AppState;
use crate::tamper::{self, LoggedRequest};

/// Request kinds a fault can target (plus `idx` = every IDX route and
/// `any` = every IDX and OAuth route).
pub const KINDS: &[&str] = &[
    "introspect",
    "identify",
    "challenge",
    "answer",
    "poll",
    "resend",
    "cancel",
    "enroll",
    "send",
    "recover",
    "interact",
    "token",
    "revoke",
    "keys",
    "discovery",
    "userinfo",
    "logout",
    "idx",
    "any",
];

/// What goes wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Wait `delay_ms`, then answer normally.
    Delay,
    /// Close the connection without a response.
    Drop,
    /// 500: on IDX routes the recorded non-IDX body (`{"message": ...}`), on
    /// OAuth routes Okta's classic error (`E0000009`).
    #[serde(rename = "500")]
    Status500,
    /// 502 with a proxy's HTML page.
    #[serde(rename = "502")]
    Status502,
    /// 503 with an empty body.
    #[serde(rename = "503")]
    Status503,
    /// 200 whose JSON body is cut short.
    MalformedJson,
    /// An HTML error page (status `status`, default 502).
    Html,
    /// 429 with `Retry-After: retry_after`.
    #[serde(rename = "429")]
    TooManyRequests,
    /// Served normally, but every `label` and `message` string in the JSON
    /// answer is prefixed with `text` (default: markup with an `onerror`
    /// script), to prove a client renders server text as text.
    Markup,
    /// Served normally, but every form `href` other than `redirect-idp` is
    /// moved to the origin `text` (default [`tamper::FOREIGN_ORIGIN`]), to
    /// prove a client posts nowhere but to its issuer.
    ForeignHref,
    /// Served normally, but every `redirect-idp` `href` becomes `text`
    /// (default [`tamper::SCRIPT_LINK`]), to prove a client follows no such link.
    IdpLink,
}

/// Default text of the [`Effect::Markup`] fault: an image whose error handler
/// would set `window.__idxEmulatorInjected`, and a bold tag.
pub const DEFAULT_MARKUP: &str =
    r#"<img src="x:" onerror="window.__idxEmulatorInjected=1"><b>injected</b> "#;

/// One configured fault.
#[derive(Clone, Debug, Deserialize)]
pub struct Fault {
    /// Request kind (see [`KINDS`]).
    pub kind: String,
    /// What happens.
    pub fault: Effect,
    /// Delay for [`Effect::Delay`] (ms, default 2000).
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// `Retry-After` seconds for [`Effect::TooManyRequests`] (default 30).
    #[serde(default)]
    pub retry_after: Option<u64>,
    /// Status for [`Effect::Html`] (default 502).
    #[serde(default)]
    pub status: Option<u16>,
    /// How many requests it affects; absent = until cleared.
    #[serde(default)]
    pub count: Option<u32>,
    /// Prefix for [`Effect::Markup`] (default [`DEFAULT_MARKUP`]).
    #[serde(default)]
    pub text: Option<String>,
}

impl Fault {
    fn describe(&self) -> Value {
        json!({
            "kind": self.kind,
            "fault": self.fault.name(),
            "delay_ms": self.delay_ms,
            "retry_after": self.retry_after,
            "status": self.status,
            "count": self.count,
            "text": self.text,
        })
    }
}

impl Effect {
    /// The name used in the control API.
    pub fn name(self) -> &'static str {
        match self {
            Effect::Delay => "delay",
            Effect::Drop => "drop",
            Effect::Status500 => "500",
            Effect::Status502 => "502",
            Effect::Status503 => "503",
            Effect::MalformedJson => "malformed_json",
            Effect::Html => "html",
            Effect::TooManyRequests => "429",
            Effect::Markup => "markup",
            Effect::ForeignHref => "foreign_href",
            Effect::IdpLink => "idp_link",
        }
    }
}

/// Injected faults by request kind.
#[derive(Debug, Default)]
pub struct Faults {
    by_kind: HashMap<String, Fault>,
}

impl Faults {
    /// Take the fault that applies to `kind` (most specific first), counting
    /// one use.
    fn take(&mut self, kind: &str, is_idx: bool) -> Option<Fault> {
        let key = [kind, if is_idx { "idx" } else { "" }, "any"]
            .into_iter()
            .find(|k| !k.is_empty() && self.by_kind.contains_key(*k))?
            .to_owned();
        let fault = self.by_kind.get_mut(&key)?;
        let out = fault.clone();
        if let Some(n) = fault.count.as_mut() {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.by_kind.remove(&key);
            }
        }
        Some(out)
    }
}

/// The request kind of a path, if faults can target it.
pub fn kind_of(path: &str) -> Option<&'static str> {
    Some(match path {
        "/idp/idx/introspect" => "introspect",
        "/idp/idx/identify" => "identify",
        "/idp/idx/challenge" => "challenge",
        "/idp/idx/challenge/answer" => "answer",
        "/idp/idx/challenge/poll" | "/idp/idx/authenticators/poll" => "poll",
        "/idp/idx/challenge/resend" => "resend",
        "/idp/idx/cancel" => "cancel",
        "/idp/idx/credential/enroll" => "enroll",
        "/idp/idx/challenge/send" => "send",
        "/idp/idx/recover" => "recover",
        "/oauth2/default/v1/interact" => "interact",
        "/oauth2/default/v1/token" => "token",
        "/oauth2/default/v1/revoke" => "revoke",
        "/oauth2/default/v1/keys" => "keys",
        "/oauth2/default/v1/userinfo" => "userinfo",
        "/oauth2/default/v1/logout" => "logout",
        p if p.starts_with("/oauth2/default/.well-known/") => "discovery",
        _ => return None,
    })
}

/// A body whose first read fails, which makes hyper abort the connection
/// before the response head is flushed.
fn dropped() -> Response {
    let stream = failing_stream();
    Response::new(Body::from_stream(stream))
}

fn failing_stream()
-> impl futures_core::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    struct Fail;
    impl futures_core::Stream for Fail {
        type Item = Result<Bytes, std::io::Error>;
        fn poll_next(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(Some(Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "injected connection drop",
            ))))
        }
    }
    Fail
}

/// The fault middleware; it also writes the request log (see `tamper`).
pub async fn inject(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let Some(kind) = kind_of(&path) else {
        return next.run(req).await;
    };
    if req.method() == axum::http::Method::OPTIONS {
        return next.run(req).await;
    }
    let method = req.method().to_string();
    let is_idx = path.starts_with("/idp/");
    let fault = app.store().faults.take(kind, is_idx);
    let response = match fault.as_ref() {
        None => next.run(req).await,
        Some(fault) => {
            eprintln!("idx-emulator: injecting fault {:?} on {kind}", fault.fault);
            faulted(fault, is_idx, req, next).await
        }
    };
    let dropped = fault.as_ref().is_some_and(|f| f.fault == Effect::Drop);
    app.store().tamper.record(LoggedRequest {
        kind,
        method,
        status: (!dropped).then_some(response.status().as_u16()),
        fault: fault.as_ref().map(|f| f.fault.name()),
    });
    response
}

/// The answer to a request hit by `fault`.
async fn faulted(fault: &Fault, is_idx: bool, req: Request, next: Next) -> Response {
    match fault.fault {
        Effect::Markup => {
            let text = fault.text.as_deref().unwrap_or(DEFAULT_MARKUP);
            rewrite_json(next.run(req).await, |v| prefix_text(v, text)).await
        }
        Effect::ForeignHref => {
            let origin = fault.text.as_deref().unwrap_or(tamper::FOREIGN_ORIGIN);
            rewrite_json(next.run(req).await, |v| tamper::move_form_hrefs(v, origin)).await
        }
        Effect::IdpLink => {
            let link = fault.text.as_deref().unwrap_or(tamper::SCRIPT_LINK);
            rewrite_json(next.run(req).await, |v| tamper::replace_idp_links(v, link)).await
        }
        Effect::Delay => {
            tokio::time::sleep(Duration::from_millis(fault.delay_ms.unwrap_or(2000))).await;
            next.run(req).await
        }
        Effect::Drop => dropped(),
        Effect::Status500 => {
            if is_idx {
                // The recorded IDX 500 (`error-500-internal-server-error.json`)
                // is not an IDX state: no `version`, just a message.
                http::json(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    json!({ "message": "internal server error" }),
                )
            } else {
                http::classic_error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "E0000009",
                    "Internal Server Error",
                )
            }
        }
        Effect::Status502 => html(StatusCode::BAD_GATEWAY),
        Effect::Status503 => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        Effect::MalformedJson => {
            let ct = if is_idx {
                http::ION_JSON
            } else {
                "application/json"
            };
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, ct)],
                r#"{"version":"1.0.0","stateHandle":"02"#,
            )
                .into_response()
        }
        Effect::Html => html(
            fault
                .status
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(StatusCode::BAD_GATEWAY),
        ),
        Effect::TooManyRequests => {
            let mut r = if is_idx {
                http::idx(
                    StatusCode::TOO_MANY_REQUESTS,
                    http::idx_error_body("tooManyRequests", "Too many requests"),
                )
            } else {
                http::classic_error(
                    StatusCode::TOO_MANY_REQUESTS,
                    "E0000047",
                    "API call exceeded rate limit due to too many requests.",
                )
            };
            if let Ok(v) = HeaderValue::from_str(&fault.retry_after.unwrap_or(30).to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            r
        }
    }
}

/// Applies `edit` to a JSON answer; other answers pass unchanged.
async fn rewrite_json(response: Response, edit: impl FnOnce(&mut Value)) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 4 * 1024 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Ok(mut value) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    edit(&mut value);
    let out = value.to_string();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(out))
}

/// Walks `value`, prefixing string `label`s and `message`s with `text`.
pub fn prefix_text(value: &mut Value, text: &str) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(s) if key == "label" || key == "message" => {
                        *s = format!("{text}{s}");
                    }
                    _ => prefix_text(v, text),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| prefix_text(v, text)),
        _ => {}
    }
}

fn html(status: StatusCode) -> Response {
    let reason = status.canonical_reason().unwrap_or("Error");
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        format!(
            "<!DOCTYPE html><html><head><title>{code} {reason}</title></head><body><h1>{code} {reason}</h1><p>injected by idx-emulator</p></body></html>",
            code = status.as_u16()
        ),
    )
        .into_response()
}

fn bad(desc: String) -> Response {
    http::json(
        StatusCode::BAD_REQUEST,
        json!({ "error": "invalid_request", "error_description": desc }),
    )
}

/// `POST /emulator/api/faults` with a [`Fault`] as JSON.
pub async fn set(State(app): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let value = match parse_object(&headers, &body) {
        Ok(m) => Value::Object(m),
        Err(e) => return bad(e.to_string()),
    };
    let fault: Fault = match serde_json::from_value(value) {
        Ok(f) => f,
        Err(e) => return bad(format!("expected {{\"kind\",\"fault\",...}}: {e}")),
    };
    if !KINDS.contains(&fault.kind.as_str()) {
        return bad(format!("unknown kind {:?}; one of {KINDS:?}", fault.kind));
    }
    if fault.count == Some(0) {
        return bad("count must be at least 1".into());
    }
    let described = fault.describe();
    app.store().faults.by_kind.insert(fault.kind.clone(), fault);
    http::json(StatusCode::OK, described)
}

/// `DELETE /emulator/api/faults`.
pub async fn clear(State(app): State<AppState>) -> Response {
    app.store().faults.by_kind.clear();
    http::json(StatusCode::OK, json!({ "cleared": true }))
}

/// `DELETE /emulator/api/faults/{kind}`.
pub async fn clear_one(State(app): State<AppState>, Path(kind): Path<String>) -> Response {
    let removed = app.store().faults.by_kind.remove(&kind).is_some();
    http::json(StatusCode::OK, json!({ "cleared": removed }))
}

/// `GET /emulator/api/faults`.
pub async fn list(State(app): State<AppState>) -> Response {
    let store = app.store();
    let mut list: Vec<Value> = store.faults.by_kind.values().map(Fault::describe).collect();
    list.sort_by(|a, b| a["kind"].as_str().cmp(&b["kind"].as_str()));
    http::json(StatusCode::OK, Value::Array(list))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(kind: &str, count: Option<u32>) -> Fault {
        Fault {
            kind: kind.into(),
            fault: Effect::Status503,
            delay_ms: None,
            retry_after: None,
            status: None,
            count,
            text: None,
        }
    }

    #[test]
    fn counted_faults_expire_and_specific_kinds_win() {
        let mut f = Faults::default();
        f.by_kind.insert("poll".into(), fault("poll", Some(2)));
        f.by_kind.insert("any".into(), fault("any", None));
        assert_eq!(f.take("poll", true).map(|x| x.kind), Some("poll".into()));
        assert_eq!(f.take("poll", true).map(|x| x.kind), Some("poll".into()));
        assert_eq!(f.take("poll", true).map(|x| x.kind), Some("any".into()));
        assert_eq!(f.take("token", false).map(|x| x.kind), Some("any".into()));
    }

    #[test]
    fn markup_prefixes_labels_and_messages_only() {
        let mut v = json!({
            "remediation": { "value": [ { "label": "Code", "name": "x", "value": [ { "label": "Enter" } ] } ] },
            "messages": { "value": [ { "message": "Wrong", "class": "ERROR" } ] }
        });
        prefix_text(&mut v, "<b>");
        assert_eq!(v["remediation"]["value"][0]["label"], "<b>Code");
        assert_eq!(v["remediation"]["value"][0]["name"], "x");
        assert_eq!(
            v["remediation"]["value"][0]["value"][0]["label"],
            "<b>Enter"
        );
        assert_eq!(v["messages"]["value"][0]["message"], "<b>Wrong");
        assert_eq!(v["messages"]["value"][0]["class"], "ERROR");
    }

    #[test]
    fn paths_map_to_kinds() {
        assert_eq!(kind_of("/idp/idx/authenticators/poll"), Some("poll"));
        assert_eq!(kind_of("/idp/idx/credential/enroll"), Some("enroll"));
        assert_eq!(kind_of("/idp/idx/challenge/send"), Some("send"));
        assert_eq!(kind_of("/idp/idx/recover"), Some("recover"));
        for kind in ["enroll", "send", "recover"] {
            assert!(KINDS.contains(&kind), "{kind} can be faulted");
        }
        assert_eq!(
            kind_of("/oauth2/default/.well-known/openid-configuration"),
            Some("discovery")
        );
        assert_eq!(kind_of("/emulator/api/users"), None);
    }
}
