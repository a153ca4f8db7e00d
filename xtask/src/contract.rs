//! The JavaScript↔wasm contract: the TypeScript declarations wasm-bindgen emits for the glue (the
//! `PopupHost` and `OptionsHost` interfaces of `web/src/host.rs`, and `mount`'s signature) must be the
//! copy kept in the repository, `web/jenkins_api_token.d.ts`, so that a change to what the page glue
//! hands the core is seen in review and cannot slip in unnoticed.

use anyhow::bail;

use crate::paths;
use crate::util::{Result, read_text};

pub fn check() -> Result {
    let emitted = read_text(&paths::declarations_emitted())?;
    let kept = read_text(&paths::declarations())?;
    if emitted != kept {
        let first = emitted
            .lines()
            .zip(kept.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(emitted.lines().count().min(kept.lines().count()));
        bail!(
            "{} differs from what the build emits ({}), first at line {}: if the change to the contract is meant, copy the emitted file over it",
            paths::relative(&paths::declarations()),
            paths::relative(&paths::declarations_emitted()),
            first + 1
        );
    }
    eprintln!("the JS↔wasm contract is {}", paths::relative(&paths::declarations()));
    Ok(())
}
