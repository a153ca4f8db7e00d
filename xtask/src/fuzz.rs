//! The fuzz targets in `fuzz/` (cargo-fuzz, libFuzzer, nightly Rust, AddressSanitizer): a short run
//! with a fixed budget in every `cargo xtask test`, and `cargo xtask fuzz --long` for the long run
//! whose figures fuzz/README.md reports ("The long run"). A target is a file in `fuzz/src/bin/`; its seeds are in
//! `fuzz/seeds/<target>/` (the token list's: `tests/fixtures/`); what libFuzzer learns is kept in
//! `target/fuzz-corpus/<target>/`.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, bail};

use crate::paths::{self, root};
use crate::util::{self, Result, cmd, exec};

/// Executions per target in `cargo xtask test` (about two minutes for all 14 targets on this machine
/// type, most of it in `token_list`, which parses HTML).
pub const SHORT_RUNS: u64 = 40_000;
/// Executions per target in `cargo xtask fuzz --long`: with 14 targets, 14 million in all.
pub const LONG_RUNS: u64 = 1_000_000;

/// Every run: inputs up to 4 KiB (larger than any answer field the parsers look at), a hang is an
/// input that takes over 10 s, and memory is bounded (a single allocation over 64 MiB is a failure).
const LIMITS: [&str; 5] =
    ["-max_len=4096", "-timeout=10", "-rss_limit_mb=1024", "-malloc_limit_mb=64", "-print_final_stats=1"];

/// `cargo xtask fuzz [--long | --runs N] [target…]`.
pub fn run(args: &[String]) -> Result {
    let mut runs = SHORT_RUNS;
    let mut targets = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--long" => runs = LONG_RUNS,
            "--runs" => {
                runs = args.next().and_then(|n| n.replace('_', "").parse().ok()).context("--runs needs a number")?
            }
            target if !target.starts_with('-') => targets.push(target.to_owned()),
            other => bail!("unknown flag {other}"),
        }
    }
    fuzz(runs, &targets)
}

/// Checks the fuzz crate, then fuzzes each target for `runs` executions. What fuzzing needs must be
/// installed first (`setup::fuzzing`).
pub fn fuzz(runs: u64, only: &[String]) -> Result {
    let all = targets()?;
    let targets: Vec<String> = if only.is_empty() {
        all
    } else {
        for target in only {
            if !all.contains(target) {
                bail!("no fuzz target {target} (there are: {})", all.join(", "));
            }
        }
        only.to_vec()
    };
    let manifest = paths::fuzz_manifest().to_string_lossy().into_owned();
    let target_dir = paths::fuzz_target().to_string_lossy().into_owned();
    exec(&mut nightly_cargo(&["fmt", "--manifest-path", &manifest, "--check"]))?;
    // The input decoders' own tests (they decide what every target sees).
    exec(&mut nightly_cargo(&["test", "--manifest-path", &manifest, "--lib", "--target-dir", &target_dir]))?;
    exec(&mut nightly_cargo(&["fuzz", "build", "--target-dir", &target_dir]))?;
    let mut report = Vec::new();
    for target in &targets {
        report.push(fuzz_one(target, runs)?);
    }
    let total: u64 = report.iter().map(|line| line.executions).sum();
    let seconds: f64 = report.iter().map(|line| line.seconds).sum();
    let mut text = format!("{:<10} {:>12} {:>8} {:>8} {:>7}\n", "target", "executions", "seconds", "exec/s", "corpus");
    for line in &report {
        text.push_str(&format!(
            "{:<10} {:>12} {:>8.0} {:>8.0} {:>7}\n",
            line.target,
            line.executions,
            line.seconds,
            line.executions as f64 / line.seconds.max(0.001),
            line.corpus
        ));
    }
    text.push_str(&format!(
        "{:<10} {total:>12} {seconds:>8.0}   no crash, no hang (>10 s), no allocation over 64 MiB\n",
        "total"
    ));
    eprint!("\n{text}");
    let report_path = paths::fuzz_report();
    util::write(&report_path, &text)?;
    eprintln!("(also in {})", report_path.display());
    Ok(())
}

/// The targets: one per file in `fuzz/src/bin/` (Cargo finds them; no list to keep in step).
pub fn targets() -> Result<Vec<String>> {
    let dir = root().join("fuzz/src/bin");
    let mut targets: Vec<String> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".rs").map(str::to_owned)
        })
        .collect();
    targets.sort();
    Ok(targets)
}

struct Line {
    target: String,
    executions: u64,
    seconds: f64,
    corpus: usize,
}

fn fuzz_one(target: &str, runs: u64) -> Result<Line> {
    let root = root();
    let corpus = paths::fuzz_corpus(target);
    util::create_dir_all(&corpus)?;
    let corpus_arg = corpus.to_string_lossy().into_owned();
    let runs_arg = format!("-runs={runs}");
    let dict = format!("-dict={}", root.join("fuzz/dict/jenkins.dict").display());
    // The token list's seeds are the Security pages the tests already hold, not a second copy.
    let seeds = match target {
        "token_list" => root.join("tests/fixtures"),
        _ => root.join("fuzz/seeds").join(target),
    };
    let target_dir = paths::relative(&paths::fuzz_target());
    let mut args = vec!["fuzz", "run", "--target-dir", &target_dir, target, &corpus_arg];
    let seeds_arg = seeds.to_string_lossy().into_owned();
    if seeds.is_dir() {
        args.push(&seeds_arg);
    }
    args.extend(["--", &runs_arg, &dict]);
    args.extend(LIMITS);
    let mut command = nightly_cargo(&args);
    eprintln!("fuzzing {target}: {runs} executions");
    let started = Instant::now();
    let mut child = command
        .current_dir(&root)
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .spawn()
        .context("running cargo fuzz")?;
    let stderr = child.stderr.take().context("cargo fuzz has no stderr")?;
    let mut last = VecDeque::new();
    let mut executions = None;
    for line in BufReader::new(stderr).lines() {
        let line = line.context("reading cargo fuzz's output")?;
        if let Some(count) = line.strip_prefix("stat::number_of_executed_units:") {
            executions = count.trim().parse().ok();
        }
        if line.contains("pulse") || line.starts_with("Done") || line.contains("Seed:") {
            eprintln!("  {line}");
        }
        last.push_back(line);
        if last.len() > 80 {
            last.pop_front();
        }
    }
    let status = child.wait().context("waiting for cargo fuzz")?;
    if !status.success() {
        for line in &last {
            eprintln!("{line}");
        }
        bail!(
            "fuzz target {target} failed ({status}); the input is in fuzz/artifacts/{target}/, \
             reproduce with `cargo +nightly fuzz run --target-dir {target_dir} {target} <file>`"
        );
    }
    let executions = executions.context("libFuzzer printed no statistics")?;
    let corpus = std::fs::read_dir(&corpus).map_or(0, |dir| dir.count());
    Ok(Line { target: target.to_owned(), executions, seconds: started.elapsed().as_secs_f64(), corpus })
}

/// `cargo` of the nightly toolchain (cargo-fuzz needs nightly for the sanitizer flags), without the
/// variables the stable cargo running xtask set for itself.
fn nightly_cargo(args: &[&str]) -> Command {
    let mut command = cmd("rustup", &["run", "nightly", "cargo"]);
    command.args(args);
    for variable in ["CARGO", "RUSTC", "RUSTDOC", "RUSTUP_TOOLCHAIN", "CARGO_TARGET_DIR"] {
        command.env_remove(variable);
    }
    command
}
