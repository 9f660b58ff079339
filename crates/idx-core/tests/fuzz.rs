//! Property tests: arbitrary bytes and arbitrary JSON never panic the parsers,
//! and whatever parses can be turned into requests without panicking.

use idx_core::{
    IdToken, IdxOutcome, StepName, Values, decode_id_token, parse_idx_response,
    parse_interact_response, parse_jwks, parse_token_response,
};
use proptest::prelude::*;
use serde_json::{Value, json};

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
    #![proptest_config(ProptestConfig::with_cases(512))]

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
