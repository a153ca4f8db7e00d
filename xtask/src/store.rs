//! `cargo xtask store`: everything a maintainer uploads to the Chrome Web Store, Edge Add-ons and
//! addons.mozilla.org, in `dist/store/<store>/`, checked against each store's limits (store/README.md).
//! The name and summary of each language are the extension's own (`extension_name`,
//! `extension_description` in its messages); the rest of the listing is `store/listing/<locale>.json`;
//! the pictures are taken by tests/e2e/store.test.mjs into `target/store/`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::build::Built;
use crate::paths::{self, root};
use crate::util::{self, Result, cmd, exec};

/// What one store takes, and its limits in characters (Unicode scalar values) and pictures.
pub struct Store {
    pub id: &'static str,
    /// Which package it takes (`package::BROWSERS`).
    pub browser: &'static str,
    pub name_max: usize,
    pub summary_max: usize,
    pub description: (usize, usize),
    pub screenshots_max: usize,
    /// Whether its form asks for the single purpose, a justification per permission and the data use.
    pub privacy_form: bool,
    /// Whether it asks for the source of generated code (the wasm).
    pub wants_source: bool,
}

/// The limits each store states (store/README.md names where).
pub const STORES: [Store; 3] = [
    Store {
        id: "chrome",
        browser: "chromium",
        name_max: 75,
        summary_max: 132,
        description: (1, 16_000),
        screenshots_max: 5,
        privacy_form: true,
        wants_source: false,
    },
    Store {
        id: "edge",
        browser: "chromium",
        name_max: 45,
        summary_max: 132,
        description: (250, 10_000),
        screenshots_max: 10,
        privacy_form: true,
        wants_source: false,
    },
    Store {
        id: "firefox",
        browser: "firefox",
        name_max: 45,
        summary_max: 132,
        description: (1, 15_000),
        screenshots_max: 10,
        privacy_form: false,
        wants_source: true,
    },
];

/// The single purpose and each permission's justification: Chrome's form takes up to 1,000 characters.
const FORM_FIELD_MAX: usize = 1_000;
pub const SCREENSHOT_SIZE: (u32, u32) = (1280, 800);
pub const PROMO_SIZE: (u32, u32) = (440, 280);
/// The pictures: English and at least two other languages.
const SCREENSHOT_LOCALES_MIN: usize = 3;

/// The privacy policy, linked from every listing.
pub fn privacy_url() -> String {
    format!("{}/blob/main/PRIVACY.md", env!("CARGO_PKG_REPOSITORY"))
}

/// Takes the store pictures in Chromium, against the emulator (tests/e2e/store.test.mjs), into
/// `target/store/`.
pub fn take_pictures(emulator: &Path) -> Result {
    let mut pictures = cmd("node", &["--test", "--test-concurrency=1", "tests/e2e/store.test.mjs"]);
    pictures.env("EMULATOR_BIN", emulator).env("NODE_OPTIONS", "--experimental-websocket");
    exec(&mut pictures)
}

/// One language's listing: what the extension's messages and `store/listing/<locale>.json` say.
pub struct Listing {
    pub locale: String,
    pub name: String,
    pub summary: String,
    pub description: String,
    pub single_purpose: String,
    pub permissions: Vec<(String, String)>,
    pub data_use: String,
}

fn listing(locale: &str) -> Result<Listing> {
    let messages = util::read_json(&paths::locales().join(locale).join("messages.json"))?;
    let path = root().join("store/listing").join(format!("{locale}.json"));
    let text = util::read_json(&path)?;
    let message = |key: &str| messages[key]["message"].as_str().map(str::to_owned);
    let field =
        |key: &str| text[key].as_str().map(str::to_owned).with_context(|| format!("{}: no \"{key}\"", path.display()));
    let permissions = text["permissions"]
        .as_object()
        .with_context(|| format!("{}: no \"permissions\"", path.display()))?
        .iter()
        .map(|(name, why)| {
            Ok((name.clone(), why.as_str().with_context(|| format!("{}: {name}", path.display()))?.to_owned()))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Listing {
        locale: locale.to_owned(),
        name: message("extension_name").with_context(|| format!("{locale}: no extension_name"))?,
        summary: message("extension_description").with_context(|| format!("{locale}: no extension_description"))?,
        description: field("description")?,
        single_purpose: field("single_purpose")?,
        permissions,
        data_use: field("data_use")?,
    })
}

/// Every way `listing` breaks `store`'s rules, or the project's: a permission the manifest asks for
/// with no justification (or one it no longer asks for), an empty field, a listing without the
/// privacy policy's address.
pub fn problems(store: &Store, listing: &Listing, permissions: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    let mut within = |what: &str, text: &str, (min, max): (usize, usize)| {
        let length = text.chars().count();
        if text.trim().is_empty() || length < min || length > max {
            found.push(format!(
                "{} {}: {what} is {length} characters, {} takes {min} to {max}",
                store.id, listing.locale, store.id
            ));
        }
    };
    within("the name", &listing.name, (1, store.name_max));
    within("the summary", &listing.summary, (1, store.summary_max));
    within("the description", &listing.description, store.description);
    if store.privacy_form {
        within("the single purpose", &listing.single_purpose, (1, FORM_FIELD_MAX));
        within("the data use", &listing.data_use, (1, FORM_FIELD_MAX));
        for (permission, why) in &listing.permissions {
            within(&format!("the justification of {permission}"), why, (1, FORM_FIELD_MAX));
        }
    }
    let justified: BTreeSet<String> = listing.permissions.iter().map(|(name, _)| name.clone()).collect();
    if &justified != permissions {
        found.push(format!(
            "{}: the justified permissions {justified:?} are not the manifest's {permissions:?}",
            listing.locale
        ));
    }
    if !listing.description.contains(&privacy_url()) {
        found.push(format!("{}: the description does not link the privacy policy {}", listing.locale, privacy_url()));
    }
    found
}

/// Every permission the Chromium manifest asks for, required or optional (Firefox's are a subset).
fn manifest_permissions() -> Result<BTreeSet<String>> {
    let manifest = util::read_json(&paths::manifest_source())?;
    let mut all = BTreeSet::new();
    for key in ["permissions", "optional_permissions"] {
        for permission in manifest[key].as_array().into_iter().flatten() {
            all.insert(permission.as_str().context("a permission that is not a string")?.to_owned());
        }
    }
    Ok(all)
}

/// The width and height of a PNG, from its header.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let number = |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    Some((number(16), number(20)))
}

/// The PNGs in `dir`, each checked to be `size`.
fn pictures(dir: &Path, size: (u32, u32)) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for name in util::files_below(dir)? {
        let path = dir.join(&name);
        match png_size(&util::read(&path)?) {
            Some(actual) if actual == size => found.push(path),
            actual => bail!("{} is {actual:?}, the stores take {size:?}", path.display()),
        }
    }
    Ok(found)
}

/// Checks every listing against every store and writes `dist/store/<store>/`: the package (and for
/// addons.mozilla.org the source package), the texts per language, the screenshots and promo tiles.
pub fn assemble(built: &Built) -> Result {
    let root = root();
    let locales = util::files_below(&paths::locales())?
        .iter()
        .filter_map(|file| file.strip_suffix("/messages.json").map(str::to_owned))
        .collect::<Vec<_>>();
    let listed: BTreeSet<String> = util::files_below(&root.join("store/listing"))?
        .iter()
        .filter_map(|file| file.strip_suffix(".json").map(str::to_owned))
        .collect();
    if listed != locales.iter().cloned().collect() {
        bail!("store/listing/ has {listed:?}, the extension ships {locales:?}: one listing per language");
    }
    let permissions = manifest_permissions()?;
    let listings = locales.iter().map(|locale| listing(locale)).collect::<Result<Vec<_>>>()?;
    let mut found = Vec::new();
    for store in &STORES {
        for listing in &listings {
            found.extend(problems(store, listing, &permissions));
        }
    }
    if !found.is_empty() {
        bail!("the store listings break a rule:\n  {}", found.join("\n  "));
    }

    let taken = paths::store_pictures();
    let screenshot_locales = util::files_below(&taken.join("screenshots"))
        .context("no screenshots: tests/e2e/store.test.mjs takes them")?
        .iter()
        .filter_map(|file| file.split_once('/').map(|(locale, _)| locale.to_owned()))
        .collect::<BTreeSet<_>>();
    if !screenshot_locales.contains("en") || screenshot_locales.len() < SCREENSHOT_LOCALES_MIN {
        bail!("screenshots in {screenshot_locales:?}: English and two other languages are needed");
    }
    let out = paths::store();
    if out.exists() {
        util::remove_dir_all(&out)?;
    }
    for store in &STORES {
        let dir = out.join(store.id);
        util::create_dir_all(&dir)?;
        let mut packages = vec![built.package(store.browser)?.zip.as_path()];
        if store.wants_source {
            packages.push(built.source_package()?);
        }
        for package in packages {
            let name = package.file_name().context("a package without a name")?;
            util::copy(package, &dir.join(name))?;
        }
        util::write(&dir.join("privacy-policy-url.txt"), privacy_url() + "\n")?;
        for listing in &listings {
            write_listing(store, listing, &dir.join("listing").join(&listing.locale))?;
        }
        for locale in &screenshot_locales {
            let shots = pictures(&taken.join("screenshots").join(locale), SCREENSHOT_SIZE)?;
            if shots.len() > store.screenshots_max {
                bail!("{} screenshots in {locale}; {} takes {}", shots.len(), store.id, store.screenshots_max);
            }
            let target = dir.join("screenshots").join(locale);
            util::create_dir_all(&target)?;
            for shot in shots {
                util::copy(&shot, &target.join(shot.file_name().context("a screenshot without a name")?))?;
            }
        }
        let tiles = pictures(&taken.join("promo"), PROMO_SIZE)?;
        if tiles.len() != locales.len() {
            bail!("{} promo tiles for {} languages", tiles.len(), locales.len());
        }
        if store.id != "firefox" {
            util::copy_tree(&taken.join("promo"), &dir.join("promo-440x280"))?;
        }
    }
    eprintln!(
        "built {}: {} stores, {} languages, screenshots in {}",
        out.display(),
        STORES.len(),
        locales.len(),
        screenshot_locales.into_iter().collect::<Vec<_>>().join(", ")
    );
    Ok(())
}

fn write_listing(store: &Store, listing: &Listing, dir: &Path) -> Result {
    util::create_dir_all(dir)?;
    let mut files = vec![
        ("name.txt", listing.name.clone()),
        ("summary.txt", listing.summary.clone()),
        ("description.txt", listing.description.clone()),
    ];
    if store.privacy_form {
        let justifications =
            listing.permissions.iter().map(|(name, why)| format!("{name}\n{why}\n")).collect::<Vec<_>>().join("\n");
        files.push(("single-purpose.txt", listing.single_purpose.clone()));
        files.push(("permissions.txt", justifications));
        files.push(("data-use.txt", listing.data_use.clone()));
    }
    for (name, text) in files {
        util::write(&dir.join(name), text.trim_end().to_owned() + "\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Listing {
        Listing {
            locale: "en".into(),
            name: "Jenkins API Token".into(),
            summary: "Create a token.".into(),
            description: format!("{} Privacy policy: {}", "word ".repeat(60), privacy_url()),
            single_purpose: "Create tokens.".into(),
            permissions: vec![("activeTab".into(), "Talks to the clicked tab's Jenkins.".into())],
            data_use: "Collects nothing.".into(),
        }
    }

    fn permissions() -> BTreeSet<String> {
        ["activeTab".to_owned()].into()
    }

    #[test]
    fn a_listing_within_every_limit_passes() {
        for store in &STORES {
            assert_eq!(problems(store, &english(), &permissions()), Vec::<String>::new(), "{}", store.id);
        }
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        let chrome = &STORES[0];
        let mut listing = english();
        listing.summary = "ト".repeat(132);
        assert!(problems(chrome, &listing, &permissions()).is_empty());
        listing.summary.push('ン');
        let found = problems(chrome, &listing, &permissions());
        assert_eq!(found, ["chrome en: the summary is 133 characters, chrome takes 1 to 132"]);
    }

    #[test]
    fn each_store_applies_its_own_limits() {
        let mut listing = english();
        listing.name = "N".repeat(50);
        listing.description = format!("short {}", privacy_url());
        let failing = |listing: &Listing| {
            STORES
                .iter()
                .filter(|store| !problems(store, listing, &permissions()).is_empty())
                .map(|store| store.id)
                .collect::<Vec<_>>()
        };
        // 50 characters: within Chrome's 75, over Edge's and addons.mozilla.org's 45; Edge wants 250+.
        assert_eq!(failing(&listing), ["edge", "firefox"]);
        listing.name = "Jenkins API Token".into();
        assert_eq!(failing(&listing), ["edge"]);
    }

    #[test]
    fn permissions_and_the_privacy_link_must_match_the_manifest() {
        let mut listing = english();
        let more: BTreeSet<String> = ["activeTab".to_owned(), "storage".to_owned()].into();
        assert_eq!(problems(&STORES[0], &listing, &more).len(), 1, "storage is not justified");
        listing.description = "word ".repeat(60);
        assert_eq!(problems(&STORES[0], &listing, &permissions()).len(), 1, "no privacy link");
        listing.permissions[0].1 = " ".into();
        assert_eq!(problems(&STORES[0], &listing, &permissions()).len(), 2, "an empty justification");
        // addons.mozilla.org has no such form: an empty justification does not concern it.
        assert_eq!(problems(&STORES[2], &listing, &permissions()).len(), 1);
    }

    #[test]
    fn png_sizes_come_from_the_header() {
        let mut header = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        header.extend(1280u32.to_be_bytes());
        header.extend(800u32.to_be_bytes());
        assert_eq!(png_size(&header), Some((1280, 800)));
        assert_eq!(png_size(b"GIF89a"), None);
        header[12] = b'X';
        assert_eq!(png_size(&header), None);
    }
}
