//! The identify step: the `identify` form (with the password, unless the
//! org asks for the username first), one `redirect-idp` link per identity
//! provider, and the password's `recover` action.
//!
//! Invariants: the identify form never names a user; a `redirect-idp` is a
//! link (GET) carrying the state handle as `stateToken`, not a form; the
//! `recover` action is offered only where the password is asked for.

use serde_json::{Value, json};

use super::ctx::{Ctx, StepView};
use super::objects::password_authenticator;
use crate::http::url_encode;

/// The `identify` form (fixtures `v3/idp/idx/introspect/default.json`,
/// `identify-with-password.json`).
fn identify_form(ctx: &Ctx<'_>) -> Value {
    let mut fields = vec![json!({ "name": "identifier", "label": "Username", "required": true })];
    if !ctx.username_first {
        fields.push(json!({
            "name": "credentials",
            "type": "object",
            "form": { "value": [ { "name": "passcode", "label": "Password", "secret": true } ] },
            "required": true,
        }));
    }
    fields
        .push(json!({ "name": "rememberMe", "type": "boolean", "label": "Remember this device" }));
    Value::Object(ctx.form("identify", "/idp/idx/identify", fields))
}

/// One `redirect-idp` per identity provider (fixture
/// `identify-with-third-party-idps.json`): a link, not a form to post; the
/// state handle travels in the `href` as `stateToken`.
fn redirect_idp_forms(ctx: &Ctx<'_>) -> Vec<Value> {
    ctx.idps
        .iter()
        .map(|idp| {
            json!({
                "name": "redirect-idp",
                "type": idp.kind,
                "idp": { "id": idp.id, "name": idp.name },
                "href": format!(
                    "{}/sso/idps/{}?stateToken={}",
                    ctx.base,
                    url_encode(&idp.id),
                    url_encode(&ctx.tx.state_handle)
                ),
                "method": "GET",
            })
        })
        .collect()
}

/// `currentAuthenticator` of the identify form that asks for the password,
/// with the `recover` action (fixtures `v3/idp/idx/introspect/default.json`,
/// `identify-with-password.json`).
fn password_identify_current(ctx: &Ctx<'_>) -> Value {
    let mut v = password_authenticator();
    v["recover"] = Value::Object(ctx.form("recover", "/idp/idx/recover", vec![]));
    json!({ "type": "object", "value": v })
}

/// [`Step::Identify`](crate::store::Step::Identify): the identify form, the
/// identity providers, and the password's `recover` action where the form
/// asks for the password.
pub(super) fn identify(ctx: &Ctx<'_>) -> StepView {
    let mut remediation = vec![identify_form(ctx)];
    remediation.extend(redirect_idp_forms(ctx));
    let current = if ctx.username_first {
        vec![]
    } else {
        vec![("currentAuthenticator", password_identify_current(ctx))]
    };
    StepView {
        current,
        remediation,
        ..StepView::default()
    }
}

/// A step that needs a user, reached without one: the identify form alone.
pub(super) fn who_are_you(ctx: &Ctx<'_>) -> StepView {
    StepView {
        remediation: vec![identify_form(ctx)],
        ..StepView::default()
    }
}
