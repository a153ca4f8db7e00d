//! Jenkins API Token's native-messaging host: the browser starts it so that a new token goes straight
//! into the user's config files, never through the clipboard (docs/native-host.md;
//! SECURITY.md, "The native host").
//!
//! [`protocol`] is the message format any client can drive; [`targets`] the fixed list of files and how
//! an entry is merged into each (every value quoted by the core's `formats`, the snippets' code);
//! [`files`] the safe reading and writing inside the home folder; [`install`] the browsers' manifests.

pub mod files;
pub mod inputs;
pub mod install;
pub mod protocol;
pub mod serve;
pub mod targets;
