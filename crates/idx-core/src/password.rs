//! Password rules of the password authenticator
//! (`settings.complexity`, shown when a new password is set, e.g. in
//! `reset-authenticator`), and the check of a candidate against them, so a
//! client can list the rules, tick them off while the person types and
//! refuse a password before sending it.
//!
//! Invariants: the check mirrors only what the settings state (the server
//! stays the judge: history and common-password rules are not knowable
//! here); it never fails on odd settings (missing or negative numbers mean
//! "no rule"); a candidate is never logged or kept.

use serde_json::Value as Json;

/// What `settings.complexity` asks of a new password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PasswordRules {
    /// At least this many characters.
    pub min_length: u32,
    /// At least this many lower-case letters.
    pub min_lower_case: u32,
    /// At least this many upper-case letters.
    pub min_upper_case: u32,
    /// At least this many digits.
    pub min_number: u32,
    /// At least this many symbols (anything but letters, digits and spaces).
    pub min_symbol: u32,
    /// Must not contain the username (its part before `@`, as Okta compares).
    pub exclude_username: bool,
    /// Must not contain the first name.
    pub exclude_first_name: bool,
    /// Must not contain the last name.
    pub exclude_last_name: bool,
}

/// One rule, with its number where it has one (for the text shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PasswordRule {
    /// At least `n` characters.
    MinLength(u32),
    /// At least `n` lower-case letters.
    LowerCase(u32),
    /// At least `n` upper-case letters.
    UpperCase(u32),
    /// At least `n` digits.
    Number(u32),
    /// At least `n` symbols.
    Symbol(u32),
    /// No part of the username.
    NoUsername,
    /// Not the first name.
    NoFirstName,
    /// Not the last name.
    NoLastName,
}

/// Who the password is for (what it must not contain).
#[derive(Debug, Clone, Copy, Default)]
pub struct PasswordOwner<'a> {
    /// The login.
    pub username: Option<&'a str>,
    /// First name.
    pub first_name: Option<&'a str>,
    /// Last name.
    pub last_name: Option<&'a str>,
}

impl PasswordRules {
    /// Reads `settings.complexity` of an authenticator value; `None` when
    /// it states no complexity at all.
    pub(crate) fn from_settings(authenticator: &Json) -> Option<Self> {
        let c = authenticator.pointer("/settings/complexity")?.as_object()?;
        let count = |name: &str| {
            c.get(name)
                .and_then(Json::as_i64)
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(0)
        };
        let flag = |name: &str| c.get(name).and_then(Json::as_bool).unwrap_or(false);
        Some(Self {
            min_length: count("minLength"),
            min_lower_case: count("minLowerCase"),
            min_upper_case: count("minUpperCase"),
            min_number: count("minNumber"),
            min_symbol: count("minSymbol"),
            exclude_username: flag("excludeUsername"),
            exclude_first_name: flag("excludeFirstName"),
            exclude_last_name: flag("excludeLastName"),
        })
    }

    /// The rules in force, in the order Okta's widget lists them.
    pub fn rules(&self) -> Vec<PasswordRule> {
        let mut out = Vec::new();
        let counted = [
            (
                self.min_length,
                PasswordRule::MinLength as fn(u32) -> PasswordRule,
            ),
            (self.min_lower_case, PasswordRule::LowerCase),
            (self.min_upper_case, PasswordRule::UpperCase),
            (self.min_number, PasswordRule::Number),
            (self.min_symbol, PasswordRule::Symbol),
        ];
        for (n, rule) in counted {
            if n > 0 {
                out.push(rule(n));
            }
        }
        for (on, rule) in [
            (self.exclude_username, PasswordRule::NoUsername),
            (self.exclude_first_name, PasswordRule::NoFirstName),
            (self.exclude_last_name, PasswordRule::NoLastName),
        ] {
            if on {
                out.push(rule);
            }
        }
        out
    }

    /// The rules `candidate` does not meet (empty: it meets them all).
    pub fn unmet(&self, candidate: &str, owner: PasswordOwner<'_>) -> Vec<PasswordRule> {
        self.rules()
            .into_iter()
            .filter(|rule| !rule.met_by(candidate, owner))
            .collect()
    }
}

impl PasswordRule {
    /// Whether `candidate` meets this rule. Rules about the owner hold
    /// when the owner's value is unknown.
    pub fn met_by(self, candidate: &str, owner: PasswordOwner<'_>) -> bool {
        let count = |f: fn(&char) -> bool| {
            u32::try_from(candidate.chars().filter(f).count()).unwrap_or(u32::MAX)
        };
        let lower = candidate.to_lowercase();
        let excludes = |part: Option<&str>| {
            part.map(str::trim)
                .filter(|p| !p.is_empty())
                .is_none_or(|p| !lower.contains(&p.to_lowercase()))
        };
        match self {
            Self::MinLength(n) => count(|_| true) >= n,
            Self::LowerCase(n) => count(|c| c.is_lowercase()) >= n,
            Self::UpperCase(n) => count(|c| c.is_uppercase()) >= n,
            Self::Number(n) => count(char::is_ascii_digit) >= n,
            Self::Symbol(n) => count(|c| !c.is_alphanumeric() && !c.is_whitespace()) >= n,
            Self::NoUsername => excludes(owner.username.map(|u| u.split('@').next().unwrap_or(u))),
            Self::NoFirstName => excludes(owner.first_name),
            Self::NoLastName => excludes(owner.last_name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules() -> PasswordRules {
        PasswordRules::from_settings(&json!({"settings": {"complexity": {
            "minLength": 8, "minLowerCase": 1, "minUpperCase": 1, "minNumber": 1,
            "minSymbol": 0, "excludeUsername": true, "excludeFirstName": true,
            "excludeLastName": false
        }}}))
        .unwrap()
    }

    const OWNER: PasswordOwner<'static> = PasswordOwner {
        username: Some("demo@example.com"),
        first_name: Some("Pat"),
        last_name: Some("Lee"),
    };

    #[test]
    fn lists_the_rules_in_force() {
        assert_eq!(
            rules().rules(),
            [
                PasswordRule::MinLength(8),
                PasswordRule::LowerCase(1),
                PasswordRule::UpperCase(1),
                PasswordRule::Number(1),
                PasswordRule::NoUsername,
                PasswordRule::NoFirstName,
            ]
        );
        assert!(PasswordRules::from_settings(&json!({"settings": {}})).is_none());
        // Odd numbers mean no rule, never a failure to parse.
        let odd = PasswordRules::from_settings(&json!({"settings": {"complexity": {
            "minLength": -3, "minNumber": "2", "excludeUsername": "yes"
        }}}))
        .unwrap();
        assert!(odd.rules().is_empty());
    }

    #[test]
    fn names_each_unmet_rule() {
        let r = rules();
        assert!(r.unmet("Correct-Horse-7", OWNER).is_empty());
        assert_eq!(r.unmet("Short7a", OWNER), [PasswordRule::MinLength(8)]);
        assert_eq!(
            r.unmet("alllowercase", OWNER),
            [PasswordRule::UpperCase(1), PasswordRule::Number(1)]
        );
        assert_eq!(r.unmet("Demo12345x", OWNER), [PasswordRule::NoUsername]);
        assert_eq!(r.unmet("xxPAT9999y", OWNER), [PasswordRule::NoFirstName]);
        // Last name is not excluded by these settings.
        assert!(r.unmet("Lee-Lee-9x", OWNER).is_empty());
        // Unknown owner: owner rules hold.
        assert!(r.unmet("Demo12345x", PasswordOwner::default()).is_empty());
        // Characters, not bytes.
        assert!(PasswordRule::MinLength(3).met_by("äöü", OWNER));
        assert!(!PasswordRule::MinLength(4).met_by("äöü", OWNER));
        assert!(PasswordRule::Symbol(1).met_by("a-b", OWNER));
        assert!(!PasswordRule::Symbol(1).met_by("a b", OWNER));
    }
}
