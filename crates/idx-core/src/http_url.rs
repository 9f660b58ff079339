//! A strict parser for absolute `http`/`https` URLs: enough to know a URL's
//! origin and whether its host is loopback, with no dependency (the `url`
//! crate would add its IDNA tables to the wasm bundle for one comparison).
//!
//! Invariant: every URL this parser accepts has the same scheme, host and
//! port in a browser (WHATWG URL Standard) as here. It gets there by refusing
//! everything the standard would rewrite rather than imitating the rewrite:
//! userinfo (`http://127.0.0.1:1@evil.example/` is a URL for
//! `evil.example`), backslashes, whitespace and control characters (browsers
//! drop or convert them), a missing `//`, percent signs, non-ASCII or empty
//! labels and a trailing dot in the host, and any host the standard reads as
//! a number other than a plain dotted quad (`127.1`, `0x7f.0.0.1`,
//! `2130706433`). Refusing a strange URL is always safe here: these are the
//! app's configured URLs and the links an Okta server sends, which never
//! look like that.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// `http` or `https`; nothing else is a web origin this client talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Plain HTTP: allowed only on loopback hosts.
    Http,
    /// HTTPS.
    Https,
}

impl Scheme {
    fn default_port(self) -> u16 {
        match self {
            Self::Http => 80,
            Self::Https => 443,
        }
    }

    /// `http` or `https`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Https => "https",
        }
    }
}

/// A URL host as a browser resolves it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Host {
    /// A DNS name, lower-cased.
    Domain(String),
    /// A dotted-quad IPv4 address.
    Ipv4(Ipv4Addr),
    /// A bracketed IPv6 address.
    Ipv6(Ipv6Addr),
}

impl Host {
    /// `localhost`, `127.0.0.0/8` or `::1`: the hosts where plain `http` never
    /// leaves the machine.
    pub fn is_loopback(&self) -> bool {
        match self {
            Self::Domain(name) => name == "localhost",
            Self::Ipv4(ip) => ip.octets()[0] == 127,
            Self::Ipv6(ip) => *ip == Ipv6Addr::LOCALHOST,
        }
    }
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Domain(name) => f.write_str(name),
            Self::Ipv4(ip) => write!(f, "{ip}"),
            Self::Ipv6(ip) => write_ipv6(f, ip),
        }
    }
}

/// `[...]` as the URL Standard serialises IPv6 (§3.5): lower-case hex
/// groups, the first longest run of two or more zero groups as `::`, and no
/// dotted-quad tail (`::ffff:7f00:1`, where Rust would print `127.0.0.1`).
fn write_ipv6(f: &mut fmt::Formatter<'_>, ip: &Ipv6Addr) -> fmt::Result {
    let groups = ip.segments();
    let (mut best, mut run) = ((0, 0), (0, 0));
    for (i, g) in groups.iter().enumerate() {
        if *g == 0 {
            run = if run.1 == 0 {
                (i, 1)
            } else {
                (run.0, run.1 + 1)
            };
            if run.1 > best.1 {
                best = run;
            }
        } else {
            run = (0, 0);
        }
    }
    f.write_str("[")?;
    let mut i = 0;
    while i < groups.len() {
        if best.1 >= 2 && i == best.0 {
            f.write_str(if i == 0 { "::" } else { ":" })?;
            i += best.1;
            continue;
        }
        write!(f, "{:x}", groups[i])?;
        if i + 1 < groups.len() {
            f.write_str(":")?;
        }
        i += 1;
    }
    f.write_str("]")
}

/// Scheme, host and port: what the browser's same-origin policy compares.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The scheme.
    pub scheme: Scheme,
    /// The host.
    pub host: Host,
    /// The port; `None` when it is the scheme's default (80 or 443).
    pub port: Option<u16>,
}

impl Origin {
    /// True for `https`, and for `http` on a loopback host.
    pub fn is_secure_or_loopback(&self) -> bool {
        self.scheme == Scheme::Https || self.host.is_loopback()
    }
}

impl fmt::Display for Origin {
    /// The ASCII serialisation (`https://example.okta.com`, `http://[::1]:8787`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme.as_str(), self.host)?;
        match self.port {
            Some(port) => write!(f, ":{port}"),
            None => Ok(()),
        }
    }
}

/// Why a text is not an acceptable absolute http(s) URL. The messages are
/// for the person who configured or deployed the app; none repeats the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlError {
    /// Empty text.
    #[error("is empty")]
    Empty,
    /// Not `scheme://...`.
    #[error("is not an absolute URL (it must start with https://)")]
    NotAbsolute,
    /// A scheme other than http and https (`javascript`, `data`, `ftp`...).
    #[error("uses the scheme \"{0}\"; only https:// (or http:// on this computer) is allowed")]
    Scheme(String),
    /// Spaces, control characters or backslashes, which browsers rewrite.
    #[error("contains spaces, control characters or backslashes")]
    Characters,
    /// `user:password@` before the host.
    #[error("has a user name or password before the host (\"...@host\"), which is not allowed")]
    Userinfo,
    /// No host after `//`.
    #[error("has no host name")]
    NoHost,
    /// A host that is not a plain DNS name, dotted-quad IPv4 or bracketed IPv6.
    #[error("has a host name that is not a plain name or IP address")]
    Host,
    /// A port that is not a number from 0 to 65535.
    #[error("has an invalid port")]
    Port,
}

/// An absolute http(s) URL split at its origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl {
    /// Scheme, host and port.
    pub origin: Origin,
    /// Everything after the authority: path, query and fragment (may be empty).
    pub rest: String,
}

impl HttpUrl {
    /// Parses `text` strictly (see the module header for what is refused).
    ///
    /// # Errors
    /// [`UrlError`] saying what is wrong.
    pub fn parse(text: &str) -> Result<Self, UrlError> {
        if text.is_empty() {
            return Err(UrlError::Empty);
        }
        if text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
        {
            return Err(UrlError::Characters);
        }
        let (scheme, after) = split_scheme(text).ok_or(UrlError::NotAbsolute)?;
        let scheme = match scheme.to_ascii_lowercase().as_str() {
            "http" => Scheme::Http,
            "https" => Scheme::Https,
            other => return Err(UrlError::Scheme(other.to_owned())),
        };
        // Browsers also read `http:host` and `http:/host`; accept only `//`.
        let after = after.strip_prefix("//").ok_or(UrlError::NotAbsolute)?;
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let (authority, rest) = after.split_at(end);
        if authority.contains('@') {
            return Err(UrlError::Userinfo);
        }
        let (host, port) = split_host_port(authority)?;
        let port = port.filter(|p| *p != scheme.default_port());
        Ok(Self {
            origin: Origin {
                scheme,
                host: parse_host(host)?,
                port,
            },
            rest: rest.to_owned(),
        })
    }
}

/// The origin of an absolute http(s) URL, or why it has none we accept.
///
/// # Errors
/// [`UrlError`] as for [`HttpUrl::parse`].
pub fn origin_of(text: &str) -> Result<Origin, UrlError> {
    HttpUrl::parse(text).map(|url| url.origin)
}

/// `scheme` and the text after `scheme:`, when `text` starts with a scheme
/// (RFC 3986 §3.1: a letter, then letters, digits, `+`, `-`, `.`).
pub(crate) fn split_scheme(text: &str) -> Option<(&str, &str)> {
    let (scheme, after) = text.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some((scheme, after))
}

fn split_host_port(authority: &str) -> Result<(&str, Option<u16>), UrlError> {
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']').ok_or(UrlError::Host)?;
        let (host, tail) = authority.split_at(close + 1);
        match tail {
            "" => (host, None),
            _ => (host, Some(tail.strip_prefix(':').ok_or(UrlError::Host)?)),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port = match port {
        None => None,
        Some(digits) => {
            // An empty port (`host:`) means the default to a browser; refuse
            // it with the rest of the unusual spellings.
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(UrlError::Port);
            }
            Some(digits.parse::<u16>().map_err(|_| UrlError::Port)?)
        }
    };
    Ok((host, port))
}

fn parse_host(host: &str) -> Result<Host, UrlError> {
    if host.is_empty() {
        return Err(UrlError::NoHost);
    }
    if let Some(inner) = host.strip_prefix('[') {
        let inner = inner.strip_suffix(']').ok_or(UrlError::Host)?;
        return inner.parse().map(Host::Ipv6).map_err(|_| UrlError::Host);
    }
    let host = host.to_ascii_lowercase();
    let labels_ok = host.split('.').all(|label| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
    });
    if !labels_ok {
        return Err(UrlError::Host);
    }
    // The standard reads a host whose last label is a number (decimal, or
    // hex with `0x`) as an IPv4 address, with shorthands and octal; accept
    // only the plain dotted quad, where both readings agree.
    let last = host.rsplit('.').next().unwrap_or_default();
    let numeric = last.bytes().all(|b| b.is_ascii_digit())
        || last
            .strip_prefix("0x")
            .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()));
    if numeric {
        return host.parse().map(Host::Ipv4).map_err(|_| UrlError::Host);
    }
    Ok(Host::Domain(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(text: &str) -> String {
        origin_of(text).map_or_else(|e| format!("error: {e:?}"), |o| o.to_string())
    }

    #[test]
    fn origins_as_a_browser_serialises_them() {
        let cases = [
            (
                "https://Example.OKTA.com/oauth2/default",
                "https://example.okta.com",
            ),
            ("https://example.okta.com:443/x", "https://example.okta.com"),
            (
                "https://example.okta.com:8443",
                "https://example.okta.com:8443",
            ),
            (
                "http://127.0.0.1:8787/oauth2/default",
                "http://127.0.0.1:8787",
            ),
            ("http://[::1]/", "http://[::1]"),
            ("http://[0:0:0:0:0:0:0:1]:80/", "http://[::1]"),
            ("http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]"),
            (
                "http://[2001:DB8:0:0:1:0:0:1]/",
                "http://[2001:db8::1:0:0:1]",
            ),
            ("http://[1::]/", "http://[1::]"),
            ("http://[::]/", "http://[::]"),
            ("HTTP://localhost:8080?x#y", "http://localhost:8080"),
            ("https://a.b/c?d=e@f", "https://a.b"),
            ("https://1.example.com/", "https://1.example.com"),
        ];
        for (text, expected) in cases {
            assert_eq!(origin(text), expected, "{text}");
        }
    }

    #[test]
    fn refuses_what_a_browser_would_read_differently() {
        let cases = [
            ("", UrlError::Empty),
            ("/relative", UrlError::NotAbsolute),
            ("example.okta.com", UrlError::NotAbsolute),
            ("https:example.com", UrlError::NotAbsolute),
            ("https:/example.com", UrlError::NotAbsolute),
            ("javascript:alert(1)", UrlError::Scheme("javascript".into())),
            (
                "JavaScript://%0aalert(1)",
                UrlError::Scheme("javascript".into()),
            ),
            ("data:text/html,x", UrlError::Scheme("data".into())),
            ("http://127.0.0.1:1@evil.example/", UrlError::Userinfo),
            ("https://user@example.com", UrlError::Userinfo),
            ("https://a@b@c/", UrlError::Userinfo),
            ("https://evil.example\\@good.example", UrlError::Characters),
            ("https://exa mple.com", UrlError::Characters),
            (" https://example.com", UrlError::Characters),
            ("https://exam\tple.com", UrlError::Characters),
            ("https://", UrlError::NoHost),
            ("https:///path", UrlError::NoHost),
            ("https://:443/", UrlError::NoHost),
            ("http://127.1/", UrlError::Host),
            ("http://0x7f.0.0.1/", UrlError::Host),
            ("http://2130706433/", UrlError::Host),
            ("http://0177.0.0.1/", UrlError::Host),
            ("http://127.0.0.1./", UrlError::Host),
            ("http://localhost./", UrlError::Host),
            ("http://%6cocalhost/", UrlError::Host),
            ("http://a..b/", UrlError::Host),
            ("https://bücher.example/", UrlError::Host),
            ("http://[::1/", UrlError::Host),
            ("http://[::1]x/", UrlError::Host),
            ("http://[fe80::1%25eth0]/", UrlError::Host),
            ("http://localhost:/", UrlError::Port),
            ("http://localhost:65536/", UrlError::Port),
            ("http://localhost:+80/", UrlError::Port),
            ("http://::1/", UrlError::Port),
        ];
        for (text, expected) in cases {
            assert_eq!(HttpUrl::parse(text), Err(expected), "{text:?}");
        }
    }

    #[test]
    fn loopback_hosts() {
        for text in [
            "http://localhost/",
            "http://LOCALHOST:3000/",
            "http://127.0.0.1/",
            "http://127.1.2.3/",
            "http://127.255.255.254:1/",
            "http://[::1]/",
        ] {
            assert!(origin_of(text).unwrap().host.is_loopback(), "{text}");
        }
        for text in [
            "http://128.0.0.1/",
            "http://10.0.0.1/",
            "http://localhost.example/",
            "http://sub.localhost.evil/",
            "http://127.0.0.1.evil.example/",
            "http://[::2]/",
            "http://[::ffff:127.0.0.1]/",
            "http://evil.example/",
        ] {
            assert!(!origin_of(text).unwrap().host.is_loopback(), "{text}");
        }
    }

    #[test]
    fn secure_or_loopback() {
        assert!(
            origin_of("https://evil.example")
                .unwrap()
                .is_secure_or_loopback()
        );
        assert!(
            origin_of("http://[::1]:8080")
                .unwrap()
                .is_secure_or_loopback()
        );
        assert!(
            !origin_of("http://evil.example")
                .unwrap()
                .is_secure_or_loopback()
        );
    }
}
