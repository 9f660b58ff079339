//! A phone number as Okta's phone enrollment takes it: `+<calling code>
//! <national number>` (E.164), with `x<digits>` appended for a voice
//! call's extension (protocol doc part 2 §2.3).
//!
//! Invariants: a number is built only from digits the person typed
//! (spaces, dashes, dots and brackets are dropped; anything else is an
//! error, so nothing typed is silently lost); the result has at most 15
//! digits, as E.164 allows; an extension is only ever digits.

use thiserror::Error;

/// Why a typed phone number cannot be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PhoneNumberError {
    /// Nothing typed.
    #[error("enter a phone number")]
    Empty,
    /// A character other than digits and separators.
    #[error("a phone number has only digits")]
    NotDigits,
    /// Too few digits for any country.
    #[error("the phone number is too short")]
    TooShort,
    /// More digits than E.164 allows.
    #[error("the phone number is too long")]
    TooLong,
    /// The country calling code is not 1 to 3 digits.
    #[error("choose a country")]
    Country,
    /// The extension is not 1 to 10 digits.
    #[error("an extension has only digits (at most 10)")]
    Extension,
}

/// Digits of `text` with the usual separators dropped; `None` when
/// anything else is in it.
fn digits(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '0'..='9' => out.push(c),
            ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' => {}
            _ => return None,
        }
    }
    Some(out)
}

/// Builds `+<calling code><national number>[x<extension>]`.
///
/// `calling_code` is the country's (`1`, `44`, `+33` all work); a number
/// typed with a leading `+` is taken as already international and the
/// country is ignored. One national trunk `0` is dropped (`07911 …` in the
/// United Kingdom is `+447911 …`), except for Italy, where it belongs to
/// the number. An empty or absent extension adds nothing.
///
/// # Errors
/// [`PhoneNumberError`] saying what to fix.
pub fn e164_phone_number(
    calling_code: &str,
    national: &str,
    extension: Option<&str>,
) -> Result<String, PhoneNumberError> {
    let typed = national.trim();
    if typed.is_empty() {
        return Err(PhoneNumberError::Empty);
    }
    let full = if let Some(international) = typed.strip_prefix('+') {
        digits(international).ok_or(PhoneNumberError::NotDigits)?
    } else {
        let code = digits(calling_code.trim().trim_start_matches('+'))
            .filter(|c| (1..=3).contains(&c.len()))
            .ok_or(PhoneNumberError::Country)?;
        let mut number = digits(typed).ok_or(PhoneNumberError::NotDigits)?;
        if code != "39" && number.starts_with('0') {
            number.remove(0);
        }
        if number.len() < 4 {
            return Err(PhoneNumberError::TooShort);
        }
        format!("{code}{number}")
    };
    if full.len() < 7 {
        return Err(PhoneNumberError::TooShort);
    }
    if full.len() > 15 {
        return Err(PhoneNumberError::TooLong);
    }
    let ext = match extension.map(str::trim).filter(|e| !e.is_empty()) {
        None => String::new(),
        Some(e) => {
            let e = digits(e)
                .filter(|d| (1..=10).contains(&d.len()))
                .ok_or(PhoneNumberError::Extension)?;
            format!("x{e}")
        }
    };
    Ok(format!("+{full}{ext}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_e164_with_the_country_and_a_voice_extension() {
        assert_eq!(
            e164_phone_number("1", "(415) 555-0123", None),
            Ok("+14155550123".into())
        );
        assert_eq!(
            e164_phone_number("+44", "07911 123456", Some(" ")),
            Ok("+447911123456".into())
        );
        assert_eq!(
            e164_phone_number("39", "06 1234 5678", None),
            Ok("+390612345678".into())
        );
        assert_eq!(
            e164_phone_number("1", "415.555.0123", Some("123")),
            Ok("+14155550123x123".into())
        );
        assert_eq!(
            e164_phone_number("33", "+1 415 555 0123", None),
            Ok("+14155550123".into())
        );
    }

    #[test]
    fn says_what_to_fix() {
        assert_eq!(
            e164_phone_number("1", "  ", None),
            Err(PhoneNumberError::Empty)
        );
        assert_eq!(
            e164_phone_number("1", "415-CALL-NOW", None),
            Err(PhoneNumberError::NotDigits)
        );
        assert_eq!(
            e164_phone_number("1", "123", None),
            Err(PhoneNumberError::TooShort)
        );
        assert_eq!(
            e164_phone_number("1", "4155550123456789", None),
            Err(PhoneNumberError::TooLong)
        );
        assert_eq!(
            e164_phone_number("", "4155550123", None),
            Err(PhoneNumberError::Country)
        );
        assert_eq!(
            e164_phone_number("1", "4155550123", Some("12a")),
            Err(PhoneNumberError::Extension)
        );
    }
}
