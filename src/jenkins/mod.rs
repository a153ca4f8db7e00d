//! The Jenkins protocol, pure Rust (no browser APIs): it builds requests and reads answers, and is
//! tested natively. CONTRACT.md is the reference for every rule here.

pub mod answer;
pub mod crumb;
pub mod errors;
pub mod root;
pub mod token;
pub mod version;
pub mod whoami;
