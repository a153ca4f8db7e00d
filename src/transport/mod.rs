//! How requests reach Jenkins. The flow is written once against [`Transport`]; the popup and the www
//! page use the browser's `fetch` ([`fetch::FetchTransport`]), native tests use a real HTTP client.

use std::future::Future;

use crate::http::{Request, Response, TransportError};

pub trait Transport {
    /// Sends one request with the user's Jenkins session (the browser's cookies for that origin).
    /// Redirects are never followed: they come back as [`TransportError::Redirected`].
    fn send(&self, request: Request) -> impl Future<Output = Result<Response, TransportError>>;
}

#[cfg(target_arch = "wasm32")]
pub mod fetch;
