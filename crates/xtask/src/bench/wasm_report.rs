//! Where the wasm's bytes go, for the report: the code section by crate and
//! by function, and the sections of the module (code, data, the rest).
//!
//! Invariants:
//! - Pure: works on a [`WasmProfile`] read from a names-kept build.
//! - Every function body is counted under exactly one crate, so the crate
//!   table adds up to the code section's bodies; a name that is no Rust path
//!   (wasm-bindgen's shims, C builtins, unnamed) has a group of its own.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::units::kb;
use super::wasm_names::WasmProfile;

/// Crates shown by name; the rest are summed in one row.
const TOP_CRATES: usize = 18;
const TOP_FUNCTIONS: usize = 20;

/// The name without rustc's `::h<16 hex>` hash suffix.
fn without_hash(name: &str) -> &str {
    match name.rsplit_once("::h") {
        Some((head, hash)) if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
            head
        }
        _ => name,
    }
}

/// The name without the `[<hex>]` crate disambiguators that v0-demangled
/// names of the prebuilt standard library carry (`core[c5930c85a12de822]::fmt`).
fn without_disambiguators(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        match after.find(']') {
            Some(close) if close >= 8 && after[..close].bytes().all(|b| b.is_ascii_hexdigit()) => {
                out.push_str(&rest[..open]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Shown for a function whose name is no Rust path.
const NO_PATH: &str = "(no Rust path: C builtins, unnamed)";
/// Shown for inherent methods of primitive types (`<str>::to_lowercase`).
const PRIMITIVES: &str = "(core/alloc: methods on primitives)";

/// First path segment, when it is an identifier followed by `::`.
fn leading_crate(path: &str) -> Option<&str> {
    let (head, _) = path.split_once("::")?;
    let ident = !head.is_empty() && head.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    ident.then_some(head)
}

/// The crate a function's code belongs to: the implementing type's crate
/// for `<Type as Trait>::f` (the trait's when the type is a primitive or a
/// generic), the argument's crate for drop glue, else the path's first
/// segment. Legacy-mangled (`_ZN...`) names are read the same way.
pub(super) fn crate_of(name: &str) -> String {
    let name = without_disambiguators(name.trim());
    let name = without_hash(&name);
    if name.starts_with("__wbg")
        || name.starts_with("__wbindgen")
        || name.starts_with("__externref")
    {
        return "(wasm-bindgen shims)".to_owned();
    }
    if let Some(rest) = name.strip_prefix("_ZN") {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(len) = digits.parse::<usize>()
            && let Some(ident) = rest.get(digits.len()..digits.len() + len)
        {
            return ident.to_owned();
        }
    }
    if let Some(arg) = name.strip_prefix("core::ptr::drop_in_place<") {
        let arg = arg.trim_start_matches(['&', '(', '[', '*']);
        if let Some(krate) = leading_crate(arg) {
            return krate.to_owned();
        }
    }
    let path = match name.strip_prefix('<') {
        Some(inner) => {
            let mut ty = inner.trim_start_matches(['&', '*', '(', '[']);
            for prefix in ["mut ", "const ", "dyn "] {
                ty = ty.trim_start_matches(prefix);
            }
            match (leading_crate(ty), inner.split_once(" as ")) {
                (Some(_), _) => ty,
                (None, Some((_, trait_path))) => trait_path,
                (None, None) => return PRIMITIVES.to_owned(),
            }
        }
        None => name,
    };
    leading_crate(path).map_or_else(|| NO_PATH.to_owned(), str::to_owned)
}

impl WasmProfile {
    /// Code bytes and function count per crate, largest first.
    pub(super) fn by_crate(&self) -> Vec<(String, u64, usize)> {
        let mut crates: BTreeMap<String, (u64, usize)> = BTreeMap::new();
        for f in &self.functions {
            let entry = crates.entry(crate_of(&f.name)).or_default();
            entry.0 += f.size;
            entry.1 += 1;
        }
        let mut list: Vec<(String, u64, usize)> =
            crates.into_iter().map(|(k, (b, n))| (k, b, n)).collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        list
    }

    fn section(&self, name: &str) -> u64 {
        self.sections
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, s)| s)
            .sum()
    }

    /// The report's section on the wasm's bytes; `source` says what was read.
    pub(super) fn report(&self, source: &str) -> String {
        let mut out = String::new();
        let module: u64 = self
            .sections
            .iter()
            .filter(|(n, _)| !n.starts_with("custom"))
            .map(|(_, s)| s)
            .sum();
        let bodies: u64 = self.functions.iter().map(|f| f.size).sum();
        let share = |part: u64, whole: u64| {
            if whole == 0 {
                0.0
            } else {
                part as f64 * 100.0 / whole as f64
            }
        };
        let code = self.section("code");
        let data = self.section("data");
        let _ = writeln!(
            out,
            "{source}. Raw bytes, before compression; custom sections (names) left out: module {}, of which code {} ({:.0}%, {} functions) and data {} ({:.0}%: string literals, tables, static data).\n",
            kb(module),
            kb(code),
            share(code, module),
            self.functions.len(),
            kb(data),
            share(data, module),
        );
        let crates = self.by_crate();
        let _ = writeln!(out, "| crate | functions | code bytes | share of code |");
        let _ = writeln!(out, "|---|---:|---:|---:|");
        for (name, bytes, count) in crates.iter().take(TOP_CRATES) {
            let _ = writeln!(
                out,
                "| {name} | {count} | {} | {:.1}% |",
                kb(*bytes),
                share(*bytes, bodies)
            );
        }
        if crates.len() > TOP_CRATES {
            let rest = &crates[TOP_CRATES..];
            let bytes: u64 = rest.iter().map(|c| c.1).sum();
            let count: usize = rest.iter().map(|c| c.2).sum();
            let _ = writeln!(
                out,
                "| {} other crates | {count} | {} | {:.1}% |",
                rest.len(),
                kb(bytes),
                share(bytes, bodies)
            );
        }
        let mut functions: Vec<_> = self.functions.iter().collect();
        functions.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.name.cmp(&b.name)));
        let _ = writeln!(out, "\n| largest functions | crate | bytes |");
        let _ = writeln!(out, "|---|---|---:|");
        for f in functions.iter().take(TOP_FUNCTIONS) {
            let mut name = without_hash(&without_disambiguators(&f.name)).replace('|', "/");
            if name.chars().count() > 110 {
                name = name.chars().take(107).collect::<String>() + "...";
            }
            let _ = writeln!(out, "| `{name}` | {} | {} |", crate_of(&f.name), kb(f.size));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::wasm_names::Function;

    #[test]
    fn functions_are_given_to_their_crate() {
        for (name, krate) in [
            (
                "serde_json::de::Deserializer<R>::parse_any::h0123456789abcdef",
                "serde_json",
            ),
            ("<leptos::view::View as core::fmt::Debug>::fmt", "leptos"),
            ("<&T as core::fmt::Display>::fmt", "core"),
            ("<u8 as alloc::string::ToString>::to_string", "alloc"),
            (
                "core::ptr::drop_in_place<idx_core::model::Transaction>",
                "idx_core",
            ),
            ("__wbg_fetch_1234", "(wasm-bindgen shims)"),
            ("memcpy", NO_PATH),
            ("_ZN10serde_json2de5parseE", "serde_json"),
            ("func[12]", NO_PATH),
            ("<f64 as core[c5930c85a12de822]::fmt::Display>::fmt", "core"),
            (
                "<dlmalloc[e24a27700634d609]::Dlmalloc<A>>::malloc",
                "dlmalloc",
            ),
            ("<str>::to_lowercase", PRIMITIVES),
            ("alloc::vec::Vec<[u8; 4]>::push", "alloc"),
        ] {
            assert_eq!(crate_of(name), krate, "{name}");
        }
    }

    #[test]
    fn the_crate_table_adds_up_and_names_the_largest() {
        let profile = WasmProfile {
            sections: vec![("code".into(), 3000), ("data".into(), 1000)],
            functions: vec![
                Function {
                    name: "serde_json::a".into(),
                    size: 1024,
                },
                Function {
                    name: "serde_json::b".into(),
                    size: 1024,
                },
                Function {
                    name: "signin::app".into(),
                    size: 512,
                },
            ],
        };
        assert_eq!(
            profile.by_crate(),
            [
                ("serde_json".to_owned(), 2048, 2),
                ("signin".to_owned(), 512, 1)
            ]
        );
        let text = profile.report("test build");
        assert!(
            text.contains("| serde_json | 2 | 2.0 KB | 80.0% |"),
            "{text}"
        );
        assert!(text.contains("code 2.9 KB (75%, 3 functions)"), "{text}");
        assert!(
            text.contains("| `signin::app` | signin | 0.5 KB |"),
            "{text}"
        );
    }
}
