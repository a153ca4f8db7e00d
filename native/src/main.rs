//! `jenkins-api-token-host`: run by the browser (its first argument is the caller, `chrome-extension://…/`
//! from Chromium, the manifest's path from Firefox) it answers native messages until stdin closes.

use jenkins_api_token_host::files::Home;
use jenkins_api_token_host::serve::serve;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A panic's message could hold data; say only where it happened.
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("jenkins-api-token-host: internal error{place}");
    }));
    let home = Home::from_env();
    match serve(&mut std::io::stdin().lock(), &mut std::io::stdout().lock(), &home) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}
