//! `jenkins-api-token-host`: run by the browser (its first argument is the caller, `chrome-extension://…/`
//! from Chromium, the manifest's path from Firefox) it answers native messages; run by the user it
//! installs, removes or lists the browsers' manifests.

use jenkins_api_token_host::files::Home;
use jenkins_api_token_host::install::{self, Browser};
use jenkins_api_token_host::serve::serve;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
jenkins-api-token-host: saves a new Jenkins API token from the browser extension into your config files.

  jenkins-api-token-host install [--browser B] [--extension-id ID]... [--manifest-dir DIR]
  jenkins-api-token-host uninstall [--browser B] [--manifest-dir DIR]
  jenkins-api-token-host status [--browser B] [--manifest-dir DIR]

B is chromium, chrome, edge, brave, vivaldi, firefox or all (the default: every browser that has a user
folder here). --extension-id adds a developer build's id; --manifest-dir writes the one manifest of
--browser (default chromium) into DIR, e.g. a test profile's NativeMessagingHosts folder.
The browser starts the host itself; see docs/native-host.md in its repository.";

fn main() -> ExitCode {
    // A panic's message could hold data; say only where it happened.
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("jenkins-api-token-host: internal error{place}");
    }));
    let args: Vec<String> = std::env::args().skip(1).collect();
    let first = args.first().map(String::as_str);
    let started_by_browser = first.is_some_and(|arg| arg.starts_with("chrome-extension://"))
        || (args.len() == 2 && first.is_some_and(|arg| arg.ends_with(".json")) && install::is_firefox_id(&args[1]));
    if started_by_browser {
        let home = Home::from_env();
        return match serve(&mut std::io::stdin().lock(), &mut std::io::stdout().lock(), &home) {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::FAILURE,
        };
    }
    match first {
        Some(command @ ("install" | "uninstall" | "status")) => match command_line(command, &args[1..]) {
            Ok(lines) => {
                lines.iter().for_each(|line| println!("{line}"));
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("jenkins-api-token-host {command}: {error}");
                ExitCode::from(1)
            }
        },
        Some("--version") => {
            println!("jenkins-api-token-host {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn command_line(command: &str, args: &[String]) -> Result<Vec<String>, String> {
    let (mut browser, mut ids, mut manifest_dir) = (None, Vec::new(), None);
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--browser" => {
                let name = value()?;
                browser = match name.as_str() {
                    "all" => Some(None),
                    name => Some(Some(Browser::parse(name).ok_or(format!("no browser {name:?}"))?)),
                }
            }
            "--extension-id" if command == "install" => ids.push(value()?.clone()),
            "--manifest-dir" => manifest_dir = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown option {other:?}\n\n{USAGE}")),
        }
    }
    // One manifest per folder: --manifest-dir means Chromium's unless told otherwise.
    let browser = browser.unwrap_or(manifest_dir.as_ref().map(|_| Browser::Chromium));
    let home = Home::from_env().map_err(|refusal| refusal.to_string())?;
    let (home, dir) = (home.path(), manifest_dir.as_deref());
    match command {
        "install" => install::install(home, browser, dir, &ids),
        "uninstall" => install::uninstall(home, browser, dir),
        _ => install::status(home, browser, dir),
    }
}
