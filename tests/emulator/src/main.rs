//! `jenkins-emulator`: runs the emulator until killed. Prints one JSON line on stdout once it
//! listens (tests read the port from it) and a summary on stderr.

use std::io::Write;
use std::process::ExitCode;
use std::thread;

use jenkins_emulator::{Config, Emulator};

fn main() -> ExitCode {
    let config = match Config::from_args(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let emulator = match Emulator::start(config) {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!("jenkins-emulator: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let line = serde_json::json!({
        "event": "listening",
        "port": emulator.port(),
        "root": emulator.root_url(),
    });
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{line}").and_then(|()| stdout.flush()).is_err() {
        return ExitCode::FAILURE;
    }
    drop(stdout);
    eprint!("{}", emulator.summary());
    loop {
        thread::park();
    }
}
