//! Every name and path that xtask's tasks produce or hand to one another: the crates it builds, the
//! files and folders of `extension/pkg/`, `dist/` and `target/`, the packages' names, and the sources
//! more than one task reads. It imports no other module of xtask (a test in `imports.rs` checks), so
//! every task can take its paths from here and none spells one out.

use std::path::{Path, PathBuf};

/// The version in Cargo.toml, which every package's name carries.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The protocol core, the crate that becomes the wasm (the browser glue over the core), the native
/// host (a package and its binary of the same name), and the Jenkins emulator.
pub const CORE_PACKAGE: &str = "jenkins-api-token";
pub const WEB_PACKAGE: &str = "jenkins-api-token-web";
const WEB_LIBRARY: &str = "jenkins_api_token_web";
pub const HOST_PACKAGE: &str = "jenkins-api-token-host";
pub const EMULATOR_PACKAGE: &str = "jenkins-emulator";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The native host's Windows code is type-checked for this target (docs/native-host.md#install).
pub const WINDOWS_TARGET: &str = "x86_64-pc-windows-gnu";

/// The wasm's two files in `pkg/`, which popup.js and the www page import, are named after
/// wasm-bindgen's `--out-name`: a macro, so that `concat!` builds all three names from one spelling.
macro_rules! out_name {
    () => {
        "jenkins_api_token"
    };
}
pub const OUT_NAME: &str = out_name!();
pub const WASM_FILE: &str = concat!(out_name!(), "_bg.wasm");
pub const GLUE_FILE: &str = concat!(out_name!(), ".js");
/// The folder of those two files, in `extension/`, in each unpacked extension and in the www page.
pub const PKG: &str = "pkg";

/// The browsers a package is made for: `dist/<browser>/`, zipped into `dist/<package_name(browser)>`.
pub const BROWSERS: [&str; 2] = ["chromium", "firefox"];
pub const CHROMIUM: &str = BROWSERS[0];
pub const FIREFOX: &str = BROWSERS[1];
/// What `package_name` calls the source package that addons.mozilla.org asks for.
const SOURCE: &str = "source";

/// `jenkins-api-token-<version>-<kind>.zip`, where `kind` is a browser or the source.
pub fn package_name(version: &str, kind: &str) -> String {
    format!("jenkins-api-token-{version}-{kind}.zip")
}

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the workspace").to_path_buf()
}

/// `path` below the workspace root, `/`-separated, as BUILD.md names the outputs; and where the same file
/// lies below another root (a copy of the checkout).
pub fn relative(path: &Path) -> String {
    let below = path.strip_prefix(root()).unwrap_or(path);
    below.components().map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// `pub fn $name() -> PathBuf`: the path `$below` below `$parent()`, as most paths here are.
macro_rules! below {
    ($($(#[$doc:meta])* $name:ident = $parent:ident / $below:expr;)+) => {
        $($(#[$doc])* pub fn $name() -> PathBuf { $parent().join($below) })+
    };
}

// The sources that more than one task reads.
below! {
    extension = root / "extension";
    manifest_source = extension / "manifest.json";
    locales = extension / "_locales";
    /// The English messages, the source of every page's static text.
    english_messages = locales / "en/messages.json";
    fuzz_manifest = root / "fuzz/Cargo.toml";
    wasm_opt = root / "node_modules/.bin/wasm-opt";
}

// What the build writes: the wasm beside the extension's source, and `dist/`.
below! {
    /// `extension/pkg/`: the built wasm and glue, so that `extension/` loads unpacked as it is.
    pkg = extension / PKG;
    dist = root / "dist";
    source_zip = dist / source_package_name(VERSION);
    www = dist / "www";
    /// `dist/store/<store>/`, what a store takes.
    store = dist / "store";
}

/// The unpacked extension for `browser`.
pub fn unpacked(browser: &str) -> PathBuf {
    dist().join(browser)
}

/// The zip of `dist/<browser>/`, of this version.
pub fn zip(browser: &str) -> PathBuf {
    dist().join(package_name(VERSION, browser))
}

pub fn source_package_name(version: &str) -> String {
    package_name(version, SOURCE)
}

/// `jenkins-api-token-host-<version>-<arch>-<os>`: the native host as a release asset, named for the
/// machine that built it (`x86_64-linux` for the release workflow's).
pub fn host_asset_name(version: &str) -> String {
    format!("{HOST_PACKAGE}-{version}-{}-{}", std::env::consts::ARCH, std::env::consts::OS)
}

/// The native host beside the zips, of this version.
pub fn host_asset() -> PathBuf {
    dist().join(host_asset_name(VERSION))
}

// Cargo's target directory and what the tasks keep in it.
below! {
    cargo_target = root / "target";
    /// wasm-bindgen's output, before wasm-opt and the minified glue.
    bindgen_out = cargo_target / "wasm-bindgen";
    /// The TypeScript declarations of the glue as wasm-bindgen emits them (`declarations` has them as
    /// kept in the repository).
    declarations_emitted = bindgen_out / concat!(out_name!(), ".d.ts");
    /// The fuzz crate's own target directory (nightly, sanitizer flags: nothing to share with stable's).
    fuzz_target = cargo_target / "fuzz";
    fuzz_report = cargo_target / "fuzz-report.txt";
    /// The store pictures, where tests/e2e/store.test.mjs takes them.
    store_pictures = cargo_target / "store";
}

/// The wasm as rustc leaves it, before wasm-bindgen.
pub fn raw_wasm() -> PathBuf {
    cargo_target().join(WASM_TARGET).join("release").join(format!("{WEB_LIBRARY}.wasm"))
}

/// The TypeScript declarations of the glue, as kept in the repository (`contract`).
pub fn declarations() -> PathBuf {
    root().join("web").join(concat!(out_name!(), ".d.ts"))
}

pub fn emulator() -> PathBuf {
    cargo_target().join("release").join(EMULATOR_PACKAGE)
}

/// The native host as cargo leaves it; the end-to-end tests install it from there.
pub fn host() -> PathBuf {
    cargo_target().join("release").join(format!("{HOST_PACKAGE}{}", std::env::consts::EXE_SUFFIX))
}

/// What libFuzzer learns of one target, kept from run to run.
pub fn fuzz_corpus(target: &str) -> PathBuf {
    cargo_target().join("fuzz-corpus").join(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_carry_the_version_and_the_kind() {
        assert_eq!(package_name("1.2.3", CHROMIUM), "jenkins-api-token-1.2.3-chromium.zip");
        assert_eq!(source_package_name("1.2.3"), "jenkins-api-token-1.2.3-source.zip");
        assert_eq!(relative(&zip(FIREFOX)), format!("dist/jenkins-api-token-{VERSION}-firefox.zip"));
        assert_eq!(relative(&pkg().join(WASM_FILE)), "extension/pkg/jenkins_api_token_bg.wasm");
        // The release workflow attaches `dist/jenkins-api-token-host-*-x86_64-linux`.
        #[cfg(all(target_os = "linux", target_arch = "x86_64"))]
        assert_eq!(host_asset_name("1.2.3"), "jenkins-api-token-host-1.2.3-x86_64-linux");
    }
}
