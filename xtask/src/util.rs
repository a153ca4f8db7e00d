//! Running commands, and file access whose errors name the file.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};

use crate::paths::root;

pub type Result<T = ()> = anyhow::Result<T>;

/// Runs a command in the workspace root, echoing it, and fails unless it succeeds.
pub fn exec(command: &mut Command) -> Result {
    let shown = describe(command);
    eprintln!("$ {shown}");
    let started = Instant::now();
    let status = command.current_dir_if_unset().status().with_context(|| format!("running `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
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
        remove_dir_all(to)?;
    }
    copy_into(from, to)
}

fn copy_into(from: &Path, to: &Path) -> Result {
    create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry.with_context(|| format!("reading {}", from.display()))?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_into(&entry.path(), &target)?;
        } else {
            copy(&entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Every file below `dir`, as sorted `/`-separated paths relative to it.
pub fn files_below(dir: &Path) -> Result<Vec<String>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).with_context(|| format!("reading {}", current.display()))? {
            let path = entry.with_context(|| format!("reading {}", current.display()))?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let parts: Vec<_> =
                    path.strip_prefix(dir)?.components().map(|part| part.as_os_str().to_string_lossy()).collect();
                files.push(parts.join("/"));
            }
        }
    }
    files.sort();
    Ok(files)
}

pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}

pub fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

pub fn read_json(path: &Path) -> Result<serde_json::Value> {
    serde_json::from_str(&read_text(path)?).with_context(|| format!("parsing {}", path.display()))
}

pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result {
    std::fs::write(path, contents).with_context(|| format!("writing {}", path.display()))
}

pub fn copy(from: &Path, to: &Path) -> Result {
    std::fs::copy(from, to).with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
    Ok(())
}

pub fn create_dir_all(path: &Path) -> Result {
    std::fs::create_dir_all(path).with_context(|| format!("creating {}", path.display()))
}

pub fn remove_dir_all(path: &Path) -> Result {
    std::fs::remove_dir_all(path).with_context(|| format!("removing {}", path.display()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_error_names_the_file() {
        let missing = std::env::temp_dir().join(format!("xtask-missing-{}", std::process::id()));
        let error = format!("{:#}", super::read_text(&missing).unwrap_err());
        assert!(error.starts_with(&format!("reading {}: ", missing.display())), "{error}");
    }
}
