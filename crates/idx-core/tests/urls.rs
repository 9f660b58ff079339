//! Property tests of the URL parser and policy: whatever `HttpUrl` accepts,
//! the WHATWG URL implementation (the `url` crate, a native dev-dependency
//! only) reads with the same origin; what it calls loopback is loopback;
//! userinfo can never smuggle a loopback look onto another host; a whole IDX
//! state is refused as soon as one of its URLs leaves the policy; and every
//! recorded Okta response passes the policy for its own org.
//!
//! Budget: `IDX_FUZZ_CASES` cases per property (default 512), as in `fuzz.rs`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use idx_core::{
    HttpUrl, IdxOutcome, ResponseError, UrlPolicy, UrlUse, origin_of, parse_idx_response,
    vet_outcome,
};
use proptest::prelude::*;
use serde_json::json;

fn budget() -> ProptestConfig {
    let cases = std::env::var("IDX_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// URL-shaped text built from the pieces parsers disagree about: scheme
/// spellings, slashes, userinfo, numeric and bracketed hosts, percent
/// escapes, ports, and what may follow the authority.
fn url_like() -> impl Strategy<Value = String> {
    let scheme = prop_oneof![
        Just("http"),
        Just("https"),
        Just("HTTPS"),
        Just("hTtP"),
        Just("javascript"),
        Just("data"),
        Just("ftp"),
        Just("ws"),
    ];
    let slashes = prop_oneof![
        4 => Just("//"),
        1 => Just("/"),
        1 => Just(""),
        1 => Just("\\\\"),
        1 => Just("/\\"),
        1 => Just("///"),
    ];
    let userinfo = prop_oneof![
        6 => Just(""),
        1 => Just("user@"),
        1 => Just("127.0.0.1:1@"),
        1 => Just("localhost@"),
        1 => Just(":@"),
    ];
    let host = prop_oneof![
        Just("example.okta.com".to_owned()),
        Just("Example.OKTA.com".to_owned()),
        Just("localhost".to_owned()),
        Just("LocalHost".to_owned()),
        Just("localhost.".to_owned()),
        Just("[::1]".to_owned()),
        Just("[0:0::1]".to_owned()),
        Just("[::ffff:127.0.0.1]".to_owned()),
        Just("[::1".to_owned()),
        Just("0x7f.1".to_owned()),
        Just("2130706433".to_owned()),
        Just("017700000001".to_owned()),
        Just("%31%32%37.0.0.1".to_owned()),
        Just("a..b".to_owned()),
        Just("xn--bcher-kva.example".to_owned()),
        Just("under_score.example".to_owned()),
        Just("".to_owned()),
        (0u8..=255, 0u8..=255, 0u8..=255, 0u8..=255)
            .prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")),
        (0u32..300, 0u32..300).prop_map(|(a, b)| format!("{a}.{b}")),
        "[a-z0-9.-]{1,12}",
        "[a-zA-Z0-9.%_~-]{1,12}",
    ];
    let port = prop_oneof![
        4 => Just(String::new()),
        1 => Just(":".to_owned()),
        1 => Just(":80".to_owned()),
        1 => Just(":443".to_owned()),
        1 => Just(":0080".to_owned()),
        1 => Just(":65536".to_owned()),
        2 => (0u32..70_000).prop_map(|p| format!(":{p}")),
    ];
    let rest = prop_oneof![
        Just("".to_owned()),
        Just("/".to_owned()),
        Just("/idp/idx/identify".to_owned()),
        Just("?a=b@c".to_owned()),
        Just("#frag".to_owned()),
        Just("/x\\y".to_owned()),
        Just(" /x".to_owned()),
        Just("\t".to_owned()),
        "[ -~]{0,12}",
    ];
    (scheme, slashes, userinfo, host, port, rest)
        .prop_map(|(s, sl, u, h, p, r)| format!("{s}:{sl}{u}{h}{p}{r}"))
}

fn loopback_per_whatwg(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.octets()[0] == 127,
        Some(url::Host::Ipv6(ip)) => ip == std::net::Ipv6Addr::LOCALHOST,
        None => false,
    }
}

proptest! {
    #![proptest_config(budget())]

    #[test]
    fn accepted_urls_have_the_same_origin_in_a_browser(text in url_like()) {
        if let Ok(ours) = HttpUrl::parse(&text) {
            let theirs = url::Url::parse(&text).expect("WHATWG accepts what we accept");
            prop_assert_eq!(ours.origin.to_string(), theirs.origin().ascii_serialization());
            prop_assert_eq!(ours.origin.host.is_loopback(), loopback_per_whatwg(&theirs));
        }
    }

    #[test]
    fn any_text_parses_or_is_refused_without_panicking(text in any::<String>()) {
        let _ = HttpUrl::parse(&text);
    }

    #[test]
    fn userinfo_never_passes(
        look in prop_oneof![Just("127.0.0.1"), Just("localhost"), Just("[::1]"), Just("example.okta.com")],
        port in 0u16..,
        host in "[a-z]{1,10}\\.example",
    ) {
        let text = format!("http://{look}:{port}@{host}/");
        prop_assert!(origin_of(&text).is_err());
        let policy = UrlPolicy::for_issuer("https://example.okta.com").unwrap();
        prop_assert!(policy.check_form_target(&text).is_err());
        prop_assert!(policy.check_idp_link(&text).is_err());
    }

    #[test]
    fn a_state_is_refused_when_one_url_leaves_the_policy(
        target in url_like(),
        idp in url_like(),
        qr in prop_oneof![
            Just("data:image/png;base64,iVBORw0KGgo=".to_owned()),
            Just("data:image/svg+xml,%3Csvg%3E".to_owned()),
            Just("data:text/html,<b>x</b>".to_owned()),
            url_like(),
        ],
    ) {
        let issuer = "https://example.okta.com/oauth2/default";
        let policy = UrlPolicy::for_issuer(issuer).unwrap();
        let expected = [
            (UrlUse::FormTarget, policy.check_form_target(&target).is_ok()),
            (UrlUse::IdpLink, policy.check_idp_link(&idp).is_ok()),
            (UrlUse::Image, policy.check_image(&qr).is_ok()),
        ];
        let body = state(&target, &idp, &qr);
        let outcome = parse_idx_response(200, Some(idx_core::ION_JSON), body.as_bytes()).unwrap();
        match vet_outcome(issuer, outcome) {
            Ok(_) => prop_assert!(expected.iter().all(|(_, ok)| *ok)),
            Err(ResponseError::UntrustedUrl(refusal)) => {
                let first = expected.iter().find(|(_, ok)| !*ok).map(|(u, _)| *u);
                prop_assert_eq!(Some(refusal.used_as), first);
                prop_assert!(!refusal.to_string().contains("stateToken"));
            }
            Err(other) => prop_assert!(false, "unexpected error {other:?}"),
        }
    }
}

/// An identify state with one form target, one IdP link (carrying a state
/// token in its query) and one enrollment QR code.
fn state(target: &str, idp: &str, qr: &str) -> String {
    let sep = if idp.contains('?') { '&' } else { '?' };
    json!({
        "version": "1.0.0",
        "stateHandle": "02abc",
        "remediation": {"type": "array", "value": [
            {"rel": ["create-form"], "name": "identify", "href": target, "method": "POST",
             "value": [{"name": "identifier", "label": "Username"},
                       {"name": "stateHandle", "value": "02abc", "visible": false, "mutable": false}]},
            {"rel": ["create-form"], "name": "redirect-idp", "type": "SAML2",
             "href": format!("{idp}{sep}stateToken=02secret"), "method": "GET",
             "idp": {"id": "0oa1", "name": "Corp"}},
            {"rel": ["create-form"], "name": "enroll-poll", "href": "https://example.okta.com/idp/idx/challenge/poll",
             "refresh": 4000, "relatesTo": "$.currentAuthenticator",
             "value": [{"name": "stateHandle", "value": "02abc", "visible": false, "mutable": false}]}
        ]},
        "currentAuthenticator": {"type": "object", "value": {
            "type": "app", "key": "okta_verify", "id": "aut1", "displayName": "Okta Verify",
            "contextualData": {"qrcode": {"method": "embed", "href": qr, "type": "image/png"}}
        }}
    })
    .to_string()
}

#[test]
fn recorded_states_pass_exactly_when_their_forms_share_one_origin() {
    let Some(dir) = common::fixtures_dir("recorded_states_and_the_url_policy") else {
        return;
    };
    let (mut passed, mut refused) = (0, 0);
    for path in walk(&dir.join("responses")) {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(json) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
            continue;
        };
        let Ok(outcome @ IdxOutcome::Transaction(_)) =
            parse_idx_response(200, Some(idx_core::ION_JSON), &bytes)
        else {
            continue;
        };
        // Some recordings were stitched from two test servers: the policy
        // must refuse exactly those, and pass every consistent one.
        let mut forms = Vec::new();
        collect_forms(&json, &mut forms);
        let Some((_, first)) = forms.iter().find(|(name, _)| name != "redirect-idp") else {
            continue;
        };
        let Ok(issuer) = origin_of(first) else {
            refused += 1;
            continue;
        };
        let consistent = forms.iter().all(|(name, href)| {
            let Ok(origin) = origin_of(href) else {
                return false;
            };
            if name == "redirect-idp" {
                origin.scheme == idx_core::Scheme::Https || origin.host.is_loopback()
            } else {
                origin == issuer
            }
        });
        let verdict = vet_outcome(&format!("{issuer}/oauth2/default"), outcome);
        assert_eq!(
            verdict.is_ok(),
            consistent,
            "{}: {verdict:?}",
            path.display()
        );
        if consistent {
            passed += 1;
        } else {
            refused += 1;
        }
    }
    assert!(
        passed > 80 && refused < passed / 5,
        "{passed} passed, {refused} refused"
    );
}

/// `(name, href)` of every IDX form (an object with `rel` and `href`).
fn collect_forms(v: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(map) => {
            if let (Some(_), Some(href)) =
                (map.get("rel"), map.get("href").and_then(|h| h.as_str()))
            {
                let name = map.get("name").and_then(|n| n.as_str()).unwrap_or_default();
                out.push((name.to_owned(), href.to_owned()));
            }
            map.values().for_each(|x| collect_forms(x, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|x| collect_forms(x, out)),
        _ => {}
    }
}

#[test]
fn a_hostile_state_is_refused_and_says_what_and_where() {
    let body = state(
        "https://evil.example/idp/idx/identify",
        "https://example.okta.com/sso/idps/0oa1",
        "data:image/png;base64,iVBORw0KGgo=",
    );
    let outcome = parse_idx_response(200, Some(idx_core::ION_JSON), body.as_bytes()).unwrap();
    let err = vet_outcome("https://example.okta.com/oauth2/default", outcome).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the server sent a URL this client will not use: refused the form target of \
         `identify` (https://evil.example): is not on the issuer's origin https://example.okta.com"
    );

    let body = state(
        "https://example.okta.com/idp/idx/identify",
        "javascript:alert(document.cookie)//",
        "data:image/png;base64,iVBORw0KGgo=",
    );
    let outcome = parse_idx_response(200, Some(idx_core::ION_JSON), body.as_bytes()).unwrap();
    let err = vet_outcome("https://example.okta.com/oauth2/default", outcome).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("identity-provider link of `redirect-idp` (javascript:)"),
        "{text}"
    );
    assert!(
        !text.contains("02secret") && !text.contains("cookie"),
        "{text}"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    out.sort();
    out
}
