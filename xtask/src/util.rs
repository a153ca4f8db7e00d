//! Running commands and finding paths.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the workspace").to_path_buf()
}

/// Runs a command in the workspace root, echoing it, and fails unless it succeeds.
pub fn exec(command: &mut Command) -> Result {
    let shown = describe(command);
    eprintln!("$ {shown}");
    let started = Instant::now();
    let status = command.current_dir_if_unset().status().map_err(|error| format!("{shown}: {error}"))?;
    if !status.success() {
        return Err(format!("`{shown}` failed ({status})"));
    }
    eprintln!("  ({:.1} s)", started.elapsed().as_secs_f64());
    Ok(())
}

/// Runs a command and returns its standard output, or `None` if it cannot run or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let output = command.current_dir_if_unset().output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

pub fn cmd(program: &str, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command.args(args);
    command
}

pub fn cargo(args: &[&str]) -> Command {
    cmd(&std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()), args)
}

pub fn is_installed(program: &str) -> bool {
    output(&mut cmd("sh", &["-c", &format!("command -v {program}")])).is_some()
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

trait CurrentDir {
    fn current_dir_if_unset(&mut self) -> &mut Command;
}

impl CurrentDir for Command {
    fn current_dir_if_unset(&mut self) -> &mut Command {
        if self.get_current_dir().is_none() {
            self.current_dir(root());
        }
        self
    }
}

/// Copies a directory tree, replacing what is at `to`.
pub fn copy_tree(from: &Path, to: &Path) -> Result {
    if to.exists() {
        std::fs::remove_dir_all(to).map_err(|error| format!("removing {}: {error}", to.display()))?;
    }
    copy_into(from, to)
}

fn copy_into(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|error| format!("creating {}: {error}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|error| format!("reading {}: {error}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|error| error.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_into(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .map_err(|error| format!("copying {}: {error}", entry.path().display()))?;
        }
    }
    Ok(())
}
