//! How requests reach Jenkins. The flow is written once against [`Transport`]. The Chromium popup and
//! the www page use the browser's `fetch` ([`fetch::FetchTransport`]); Firefox runs each request in the
//! tab ([`in_tab::TabTransport`]); native tests use a real HTTP client.

use std::future::Future;

use crate::http::{Request, Response, TransportError};

pub trait Transport {
    /// Sends one request with the user's Jenkins session (the browser's cookies for that origin).
    /// Redirects are never followed: they come back as [`TransportError::Redirected`].
    fn send(&self, request: Request) -> impl Future<Output = Result<Response, TransportError>>;
}

#[cfg(target_arch = "wasm32")]
pub mod fetch;
#[cfg(target_arch = "wasm32")]
pub mod in_tab;

/// One of the browser transports, chosen per browser when the popup starts.
#[cfg(target_arch = "wasm32")]
pub enum BrowserTransport {
    Fetch(fetch::FetchTransport),
    InTab(in_tab::TabTransport),
}

#[cfg(target_arch = "wasm32")]
impl Transport for BrowserTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        match self {
            BrowserTransport::Fetch(transport) => transport.send(request).await,
            BrowserTransport::InTab(transport) => transport.send(request).await,
        }
    }
}
