//! Jenkins API Token: mint a Jenkins API token from the browser session the user already has.
//!
//! This crate is the core: the protocol ([`jenkins`]), the popup's flow ([`flow`]), its form
//! ([`form`]) and everything else that decides, in plain Rust with no browser dependency, tested
//! natively. The browser glue (entry points, rendering, the browser transports) is the `web` crate
//! beside it, the only one that speaks to JavaScript.

pub mod day;
pub mod expiry;
pub mod failure;
pub mod flow;
pub mod form;
pub mod formats;
pub mod html;
pub mod http;
pub mod i18n;
pub mod jenkins;
pub mod json;
pub mod messages;
pub mod pending_mint;
pub mod popup;
pub mod search;
pub mod settings;
pub mod transport;
