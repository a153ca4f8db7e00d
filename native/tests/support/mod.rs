//! What the host's tests share: a throwaway home folder, and the real parsers of the formats (Python's
//! `netrc` and `configparser`, PyYAML, and `sh` for the env files) to read the files back.
#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

pub const TOKEN: &str = "110123456789abcdef0123456789abcdef";

/// A folder under the system's temporary folder, removed when dropped.
pub struct TempDir {
    pub path: PathBuf,
}

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let unique = format!("jat-host-{name}-{}-{}", std::process::id(), COUNT.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(unique);
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir { path: std::fs::canonicalize(&path).unwrap() }
    }

    pub fn join(&self, relative: impl AsRef<Path>) -> PathBuf {
        self.path.join(relative)
    }

    pub fn write(&self, relative: impl AsRef<Path>, text: &str) -> PathBuf {
        let path = self.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    pub fn read(&self, relative: impl AsRef<Path>) -> String {
        std::fs::read_to_string(self.join(relative)).unwrap()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

const READER: &str = r#"
import sys, json, netrc, configparser, yaml
for line in sys.stdin:
    kind, path = line.rstrip("\n").split("\t", 1)
    try:
        if kind == "netrc":
            parsed = netrc.netrc(path)
            out = {"hosts": {h: list(v) for h, v in parsed.hosts.items()}, "macros": parsed.macros}
        elif kind == "ini":
            parser = configparser.ConfigParser()
            with open(path, encoding="utf-8") as f:
                parser.read_file(f)
            out = {s: {k: parser.get(s, k) for k in parser.options(s)} for s in parser.sections()}
            out["DEFAULT"] = {k: parser.get("DEFAULT", k) for k in parser.defaults()}
        else:
            with open(path, encoding="utf-8") as f:
                out = yaml.safe_load(f)
        print(json.dumps({"ok": out}), flush=True)
    except Exception as e:
        print(json.dumps({"error": type(e).__name__ + ": " + str(e)}), flush=True)
"#;

/// One Python process for all of a test binary's reads.
pub struct Python {
    _child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

/// How a real parser reads a file: `Ok(value)` or `Err(its error)`.
pub fn python_read(kind: &str, path: &Path) -> Result<Value, String> {
    static PYTHON: OnceLock<Mutex<Python>> = OnceLock::new();
    let mut python: MutexGuard<Python> = PYTHON
        .get_or_init(|| {
            let mut child = Command::new("python3")
                .args(["-u", "-c", READER])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .expect("python3 with PyYAML");
            let input = child.stdin.take().unwrap();
            let output = BufReader::new(child.stdout.take().unwrap());
            Mutex::new(Python { _child: child, input, output })
        })
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    writeln!(python.input, "{kind}\t{}", path.display()).unwrap();
    let mut line = String::new();
    python.output.read_line(&mut line).unwrap();
    let mut answer: Value = serde_json::from_str(&line).unwrap();
    match answer.get("error") {
        Some(error) => Err(error.as_str().unwrap_or_default().to_owned()),
        None => Ok(answer["ok"].take()),
    }
}

/// Reads `text` as `kind` ("netrc", "ini", "yaml") through Python.
pub fn python_parse(kind: &str, text: &str) -> Result<Value, String> {
    let dir = TempDir::new("parse");
    let path = dir.write("file", text);
    python_read(kind, &path)
}

/// What `set -a; . file` gives the three variables, through `sh`.
pub fn shell_values(text: &str) -> Vec<String> {
    let dir = TempDir::new("sh");
    let path = dir.write("file.env", text);
    let output = Command::new("sh")
        .args([
            "-c",
            r#"set -a; . "$1"; printf '%s\0' "$JENKINS_URL" "$JENKINS_USER_ID" "$JENKINS_API_TOKEN" "${FOO-}""#,
            "sh",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().split_terminator('\0').map(str::to_owned).collect()
}

/// Odd user ids (spaces, quotes, backslashes, `%`, `#`, non-ASCII, a line separator), shared with the
/// core's snippet tests.
#[path = "../../../tests/support/user_ids.rs"]
pub mod user_ids;
