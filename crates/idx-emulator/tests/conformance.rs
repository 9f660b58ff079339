//! Conformance: each kind of response the emulator produces is compared with
//! the matching response recorded from Okta (`../shared/idx-fixtures`, read at
//! test time, never copied). Compared: top-level keys, remediation names and
//! order, each form's metadata (name, method, href path, relatesTo, refresh
//! presence), field names/types/flags (recursively, including the option
//! forms both sides share), current-authenticator keys and their actions
//! (`resend`, `poll`, `recover`), and every i18n message key. `redirect-idp` links are compared member by member, with the
//! href as a template (`/sso/idps/{id}?stateToken={stateHandle}`).
//! Deliberate differences are listed per case with the reason, so any other
//! drift fails.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};

fn fixtures_dir() -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/idx-fixtures/responses");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "fixtures not found at {} (required when CI=true)",
            dir.display()
        );
    }
    eprintln!(
        "SKIPPED: conformance fixtures not found at {}; set them up to run this test",
        dir.display()
    );
    None
}

fn load(dir: &std::path::Path, name: &str) -> Value {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("fixture {name} is not JSON: {e}"))
}

/// Deliberate differences for one case.
#[derive(Default)]
struct Allow {
    /// Top-level keys of the fixture the emulator does not produce.
    omit_top: &'static [&'static str],
    /// Top-level keys the emulator adds.
    extra_top: &'static [&'static str],
    /// Remediations of the fixture the emulator does not offer.
    omit_remediations: &'static [&'static str],
    /// Remediations the emulator adds (the recorded org had no such feature).
    extra_remediations: &'static [&'static str],
    /// Ids of the fixture's `redirect-idp` providers the emulator does not offer.
    omit_idps: &'static [&'static str],
    /// Keys of the fixture's current authenticator(-enrollment) value the emulator omits.
    omit_current: &'static [&'static str],
    /// Keys the emulator adds to the current authenticator(-enrollment) value.
    extra_current: &'static [&'static str],
    /// Why the option forms of `select-authenticator-authenticate` differ
    /// (the recorded user has other methods); empty = compare them.
    options_differ: &'static str,
    /// Why the remediation fields differ (policy differs from the recording);
    /// empty = compare them.
    fields_differ: &'static str,
    /// Remediations whose fields differ from this recording, each with the
    /// reason (their name, method, href and relatesTo are still compared).
    forms_differ: &'static [(&'static str, &'static str)],
    /// Choices (field name, option value) of the recording the emulator does
    /// not offer, removed from the recording before comparing.
    omit_choices: &'static [(&'static str, &'static str)],
    /// Message keys of the recording the emulator does not send here.
    omit_messages: &'static [&'static str],
    /// Message keys the emulator sends here and the recording lacks.
    extra_messages: &'static [&'static str],
}

/// `v` without the options listed in `omit` (field name, option value),
/// wherever such a field appears.
fn without_choices(v: &Value, omit: &[(&str, &str)]) -> Value {
    match v {
        Value::Object(m) => {
            let name = m.get("name").and_then(Value::as_str);
            Value::Object(
                m.iter()
                    .map(|(k, child)| match (k.as_str(), child) {
                        ("options", Value::Array(opts)) => {
                            let kept = opts
                                .iter()
                                .filter(|o| {
                                    !omit.iter().any(|(field, value)| {
                                        name == Some(*field) && o["value"] == *value
                                    })
                                })
                                .map(|o| without_choices(o, omit))
                                .collect();
                            (k.clone(), Value::Array(kept))
                        }
                        _ => (k.clone(), without_choices(child, omit)),
                    })
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.iter().map(|c| without_choices(c, omit)).collect()),
        other => other.clone(),
    }
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn adjusted(mut set: BTreeSet<String>, omit: &[&str], extra: &[&str]) -> BTreeSet<String> {
    for k in omit {
        set.remove(*k);
    }
    for k in extra {
        set.insert((*k).to_owned());
    }
    set
}

fn path_part(href: &str) -> String {
    match href.split_once("://") {
        Some((_, rest)) => rest
            .find('/')
            .map(|i| rest[i..].to_owned())
            .unwrap_or_default(),
        None => href.to_owned(),
    }
}

/// A field's signature: name, type, flags, nested form and option shapes.
fn field_sig(f: &Value) -> String {
    let flag = |k: &str| match &f[k] {
        Value::Bool(b) => format!("{k}={b}"),
        Value::String(s) => format!("{k}={s}"),
        _ => String::new(),
    };
    let mut s = format!(
        "{}:{}[{} {} {} {}]",
        f["name"].as_str().unwrap_or("?"),
        f["type"].as_str().unwrap_or("string"),
        flag("required"),
        flag("secret"),
        flag("mutable"),
        flag("visible"),
    );
    if let Some(sub) = f["form"]["value"].as_array() {
        s.push_str(&format!(
            "{{{}}}",
            sub.iter().map(field_sig).collect::<Vec<_>>().join(",")
        ));
    }
    if let Some(sub) = f["value"]["form"]["value"].as_array() {
        s.push_str(&format!(
            "={{{}}}",
            sub.iter().map(field_sig).collect::<Vec<_>>().join(",")
        ));
    }
    if let Some(opts) = f["options"].as_array() {
        if opts.iter().all(|o| o["value"].is_string()) {
            let list: Vec<String> = opts
                .iter()
                .map(|o| {
                    format!(
                        "{}={}",
                        o["label"].as_str().unwrap_or(""),
                        o["value"].as_str().unwrap_or("")
                    )
                })
                .collect();
            s.push_str(&format!("<{}>", list.join("|")));
        } else {
            s.push_str("<forms>");
        }
    }
    s
}

/// Compare option forms that both sides list under the same label.
fn compare_object_options(ctx: &str, ours: &Value, theirs: &Value, diffs: &mut Vec<String>) {
    let (Some(ours), Some(theirs)) = (ours["options"].as_array(), theirs["options"].as_array())
    else {
        return;
    };
    for o in ours {
        let label = o["label"].as_str().unwrap_or("");
        let Some(t) = theirs.iter().find(|t| t["label"] == label) else {
            continue;
        };
        let sig = |v: &Value| {
            v["value"]["form"]["value"]
                .as_array()
                .map(|a| a.iter().map(field_sig).collect::<Vec<_>>())
                .unwrap_or_default()
        };
        if sig(o) != sig(t) {
            diffs.push(format!(
                "{ctx} option {label:?}: ours {:?} vs Okta {:?}",
                sig(o),
                sig(t)
            ));
        }
        let ptr = |v: &Value| {
            v["relatesTo"]
                .as_str()
                .map(|s| s.split('[').next().unwrap_or("").to_owned())
        };
        if ptr(o) != ptr(t) {
            diffs.push(format!(
                "{ctx} option {label:?} relatesTo {:?} vs {:?}",
                ptr(o),
                ptr(t)
            ));
        }
    }
}

fn compare_form(
    ctx: &str,
    ours: &Value,
    theirs: &Value,
    options: bool,
    fields: bool,
    diffs: &mut Vec<String>,
) {
    for k in ["name", "method"] {
        if ours[k] != theirs[k] {
            diffs.push(format!("{ctx}.{k}: ours {} vs Okta {}", ours[k], theirs[k]));
        }
    }
    let (oh, th) = (
        path_part(ours["href"].as_str().unwrap_or("")),
        path_part(theirs["href"].as_str().unwrap_or("")),
    );
    // Okta's token href names the authorization server by id; ours by name.
    let same_href = oh == th || (oh.ends_with("/v1/token") && th.ends_with("/v1/token"));
    if !same_href {
        diffs.push(format!("{ctx}.href path: ours {oh} vs Okta {th}"));
    }
    if ours["relatesTo"] != theirs["relatesTo"] {
        diffs.push(format!(
            "{ctx}.relatesTo: ours {} vs Okta {}",
            ours["relatesTo"], theirs["relatesTo"]
        ));
    }
    if ours["refresh"].is_number() != theirs["refresh"].is_number() {
        diffs.push(format!("{ctx}.refresh presence differs"));
    }
    let Some(tfields) = theirs["value"].as_array().filter(|_| fields) else {
        return; // Some recordings list a form without its fields.
    };
    let ofields = ours["value"].as_array().cloned().unwrap_or_default();
    let osig: Vec<String> = ofields.iter().map(field_sig).collect();
    let tsig: Vec<String> = tfields.iter().map(field_sig).collect();
    // Field messages are compared separately, as keys.
    if osig != tsig {
        diffs.push(format!(
            "{ctx} fields:\n    ours {osig:?}\n    Okta {tsig:?}"
        ));
    }
    for (o, t) in ofields.iter().zip(tfields).filter(|_| options) {
        compare_object_options(&format!("{ctx}.{}", o["name"]), o, t, diffs);
    }
}

/// A `redirect-idp` href as a template: the provider id and the response's
/// state handle replaced by placeholders, the origin dropped.
fn idp_href_template(link: &Value, body: &Value) -> String {
    let mut path = path_part(link["href"].as_str().unwrap_or(""));
    if let Some(sh) = body["stateHandle"].as_str().filter(|s| !s.is_empty()) {
        path = path.replace(sh, "{stateHandle}");
    }
    if let Some(id) = link["idp"]["id"].as_str().filter(|s| !s.is_empty()) {
        path = path.replace(id, "{id}");
    }
    path
}

/// Compare two `redirect-idp` links (each with the body it came from): the
/// same members, the same `idp` members, `method`, `type` and `idp` values
/// (the emulated org is configured from the recording), and the href template.
fn compare_idp_link(
    ctx: &str,
    (ours, our_body): (&Value, &Value),
    (theirs, their_body): (&Value, &Value),
    diffs: &mut Vec<String>,
) {
    if keys(ours) != keys(theirs) {
        diffs.push(format!(
            "{ctx} members: ours {:?} vs Okta {:?}",
            keys(ours),
            keys(theirs)
        ));
    }
    if keys(&ours["idp"]) != keys(&theirs["idp"]) {
        diffs.push(format!(
            "{ctx} idp members: ours {:?} vs Okta {:?}",
            keys(&ours["idp"]),
            keys(&theirs["idp"])
        ));
    }
    for k in ["method", "type", "idp"] {
        if ours[k] != theirs[k] {
            diffs.push(format!("{ctx}.{k}: ours {} vs Okta {}", ours[k], theirs[k]));
        }
    }
    let (ot, tt) = (
        idp_href_template(ours, our_body),
        idp_href_template(theirs, their_body),
    );
    if ot != tt {
        diffs.push(format!("{ctx}.href: ours {ot} vs Okta {tt}"));
    }
}

/// Every i18n key under `messages` members anywhere in the forms and at the top.
fn message_keys(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                if k == "messages" {
                    for msg in child["value"].as_array().into_iter().flatten() {
                        if let Some(key) = msg["i18n"]["key"].as_str() {
                            out.insert(key.to_owned());
                        }
                    }
                } else if k != "authenticators" && k != "authenticatorEnrollments" {
                    message_keys(child, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|c| message_keys(c, out)),
        _ => {}
    }
}

fn compare(name: &str, ours: &Value, theirs: &Value, allow: &Allow) -> Vec<String> {
    let theirs = &without_choices(theirs, allow.omit_choices);
    let mut diffs = Vec::new();
    let ok = keys(ours);
    let tk = adjusted(keys(theirs), allow.omit_top, allow.extra_top);
    if ok != tk {
        diffs.push(format!(
            "{name}: top-level keys ours {ok:?} vs Okta(adjusted) {tk:?}"
        ));
    }
    let ours_forms: Vec<&Value> = ours["remediation"]["value"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| !allow.extra_remediations.iter().any(|n| r["name"] == *n))
        .collect();
    let theirs_forms: Vec<&Value> = theirs["remediation"]["value"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| !allow.omit_remediations.iter().any(|n| r["name"] == *n))
        .filter(|r| !allow.omit_idps.iter().any(|id| r["idp"]["id"] == *id))
        .collect();
    let names = |forms: &[&Value]| -> Vec<String> {
        forms
            .iter()
            .filter_map(|r| r["name"].as_str().map(str::to_owned))
            .collect()
    };
    if names(&ours_forms) != names(&theirs_forms) {
        diffs.push(format!(
            "{name}: remediations ours {:?} vs Okta {:?}",
            names(&ours_forms),
            names(&theirs_forms)
        ));
    }
    // The k-th remediation of a name is compared with the k-th of Okta's
    // (names repeat only for `redirect-idp`, one per provider).
    for (i, o) in ours_forms.iter().enumerate() {
        let k = ours_forms[..i]
            .iter()
            .filter(|p| p["name"] == o["name"])
            .count();
        let Some(t) = theirs_forms
            .iter()
            .filter(|t| t["name"] == o["name"])
            .nth(k)
        else {
            continue;
        };
        let ctx = format!("{name}: remediation {} #{k}", o["name"]);
        if o["name"] == "redirect-idp" {
            compare_idp_link(&ctx, (o, ours), (t, theirs), &mut diffs);
        } else {
            let options = allow.options_differ.is_empty();
            let fields = allow.fields_differ.is_empty()
                && !allow.forms_differ.iter().any(|(n, _)| o["name"] == *n);
            compare_form(&ctx, o, t, options, fields, &mut diffs);
        }
    }
    for action in ["cancel", "successWithInteractionCode"] {
        if ours[action].is_object() && theirs[action].is_object() {
            compare_form(
                &format!("{name}: {action}"),
                &ours[action],
                &theirs[action],
                true,
                true,
                &mut diffs,
            );
        }
    }
    for cur in ["currentAuthenticator", "currentAuthenticatorEnrollment"] {
        if ours[cur].is_object() && theirs[cur].is_object() {
            let ok = keys(&ours[cur]["value"]);
            let tk = adjusted(
                keys(&theirs[cur]["value"]),
                allow.omit_current,
                allow.extra_current,
            );
            if ok != tk {
                diffs.push(format!(
                    "{name}: {cur} keys ours {ok:?} vs Okta(adjusted) {tk:?}"
                ));
            }
            for k in ["type", "key"] {
                if ours[cur]["value"][k] != theirs[cur]["value"][k] {
                    diffs.push(format!("{name}: {cur}.{k} differs"));
                }
            }
            for action in ["resend", "poll", "recover"] {
                let (o, t) = (&ours[cur]["value"][action], &theirs[cur]["value"][action]);
                if o.is_object() && t.is_object() {
                    compare_form(
                        &format!("{name}: {cur}.{action}"),
                        o,
                        t,
                        true,
                        true,
                        &mut diffs,
                    );
                }
            }
        }
    }
    let (mut om, mut tm) = (BTreeSet::new(), BTreeSet::new());
    message_keys(ours, &mut om);
    message_keys(theirs, &mut tm);
    let tm = adjusted(tm, allow.omit_messages, allow.extra_messages);
    if om != tm {
        diffs.push(format!("{name}: message keys ours {om:?} vs Okta {tm:?}"));
    }
    if ours["version"] != theirs["version"] {
        diffs.push(format!("{name}: version differs"));
    }
    diffs
}

/// Signs `user` in with the password and submits the authenticator choice `authenticator`.
async fn select_with(emu: &Emu, user: &str, authenticator: Value) -> Reply {
    let select = emu.signed_in_with_password(user).await;
    emu.choose(&select, authenticator).await
}

#[derive(Default)]
struct Checked {
    failures: Vec<String>,
    cases: usize,
}

impl Checked {
    fn case(
        &mut self,
        dir: &std::path::Path,
        name: &str,
        fixture: &str,
        reply: &Reply,
        status: StatusCode,
        allow: Allow,
    ) {
        self.case_adjusted(dir, name, fixture, reply, status, allow, |_| {});
    }

    /// [`Checked::case`] against the recording as `adjust` leaves it (for a
    /// recording whose mock-server quirks are fixed up, each with its reason).
    #[allow(clippy::too_many_arguments)]
    fn case_adjusted(
        &mut self,
        dir: &std::path::Path,
        name: &str,
        fixture: &str,
        reply: &Reply,
        status: StatusCode,
        allow: Allow,
        adjust: impl FnOnce(&mut Value),
    ) {
        self.cases += 1;
        if reply.status != status {
            self.failures.push(format!(
                "{name}: status {} (expected {status})",
                reply.status
            ));
        }
        let mut theirs = load(dir, fixture);
        adjust(&mut theirs);
        self.failures.extend(compare(
            &format!("{name} [{fixture}]"),
            &reply.body,
            &theirs,
            &allow,
        ));
    }
}

#[tokio::test]
async fn idx_responses_match_recorded_okta_shapes() {
    let Some(dir) = fixtures_dir() else { return };
    let emu = Emu::demo();
    let mut c = Checked::default();

    // identify (introspect of a new transaction).
    let start = emu.started("openid profile email").await;
    c.case(
        &dir,
        "identify",
        "v3/idp/idx/introspect/default.json",
        &start,
        StatusCode::OK,
        Allow {
            // Self-service registration is not emulated; the recorded org had
            // no third-party IdP (see `identify_with_idps_matches_okta`).
            omit_remediations: &["select-enroll-profile"],
            extra_remediations: &["redirect-idp"],
            ..Allow::default()
        },
    );

    // Wrong password.
    let wrong = emu.identify(&start, DEMO, "nope").await;
    c.case(
        &dir,
        "wrong password",
        "v3/idp/idx/identify/error-wrong-password.json",
        &wrong,
        StatusCode::UNAUTHORIZED,
        Allow {
            // FastPass, registration and unlock are not emulated, and a failed
            // identify does not reveal the user (`user`) to the client.
            omit_top: &["authenticatorChallenge", "user"],
            omit_remediations: &[
                "launch-authenticator",
                "select-enroll-profile",
                "unlock-account",
            ],
            // The demo org's IdP; the recorded org had none.
            extra_remediations: &["redirect-idp"],
            ..Allow::default()
        },
    );

    // Select authenticator.
    let select = emu.signed_in_with_password(DEMO).await;
    c.case(
        &dir,
        "select authenticator",
        "v3/idp/idx/identify/verify-ov-mfa.json",
        &select,
        StatusCode::OK,
        Allow::default(),
    );
    let ov = select.okta_verify_id();

    // Okta Verify method choice (two-step selection).
    let data = select_with(&emu, DEMO, json!({ "id": ov })).await;
    c.case(
        &dir,
        "OV verification data",
        "v3/idp/idx/challenge/verify-ov-select-method.json",
        &data,
        StatusCode::OK,
        Allow {
            // Resending needs a chosen method first; the emulator offers no resend here.
            omit_current: &["resend"],
            ..Allow::default()
        },
    );

    // TOTP challenge, wrong code.
    let totp = emu.chose_okta_verify(DEMO, "totp").await;
    // `send` asks the server to push instead; the emulator's TOTP state does not offer it.
    let no_send = || Allow {
        omit_current: &["send"],
        ..Allow::default()
    };
    c.case(
        &dir,
        "TOTP challenge",
        "v3/idp/idx/challenge/verify-ov-code-mfa.json",
        &totp,
        StatusCode::OK,
        no_send(),
    );
    let current = emu.totp(DEMO).await;
    let bad = if current == "000000" {
        "111111"
    } else {
        "000000"
    };
    let wrong_code = emu.enter_totp(&totp, bad).await;
    c.case(
        &dir,
        "TOTP wrong code",
        "error-okta-verify-totp.json",
        &wrong_code,
        StatusCode::UNAUTHORIZED,
        no_send(),
    );

    // Success.
    let ok = emu.enter_totp(&totp, &current).await;
    c.case(
        &dir,
        "success",
        "v3/idp/idx/challenge/answer/default.json",
        &ok,
        StatusCode::OK,
        Allow::default(),
    );

    // Push sent / waiting; number challenge.
    let push = emu.chose_okta_verify(DEMO, "push").await;
    c.case(
        &dir,
        "push waiting",
        "v3/idp/idx/challenge/verify-ov-send-push.json",
        &push,
        StatusCode::OK,
        Allow::default(),
    );
    let push_nc = emu.chose_okta_verify(PUSH, "push").await;
    c.case(&dir, "push number challenge", "v3/idp/idx/challenge/verify-ov-push-manual.json", &push_nc, StatusCode::OK, Allow {
        options_differ: "push@example.com has Okta Verify push only; the recorded user also had TOTP",
        ..Allow::default()
    });
    if push_nc.correct_answer().is_none() {
        c.failures
            .push("push number challenge: no correctAnswer".into());
    }

    // Push rejected.
    let waiting = emu.pushes(DEMO).await.remove(0);
    emu.deny_push(&waiting).await;
    let rejected = emu.poll(&push).await;
    c.case(
        &dir,
        "push rejected",
        "authenticator-verification-okta-verify-reject-push.json",
        &rejected,
        StatusCode::OK,
        Allow::default(),
    );

    // Email: verification data, challenge, wrong code.
    let email_id = select.email_id();
    let edata = select_with(&emu, DEMO, json!({ "id": email_id })).await;
    c.case(
        &dir,
        "email verification data",
        "authenticator-verification-data-email.json",
        &edata,
        StatusCode::OK,
        Allow::default(),
    );
    let email = select_with(&emu, DEMO, json!({ "id": email_id, "methodType": "email" })).await;
    // That older recording lists no `authenticators`; the Gen3 ones do, and the
    // emulator lists them in every factor state.
    let email_allow = || Allow {
        extra_top: &["authenticators"],
        ..Allow::default()
    };
    c.case(
        &dir,
        "email challenge",
        "authenticator-verification-email.json",
        &email,
        StatusCode::OK,
        email_allow(),
    );
    let wrong_email = emu.enter_passcode(&email, "not-a-code").await;
    c.case(
        &dir,
        "email wrong code",
        "error-401-invalid-email-otp-passcode.json",
        &wrong_email,
        StatusCode::UNAUTHORIZED,
        email_allow(),
    );

    // Expired transaction, and an unknown state handle.
    emu.expire_transactions().await;
    let expired = emu.enter_passcode(&email, "x").await;
    c.case(
        &dir,
        "expired",
        "error-401-session-expired.json",
        &expired,
        StatusCode::UNAUTHORIZED,
        Allow::default(),
    );
    let unknown = emu
        .idx(
            "/idp/idx/challenge/answer",
            json!({ "stateHandle": "02nope" }),
        )
        .await;
    c.case(
        &dir,
        "unknown state handle",
        "v3/idp/idx/identify/error-session-expired.json",
        &unknown,
        StatusCode::UNAUTHORIZED,
        Allow::default(),
    );

    // Bad request.
    let bad_req = emu.raw("/idp/idx/identify", ION, "{oops").await;
    c.case(
        &dir,
        "bad request",
        "error-400-bad-request.json",
        &bad_req,
        StatusCode::BAD_REQUEST,
        Allow {
            // An unreadable body cannot be tied to a transaction.
            omit_top: &["stateHandle", "expiresAt", "intent"],
            ..Allow::default()
        },
    );

    assert!(c.cases >= 16);
    assert!(
        c.failures.is_empty(),
        "{} of {} cases drift from Okta's shapes:\n{}",
        c.failures.len(),
        c.cases,
        c.failures.join("\n")
    );
}

#[tokio::test]
async fn username_first_password_challenge_matches_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let emu = Emu::username_first();
    let start = emu.started("openid").await;
    let mut c = Checked::default();
    let unknown = emu.identify_username(&start, "nobody@example.com").await;
    c.case(
        &dir,
        "unknown user (username first)",
        "v3/idp/idx/identify/error-invalid-username.json",
        &unknown,
        StatusCode::OK,
        Allow {
            fields_differ: "the recording's org asks for the password in the identify form",
            // The emulator does not echo an unknown identifier back (`user`,
            // `authentication`); FastPass, registration and unlock are not emulated.
            omit_top: &[
                "currentAuthenticator",
                "authenticatorChallenge",
                "user",
                "authentication",
            ],
            omit_remediations: &[
                "launch-authenticator",
                "select-enroll-profile",
                "unlock-account",
            ],
            // The demo org's IdP; the recorded org had none.
            extra_remediations: &["redirect-idp"],
            ..Allow::default()
        },
    );
    let pw = emu.identify_username(&start, DEMO).await;
    assert_eq!(pw.remediations(), vec!["challenge-authenticator"]);
    let wrong = emu.enter_passcode(&pw, "nope").await;
    c.case(
        &dir,
        "password challenge, wrong password",
        "error-authenticator-verify-password.json",
        &wrong,
        StatusCode::UNAUTHORIZED,
        Allow {
            // The emulator's policy always asks for the password before any other
            // factor, so no authenticator switch (nor the enrollment list it
            // relates to) is offered in this state.
            omit_remediations: &["select-authenticator-authenticate"],
            omit_top: &["authenticatorEnrollments"],
            extra_top: &["app"],
            extra_current: &["methods"],
            ..Allow::default()
        },
    );
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
}

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

#[tokio::test]
async fn rate_limit_bodies_match_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let mut cfg = config();
    cfg.rate_limit_per_minute = 1;
    let emu = Emu::new(cfg);
    emu.idx("/idp/idx/introspect", json!({})).await;
    let idx429 = emu.idx("/idp/idx/introspect", json!({})).await;
    let mut c = Checked::default();
    c.case(
        &dir,
        "429 idx",
        "error-429-too-many-request.json",
        &idx429,
        StatusCode::TOO_MANY_REQUESTS,
        Allow::default(),
    );
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
    let oauth429 = emu.form("/oauth2/default/v1/token", &[]).await;
    assert_eq!(oauth429.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        keys(&oauth429.body),
        keys(&load(&dir, "error-429-api-limit-exceeded.json"))
    );
}

#[tokio::test]
async fn oauth_responses_match_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let emu = Emu::demo();
    let disco = emu
        .get("/oauth2/default/.well-known/openid-configuration")
        .await;
    let theirs = load(&dir, "oauth2/well-known-openid-configuration.json");
    assert_eq!(keys(&disco.body), keys(&theirs), "discovery keys");
    for k in [
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "jwks_uri",
        "revocation_endpoint",
        "end_session_endpoint",
        "introspection_endpoint",
    ] {
        assert_eq!(
            path_part(disco.body[k].as_str().expect(k)),
            path_part(theirs[k].as_str().expect(k)),
            "{k} path"
        );
    }

    let ih_reply = emu
        .form(
            "/oauth2/default/v1/interact",
            &[
                ("client_id", "demo-spa"),
                ("scope", "openid email profile"),
                ("redirect_uri", REDIRECT),
                ("code_challenge", &s256(VERIFIER)),
                ("code_challenge_method", "S256"),
            ],
        )
        .await;
    assert_eq!(
        keys(&ih_reply.body),
        keys(&load(&dir, "oauth2/interact.json"))
    );

    let jwks = emu.get("/oauth2/default/v1/keys").await.body;
    let their_jwks = load(&dir, "v3/oauth2/default/v1/keys/default.json");
    assert_eq!(
        keys(&jwks["keys"][0]),
        keys(&their_jwks["keys"][0]),
        "JWK members"
    );
    assert_eq!(jwks["keys"][0]["alg"], their_jwks["keys"][0]["alg"]);

    // A full sign-in without offline_access, to compare the token response.
    let ih = ih_reply.body["interaction_handle"].as_str().expect("ih");
    let start = emu.introspect(ih).await;
    let select = emu.identify(&start, DEMO, PASSWORD).await;
    let email_id = select.email_id();
    let ch = emu
        .choose(&select, json!({ "id": email_id, "methodType": "email" }))
        .await;
    let code = emu.email_code(DEMO).await;
    let ok = emu.enter_passcode(&ch, &code).await;
    let ic = ok.interaction_code().expect("ic");

    // Wrong verifier: exactly Okta's body.
    let wrong = emu
        .token(&[
            ("client_id", "demo-spa"),
            ("grant_type", "interaction_code"),
            ("interaction_code", &ic),
            ("code_verifier", &"b".repeat(43)),
        ])
        .await;
    assert_eq!(
        wrong.body,
        load(&dir, "oauth2/error-token-invalid-grant-pkce.json")
    );

    let tokens = emu.redeem(&ic).await;
    let their_tokens = load(&dir, "v3/oauth2/default/v1/token/default.json");
    assert_eq!(
        keys(&tokens.body),
        keys(&their_tokens),
        "token response members"
    );

    // Claims: ours ⊇ Okta's recorded ones (we add `nonce` when one was sent,
    // and `auth_time` on the access token).
    let payload = |t: &str| -> Value {
        use base64::Engine;
        let p = t.split('.').nth(1).expect("payload");
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(p)
                .expect("b64"),
        )
        .expect("json")
    };
    for (k, extra) in [("id_token", vec![]), ("access_token", vec!["auth_time"])] {
        let ours = keys(&payload(tokens.body[k].as_str().expect(k)));
        let theirs = keys(&payload(their_tokens[k].as_str().expect(k)));
        let ours_adj = adjusted(ours, &extra, &[]);
        assert_eq!(ours_adj, theirs, "{k} claim names");
    }
    let id = payload(tokens.body["id_token"].as_str().expect("id"));
    assert_eq!(id["amr"], json!(["pwd", "email", "mfa"]));
}

/// Okta Verify enrollment (protocol reference 8.6) for the user with no
/// authenticator. The newest recording (`enroll-okta-verify-mfa.json`, Gen3)
/// sets the shape; the older playground recordings are compared too, minus
/// their mock-server members.
#[tokio::test]
async fn okta_verify_enrollment_matches_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let emu = Emu::demo();
    let mut c = Checked::default();
    // SMS enrollment is not emulated.
    const NO_SMS: &[(&str, &str)] = &[("channel", "sms")];
    // Gen3 members the older recordings predate.
    const GEN3_TOP: &[&str] = &["app", "authenticatorEnrollments", "enrollmentAuthenticator"];
    // Members of the playground's mock server, not of Okta's responses.
    const PLAYGROUND_TOP: &[&str] = &["step", "context"];
    // The older recordings name the authenticator by instance id; Gen3 by
    // id, displayName and methods, as every other emulated state does.
    const OLD_CURRENT: &[&str] = &["authenticatorInstanceId"];
    const GEN3_CURRENT: &[&str] = &["id", "displayName", "methods"];
    const OLD_CHANNEL_FORM: (&str, &str) = (
        "select-enrollment-channel",
        "the playground's form has other flags and labels (visible id, required channel, \
         \"Email\"); compared with the Gen3 recording",
    );
    // What every older (playground) enrollment recording differs in.
    let playground = || Allow {
        omit_choices: NO_SMS,
        omit_top: PLAYGROUND_TOP,
        extra_top: GEN3_TOP,
        omit_current: OLD_CURRENT,
        extra_current: GEN3_CURRENT,
        forms_differ: &[OLD_CHANNEL_FORM],
        ..Allow::default()
    };

    let select = emu.signed_in_with_password(NEW).await;
    c.case(
        &dir,
        "select-authenticator-enroll",
        "authenticator-enroll-select-authenticator-with-usage-info.json",
        &select,
        StatusCode::OK,
        Allow {
            omit_choices: NO_SMS,
            extra_top: &["app", "authenticatorEnrollments"],
            ..Allow::default()
        },
    );

    let qr = emu.enrolling(NEW, "qrcode").await;
    let gen3 = "v3/idp/idx/credential/enroll/enroll-okta-verify-mfa.json";
    c.case(
        &dir,
        "enroll-poll (QR code)",
        gen3,
        &qr,
        StatusCode::OK,
        Allow {
            omit_choices: NO_SMS,
            forms_differ: &[(
                "select-authenticator-enroll",
                "enrollment is required: `authenticator` is required, as in \
                 authenticator-enroll-select-authenticator-with-usage-info.json",
            )],
            ..Allow::default()
        },
    );
    c.case(
        &dir,
        "enroll-poll (QR code, playground)",
        "authenticator-enroll-ov-qr.json",
        &qr,
        StatusCode::OK,
        playground(),
    );
    // The QR code's members and values, as recorded.
    let theirs = load(&dir, gen3);
    let (ours_data, their_data) = (
        qr.contextual_data(),
        &theirs["currentAuthenticator"]["value"]["contextualData"],
    );
    if keys(ours_data) != keys(their_data)
        || keys(&ours_data["qrcode"]) != keys(&their_data["qrcode"])
    {
        c.failures.push(format!(
            "QR contextualData members: ours {:?}/{:?} vs Okta {:?}/{:?}",
            keys(ours_data),
            keys(&ours_data["qrcode"]),
            keys(their_data),
            keys(&their_data["qrcode"])
        ));
    }
    for k in ["method", "type"] {
        if ours_data["qrcode"][k] != their_data["qrcode"][k] {
            c.failures.push(format!("QR qrcode.{k} differs"));
        }
    }
    if ours_data["selectedChannel"] != their_data["selectedChannel"] {
        c.failures.push("QR selectedChannel differs".into());
    }

    let data = emu.enrolling(NEW, "email").await;
    c.case(
        &dir,
        "enrollment-channel-data",
        "authenticator-enroll-ov-via-email.json",
        &data,
        StatusCode::OK,
        Allow {
            omit_top: &["step"],
            forms_differ: &[
                OLD_CHANNEL_FORM,
                (
                    "select-authenticator-enroll",
                    "this recording's channel choice is required and visible, unlike the \
                     other three; compared with them",
                ),
            ],
            ..playground()
        },
    );
    let sent = emu
        .submit(
            &data,
            "enrollment-channel-data",
            json!({ "email": "joy@okta.com" }),
        )
        .await;
    let fixture = "authenticator-enroll-ov-email.json";
    c.case(
        &dir,
        "enroll-poll (email)",
        fixture,
        &sent,
        StatusCode::OK,
        playground(),
    );
    let theirs = load(&dir, fixture);
    if sent.contextual_data() != &theirs["currentAuthenticator"]["value"]["contextualData"] {
        c.failures.push(format!(
            "email contextualData: ours {} vs Okta {}",
            sent.contextual_data(),
            theirs["currentAuthenticator"]["value"]["contextualData"]
        ));
    }

    assert_eq!(c.cases, 5);
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
}

/// Self-service password recovery: the `recover` action where the password
/// is current, the recovery's authenticator choice and challenge, the
/// `reset-authenticator` state with the password policy, its field message,
/// and the terminal answer when recovery is not possible.
#[tokio::test]
async fn password_recovery_matches_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let emu = Emu::demo();
    let mut c = Checked::default();
    // Okta names the authenticator being recovered in every recovery state
    // once the user is known (recorded in `authenticator-expired-password.json`);
    // the recordings below predate or lack it.
    const RECOVERING: &[&str] = &["recoveryAuthenticator"];

    // The recover action on the identify form that asks for the password.
    let start = emu.started("openid").await;
    c.case(
        &dir,
        "identify with password (playground)",
        "identify-with-password.json",
        &start,
        StatusCode::OK,
        Allow {
            // `step` is a member of the playground's mock server; registration is
            // not emulated; the demo org has an IdP; every emulated state names its app.
            omit_top: &["step"],
            extra_top: &["app"],
            omit_remediations: &["select-enroll-profile"],
            extra_remediations: &["redirect-idp"],
            ..Allow::default()
        },
    );

    // The recover action on the password challenge (username first).
    let uf = Emu::username_first();
    let uf_start = uf.started("openid").await;
    let challenge = uf.identify_username(&uf_start, DEMO).await;
    c.case(
        &dir,
        "password challenge (playground)",
        "authenticator-verification-password.json",
        &challenge,
        StatusCode::OK,
        Allow {
            // As in `username_first_password_challenge_matches_okta`: the policy
            // asks for the password first, so no authenticator switch is offered.
            omit_remediations: &["select-authenticator-authenticate"],
            omit_top: &["authenticatorEnrollments"],
            extra_top: &["app"],
            omit_current: &["profile"],
            extra_current: &["methods"],
            forms_differ: &[(
                "challenge-authenticator",
                "the playground's credentials field has no type and is not required; \
                 compared with error-authenticator-verify-password.json",
            )],
            ..Allow::default()
        },
    );

    // The recovery's choice of authenticator and its email challenge.
    let select = emu.recovering(DEMO).await;
    c.case(
        &dir,
        "recovery: select authenticator",
        "v3/idp/idx/identify/verify-ov-mfa.json",
        &select,
        StatusCode::OK,
        Allow {
            extra_top: RECOVERING,
            ..Allow::default()
        },
    );
    let email = emu
        .choose(
            &select,
            json!({ "id": select.email_id(), "methodType": "email" }),
        )
        .await;
    c.case(
        &dir,
        "recovery: email challenge",
        "authenticator-verification-email.json",
        &email,
        StatusCode::OK,
        Allow {
            // As in the sign-in's email challenge, plus the recovery member.
            extra_top: &["authenticators", "recoveryAuthenticator"],
            ..Allow::default()
        },
    );

    // reset-authenticator, and the same state rejecting a weak password.
    let code = emu.email_code(DEMO).await;
    let reset = emu.enter_passcode(&email, &code).await;
    let fixture = "authenticator-reset-password.json";
    // The playground's stateHandle field lacks `required` and `mutable`, which
    // every Gen3 recording (and this recording's own `cancel`) has.
    let gen3_state_handle = |theirs: &mut Value| {
        for f in theirs["remediation"]["value"][0]["value"]
            .as_array_mut()
            .expect("fields")
        {
            if f["name"] == "stateHandle" {
                f["required"] = json!(true);
                f["mutable"] = json!(false);
            }
        }
    };
    let reset_allow = |extra_messages| Allow {
        // A playground placeholder (`__embeddedContract`), not an Okta member.
        omit_top: &["enrollmentAuthenticator"],
        extra_top: RECOVERING,
        extra_messages,
        ..Allow::default()
    };
    c.case_adjusted(
        &dir,
        "reset-authenticator",
        fixture,
        &reset,
        StatusCode::OK,
        reset_allow(&[]),
        gen3_state_handle,
    );
    let theirs = load(&dir, fixture);
    let (ours_settings, their_settings) = (
        &reset.body["currentAuthenticator"]["value"]["settings"],
        &theirs["currentAuthenticator"]["value"]["settings"],
    );
    for member in ["complexity", "age"] {
        if keys(&ours_settings[member]) != keys(&their_settings[member]) {
            c.failures.push(format!(
                "reset-authenticator settings.{member}: ours {:?} vs Okta {:?}",
                keys(&ours_settings[member]),
                keys(&their_settings[member])
            ));
        }
    }
    if keys(ours_settings) != keys(their_settings) {
        c.failures
            .push("reset-authenticator settings members differ".into());
    }

    let weak = emu.reset_password(&reset, "short", false).await;
    c.case_adjusted(
        &dir,
        "reset-authenticator, requirements not met",
        fixture,
        &weak,
        StatusCode::BAD_REQUEST,
        reset_allow(&["password.passwordRequirementsNotMet"]),
        gen3_state_handle,
    );
    // The field message sits where, and is shaped as, the recorded password
    // rejection's (`password.common` on `credentials.passcode`).
    let recorded = load(&dir, "error-authenticator-enroll-password-common.json");
    let passcode_message = |body: &Value| -> Value {
        body["remediation"]["value"][0]["value"][0]["form"]["value"][0]["messages"]["value"][0]
            .clone()
    };
    let (ours_msg, their_msg) = (passcode_message(&weak.body), passcode_message(&recorded));
    if their_msg.is_null() || keys(&ours_msg) != keys(&their_msg) {
        c.failures.push(format!(
            "passcode field message members: ours {:?} vs Okta {:?}",
            keys(&ours_msg),
            keys(&their_msg)
        ));
    }
    if keys(&ours_msg["i18n"]) != keys(&their_msg["i18n"])
        || ours_msg["class"] != their_msg["class"]
    {
        c.failures
            .push("passcode field message i18n members or class differ".into());
    }
    let common = emu.reset_password(&reset, "Passw0rd", false).await;
    if passcode_message(&common.body) != their_msg {
        c.failures.push(format!(
            "password.common message: ours {} vs Okta {}",
            passcode_message(&common.body),
            their_msg
        ));
    }

    // No recovery possible: a terminal body, as Okta's terminal states are.
    let denied = emu.recovering(NEW).await;
    c.case(
        &dir,
        "recovery not allowed",
        "terminal-polling-window-expired.json",
        &denied,
        StatusCode::FORBIDDEN,
        Allow {
            omit_messages: &["E0000010"],
            extra_messages: &["oie.selfservice.reset.password.not.allowed"],
            ..Allow::default()
        },
    );

    assert_eq!(c.cases, 7);
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
}

/// Security keys: the WebAuthn set-up, verify and refused-assertion states
/// against the recordings in `extra/`, with the virtual key as the browser.
#[tokio::test]
async fn webauthn_matches_okta() {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    use idx_emulator::webauthn::device::{Attest, VirtualKey};

    let Some(dir) = fixtures_dir() else { return };
    let mut config = config();
    config.allowed_origins = vec![ORIGIN.to_owned(), "http://localhost:8080".to_owned()];
    let emu = Emu::new(config);
    let mut c = Checked::default();
    let decode = |v: &Value| {
        URL_SAFE_NO_PAD
            .decode(v.as_str().unwrap_or(""))
            .expect("b64url")
    };
    const LISTS: &str = "the recorded user may enroll or verify with other authenticators \
                         (password, phone, security question) the emulated org lacks";

    let select = emu.signed_in_with_password("key@example.com").await;
    let option = &select.form("select-authenticator-enroll")["value"][0]["options"][0];
    let id = option["value"]["form"]["value"][0]["value"].clone();
    let setup = emu
        .submit(
            &select,
            "select-authenticator-enroll",
            json!({ "authenticator": { "id": id } }),
        )
        .await;
    c.case(
        &dir,
        "WebAuthn set-up",
        "../extra/authenticator-enroll-webauthn.json",
        &setup,
        StatusCode::OK,
        Allow {
            options_differ: LISTS,
            // Every emulated state names the app; this recording has none.
            extra_top: &["app"],
            ..Allow::default()
        },
    );
    let activation =
        &setup.body["currentAuthenticator"]["value"]["contextualData"]["activationData"];
    let theirs = load(&dir, "../extra/authenticator-enroll-webauthn.json");
    let recorded = &theirs["currentAuthenticator"]["value"]["contextualData"]["activationData"];
    if keys(activation) != adjusted(keys(recorded), &["hints"], &[]) {
        c.failures.push(format!(
            "activationData keys ours {:?} vs Okta {:?} (less hints)",
            keys(activation),
            keys(recorded)
        ));
    }

    let mut key = VirtualKey::es256();
    let created = key.create(
        "localhost",
        "http://localhost:8080",
        &decode(&activation["challenge"]),
        &decode(&activation["user"]["id"]),
        Attest::None,
    );
    let done = emu
        .submit(
            &setup,
            "enroll-authenticator",
            json!({ "credentials": {
                "clientData": STANDARD.encode(&created.client_data_json),
                "attestation": STANDARD.encode(&created.attestation_object),
                "transports": "[]",
                "clientExtensions": "{}",
            } }),
        )
        .await;
    assert!(done.interaction_code().is_some(), "{}", done.text);

    let select = emu.signed_in_with_password("key@example.com").await;
    let challenge = emu
        .choose(
            &select,
            json!({ "id": "autWebAuthn000000001", "methodType": "webauthn" }),
        )
        .await;
    c.case_adjusted(
        &dir,
        "WebAuthn verify",
        "../extra/authenticator-verification-webauthn.json",
        &challenge,
        StatusCode::OK,
        Allow {
            options_differ: LISTS,
            ..Allow::default()
        },
        |theirs| {
            // The recording misspells `required` on the credentials object
            // (the failure recording of the same form spells it right).
            let credentials = &mut theirs["remediation"]["value"][0]["value"][0];
            credentials["required"] = json!(true);
            if let Some(m) = credentials.as_object_mut() {
                m.remove("requred");
            }
        },
    );
    let data = &challenge.body["currentAuthenticator"]["value"]["contextualData"]["challengeData"];
    if keys(data)
        != BTreeSet::from(["challenge", "userVerification", "extensions"].map(String::from))
    {
        c.failures
            .push(format!("challengeData keys {:?}", keys(data)));
    }

    let mut stranger = VirtualKey::es256();
    let wrong = stranger.get(
        "localhost",
        "http://localhost:8080",
        &decode(&data["challenge"]),
    );
    let refused = emu
        .submit(
            &challenge,
            "challenge-authenticator",
            json!({ "credentials": {
                "clientData": STANDARD.encode(&wrong.client_data_json),
                "authenticatorData": STANDARD.encode(&wrong.authenticator_data),
                "signatureData": STANDARD.encode(&wrong.signature),
            } }),
        )
        .await;
    c.case(
        &dir,
        "WebAuthn refused",
        "../extra/error-authenticator-webauthn-failure.json",
        &refused,
        StatusCode::BAD_REQUEST,
        Allow {
            options_differ: LISTS,
            forms_differ: &[(
                "challenge-authenticator",
                "the failure recording lists authenticatorData before clientData; \
                 the emulator keeps the verify recording's order",
            )],
            ..Allow::default()
        },
    );

    assert_eq!(c.cases, 3);
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
}
