//! `cargo xtask release <version>`: sets the version in its one place, Cargo.toml (the manifest in
//! `extension/` follows it, for loading the folder unpacked), and gives the changelog's Unreleased
//! entries that version and today's date; once everything is rebuilt, checks that Cargo.toml, the
//! manifests, the zips, the native host's release copy, the source package, the store folders and the
//! changelog all name the same version.

use std::path::Path;

use anyhow::{Context, bail};

use crate::paths::{self, BROWSERS, root};
use crate::util::{self, Result, output};

/// Writes the version given in `args` into Cargo.toml, the source manifest and the changelog; returns it.
pub fn set_version(args: &[String]) -> Result<String> {
    let [version] = args else { bail!("usage: cargo xtask release <version>, e.g. 0.2.0") };
    if !is_version(version) {
        bail!("{version:?} is not a version of the form MAJOR.MINOR.PATCH");
    }
    let root = root();
    let today = output(&mut crate::util::cmd("date", &["-u", "+%Y-%m-%d"])).context("date failed")?;
    let cargo_toml = root.join("Cargo.toml");
    util::write(&cargo_toml, with_workspace_version(&util::read_text(&cargo_toml)?, version)?)?;
    let manifest = paths::manifest_source();
    let mut json = util::read_json(&manifest)?;
    json["version"] = version.as_str().into();
    util::write(&manifest, serde_json::to_string_pretty(&json)? + "\n")?;
    let changelog = root.join("CHANGELOG.md");
    util::write(&changelog, with_release_heading(&util::read_text(&changelog)?, version, today.trim())?)?;
    Ok(version.clone())
}

/// `MAJOR.MINOR.PATCH`, each a number without a leading zero, as browsers and Cargo both accept.
pub fn is_version(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) && (part == &"0" || !part.starts_with('0'))
        })
}

/// Cargo.toml with `version` in `[workspace.package]`, the only place a version is written by hand.
pub fn with_workspace_version(toml: &str, version: &str) -> Result<String> {
    let mut section = "";
    let mut done = false;
    let mut lines = Vec::new();
    for line in toml.lines() {
        if line.starts_with('[') {
            section = line.trim();
        }
        if section == "[workspace.package]" && !done && line.trim_start().starts_with("version") {
            lines.push(format!("version = \"{version}\""));
            done = true;
        } else {
            lines.push(line.to_owned());
        }
    }
    if !done {
        bail!("Cargo.toml has no version in [workspace.package]");
    }
    Ok(lines.join("\n") + "\n")
}

/// The changelog with the Unreleased entries under `## [version] - date`, and a new, empty Unreleased.
pub fn with_release_heading(changelog: &str, version: &str, date: &str) -> Result<String> {
    const UNRELEASED: &str = "## [Unreleased]";
    if changelog.contains(&format!("## [{version}]")) {
        bail!("CHANGELOG.md already has a heading for {version}");
    }
    let at = changelog.find(UNRELEASED).context("CHANGELOG.md has no \"## [Unreleased]\" heading")?;
    let after = &changelog[at + UNRELEASED.len()..];
    let next = after.find("\n## ").map_or(after.len(), |index| index + 1);
    if after[..next].trim().is_empty() {
        bail!("CHANGELOG.md says nothing under Unreleased: write what this release changes first");
    }
    Ok(format!("{}{UNRELEASED}\n\n## [{version}] - {date}{after}", &changelog[..at]))
}

/// Everything that names a version names `version`.
pub fn check_agreement(version: &str) -> Result {
    let root = root();
    let mut disagreeing = Vec::new();
    let cargo_version = util::read_text(&root.join("Cargo.toml"))?
        .lines()
        .skip_while(|line| line.trim() != "[workspace.package]")
        .find_map(|line| line.strip_prefix("version = ").map(|value| value.trim_matches('"').to_owned()));
    if cargo_version.as_deref() != Some(version) {
        disagreeing.push(format!("Cargo.toml says {cargo_version:?}"));
    }
    let built = BROWSERS.map(|browser| paths::unpacked(browser).join("manifest.json"));
    for manifest in std::iter::once(paths::manifest_source()).chain(built) {
        let said = util::read_json(&manifest)?["version"].as_str().map(str::to_owned);
        if said.as_deref() != Some(version) {
            disagreeing.push(format!("{} says {said:?}", paths::relative(&manifest)));
        }
    }
    let host = paths::dist().join(paths::host_asset_name(version));
    if !host.exists() {
        disagreeing.push(format!("{} is missing", paths::relative(&host)));
    }
    for browser in BROWSERS {
        let zip = paths::package_name(version, browser);
        let path = paths::dist().join(&zip);
        if let Some(said) = version_in_zip(&path)? {
            if said != version {
                disagreeing.push(format!("the manifest in {zip} says {said}"));
            }
        } else {
            disagreeing.push(format!("{} is missing", paths::relative(&path)));
        }
    }
    let source = paths::source_package_name(version);
    for store in &crate::store::STORES {
        let dir = paths::store().join(store.id);
        let mut packages: Vec<String> = vec![paths::package_name(version, store.browser)];
        if store.wants_source {
            packages.push(source.clone());
        }
        let present = util::files_below(&dir).unwrap_or_default();
        for package in packages {
            if !present.contains(&package) {
                disagreeing.push(format!("{}/ has no {package}", paths::relative(&dir)));
            }
        }
        if let Some(stray) =
            present.iter().find(|name| name.ends_with(".zip") && !name.contains(&format!("-{version}-")))
        {
            disagreeing.push(format!("{}/{stray} is of another version", paths::relative(&dir)));
        }
    }
    if !util::read_text(&root.join("CHANGELOG.md"))?.contains(&format!("## [{version}]")) {
        disagreeing.push(format!("CHANGELOG.md has no heading for {version}"));
    }
    if !disagreeing.is_empty() {
        bail!("not everything names version {version}:\n  {}", disagreeing.join("\n  "));
    }
    eprintln!("version {version}: Cargo.toml, manifests, zips, store folders and changelog agree");
    Ok(())
}

/// The version in the manifest inside a package, or `None` if the package is missing.
fn version_in_zip(path: &Path) -> Result<Option<String>> {
    if !path.exists() {
        return Ok(None);
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(util::read(path)?))
        .with_context(|| format!("reading {}", path.display()))?;
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("manifest.json").with_context(|| format!("{} has no manifest.json", path.display()))?,
        &mut text,
    )
    .with_context(|| format!("reading the manifest in {}", path.display()))?;
    let manifest: serde_json::Value = serde_json::from_str(&text).context("parsing a zipped manifest")?;
    Ok(Some(manifest["version"].as_str().unwrap_or_default().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_three_plain_numbers() {
        for good in ["0.1.0", "1.0.0", "10.20.300"] {
            assert!(is_version(good), "{good}");
        }
        for bad in ["1.0", "1.0.0.0", "v1.0.0", "1.0.0-beta", "01.0.0", "1..0", ""] {
            assert!(!is_version(bad), "{bad}");
        }
    }

    #[test]
    fn only_the_workspace_version_changes() {
        let toml = "[workspace]\nmembers = []\n\n[workspace.package]\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\nserde = { version = \"1\" }\n";
        let bumped = with_workspace_version(toml, "0.2.0").unwrap();
        assert_eq!(bumped, toml.replace("version = \"0.1.0\"", "version = \"0.2.0\""));
        assert!(with_workspace_version("[package]\nversion = \"1.0.0\"\n", "2.0.0").is_err());
    }

    #[test]
    fn unreleased_entries_get_the_version_and_a_new_empty_unreleased() {
        let log = "# Changelog\n\n## [Unreleased]\n\n### Added\n- Clean-up.\n\n## [0.1.0]\n\n### Added\n- All.\n";
        let released = with_release_heading(log, "0.2.0", "2026-12-04").unwrap();
        assert_eq!(
            released,
            "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-04\n\n### Added\n- Clean-up.\n\n## [0.1.0]\n\n### Added\n- All.\n"
        );
        assert!(with_release_heading(&released, "0.2.0", "2026-12-05").is_err(), "the same version twice");
        assert!(with_release_heading(&released, "0.3.0", "2026-12-05").is_err(), "nothing under Unreleased");
        assert!(with_release_heading("# Changelog\n", "0.3.0", "2026-12-05").is_err(), "no Unreleased heading");
    }
}
