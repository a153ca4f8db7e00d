//! The demo: the Jenkins emulator (with the www page) on http://127.0.0.1:8080/jenkins/, and, where a
//! display exists, Debian's Chromium with the built extension loaded, opened at the login page.

use std::process::{Command, Stdio};

use anyhow::{Context, bail};

use crate::build::Built;
use crate::paths::CHROMIUM;
use crate::util::Result;

const PORT: &str = "8080";

pub fn run(built: &Built, emulator_args: &[String]) -> Result {
    let www = &built.www;
    let mut args: Vec<String> = vec!["--port".into(), PORT.into(), "--context-path".into(), "/jenkins".into()];
    args.extend(emulator_args.iter().cloned());
    args.extend(["--www".into(), www.to_string_lossy().into_owned()]);
    let mut emulator =
        Command::new(built.emulator()?).args(&args).stdout(Stdio::null()).spawn().context("starting the emulator")?;
    let base = format!("http://127.0.0.1:{PORT}/jenkins/");
    std::thread::sleep(std::time::Duration::from_millis(300));
    eprintln!("\nJenkins emulator: {base}   (users: alice/alice, admin/admin, bob/bob, \"Jane Doe\"/jane)");
    eprintln!("www page:         {base}www/");
    let extension = &built.package(CHROMIUM)?.unpacked;
    let browser = if std::env::var_os("DISPLAY").is_some() {
        let profile = std::env::temp_dir().join("jenkins-api-token-demo-profile");
        let child = Command::new("/usr/bin/chromium")
            .args([
                format!("--user-data-dir={}", profile.display()),
                format!("--load-extension={}", extension.display()),
                format!("--disable-extensions-except={}", extension.display()),
                "--no-sandbox".into(),
                "--disable-background-networking".into(),
                "--disable-component-update".into(),
                "--disable-sync".into(),
                "--no-first-run".into(),
                "--disable-quic".into(),
                format!("{base}login?from=%2Fjenkins%2F"),
            ])
            .stderr(Stdio::null())
            .spawn();
        match child {
            Ok(child) => {
                eprintln!(
                    "Chromium:         started with the extension; log in, then click the key icon (or press Alt+Shift+J)"
                );
                Some(child)
            }
            Err(error) => {
                eprintln!("Chromium:         could not start ({error}); load {} by hand", extension.display());
                None
            }
        }
    } else {
        eprintln!(
            "No display: load {} as an unpacked extension in your browser, or use the www page.",
            extension.display()
        );
        None
    };
    eprintln!("Press Ctrl+C to stop.");
    let status = emulator.wait().context("waiting for the emulator")?;
    if let Some(mut browser) = browser {
        let _ = browser.kill();
    }
    bail!("the emulator stopped ({status})")
}
