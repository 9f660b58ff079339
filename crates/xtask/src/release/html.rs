//! Rewriting trunk's output for the split bundle: index.html's loader tag
//! and preloads, and the split loader's module names.
//!
//! Invariant: every rewrite checks that what it replaces is there, so a
//! change in trunk's or the splitter's output fails the build instead of
//! shipping a page that names missing files.

/// The script and wasm trunk built, as index.html names them (`/signin-….js`).
#[derive(Debug, PartialEq)]
pub(super) struct TrunkBundle {
    pub(super) js: String,
    pub(super) wasm: String,
}

/// The split bundle's files (site paths) and their integrity values.
#[derive(Debug)]
pub(super) struct Bundle {
    pub(super) js: String,
    pub(super) wasm: String,
    pub(super) loader: String,
    pub(super) js_integrity: String,
    pub(super) wasm_integrity: String,
    pub(super) loader_integrity: String,
    /// The on-demand modules, in the order the app fetches them ahead of
    /// need once the first form is usable (`<meta name=signin-prefetch>`).
    pub(super) prefetch: Vec<String>,
}

/// The files boot.js's tag names (`data-signin-js`, `data-signin-wasm`).
pub(super) fn trunk_bundle(html: &str) -> Result<TrunkBundle, String> {
    let value = |attr: &str| {
        attribute_value(html, attr).ok_or_else(|| {
            format!("index.html has no {attr} attribute (Trunk.toml's pattern_script)")
        })
    };
    Ok(TrunkBundle {
        js: value("data-signin-js")?,
        wasm: value("data-signin-wasm")?,
    })
}

/// index.html naming the split bundle instead of trunk's: the loader tag's
/// attributes, and in place of trunk's preloads, preloads of the main
/// script, the split loader (with their integrity) and the wasm, then the
/// list of on-demand modules the app fetches when idle.
pub(super) fn with_split_bundle(
    html: &str,
    old: &TrunkBundle,
    new: &Bundle,
) -> Result<String, String> {
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    // Trunk's own preloads of its script and wasm go; ours come at the end of <head>.
    while let Some(start) = rest.find("<link") {
        let end = start
            + rest[start..]
                .find('>')
                .ok_or("index.html: a <link> tag is not closed")?;
        let tag = &rest[start..=end];
        out.push_str(&rest[..start]);
        let href = attribute_value(tag, "href");
        if href.as_deref() != Some(old.js.as_str()) && href.as_deref() != Some(old.wasm.as_str()) {
            out.push_str(tag);
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);

    for (attr, from, to) in [
        ("data-signin-js", &old.js, &new.js),
        ("data-signin-wasm", &old.wasm, &new.wasm),
    ] {
        let before = out.clone();
        out = out.replacen(&format!("{attr}={from}"), &format!("{attr}={to}"), 1);
        if out == before {
            out = out.replacen(
                &format!("{attr}=\"{from}\""),
                &format!("{attr}=\"{to}\""),
                1,
            );
        }
        if out == before {
            return Err(format!("index.html: {attr} does not name {from}"));
        }
    }

    if let Some(odd) = new.prefetch.iter().find(|p| !is_plain_path(p)) {
        return Err(format!("{odd:?} cannot be listed in a meta tag"));
    }
    let preloads = format!(
        "<link rel=\"modulepreload\" href=\"{js}\" integrity=\"{jsi}\" crossorigin>\
         <link rel=\"modulepreload\" href=\"{loader}\" integrity=\"{li}\" crossorigin>\
         <link rel=\"preload\" href=\"{wasm}\" as=\"fetch\" type=\"application/wasm\" integrity=\"{wi}\" crossorigin>\
         <meta name=\"signin-prefetch\" content=\"{prefetch}\">",
        js = new.js,
        jsi = new.js_integrity,
        loader = new.loader,
        li = new.loader_integrity,
        wasm = new.wasm,
        wi = new.wasm_integrity,
        prefetch = new.prefetch.join(" "),
    );
    let head_end = out.find("</head>").ok_or("index.html has no </head>")?;
    out.insert_str(head_end, &preloads);
    Ok(out)
}

/// A site path that needs no escaping in an attribute or a space-separated list.
fn is_plain_path(path: &str) -> bool {
    path.starts_with('/')
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
}

/// `text` with every quoted `"from"` as `"to"`; an error when there is none.
pub(super) fn renamed_reference(text: &str, from: &str, to: &str) -> Result<String, String> {
    let quoted = format!("\"{from}\"");
    if !text.contains(&quoted) {
        return Err(format!("{quoted} is not referenced"));
    }
    Ok(text.replace(&quoted, &format!("\"{to}\"")))
}

/// The value of the first `attr=` in `html` (quoted or not).
fn attribute_value(html: &str, attr: &str) -> Option<String> {
    let mut from = 0;
    while let Some(at) = html[from..].find(attr) {
        let start = from + at;
        from = start + attr.len();
        // A whole attribute name: preceded by whitespace, followed by `=`.
        let before_ok = html[..start].ends_with(|c: char| c.is_ascii_whitespace());
        let Some(value) = html[from..].strip_prefix('=') else {
            continue;
        };
        if !before_ok {
            continue;
        }
        return Some(match value.strip_prefix('"') {
            Some(quoted) => quoted.split('"').next()?.to_owned(),
            None => value
                .split(|c: char| c.is_ascii_whitespace() || c == '>')
                .next()?
                .to_owned(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of trunk's minified release index.html.
    const TRUNK: &str = "<!doctype html><html lang=en><head><title>Sign in</title>\
        <link as=fetch crossorigin href=/config.json rel=preload>\
        <script data-signin-js=/signin-aa11.js data-signin-wasm=/signin-aa11_bg.wasm src=/boot.js type=module></script>\
        <link href=/main-bb22.css integrity=sha384-css rel=stylesheet>\
        <link crossorigin href=/signin-aa11.js integrity=sha384-oldjs rel=modulepreload>\
        <link as=fetch crossorigin href=/signin-aa11_bg.wasm integrity=sha384-oldwasm rel=preload type=application/wasm>\
        </head><body></body></html>";

    fn bundle() -> Bundle {
        Bundle {
            js: "/signin-cc33.js".into(),
            wasm: "/signin-cc33_bg.wasm".into(),
            loader: "/signin-cc33-split.js".into(),
            js_integrity: "sha384-js".into(),
            wasm_integrity: "sha384-wasm".into(),
            loader_integrity: "sha384-loader".into(),
            prefetch: vec![
                "/signin-cc33-split_later.wasm".into(),
                "/signin-cc33-chunk_1.wasm".into(),
            ],
        }
    }

    #[test]
    fn trunks_bundle_is_read_from_the_loader_tag() {
        assert_eq!(
            trunk_bundle(TRUNK).unwrap(),
            TrunkBundle {
                js: "/signin-aa11.js".into(),
                wasm: "/signin-aa11_bg.wasm".into()
            }
        );
        let quoted = TRUNK.replace(
            "data-signin-js=/signin-aa11.js",
            "data-signin-js=\"/signin-aa11.js\"",
        );
        assert_eq!(trunk_bundle(&quoted).unwrap().js, "/signin-aa11.js");
        assert!(trunk_bundle("<html><script src=/boot.js></script></html>").is_err());
    }

    #[test]
    fn the_page_names_and_preloads_only_the_split_bundle() {
        let old = trunk_bundle(TRUNK).unwrap();
        let page = with_split_bundle(TRUNK, &old, &bundle()).unwrap();
        assert!(!page.contains("aa11"), "trunk's files are gone: {page}");
        assert!(!page.contains("sha384-old"));
        assert!(
            page.contains("data-signin-js=/signin-cc33.js data-signin-wasm=/signin-cc33_bg.wasm")
        );
        for (href, integrity) in [
            ("/signin-cc33.js", "sha384-js"),
            ("/signin-cc33-split.js", "sha384-loader"),
            ("/signin-cc33_bg.wasm", "sha384-wasm"),
        ] {
            assert!(
                page.contains(&format!("href=\"{href}\" ")) && page.contains(integrity),
                "{href} preloaded with its integrity: {page}"
            );
        }
        // The other tags stay as trunk wrote them; the preloads and the
        // idle-time list end the head.
        assert!(page.contains("<link href=/main-bb22.css integrity=sha384-css rel=stylesheet>"));
        assert!(page.contains("<link as=fetch crossorigin href=/config.json rel=preload>"));
        assert!(page.contains(
            "crossorigin><meta name=\"signin-prefetch\" \
             content=\"/signin-cc33-split_later.wasm /signin-cc33-chunk_1.wasm\"></head>"
        ));
    }

    #[test]
    fn a_page_without_the_expected_pieces_is_refused() {
        let old = trunk_bundle(TRUNK).unwrap();
        let no_head = TRUNK.replace("</head>", "");
        assert!(with_split_bundle(&no_head, &old, &bundle()).is_err());
        let other = TrunkBundle {
            js: "/signin-ffff.js".into(),
            wasm: old.wasm.clone(),
        };
        assert!(with_split_bundle(TRUNK, &other, &bundle()).is_err());
        assert!(with_split_bundle("<link href=/x.css", &old, &bundle()).is_err());
        let mut quoted = bundle();
        quoted.prefetch.push("/a\" onload=\"x.wasm".into());
        assert!(with_split_bundle(TRUNK, &old, &quoted).is_err());
    }

    #[test]
    fn a_loader_reference_is_renamed_only_where_it_is_quoted() {
        let js = "fetch(new URL(\"./split_later.wasm\", import.meta.url)); // split_later.wasm";
        let renamed =
            renamed_reference(js, "./split_later.wasm", "./signin-cc33-split_later.wasm").unwrap();
        assert!(renamed.contains("new URL(\"./signin-cc33-split_later.wasm\""));
        assert!(renamed.ends_with("// split_later.wasm"));
        assert!(renamed_reference(js, "./split_home.wasm", "./x.wasm").is_err());
    }
}
