//! Installs what the build and the tests need, skipping what is already there: Debian's Chromium (never a
//! downloaded browser), wasm-bindgen-cli pinned to the crate version (installed without `--locked`, which
//! fails on this registry), and `wasm-opt` from npm `binaryen` (Debian's binaryen 108 emits wasm that fails
//! to load).

use crate::paths::{WASM_TARGET, WINDOWS_TARGET, root};
use crate::util::{Result, cargo, cmd, exec, is_installed, output};

/// Must equal the `wasm-bindgen` version pinned in Cargo.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

const APT_PACKAGES: [(&str, &str); 8] = [
    ("chromium", "chromium"),
    ("firefox-esr", "firefox-esr"),
    ("chromedriver", "chromium-driver"),
    ("Xvfb", "xvfb"),
    ("xdotool", "xdotool"),
    ("/usr/share/fonts/truetype/liberation", "fonts-liberation"),
    // Japanese, Korean and Chinese glyphs for the screenshots and the overflow test of those locales.
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "fonts-noto-cjk"),
    // The reverse proxy in front of the emulator, for the www page served beside Jenkins.
    ("/usr/sbin/nginx", "nginx"),
];

/// Everything: what building needs, and the browsers, drivers and fonts of the tests and the demo.
pub fn run() -> Result {
    apt_packages()?;
    build_tools()
}

/// What building alone needs (no browser): the wasm target, wasm-bindgen-cli and the npm tools.
pub fn build_tools() -> Result {
    wasm_target()?;
    wasm_bindgen_cli()?;
    npm_packages()
}

fn apt_packages() -> Result {
    let missing: Vec<&str> = APT_PACKAGES
        .iter()
        .filter(
            |(probe, _)| {
                if probe.starts_with('/') { !std::path::Path::new(probe).exists() } else { !is_installed(probe) }
            },
        )
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let sudo = if output(&mut cmd("id", &["-u"])).is_some_and(|uid| uid.trim() == "0") { vec![] } else { vec!["sudo"] };
    let apt = |args: &[&str]| {
        let mut all: Vec<&str> = sudo.clone();
        all.push("apt-get");
        all.extend_from_slice(args);
        let mut command = cmd(all[0], &all[1..]);
        command.env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    exec(&mut apt(&["update", "-q"]))?;
    let mut install = vec!["install", "-y", "-q", "--no-install-recommends"];
    install.extend(&missing);
    exec(&mut apt(&install))
}

fn wasm_target() -> Result {
    rust_target(WASM_TARGET)
}

/// The Windows target, for the type-check of the native host's Windows code (only its standard
/// library: nothing is linked).
pub fn windows_target() -> Result {
    rust_target(WINDOWS_TARGET)
}

fn rust_target(target: &str) -> Result {
    let installed = output(&mut cmd("rustup", &["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == target) {
        return Ok(());
    }
    exec(&mut cmd("rustup", &["target", "add", target]))
}

fn wasm_bindgen_cli() -> Result {
    let version = output(&mut cmd("wasm-bindgen", &["--version"])).unwrap_or_default();
    if version.split_whitespace().nth(1) == Some(WASM_BINDGEN_VERSION) {
        return Ok(());
    }
    exec(&mut cargo(&["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION]))
}

/// What the fuzz step needs, installed only when it runs: the nightly toolchain (cargo-fuzz builds
/// with sanitizer flags that only nightly accepts) and cargo-fuzz.
pub fn fuzzing() -> Result {
    let toolchains = output(&mut cmd("rustup", &["toolchain", "list"])).unwrap_or_default();
    if !toolchains.lines().any(|line| line.starts_with("nightly")) {
        exec(&mut cmd(
            "rustup",
            &["toolchain", "install", "nightly", "--profile", "minimal", "--component", "rustfmt"],
        ))?;
    }
    cargo_tool("cargo-fuzz", &["cargo-fuzz", "--version"])
}

/// cargo-deny, for the licence, ban and source checks of `cargo xtask test`.
pub fn cargo_deny() -> Result {
    cargo_tool("cargo-deny", &["cargo-deny", "--version"])
}

/// `cargo install --locked <name>` unless `probe` runs; without `--locked` if that fails (a locked
/// version missing from the registry, as for wasm-bindgen-cli).
fn cargo_tool(name: &str, probe: &[&str]) -> Result {
    if output(&mut cmd(probe[0], &probe[1..])).is_some() {
        return Ok(());
    }
    exec(&mut cargo(&["install", "--locked", name])).or_else(|error| {
        eprintln!("{error:#}; trying again without --locked");
        exec(&mut cargo(&["install", name]))
    })
}

fn npm_packages() -> Result {
    let root = root();
    let installed = root.join("node_modules/.package-lock.json");
    let lock = root.join("package-lock.json");
    let fresh = match (installed.metadata().and_then(|m| m.modified()), lock.metadata().and_then(|m| m.modified())) {
        (Ok(installed), Ok(lock)) => installed >= lock,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    exec(&mut cmd("npm", &["ci", "--no-audit", "--no-fund"]))
}
