//! The org's CAPTCHA (protocol reference 8.7), checked on identify,
//! identify-recovery and enroll-profile when the org has one.
//!
//! There is no CAPTCHA provider here. A token is accepted when the control
//! API minted it (`POST /emulator/api/captcha`, single use), or, with
//! hCaptcha's published test site key [`HCAPTCHA_TEST_SITE_KEY`], when it
//! is that key's fixed test response [`HCAPTCHA_TEST_TOKEN`] (what the real
//! hCaptcha script returns for the test key), so a page using the real
//! script can sign in against the emulator.
//!
//! Invariants: a minted token verifies once; a missing, wrong or reused
//! token, or a `captchaId` that is not the org's, is refused before the
//! form is looked at (no password compared, nothing counted); tokens are
//! never logged.

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::outcome::{Notes, Outcome};
use crate::config::Config;
use crate::http::message;
use crate::secret::random_id;
use crate::store::Store;

/// hCaptcha's published test site key.
pub const HCAPTCHA_TEST_SITE_KEY: &str = "10000000-ffff-ffff-ffff-000000000001";
/// The response token hCaptcha gives for [`HCAPTCHA_TEST_SITE_KEY`].
pub const HCAPTCHA_TEST_TOKEN: &str = "10000000-aaaa-bbbb-cccc-000000000001";

/// `None` when the form may go on (no CAPTCHA, or a good token); otherwise
/// 400 with a global error. No recording shows Okta's answer to a bad
/// token; the key here is the emulator's own.
pub(super) fn check(
    store: &mut Store,
    config: &Config,
    req: &Map<String, Value>,
) -> Option<Outcome> {
    let captcha = config.org.captcha.as_ref()?;
    let verify = req.get("captchaVerify");
    let field = |name: &str| verify.and_then(|v| v.get(name)).and_then(Value::as_str);
    let id_ok = field("captchaId").is_none_or(|id| id == captcha.id);
    let token = field("captchaToken").unwrap_or("");
    let good = id_ok
        && !token.is_empty()
        && (store.self_service.captcha_tokens.remove(token)
            || (captcha.site_key == HCAPTCHA_TEST_SITE_KEY && token == HCAPTCHA_TEST_TOKEN));
    if good {
        return None;
    }
    eprintln!("idx-emulator: CAPTCHA refused");
    Some(Outcome::Render(
        StatusCode::BAD_REQUEST,
        Notes::global(message(
            "captcha.verification.failed",
            "The CAPTCHA could not be verified. Try again.",
            "ERROR",
        )),
    ))
}

/// A fresh single-use CAPTCHA token (control API).
pub fn mint(store: &mut Store) -> String {
    let token = random_id("captcha.", 24);
    store.self_service.captcha_tokens.insert(token.clone());
    token
}
