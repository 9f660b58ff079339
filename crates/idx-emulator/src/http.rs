//! Wire helpers shared by all routes: time stamps, request-body parsing and
//! Okta's three error shapes.
//!
//! Time stamps are formatted by `humantime` (RFC 3339 with milliseconds,
//! exactly Okta's `expiresAt`). Percent-encoding and HTML escaping stay
//! here: each is a few lines over a fixed character set, which a crate
//! would not make shorter.
//!
//! Invariants: request bodies are parsed here and only here, and any body a
//! client can send maps to either a JSON object or a [`BodyError`] (never a
//! panic); IDX responses always carry `application/ion+json; okta-version=1.0.0`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// Content type of IDX responses (Okta's Android SDK mocks, protocol doc 4.2).
pub const ION_JSON: &str = "application/ion+json; okta-version=1.0.0";
/// `accepts` advertised on IDX forms.
pub const ACCEPTS_JSON: &str = "application/json; okta-version=1.0.0";

/// Seconds since the Unix epoch.
pub fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The last second `humantime` can format (9999-12-31T23:59:59Z); later
/// instants are shown as that one rather than not at all.
const LAST_FORMATTABLE_SECS: u64 = 253_402_300_799;

/// RFC 3339 UTC with milliseconds, as in `expiresAt` (`2021-10-27T22:24:16.000Z`).
pub fn iso8601(unix_secs: u64) -> String {
    let at = UNIX_EPOCH + Duration::from_secs(unix_secs.min(LAST_FORMATTABLE_SECS));
    humantime::format_rfc3339_millis(at).to_string()
}

/// Why a request body could not be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BodyError {
    /// The content type is not JSON (any `*/json` or `*+json`) nor form-encoded.
    #[error("unsupported content type")]
    UnsupportedContentType,
    /// The body does not parse, or is not a JSON object.
    #[error("malformed body")]
    Malformed,
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Parse an IDX request body: JSON (`application/json`, `application/ion+json`,
/// `application/vnd.okta.v1+json`) or form-encoded (dotted names such as
/// `credentials.passcode` become nested objects). An empty body is an empty
/// object.
pub fn parse_object(headers: &HeaderMap, body: &[u8]) -> Result<Map<String, Value>, BodyError> {
    let ct = content_type(headers);
    // An empty body means "no members" whatever the declared type (clients
    // often send `Content-Type: application/json` with nothing after it).
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    if ct == "application/x-www-form-urlencoded" {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(body).map_err(|_| BodyError::Malformed)?;
        let mut root = Map::new();
        for (k, v) in pairs {
            insert_dotted(&mut root, &k, Value::String(v));
        }
        return Ok(root);
    }
    if ct.ends_with("/json") || ct.ends_with("+json") {
        return match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(m)) => Ok(m),
            _ => Err(BodyError::Malformed),
        };
    }
    Err(BodyError::UnsupportedContentType)
}

fn insert_dotted(root: &mut Map<String, Value>, key: &str, value: Value) {
    match key.split_once('.') {
        None => {
            root.insert(key.to_owned(), value);
        }
        Some((head, rest)) => {
            let child = root
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !child.is_object() {
                *child = Value::Object(Map::new());
            }
            if let Value::Object(m) = child {
                insert_dotted(m, rest, value);
            }
        }
    }
}

/// Parse a form-encoded OAuth body into pairs (last value wins).
pub fn parse_form(headers: &HeaderMap, body: &[u8]) -> Result<Map<String, Value>, BodyError> {
    if content_type(headers) != "application/x-www-form-urlencoded" {
        return Err(BodyError::UnsupportedContentType);
    }
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_bytes(body).map_err(|_| BodyError::Malformed)?;
    Ok(pairs
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect())
}

/// A string member of a parsed body.
pub fn str_field<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    m.get(key).and_then(Value::as_str)
}

/// An IDX response with the ion content type.
pub fn idx(status: StatusCode, body: Value) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ION_JSON));
    resp
}

/// A plain JSON response (OAuth routes, control API).
pub fn json(status: StatusCode, body: Value) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

/// An HTML page (the emulator's own pages: the IdP, errors on browser routes).
pub fn html(status: StatusCode, page: String) -> Response {
    let mut resp = (status, page).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // These pages sit behind URLs that carry a state token.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    resp
}

/// Escape text for HTML element content and quoted attribute values.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encode everything but RFC 3986 unreserved characters, so the
/// result is safe in a path segment and in a query name or value.
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `base` with `params` appended as its query (after `?`, or `&` when `base`
/// already has a query), each name and value percent-encoded.
pub fn with_query(base: &str, params: &[(&str, &str)]) -> String {
    let mut out = base.to_owned();
    let mut sep = if base.contains('?') { '&' } else { '?' };
    for (name, value) in params {
        out.push(sep);
        out.push_str(&url_encode(name));
        out.push('=');
        out.push_str(&url_encode(value));
        sep = '&';
    }
    out
}

/// One IDX message object.
pub fn message(key: &str, text: &str, class: &str) -> Value {
    json!({ "message": text, "i18n": { "key": key }, "class": class })
}

/// An IDX messages collection.
pub fn messages(list: Vec<Value>) -> Value {
    json!({ "type": "array", "value": list })
}

/// A bare IDX error body (`{version, messages}`), as Okta answers requests it
/// cannot tie to a live transaction (`v3/idp/idx/identify/error-session-expired.json`).
pub fn idx_error_body(key: &str, text: &str) -> Value {
    json!({ "version": "1.0.0", "messages": messages(vec![message(key, text, "ERROR")]) })
}

/// IDX "Bad request." (`E0000020`, fixture `error-400-bad-request.json`).
pub fn idx_bad_request(detail: &str) -> Response {
    let text = if detail.is_empty() {
        "Bad request.".to_owned()
    } else {
        format!("Bad request. {detail}")
    };
    idx(StatusCode::BAD_REQUEST, idx_error_body("E0000020", &text))
}

/// The IDX answer to a body that is not usable.
pub fn idx_body_error(e: &BodyError) -> Response {
    match e {
        BodyError::UnsupportedContentType => idx(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            idx_error_body(
                "E0000020",
                "Bad request. Unsupported content type; send application/json or application/ion+json.",
            ),
        ),
        BodyError::Malformed => idx_bad_request("The request body was not well-formed."),
    }
}

/// An OAuth 2.0 error (`{"error","error_description"}`).
pub fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    json(
        status,
        json!({ "error": error, "error_description": description }),
    )
}

/// Okta's classic API error shape (`errorCode`, `errorSummary`, ...).
pub fn classic_error(status: StatusCode, code: &str, summary: &str) -> Response {
    json(
        status,
        json!({
            "errorCode": code,
            "errorSummary": summary,
            "errorLink": code,
            "errorId": crate::secret::random_id("oae", 22),
            "errorCauses": [],
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_formats_known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_635_373_456), "2021-10-27T22:24:16.000Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso8601(u64::MAX), "9999-12-31T23:59:59.000Z");
    }

    fn headers(ct: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(ct).expect("ascii"),
        );
        h
    }

    #[test]
    fn parses_json_ion_and_dotted_forms() {
        let j = parse_object(
            &headers("application/ion+json; okta-version=1.0.0"),
            br#"{"a":1}"#,
        )
        .expect("json");
        assert_eq!(j["a"], 1);
        let f = parse_object(
            &headers("application/x-www-form-urlencoded"),
            b"identifier=a%40b&credentials.passcode=x&stateHandle=s",
        )
        .expect("form");
        assert_eq!(f["credentials"]["passcode"], "x");
        assert_eq!(f["identifier"], "a@b");
        assert!(
            parse_object(&HeaderMap::new(), b"")
                .expect("empty")
                .is_empty()
        );
    }

    #[test]
    fn encodes_urls_and_escapes_html() {
        assert_eq!(url_encode("a b&c=d/é~_.-"), "a%20b%26c%3Dd%2F%C3%A9~_.-");
        assert_eq!(
            with_query("http://x/cb", &[("code", "1 2"), ("state", "s&t")]),
            "http://x/cb?code=1%202&state=s%26t"
        );
        assert_eq!(
            with_query("http://x/cb?a=1", &[("b", "2")]),
            "http://x/cb?a=1&b=2"
        );
        assert_eq!(with_query("http://x/cb", &[]), "http://x/cb");
        assert_eq!(
            html_escape(r#"<b a="1">'&'</b>"#),
            "&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn rejects_bad_bodies_without_panicking() {
        assert_eq!(
            parse_object(&headers("application/json"), b"{not json"),
            Err(BodyError::Malformed)
        );
        assert_eq!(
            parse_object(&headers("application/json"), b"[1,2]"),
            Err(BodyError::Malformed)
        );
        assert_eq!(
            parse_object(&headers("text/plain"), b"{}"),
            Err(BodyError::UnsupportedContentType)
        );
        assert_eq!(
            parse_form(&headers("application/json"), b"{}"),
            Err(BodyError::UnsupportedContentType)
        );
    }
}
