//! What a benchmark ran on, for the report's header: CPU, cores, OS,
//! Chromium, the load average around the browser runs, and the pinned
//! versions of the peers it was compared with.
//!
//! Invariants: read from the machine and the checked-in package.json at run
//! time; anything unreadable is reported as "unknown" or "?", never guessed.

use std::path::Path;
use std::thread;

/// What the numbers were measured on.
#[derive(Debug, Clone)]
pub(crate) struct Machine {
    pub(crate) cpu: String,
    pub(crate) cores: usize,
    pub(crate) os: String,
    pub(crate) chromium: String,
    /// 1-minute load average around the browser runs, as text.
    pub(crate) load: String,
}

/// The 1-minute load average (other work on the machine skews timings).
pub(super) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}

pub(super) fn this_machine(chromium: Option<&str>) -> Machine {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("model name"))
                .and_then(|rest| rest.split_once(':'))
                .map(|(_, name)| name.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let cores = thread::available_parallelism().map_or(0, usize::from);
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("PRETTY_NAME="))
                .map(|name| name.trim_matches('"').to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    Machine {
        cpu,
        cores,
        os,
        chromium: chromium.unwrap_or("unknown").to_owned(),
        load: String::new(),
    }
}

/// `name@version` of each pinned npm dependency, read from package.json.
pub(super) fn peer_versions(bench_dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(bench_dir.join("package.json")).unwrap_or_default();
    pinned_dependencies(&text)
}

/// `name@version` for each entry of package.json's `dependencies` block.
fn pinned_dependencies(package_json: &str) -> Vec<String> {
    let Some(start) = package_json.find("\"dependencies\"") else {
        return Vec::new();
    };
    let block = &package_json[start..];
    let Some(open) = block.find('{') else {
        return Vec::new();
    };
    let body = block[open + 1..].split('}').next().unwrap_or("");
    body.split(',')
        .filter_map(|entry| {
            let (name, version) = entry.split_once(':')?;
            let name = name.trim().trim_matches('"');
            let version = version.trim().trim_matches('"');
            (!name.is_empty()).then(|| format!("{name}@{version}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pinned_dependencies() {
        let text = r#"{"name": "x", "dependencies": {"@okta/okta-auth-js": "8.0.1", "playwright-core": "1.65.1"}}"#;
        assert_eq!(
            pinned_dependencies(text),
            ["@okta/okta-auth-js@8.0.1", "playwright-core@1.65.1"]
        );
    }
}
