//! `install`, `uninstall` and `status`: the host manifest, where each browser looks for a user's native
//! messaging hosts (docs/native-host.md#install). On Linux and macOS that is a file
//! in the browser's user folder; on Windows a file of ours that a key under `HKEY_CURRENT_USER` points
//! at. The manifest lets only our extension ids start the host.

use crate::files::write_atomically;
use serde_json::{Value, json};
use std::fs;
use std::path::{Path, PathBuf};

/// The name the extension passes to `connectNative` and `sendNativeMessage`.
pub const HOST_NAME: &str = "jenkins_api_token";
const DESCRIPTION: &str = "Jenkins API Token: saves a new token into your config files";
const EXECUTABLE: &str = "jenkins-api-token-host";

/// The Chrome Web Store's and Edge Add-ons' ids of the extension: unknown until it is published, to be
/// filled in then (docs/native-host.md#install).
pub const CHROMIUM_STORE_IDS: [&str; 0] = [];
/// The ids of the end-to-end tests' copies, which carry fixed keys: `TEST_KEY` in
/// tests/e2e/harness.mjs and `POLICY_KEY` in tests/e2e/policy.test.mjs (the id is the SHA-256 of the
/// key's DER bytes, its first 32 hex digits written with the letters a-p).
pub const CHROMIUM_TEST_IDS: [&str; 2] = ["okfibhbhgfikikemfldgfhpfkofmfiem", "okbgdbophpldfnjcjnflopconldfhafi"];
/// The Firefox add-on id of the shipped manifest (`FIREFOX_ID` in xtask/src/build.rs), which the tests'
/// copy keeps (`ADDON_ID` in tests/e2e/firefox-harness.mjs).
pub const FIREFOX_IDS: [&str; 1] = ["jenkins-api-token@jenkins-api-token.github.io"];
/// The Firefox policy suite's copy (`ADDON_ID` in tests/e2e/firefox-policy.test.mjs).
pub const FIREFOX_TEST_IDS: [&str; 1] = ["jenkins-api-token-policy-test@jenkins-api-token.github.io"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    Chromium,
    Chrome,
    Edge,
    Brave,
    Vivaldi,
    Firefox,
}

impl Browser {
    pub const ALL: [Browser; 6] =
        [Browser::Chromium, Browser::Chrome, Browser::Edge, Browser::Brave, Browser::Vivaldi, Browser::Firefox];

    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "chromium",
            Browser::Chrome => "chrome",
            Browser::Edge => "edge",
            Browser::Brave => "brave",
            Browser::Vivaldi => "vivaldi",
            Browser::Firefox => "firefox",
        }
    }

    pub fn parse(name: &str) -> Option<Browser> {
        Browser::ALL.into_iter().find(|browser| browser.name() == name)
    }

    /// The browser's user folder, relative to the home folder: where `all` looks for installed browsers.
    pub fn user_folder(self) -> PathBuf {
        let linux = match self {
            Browser::Chromium => ".config/chromium",
            Browser::Chrome => ".config/google-chrome",
            Browser::Edge => ".config/microsoft-edge",
            Browser::Brave => ".config/BraveSoftware/Brave-Browser",
            Browser::Vivaldi => ".config/vivaldi",
            Browser::Firefox => ".mozilla",
        };
        let macos = match self {
            Browser::Chromium => "Chromium",
            Browser::Chrome => "Google/Chrome",
            Browser::Edge => "Microsoft Edge",
            Browser::Brave => "BraveSoftware/Brave-Browser",
            Browser::Vivaldi => "Vivaldi",
            Browser::Firefox => "Mozilla",
        };
        let windows = format!("AppData/Local/jenkins-api-token/{}", self.name());
        if cfg!(target_os = "macos") {
            Path::new("Library/Application Support").join(macos)
        } else if cfg!(windows) {
            PathBuf::from(windows)
        } else {
            PathBuf::from(linux)
        }
    }

    /// The folder of the manifest, relative to the home folder (on Windows: ours, which the registry
    /// key points into).
    pub fn manifest_folder(self) -> PathBuf {
        let folder = match self {
            _ if cfg!(windows) => return self.user_folder(),
            Browser::Firefox if !cfg!(target_os = "macos") => "native-messaging-hosts",
            _ => "NativeMessagingHosts",
        };
        self.user_folder().join(folder)
    }

    /// The key under `HKEY_CURRENT_USER` that names the manifest on Windows. Brave and Vivaldi read
    /// Chrome's.
    pub fn registry_key(self) -> String {
        let vendor = match self {
            Browser::Chromium => "Chromium",
            Browser::Chrome | Browser::Brave | Browser::Vivaldi => "Google\\Chrome",
            Browser::Edge => "Microsoft\\Edge",
            Browser::Firefox => "Mozilla",
        };
        format!("Software\\{vendor}\\NativeMessagingHosts\\{HOST_NAME}")
    }
}

/// Whether `id` has the shape of a Chromium extension id: 32 letters a to p.
pub fn is_chromium_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| (b'a'..=b'p').contains(&b))
}

/// Whether `id` has the shape of a Firefox add-on id: `name@domain` or a `{uuid}`.
pub fn is_firefox_id(id: &str) -> bool {
    let plain = |c: char| c.is_ascii_alphanumeric() || "._-+".contains(c);
    let email = id.split_once('@').is_some_and(|(name, domain)| {
        !name.is_empty() && !domain.is_empty() && name.chars().all(plain) && domain.chars().all(plain)
    });
    let uuid = id.len() == 38
        && id.starts_with('{')
        && id.ends_with('}')
        && id[1..37].chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    id.len() <= 80 && (email || uuid)
}

/// The manifest for `browser`: our ids, and `extra` ids of the right shape for that browser.
pub fn manifest(browser: Browser, executable: &Path, extra: &[String]) -> Result<String, String> {
    let path = executable.to_str().ok_or("the host's path is not UTF-8 text")?;
    let extra = extra.iter().map(String::as_str);
    let mut manifest = json!({ "name": HOST_NAME, "description": DESCRIPTION, "path": path, "type": "stdio" });
    if browser == Browser::Firefox {
        let ids: Vec<&str> =
            FIREFOX_IDS.into_iter().chain(FIREFOX_TEST_IDS).chain(extra.filter(|id| is_firefox_id(id))).collect();
        manifest["allowed_extensions"] = json!(ids);
    } else {
        let ids = CHROMIUM_STORE_IDS.into_iter().chain(CHROMIUM_TEST_IDS).chain(extra.filter(|id| is_chromium_id(id)));
        let origins: Vec<String> = ids.map(|id| format!("chrome-extension://{id}/")).collect();
        manifest["allowed_origins"] = json!(origins);
    }
    serde_json::to_string_pretty(&manifest).map(|text| text + "\n").map_err(|error| error.to_string())
}

/// What a manifest file holds, if it is one of ours: its `path`.
fn ours(file: &Path) -> Option<String> {
    let manifest: Value = serde_json::from_slice(&fs::read(file).ok()?).ok()?;
    let path = manifest["path"].as_str()?;
    let executable = Path::new(path).file_stem()?.to_str()?;
    (manifest["name"] == HOST_NAME && executable == EXECUTABLE).then(|| path.to_owned())
}

/// The running host, as the manifest's `path` names it.
pub fn this_executable() -> Result<PathBuf, String> {
    let path = std::env::current_exe()
        .and_then(fs::canonicalize)
        .map_err(|error| format!("cannot find the host itself: {error}"))?;
    // A verbatim `\\?\C:\…` path, which `canonicalize` gives on Windows, is not for a manifest.
    let text = path.to_string_lossy();
    Ok(text.strip_prefix(r"\\?\").map_or(path.clone(), PathBuf::from))
}

/// Where one browser's manifest goes.
#[derive(Clone, Debug)]
pub struct Place {
    pub browser: Browser,
    pub file: PathBuf,
    /// On Windows without `--manifest-dir`: the registry key pointing at `file`.
    pub registry_key: Option<String>,
}

/// The places for `browser` (`None`: all), in `manifest_dir` if given (then only one browser).
pub fn places(home: &Path, browser: Option<Browser>, manifest_dir: Option<&Path>) -> Result<Vec<Place>, String> {
    let file_name = format!("{HOST_NAME}.json");
    if let Some(dir) = manifest_dir {
        let browser = browser.ok_or("--manifest-dir holds one manifest: name one --browser, not all")?;
        return Ok(vec![Place { browser, file: dir.join(file_name), registry_key: None }]);
    }
    let browsers = browser.map_or(Browser::ALL.to_vec(), |browser| vec![browser]);
    Ok(browsers
        .into_iter()
        .map(|browser| Place {
            browser,
            file: home.join(browser.manifest_folder()).join(&file_name),
            registry_key: cfg!(windows).then(|| browser.registry_key()),
        })
        .collect())
}

/// Writes the manifests; `all` only for browsers whose user folder exists. Returns what it did, a
/// line per browser.
pub fn install(
    home: &Path,
    browser: Option<Browser>,
    manifest_dir: Option<&Path>,
    ids: &[String],
) -> Result<Vec<String>, String> {
    for id in ids {
        if !is_chromium_id(id) && !is_firefox_id(id) {
            return Err(format!("{id:?} is neither a Chromium extension id (32 letters a-p) nor a Firefox add-on id"));
        }
    }
    let executable = this_executable()?;
    let mut report = Vec::new();
    for place in places(home, browser, manifest_dir)? {
        let name = place.browser.name();
        if browser.is_none() && !cfg!(windows) && !home.join(place.browser.user_folder()).is_dir() {
            report.push(format!("{name}: skipped, not installed for this user"));
            continue;
        }
        if place.file.exists() && ours(&place.file).is_none() {
            return Err(format!("{}: a manifest that is not ours is there; it is left as it is", place.file.display()));
        }
        let folder = place.file.parent().ok_or("no folder for the manifest")?;
        fs::create_dir_all(folder).map_err(|error| format!("cannot make {}: {error}", folder.display()))?;
        let text = manifest(place.browser, &executable, ids)?;
        write_atomically(&place.file, text.as_bytes(), 0o644)
            .map_err(|error| format!("cannot write {}: {error}", place.file.display()))?;
        if let Some(key) = &place.registry_key {
            registry::set(key, &place.file)?;
        }
        report.push(format!("{name}: installed {}", place.file.display()));
    }
    if report.iter().all(|line| line.contains("skipped")) {
        return Err("no browser's user folder was found; name one with --browser".to_owned());
    }
    Ok(report)
}

/// Removes the manifests `install` wrote (only ours), and on Windows the keys pointing at them.
pub fn uninstall(home: &Path, browser: Option<Browser>, manifest_dir: Option<&Path>) -> Result<Vec<String>, String> {
    let mut report = Vec::new();
    for place in places(home, browser, manifest_dir)? {
        let name = place.browser.name();
        if let Some(key) = &place.registry_key
            && registry::get(key).is_some_and(|value| Path::new(&value) == place.file)
        {
            registry::delete(key)?;
            report.push(format!("{name}: removed the registry key HKEY_CURRENT_USER\\{key}"));
        }
        match ours(&place.file) {
            Some(_) => {
                fs::remove_file(&place.file)
                    .map_err(|error| format!("cannot remove {}: {error}", place.file.display()))?;
                report.push(format!("{name}: removed {}", place.file.display()));
            }
            None if place.file.exists() => {
                report.push(format!("{name}: {} is not ours, left as it is", place.file.display()))
            }
            None => report.push(format!("{name}: nothing installed")),
        }
    }
    Ok(report)
}

/// Which manifests are installed, where, and whether the program they name is there.
pub fn status(home: &Path, browser: Option<Browser>, manifest_dir: Option<&Path>) -> Result<Vec<String>, String> {
    let mut report = Vec::new();
    for place in places(home, browser, manifest_dir)? {
        let name = place.browser.name();
        let line = match ours(&place.file) {
            Some(path) => {
                let runs = if Path::new(&path).is_file() { "" } else { " (that file is missing)" };
                let key = match &place.registry_key {
                    Some(key) if registry::get(key).is_some_and(|value| Path::new(&value) == place.file) => {
                        format!(", named by HKEY_CURRENT_USER\\{key}")
                    }
                    Some(_) => ", but no registry key names it".to_owned(),
                    None => String::new(),
                };
                format!("{name}: installed {}{key}, starts {path}{runs}", place.file.display())
            }
            None if place.file.exists() => format!("{name}: {} is not ours", place.file.display()),
            None => format!("{name}: not installed"),
        };
        report.push(line);
    }
    Ok(report)
}

/// The registry keys that point Windows browsers at the manifests, through `reg.exe` (no unsafe code,
/// no dependency). Not run by the tests, which run on Linux.
#[cfg(windows)]
mod registry {
    use std::path::Path;
    use std::process::Command;

    fn reg(args: &[&str]) -> Result<std::process::Output, String> {
        Command::new("reg").args(args).output().map_err(|error| format!("cannot run reg.exe: {error}"))
    }

    pub fn set(key: &str, manifest: &Path) -> Result<(), String> {
        let value = manifest.to_str().ok_or("the manifest's path is not UTF-8 text")?;
        let output = reg(&["add", &format!("HKCU\\{key}"), "/ve", "/t", "REG_SZ", "/d", value, "/f"])?;
        output.status.success().then_some(()).ok_or_else(|| format!("reg add HKCU\\{key} failed"))
    }

    pub fn get(key: &str) -> Option<String> {
        let output = reg(&["query", &format!("HKCU\\{key}"), "/ve"]).ok()?;
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        output.status.success().then_some(())?;
        text.lines().find_map(|line| line.split_once("REG_SZ").map(|(_, value)| value.trim().to_owned()))
    }

    pub fn delete(key: &str) -> Result<(), String> {
        let output = reg(&["delete", &format!("HKCU\\{key}"), "/f"])?;
        output.status.success().then_some(()).ok_or_else(|| format!("reg delete HKCU\\{key} failed"))
    }
}

/// Elsewhere there is no registry: `places` never names a key.
#[cfg(not(windows))]
mod registry {
    use std::path::Path;

    pub fn set(_key: &str, _manifest: &Path) -> Result<(), String> {
        Err("the registry exists only on Windows".to_owned())
    }

    pub fn get(_key: &str) -> Option<String> {
        None
    }

    pub fn delete(_key: &str) -> Result<(), String> {
        Err("the registry exists only on Windows".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_told_apart_by_shape() {
        assert!(CHROMIUM_TEST_IDS.iter().all(|id| is_chromium_id(id) && !is_firefox_id(id)));
        assert!(FIREFOX_IDS.iter().chain(&FIREFOX_TEST_IDS).all(|id| is_firefox_id(id) && !is_chromium_id(id)));
        assert!(is_firefox_id("{12345678-1234-1234-1234-123456789abc}"));
        for bad in ["", "abc", "okfibhbhgfikikemfldgfhpfkofmfiez", "a@", "@b", "a b@c", "\"@x"] {
            assert!(!is_chromium_id(bad) && !is_firefox_id(bad), "{bad}");
        }
    }

    #[test]
    fn manifests_name_only_our_ids() {
        let extra = ["abcdefghijklmnopabcdefghijklmnop".to_owned(), "dev@example.org".to_owned()];
        let chromium: Value = serde_json::from_str(
            &manifest(Browser::Chromium, Path::new("/opt/jenkins-api-token-host"), &extra).unwrap(),
        )
        .unwrap();
        assert_eq!(chromium["name"], HOST_NAME);
        assert_eq!(chromium["type"], "stdio");
        assert_eq!(chromium["path"], "/opt/jenkins-api-token-host");
        assert_eq!(
            chromium["allowed_origins"],
            json!([
                "chrome-extension://okfibhbhgfikikemfldgfhpfkofmfiem/",
                "chrome-extension://okbgdbophpldfnjcjnflopconldfhafi/",
                "chrome-extension://abcdefghijklmnopabcdefghijklmnop/"
            ])
        );
        assert!(chromium.get("allowed_extensions").is_none());
        let firefox: Value = serde_json::from_str(
            &manifest(Browser::Firefox, Path::new("/opt/jenkins-api-token-host"), &extra).unwrap(),
        )
        .unwrap();
        assert_eq!(firefox["allowed_extensions"], json!([FIREFOX_IDS[0], FIREFOX_TEST_IDS[0], "dev@example.org"]));
        assert!(firefox.get("allowed_origins").is_none());
    }

    #[test]
    fn folders_are_where_each_browser_looks() {
        let folder = |browser: Browser| browser.manifest_folder().to_string_lossy().replace('\\', "/");
        if cfg!(target_os = "linux") {
            assert_eq!(folder(Browser::Chrome), ".config/google-chrome/NativeMessagingHosts");
            assert_eq!(folder(Browser::Brave), ".config/BraveSoftware/Brave-Browser/NativeMessagingHosts");
            assert_eq!(folder(Browser::Firefox), ".mozilla/native-messaging-hosts");
        }
        assert_eq!(
            Browser::Vivaldi.registry_key(),
            "Software\\Google\\Chrome\\NativeMessagingHosts\\jenkins_api_token"
        );
        assert!(
            places(Path::new("/home/u"), None, Some(Path::new("/tmp/x"))).is_err(),
            "one browser per --manifest-dir"
        );
    }
}
