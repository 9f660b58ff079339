//! RFC 6238 TOTP (HMAC-SHA-1, 30-second steps, 6 digits) and RFC 4648 base32.
//!
//! The HMAC is the `hmac`/`sha1` crates'; the rest is written here because
//! it is a few lines each: a TOTP crate would add its own secret and URL
//! types without giving the matched time step the store needs for replay
//! protection, and a base32 crate would need a custom specification (case
//! folding, ignored spaces and padding) to read the secrets a hand-edited
//! users file may hold, longer than the loop it replaces.
//!
//! Invariants: pure functions of (key, time); replay protection (a code is
//! accepted once) lives in the store, not here.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Length of a time step in seconds (RFC 6238 default X = 30).
pub const STEP_SECS: u64 = 30;
/// Number of digits of a code.
pub const DIGITS: u32 = 6;

/// Decode RFC 4648 base32 (case-insensitive, `=` padding and spaces ignored).
pub fn decode_base32(input: &str) -> Option<Vec<u8>> {
    let mut bits: u64 = 0;
    let mut nbits = 0u32;
    let mut out = Vec::new();
    for c in input.chars() {
        if c == '=' || c == ' ' {
            continue;
        }
        let v = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => c as u64 - 'A' as u64,
            c @ '2'..='7' => c as u64 - '2' as u64 + 26,
            _ => return None,
        };
        bits = (bits << 5) | v;
        nbits += 5;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    if out.is_empty() { None } else { Some(out) }
}

/// HOTP value (RFC 4226) for `counter`, truncated to `digits` digits.
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> u32 {
    // HMAC accepts keys of any length, so construction cannot fail.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(key) else {
        return 0;
    };
    mac.update(&counter.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = (hash[hash.len() - 1] & 0x0f) as usize;
    let bin = (u32::from(hash[offset]) & 0x7f) << 24
        | u32::from(hash[offset + 1]) << 16
        | u32::from(hash[offset + 2]) << 8
        | u32::from(hash[offset + 3]);
    bin % 10u32.pow(digits)
}

/// The time step containing `unix_secs`.
pub fn step_at(unix_secs: u64) -> u64 {
    unix_secs / STEP_SECS
}

/// The 6-digit code for time step `step`, zero-padded.
pub fn code_for_step(key: &[u8], step: u64) -> String {
    format!("{:06}", hotp(key, step, DIGITS))
}

/// The current code and the seconds it stays valid for.
pub fn current_code(key: &[u8], unix_secs: u64) -> (String, u64) {
    let step = step_at(unix_secs);
    (code_for_step(key, step), STEP_SECS - unix_secs % STEP_SECS)
}

/// Find the step (current, previous or next: one step of skew) whose code
/// equals `code`. Constant-shape comparison is not needed in an emulator.
pub fn matching_step(key: &[u8], code: &str, unix_secs: u64) -> Option<u64> {
    if code.len() != DIGITS as usize || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let now = step_at(unix_secs);
    [now, now.saturating_sub(1), now + 1]
        .into_iter()
        .find(|&s| code_for_step(key, s) == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows; the seed is ASCII "12345678901234567890".
    #[test]
    fn rfc6238_sha1_vectors() {
        let key = b"12345678901234567890";
        let cases: [(u64, u32); 6] = [
            (59, 94287082),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ];
        for (t, expected) in cases {
            assert_eq!(hotp(key, step_at(t), 8), expected, "T={t}");
        }
    }

    /// RFC 4226 appendix D: HOTP values for counters 0..=9.
    #[test]
    fn rfc4226_hotp_vectors() {
        let key = b"12345678901234567890";
        let expected = [
            755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489,
        ];
        for (counter, want) in expected.iter().enumerate() {
            assert_eq!(hotp(key, counter as u64, 6), *want);
        }
    }

    #[test]
    fn base32_decodes_rfc4648_examples() {
        assert_eq!(
            decode_base32("MZXW6YTBOI======").as_deref(),
            Some(&b"foobar"[..])
        );
        assert_eq!(decode_base32("mzxw6ytb").as_deref(), Some(&b"fooba"[..]));
        assert_eq!(
            decode_base32("JBSWY3DPEHPK3PXP").as_deref(),
            Some(&b"Hello!\xde\xad\xbe\xef"[..])
        );
        assert_eq!(decode_base32("not valid!"), None);
        assert_eq!(decode_base32(""), None);
    }

    #[test]
    fn skew_of_one_step_is_accepted_and_two_is_not() {
        let key = b"12345678901234567890";
        let t = 1_700_000_000;
        let now = step_at(t);
        assert_eq!(matching_step(key, &code_for_step(key, now), t), Some(now));
        assert_eq!(
            matching_step(key, &code_for_step(key, now - 1), t),
            Some(now - 1)
        );
        assert_eq!(
            matching_step(key, &code_for_step(key, now + 1), t),
            Some(now + 1)
        );
        // A code two steps away only matches if it happens to collide.
        let old = code_for_step(key, now - 2);
        if ![now - 1, now, now + 1]
            .iter()
            .any(|&s| code_for_step(key, s) == old)
        {
            assert_eq!(matching_step(key, &old, t), None);
        }
        assert_eq!(matching_step(key, "12345", t), None);
        assert_eq!(matching_step(key, "abcdef", t), None);
    }

    #[test]
    fn current_code_reports_remaining_seconds() {
        let (code, left) = current_code(b"12345678901234567890", 59);
        assert_eq!(code, "287082");
        assert_eq!(left, 1);
    }
}
