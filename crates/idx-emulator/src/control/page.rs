//! The virtual Okta Verify page at `/emulator/`, for people: it lists the
//! users with their codes, pending pushes and enrollments, and answers them
//! through the control API.
//!
//! Invariants: the page renders with DOM APIs (`textContent`), never
//! `innerHTML`, so user names cannot inject markup; it only calls the
//! control API.

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

pub(super) async fn page() -> Response {
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
