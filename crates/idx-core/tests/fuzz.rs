//! Property tests (the fuzz targets): arbitrary bytes and arbitrary JSON never
//! panic the parsers, whatever parses can be turned into requests without
//! panicking, and hostile typed values (very long, unicode, control
//! characters, markup, quotes) either are refused with an `InputError` or
//! reach the request body byte for byte, as valid JSON.
//!
//! Budget: `IDX_FUZZ_CASES` cases per target (default 512, which keeps
//! `cargo test` quick); `cargo xtask test` raises it. Failures are persisted
//! next to this file in `fuzz.proptest-regressions`, which is committed: every
//! case there is replayed first on each run, so a crash once found stays a
//! regression test.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use idx_core::{
    IdToken, IdxOutcome, StepName, Values, decode_id_token, parse_idx_response,
    parse_interact_response, parse_jwks, parse_token_response,
};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Value, json};

/// Cases per target: `IDX_FUZZ_CASES`, default 512.
fn budget() -> ProptestConfig {
    let cases = std::env::var("IDX_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512);
    ProptestConfig {
        cases,
        // Relative to this source file: tests/fuzz.proptest-regressions.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

/// Strings a hostile or clumsy user might type: long runs, astral and
/// combining unicode, control and bidi characters, markup, quotes, escapes.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\u{0}-\\u{1f}\\u{7f}\\u{202e}\\u{200b}\\u{feff}a-z0-9]{0,40}",
        Just("<script>alert(1)</script>".to_owned()),
        Just("\"><img src=x onerror=alert(1)>".to_owned()),
        Just("'; DROP TABLE users; --".to_owned()),
        Just("\\u0000\\\\\"\\n".to_owned()),
        Just("e\u{301}\u{1F600}\u{10FFFF}".to_owned()),
        (1usize..20_000).prop_map(|n| "9".repeat(n)),
        (1usize..5_000).prop_map(|n| "\u{1F600}".repeat(n)),
    ]
}

/// Every recorded response that parses to a transaction, once per process.
fn recorded() -> &'static [(String, idx_core::Transaction)] {
    static CELL: std::sync::OnceLock<Vec<(String, idx_core::Transaction)>> =
        std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let Some(dir) = common::fixtures_dir("fuzz") else {
            return Vec::new();
        };
        let mut files: Vec<_> = walk(&dir.join("responses"));
        files.sort();
        files
            .into_iter()
            .filter_map(|path| {
                let bytes = std::fs::read(&path).ok()?;
                match parse_idx_response(200, Some(idx_core::ION_JSON), &bytes) {
                    Ok(IdxOutcome::Transaction(t)) => Some((path.display().to_string(), *t)),
                    _ => None,
                }
            })
            .collect()
    })
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
    out
}

/// Every string leaf of a JSON document.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        Value::Object(map) => map.values().for_each(|i| strings(i, out)),
        _ => {}
    }
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        prop_oneof![
            Just("1.0.0".to_owned()),
            Just("identify".to_owned()),
            Just("$.currentAuthenticator".to_owned()),
            Just("$.authenticators.value[0]".to_owned()),
            "[a-zA-Z$.\\[\\]0-9]{0,12}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        let key = prop_oneof![
            Just("version".to_owned()),
            Just("remediation".to_owned()),
            Just("value".to_owned()),
            Just("name".to_owned()),
            Just("form".to_owned()),
            Just("options".to_owned()),
            Just("relatesTo".to_owned()),
            Just("messages".to_owned()),
            Just("rel".to_owned()),
            Just("href".to_owned()),
            Just("mutable".to_owned()),
            Just("required".to_owned()),
            Just("successWithInteractionCode".to_owned()),
            Just("currentAuthenticator".to_owned()),
            "[a-z]{1,6}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(key, inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Exercises everything downstream of a parsed state.
fn use_outcome(outcome: IdxOutcome) {
    if let IdxOutcome::Transaction(t) = outcome {
        for step in &t.available_steps {
            let _ = t.proceed_request(&step.name, &Values::new());
            let _ = t.proceed_request(
                &step.name,
                &Values::new()
                    .text("authenticator", "okta_verify")
                    .text("methodType", "push"),
            );
        }
        let _ = t.poll_request();
        let _ = t.resend_request();
        let _ = t.cancel_request();
        let _ = t.proceed_request(&StepName::Identify, &Values::new().text("username", "u"));
    }
}

proptest! {
    #![proptest_config(budget())]

    #[test]
    fn bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512), status in 100u16..600) {
        if let Ok(outcome) = parse_idx_response(status, None, &bytes) {
            use_outcome(outcome);
        }
        let _ = parse_interact_response(status, None, &bytes);
        let _ = parse_token_response(status, None, &bytes);
        let _ = parse_jwks(status, None, &bytes);
        let _ = decode_id_token(&IdToken::new(String::from_utf8_lossy(&bytes)));
    }

    #[test]
    fn json_never_panics(mut doc in arb_json(), status in 100u16..600) {
        if let Value::Object(map) = &mut doc {
            map.insert("version".into(), json!("1.0.0"));
        }
        let bytes = serde_json::to_vec(&doc).unwrap();
        if let Ok(outcome) = parse_idx_response(status, Some("application/json"), &bytes) {
            use_outcome(outcome);
        }
    }

    #[test]
    fn remediation_shaped_json_never_panics(fields in prop::collection::vec(arb_json(), 0..4), name in "[a-z-]{0,20}") {
        let doc = json!({"version": "1.0.0", "remediation": {"type": "array", "value": [
            {"rel": ["create-form"], "name": name, "href": "http://x/y", "value": fields}
        ]}});
        let bytes = serde_json::to_vec(&doc).unwrap();
        if let Ok(outcome) = parse_idx_response(200, None, &bytes) {
            use_outcome(outcome);
        }
    }
}

proptest! {
    #![proptest_config(budget())]

    /// The request builders on every recorded state: hostile values for every
    /// step never panic; a built request has valid JSON whose strings include
    /// each typed text exactly (no truncation, no lossy escaping).
    #[test]
    fn hostile_values_on_recorded_steps(
        pick in any::<prop::sample::Index>(),
        username in hostile_text(),
        password in hostile_text(),
        code in hostile_text(),
    ) {
        let states = recorded();
        if states.is_empty() {
            // fixtures_dir already printed SKIPPED (or panicked under CI=true).
            return Ok(());
        }
        let (file, t) = &states[pick.index(states.len())];
        let typed = [("username", &username), ("password", &password), ("verificationCode", &code)];
        for step in &t.available_steps {
            // Only the inputs this step has: unknown names are refused by design.
            let mut values = Values::new();
            for (name, text) in typed {
                if step.input(name).is_some() {
                    values.insert_text(name, text.clone());
                }
            }
            let Ok(request) = t.proceed_request(&step.name, &values) else {
                continue;
            };
            let body = request.body.as_deref().unwrap_or("{}");
            let doc: Value = serde_json::from_str(body)
                .map_err(|e| TestCaseError::fail(format!("{file} {}: body is not JSON: {e}", step.name.as_str())))?;
            let mut sent = Vec::new();
            strings(&doc, &mut sent);
            for (name, text) in typed {
                if step.input(name).is_some() {
                    prop_assert!(
                        sent.iter().any(|s| s == text),
                        "{file} {}: {name} not sent verbatim", step.name.as_str()
                    );
                }
            }
            prop_assert!(request.url.starts_with("http"), "{file}: relative URL");
        }
    }

    /// `poll`, `resend`, `cancel` and the identify builder never panic on any
    /// recorded state, whatever the username.
    #[test]
    fn action_builders_on_recorded_states(pick in any::<prop::sample::Index>(), username in hostile_text()) {
        let states = recorded();
        if states.is_empty() {
            return Ok(());
        }
        let (_, t) = &states[pick.index(states.len())];
        let _ = t.poll_request();
        let _ = t.resend_request();
        let _ = t.cancel_request();
        let _ = t.proceed_request(&StepName::Identify, &Values::new().text("username", username));
    }
}

/// The hostile-values target is not vacuous: on the recorded identify step a
/// username full of markup, quotes, NUL and bidi controls is sent verbatim.
#[test]
fn hostile_username_reaches_the_identify_body_verbatim() {
    let Some(dir) = common::fixtures_dir("hostile_username_reaches_the_identify_body_verbatim")
    else {
        return;
    };
    let t = common::transaction(&dir, "identify-with-password.json");
    let hostile = "\u{202e}<script>\"x\u{0}\\</script>\u{1F600}";
    let request = t
        .proceed_request(
            &StepName::Identify,
            &Values::new()
                .text("username", hostile)
                .text("password", "p\"w"),
        )
        .expect("identify builds");
    let doc: Value = serde_json::from_str(request.body.as_deref().expect("body")).expect("JSON");
    let mut sent = Vec::new();
    strings(&doc, &mut sent);
    assert!(sent.iter().any(|s| s == hostile));
    assert!(sent.iter().any(|s| s == "p\"w"));
    // Proptest's budget honours the env var the runner sets.
    assert!(budget().cases >= 1);
}
