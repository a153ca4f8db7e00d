//! Builds the wasm core and assembles what ships: `dist/chromium/` and `dist/firefox/` (the unpacked
//! extensions) with their zips, `dist/www/` (the standalone page), the native host beside them and the
//! source package; returns where each is, for the tasks that run after it. `extension/` stays the source of truth; the built
//! wasm also lands in `extension/pkg/` so the folder can be loaded unpacked as it is.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::paths::{
    self, BROWSERS, CHROMIUM, FIREFOX, GLUE_FILE, OUT_NAME, PKG, WASM_FILE, WASM_TARGET, WEB_PACKAGE, root,
};
use crate::util::{self, Result, cargo, cmd, copy_tree, exec};
use crate::{package, source};

/// What `build` made.
pub struct Built {
    /// `extension/pkg/`'s wasm and its JS glue.
    pub wasm: PathBuf,
    pub glue: PathBuf,
    /// One per browser, in the order of `paths::BROWSERS`.
    pub packages: Vec<Package>,
    pub www: PathBuf,
    /// The native host as cargo built it (`target/release/`); a copy named for the release is in `dist/`.
    pub host: PathBuf,
    /// `None` outside a git checkout, which is where a build from the source package itself runs.
    source: Option<PathBuf>,
    /// Once `with_emulator` has built it.
    emulator: Option<PathBuf>,
}

/// One browser's extension, unpacked and zipped.
pub struct Package {
    pub browser: &'static str,
    pub unpacked: PathBuf,
    pub zip: PathBuf,
}

impl Built {
    pub fn package(&self, browser: &str) -> Result<&Package> {
        self.packages.iter().find(|package| package.browser == browser).with_context(|| format!("no {browser} package"))
    }

    /// The outputs a build from the source package alone must give byte for byte: the wasm, the glue and
    /// the zips.
    pub fn reproducible(&self) -> Vec<PathBuf> {
        let zips = self.packages.iter().map(|package| package.zip.clone());
        [self.wasm.clone(), self.glue.clone()].into_iter().chain(zips).collect()
    }

    /// The source package that addons.mozilla.org asks for.
    pub fn source_package(&self) -> Result<&Path> {
        self.source.as_deref().context("no source package was built: this is not a git checkout")
    }

    /// Also builds the Jenkins emulator that the end-to-end tests, the store pictures, the benchmark and
    /// the demo run against.
    pub fn with_emulator(mut self) -> Result<Built> {
        exec(&mut cargo(&["build", "--release", "-p", paths::EMULATOR_PACKAGE]))?;
        self.emulator = Some(paths::emulator());
        Ok(self)
    }

    pub fn emulator(&self) -> Result<&Path> {
        self.emulator.as_deref().context("the emulator was not built (`Built::with_emulator`)")
    }
}

/// The wasm, `dist/`, the native host and the source package. What building needs must be installed
/// first (`setup::build_tools`).
pub fn build() -> Result<Built> {
    let (wasm, glue) = build_wasm()?;
    let packages = extensions()?;
    let www = www()?;
    let host = native_host()?;
    report_sizes(&[&wasm, &glue, &host]);
    let mut built = Built { wasm, glue, packages, www, host, source: None, emulator: None };
    eprintln!(
        "built {}, {} and {}",
        built.packages.iter().map(|package| package.unpacked.display().to_string()).collect::<Vec<_>>().join(", "),
        built.packages.iter().map(|package| package.zip.display().to_string()).collect::<Vec<_>>().join(", "),
        built.www.display()
    );
    built.source = source::write(&built.reproducible())?;
    Ok(built)
}

/// Release wasm → wasm-bindgen (no name or producers section) → wasm-opt -Oz, with short import and
/// export names (see `minify`), into `extension/pkg/`; returns the wasm and the glue.
fn build_wasm() -> Result<(PathBuf, PathBuf)> {
    let mut build = cargo(&["build", "--release", "--lib", "--target", WASM_TARGET, "-p", WEB_PACKAGE]);
    exec(
        build
            .env("CARGO_TARGET_DIR", paths::cargo_target())
            .env("CARGO_ENCODED_RUSTFLAGS", registry_remaps().join("\x1f")),
    )?;
    let raw = paths::raw_wasm();
    let bound = paths::bindgen_out();
    exec(&mut cmd(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            // The declarations go beside the glue in the bound folder, for `contract::check`; the glue
            // and the wasm are the same with them or without.
            "--remove-name-section",
            "--remove-producers-section",
            "--out-name",
            OUT_NAME,
            "--out-dir",
            &bound.to_string_lossy(),
            &raw.to_string_lossy(),
        ],
    ))?;
    let pkg = paths::pkg();
    util::create_dir_all(&pkg)?;
    let optimized = pkg.join(WASM_FILE);
    let wasm_opt = paths::wasm_opt();
    let minified = bound.join("minified.wasm");
    // Short names first, in a run of its own: under `--converge` below the pass would run (and
    // print its mapping) again each round.
    eprintln!("$ wasm-opt --minify-imports-and-exports-and-modules {WASM_FILE}");
    let minifying = cmd(&wasm_opt.to_string_lossy(), &["--minify-imports-and-exports-and-modules"])
        .arg(bound.join(WASM_FILE))
        .arg("-o")
        .arg(&minified)
        .stderr(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("running {}", wasm_opt.display()))?;
    if !minifying.status.success() {
        bail!("wasm-opt --minify-imports-and-exports-and-modules failed ({})", minifying.status);
    }
    // Functions that differ only in constants become one (−1.8 KB here), then -Oz until it stops
    // shrinking. `--low-memory-unused` lets binaryen fold constant offsets into loads and stores
    // (−0.9 KB): true of Rust's wasm, whose stack grows down from 1 MB towards the lowest kilobyte,
    // which only a stack already overflowing could reach, and whose data starts at 1 MB.
    // The `target_features` section only tells tools what the code uses; browsers ignore it.
    exec(
        cmd(
            &wasm_opt.to_string_lossy(),
            &["--merge-similar-functions", "--low-memory-unused", "-Oz", "--converge", "--strip-target-features"],
        )
        .arg(&minified)
        .arg("-o")
        .arg(&optimized),
    )?;
    let mapping = crate::minify::Mapping::parse(&String::from_utf8_lossy(&minifying.stdout))?;
    let text = util::read_text(&bound.join(GLUE_FILE))?;
    let wasm = util::read(&optimized)?;
    let text = crate::minify::rewrite_glue(&text, &mapping, &wasm).with_context(|| format!("minifying {GLUE_FILE}"))?;
    let glue = pkg.join(GLUE_FILE);
    util::write(&glue, text)?;
    Ok((optimized, glue))
}

/// The native host, release-built, and its copy in `dist/` under the name a release attaches it by.
fn native_host() -> Result<PathBuf> {
    exec(&mut cargo(&["build", "--release", "--locked", "-p", paths::HOST_PACKAGE]))?;
    let host = paths::host();
    util::copy(&host, &paths::host_asset())?;
    Ok(host)
}

/// Panic locations in dependencies name their source files: without these, as
/// `$CARGO_HOME/registry/src/index.crates.io-…/web-sys-0.3.107/src/…`, so the shipped wasm would
/// depend on where the builder's cargo lives (and carry about 1.5 KB of it). With them, as
/// `web-sys-0.3.107/src/…`, the same on every machine.
fn registry_remaps() -> Vec<String> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    let Some(Ok(indexes)) = cargo_home.map(|home| std::fs::read_dir(home.join("registry/src"))) else {
        return Vec::new();
    };
    let mut remaps: Vec<String> =
        indexes.flatten().map(|index| format!("--remap-path-prefix={}/=", index.path().display())).collect();
    remaps.sort();
    remaps
}

/// Copies `extension/` to `dist/chromium/` and `dist/firefox/` (each with its manifest, the version from
/// Cargo.toml), and zips both.
fn extensions() -> Result<Vec<Package>> {
    let chromium = paths::unpacked(CHROMIUM);
    copy_tree(&paths::extension(), &chromium)?;
    let manifest = manifest(&paths::manifest_source())?;
    write_json(&chromium.join("manifest.json"), &manifest)?;
    let english = english_messages()?;
    for page in ["popup.html", "options.html"] {
        write_with_text(&chromium.join(page), &english)?;
    }
    let firefox = paths::unpacked(FIREFOX);
    copy_tree(&chromium, &firefox)?;
    write_json(&firefox.join("manifest.json"), &firefox_manifest(manifest))?;
    // Each browser's background worker ships to that browser only.
    for (dir, files) in [(&chromium, &[package::FIREFOX_BACKGROUND][..]), (&firefox, &package::CHROMIUM_ONLY[..])] {
        for file in files {
            let path = dir.join(file);
            std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    BROWSERS
        .into_iter()
        .map(|browser| {
            let unpacked = paths::unpacked(browser);
            let zip = paths::zip(browser);
            util::write(&zip, package::zip_dir(&unpacked)?)?;
            Ok(Package { browser, unpacked, zip })
        })
        .collect()
}

/// `dist/www/`: the www page with the popup's markup and the same wasm, messages, style and icon.
fn www() -> Result<PathBuf> {
    let root = root();
    let english = english_messages()?;
    let www = paths::www();
    copy_tree(&root.join("www"), &www)?;
    write_www_page(&paths::extension().join("popup.html"), &www.join("index.html"))?;
    write_with_text(&www.join("index.html"), &english)?;
    copy_tree(&paths::pkg(), &www.join(PKG))?;
    copy_tree(&paths::locales(), &www.join("_locales"))?;
    for (from, to) in [("extension/popup.css", "popup.css"), ("extension/icons/icon-32.png", "icon-32.png")] {
        util::copy(&root.join(from), &www.join(to))?;
    }
    Ok(www)
}

/// The English messages, the source of every page's static text (see `page_text`).
fn english_messages() -> Result<serde_json::Value> {
    util::read_json(&paths::english_messages())
}

/// Writes a page's static text from the messages into the copy in `dist/`.
fn write_with_text(page: &Path, messages: &serde_json::Value) -> Result {
    let filled =
        crate::page_text::fill(&util::read_text(page)?, messages).with_context(|| page.display().to_string())?;
    util::write(page, filled)
}

/// The www page shows the popup's own markup: its `<main id="app">` is copied from popup.html, so the
/// two pages cannot drift apart.
fn write_www_page(popup: &Path, page: &Path) -> Result {
    let popup = util::read_text(popup)?;
    let template = util::read_text(page)?;
    let main = |html: &str| -> Option<(usize, usize)> {
        let start = html.find("<main id=\"app\">")?;
        Some((start, start + html[start..].find("</main>")? + "</main>".len()))
    };
    let (Some((from, to)), Some((start, end))) = (main(&popup), main(&template)) else {
        bail!("popup.html and www/index.html each need one <main id=\"app\">…</main>");
    };
    let html = format!("{}{}{}", &template[..start], &popup[from..to], &template[end..]);
    util::write(page, html)
}

/// The one manifest source, `extension/manifest.json`, with the version from Cargo.toml.
fn manifest(source: &Path) -> Result<serde_json::Value> {
    let mut manifest = util::read_json(source)?;
    manifest["version"] = env!("CARGO_PKG_VERSION").into();
    Ok(manifest)
}

/// The add-on's id in Firefox.
pub const FIREFOX_ID: &str = "jenkins-api-token@jenkins-api-token.github.io";

/// The Firefox form of the manifest: an add-on id and a minimum version (142: the first with
/// `data_collection_permissions` on desktop and Android), no data collected, no Chrome-only key.
/// Firefox has no offscreen documents and runs background scripts rather than a service worker:
/// there the background script clears the clipboard itself, with the hash function beside it.
fn firefox_manifest(mut manifest: serde_json::Value) -> serde_json::Value {
    if let Some(optional) = manifest["optional_permissions"].as_array_mut() {
        optional.retain(|permission| permission != "offscreen");
    }
    if let Some(object) = manifest.as_object_mut() {
        object.remove("minimum_chrome_version");
        object.insert(
            "background".into(),
            serde_json::json!({ "scripts": ["clipboard.js", package::FIREFOX_BACKGROUND] }),
        );
        object.insert(
            "browser_specific_settings".into(),
            serde_json::json!({
                "gecko": {
                    "id": FIREFOX_ID,
                    "strict_min_version": "142.0",
                    "data_collection_permissions": { "required": ["none"] }
                }
            }),
        );
    }
    manifest
}

fn write_json(target: &Path, value: &serde_json::Value) -> Result {
    let text = serde_json::to_string_pretty(value).context("serializing a manifest")? + "\n";
    util::write(target, text)
}

fn report_sizes(files: &[&Path]) {
    for file in files {
        if let Ok(bytes) = std::fs::read(file) {
            eprintln!("{}: {} bytes", file.file_name().unwrap_or_default().to_string_lossy(), bytes.len());
        }
    }
}
