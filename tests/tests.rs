//! The native integration tests, one binary: `cargo test --test integration`, one module with
//! `cargo test --test integration flow::`. Each module is the file of its name beside this one; a new
//! test goes in the module whose line below covers it, a new subject in a new module declared here.
#![cfg(not(target_arch = "wasm32"))]

/// Shared by the modules: a browser stand-in over HTTP, the emulator started in-process, the English
/// catalog, the fixtures and the native `HtmlNode`. A helper two modules need goes here.
mod support;

/// Connect and mint through the popup's flow over HTTP against the emulator, the popup's turns, and a
/// mint whose answer is lost. A new way for Generate to fail goes here.
mod flow;
/// The legacy token against the emulator: read, changed, in both answer forms of `changeToken`.
mod legacy;
/// Every locale in `extension/_locales/` against English: keys, placeholders, plurals, words. A new
/// rule every translation must follow goes here.
mod locales;
/// After the token, against the emulator in each markup era: verify, list, rename, rotate, revoke,
/// clean-up, minting for another user. A new action on a listed token goes here.
mod manage;
/// SECURITY.md's checkable sentences against the code and the shipped files; a new one goes here.
mod security_doc;
/// Settings: defaults ← options ← policy. A new option or policy key goes here.
mod settings;
/// The config snippets read back by real parsers of their formats; a new format goes here.
mod snippet_formats;
/// The token-list parser on the pages in `tests/fixtures/`, no server; a new markup era goes here.
mod token_list;
