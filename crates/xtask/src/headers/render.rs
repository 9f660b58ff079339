//! Renders the header source into each host's format: a `_headers` file, the
//! nginx snippets and site, and the Markdown blocks that show them.
//!
//! Invariant: rendering is pure (text in, text out); only the test in
//! `headers.rs` reads or writes files.

use super::{CACHE_RULES, CSP, ISSUER_ORIGIN, security_headers};

/// One generated output.
#[derive(Debug)]
pub(crate) enum Output {
    /// A whole file.
    File { path: &'static str, text: String },
    /// The lines between `<!-- generated:NAME -->` and
    /// `<!-- end generated:NAME -->` in a Markdown file.
    Region {
        path: &'static str,
        name: &'static str,
        text: String,
    },
}

impl Output {
    /// The file's path from the workspace root.
    pub(crate) fn path(&self) -> &'static str {
        match self {
            Output::File { path, .. } | Output::Region { path, .. } => path,
        }
    }
}

const HEADERS_SNIPPET: &str = "docs/nginx/signin-headers.conf";
const APP_SNIPPET: &str = "docs/nginx/signin-app.conf";
const SITE: &str = "docs/nginx/signin.conf";

/// Every output, in a fixed order.
pub(crate) fn outputs() -> Vec<Output> {
    vec![
        Output::File {
            path: "public/_headers",
            text: headers_file(),
        },
        Output::File {
            path: HEADERS_SNIPPET,
            text: nginx_headers(),
        },
        Output::File {
            path: APP_SNIPPET,
            text: nginx_app(),
        },
        Output::File {
            path: SITE,
            text: nginx_site(),
        },
        Output::Region {
            path: "SECURITY.md",
            name: "csp",
            text: fenced("text", &csp_lines()),
        },
        Output::Region {
            path: "README.md",
            name: "nginx",
            text: [
                (HEADERS_SNIPPET, nginx_headers()),
                (APP_SNIPPET, nginx_app()),
                (SITE, nginx_site()),
            ]
            .iter()
            .map(|(path, text)| format!("`{path}`:\n\n{}", fenced("nginx", text)))
            .collect::<Vec<_>>()
            .join("\n"),
        },
    ]
}

/// `text` with the region `name` replaced by `body`; an error when the
/// markers are missing or out of order.
pub(crate) fn replace_region(text: &str, name: &str, body: &str) -> Result<String, String> {
    let open = format!("<!-- generated:{name} -->\n");
    let close = format!("<!-- end generated:{name} -->");
    let start = text
        .find(&open)
        .ok_or_else(|| format!("no `{}` marker", open.trim_end()))?
        + open.len();
    let end = text[start..]
        .find(&close)
        .ok_or_else(|| format!("no `{close}` marker after the opening one"))?
        + start;
    Ok(format!("{}{body}{}", &text[..start], &text[end..]))
}

fn fenced(language: &str, text: &str) -> String {
    format!("```{language}\n{text}```\n")
}

/// The policy, one directive per line (as SECURITY.md explains it).
fn csp_lines() -> String {
    format!("{}\n", CSP.join(";\n"))
}

fn generated_note(comment: &str) -> String {
    format!(
        "{comment} Generated from crates/xtask/src/headers.rs by `cargo test -p xtask`:\n\
         {comment} edit that file, not this one (the test fails while they differ).\n"
    )
}

/// `public/_headers` (Netlify, Cloudflare Pages).
fn headers_file() -> String {
    let mut out = generated_note("#");
    out.push_str(&format!(
        "#\n\
         # Response headers for static hosts that read a `_headers` file (Netlify,\n\
         # Cloudflare Pages). trunk copies this file from public/ into dist/.\n\
         # Both hosts serve HTTPS and redirect HTTP to it themselves.\n\
         #\n\
         # connect-src must name the origin of the `issuer` in config.json:\n\
         # `cargo xtask dist --config FILE` puts it in place of {ISSUER_ORIGIN};\n\
         # by hand, replace it yourself. SECURITY.md explains the policy.\n\
         \n/*\n"
    ));
    for (name, value) in security_headers() {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    for rule in &CACHE_RULES {
        out.push_str(&format!("\n# {}\n", rule.why));
        for path in rule.paths {
            out.push_str(&format!(
                "{path}\n  Cache-Control: {}\n",
                rule.cache_control
            ));
        }
    }
    out
}

/// `/etc/nginx/snippets/signin-headers.conf`.
fn nginx_headers() -> String {
    let mut out = generated_note("#");
    out.push_str(&format!(
        "#\n\
         # /etc/nginx/snippets/signin-headers.conf: the security headers of every\n\
         # response. signin-app.conf includes it in each location, because nginx\n\
         # drops inherited add_header directives in a location that adds its own.\n\
         # Replace {ISSUER_ORIGIN} with the origin of the `issuer` in config.json.\n\n"
    ));
    for (name, value) in security_headers() {
        out.push_str(&format!("add_header {name} \"{value}\" always;\n"));
    }
    out
}

/// `/etc/nginx/snippets/signin-app.conf`: how the app's files are served.
fn nginx_app() -> String {
    let mut out = generated_note("#");
    out.push_str(
        "#\n\
         # /etc/nginx/snippets/signin-app.conf: serves the app from the server's\n\
         # `root` (the contents of dist/). Content types come from nginx's\n\
         # mime.types (Debian's maps .wasm to application/wasm, which browsers need\n\
         # to compile while downloading); a `types` block here would replace that\n\
         # whole map and send the page as plain text.\n\
         \n\
         gzip on;\n\
         gzip_types application/wasm application/javascript text/javascript text/css application/json image/svg+xml;\n",
    );
    for rule in &CACHE_RULES {
        out.push_str(&format!(
            "\n# {}\n\
             location {} {{\n    \
                 include snippets/signin-headers.conf;\n    \
                 add_header Cache-Control \"{}\" always;\n    \
                 try_files {};\n\
             }}\n",
            rule.why, rule.location, rule.cache_control, rule.try_files
        ));
    }
    out
}

/// `/etc/nginx/sites-available/signin`: HTTPS only, the app at its root.
fn nginx_site() -> String {
    let mut out = generated_note("#");
    out.push_str(
        "#\n\
         # /etc/nginx/sites-available/signin, enabled with\n\
         #   ln -s /etc/nginx/sites-available/signin /etc/nginx/sites-enabled/\n\
         # beside snippets/signin-headers.conf and snippets/signin-app.conf. Set\n\
         # server_name, the certificate and root, then `nginx -t` and reload.\n\
         \n\
         # Plain HTTP only sends people to HTTPS.\n\
         server {\n    \
             listen 80;\n    \
             listen [::]:80;\n    \
             server_name signin.example.com;\n    \
             return 301 https://$host$request_uri;\n\
         }\n\
         \n\
         server {\n    \
             listen 443 ssl http2;\n    \
             listen [::]:443 ssl http2;\n    \
             server_name signin.example.com;\n\
         \n    \
             # Debian's self-signed placeholder (package ssl-cert): use your certificate.\n    \
             ssl_certificate /etc/ssl/certs/ssl-cert-snakeoil.pem;\n    \
             ssl_certificate_key /etc/ssl/private/ssl-cert-snakeoil.key;\n\
         \n    \
             # The contents of dist/ (trunk build --release), config.json edited.\n    \
             root /srv/signin/dist;\n    \
             include snippets/signin-app.conf;\n\
         }\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_named_region() {
        let text = "a\n<!-- generated:x -->\nold\n<!-- end generated:x -->\nb\n";
        assert_eq!(
            replace_region(text, "x", "new\n").unwrap(),
            "a\n<!-- generated:x -->\nnew\n<!-- end generated:x -->\nb\n"
        );
        assert!(replace_region(text, "y", "new\n").is_err());
        assert!(replace_region("<!-- generated:x -->\n", "x", "").is_err());
    }

    #[test]
    fn every_host_gets_every_header_and_cache_rule() {
        let headers = headers_file();
        let nginx = nginx_headers();
        for (name, value) in security_headers() {
            assert!(headers.contains(&format!("  {name}: {value}\n")), "{name}");
            assert!(
                nginx.contains(&format!("add_header {name} \"{value}\" always;\n")),
                "{name}"
            );
        }
        let app = nginx_app();
        for rule in &CACHE_RULES {
            assert!(app.contains(&format!("location {} {{", rule.location)));
            assert!(headers.contains(&format!("{}\n  Cache-Control:", rule.paths[0])));
        }
        assert_eq!(
            app.matches("include snippets/signin-headers.conf;").count(),
            3
        );
        assert!(
            !app.contains("types {"),
            "a types block replaces the MIME map"
        );
    }

    #[test]
    fn the_policy_is_shown_one_directive_a_line() {
        let lines = csp_lines();
        assert!(lines.starts_with("default-src 'none';\n"));
        assert!(lines.ends_with("object-src 'none'\n"));
        assert_eq!(lines.lines().count(), 9);
    }
}
