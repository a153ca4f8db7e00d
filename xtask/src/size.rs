//! The size budgets for what ships (wasm raw and gzip, the extension zip), checked on every test run so
//! growth fails CI. `cargo xtask bench` prints the same figures beside the speed figures.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::build::Built;
use crate::paths::{CHROMIUM, FIREFOX, GLUE_FILE, PKG, WASM_FILE};
use crate::util::{Result, cmd, output};

/// Budgets (1 KB = 1024 bytes). The wasm's target is 150 KB raw and 60 KB gzip, which it does not meet
/// (docs/performance.md, "The size guard", says what grew it), so the guard stands at what it weighed last,
/// to catch growth.
/// The zip: 165 KB for the code, icons and English, plus 7 KB for each of the ten other languages'
/// messages (7 to 9 KB zipped each, about 7 KB on average once English is in the 165;
/// docs/performance.md, "The zips").
const WASM_RAW_MAX: usize = 219 * 1024;
const WASM_GZIP_MAX: usize = 96 * 1024;
const ZIP_MAX: usize = (165 + 10 * 7) * 1024;

/// Part of the message of the standard library's char-boundary panic (`&text[a..b]`, `split_at`, a
/// `&str` pattern). The message formats a `char` with `{:?}`, which brings the Unicode tables behind
/// it into the wasm; the core searches with `src/search.rs` instead, and this keeps it that way.
const STR_SLICE_PANIC: &[u8] = b"is not a char boundary";

/// One shipped file: its size raw and gzipped (`gzip -9`; none for the zip), and its budgets.
pub struct Size {
    pub what: &'static str,
    pub raw: usize,
    pub gzip: Option<usize>,
    pub raw_budget: Option<usize>,
    pub gzip_budget: Option<usize>,
}

impl Size {
    pub fn holds(&self) -> bool {
        let within = |size: Option<usize>, budget: Option<usize>| match (size, budget) {
            (Some(size), Some(budget)) => size <= budget,
            _ => true,
        };
        within(Some(self.raw), self.raw_budget) && within(self.gzip, self.gzip_budget)
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "what": self.what,
            "raw": self.raw,
            "gzip": self.gzip,
            "raw_budget": self.raw_budget,
            "gzip_budget": self.gzip_budget,
        })
    }
}

/// The `pkg/` of the Chromium package, which ships.
fn shipped_pkg(built: &Built) -> Result<PathBuf> {
    Ok(built.package(CHROMIUM)?.unpacked.join(PKG))
}

/// Measures the shipped wasm and glue, and the two zips.
pub fn measure(built: &Built) -> Result<Vec<Size>> {
    let pkg = shipped_pkg(built)?;
    let (wasm_raw, wasm_gzip) = raw_and_gzip(&pkg.join(WASM_FILE))?;
    let (glue_raw, glue_gzip) = raw_and_gzip(&pkg.join(GLUE_FILE))?;
    Ok(vec![
        Size {
            what: "wasm",
            raw: wasm_raw,
            gzip: Some(wasm_gzip),
            raw_budget: Some(WASM_RAW_MAX),
            gzip_budget: Some(WASM_GZIP_MAX),
        },
        Size { what: "JS glue", raw: glue_raw, gzip: Some(glue_gzip), raw_budget: None, gzip_budget: None },
        Size {
            what: "Chromium zip",
            raw: file_size(&built.package(CHROMIUM)?.zip)?,
            gzip: None,
            raw_budget: Some(ZIP_MAX),
            gzip_budget: None,
        },
        Size {
            what: "Firefox zip",
            raw: file_size(&built.package(FIREFOX)?.zip)?,
            gzip: None,
            raw_budget: Some(ZIP_MAX),
            gzip_budget: None,
        },
    ])
}

pub fn check(built: &Built) -> Result {
    if carries_str_slice_panic(&crate::util::read(&shipped_pkg(built)?.join(WASM_FILE))?) {
        bail!(
            "the wasm carries the standard library's char-boundary panic: some code slices a str with `[a..b]`, \
             `split_at`, or searches it with a `&str` pattern; use `str::get` or `jenkins_api_token::search`"
        );
    }
    let sizes = measure(built)?;
    let mut over = Vec::new();
    for size in &sizes {
        let gzip = size.gzip.map_or(String::new(), |gzip| format!(" / {gzip} B gzip"));
        let budget = match (size.raw_budget, size.gzip_budget) {
            (Some(raw), Some(gzip)) => format!(" (budget {raw} / {gzip})"),
            (Some(raw), None) => format!(" (budget {raw})"),
            _ => String::new(),
        };
        eprintln!("size: {} {} B raw{gzip}{budget}", size.what, size.raw);
        if !size.holds() {
            over.push(size.what);
        }
    }
    if !over.is_empty() {
        bail!("over the size budget: {}", over.join(", "));
    }
    Ok(())
}

fn carries_str_slice_panic(wasm: &[u8]) -> bool {
    wasm.windows(STR_SLICE_PANIC.len()).any(|window| window == STR_SLICE_PANIC)
}

fn file_size(path: &Path) -> Result<usize> {
    Ok(std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?.len() as usize)
}

fn raw_and_gzip(path: &Path) -> Result<(usize, usize)> {
    let raw = file_size(path)?;
    let gzip = output(&mut cmd("sh", &["-c", &format!("gzip -9 -c '{}' | wc -c", path.display())]))
        .and_then(|count| count.trim().parse().ok())
        .with_context(|| format!("gzip -9 of {} failed", path.display()))?;
    Ok((raw, gzip))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_panic_message_among_the_data() {
        let data = b"\0\x01byte index 7 is not a char boundary; it is inside \0";
        assert!(carries_str_slice_panic(data));
        assert!(!carries_str_slice_panic(b"\0\x01index out of bounds: the len is \0"));
    }
}
