//! The emulated third-party identity providers behind `redirect-idp`:
//! `GET /sso/idps/{id}?stateToken=...` shows the provider's sign-in page and
//! `POST /sso/idps/{id}` ends the round trip with a `303 See Other` to the
//! transaction's redirect URI (protocol reference 3.12): with the interaction
//! code, or, for an IdP whose policy wants one more factor (`Idp::mfa`), with
//! `error=interaction_required` and the transaction waiting at the factor
//! choice.
//!
//! Invariants: these are browser navigations, so every answer is an HTML page
//! or a redirect, never JSON, and no CORS is involved; the redirect target is
//! always the redirect URI registered at `/v1/interact`, carrying the OAuth
//! `state` the client sent there (omitted when it sent none); only a live
//! transaction still at the identify step can be continued, so one
//! `redirect-idp` href yields at most one interaction code, issued by the same
//! code path as an IDX sign-in; logs never carry the state token or the code.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::config::{Config, Idp};
use crate::http::{html, html_escape, now_unix, parse_form, str_field, url_encode, with_query};
use crate::store::{AppState, Step, Store};

/// `error_description` of the redirect when the policy wants another factor.
const MORE_VERIFICATION: &str = "Additional verification is required.";

/// `error_description` of the redirect when the user cancels at the IdP.
const CANCELLED: &str = "The user cancelled the sign-in at the identity provider.";

/// The IdP routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/sso/idps/{id}", get(page).post(submit))
}

/// A small HTML page explaining why the IdP cannot go on.
fn problem(status: StatusCode, title: &str, text: &str) -> Response {
    html(
        status,
        format!(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>{title}</title>{HEAD}</head>\n<body><main>\
             <h1>{title}</h1><p id=\"idp-error\">{text}</p>\
             <p class=\"muted\">Return to the application and start the sign-in again.</p>\
             </main></body></html>\n",
            title = html_escape(title),
            text = html_escape(text),
        ),
    )
}

fn unknown_idp() -> Response {
    problem(
        StatusCode::NOT_FOUND,
        "Unknown identity provider",
        "This org has no identity provider with that id.",
    )
}

/// Why the IdP cannot go on; [`Refusal::page`] renders it.
#[derive(Debug)]
struct Refusal {
    status: StatusCode,
    title: &'static str,
    text: &'static str,
}

impl Refusal {
    fn page(&self) -> Response {
        problem(self.status, self.title, self.text)
    }
}

/// The live transaction `token` names, if it may still use an IdP: its
/// interaction handle, or why not.
fn at_identify(store: &Store, token: Option<&str>, now: u64) -> Result<String, Refusal> {
    let invalid = |text| Refusal {
        status: StatusCode::BAD_REQUEST,
        title: "Sign-in link not valid",
        text,
    };
    let unknown = "The stateToken does not belong to a sign-in in progress.";
    let token = token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| invalid("The link has no stateToken."))?;
    let ih = store
        .by_state_handle
        .get(token)
        .ok_or_else(|| invalid(unknown))?;
    let tx = store.transactions.get(ih).ok_or_else(|| invalid(unknown))?;
    if tx.expires_at <= now {
        return Err(invalid("The sign-in has expired."));
    }
    if tx.step != Step::Identify {
        return Err(Refusal {
            status: StatusCode::CONFLICT,
            title: "Sign-in already moved on",
            text: "This sign-in is no longer waiting for an identity provider.",
        });
    }
    Ok(ih.clone())
}

/// The canonical login `idp` signs in as, or why there is none (a
/// programmatic [`Config`] is not validated like a users file).
fn idp_user(config: &Config, idp: &Idp) -> Result<String, Refusal> {
    config
        .user(&idp.username)
        .map(|u| u.username.clone())
        .ok_or(Refusal {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            title: "Identity provider misconfigured",
            text: "The user this identity provider signs in as does not exist in this org.",
        })
}

fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// `GET /sso/idps/{id}?stateToken=...`: the provider's sign-in page.
async fn page(
    State(app): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let config = &app.config;
    let Some(idp) = config.idp(&id) else {
        return unknown_idp();
    };
    let token = query_param(query.as_deref(), "stateToken");
    if let Err(refusal) = at_identify(&app.store(), token.as_deref(), now_unix()) {
        return refusal.page();
    }
    let username = match idp_user(config, idp) {
        Ok(u) => u,
        Err(refusal) => return refusal.page(),
    };
    html(
        StatusCode::OK,
        idp_page(idp, &username, token.as_deref().unwrap_or("")),
    )
}

/// `POST /sso/idps/{id}` (form: `stateToken`, `action=continue|cancel`).
async fn submit(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let config = &app.config;
    let Some(idp) = config.idp(&id) else {
        return unknown_idp();
    };
    let Ok(form) = parse_form(&headers, &body) else {
        return problem(
            StatusCode::BAD_REQUEST,
            "Bad request",
            "Send the identity provider's form (application/x-www-form-urlencoded).",
        );
    };
    let now = now_unix();
    let mut store = app.store();
    let ih = match at_identify(&store, str_field(&form, "stateToken"), now) {
        Ok(ih) => ih,
        Err(refusal) => return refusal.page(),
    };
    // `at_identify` found it under the same lock.
    let Some(mut tx) = store.transactions.get(&ih).cloned() else {
        return unknown_idp();
    };
    let (redirect_uri, state) = (tx.redirect_uri.clone(), tx.oauth_state.clone());
    let with_state = |mut params: Vec<(&'static str, String)>| {
        if let Some(s) = &state {
            params.push(("state", s.clone()));
        }
        let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        with_query(&redirect_uri, &pairs)
    };
    match str_field(&form, "action") {
        Some("continue") => {
            let username = match idp_user(config, idp) {
                Ok(u) => u,
                Err(refusal) => return refusal.page(),
            };
            let needs_factor =
                idp.mfa && config.user(&username).is_some_and(crate::idx::has_factors);
            tx.username = Some(username);
            // RFC 8176 has no federation value; Okta reports one as `fed`.
            tx.amr = vec!["fed"];
            tx.idp = Some(idp.id.clone());
            tx.expires_at = now + config.state_lifetime.as_secs();
            if needs_factor {
                // Back to the app, which resumes the transaction (introspect)
                // and finds the factor choice.
                tx.step = Step::SelectAuthenticator;
                store.transactions.insert(ih, tx);
                return see_other(&with_state(vec![
                    ("error", "interaction_required".to_owned()),
                    ("error_description", MORE_VERIFICATION.to_owned()),
                ]));
            }
            crate::idx::finish(&mut store, &mut tx, now);
            let Step::Success { interaction_code } = &tx.step else {
                return problem(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Sign-in failed",
                    "The sign-in did not complete.",
                );
            };
            let location = with_state(vec![("interaction_code", interaction_code.clone())]);
            store.transactions.insert(ih, tx);
            see_other(&location)
        }
        Some("cancel") => {
            eprintln!("idx-emulator: sign-in cancelled at an emulated IdP");
            see_other(&with_state(vec![
                ("error", "access_denied".to_owned()),
                ("error_description", CANCELLED.to_owned()),
            ]))
        }
        _ => problem(
            StatusCode::BAD_REQUEST,
            "Bad request",
            "The action must be continue or cancel.",
        ),
    }
}

/// `303 See Other` to `location` (already percent-encoded, so a valid header).
fn see_other(location: &str) -> Response {
    let mut resp = StatusCode::SEE_OTHER.into_response();
    let h = resp.headers_mut();
    match HeaderValue::from_str(location) {
        Ok(v) => {
            h.insert(header::LOCATION, v);
        }
        Err(_) => {
            return problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Bad redirect URI",
                "The transaction's redirect URI cannot be used in a Location header.",
            );
        }
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// Shared `<head>` tail: viewport and a little style (no external resources).
const HEAD: &str = "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<style>\
body{font-family:system-ui,sans-serif;margin:2rem;color:#1d1d21}\
main{max-width:28rem;margin:0 auto;border:1px solid #ccc;border-radius:8px;padding:1.5rem}\
button{display:block;width:100%;margin:.5rem 0;padding:.6rem;font-size:1rem}\
.muted{color:#666}\
</style>";

/// The provider's page. Everything from configuration is escaped.
///
/// Browser tests click `button[data-action="continue"]` (`#idp-continue`) or
/// `button[data-action="cancel"]` (`#idp-cancel`); both submit `#idp-form`.
fn idp_page(idp: &Idp, username: &str, token: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{name}</title>{HEAD}</head>\n<body><main>\
         <h1 id=\"idp-name\">{name}</h1>\
         <p class=\"muted\">An emulated identity provider ({kind}) served by the local IDX \
         emulator. No real account is involved.</p>\
         <form id=\"idp-form\" method=\"post\" action=\"/sso/idps/{path_id}\">\
         <input type=\"hidden\" name=\"stateToken\" value=\"{token}\">\
         <button type=\"submit\" id=\"idp-continue\" data-action=\"continue\" name=\"action\" \
         value=\"continue\">Continue as {user}</button>\
         <button type=\"submit\" id=\"idp-cancel\" data-action=\"cancel\" name=\"action\" \
         value=\"cancel\">Cancel</button>\
         </form></main></body></html>\n",
        name = html_escape(&idp.name),
        kind = html_escape(&idp.kind),
        path_id = html_escape(&url_encode(&idp.id)),
        token = html_escape(token),
        user = html_escape(username),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_escapes_configuration_text() {
        let idp = Idp {
            id: "0oa1".into(),
            name: "<script>x</script>".into(),
            kind: "OIDC".into(),
            username: "u".into(),
            mfa: false,
        };
        let page = idp_page(&idp, "a\"b@example.com", "02tok");
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(page.contains("Continue as a&quot;b@example.com"));
        assert!(page.contains("value=\"02tok\""));
        assert!(page.contains("action=\"/sso/idps/0oa1\""));
    }
}
