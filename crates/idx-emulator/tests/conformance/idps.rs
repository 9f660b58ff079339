//! Identify with third-party identity providers: the `redirect-idp` links
//! of the recorded org, configured into the emulated one.
//!
//! Invariants: the emulated org is configured from the recording itself
//! (ids, names, types, order), minus the providers it cannot emulate, each
//! named with its reason.

use axum::http::StatusCode;

use crate::common::*;
use crate::compare::Allow;
use crate::recordings::{Checked, fixtures_dir, load};

#[tokio::test]
async fn identify_with_idps_matches_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let fixture = "identify-with-third-party-idps.json";
    // The X509 provider is mutual TLS on a host of its own, not emulated.
    let omit_idps: &[&str] = &["x509-123"];
    // The emulated org gets the recorded org's providers, all signing in as
    // the demo user, so names, types and order can be compared exactly.
    let recorded = load(&dir, fixture);
    let mut cfg = config();
    cfg.username_first = true; // the recorded identify asks for the username only
    cfg.idps = recorded["remediation"]["value"]
        .as_array()
        .expect("remediations")
        .iter()
        .filter(|r| r["name"] == "redirect-idp")
        .filter(|r| !omit_idps.iter().any(|id| r["idp"]["id"] == *id))
        .map(|r| idx_emulator::Idp {
            id: r["idp"]["id"].as_str().expect("idp.id").to_owned(),
            name: r["idp"]["name"].as_str().expect("idp.name").to_owned(),
            kind: r["type"].as_str().expect("type").to_owned(),
            username: DEMO.to_owned(),
            mfa: false,
        })
        .collect();
    assert_eq!(cfg.idps.len(), 5, "the recording lists five hosted IdPs");
    let emu = Emu::new(cfg);
    let start = emu.started("openid").await;
    let mut c = Checked::default();
    c.case(
        &dir,
        "identify with IdPs",
        fixture,
        &start,
        StatusCode::OK,
        Allow {
            // Registration is not emulated; every emulated response names its app.
            omit_remediations: &["select-enroll-profile"],
            omit_idps,
            extra_top: &["app"],
            fields_differ: "the recording's identify form is an older shape (identifier not \
                            marked required, no rememberMe); identify is compared with the Gen3 \
                            recordings in idx_responses_match_recorded_okta_shapes",
            ..Allow::default()
        },
    );
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));

    // With no IdP configured, identify offers none.
    let mut cfg = config();
    cfg.idps.clear();
    let plain = Emu::new(cfg).started("openid").await;
    assert_eq!(plain.remediations(), vec!["identify"]);
}
