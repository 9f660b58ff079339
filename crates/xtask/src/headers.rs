//! The one source of the site's response headers: the Content-Security-Policy
//! and the other security headers every response carries, and how long each
//! kind of file may be cached. Generated from it: `public/_headers` (static
//! hosts), the nginx files in `docs/nginx/`, and the policy and nginx blocks
//! of README.md and SECURITY.md (between `<!-- generated:NAME -->` and
//! `<!-- end generated:NAME -->`).
//!
//! Invariants:
//! - Nothing else states a header value. The test `generated_files_are_up_to_date`
//!   renders every output, rewrites each checked-in file that differs and
//!   fails, so a stale copy never passes CI and one `cargo test -p xtask`
//!   after an edit here updates them all (rust-analyzer's sourcegen tests).
//! - The issuer's origin is the placeholder [`ISSUER_ORIGIN`]: deployers
//!   replace it, the end-to-end tests swap in the emulator's origin.
//! - Compiled for tests only: generation is a check, not a command.

pub(crate) mod render;

/// Stands for the origin of the `issuer` in `config.json` in every output.
pub(crate) const ISSUER_ORIGIN: &str = "https://YOUR-ORG.okta.com";

/// The Content-Security-Policy, one directive per entry (why each part is
/// there: SECURITY.md, "Content Security Policy").
const CSP: [&str; 9] = [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    // The Okta Verify enrollment QR code comes as a `data:image/png` URI.
    "img-src 'self' data:",
    "connect-src 'self' https://YOUR-ORG.okta.com",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
];

/// The headers on every response, in the order they are written.
pub(crate) fn security_headers() -> Vec<(&'static str, String)> {
    vec![
        // Two years: browsers keep to HTTPS for the host once they have seen it.
        (
            "Strict-Transport-Security",
            "max-age=63072000; includeSubDomains".to_owned(),
        ),
        ("Content-Security-Policy", CSP.join("; ")),
        ("X-Content-Type-Options", "nosniff".to_owned()),
        ("Referrer-Policy", "no-referrer".to_owned()),
        // For browsers without CSP `frame-ancestors`.
        ("X-Frame-Options", "DENY".to_owned()),
        ("Cross-Origin-Opener-Policy", "same-origin".to_owned()),
        (
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()".to_owned(),
        ),
    ]
}

/// How one kind of file is cached, and how each host recognises it.
#[derive(Debug)]
pub(crate) struct CacheRule {
    /// Why, as a comment in the generated files.
    pub(crate) why: &'static str,
    /// `_headers` path patterns.
    pub(crate) paths: &'static [&'static str],
    /// The nginx `location` it becomes (modifier and pattern).
    pub(crate) location: &'static str,
    /// The nginx `try_files` of that location.
    pub(crate) try_files: &'static str,
    /// The `Cache-Control` value.
    pub(crate) cache_control: &'static str,
}

/// One rule per kind of file, in nginx's matching order.
pub(crate) const CACHE_RULES: [CacheRule; 3] = [
    CacheRule {
        why: "The hashed bundle (signin-<hash>.js, _bg.wasm, its on-demand modules signin-<hash>-*.wasm and loader, main-<hash>.css) never changes.",
        paths: &["/signin-*", "/main-*"],
        location: r#"~ "^/(signin|main)-[0-9a-f]+(_bg|-[a-z0-9_]+)?\.(js|wasm|css)$""#,
        try_files: "$uri =404",
        cache_control: "public, max-age=31536000, immutable",
    },
    CacheRule {
        why: "The runtime config changes in place; a missing one stays a 404 (the app says so).",
        paths: &["/config.json"],
        location: "= /config.json",
        try_files: "$uri =404",
        cache_control: "no-store",
    },
    CacheRule {
        why: "index.html, boot.js, i18n/*.json and the app's routes: same names every release.",
        paths: &["/index.html", "/boot.js"],
        location: "/",
        try_files: "$uri /index.html",
        cache_control: "no-cache",
    },
];

#[cfg(test)]
mod tests {
    use super::render::{self, Output};
    use super::*;
    use crate::workspace;

    #[test]
    fn the_policy_is_strict() {
        let csp = CSP.join("; ");
        for forbidden in ["'unsafe-inline'", "'unsafe-eval'", "*", "http:"] {
            assert!(!csp.contains(forbidden), "{forbidden} in {csp}");
        }
        assert!(csp.contains(&format!("connect-src 'self' {ISSUER_ORIGIN}")));
        let names: Vec<&str> = security_headers().iter().map(|(name, _)| *name).collect();
        for needed in [
            "Strict-Transport-Security",
            "Content-Security-Policy",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "X-Frame-Options",
            "Cross-Origin-Opener-Policy",
        ] {
            assert!(names.contains(&needed), "{needed} missing");
        }
        // nginx takes the values in double quotes.
        assert!(security_headers().iter().all(|(_, v)| !v.contains('"')));
    }

    #[test]
    fn generated_files_are_up_to_date() {
        let root = workspace::root();
        let mut stale = Vec::new();
        for output in render::outputs() {
            let path = root.join(output.path());
            let current = std::fs::read_to_string(&path)
                .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
            let wanted = match &output {
                Output::File { text, .. } => text.clone(),
                Output::Region { name, text, .. } => render::replace_region(&current, name, text)
                    .unwrap_or_else(|err| panic!("{}: {err}", path.display())),
            };
            if current != wanted {
                std::fs::write(&path, wanted)
                    .unwrap_or_else(|err| panic!("cannot write {}: {err}", path.display()));
                stale.push(output.path().to_owned());
            }
        }
        assert!(
            stale.is_empty(),
            "generated from crates/xtask/src/headers.rs, out of date and now rewritten \
             (review and commit them): {stale:?}"
        );
    }
}
