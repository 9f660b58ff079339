//! The virtual Okta Verify: a JSON control API under `/emulator/api/` for
//! end-to-end tests and a small page at `/emulator/` for people.
//!
//! Invariants: this is the only place that exposes secrets on purpose (current
//! TOTP codes, emailed codes, the email magic link carrying the code, and the
//! Okta Verify activation URI of a pending enrollment, which the QR code or
//! the emailed link carries), because it plays the user's phone and inbox; it
//! never exposes passwords, handles or tokens; approving a number-challenge
//! push with the wrong number denies it, as Okta Verify does; a magic link
//! exists only while its transaction is live in the email challenge, and its
//! `otp` is the very code `email-code` reveals; an enrollment can be shown
//! and activated only while its transaction is live at `enroll-poll`.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{delete, get, post};
use serde_json::{Value, json};

use crate::config::User;
use crate::http::{self, now_unix, parse_object, str_field, with_query};
use crate::idx::enroll;
use crate::store::{AppState, PushStatus, Step, Store};

/// The control routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/emulator", get(page))
        .route("/emulator/", get(page))
        .route("/emulator/api/users", get(users))
        .route("/emulator/api/users/{username}/totp", get(totp))
        .route("/emulator/api/users/{username}/email-code", get(email_code))
        .route("/emulator/api/users/{username}/email-link", get(email_link))
        .route("/emulator/api/users/{username}/pushes", get(pushes))
        .route("/emulator/api/users/{username}/enrollment", get(enrollment))
        .route(
            "/emulator/api/users/{username}/enrollment/activate",
            post(activate),
        )
        .route("/emulator/api/pushes/{id}/approve", post(approve))
        .route("/emulator/api/pushes/{id}/deny", post(deny))
        .route("/emulator/api/transactions/expire", post(expire))
        .route("/emulator/api/reset", post(reset))
        .route(
            "/emulator/api/faults",
            post(crate::faults::set)
                .delete(crate::faults::clear)
                .get(crate::faults::list),
        )
        .route(
            "/emulator/api/faults/{kind}",
            delete(crate::faults::clear_one),
        )
        .route(
            "/emulator/api/id-token-defect",
            post(crate::tamper::set_defect)
                .get(crate::tamper::get_defect)
                .delete(crate::tamper::clear_defect),
        )
        .route(
            "/emulator/api/requests",
            get(crate::tamper::list_requests).delete(crate::tamper::clear_requests),
        )
}

fn not_found(what: &str) -> Response {
    http::json(
        StatusCode::NOT_FOUND,
        json!({ "error": "not_found", "error_description": what }),
    )
}

fn totp_now(user: &User) -> Option<(String, u64)> {
    user.totp_key()
        .map(|k| crate::totp::current_code(&k, now_unix()))
}

fn push_list(store: &Store, username: &str) -> Value {
    Value::Array(
        store
            .pending_pushes(username)
            .into_iter()
            .map(
                |p| json!({ "id": p.id, "correct_answer": p.correct_answer, "choices": p.choices }),
            )
            .collect(),
    )
}

async fn users(State(app): State<AppState>) -> Response {
    let now = now_unix();
    let store = app.store();
    let list: Vec<Value> = app
        .config
        .users
        .iter()
        .filter_map(|u| store.user(&app.config, &u.username))
        .map(|u| {
            json!({
                "username": u.username,
                "totp_code": totp_now(&u).map(|(c, _)| c),
                "pending_pushes": push_list(&store, &u.username),
                "last_email_code": store.last_email_code.get(&u.username),
                "email_link": magic_link(&store, &u.username, now),
                "enrollment": enrollment_json(&store, &u.username, now),
            })
        })
        .collect();
    http::json(StatusCode::OK, Value::Array(list))
}

async fn totp(State(app): State<AppState>, Path(username): Path<String>) -> Response {
    let Some(user) = app.store().user(&app.config, &username) else {
        return not_found("unknown user");
    };
    match totp_now(&user) {
        Some((code, left)) => http::json(
            StatusCode::OK,
            json!({ "code": code, "seconds_left": left }),
        ),
        None => not_found("user has no Okta Verify TOTP"),
    }
}

async fn email_code(State(app): State<AppState>, Path(username): Path<String>) -> Response {
    let Some(user) = app.config.user(&username) else {
        return not_found("unknown user");
    };
    match app.store().last_email_code.get(&user.username) {
        Some(code) => http::json(StatusCode::OK, json!({ "code": code })),
        None => not_found("no email code sent"),
    }
}

/// The email magic link of `username` (canonical): what Okta's email puts
/// behind its button, `<redirect_uri>?state=<OAuth state>&otp=<code>`
/// (protocol reference 3.12), for the live transaction whose email challenge
/// holds the code last emailed to the user. `state` is left out when the
/// client sent none to `/v1/interact`.
fn magic_link(store: &Store, username: &str, now: u64) -> Option<String> {
    let code = store.last_email_code.get(username)?;
    let tx = store.transactions.values().find(|tx| {
        tx.username.as_deref() == Some(username)
            && tx.step == Step::EmailChallenge
            && tx.expires_at > now
            && tx.email_code.as_ref().is_some_and(|c| c.expose() == code)
    })?;
    let mut params = Vec::new();
    if let Some(state) = &tx.oauth_state {
        params.push(("state", state.as_str()));
    }
    params.push(("otp", code.as_str()));
    Some(with_query(&tx.redirect_uri, &params))
}

async fn email_link(State(app): State<AppState>, Path(username): Path<String>) -> Response {
    let Some(user) = app.config.user(&username) else {
        return not_found("unknown user");
    };
    match magic_link(&app.store(), &user.username, now_unix()) {
        Some(link) => http::json(StatusCode::OK, json!({ "link": link })),
        None => not_found("no email challenge in progress"),
    }
}

async fn pushes(State(app): State<AppState>, Path(username): Path<String>) -> Response {
    let Some(user) = app.config.user(&username) else {
        return not_found("unknown user");
    };
    let list = push_list(&app.store(), &user.username);
    http::json(StatusCode::OK, list)
}

/// `username`'s pending Okta Verify enrollment as the control API shows it:
/// `{"channel","email","activation"}`, or null.
fn enrollment_json(store: &Store, username: &str, now: u64) -> Value {
    match enroll::pending(store, username, now) {
        Some((channel, email, activation)) => json!({
            "channel": channel.as_str(),
            "email": email,
            "activation": activation,
        }),
        None => Value::Null,
    }
}

async fn enrollment(State(app): State<AppState>, Path(username): Path<String>) -> Response {
    let Some(user) = app.config.user(&username) else {
        return not_found("unknown user");
    };
    match enrollment_json(&app.store(), &user.username, now_unix()) {
        Value::Null => not_found("no Okta Verify enrollment pending"),
        found => http::json(StatusCode::OK, found),
    }
}

/// The phone scans the QR code or opens the emailed link.
async fn activate(State(app): State<AppState>, Path(username): Path<String>) -> Response {
    let Some(user) = app.config.user(&username) else {
        return not_found("unknown user");
    };
    if enroll::activate(&mut app.store(), &user.username, now_unix()) {
        http::json(StatusCode::OK, json!({}))
    } else {
        not_found("no Okta Verify enrollment pending")
    }
}

async fn approve(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let answer = match parse_object(&headers, &body) {
        Ok(m) => str_field(&m, "answer").map(str::to_owned),
        Err(_) => {
            return http::json(
                StatusCode::BAD_REQUEST,
                json!({ "error": "invalid_request", "error_description": "body must be JSON like {\"answer\":\"52\"}" }),
            );
        }
    };
    let mut store = app.store();
    let Some(push) = store.pushes.get_mut(&id) else {
        return not_found("unknown push");
    };
    if push.status != PushStatus::Pending {
        return http::json(
            StatusCode::CONFLICT,
            json!({ "error": "conflict", "error_description": "push already answered" }),
        );
    }
    let status = match (&push.correct_answer, answer) {
        (Some(_), None) => {
            return http::json(
                StatusCode::BAD_REQUEST,
                json!({ "error": "invalid_request", "error_description": "this push has a number challenge: send {\"answer\":\"NN\"}" }),
            );
        }
        (Some(correct), Some(a)) if *correct != a => PushStatus::Denied,
        _ => PushStatus::Approved,
    };
    push.status = status;
    let approved = status == PushStatus::Approved;
    http::json(StatusCode::OK, json!({ "id": id, "approved": approved }))
}

async fn deny(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    let mut store = app.store();
    let Some(push) = store.pushes.get_mut(&id) else {
        return not_found("unknown push");
    };
    push.status = PushStatus::Denied;
    http::json(StatusCode::OK, json!({ "id": id, "approved": false }))
}

async fn expire(State(app): State<AppState>) -> Response {
    let mut store = app.store();
    let mut n = 0;
    for tx in store.transactions.values_mut() {
        tx.expires_at = 0;
        n += 1;
    }
    http::json(StatusCode::OK, json!({ "expired": n }))
}

async fn reset(State(app): State<AppState>) -> Response {
    app.store().reset();
    http::json(StatusCode::OK, json!({ "reset": true }))
}

async fn page() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        Html(PAGE),
    )
        .into_response()
}

/// The virtual Okta Verify page; renders with DOM APIs (`textContent`), never
/// `innerHTML`, so user names cannot inject markup.
const PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Virtual Okta Verify</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:48rem;color:#1d1d21}
.user{border:1px solid #ccc;border-radius:8px;padding:1rem;margin:1rem 0}
.code{font-size:2rem;font-family:monospace;letter-spacing:.2em}
button{margin:.25rem;padding:.4rem .9rem;font-size:1rem}
.muted{color:#666}
</style></head>
<body>
<h1>Virtual Okta Verify</h1>
<p class="muted">Local IDX emulator. Codes refresh every second.</p>
<div id="users"></div>
<script>
async function act(url, body) {
  await fetch(url, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body || {})});
  refresh();
}
function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
async function refresh() {
  const res = await fetch('/emulator/api/users');
  const users = await res.json();
  const root = document.getElementById('users');
  root.replaceChildren();
  for (const u of users) {
    const box = el('div', undefined, 'user');
    box.append(el('h2', u.username));
    if (u.totp_code) { box.append(el('div', 'Okta Verify code:', 'muted'), el('div', u.totp_code, 'code')); }
    if (u.last_email_code) { box.append(el('div', 'Last email code: ' + u.last_email_code, 'muted')); }
    if (u.email_link && /^https?:/.test(u.email_link)) { const a = el('a', 'Open the email magic link', 'magic-link'); a.href = u.email_link; const row = el('div'); row.append(a); box.append(row); }
    if (u.enrollment) {
      const row = el('div', undefined, 'enrollment');
      row.append(el('strong', 'Okta Verify setup. '));
      row.append(el('span', u.enrollment.channel === 'email' ? 'Link emailed to ' + u.enrollment.email + '. ' : 'QR code shown on the sign-in page. '));
      const b = el('button', 'Activate'); b.dataset.action = 'activate';
      b.onclick = () => act('/emulator/api/users/' + encodeURIComponent(u.username) + '/enrollment/activate'); row.append(b);
      box.append(row);
    }
    if (u.pending_pushes.length === 0) { box.append(el('p', 'No pending push.', 'muted')); }
    for (const p of u.pending_pushes) {
      const row = el('div');
      row.append(el('strong', 'Sign-in request. '));
      if (p.correct_answer !== null) {
        row.append(el('span', 'Tap the number shown on the sign-in page: '));
        for (const c of p.choices) {
          const b = el('button', c); b.onclick = () => act('/emulator/api/pushes/' + p.id + '/approve', {answer: c}); row.append(b);
        }
      } else {
        const yes = el('button', 'Yes, it\'s me'); yes.onclick = () => act('/emulator/api/pushes/' + p.id + '/approve'); row.append(yes);
      }
      const no = el('button', 'No, it\'s not me'); no.onclick = () => act('/emulator/api/pushes/' + p.id + '/deny'); row.append(no);
      box.append(row);
    }
    root.append(box);
  }
}
refresh(); setInterval(refresh, 1000);
</script>
</body></html>
"#;
