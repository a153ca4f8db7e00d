//! `install`, `status` and `uninstall` run as a user would, against a throwaway home folder; the ids in
//! the manifests are the ones the end-to-end tests' copies and the Firefox build really have.

mod support;

use jenkins_api_token_host::install::{CHROMIUM_TEST_IDS, FIREFOX_IDS, FIREFOX_TEST_IDS};
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, Output};
use support::TempDir;

const HOST: &str = env!("CARGO_BIN_EXE_jenkins-api-token-host");
const DEVELOPER_ID: &str = "abcdefghijklmnopabcdefghijklmnop";

fn host(home: &Path, args: &[&str]) -> Output {
    Command::new(HOST).args(args).env("HOME", home).output().unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn manifest(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn a_manifest_dir_gets_one_manifest_that_status_sees_and_uninstall_removes() {
    let home = TempDir::new("install-dir");
    let dir = home.join("profile/NativeMessagingHosts");
    let dir_arg = dir.to_str().unwrap();
    let said = stdout(&host(&home.path, &["install", "--manifest-dir", dir_arg, "--extension-id", DEVELOPER_ID]));
    let file = dir.join("jenkins_api_token.json");
    assert_eq!(said.trim(), format!("chromium: installed {}", file.display()));
    let written = manifest(&file);
    let binary = std::fs::canonicalize(HOST).unwrap();
    assert_eq!(written["path"], binary.to_str().unwrap());
    assert_eq!(written["name"], "jenkins_api_token");
    let origins: Vec<String> =
        CHROMIUM_TEST_IDS.iter().chain(&[DEVELOPER_ID]).map(|id| format!("chrome-extension://{id}/")).collect();
    assert_eq!(written["allowed_origins"], json!(origins));
    let status = stdout(&host(&home.path, &["status", "--manifest-dir", dir_arg]));
    assert_eq!(status.trim(), format!("chromium: installed {}, starts {}", file.display(), binary.display()));
    let said = stdout(&host(&home.path, &["uninstall", "--manifest-dir", dir_arg]));
    assert_eq!(said.trim(), format!("chromium: removed {}", file.display()));
    assert!(!file.exists() && dir.is_dir(), "the manifest goes, the folder stays");
    assert_eq!(stdout(&host(&home.path, &["status", "--manifest-dir", dir_arg])).trim(), "chromium: not installed");
}

#[test]
fn firefox_gets_allowed_extensions() {
    let home = TempDir::new("install-firefox");
    let dir = home.join("hosts");
    let args = [
        "install",
        "--browser",
        "firefox",
        "--manifest-dir",
        dir.to_str().unwrap(),
        "--extension-id",
        "dev@example.org",
    ];
    stdout(&host(&home.path, &args));
    let written = manifest(&dir.join("jenkins_api_token.json"));
    assert_eq!(written["allowed_extensions"], json!([FIREFOX_IDS[0], FIREFOX_TEST_IDS[0], "dev@example.org"]));
    assert!(written.get("allowed_origins").is_none());
}

#[cfg(target_os = "linux")]
#[test]
fn all_means_the_browsers_this_user_has_and_uninstall_removes_exactly_that() {
    let home = TempDir::new("install-all");
    std::fs::create_dir_all(home.join(".config/chromium")).unwrap();
    std::fs::create_dir_all(home.join(".mozilla")).unwrap();
    let said = stdout(&host(&home.path, &["install"]));
    let chromium = home.join(".config/chromium/NativeMessagingHosts/jenkins_api_token.json");
    let firefox = home.join(".mozilla/native-messaging-hosts/jenkins_api_token.json");
    assert_eq!(
        said.lines().collect::<Vec<_>>(),
        [
            format!("chromium: installed {}", chromium.display()).as_str(),
            "chrome: skipped, not installed for this user",
            "edge: skipped, not installed for this user",
            "brave: skipped, not installed for this user",
            "vivaldi: skipped, not installed for this user",
            format!("firefox: installed {}", firefox.display()).as_str(),
        ]
    );
    assert!(manifest(&chromium)["allowed_origins"].is_array() && manifest(&firefox)["allowed_extensions"].is_array());
    assert!(!home.join(".config/google-chrome").exists(), "no folder for a browser that is not there");
    let status = stdout(&host(&home.path, &["status"]));
    assert_eq!(status.lines().filter(|line| line.contains(": installed")).count(), 2, "{status}");
    let said = stdout(&host(&home.path, &["uninstall"]));
    assert_eq!(said.lines().filter(|line| line.contains(": removed")).count(), 2, "{said}");
    assert!(!chromium.exists() && !firefox.exists());
    assert!(stdout(&host(&home.path, &["status"])).lines().all(|line| line.ends_with("not installed")));
}

#[test]
fn a_manifest_that_is_not_ours_is_left_alone() {
    let home = TempDir::new("install-foreign");
    let foreign = home.write("hosts/jenkins_api_token.json", r#"{"name":"jenkins_api_token","path":"/usr/bin/other"}"#);
    let dir = home.join("hosts");
    let dir_arg = dir.to_str().unwrap();
    let output = host(&home.path, &["install", "--manifest-dir", dir_arg]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not ours"));
    assert!(stdout(&host(&home.path, &["uninstall", "--manifest-dir", dir_arg])).contains("not ours, left as it is"));
    assert!(foreign.exists());
}

#[test]
fn mistakes_on_the_command_line_are_named() {
    let home = TempDir::new("install-mistakes");
    let refused = |args: &[&str], words: &str| {
        let output = host(&home.path, args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(words),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    refused(&["install"], "no browser's user folder was found");
    refused(&["install", "--browser", "netscape"], "no browser \"netscape\"");
    refused(&["install", "--browser", "all", "--manifest-dir", "/tmp/x"], "name one --browser");
    refused(&["install", "--manifest-dir", "/tmp/x", "--extension-id", "not an id"], "neither a Chromium");
    refused(&["install", "--browser"], "--browser needs a value");
    refused(&["status", "--extension-id", DEVELOPER_ID], "unknown option");
    assert!(std::fs::read_dir(&home.path).unwrap().next().is_none(), "nothing was written");
}

/// The ids in the code are those of the keys and add-on ids the end-to-end tests and the build use.
#[test]
fn the_ids_are_the_test_copies_and_the_builds() {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let read = |path: &str| std::fs::read_to_string(repository.join(path)).unwrap();
    let quoted_after = |text: &str, name: &str| -> String {
        let start = text.find(&format!("{name} =")).unwrap_or_else(|| panic!("{name}"));
        let rest = &text[start..];
        let open = rest.find(['\'', '"']).unwrap();
        let quote = rest.as_bytes()[open] as char;
        rest[open + 1..].split(quote).next().unwrap().to_owned()
    };
    let keys = [
        quoted_after(&read("tests/e2e/harness.mjs"), "TEST_KEY"),
        quoted_after(&read("tests/e2e/policy.test.mjs"), "POLICY_KEY"),
    ];
    let script = "import sys, hashlib, base64\nfor key in sys.argv[1:]:\n    digest = hashlib.sha256(base64.b64decode(key)).hexdigest()[:32]\n    print(''.join(chr(97 + int(d, 16)) for d in digest))";
    let output = Command::new("python3").args(["-c", script]).args(&keys).output().unwrap();
    let ids: Vec<String> = String::from_utf8(output.stdout).unwrap().lines().map(str::to_owned).collect();
    assert_eq!(ids, CHROMIUM_TEST_IDS);
    assert_eq!(quoted_after(&read("xtask/src/build.rs"), "pub const FIREFOX_ID: &str"), FIREFOX_IDS[0]);
    assert_eq!(quoted_after(&read("tests/e2e/firefox-harness.mjs"), "export const ADDON_ID"), FIREFOX_IDS[0]);
    assert_eq!(quoted_after(&read("tests/e2e/firefox-policy.test.mjs"), "const ADDON_ID"), FIREFOX_TEST_IDS[0]);
}
