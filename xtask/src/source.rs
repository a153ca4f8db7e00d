//! The source package that addons.mozilla.org asks of an add-on holding generated code (the wasm):
//! `dist/jenkins-api-token-<version>-source.zip`, every file git tracks plus a BUILD.md with the
//! commands, the tool versions and the SHA-256 of what this build produced; and the test that a build
//! from that package alone, in a fresh directory, gives the same wasm, glue and zips byte for byte.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::package::{self, ZipEntry};
use crate::paths::{self, WASM_FILE, root};
use crate::util::{self, Result, cargo, cmd, exec, output};

/// Writes the source package, whose BUILD.md gives the SHA-256 of `outputs`, and returns its path;
/// skipped (with a line saying so) outside a git checkout, which is where a build from the package
/// itself runs.
pub fn write(outputs: &[PathBuf]) -> Result<Option<PathBuf>> {
    let Some(tracked) = tracked_files()? else {
        eprintln!("not a git checkout: no source package written");
        return Ok(None);
    };
    let root = root();
    let mut entries = Vec::new();
    for (name, executable) in tracked {
        let path = root.join(&name);
        // A tracked file deleted in the working tree is not part of what was built.
        if path.exists() {
            entries.push(ZipEntry { bytes: util::read(&path)?, name, executable });
        }
    }
    entries.push(ZipEntry { name: "BUILD.md".into(), bytes: build_notes(outputs)?.into_bytes(), executable: false });
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    let target = paths::source_zip();
    util::write(&target, package::zip_entries(entries)?)?;
    eprintln!("built {}", target.display());
    Ok(Some(target))
}

/// The files git tracks below the workspace root, with whether each is executable; `None` outside a git
/// checkout (a build from the source package itself).
fn tracked_files() -> Result<Option<Vec<(String, bool)>>> {
    if !root().join(".git").exists() {
        return Ok(None);
    }
    let listing = output(&mut cmd("git", &["ls-files", "--stage", "-z"]))
        .context("git ls-files failed in this checkout (is git installed, and may it read the checkout?)")?;
    Ok(Some(parse_stage(&listing)?))
}

/// `git ls-files --stage -z`: `<mode> <object> <stage>\t<path>\0` per file.
fn parse_stage(listing: &str) -> Result<Vec<(String, bool)>> {
    listing
        .split('\0')
        .filter(|record| !record.is_empty())
        .map(|record| {
            let (meta, path) = record.split_once('\t').with_context(|| format!("reading git's line {record:?}"))?;
            Ok((path.to_owned(), meta.starts_with("100755")))
        })
        .collect()
}

fn build_notes(outputs: &[PathBuf]) -> Result<String> {
    let version = env!("CARGO_PKG_VERSION");
    let tool = |program: &str, args: &[&str]| {
        output(&mut cmd(program, args)).map_or_else(|| "(not found)".into(), |text| text.trim().to_owned())
    };
    let system = util::read_text(Path::new("/etc/os-release"))
        .ok()
        .and_then(|release| {
            release
                .lines()
                .find_map(|line| line.strip_prefix("PRETTY_NAME=").map(|name| name.trim_matches('"').to_owned()))
        })
        .unwrap_or_else(|| "(unknown)".into());
    let wasm_opt = paths::wasm_opt();
    let mut hashes = String::new();
    for path in outputs {
        let sum = output(cmd("sha256sum", &[]).arg(path)).with_context(|| format!("sha256sum {}", path.display()))?;
        let sum = sum.split_whitespace().next().unwrap_or_default().to_owned();
        hashes.push_str(&format!("    {sum}  {}\n", paths::relative(path)));
    }
    Ok(format!(
        "# Building Jenkins API Token {version} from this source

This archive holds every file of the project's repository as it was built, and this note. The
WebAssembly in the extension (`pkg/{wasm}`) is compiled from the Rust in `src/` (the protocol core)
and `web/` (the browser glue); everything else in the extension is in `extension/` as it ships.

## The tools of this build

    {system}
    {rustc}
    {cargo}
    {wasm_bindgen}
    node {node}, npm {npm}
    {wasm_opt_version} (npm `binaryen`, pinned in package-lock.json)

## The commands

On Debian 12 with rustup (the toolchain above) and Node 20:

    rustup target add wasm32-unknown-unknown
    cargo xtask build

`cargo xtask build` installs what building needs if it is missing (wasm-bindgen-cli at the version
above, through `cargo install`; the npm packages of package-lock.json, through `npm ci`, of which the
build uses `wasm-opt`), then compiles the wasm (`cargo build --release --target wasm32-unknown-unknown
-p jenkins-api-token-web`), runs `wasm-bindgen` and `wasm-opt` on it, and assembles `dist/`. Each step
is echoed as it runs. xtask/src/build.rs holds every flag.

## What it produces, with this build's SHA-256

{hashes}
The project's test command rebuilds this archive in a fresh directory and compares these files byte
for byte (xtask/src/source.rs).
",
        wasm = WASM_FILE,
        rustc = tool("rustc", &["--version"]),
        cargo = tool("cargo", &["--version"]),
        wasm_bindgen = tool("wasm-bindgen", &["--version"]),
        node = tool("node", &["--version"]),
        npm = tool("npm", &["--version"]),
        wasm_opt_version = tool(&wasm_opt.to_string_lossy(), &["--version"]),
    ))
}

/// Unpacks the source package into a fresh directory outside the checkout, runs `cargo xtask build`
/// there as a reviewer would (its own cargo target directory, its own `npm ci`), and compares `outputs`
/// (the wasm, the glue and both zips) with the same files of that build.
pub fn check_rebuild(package: &Path, outputs: &[PathBuf]) -> Result {
    let fresh = std::env::temp_dir().join(format!("jenkins-api-token-source-{}", std::process::id()));
    if fresh.exists() {
        util::remove_dir_all(&fresh)?;
    }
    let bytes = util::read(package)?;
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .and_then(|mut archive| archive.extract(&fresh))
        .with_context(|| format!("unpacking {} into {}", package.display(), fresh.display()))?;
    let mut build = cargo(&["xtask", "build"]);
    // Nothing of this checkout's build may leak in: cargo's target directory is the fresh one's own.
    build.current_dir(&fresh).env_remove("CARGO_TARGET_DIR");
    exec(&mut build)?;
    let mut differing = Vec::new();
    for ours in outputs {
        let name = paths::relative(ours);
        if util::read(ours)? != util::read(&fresh.join(&name))? {
            differing.push(name);
        }
    }
    if !differing.is_empty() {
        bail!("built from the source package in {}, these differ: {}", fresh.display(), differing.join(", "));
    }
    util::remove_dir_all(&fresh)?;
    eprintln!("source package: a build from it alone, in a fresh directory, gives byte-identical wasm, glue and zips");
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn git_stage_listing_gives_paths_and_the_executable_bit() {
        let listing = "100644 aa 0\tREADME.md\x00100755 bb 0\t.ci/run\x00100644 cc 0\tname with\ttab\0";
        let files = super::parse_stage(listing).unwrap();
        assert_eq!(
            files,
            [("README.md".to_owned(), false), (".ci/run".to_owned(), true), ("name with\ttab".to_owned(), false)]
        );
        assert!(super::parse_stage("no tab here\0").is_err());
    }
}
