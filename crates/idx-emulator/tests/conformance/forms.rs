//! Comparing one form (a remediation, `cancel`, `successWithInteractionCode`
//! or an authenticator's action) with the recorded one, and a
//! `redirect-idp` link with its href as a template.
//!
//! Invariants: a form is compared by name, method, href path, `relatesTo`,
//! `refresh` presence and its fields' signatures (name, type, flags, nested
//! forms and options), never by values that differ by nature.

use serde_json::Value;

use crate::shape::{keys, path_part};

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

/// Adds to `diffs` how form `ours` differs from `theirs` (`options`: compare
/// option forms too; `fields`: compare the fields).
pub(crate) fn compare_form(
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
pub(crate) fn compare_idp_link(
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
