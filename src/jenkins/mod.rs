//! The Jenkins protocol, pure Rust (no browser APIs): it builds requests and reads answers, and is
//! tested natively. docs/jenkins.md is the reference for every rule here.

pub mod answer;
pub mod crumb;
pub mod deployment;
pub mod legacy;
pub mod page;
pub mod root;
pub mod script;
pub mod snippets;
pub mod token;
pub mod token_list;
pub mod user;
pub mod verify;
pub mod version;
pub mod whoami;
