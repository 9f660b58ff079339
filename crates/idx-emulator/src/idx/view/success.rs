//! Success: `successWithInteractionCode`, the form that redeems the
//! interaction code at the token endpoint.
//!
//! Invariants: the form posts form-encoded to `/oauth2/default/v1/token`
//! with the `interaction_code` grant, the code and the client id filled in,
//! and the `code_verifier` left for the client, which alone knows it.

use serde_json::json;

use super::ctx::{Ctx, StepView};

/// [`Step::Success`](crate::store::Step::Success) (fixture
/// `v3/idp/idx/challenge/answer/default.json`).
pub(super) fn success(ctx: &Ctx<'_>, interaction_code: &str) -> StepView {
    let issue = json!({
        "rel": ["create-form"],
        "name": "issue",
        "href": format!("{}/oauth2/default/v1/token", ctx.base),
        "method": "POST",
        "value": [
            { "name": "grant_type", "required": true, "value": "interaction_code" },
            { "name": "interaction_code", "required": true, "value": interaction_code },
            { "name": "client_id", "required": true, "value": ctx.tx.client_id },
            { "name": "code_verifier", "required": true },
        ],
        "accepts": "application/x-www-form-urlencoded",
    });
    StepView {
        current: vec![("successWithInteractionCode", issue)],
        ..StepView::default()
    }
}
