//! Builds the wasm core and assembles what ships: `dist/chromium/` (the unpacked extension) and
//! `dist/www/` (the standalone page). `extension/` stays the source of truth; the built wasm also lands
//! in `extension/pkg/` so the folder can be loaded unpacked as it is.

use std::path::Path;

use crate::util::{Result, cargo, cmd, copy_tree, exec, root};

const CRATE_FILE: &str = "jenkins_api_token";

pub fn run() -> Result {
    crate::setup::run()?;
    build_wasm()?;
    assemble()
}

/// Release wasm → wasm-bindgen (no name or producers section) → wasm-opt -Oz into `extension/pkg/`.
pub fn build_wasm() -> Result {
    let root = root();
    exec(&mut cargo(&[
        "build",
        "--release",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "jenkins-api-token",
    ]))?;
    let raw = root.join(format!(
        "target/wasm32-unknown-unknown/release/{CRATE_FILE}.wasm"
    ));
    let bound = root.join("target/wasm-bindgen");
    exec(&mut cmd(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--no-typescript",
            "--remove-name-section",
            "--remove-producers-section",
            "--out-dir",
            &bound.to_string_lossy(),
            &raw.to_string_lossy(),
        ],
    ))?;
    let pkg = root.join("extension/pkg");
    std::fs::create_dir_all(&pkg).map_err(|error| error.to_string())?;
    let wasm_name = format!("{CRATE_FILE}_bg.wasm");
    exec(&mut cmd(
        &root.join("node_modules/.bin/wasm-opt").to_string_lossy(),
        &[
            "-Oz",
            &bound.join(&wasm_name).to_string_lossy(),
            "-o",
            &pkg.join(&wasm_name).to_string_lossy(),
        ],
    ))?;
    let glue = format!("{CRATE_FILE}.js");
    std::fs::copy(bound.join(&glue), pkg.join(&glue)).map_err(|error| error.to_string())?;
    Ok(())
}

/// Copies `extension/` to `dist/chromium/` (manifest version from Cargo.toml), zips it, and builds
/// `dist/www/`.
pub fn assemble() -> Result {
    let root = root();
    let chromium = root.join("dist/chromium");
    copy_tree(&root.join("extension"), &chromium)?;
    write_manifest(
        &root.join("extension/manifest.json"),
        &chromium.join("manifest.json"),
    )?;

    let www = root.join("dist/www");
    copy_tree(&root.join("www"), &www)?;
    copy_tree(&root.join("extension/pkg"), &www.join("pkg"))?;
    for (from, to) in [
        ("extension/popup.css", "popup.css"),
        ("extension/icons/icon-32.png", "icon-32.png"),
    ] {
        std::fs::copy(root.join(from), www.join(to)).map_err(|error| format!("{from}: {error}"))?;
    }
    report_sizes(&chromium.join("pkg"));
    let zip = crate::package::dist_zip()?;
    eprintln!(
        "built {}, {} and {}",
        chromium.display(),
        zip.display(),
        www.display()
    );
    Ok(())
}

fn write_manifest(source: &Path, target: &Path) -> Result {
    let text = std::fs::read_to_string(source).map_err(|error| error.to_string())?;
    let mut manifest: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| format!("manifest.json: {error}"))?;
    manifest["version"] = env!("CARGO_PKG_VERSION").into();
    let text = serde_json::to_string_pretty(&manifest).map_err(|error| error.to_string())? + "\n";
    std::fs::write(target, text).map_err(|error| error.to_string())
}

fn report_sizes(pkg: &Path) {
    for name in [format!("{CRATE_FILE}_bg.wasm"), format!("{CRATE_FILE}.js")] {
        if let Ok(bytes) = std::fs::read(pkg.join(&name)) {
            eprintln!("{name}: {} bytes", bytes.len());
        }
    }
}
