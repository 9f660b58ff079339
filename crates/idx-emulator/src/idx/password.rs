//! The org's password policy: the `settings` a `reset-authenticator` state
//! advertises (fixture `authenticator-reset-password.json`), the check a new
//! password must pass, and the message a violation gets.
//!
//! Invariants: every number lives in [`POLICY`], and the advertised settings,
//! the check and the requirements text all derive from it, so they cannot
//! disagree; like Okta, a violation of any complexity or history rule gets
//! the same message listing every requirement (Okta does not say which rule
//! failed); passwords are compared, never logged.

use serde_json::{Value, json};

use crate::config::User;
use crate::secret::Secret;

/// Complexity rules (`settings.complexity`).
#[derive(Debug, Clone, Copy)]
pub struct Complexity {
    /// Minimum number of characters.
    pub min_length: usize,
    /// Minimum number of lower-case letters.
    pub min_lower_case: usize,
    /// Minimum number of upper-case letters.
    pub min_upper_case: usize,
    /// Minimum number of digits `0-9`.
    pub min_number: usize,
    /// Minimum number of ASCII symbols.
    pub min_symbol: usize,
    /// No part of the username (Okta's "no parts of your username").
    pub exclude_username: bool,
    /// Not the first name.
    pub exclude_first_name: bool,
    /// Not the last name.
    pub exclude_last_name: bool,
}

/// Age rules (`settings.age`).
#[derive(Debug, Clone, Copy)]
pub struct Age {
    /// Minutes before a changed password may change again (0 = no minimum;
    /// the emulator's policy has none, so it is not enforced).
    pub min_age_minutes: u32,
    /// How many recent passwords, the current one included, a new one must
    /// differ from.
    pub history_count: usize,
}

/// A password policy.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Complexity.
    pub complexity: Complexity,
    /// Age and history.
    pub age: Age,
}

/// The emulated org's password policy. Okta's default policy, without the
/// symbol and name rules; no minimum age, so tests and demos can reset twice
/// in a row; a history of 4, as in Okta's recordings.
pub const POLICY: Policy = Policy {
    complexity: Complexity {
        min_length: 8,
        min_lower_case: 1,
        min_upper_case: 1,
        min_number: 1,
        min_symbol: 0,
        exclude_username: true,
        exclude_first_name: false,
        exclude_last_name: false,
    },
    age: Age {
        min_age_minutes: 0,
        history_count: 4,
    },
};

/// Symbols as Okta's Sign-In Widget counts them.
const SYMBOLS: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// Username parts Okta does not check: common top-level domains.
const IGNORED_PARTS: &[&str] = &[
    "com", "net", "org", "gov", "edu", "mil", "int", "info", "biz",
];

/// Parts shorter than this are not checked (Okta: "any part that contains
/// fewer than 4 characters is not evaluated").
const MIN_PART: usize = 4;

/// A few passwords that pass the complexity rules but are on every
/// breached-password list (Okta's "common password" check, `password.common`).
const COMMON: &[&str] = &[
    "Password1",
    "Password123",
    "Passw0rd",
    "P@ssw0rd",
    "Welcome1",
    "Welcome123",
    "Qwerty123",
    "Abcd1234",
    "Letmein1",
    "Iloveyou1",
];

/// What is wrong with a proposed password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Violation {
    /// A complexity rule fails, or the password was used recently
    /// (`password.passwordRequirementsNotMet`).
    RequirementsNotMet,
    /// The password is on the list of common passwords (`password.common`).
    Common,
}

impl Policy {
    /// `settings` of the password authenticator, as in
    /// `authenticator-reset-password.json`.
    pub fn settings(&self) -> Value {
        let c = &self.complexity;
        json!({
            "complexity": {
                "minLength": c.min_length,
                "minLowerCase": c.min_lower_case,
                "minUpperCase": c.min_upper_case,
                "minNumber": c.min_number,
                "minSymbol": c.min_symbol,
                "excludeUsername": c.exclude_username,
                "excludeFirstName": c.exclude_first_name,
                "excludeLastName": c.exclude_last_name,
            },
            "age": {
                "minAgeMinutes": self.age.min_age_minutes,
                "historyCount": self.age.history_count,
            },
        })
    }

    /// The requirements sentence(s), worded as Okta's server words them:
    /// `Password requirements: at least 8 characters, a lowercase letter, ...
    /// Your password cannot be any of your last 4 passwords.`
    pub fn requirements(&self) -> String {
        let c = &self.complexity;
        let counted = |n: usize, one: &str, many: &str| match n {
            0 => None,
            1 => Some(one.to_owned()),
            n => Some(format!("at least {n} {many}")),
        };
        let rules: Vec<String> = [
            Some(format!("at least {} characters", c.min_length)),
            counted(c.min_lower_case, "a lowercase letter", "lowercase letters"),
            counted(c.min_upper_case, "an uppercase letter", "uppercase letters"),
            counted(c.min_number, "a number", "numbers"),
            counted(c.min_symbol, "a symbol", "symbols"),
            c.exclude_username
                .then(|| "no parts of your username".to_owned()),
            c.exclude_first_name
                .then(|| "does not include your first name".to_owned()),
            c.exclude_last_name
                .then(|| "does not include your last name".to_owned()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let mut text = format!("Password requirements: {}.", rules.join(", "));
        if self.age.history_count > 0 {
            text.push_str(&format!(
                " Your password cannot be any of your last {} passwords.",
                self.age.history_count
            ));
        }
        if self.age.min_age_minutes > 0 {
            text.push_str(&format!(
                " At least {} minute(s) must have elapsed since you last changed your password.",
                self.age.min_age_minutes
            ));
        }
        text
    }

    /// Check `password` for `user`, whose recent passwords, newest (the
    /// current one) first, are `history`.
    pub fn check(&self, password: &str, user: &User, history: &[Secret]) -> Option<Violation> {
        let c = &self.complexity;
        let count = |f: fn(&char) -> bool| password.chars().filter(f).count();
        let contains = |needle: &str| {
            !needle.is_empty() && password.to_lowercase().contains(&needle.to_lowercase())
        };
        let complex = password.chars().count() >= c.min_length
            && count(|ch| ch.is_lowercase()) >= c.min_lower_case
            && count(|ch| ch.is_uppercase()) >= c.min_upper_case
            && count(char::is_ascii_digit) >= c.min_number
            && count(|ch| SYMBOLS.contains(*ch)) >= c.min_symbol
            && !(c.exclude_username && username_parts(&user.username).any(contains))
            && !(c.exclude_first_name && contains(&user.first_name))
            && !(c.exclude_last_name && contains(&user.last_name));
        let reused = history
            .iter()
            .take(self.age.history_count)
            .any(|old| old.expose() == password);
        if !complex || reused {
            Some(Violation::RequirementsNotMet)
        } else if COMMON.iter().any(|p| p.eq_ignore_ascii_case(password)) {
            Some(Violation::Common)
        } else {
            None
        }
    }
}

/// The parts of a username a password must not contain: the whole username,
/// and its pieces between punctuation of at least [`MIN_PART`] characters,
/// except common top-level domains (Okta's "Does not contain part of
/// username" rule).
fn username_parts(username: &str) -> impl Iterator<Item = &str> {
    std::iter::once(username).chain(
        username
            .split(|ch: char| !ch.is_alphanumeric())
            .filter(|p| p.chars().count() >= MIN_PART)
            .filter(|p| !IGNORED_PARTS.iter().any(|t| t.eq_ignore_ascii_case(p))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> User {
        crate::config::demo_users()
            .into_iter()
            .find(|u| u.username == "demo@example.com")
            .expect("demo user")
    }

    fn check(password: &str) -> Option<Violation> {
        POLICY.check(password, &user(), &[Secret::new("correct-horse-battery")])
    }

    #[test]
    fn settings_and_text_come_from_the_one_policy() {
        let s = POLICY.settings();
        assert_eq!(s["complexity"]["minLength"], 8);
        assert_eq!(s["complexity"]["minSymbol"], 0);
        assert_eq!(s["complexity"]["excludeUsername"], true);
        assert_eq!(s["complexity"]["excludeFirstName"], false);
        assert_eq!(s["age"]["historyCount"], 4);
        assert_eq!(
            POLICY.requirements(),
            "Password requirements: at least 8 characters, a lowercase letter, an uppercase \
             letter, a number, no parts of your username. Your password cannot be any of your \
             last 4 passwords."
        );
    }

    #[test]
    fn each_rule_is_enforced() {
        assert_eq!(check("Tr0ubadour"), None);
        assert_eq!(
            check("Tr0ub4d"),
            Some(Violation::RequirementsNotMet),
            "7 chars"
        );
        assert_eq!(
            check("tr0ubadour"),
            Some(Violation::RequirementsNotMet),
            "no upper"
        );
        assert_eq!(
            check("TR0UBADOUR"),
            Some(Violation::RequirementsNotMet),
            "no lower"
        );
        assert_eq!(
            check("Troubadour"),
            Some(Violation::RequirementsNotMet),
            "no digit"
        );
        for with_name in ["xDemo1234", "Example99z", "a1demo@EXAMPLE.COM"] {
            assert_eq!(
                check(with_name),
                Some(Violation::RequirementsNotMet),
                "username part"
            );
        }
        // Short parts and top-level domains are not username parts.
        assert_eq!(check("Computer1"), None);
        // Names are not excluded by this policy.
        assert_eq!(check("UserName12"), None);
        assert_eq!(check("Passw0rd"), Some(Violation::Common));
    }

    #[test]
    fn the_last_passwords_cannot_be_reused() {
        let history: Vec<Secret> = [
            "Newest111",
            "Second222",
            "Third3333",
            "Fourth444",
            "Fifth5555",
        ]
        .into_iter()
        .map(Secret::new)
        .collect();
        for used in ["Newest111", "Second222", "Third3333", "Fourth444"] {
            assert_eq!(
                POLICY.check(used, &user(), &history),
                Some(Violation::RequirementsNotMet),
                "{used}"
            );
        }
        // Older than the history count: allowed again.
        assert_eq!(POLICY.check("Fifth5555", &user(), &history), None);
    }
}
