//! The org's `config.json` as `cargo xtask dist` checks it before building:
//! a JSON object with an `issuer` and a `redirectUri` on https (plain http
//! only on loopback) and a `clientId`. The issuer's origin is what the
//! site's Content-Security-Policy must let the app connect to.
//!
//! Invariants:
//! - The URL rule is the app's own (`src/config.rs`): https anywhere, http
//!   only for `localhost`, `127.0.0.1` and `[::1]`; so a config this accepts
//!   is never refused by the app for its URLs. (The app checks the rest,
//!   such as `scopes`, when it starts.)
//! - An origin is scheme, host and optional port only, lowercased, and its
//!   host holds only the characters of a DNS name or an IP literal: it is
//!   written into a header verbatim, so no `;`, quote or space may reach it.
//! - Pure: the caller reads the file and names it in the messages.

use crate::json::{self, Json};

/// What the build needs from a checked config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OrgConfig {
    /// The issuer as written in the file.
    pub(crate) issuer: String,
    /// `scheme://host[:port]` of the issuer, for `connect-src`.
    pub(crate) issuer_origin: String,
    /// The issuer is on this machine (the emulator, or a local server).
    pub(crate) loopback: bool,
}

/// Checks the text of a `config.json`.
pub(crate) fn check(text: &str) -> Result<OrgConfig, String> {
    let doc = json::parse(text).map_err(|err| format!("is not valid JSON ({err})"))?;
    let Json::Object(members) = &doc else {
        return Err(
            "must be a JSON object such as {\"issuer\": \"https://YOUR-ORG.okta.com/oauth2/default\", \"clientId\": \"...\", \"redirectUri\": \"...\"}"
                .to_owned(),
        );
    };
    // The app reads the file with serde, which refuses a repeated setting.
    for (i, (name, _)) in members.iter().enumerate() {
        if members[..i].iter().any(|(seen, _)| seen == name) {
            return Err(format!("the setting \"{name}\" appears more than once"));
        }
    }
    let issuer = setting(&doc, "issuer")?;
    let (issuer_origin, loopback) = origin(issuer, "issuer")?;
    setting(&doc, "clientId")?;
    origin(setting(&doc, "redirectUri")?, "redirectUri")?;
    Ok(OrgConfig {
        issuer: issuer.to_owned(),
        issuer_origin,
        loopback,
    })
}

/// A required text setting.
fn setting<'a>(doc: &'a Json, name: &str) -> Result<&'a str, String> {
    match doc.get(name) {
        Some(Json::String(text)) if !text.trim().is_empty() => Ok(text),
        Some(Json::String(_)) | None => Err(format!("the setting \"{name}\" is missing or empty")),
        Some(_) => Err(format!("the setting \"{name}\" must be a string")),
    }
}

/// The origin of an absolute URL under the app's rule, and whether its host
/// is a loopback one.
pub(crate) fn origin(url: &str, name: &str) -> Result<(String, bool), String> {
    let (scheme, rest) = if let Some(rest) = url.strip_prefix("https://") {
        ("https", rest)
    } else if let Some(rest) = url.strip_prefix("http://") {
        ("http", rest)
    } else {
        return Err(format!(
            "\"{name}\" must be an absolute URL starting with https:// (it is {url:?})"
        ));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() {
        return Err(format!("\"{name}\" has no host name (it is {url:?})"));
    }
    if authority.contains('@') {
        return Err(format!(
            "\"{name}\" must not carry a user name or password (it is {url:?})"
        ));
    }
    let (host, port) = split_host_port(authority)
        .ok_or_else(|| format!("\"{name}\" has no valid host and port (it is {url:?})"))?;
    let host = host.to_ascii_lowercase();
    let loopback = matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]");
    if scheme == "http" && !loopback {
        return Err(format!(
            "\"{name}\" must use https:// (plain http:// is only allowed for localhost, 127.0.0.1 and [::1]; it is {url:?})"
        ));
    }
    let origin = match port {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    };
    Ok((origin, loopback))
}

/// `host[:port]` or `[v6]:port`, each part holding only what it may hold.
fn split_host_port(authority: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']')? + 1;
        let host = &authority[..end];
        let inner = &host[1..end - 1];
        let ok = !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
        (ok.then_some(host)?, &authority[end..])
    } else {
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, _)) => (host, &authority[host.len()..]),
            None => (authority, ""),
        };
        let ok = !host.is_empty()
            && !host.starts_with(['.', '-'])
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        (ok.then_some(host)?, port)
    };
    let port = match port.strip_prefix(':') {
        None if port.is_empty() => None,
        None => return None,
        Some(digits) => {
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Some(digits.parse::<u16>().ok().filter(|p| *p != 0)?)
        }
    };
    Some((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORG: &str = r#"{
  "issuer": "https://Example.Okta.com/oauth2/default",
  "clientId": "0oa1b2c3",
  "redirectUri": "https://signin.example.com/login/callback",
  "scopes": ["openid", "profile", "email", "offline_access"]
}"#;

    #[test]
    fn an_org_config_gives_its_issuer_origin() {
        assert_eq!(
            check(ORG),
            Ok(OrgConfig {
                issuer: "https://Example.Okta.com/oauth2/default".into(),
                issuer_origin: "https://example.okta.com".into(),
                loopback: false,
            })
        );
    }

    #[test]
    fn the_checked_in_demo_config_is_the_emulator_on_loopback() {
        let text =
            std::fs::read_to_string(crate::workspace::root().join("public/config.json")).unwrap();
        let config = check(&text).unwrap();
        assert_eq!(config.issuer_origin, "http://127.0.0.1:8787");
        assert!(config.loopback);
    }

    #[test]
    fn bad_configs_say_what_is_wrong() {
        // Raw JSON values of issuer, clientId and redirectUri.
        let config = |issuer: &str, client: &str, redirect: &str| {
            format!(r#"{{"issuer": {issuer}, "clientId": {client}, "redirectUri": {redirect}}}"#)
        };
        let (issuer, client, redirect) = (
            r#""https://a.example/oauth2/default""#,
            r#""x""#,
            r#""https://b.example/cb""#,
        );
        for (text, said) in [
            ("not json".to_owned(), "is not valid JSON (line 1, column 1"),
            ("[1]".to_owned(), "must be a JSON object"),
            (
                r#"{"clientId": "x", "redirectUri": "https://b/cb"}"#.to_owned(),
                "\"issuer\" is missing or empty",
            ),
            (
                config(r#""  ""#, client, redirect),
                "\"issuer\" is missing or empty",
            ),
            (config("3", client, redirect), "\"issuer\" must be a string"),
            (
                config(issuer, r#""""#, redirect),
                "\"clientId\" is missing or empty",
            ),
            (
                config(r#""http://org.example/oauth2/default""#, client, redirect),
                "\"issuer\" must use https://",
            ),
            (
                config(issuer, client, r#""/login/callback""#),
                "\"redirectUri\" must be an absolute URL",
            ),
            (
                format!(
                    r#"{{"clientId": "y", {}"#,
                    &config(issuer, client, redirect)[1..]
                ),
                "\"clientId\" appears more than once",
            ),
        ] {
            let err = check(&text).unwrap_err();
            assert!(err.contains(said), "{text}: {err}");
        }
        assert!(check(&config(issuer, client, redirect)).is_ok());
    }

    #[test]
    fn origins_follow_the_apps_url_rule() {
        let ok = |url: &str| origin(url, "issuer");
        assert_eq!(
            ok("https://org.okta.com:8443/oauth2/x?y#z"),
            Ok(("https://org.okta.com:8443".into(), false))
        );
        assert_eq!(
            ok("http://127.0.0.1:8787/oauth2/default"),
            Ok(("http://127.0.0.1:8787".into(), true))
        );
        assert_eq!(
            ok("http://localhost"),
            Ok(("http://localhost".into(), true))
        );
        assert_eq!(ok("http://[::1]:9/"), Ok(("http://[::1]:9".into(), true)));
        assert_eq!(
            ok("https://[2001:db8::1]/"),
            Ok(("https://[2001:db8::1]".into(), false))
        );
        for bad in [
            "ftp://org.okta.com",
            "https://",
            "https:///oauth2",
            "http://127.0.0.2:8787",
            "http://localhost.evil.example",
            "https://user:pw@org.okta.com",
            "https://org.okta.com:",
            "https://org.okta.com:0",
            "https://org.okta.com:99999",
            "https://org.okta.com:80x",
            "https://org okta.com",
            "https://org.okta.com;script-src",
            "https://'self'",
            "https://-org.okta.com",
            "https://[::1",
            "https://[zz]",
        ] {
            assert!(ok(bad).is_err(), "{bad}");
        }
    }
}
