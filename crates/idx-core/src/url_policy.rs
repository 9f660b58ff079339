//! Which server-supplied URLs the client may use, and for what.
//!
//! An IDX response names the URLs the client uses next: every form's `href`
//! becomes a credentialed POST target, a `redirect-idp` `href` becomes a
//! navigation, a QR code's `href` becomes an image source. A tampered or
//! hostile response could point any of them elsewhere, so a [`Transaction`]
//! is vetted as a whole before anything in it is used ([`UrlPolicy::vet`]).
//!
//! Invariants: a form target (remediation or action) must be on the issuer's
//! origin; an identity-provider link must be `https`, or `http` on a
//! loopback host when the issuer itself is (development against a local
//! server); an image must be a `data:image/png` or `data:image/svg+xml` URI,
//! or on the issuer's origin. URLs are read by [`crate::http_url`], so a URL
//! that a browser would read differently is refused, never guessed at. A
//! [`UrlRefusal`] names the use, the step and the refused origin or scheme,
//! never the path or query, which may carry a state token.

use std::fmt;

use crate::error::ResponseError;
use crate::http_url::{HttpUrl, Origin, Scheme, UrlError, split_scheme};
use crate::model::{IdxOutcome, StepName, Transaction};

/// What a server-supplied URL was going to be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlUse {
    /// A remediation's or action's `href`: a credentialed POST target.
    FormTarget,
    /// A `redirect-idp` link: where the browser is sent to sign in elsewhere.
    IdpLink,
    /// An image source (the Okta Verify enrollment QR code).
    Image,
}

impl fmt::Display for UrlUse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::FormTarget => "form target",
            Self::IdpLink => "identity-provider link",
            Self::Image => "image source",
        })
    }
}

/// A URL the policy refused. Safe to log: it holds the refused URL's origin
/// or scheme, never its path or query.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("refused the {used_as} of `{step}` ({shown}): {reason}")]
pub struct UrlRefusal {
    /// What the URL was for.
    pub used_as: UrlUse,
    /// The remediation or action it belongs to (`identify`, `cancel`...).
    pub step: String,
    /// The refused URL's origin, or just its scheme when it has no origin.
    pub shown: String,
    /// Why it was refused.
    pub reason: String,
}

/// The rules above, for one issuer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlPolicy {
    issuer: Origin,
}

impl UrlPolicy {
    /// The policy for the configured `issuer`.
    ///
    /// # Errors
    /// [`UrlError`] when the issuer is not an acceptable absolute URL.
    pub fn for_issuer(issuer: &str) -> Result<Self, UrlError> {
        Ok(Self {
            issuer: HttpUrl::parse(issuer)?.origin,
        })
    }

    /// The issuer's origin, the one place forms may post to.
    pub fn issuer_origin(&self) -> &Origin {
        &self.issuer
    }

    /// A remediation or action `href`: on the issuer's origin.
    ///
    /// # Errors
    /// Why not, as a log-safe text.
    pub fn check_form_target(&self, href: &str) -> Result<(), String> {
        let origin = HttpUrl::parse(href).map_err(|e| e.to_string())?.origin;
        if origin != self.issuer {
            return Err(format!("is not on the issuer's origin {}", self.issuer));
        }
        Ok(())
    }

    /// A `redirect-idp` link: https, or http on loopback while the issuer is
    /// on loopback too.
    ///
    /// # Errors
    /// Why not, as a log-safe text.
    pub fn check_idp_link(&self, href: &str) -> Result<(), String> {
        let origin = HttpUrl::parse(href).map_err(|e| e.to_string())?.origin;
        let development = self.issuer.scheme == Scheme::Http && self.issuer.host.is_loopback();
        match origin.scheme {
            Scheme::Https => Ok(()),
            Scheme::Http if development && origin.host.is_loopback() => Ok(()),
            Scheme::Http => Err("uses plain http:// (only https:// is allowed)".into()),
        }
    }

    /// An image source: a PNG or SVG `data:` URI, or the issuer's origin.
    ///
    /// # Errors
    /// Why not, as a log-safe text.
    pub fn check_image(&self, src: &str) -> Result<(), String> {
        if let Some((scheme, after)) = split_scheme(src)
            && scheme.eq_ignore_ascii_case("data")
        {
            let mime = data_mime(after);
            return if mime == "image/png" || mime == "image/svg+xml" {
                Ok(())
            } else {
                Err("is a data: URI that is not a PNG or SVG image".into())
            };
        }
        self.check_form_target(src)
    }

    /// Checks every URL of `tx` the client could use: form targets, identity
    /// provider links and authenticator images. The first refusal wins.
    ///
    /// # Errors
    /// The first [`UrlRefusal`]; the caller must then use nothing from `tx`.
    pub fn vet(&self, tx: &Transaction) -> Result<(), UrlRefusal> {
        let refuse = |used_as, step: &str, url: &str, reason| UrlRefusal {
            used_as,
            step: step.to_owned(),
            shown: shown(url),
            reason,
        };
        for form in &tx.forms.remediations {
            let Some(href) = form.href.as_deref() else {
                continue;
            };
            let (used_as, check) = if StepName::from(form.name.as_str()) == StepName::RedirectIdp {
                (UrlUse::IdpLink, self.check_idp_link(href))
            } else {
                (UrlUse::FormTarget, self.check_form_target(href))
            };
            check.map_err(|reason| refuse(used_as, &form.name, href, reason))?;
        }
        for (name, form) in &tx.forms.actions {
            if let Some(href) = form.href.as_deref() {
                self.check_form_target(href)
                    .map_err(|reason| refuse(UrlUse::FormTarget, name, href, reason))?;
            }
        }
        for step in &tx.available_steps {
            let authenticators = step.authenticator.iter().chain(
                step.authenticator_options
                    .iter()
                    .filter_map(|o| o.authenticator.as_ref()),
            );
            for qr in authenticators.filter_map(|a| a.qr_code.as_deref()) {
                self.check_image(qr)
                    .map_err(|reason| refuse(UrlUse::Image, step.name.as_str(), qr, reason))?;
            }
        }
        Ok(())
    }
}

/// `outcome` as it is when every URL in it passes the policy for `issuer`;
/// what every IDX answer goes through before a caller sees it.
///
/// # Errors
/// [`ResponseError::UntrustedUrl`] naming the first refused URL (or the
/// issuer, when it is not an acceptable URL itself).
pub fn vet_outcome(issuer: &str, outcome: IdxOutcome) -> Result<IdxOutcome, ResponseError> {
    let IdxOutcome::Transaction(tx) = &outcome else {
        return Ok(outcome);
    };
    let policy = UrlPolicy::for_issuer(issuer).map_err(|e| {
        ResponseError::UntrustedUrl(UrlRefusal {
            used_as: UrlUse::FormTarget,
            step: "issuer".into(),
            shown: shown(issuer),
            reason: format!("the configured issuer {e}"),
        })
    })?;
    policy.vet(tx).map_err(ResponseError::UntrustedUrl)?;
    Ok(outcome)
}

/// The media type of a `data:` URI's text after `data:`, lower-cased
/// (RFC 2397: up to the first `;` or `,`).
fn data_mime(after_scheme: &str) -> String {
    let end = after_scheme.find([';', ',']).unwrap_or(after_scheme.len());
    after_scheme[..end].trim().to_ascii_lowercase()
}

/// What a refusal may show of `url`: its origin, else `data:<type>`, else
/// its scheme, else nothing recognisable. Never the path or query.
fn shown(url: &str) -> String {
    if let Ok(parsed) = HttpUrl::parse(url) {
        return parsed.origin.to_string();
    }
    match split_scheme(url) {
        Some((scheme, after)) if scheme.eq_ignore_ascii_case("data") => {
            let mime: String = data_mime(after)
                .chars()
                .filter(|c| c.is_ascii_graphic())
                .take(40)
                .collect();
            format!("data:{mime}")
        }
        Some((scheme, _)) => format!("{}:", scheme.to_ascii_lowercase()),
        None => "not an absolute URL".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(issuer: &str) -> UrlPolicy {
        UrlPolicy::for_issuer(issuer).unwrap()
    }

    #[test]
    fn form_targets_stay_on_the_issuer_origin() {
        let p = policy("https://example.okta.com/oauth2/default");
        assert!(
            p.check_form_target("https://example.okta.com/idp/idx/identify")
                .is_ok()
        );
        assert!(
            p.check_form_target("https://EXAMPLE.okta.com:443/idp/idx/x")
                .is_ok()
        );
        for bad in [
            "https://evil.example/idp/idx/identify",
            "http://example.okta.com/idp/idx/identify",
            "https://example.okta.com:8443/idp/idx/identify",
            "https://example.okta.com.evil.example/",
            "https://example.okta.com@evil.example/",
            "/idp/idx/identify",
            "javascript:alert(1)",
        ] {
            assert!(p.check_form_target(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn idp_links_are_https_or_loopback_in_development() {
        let prod = policy("https://example.okta.com");
        let dev = policy("http://127.0.0.1:8787/oauth2/default");
        assert!(
            prod.check_idp_link("https://example.okta.com/sso/idps/0oa1?stateToken=x")
                .is_ok()
        );
        assert!(prod.check_idp_link("https://idp.other.example/").is_ok());
        assert!(
            prod.check_idp_link("http://127.0.0.1:8787/sso/idps/1")
                .is_err()
        );
        assert!(
            dev.check_idp_link("http://127.0.0.1:8787/sso/idps/1")
                .is_ok()
        );
        assert!(dev.check_idp_link("http://localhost/sso").is_ok());
        assert!(dev.check_idp_link("http://evil.example/sso").is_err());
        for bad in [
            "javascript:alert(document.cookie)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,<script>1</script>",
            "vbscript:x",
            "//evil.example/",
        ] {
            assert!(prod.check_idp_link(bad).is_err(), "{bad}");
            assert!(dev.check_idp_link(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn images_are_png_or_svg_data_or_from_the_issuer() {
        let p = policy("https://example.okta.com");
        for good in [
            "data:image/png;base64,iVBORw0KGgo=",
            "DATA:Image/PNG;base64,iVBORw0KGgo=",
            "data:image/svg+xml,%3Csvg%3E",
            "https://example.okta.com/qr.png",
        ] {
            assert!(p.check_image(good).is_ok(), "{good}");
        }
        for bad in [
            "data:text/html;base64,PHNjcmlwdD4=",
            "data:image/gif;base64,R0lGOD",
            "data:,hello",
            "https://tracker.example/pixel.png",
            "javascript:alert(1)",
        ] {
            assert!(p.check_image(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn refusals_show_only_the_origin_or_scheme() {
        assert_eq!(
            shown("https://evil.example/x?stateToken=secret"),
            "https://evil.example"
        );
        assert_eq!(shown("javascript:alert('secret')"), "javascript:");
        assert_eq!(shown("data:text/html;base64,c2VjcmV0"), "data:text/html");
        assert_eq!(shown("/relative?secret"), "not an absolute URL");
    }
}
