//! Small encoders shared by the request builders: form bodies, query strings
//! and unpadded base64url.
//!
//! Invariant: every byte outside RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`)
//! is percent-encoded, so encoded values never need further escaping and a
//! space is always `%20` (what `encodeURIComponent` produces, protocol doc §3.2).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Percent-encodes `value` for a form body or a query string.
pub(crate) fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Encodes pairs as `application/x-www-form-urlencoded`, keeping their order.
pub(crate) fn form_encode<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&percent_encode(key));
        out.push('=');
        out.push_str(&percent_encode(value));
    }
    out
}

/// Base64url without padding (RFC 4648 §5), as PKCE and JWS use it.
pub(crate) fn base64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes unpadded (or padded) base64url; `None` when it is not valid.
pub(crate) fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoding_escapes_reserved_bytes() {
        assert_eq!(
            form_encode([
                ("scope", "openid profile"),
                ("redirect_uri", "http://a/b?c=d&e")
            ]),
            "scope=openid%20profile&redirect_uri=http%3A%2F%2Fa%2Fb%3Fc%3Dd%26e"
        );
        assert_eq!(percent_encode("é~"), "%C3%A9~");
    }

    #[test]
    fn base64url_round_trips() {
        let bytes = [0xfb_u8, 0xff, 0x00, 0x10];
        let text = base64url(&bytes);
        assert_eq!(text, "-_8AEA");
        assert_eq!(base64url_decode(&text).as_deref(), Some(&bytes[..]));
        assert_eq!(base64url_decode("***"), None);
    }
}
