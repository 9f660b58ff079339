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

/// Decodes a query-string component: `%XX` escapes and `+` as space.
/// Malformed escapes are kept as they are; invalid UTF-8 is replaced.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], escaped) {
            (_, Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (other, None) => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b+c%2B%C3%A9"), "a b c+é");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode(&percent_encode("x/y?z=ü")), "x/y?z=ü");
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
