//! The fault table: which request kinds are set to go wrong, and how.
//! The control API fills it (`control::faults`), the fault layer consults
//! it on every request (`layers::faults`), and `store` keeps it with the
//! rest of the org's state.
//!
//! Invariants: an empty table means normal service; a fault with a `count`
//! fires that many times and then removes itself; the most specific kind
//! wins (a route's own kind, then `idx`, then `any`); this module knows
//! nothing of HTTP handling or of the store, so both can build on it.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Value, json};

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
    "skip",
    "register",
    "unlock",
    "consent",
    "keep-me-signed-in",
    "request-activation",
    "launch",
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
    /// moved to the origin `text` (default [`crate::tamper::FOREIGN_ORIGIN`]),
    /// to prove a client posts nowhere but to its issuer.
    ForeignHref,
    /// Served normally, but every `redirect-idp` `href` becomes `text`
    /// (default [`crate::tamper::SCRIPT_LINK`]), to prove a client follows no
    /// such link.
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
    /// The fault as the control API shows it.
    pub fn describe(&self) -> Value {
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
    pub fn take(&mut self, kind: &str, is_idx: bool) -> Option<Fault> {
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

    /// Set `fault` for its kind, replacing the one there.
    pub fn set(&mut self, fault: Fault) {
        self.by_kind.insert(fault.kind.clone(), fault);
    }

    /// Clear every fault.
    pub fn clear(&mut self) {
        self.by_kind.clear();
    }

    /// Clear the fault of `kind`; false when none was set.
    pub fn clear_one(&mut self, kind: &str) -> bool {
        self.by_kind.remove(kind).is_some()
    }

    /// Every fault as the control API shows it, by kind.
    pub fn describe_all(&self) -> Vec<Value> {
        let mut list: Vec<Value> = self.by_kind.values().map(Fault::describe).collect();
        list.sort_by(|a, b| a["kind"].as_str().cmp(&b["kind"].as_str()));
        list
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
        "/idp/idx/cancel" | "/idp/idx/authenticators/poll/cancel" => "cancel",
        "/idp/idx/credential/enroll" => "enroll",
        "/idp/idx/challenge/send" => "send",
        "/idp/idx/recover" => "recover",
        "/idp/idx/skip" => "skip",
        "/idp/idx/enroll" | "/idp/idx/enroll/new" | "/idp/idx/identify/select" => "register",
        "/idp/idx/unlock-account" => "unlock",
        "/idp/idx/consent" => "consent",
        "/idp/idx/keep-me-signed-in" => "keep-me-signed-in",
        "/idp/idx/request-activation" => "request-activation",
        "/idp/idx/authenticators/okta-verify/launch" => "launch",
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
    fn paths_map_to_kinds() {
        assert_eq!(kind_of("/idp/idx/authenticators/poll"), Some("poll"));
        assert_eq!(kind_of("/idp/idx/credential/enroll"), Some("enroll"));
        assert_eq!(kind_of("/idp/idx/challenge/send"), Some("send"));
        assert_eq!(kind_of("/idp/idx/recover"), Some("recover"));
        assert_eq!(kind_of("/idp/idx/enroll/new"), Some("register"));
        assert_eq!(
            kind_of("/idp/idx/keep-me-signed-in"),
            Some("keep-me-signed-in")
        );
        assert!(KINDS.contains(&"consent") && KINDS.contains(&"skip"));
        assert_eq!(
            kind_of("/idp/idx/authenticators/okta-verify/launch"),
            Some("launch")
        );
        assert_eq!(
            kind_of("/idp/idx/authenticators/poll/cancel"),
            Some("cancel")
        );
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
