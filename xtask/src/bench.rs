//! `cargo xtask bench`: the speed-and-size benchmark (README, "Speed and size"). Builds what ships,
//! measures the sizes, then runs `tests/bench/bench.mjs` (headless Chromium against the emulator),
//! which prints every figure with its budget. Not part of `cargo xtask test`: timings are not tests.
//! Flags after `bench` go to the script (`--runs N`, `--warmup N`, `--latency 0,100`).

use crate::util::{Result, cmd, exec};

pub fn run(args: &[String]) -> Result {
    crate::setup::run()?;
    crate::build::run()?;
    let emulator = crate::build::emulator()?;
    let sizes: Vec<_> = crate::size::measure()?.iter().map(crate::size::Size::to_json).collect();
    let mut command = cmd("node", &["tests/bench/bench.mjs"]);
    command.args(args).env("EMULATOR_BIN", emulator).env("BENCH_SIZES", serde_json::Value::from(sizes).to_string());
    exec(&mut command)
}
