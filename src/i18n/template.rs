//! Placeholders in a translation: `{name}` in app strings, `{0}`, `{1}` …
//! in IDX messages.
//!
//! Invariant: a template is filled completely or not at all: a placeholder
//! without a value (or an unclosed brace) yields `None`, never half-filled
//! text.

/// Replaces every `{name}` in `template` by `value(name)`; `None` when a
/// placeholder has no value. Text without braces passes through unchanged.
pub(super) fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        out.push_str(&value(&after[..close])?);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Names of the `{placeholders}` in a template, in order: the tests check
/// that every translation uses the same ones as English, and an org's own
/// texts in `config.json` are held to the same.
pub(super) fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_and_placeholders() {
        assert_eq!(
            fill("a {x} b {x}", |_| Some("1".into())).as_deref(),
            Some("a 1 b 1")
        );
        assert_eq!(fill("no braces", |_| None).as_deref(), Some("no braces"));
        assert_eq!(fill("open {x", |_| Some("1".into())), None);
        assert_eq!(placeholders("{a} and {0}"), vec!["a", "0"]);
    }
}
