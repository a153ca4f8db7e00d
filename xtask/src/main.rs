//! Project tasks: `cargo xtask <setup|build|store|release|test|fuzz|bench|demo>`. Each task installs what it needs
//! first, so a fresh machine needs nothing but cargo (see README). This file decides which steps each
//! task runs and in what order; the modules hold the steps, `build` returns what it built for the steps
//! after it, and `paths` names every path they share.

mod audit;
mod bench;
mod build;
#[cfg(test)]
mod citations;
mod contract;
mod demo;
#[cfg(test)]
mod element_ids;
mod fuzz;
#[cfg(test)]
mod imports;
mod minify;
mod package;
mod page_text;
mod paths;
mod release;
mod setup;
mod size;
mod source;
mod store;
mod test;
mod util;

use std::process::ExitCode;

use crate::paths::{CHROMIUM, FIREFOX};
use crate::util::{Result, cargo, exec};

const USAGE: &str = "usage: cargo xtask <task>

  setup      install what building and testing need (apt, rustup target, wasm-bindgen-cli, npm)
  build      build the wasm core and leave the unpacked extensions in dist/chromium/ and dist/firefox/
             (zipped beside them), the page in dist/www/, the native host
             (dist/jenkins-api-token-host-<version>-<arch>-<os>), and the source package for reviewers
             (dist/jenkins-api-token-<version>-source.zip, with BUILD.md)
  store      build, take the store pictures in Chromium, and assemble what each store takes in
             dist/store/<store>/, checked against each store's limits (store/README.md)
  release    `release <version>`: set the version in Cargo.toml, date the changelog's Unreleased
             entries, run `store`, and check that manifests, zips, the native host, store folders and
             changelog agree
  test       set up, build, then run every test: lint, licences and sources (cargo-deny), native
             (and the native host's Windows code type-checked), a short fuzz run, the manifest audit,
             wasm in Chromium, web-ext lint, end-to-end in Chromium and Firefox, reproducible zips,
             and the size budgets
  fuzz       fuzz every parser of server input (cargo-fuzz, nightly): `fuzz` = the short run of
             `test`, `fuzz --long` = 1 million executions per target, `fuzz --runs N [target…]`
  bench      set up, build, then benchmark speed and size in headless Chromium against the emulator
             (not a test; flags after `bench` go to tests/bench/bench.mjs: --runs N --warmup N --latency 0,100)
  demo       set up, build, start the Jenkins emulator with the www page, and Chromium with the extension
             when a display exists (flags after `demo` go to the emulator, e.g. --version 2.300)
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let task = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    let result = match task.as_str() {
        "setup" => setup::run(),
        "build" => build(),
        "test" => test(&rest),
        "bench" => bench(&rest),
        "demo" => demo(&rest),
        "fuzz" => fuzz(&rest),
        "store" => store(),
        "release" => release(&rest),
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask {task}: {error:#}");
            ExitCode::FAILURE
        }
    }
}

// The order of each task's steps is decided here, and only here: no module runs another's steps. Each
// task first installs what its steps need (`setup`).

/// build: the build tools → the wasm, `dist/` and the source package.
fn build() -> Result {
    setup::build_tools()?;
    build::build().map(drop)
}

/// test, in the order that fails fastest: setup → fmt and clippy → licences, bans and sources, and the
/// shipped core's direct dependencies → the workflows → the native tests → the native host's Windows
/// type-check → a short fuzz run → build,
/// with the emulator → the audit of the Chromium package → the wasm glue in Chromium → web-ext lint →
/// end-to-end → what the zips hold → the rebuild from the source package → the store folders → the
/// version numbers → the size budgets. `--e2e-only [file…]` keeps setup, build, audit, end-to-end (of
/// those files) and sizes.
fn test(args: &[String]) -> Result {
    let e2e_only = args.iter().any(|arg| arg == "--e2e-only");
    let e2e_files: Vec<&String> = args.iter().filter(|arg| !arg.starts_with("--")).collect();
    setup::run()?;
    if !e2e_only {
        test::lint()?;
        setup::cargo_deny()?;
        test::dependency_policy()?;
        audit::dependencies()?;
        test::lint_workflows()?;
        test::native()?;
        setup::windows_target()?;
        test::windows_check()?;
        setup::fuzzing()?;
        fuzz::fuzz(fuzz::SHORT_RUNS, &[])?;
    }
    let built = build::build()?.with_emulator()?;
    contract::check()?;
    audit::extension(&built.package(CHROMIUM)?.unpacked)?;
    if !e2e_only {
        test::wasm_in_browser()?;
        test::lint_firefox_package(&built.package(FIREFOX)?.unpacked)?;
    }
    test::end_to_end(&e2e_files, built.emulator()?, &built.host)?;
    if !e2e_only {
        for package in &built.packages {
            package::check_contents(package.browser, &package.unpacked)?;
        }
        source::check_rebuild(built.source_package()?, &built.reproducible())?;
        // The listings and the pictures the end-to-end run just took, as `cargo xtask store` assembles them.
        store::assemble(&built)?;
        release::check_agreement(paths::VERSION)?;
    }
    size::check(&built)
}

/// bench: setup → build, with the emulator → the sizes and the timings.
fn bench(args: &[String]) -> Result {
    setup::run()?;
    let built = build::build()?.with_emulator()?;
    bench::run(&built, args)
}

/// demo: setup → build, with the emulator → the emulator and Chromium, until stopped.
fn demo(emulator_args: &[String]) -> Result {
    setup::run()?;
    let built = build::build()?.with_emulator()?;
    demo::run(&built, emulator_args)
}

/// fuzz: nightly and cargo-fuzz → the fuzz crate's checks and the runs.
fn fuzz(args: &[String]) -> Result {
    setup::fuzzing()?;
    fuzz::run(args)
}

/// store: setup → build, with the emulator → the store pictures → `dist/store/`, checked.
fn store() -> Result {
    setup::run()?;
    let built = build::build()?.with_emulator()?;
    store::take_pictures(built.emulator()?)?;
    store::assemble(&built)
}

/// release: the version into Cargo.toml, the manifest and the changelog → `cargo xtask store` in a new
/// process, so that the new version is compiled in → everything names that version.
fn release(args: &[String]) -> Result {
    let version = release::set_version(args)?;
    exec(&mut cargo(&["xtask", "store"]))?;
    release::check_agreement(&version)?;
    eprintln!(
        "released {version}: commit, tag v{version} and push; the stores take what is in {}/",
        paths::relative(&paths::store())
    );
    Ok(())
}
