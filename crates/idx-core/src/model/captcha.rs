//! The org's CAPTCHA (protocol doc §8.7): which vendor, which site key, and
//! the one input a step carries for its answer.
//!
//! Invariants: read from the state's top-level `captcha` object without
//! failing (no id or no site key means no CAPTCHA the client can run); the
//! answer is the step input [`CAPTCHA_TOKEN_INPUT`], never shown as a field
//! (the vendor's widget produces it), and the fixed `captchaId` beside it is
//! the form's own, echoed as the form says.

use serde_json::Value as Json;

/// The input name of a step's CAPTCHA answer (`captchaVerify.captchaToken`
/// on the wire).
pub const CAPTCHA_TOKEN_INPUT: &str = "captchaToken";

/// Which CAPTCHA the org uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaptchaKind {
    /// hCaptcha (`HCAPTCHA`).
    HCaptcha,
    /// Google reCAPTCHA v2 (`RECAPTCHA_V2`).
    RecaptchaV2,
    /// Anything else (`ALTCHA`...), as sent: a client that cannot run it
    /// must say so instead of submitting without an answer.
    Other(String),
}

/// The state's `captcha` object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captcha {
    /// The CAPTCHA's id at Okta.
    pub id: String,
    /// Its display name (`hCaptcha`), when sent.
    pub name: Option<String>,
    /// The vendor.
    pub kind: CaptchaKind,
    /// The site key the vendor's widget is rendered with.
    pub site_key: String,
}

impl Captcha {
    /// Reads `captcha.value`; `None` without an id or a site key.
    pub(crate) fn from_root(root: &Json) -> Option<Self> {
        let value = root.pointer("/captcha/value")?;
        let text = |name: &str| {
            value
                .get(name)
                .and_then(Json::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let kind = match text("type")?.as_str() {
            "HCAPTCHA" => CaptchaKind::HCaptcha,
            "RECAPTCHA_V2" => CaptchaKind::RecaptchaV2,
            other => CaptchaKind::Other(other.to_owned()),
        };
        Some(Self {
            id: text("id")?,
            name: text("name"),
            kind,
            site_key: text("siteKey")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_the_vendor_and_needs_an_id_and_a_site_key() {
        let root = json!({"captcha": {"type": "object", "value": {
            "id": "c1", "name": "hCaptcha", "siteKey": "k", "type": "HCAPTCHA"}}});
        let c = Captcha::from_root(&root).expect("captcha");
        assert_eq!((c.id.as_str(), c.site_key.as_str()), ("c1", "k"));
        assert_eq!(c.kind, CaptchaKind::HCaptcha);
        let recaptcha =
            json!({"captcha": {"value": {"id": "c", "siteKey": "k", "type": "RECAPTCHA_V2"}}});
        assert_eq!(
            Captcha::from_root(&recaptcha).map(|c| c.kind),
            Some(CaptchaKind::RecaptchaV2)
        );
        let altcha = json!({"captcha": {"value": {"id": "c", "siteKey": "k", "type": "ALTCHA"}}});
        assert_eq!(
            Captcha::from_root(&altcha).map(|c| c.kind),
            Some(CaptchaKind::Other("ALTCHA".into()))
        );
        for broken in [
            json!({}),
            json!({"captcha": {"value": {"siteKey": "k", "type": "HCAPTCHA"}}}),
            json!({"captcha": {"value": {"id": "c", "siteKey": " ", "type": "HCAPTCHA"}}}),
            json!({"captcha": {"value": {"id": "c", "siteKey": "k"}}}),
        ] {
            assert_eq!(Captcha::from_root(&broken), None, "{broken}");
        }
    }
}
