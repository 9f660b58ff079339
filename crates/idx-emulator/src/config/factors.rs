//! The authenticators a user of the file may have besides Okta Verify and
//! email: phone (SMS and voice), a security question, Google Authenticator
//! and the hardware or vendor one-time-password tokens (custom OTP, RSA
//! SecurID); the one a user without any must enroll; and the org's catalog
//! of predefined security questions.
//!
//! Invariants: plain data read from a users file; an answer and every TOTP
//! secret is a [`Secret`], redacted in `Debug`; a phone number is E.164
//! (`+` and 8 to 15 digits), a TOTP secret valid base32, a question key one
//! of [`QUESTIONS`] or `custom` with its own text ([`validate`] refuses
//! anything else, so the file is refused whole).

use serde::Deserialize;

use crate::secret::Secret;

/// The org's predefined security questions, (`questionKey`, question), in
/// the order Okta lists them (`X/error-authenticator-enroll-security-question.json`).
pub const QUESTIONS: &[(&str, &str)] = &[
    (
        "disliked_food",
        "What is the food you least liked as a child?",
    ),
    (
        "name_of_first_plush_toy",
        "What is the name of your first stuffed animal?",
    ),
    (
        "first_award",
        "What did you earn your first medal or award for?",
    ),
    (
        "favorite_security_question",
        "What is your favorite security question?",
    ),
    (
        "favorite_toy",
        "What is the toy/stuffed animal you liked the most as a kid?",
    ),
    (
        "first_computer_game",
        "What was the first computer game you played?",
    ),
    ("favorite_movie_quote", "What is your favorite movie quote?"),
    (
        "first_sports_team_mascot",
        "What was the mascot of the first sports team you played on?",
    ),
    (
        "first_music_purchase",
        "What music album or song did you first purchase?",
    ),
    ("favorite_art_piece", "What is your favorite piece of art?"),
    (
        "grandmother_favorite_desert",
        "What was your grandmother's favorite dessert?",
    ),
    (
        "first_thing_cooked",
        "What was the first thing you learned to cook?",
    ),
    ("childhood_dream_job", "What was your dream job as a child?"),
    (
        "place_where_significant_other_was_met",
        "Where did you meet your spouse/significant other?",
    ),
    (
        "favorite_vacation_location",
        "Where did you go for your favorite vacation?",
    ),
    (
        "new_years_two_thousand",
        "Where were you on New Year's Eve in the year 2000?",
    ),
    (
        "favorite_speaker_actor",
        "Who is your favorite speaker/orator?",
    ),
    (
        "favorite_book_movie_character",
        "Who is your favorite book/movie character?",
    ),
    (
        "favorite_sports_player",
        "Who is your favorite sports player?",
    ),
];

/// The text of predefined question `key`.
pub fn question_text(key: &str) -> Option<&'static str> {
    QUESTIONS.iter().find(|(k, _)| *k == key).map(|(_, q)| *q)
}

fn yes() -> bool {
    true
}

/// A phone enrollment: the number and the methods it takes codes by.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Phone {
    /// E.164 number (`+14155550123`); voice may append `x<extension>`.
    pub number: String,
    /// Codes by text message.
    #[serde(default = "yes")]
    pub sms: bool,
    /// Codes by voice call.
    #[serde(default = "yes")]
    pub voice: bool,
}

/// A security question enrollment.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityQuestion {
    /// One of [`QUESTIONS`], or `custom`.
    pub question_key: String,
    /// The user's own question (`custom` only).
    #[serde(default)]
    pub question: Option<String>,
    /// The answer (compared trimmed and case-insensitively).
    pub answer: Secret,
}

impl SecurityQuestion {
    /// The question as shown: the user's own, or the predefined text.
    pub fn text(&self) -> String {
        match (&self.question, question_text(&self.question_key)) {
            (Some(own), _) if self.question_key == "custom" => own.clone(),
            (_, Some(text)) => text.to_owned(),
            (own, None) => own.clone().unwrap_or_default(),
        }
    }
}

/// A TOTP-based authenticator (Google Authenticator, a custom OTP token,
/// an RSA SecurID token): its RFC 6238 secret.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OtpSecret {
    /// Base32 TOTP secret.
    pub totp_secret: Secret,
    /// RSA only: the first right code is answered `errors.E0000113` (next
    /// tokencode), and the code after it completes the challenge.
    #[serde(default)]
    pub next_code: bool,
}

impl OtpSecret {
    /// The decoded secret.
    pub fn key(&self) -> Option<Vec<u8>> {
        crate::totp::decode_base32(self.totp_secret.expose())
    }
}

/// An authenticator the policy requires a user without any to enroll
/// (`mustEnroll`; absent: Okta Verify).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Enrollable {
    /// Phone by SMS or voice.
    #[serde(rename = "phone_number")]
    Phone,
    /// A security question.
    #[serde(rename = "security_question")]
    SecurityQuestion,
    /// Google Authenticator.
    #[serde(rename = "google_otp")]
    GoogleOtp,
}

/// Whether `number` is E.164: `+`, 8 to 15 digits, and for voice an
/// optional `x<1 to 6 digits>` extension.
pub fn is_e164(number: &str, voice: bool) -> bool {
    let (main, ext) = match number.split_once('x') {
        Some((m, e)) if voice => (m, Some(e)),
        Some(_) => return false,
        None => (number, None),
    };
    let Some(digits) = main.strip_prefix('+') else {
        return false;
    };
    let digits_ok = (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    let ext_ok =
        ext.is_none_or(|e| (1..=6).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_digit()));
    digits_ok && ext_ok
}

/// What is wrong with these authenticators of a user, if anything.
pub(super) fn validate(
    phone: Option<&Phone>,
    question: Option<&SecurityQuestion>,
    secrets: &[(&str, Option<&OtpSecret>)],
) -> Result<(), String> {
    if let Some(p) = phone {
        if !is_e164(&p.number, p.voice) {
            return Err("phone.number is not an E.164 number".into());
        }
        if !p.sms && !p.voice {
            return Err("phone offers neither sms nor voice".into());
        }
    }
    if let Some(q) = question {
        let known = question_text(&q.question_key).is_some();
        let custom = q.question_key == "custom"
            && q.question.as_deref().is_some_and(|t| !t.trim().is_empty());
        if !known && !custom {
            return Err(
                "securityQuestion.questionKey is unknown (or custom without question)".into(),
            );
        }
    }
    for (name, secret) in secrets {
        if secret.is_some_and(|s| s.key().is_none()) {
            return Err(format!("{name}.totpSecret is not valid base32"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e164_numbers_and_voice_extensions() {
        assert!(is_e164("+14155550123", false));
        assert!(is_e164("+14155550123x123", true));
        assert!(!is_e164("+14155550123x123", false));
        for bad in [
            "14155550123",
            "+1415",
            "+1415555012345678",
            "+1 415 555",
            "+0123456789",
            "+1415555x",
        ] {
            assert!(!is_e164(bad, true), "{bad}");
        }
    }

    #[test]
    fn a_question_shows_its_own_text_or_the_catalog_one() {
        let q = |key: &str, own: Option<&str>| SecurityQuestion {
            question_key: key.into(),
            question: own.map(str::to_owned),
            answer: Secret::new("x"),
        };
        assert_eq!(q("disliked_food", None).text(), QUESTIONS[0].1);
        assert_eq!(q("custom", Some("Why?")).text(), "Why?");
        assert!(validate(None, Some(&q("custom", None)), &[]).is_err());
        assert!(validate(None, Some(&q("nope", None)), &[]).is_err());
        assert!(validate(None, Some(&q("first_award", None)), &[]).is_ok());
    }
}
