//! `cargo xtask bench`: the speed-and-size benchmark (docs/performance.md, "The benchmark"). Measures
//! the sizes of what was built, then runs `tests/bench/bench.mjs` (headless Chromium against the
//! emulator), which prints every figure with its budget. Not part of `cargo xtask test`: timings are not tests.
//! Flags after `bench` go to the script (`--runs N`, `--warmup N`, `--latency 0,100`).

use crate::build::Built;
use crate::util::{Result, cmd, exec};

pub fn run(built: &Built, args: &[String]) -> Result {
    let sizes: Vec<_> = crate::size::measure(built)?.iter().map(crate::size::Size::to_json).collect();
    let mut command = cmd("node", &["tests/bench/bench.mjs"]);
    command
        .args(args)
        .env("EMULATOR_BIN", built.emulator()?)
        .env("BENCH_SIZES", serde_json::Value::from(sizes).to_string());
    exec(&mut command)
}
