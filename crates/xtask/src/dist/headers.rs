//! The site's `_headers` for one org: the shipped policy (`public/_headers`)
//! with `connect-src` naming the configured issuer's origin.
//!
//! Invariants:
//! - Only the `connect-src` directive of each Content-Security-Policy line
//!   (enforced or report-only) changes, to exactly `'self' <origin>`: the
//!   site itself (config.json, translations) and the org (IDX, OAuth, keys).
//!   Every other byte of the file is kept, comments included.
//! - A file with no such directive is an error: a site must never ship
//!   with a policy that blocks its issuer, or with none at all.
//! - Pure: the caller reads and writes the files.

/// `headers` with every policy's `connect-src` set to `'self' <origin>`.
pub(crate) fn with_connect_src(headers: &str, origin: &str) -> Result<String, String> {
    let mut out = String::with_capacity(headers.len() + origin.len());
    let mut replaced = 0;
    for line in headers.split_inclusive('\n') {
        match connect_src_range(line) {
            Some((start, end)) => {
                out.push_str(&line[..start]);
                out.push_str("connect-src 'self' ");
                out.push_str(origin);
                out.push_str(&line[end..]);
                replaced += 1;
            }
            None => out.push_str(line),
        }
    }
    if replaced == 0 {
        return Err(
            "has no Content-Security-Policy line with a connect-src directive to point at the issuer"
                .to_owned(),
        );
    }
    Ok(out)
}

/// The byte range of the `connect-src` directive (name and sources, without
/// the `;` that ends it) in a policy header line, if the line is one.
fn connect_src_range(line: &str) -> Option<(usize, usize)> {
    let (name, _) = line.split_once(':')?;
    let name = name.trim().to_ascii_lowercase();
    if !matches!(
        name.as_str(),
        "content-security-policy" | "content-security-policy-report-only"
    ) {
        return None;
    }
    let body_end = line.trim_end_matches(['\r', '\n']).len();
    let mut start = line.find(':')? + 1;
    while start < body_end {
        let end = line[start..body_end]
            .find(';')
            .map_or(body_end, |at| start + at);
        let directive = &line[start..end];
        let lead = directive.len() - directive.trim_start().len();
        let mut words = directive.split_whitespace();
        if words
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("connect-src"))
        {
            let trail = directive.len() - directive.trim_end().len();
            return Some((start + lead, end - trail));
        }
        start = end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> String {
        std::fs::read_to_string(crate::workspace::root().join("public/_headers")).unwrap()
    }

    #[test]
    fn the_org_origin_replaces_the_emulator_in_the_shipped_policy() {
        let text = with_connect_src(&shipped(), "https://example.okta.com").unwrap();
        let policy = text
            .lines()
            .find(|l| l.trim_start().starts_with("Content-Security-Policy:"))
            .unwrap();
        assert!(
            policy.contains("; connect-src 'self' https://example.okta.com; base-uri 'none';"),
            "{policy}"
        );
        assert!(!policy.contains("127.0.0.1"), "{policy}");
        // Nothing else changed: same lines apart from the policy.
        let before = shipped();
        let changed: Vec<_> = before
            .lines()
            .zip(text.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert_eq!(before.lines().count(), text.lines().count());
        assert_eq!(text.ends_with('\n'), before.ends_with('\n'));
    }

    #[test]
    fn the_demo_origin_replaces_only_the_placeholder() {
        let shipped = shipped();
        let demo = with_connect_src(&shipped, "http://127.0.0.1:8787").unwrap();
        assert!(shipped.contains("connect-src 'self' https://YOUR-ORG.okta.com;"));
        assert_eq!(
            demo,
            shipped.replace(
                "connect-src 'self' https://YOUR-ORG.okta.com;",
                "connect-src 'self' http://127.0.0.1:8787;"
            )
        );
    }

    #[test]
    fn every_policy_line_is_rewritten_wherever_connect_src_stands() {
        let text = "# connect-src http://old in a comment stays\n\
/*\n  Content-Security-Policy: connect-src http://old https://other;default-src 'none'\r\n\
  content-security-policy-report-only: default-src 'none';  connect-src\thttp://old  \n\
  X-Connect: connect-src http://old\n";
        let out = with_connect_src(text, "https://org.example").unwrap();
        assert_eq!(
            out,
            "# connect-src http://old in a comment stays\n\
/*\n  Content-Security-Policy: connect-src 'self' https://org.example;default-src 'none'\r\n\
  content-security-policy-report-only: default-src 'none';  connect-src 'self' https://org.example  \n\
  X-Connect: connect-src http://old\n"
        );
    }

    #[test]
    fn a_policy_without_connect_src_is_refused() {
        for text in [
            "/*\n  Content-Security-Policy: default-src 'none'\n",
            "/*\n  X-Frame-Options: DENY\n",
            "",
            "/*\n  Content-Security-Policy: default-src 'none'; connect-srcx 'self'\n",
        ] {
            assert!(
                with_connect_src(text, "https://org.example").is_err(),
                "{text:?}"
            );
        }
    }
}
