//! Reads a WebAssembly binary far enough to say where its bytes go: the size
//! of every section, and of every function body with its name from the
//! `name` custom section (a build that keeps names: wasm-bindgen's default
//! output through `wasm-opt -Oz -g`).
//!
//! Invariants:
//! - Pure, and never panics: a truncated or odd binary is an `Err`, any
//!   index or length is checked before use (unit-tested on a hand-made module).
//! - A function without a name gets `func[<index>]`, so every body is counted.

/// One function body: its name and size in the code section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Function {
    pub(crate) name: String,
    /// Bytes of the body (locals and instructions, without its length prefix).
    pub(crate) size: u64,
}

/// What a wasm binary is made of.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct WasmProfile {
    /// (section name, bytes including its header), in file order.
    pub(crate) sections: Vec<(String, u64)>,
    pub(crate) functions: Vec<Function>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or("unexpected end of the wasm")?;
        self.at += 1;
        Ok(b)
    }

    fn leb(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("a LEB128 number is too long".into())
    }

    fn take(&mut self, len: u64) -> Result<&'a [u8], String> {
        let len = usize::try_from(len).map_err(|_| "a length does not fit")?;
        let end = self
            .at
            .checked_add(len)
            .filter(|end| *end <= self.bytes.len())
            .ok_or("a length runs past the end of the wasm")?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn name(&mut self) -> Result<String, String> {
        let len = self.leb()?;
        Ok(String::from_utf8_lossy(self.take(len)?).into_owned())
    }

    fn limits(&mut self) -> Result<(), String> {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 != 0 {
            self.leb()?;
        }
        if flags & 8 != 0 {
            self.leb()?; // custom page size
        }
        Ok(())
    }

    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }
}

const SECTION_NAMES: [&str; 14] = [
    "custom",
    "type",
    "import",
    "function",
    "table",
    "memory",
    "global",
    "export",
    "start",
    "element",
    "code",
    "data",
    "data count",
    "tag",
];

/// Number of imported functions (they come first in the function index space).
fn imported_functions(section: &[u8]) -> Result<u64, String> {
    let mut r = Reader {
        bytes: section,
        at: 0,
    };
    let mut functions = 0;
    for _ in 0..r.leb()? {
        r.name()?;
        r.name()?;
        match r.byte()? {
            0 => {
                r.leb()?;
                functions += 1;
            }
            1 => {
                r.byte()?;
                r.limits()?;
            }
            2 => r.limits()?,
            3 => {
                r.byte()?;
                r.byte()?;
            }
            4 => {
                r.byte()?;
                r.leb()?;
            }
            kind => return Err(format!("unknown import kind {kind}")),
        }
    }
    Ok(functions)
}

/// (function index, name) pairs of a `name` section's function subsection.
fn function_names(payload: &[u8]) -> Result<Vec<(u64, String)>, String> {
    let mut r = Reader {
        bytes: payload,
        at: 0,
    };
    while !r.done() {
        let id = r.byte()?;
        let len = r.leb()?;
        let body = r.take(len)?;
        if id == 1 {
            let mut sub = Reader { bytes: body, at: 0 };
            let mut names = Vec::new();
            for _ in 0..sub.leb()? {
                let index = sub.leb()?;
                names.push((index, sub.name()?));
            }
            return Ok(names);
        }
    }
    Ok(Vec::new())
}

/// Sections and named function bodies of a wasm binary.
pub(crate) fn profile(bytes: &[u8]) -> Result<WasmProfile, String> {
    if bytes.len() < 8 || &bytes[..4] != b"\0asm" {
        return Err("not a WebAssembly binary".into());
    }
    let mut r = Reader { bytes, at: 8 };
    let mut out = WasmProfile::default();
    let mut imported = 0;
    let mut bodies: Vec<u64> = Vec::new();
    let mut names: Vec<(u64, String)> = Vec::new();
    while !r.done() {
        let start = r.at;
        let id = r.byte()?;
        let len = r.leb()?;
        let content = r.take(len)?;
        let mut name = SECTION_NAMES
            .get(usize::from(id))
            .map_or_else(|| format!("section {id}"), |n| (*n).to_owned());
        match id {
            0 => {
                let mut c = Reader {
                    bytes: content,
                    at: 0,
                };
                let custom = c.name()?;
                if custom == "name" {
                    names = function_names(&content[c.at..])?;
                }
                name = format!("custom \"{custom}\"");
            }
            2 => imported = imported_functions(content)?,
            10 => {
                let mut c = Reader {
                    bytes: content,
                    at: 0,
                };
                for _ in 0..c.leb()? {
                    let size = c.leb()?;
                    c.take(size)?;
                    bodies.push(size);
                }
            }
            _ => {}
        }
        out.sections.push((name, (r.at - start) as u64));
    }
    out.functions = bodies
        .iter()
        .enumerate()
        .map(|(i, &size)| {
            let index = imported + i as u64;
            let name = names
                .iter()
                .find(|(n, _)| *n == index)
                .map_or_else(|| format!("func[{index}]"), |(_, name)| name.clone());
            Function { name, size }
        })
        .collect();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with one imported function, two bodies and a name section
    /// that names the import and the second body only.
    fn module() -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        // type: one type () -> ()
        m.extend([1, 4, 1, 0x60, 0, 0]);
        // import: "a"."b" func type 0
        m.extend([2, 7, 1, 1, b'a', 1, b'b', 0, 0]);
        // function: two functions of type 0
        m.extend([3, 3, 2, 0, 0]);
        // code: bodies of 2 and 4 bytes
        m.extend([10, 9, 2, 2, 0, 0x0b, 4, 0, 0x01, 0x01, 0x0b]);
        // custom "name": function names 0 -> "imp", 2 -> "core::f"
        let mut names = vec![2, 0, 3, b'i', b'm', b'p', 2, 7];
        names.extend(b"core::f");
        let mut sub = vec![1, names.len() as u8];
        sub.extend(names);
        let mut custom = vec![4];
        custom.extend(b"name");
        custom.extend(sub);
        m.push(0);
        m.push(custom.len() as u8);
        m.extend(custom);
        m
    }

    #[test]
    fn names_each_body_and_sizes_each_section() {
        let p = profile(&module()).unwrap();
        assert_eq!(
            p.functions,
            [
                Function {
                    name: "func[1]".into(),
                    size: 2
                },
                Function {
                    name: "core::f".into(),
                    size: 4
                },
            ]
        );
        let sections: Vec<&str> = p.sections.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            sections,
            ["type", "import", "function", "code", "custom \"name\""]
        );
        assert_eq!(p.sections[3].1, 11);
        let total: u64 = p.sections.iter().map(|(_, s)| s).sum();
        assert_eq!(total as usize, module().len() - 8);
    }

    #[test]
    fn truncated_or_foreign_bytes_are_errors() {
        let m = module();
        for cut in 9..m.len() - 1 {
            // Never a panic; a cut inside a section is an error.
            let _ = profile(&m[..cut]);
        }
        assert!(profile(&m[..m.len() - 3]).is_err());
        assert!(profile(b"not wasm at all").is_err());
    }
}
