//! A stand-in for the CAPTCHA vendors' scripts (protocol reference 8.7), so
//! a page can run the org's CAPTCHA against the emulator with no vendor:
//! `GET /emulator/captcha/hcaptcha.js` and `/emulator/captcha/recaptcha.js`
//! define the vendor's global (`hcaptcha`, `grecaptcha`) with `render`,
//! `execute` and `reset`, and call the page back by the `onload` name in
//! their own URL, as the vendors' `render=explicit` scripts do.
//!
//! Invariants: an answer is a token minted by the control API
//! (`POST /emulator/api/captcha`, single use), so the emulator's own CAPTCHA
//! check runs as it does for any token; the widget shows nothing and asks
//! nothing (an invisible widget that always passes); it is served only
//! under `/emulator/`, never in place of an IDX or OAuth route.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The script, with `__GLOBAL__` standing for the vendor's global name.
const SCRIPT: &str = r"(function () {
  var me = new URL(document.currentScript.src);
  var widgets = [];
  window.__GLOBAL__ = {
    render: function (host, options) {
      var mark = document.createElement('span');
      mark.setAttribute('data-stand-in-captcha', '__GLOBAL__');
      host.appendChild(mark);
      widgets.push(options);
      return widgets.length - 1;
    },
    execute: function (id) {
      var options = widgets[id];
      fetch(me.origin + '/emulator/api/captcha', { method: 'POST' })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (body) { options.callback(body.token); })
        .catch(function () {
          if (options['error-callback']) { options['error-callback']('network-error'); }
        });
    },
    reset: function (id) {}
  };
  var ready = me.searchParams.get('onload');
  if (ready && typeof window[ready] === 'function') { setTimeout(window[ready], 0); }
})();
";

/// `GET /emulator/captcha/{file}`.
pub(super) async fn script(Path(file): Path<String>) -> Response {
    let global = match file.as_str() {
        "hcaptcha.js" => "hcaptcha",
        "recaptcha.js" => "grecaptcha",
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        SCRIPT.replace("__GLOBAL__", global),
    )
        .into_response()
}
