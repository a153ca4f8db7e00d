//! The audit of what ships (SECURITY.md): `cargo xtask test` fails if the built extension's manifest
//! asks for more than `activeTab`, `scripting` and `storage`, loosens the CSP, or if any shipped file can load
//! code from elsewhere, and if the shipped core gains a direct dependency nobody reviewed.
//! The rules are allowlists, here and in `audit/manifest.rs`: anything new fails until they (and SECURITY.md)
//! say it is fine.

mod manifest;
mod remote_code;

use std::path::Path;

use anyhow::{Context, bail};

use crate::paths::{CORE_PACKAGE, WASM_TARGET, WEB_PACKAGE, root};
use crate::util::{self, Result, cargo, output};

/// The direct dependencies of the shipped core (wasm32), each reviewed: see SECURITY.md, "Dependencies".
const SHIPPED_DEPENDENCIES: [&str; 10] = [
    "console_error_panic_hook",
    "futures-util",
    "gloo-net",
    "js-sys",
    "serde",
    "serde_json",
    "talc",
    "wasm-bindgen",
    "wasm-bindgen-futures",
    "web-sys",
];

/// Audits an unpacked extension directory (`dist/chromium/`).
pub fn extension(dir: &Path) -> Result {
    let manifest = util::read_json(&dir.join("manifest.json"))?;
    let mut problems = manifest::problems(&manifest);
    for (name, text) in remote_code::shipped_texts(dir)? {
        problems.extend(remote_code::problems(&name, &text));
    }
    if problems.is_empty() {
        eprintln!(
            "audit: {} asks for {} only, CSP at least `script-src 'self' 'wasm-unsafe-eval'; object-src 'self'`, no remote code",
            dir.display(),
            manifest::PERMISSIONS.join(" and ")
        );
        Ok(())
    } else {
        bail!("the extension in {} fails the audit:\n  {}", dir.display(), problems.join("\n  "))
    }
}

/// The direct dependencies of what ships (the core and the web crate, built for the browser) must be the
/// reviewed ones.
pub fn dependencies() -> Result {
    let tree = output(
        cargo(&[
            "tree",
            "-p",
            CORE_PACKAGE,
            "-p",
            WEB_PACKAGE,
            "--target",
            WASM_TARGET,
            "-e",
            "normal",
            "--depth",
            "1",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(root()),
    )
    .context("cargo tree failed")?;
    let mut direct: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| ![CORE_PACKAGE, WEB_PACKAGE].contains(name))
        .collect();
    direct.sort_unstable();
    direct.dedup();
    let unreviewed: Vec<&str> = direct.iter().copied().filter(|name| !SHIPPED_DEPENDENCIES.contains(name)).collect();
    if !unreviewed.is_empty() {
        bail!(
            "the shipped core gained dependencies nobody reviewed: {} (review them, then add them to xtask/src/audit.rs and to SECURITY.md, \"Dependencies\")",
            unreviewed.join(", ")
        );
    }
    eprintln!("audit: the shipped core has {} direct dependencies, all reviewed", direct.len());
    Ok(())
}
