//! The reproducibility check of `cargo xtask test`.

use anyhow::bail;

use crate::util::{self, Result, root};
use crate::{build, package};

/// Two builds from the same commit must give byte-identical zips. The zips are a pure function of `dist/`
/// (`package::zip_dir`, unit-tested there), and `dist/` of the sources and the wasm: so this builds the
/// wasm a second time, from scratch in another target directory, compares it and the JS glue with the
/// first build's, and rebuilds each zip to compare it with the one on disk.
pub fn check() -> Result {
    let root = root();
    let second = root.join("target/reproducible");
    if second.exists() {
        util::remove_dir_all(&second)?;
    }
    build::build_wasm_in(&second.join("cargo"), &second.join("pkg"))?;
    for name in [build::WASM_FILE, build::GLUE_FILE] {
        let first = util::read(&root.join("extension/pkg").join(name))?;
        let again = util::read(&second.join("pkg").join(name))?;
        if first != again {
            bail!("{name} differs between two builds of the same sources");
        }
    }
    for browser in package::BROWSERS {
        let on_disk = util::read(&package::zip_path(browser))?;
        if package::zip_dir(&package::dist_dir(browser))? != on_disk {
            bail!("the {browser} zip differs when rebuilt");
        }
    }
    eprintln!("reproducible: a second build from scratch gives byte-identical wasm, glue and zips");
    Ok(())
}
