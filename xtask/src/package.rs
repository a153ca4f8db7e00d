//! The extension as one zip file, as a store takes it. Deterministic: the same `dist/chromium/` gives
//! the same bytes (entries sorted, fixed dates and permissions, no directory entries or extra fields).

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::paths::{FIREFOX, PKG};
use crate::util::{self, Result};

/// Firefox's background script (the clipboard clearing), and what only Chromium's service worker uses.
pub const FIREFOX_BACKGROUND: &str = "background-firefox.js";
pub const CHROMIUM_ONLY: [&str; 3] = ["background.js", "offscreen.html", "offscreen.js"];

/// What a package may hold: the manifest, the popup, its icons, its messages and the built core. No
/// source map, test page, test manifest or development file gets into a zip.
fn ships(browser: &str, name: &str) -> bool {
    let elsewhere = match browser {
        FIREFOX => CHROMIUM_ONLY.contains(&name),
        _ => name == FIREFOX_BACKGROUND,
    };
    !elsewhere && ships_anywhere(name)
}

fn ships_anywhere(name: &str) -> bool {
    let in_folder = |folder: &str, extensions: &[&str]| {
        name.strip_prefix(folder)
            .is_some_and(|rest| !rest.contains('/') && extensions.iter().any(|extension| rest.ends_with(extension)))
    };
    matches!(
        name,
        "manifest.json"
            | "popup.html"
            | "popup.css"
            | "popup.js"
            | "clipboard.js"
            | "background.js"
            | "background-firefox.js"
            | "offscreen.html"
            | "offscreen.js"
            | "options.html"
            | "options.js"
            | "managed_schema.json"
    ) || in_folder("icons/", &[".png"])
        || in_folder(&format!("{PKG}/"), &[".js", ".wasm"])
        || (name.starts_with("_locales/") && name.ends_with("/messages.json") && name.matches('/').count() == 2)
}

/// Every file in `browser`'s unpacked extension, which its zip holds, is one that ships.
pub fn check_contents(browser: &str, unpacked: &Path) -> Result {
    let files = util::files_below(unpacked)?;
    let extra: Vec<&String> = files.iter().filter(|name| !ships(browser, name)).collect();
    if !extra.is_empty() {
        bail!("the {browser} package holds files that do not ship: {extra:?}");
    }
    if !files.iter().any(|name| name.ends_with(".wasm")) {
        bail!("the {browser} package has no wasm");
    }
    Ok(())
}

/// The zip of every file below `dir`.
pub fn zip_dir(dir: &Path) -> Result<Vec<u8>> {
    let mut entries = Vec::new();
    for name in util::files_below(dir)? {
        let bytes = util::read(&dir.join(&name))?;
        entries.push(ZipEntry { name, bytes, executable: false });
    }
    zip_entries(entries).with_context(|| format!("zipping {}", dir.display()))
}

/// One file of a zip: its `/`-separated path, its bytes, and whether it is a program (mode 755, not 644).
pub struct ZipEntry {
    pub name: String,
    pub bytes: Vec<u8>,
    pub executable: bool,
}

/// A zip of `entries` in the order given, with nothing that depends on when or where it was made.
pub fn zip_entries(entries: Vec<ZipEntry>) -> Result<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(DateTime::default());
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for entry in entries {
        let options = options.unix_permissions(if entry.executable { 0o755 } else { 0o644 });
        zip.start_file(entry.name.as_str(), options)
            .and_then(|()| zip.write_all(&entry.bytes).map_err(Into::into))
            .with_context(|| format!("zipping {}", entry.name))?;
    }
    let cursor = zip.finish().context("finishing a zip")?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_shipped_files_pass() {
        for name in [
            "manifest.json",
            "popup.js",
            "icons/icon-16.png",
            "pkg/core_bg.wasm",
            "pkg/core.js",
            "_locales/en/messages.json",
            "clipboard.js",
        ] {
            assert!(super::ships("chromium", name), "{name}");
            assert!(super::ships("firefox", name), "{name}");
        }
        // Each browser's clipboard worker goes to that browser only.
        for name in ["background.js", "offscreen.html", "offscreen.js"] {
            assert!(super::ships("chromium", name) && !super::ships("firefox", name), "{name}");
        }
        assert!(super::ships("firefox", "background-firefox.js"));
        assert!(!super::ships("chromium", "background-firefox.js"));
        for name in [
            "popup.js.map",
            "test-blank.html",
            "test-opener.js",
            "pkg/x.wasm.map",
            "pkg/.gitignore",
            "README.md",
            "icons/a/b.png",
            "_locales/en/x/messages.json",
            "Cargo.toml",
        ] {
            assert!(!super::ships("chromium", name), "{name}");
        }
    }

    use std::io::Read;

    use super::*;

    #[test]
    fn the_zip_is_deterministic_and_holds_every_file() {
        let dir = std::env::temp_dir().join(format!("xtask-zip-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        std::fs::write(dir.join("manifest.json"), "{}").unwrap();
        std::fs::write(dir.join("pkg/core.wasm"), vec![7u8; 5000]).unwrap();
        let first = zip_dir(&dir).unwrap();
        // A later modification time must not change a byte.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.join("pkg/core.wasm"), vec![7u8; 5000]).unwrap();
        let second = zip_dir(&dir).unwrap();
        assert_eq!(first, second);

        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(first)).unwrap();
        let names: Vec<String> = archive.file_names().map(|name| name.unwrap().into_owned()).collect();
        assert_eq!(names, ["manifest.json", "pkg/core.wasm"]);
        let mut wasm = Vec::new();
        archive.by_name("pkg/core.wasm").unwrap().read_to_end(&mut wasm).unwrap();
        assert_eq!(wasm, vec![7u8; 5000]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
