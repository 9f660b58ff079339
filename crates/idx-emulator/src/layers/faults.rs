//! The fault layer: serves a request as the fault table says (delay, drop,
//! 5xx, malformed JSON, HTML, 429, markup in labels, form and IdP URLs moved
//! elsewhere), and writes the
//! request log.
//!
//! Invariants: with no fault configured every request is served normally;
//! faults apply only to IDX and OAuth routes (never to the control API or to
//! CORS preflights, so the browser sees the injected status, not a CORS
//! error); "drop" closes the connection without sending a response; the log
//! entry holds the request kind and outcome only, never a body.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::faults::{DEFAULT_MARKUP, Effect, Fault, kind_of};
use crate::http;
use crate::store::AppState;
use crate::tamper::{self, LoggedRequest};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
