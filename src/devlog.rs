//! The developer's log: in development builds (`trunk serve`, debug
//! assertions on) every protocol request and its answer is written to the
//! browser console as one line each; release builds compile none of it.
//!
//! Invariants: a line never holds a value from a body, a header or a query
//! (passwords, codes, the state handle, tokens, PKCE values): a request is
//! its method, its URL without the query and the *shape* of its body (the
//! field names, every value replaced by its kind); an answer is its status,
//! and for an IDX state the remediation and action names and the message
//! keys, which are what a developer needs to follow a flow.

use idx_core::{Method, Request};
use serde_json::Value as Json;

/// One line for a request about to be sent.
pub fn describe_request(request: &Request) -> String {
    let method = match request.method {
        Method::Get => "GET",
        Method::Post => "POST",
    };
    let url = request.url.split(['?', '#']).next().unwrap_or_default();
    let body = match request.body.as_deref() {
        None => String::new(),
        Some(text) => match serde_json::from_str::<Json>(text) {
            Ok(json) => format!(" {}", shape(&json)),
            // Form-encoded (`/interact`, `/token`, `/revoke`): names only.
            Err(_) => {
                let names: Vec<&str> = text
                    .split('&')
                    .filter_map(|pair| pair.split('=').next())
                    .filter(|name| !name.is_empty())
                    .collect();
                format!(" form[{}]", names.join(", "))
            }
        },
    };
    format!("IDX → {method} {url}{body}")
}

/// One line for the answer to a request.
pub fn describe_response(status: u16, content_type: Option<&str>, body: &[u8]) -> String {
    let mut line = format!("IDX ← {status}");
    let Ok(json) = serde_json::from_slice::<Json>(body) else {
        if let Some(kind) = content_type {
            line.push_str(&format!(" ({kind}, {} bytes)", body.len()));
        }
        return line;
    };
    let names = |pointer: &str| -> Vec<String> {
        json.pointer(pointer)
            .and_then(Json::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i.get("name").and_then(Json::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let remediations = names("/remediation/value");
    if !remediations.is_empty() {
        line.push_str(&format!(" remediations [{}]", remediations.join(", ")));
    }
    let actions: Vec<&str> = json
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(_, v)| v.get("rel").is_some() && v.get("name").is_some())
                .map(|(k, _)| k.as_str())
                .collect()
        })
        .unwrap_or_default();
    if !actions.is_empty() {
        line.push_str(&format!(" actions [{}]", actions.join(", ")));
    }
    let keys: Vec<&str> = json
        .pointer("/messages/value")
        .and_then(Json::as_array)
        .map(|ms| {
            ms.iter()
                .filter_map(|m| m.pointer("/i18n/key").and_then(Json::as_str))
                .collect()
        })
        .unwrap_or_default();
    if !keys.is_empty() {
        line.push_str(&format!(" messages [{}]", keys.join(", ")));
    }
    if json.get("successWithInteractionCode").is_some() {
        line.push_str(" success");
    }
    if let Some(error) = json.get("error").and_then(Json::as_str) {
        // OAuth error codes are fixed words, never user data.
        line.push_str(&format!(" error {error}"));
    }
    line
}

/// The JSON's field names with every value replaced by its kind.
fn shape(json: &Json) -> String {
    match json {
        Json::Object(fields) => {
            let inner: Vec<String> = fields
                .iter()
                .map(|(name, value)| format!("{name}: {}", shape(value)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        Json::Array(items) => format!("[{} items]", items.len()),
        Json::String(_) => "…".to_owned(),
        Json::Number(_) => "#".to_owned(),
        Json::Bool(_) => "bool".to_owned(),
        Json::Null => "null".to_owned(),
    }
}

/// Writes `line` to the console in development builds; nothing in release.
pub fn log(line: impl FnOnce() -> String) {
    #[cfg(all(debug_assertions, target_arch = "wasm32"))]
    web_sys::console::debug_1(&line().into());
    #[cfg(not(all(debug_assertions, target_arch = "wasm32")))]
    let _ = line;
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRETS: &[&str] = &[
        "correct-horse-battery",
        "02.id.state-handle",
        "123456",
        "verifier-abc",
        "code-xyz",
    ];

    fn assert_no_secret(line: &str) {
        for secret in SECRETS {
            assert!(!line.contains(secret), "{secret} leaked in {line}");
        }
    }

    #[test]
    fn a_request_is_its_route_and_the_shape_of_its_body() {
        let identify = Request {
            method: Method::Post,
            url: "https://org.example/idp/idx/identify?x=02.id.state-handle".into(),
            headers: vec![("Accept".into(), "application/ion+json".into())],
            body: Some(
                r#"{"identifier":"a@example.com","credentials":{"passcode":"correct-horse-battery"},
                   "stateHandle":"02.id.state-handle","rememberMe":false}"#
                    .into(),
            ),
            with_credentials: true,
        };
        let line = describe_request(&identify);
        assert_eq!(
            line,
            "IDX → POST https://org.example/idp/idx/identify {credentials: {passcode: …}, \
             identifier: …, rememberMe: bool, stateHandle: …}"
        );
        assert!(!line.contains("a@example.com"));
        let token = Request {
            method: Method::Post,
            url: "https://org.example/oauth2/default/v1/token".into(),
            headers: Vec::new(),
            body: Some(
                "grant_type=interaction_code&interaction_code=code-xyz&code_verifier=verifier-abc"
                    .into(),
            ),
            with_credentials: false,
        };
        let line = describe_request(&token);
        assert_eq!(
            line,
            "IDX → POST https://org.example/oauth2/default/v1/token form[grant_type, \
             interaction_code, code_verifier]"
        );
        assert_no_secret(&line);
    }

    #[test]
    fn an_answer_is_its_status_steps_and_message_keys() {
        let body = br#"{"version":"1.0.0","stateHandle":"02.id.state-handle",
            "remediation":{"type":"array","value":[{"name":"challenge-authenticator",
              "value":[{"name":"credentials"},{"name":"stateHandle","value":"02.id.state-handle"}]},
              {"name":"select-authenticator-authenticate"}]},
            "messages":{"type":"array","value":[{"message":"Your code 123456 is wrong",
              "i18n":{"key":"api.authn.error.PASSCODE_INVALID"},"class":"ERROR"}]},
            "cancel":{"rel":["create-form"],"name":"cancel","href":"https://org.example/idp/idx/cancel"}}"#;
        let line = describe_response(400, Some("application/ion+json"), body);
        assert_eq!(
            line,
            "IDX ← 400 remediations [challenge-authenticator, select-authenticator-authenticate] \
             actions [cancel] messages [api.authn.error.PASSCODE_INVALID]"
        );
        assert_no_secret(&line);
        let oauth = describe_response(
            400,
            Some("application/json"),
            br#"{"error":"invalid_grant","error_description":"code-xyz is bad"}"#,
        );
        assert_eq!(oauth, "IDX ← 400 error invalid_grant");
        let tokens = describe_response(
            200,
            Some("application/json"),
            br#"{"access_token":"code-xyz"}"#,
        );
        assert_eq!(tokens, "IDX ← 200");
        let html = describe_response(502, Some("text/html"), b"<html>code-xyz</html>");
        assert_eq!(html, "IDX ← 502 (text/html, 21 bytes)");
    }
}
