//! A compact built-in list of countries with their calling codes, for the
//! phone enrollment's country picker.
//!
//! Invariants: sorted by English name; ISO 3166-1 alpha-2 codes unique;
//! calling codes are 1 to 3 digits without `+` (a unit test checks all
//! three). Countries sharing a code (the North American plan) are listed
//! each under its own name.

/// One country: ISO code, English name, calling code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2, e.g. `US`.
    pub iso: &'static str,
    /// English name.
    pub name: &'static str,
    /// Calling code without `+`, e.g. `1`.
    pub code: &'static str,
}

macro_rules! countries {
    ($(($iso:literal, $name:literal, $code:literal)),* $(,)?) => {
        /// The countries offered, by English name.
        pub static COUNTRIES: &[Country] = &[$(Country { iso: $iso, name: $name, code: $code }),*];
    };
}

countries![
    ("AR", "Argentina", "54"),
    ("AU", "Australia", "61"),
    ("AT", "Austria", "43"),
    ("BE", "Belgium", "32"),
    ("BR", "Brazil", "55"),
    ("BG", "Bulgaria", "359"),
    ("CA", "Canada", "1"),
    ("CL", "Chile", "56"),
    ("CN", "China", "86"),
    ("CO", "Colombia", "57"),
    ("HR", "Croatia", "385"),
    ("CZ", "Czechia", "420"),
    ("DK", "Denmark", "45"),
    ("EG", "Egypt", "20"),
    ("EE", "Estonia", "372"),
    ("FI", "Finland", "358"),
    ("FR", "France", "33"),
    ("DE", "Germany", "49"),
    ("GR", "Greece", "30"),
    ("HK", "Hong Kong", "852"),
    ("HU", "Hungary", "36"),
    ("IS", "Iceland", "354"),
    ("IN", "India", "91"),
    ("ID", "Indonesia", "62"),
    ("IE", "Ireland", "353"),
    ("IL", "Israel", "972"),
    ("IT", "Italy", "39"),
    ("JP", "Japan", "81"),
    ("KE", "Kenya", "254"),
    ("LV", "Latvia", "371"),
    ("LT", "Lithuania", "370"),
    ("LU", "Luxembourg", "352"),
    ("MY", "Malaysia", "60"),
    ("MX", "Mexico", "52"),
    ("MA", "Morocco", "212"),
    ("NL", "Netherlands", "31"),
    ("NZ", "New Zealand", "64"),
    ("NG", "Nigeria", "234"),
    ("NO", "Norway", "47"),
    ("PK", "Pakistan", "92"),
    ("PE", "Peru", "51"),
    ("PH", "Philippines", "63"),
    ("PL", "Poland", "48"),
    ("PT", "Portugal", "351"),
    ("RO", "Romania", "40"),
    ("SA", "Saudi Arabia", "966"),
    ("SG", "Singapore", "65"),
    ("SK", "Slovakia", "421"),
    ("SI", "Slovenia", "386"),
    ("ZA", "South Africa", "27"),
    ("KR", "South Korea", "82"),
    ("ES", "Spain", "34"),
    ("SE", "Sweden", "46"),
    ("CH", "Switzerland", "41"),
    ("TW", "Taiwan", "886"),
    ("TH", "Thailand", "66"),
    ("TR", "Türkiye", "90"),
    ("UA", "Ukraine", "380"),
    ("AE", "United Arab Emirates", "971"),
    ("GB", "United Kingdom", "44"),
    ("US", "United States", "1"),
    ("VN", "Vietnam", "84"),
];

/// The country with this ISO code.
pub fn by_iso(iso: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.iso.eq_ignore_ascii_case(iso))
}

/// The country to preselect for a browser language tag (`en-GB` → GB),
/// else the United States (Okta's widget default).
pub fn default_for(language: &str) -> &'static Country {
    language
        .split(['-', '_'])
        .nth(1)
        .and_then(by_iso)
        .or_else(|| by_iso("US"))
        .unwrap_or(&COUNTRIES[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_unique_and_well_formed() {
        for pair in COUNTRIES.windows(2) {
            assert!(
                pair[0].name < pair[1].name,
                "{} before {}",
                pair[0].name,
                pair[1].name
            );
        }
        for (i, c) in COUNTRIES.iter().enumerate() {
            assert!(c.iso.len() == 2 && c.iso.chars().all(|ch| ch.is_ascii_uppercase()));
            assert!(
                (1..=3).contains(&c.code.len()) && c.code.chars().all(|ch| ch.is_ascii_digit())
            );
            assert!(
                COUNTRIES[i + 1..].iter().all(|o| o.iso != c.iso),
                "{}",
                c.iso
            );
        }
        assert_eq!(default_for("en-GB").code, "44");
        assert_eq!(default_for("fr").iso, "US");
    }
}
