//! Comparing an emulator body with a recording: top-level keys, remediation
//! names and order, each form (see `forms`), the current authenticator's
//! keys and actions, and every i18n message key; [`Allow`] lists the
//! deliberate differences of one case.
//!
//! Invariants: values that differ by nature (handles, codes, ids, times)
//! are never compared; everything else that differs and is not listed in
//! the case's `Allow`, with its reason, is reported.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::forms::{compare_form, compare_idp_link};
use crate::shape::{adjusted, keys};

/// Deliberate differences for one case.
#[derive(Default)]
pub(crate) struct Allow {
    /// Top-level keys of the fixture the emulator does not produce.
    pub(crate) omit_top: &'static [&'static str],
    /// Top-level keys the emulator adds.
    pub(crate) extra_top: &'static [&'static str],
    /// Remediations of the fixture the emulator does not offer.
    pub(crate) omit_remediations: &'static [&'static str],
    /// Remediations the emulator adds (the recorded org had no such feature).
    pub(crate) extra_remediations: &'static [&'static str],
    /// Ids of the fixture's `redirect-idp` providers the emulator does not offer.
    pub(crate) omit_idps: &'static [&'static str],
    /// Keys of the fixture's current authenticator(-enrollment) value the emulator omits.
    pub(crate) omit_current: &'static [&'static str],
    /// Keys the emulator adds to the current authenticator(-enrollment) value.
    pub(crate) extra_current: &'static [&'static str],
    /// Why the option forms of `select-authenticator-authenticate` differ
    /// (the recorded user has other methods); empty = compare them.
    pub(crate) options_differ: &'static str,
    /// Why the remediation fields differ (policy differs from the recording);
    /// empty = compare them.
    pub(crate) fields_differ: &'static str,
    /// Remediations whose fields differ from this recording, each with the
    /// reason (their name, method, href and relatesTo are still compared).
    pub(crate) forms_differ: &'static [(&'static str, &'static str)],
    /// Choices (field name, option value) of the recording the emulator does
    /// not offer, removed from the recording before comparing.
    pub(crate) omit_choices: &'static [(&'static str, &'static str)],
    /// Message keys of the recording the emulator does not send here.
    pub(crate) omit_messages: &'static [&'static str],
    /// Message keys the emulator sends here and the recording lacks.
    pub(crate) extra_messages: &'static [&'static str],
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

/// Every drift of `ours` from the recording `theirs`, allowing `allow`.
pub(crate) fn compare(name: &str, ours: &Value, theirs: &Value, allow: &Allow) -> Vec<String> {
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
