//! Hostile-server switches for client hardening tests: a one-shot defect in
//! the next issued ID token, and a log of the requests the client sent. The
//! control API arms and reads them (`control::tamper`), `/v1/token` applies
//! the defect (`oauth`), the fault layer writes the log (`layers::faults`).
//!
//! Invariants: plain data kept in the store, with no HTTP handling here; a
//! defect applies to one ID token and then disarms itself (access and
//! refresh tokens are never altered); the request log holds no bodies,
//! handles, codes or tokens, only the request kind and outcome; it keeps at
//! most [`LOG_LIMIT`] entries (oldest dropped) so a long demo run cannot
//! grow memory without bound.
//!
//! Rewrites of an IDX answer's URLs ([`move_form_hrefs`], [`replace_idp_links`])
//! back the `foreign_href` and `idp_link` faults, so a client can be shown to
//! refuse a form posting elsewhere and a script link dressed as an IdP.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Most request-log entries kept.
pub const LOG_LIMIT: usize = 1000;

/// One way to make an ID token unacceptable to a correct client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdTokenDefect {
    /// Correct claims, signature altered after signing.
    BadSignature,
    /// `aud` names another client.
    WrongAudience,
    /// `exp` (and `iat`) an hour in the past, well beyond any clock skew.
    Expired,
    /// `nonce` differs from the one sent to `/v1/interact`.
    WrongNonce,
    /// Header `kid` names no key in the JWKS (signature otherwise valid).
    UnknownKid,
}

impl IdTokenDefect {
    /// Every defect, for documentation and tests.
    pub const ALL: [IdTokenDefect; 5] = [
        IdTokenDefect::BadSignature,
        IdTokenDefect::WrongAudience,
        IdTokenDefect::Expired,
        IdTokenDefect::WrongNonce,
        IdTokenDefect::UnknownKid,
    ];

    /// The wire name (`bad_signature`, ...).
    pub fn name(self) -> &'static str {
        match self {
            IdTokenDefect::BadSignature => "bad_signature",
            IdTokenDefect::WrongAudience => "wrong_audience",
            IdTokenDefect::Expired => "expired",
            IdTokenDefect::WrongNonce => "wrong_nonce",
            IdTokenDefect::UnknownKid => "unknown_kid",
        }
    }

    /// Alters `claims` before signing (no-op for header/signature defects).
    pub fn apply_to_claims(self, claims: &mut Value, now: u64) {
        match self {
            IdTokenDefect::WrongAudience => claims["aud"] = json!("0oaSomeOtherClient00"),
            IdTokenDefect::Expired => {
                claims["iat"] = json!(now.saturating_sub(7200));
                claims["exp"] = json!(now.saturating_sub(3600));
            }
            IdTokenDefect::WrongNonce => claims["nonce"] = json!("a-nonce-this-client-never-sent"),
            IdTokenDefect::BadSignature | IdTokenDefect::UnknownKid => {}
        }
    }
}

/// Flips one bit in the middle of a compact JWS's signature, keeping it valid
/// base64url of the same length (so only the signature check can catch it).
pub fn corrupt_signature(jws: &str) -> String {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let Some((signing_input, sig)) = jws.rsplit_once('.') else {
        return jws.to_owned();
    };
    let Ok(mut bytes) = URL_SAFE_NO_PAD.decode(sig) else {
        return jws.to_owned();
    };
    let mid = bytes.len() / 2;
    if let Some(b) = bytes.get_mut(mid) {
        *b ^= 0x01;
    }
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// One served request, as the request log shows it.
#[derive(Clone, Debug, Serialize)]
pub struct LoggedRequest {
    /// Request kind (the fault kinds: `identify`, `answer`, `token`, ...).
    pub kind: &'static str,
    /// HTTP method (`OPTIONS` preflights are not logged).
    pub method: String,
    /// Status sent, or `null` when the connection was dropped.
    pub status: Option<u16>,
    /// The injected fault's name, when one fired.
    pub fault: Option<&'static str>,
}

/// Tamper state kept in the store.
#[derive(Debug, Default)]
pub struct Tamper {
    /// Armed defect for the next ID token.
    pub id_token_defect: Option<IdTokenDefect>,
    /// Served requests, oldest first.
    pub log: Vec<LoggedRequest>,
}

impl Tamper {
    /// Takes the armed defect (disarming it).
    pub fn take_defect(&mut self) -> Option<IdTokenDefect> {
        self.id_token_defect.take()
    }

    /// Appends to the request log, dropping the oldest past [`LOG_LIMIT`].
    pub fn record(&mut self, entry: LoggedRequest) {
        if self.log.len() >= LOG_LIMIT {
            self.log.remove(0);
        }
        self.log.push(entry);
    }
}

/// Default origin of the `foreign_href` fault.
pub const FOREIGN_ORIGIN: &str = "https://attacker.example";

/// Default link of the `idp_link` fault: a script that would mark the page.
pub const SCRIPT_LINK: &str = "javascript:window.__idxEmulatorInjected=1";

/// Whether a JSON object is an IDX form: it has an `href` and `rel`, or is a
/// `redirect-idp` link (which the emulator, like Okta, sends without `rel`).
fn is_form(map: &serde_json::Map<String, Value>) -> bool {
    map.get("href").is_some_and(Value::is_string) && (map.contains_key("rel") || is_idp_link(map))
}

fn is_idp_link(map: &serde_json::Map<String, Value>) -> bool {
    map.get("name").and_then(Value::as_str) == Some("redirect-idp")
}

/// Moves every form `href` except `redirect-idp` to `origin`, keeping the
/// path and query.
pub fn move_form_hrefs(value: &mut Value, origin: &str) {
    visit_forms(value, &mut |form| {
        if is_idp_link(form) {
            return;
        }
        if let Some(Value::String(href)) = form.get_mut("href") {
            let path_at = href
                .find("://")
                .and_then(|s| href[s + 3..].find('/').map(|p| s + 3 + p))
                .unwrap_or(href.len());
            *href = format!("{origin}{}", &href[path_at..]);
        }
    });
}

/// Replaces every `redirect-idp` `href` with `link`.
pub fn replace_idp_links(value: &mut Value, link: &str) {
    visit_forms(value, &mut |form| {
        if is_idp_link(form) {
            form.insert("href".into(), json!(link));
        }
    });
}

fn visit_forms(value: &mut Value, f: &mut dyn FnMut(&mut serde_json::Map<String, Value>)) {
    match value {
        Value::Object(map) => {
            if is_form(map) {
                f(map);
            }
            map.values_mut().for_each(|v| visit_forms(v, f));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| visit_forms(v, f)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_rewrites_touch_only_their_forms() {
        let answer = json!({
            "remediation": {"value": [
                {"rel": ["create-form"], "name": "identify", "href": "http://127.0.0.1:9/idp/idx/identify?x=1"},
                {"name": "redirect-idp", "href": "http://127.0.0.1:9/sso/idps/1"}
            ]},
            "cancel": {"rel": ["create-form"], "name": "cancel", "href": "http://127.0.0.1:9/idp/idx/cancel"},
            "app": {"value": {"href": "http://127.0.0.1:9/not-a-form"}}
        });
        let mut moved = answer.clone();
        move_form_hrefs(&mut moved, FOREIGN_ORIGIN);
        assert_eq!(
            moved["remediation"]["value"][0]["href"],
            "https://attacker.example/idp/idx/identify?x=1"
        );
        assert_eq!(
            moved["cancel"]["href"],
            "https://attacker.example/idp/idx/cancel"
        );
        assert_eq!(
            moved["remediation"]["value"][1],
            answer["remediation"]["value"][1]
        );
        assert_eq!(moved["app"], answer["app"]);

        let mut linked = answer.clone();
        replace_idp_links(&mut linked, SCRIPT_LINK);
        assert_eq!(linked["remediation"]["value"][1]["href"], SCRIPT_LINK);
        assert_eq!(
            linked["remediation"]["value"][0],
            answer["remediation"]["value"][0]
        );
    }

    #[test]
    fn corrupting_keeps_shape_but_changes_signature() {
        let jws = "aGVhZA.Ym9keQ.c2lnbmF0dXJlLWJ5dGVz";
        let bad = corrupt_signature(jws);
        assert_ne!(bad, jws);
        assert!(bad.starts_with("aGVhZA.Ym9keQ."));
        assert_eq!(bad.len(), jws.len());
    }

    #[test]
    fn claim_defects_change_only_their_claim() {
        let base = json!({ "aud": "demo-spa", "iat": 10_000, "exp": 13_600, "nonce": "n" });
        let mut v = base.clone();
        IdTokenDefect::WrongAudience.apply_to_claims(&mut v, 10_000);
        assert_ne!(v["aud"], base["aud"]);
        assert_eq!(v["nonce"], base["nonce"]);
        let mut v = base.clone();
        IdTokenDefect::Expired.apply_to_claims(&mut v, 10_000);
        assert!(v["exp"].as_u64() < Some(10_000 - 300));
        let mut v = base.clone();
        IdTokenDefect::WrongNonce.apply_to_claims(&mut v, 10_000);
        assert_ne!(v["nonce"], base["nonce"]);
        let mut v = base.clone();
        IdTokenDefect::BadSignature.apply_to_claims(&mut v, 10_000);
        assert_eq!(v, base);
    }

    #[test]
    fn log_is_bounded() {
        let mut t = Tamper::default();
        for _ in 0..LOG_LIMIT + 5 {
            t.record(LoggedRequest {
                kind: "poll",
                method: "POST".into(),
                status: Some(200),
                fault: None,
            });
        }
        assert_eq!(t.log.len(), LOG_LIMIT);
    }
}
