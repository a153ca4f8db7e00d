//! Project tasks: `cargo xtask <setup|build|store|release|test|fuzz|bench|demo>`. Each task installs what it needs
//! first, so a fresh machine needs nothing but cargo (see README).

mod audit;
mod bench;
mod build;
mod demo;
mod fuzz;
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

const USAGE: &str = "usage: cargo xtask <task>

  setup      install what building and testing need (apt, rustup target, wasm-bindgen-cli, npm)
  build      build the wasm core and leave the unpacked extensions in dist/chromium/ and dist/firefox/
             (zipped beside them), the page in dist/www/, and the source package for reviewers
             (dist/jenkins-api-token-<version>-source.zip, with BUILD.md)
  store      build, take the store pictures in Chromium, and assemble what each store takes in
             dist/store/<store>/, checked against each store's limits (store/README.md)
  release    `release <version>`: set the version in Cargo.toml, date the changelog's Unreleased
             entries, run `store`, and check that manifests, zips, store folders and changelog agree
  test       set up, build, then run every test: lint, licences and sources (cargo-deny), native,
             a short fuzz run, the manifest audit, wasm in Chromium, web-ext lint, end-to-end in
             Chromium and Firefox, reproducible zips, and the size budgets
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
        "build" => build::run(),
        "test" => test::run(&rest),
        "bench" => bench::run(&rest),
        "demo" => demo::run(&rest),
        "fuzz" => fuzz::run(&rest),
        "store" => store::run(),
        "release" => release::run(&rest),
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
