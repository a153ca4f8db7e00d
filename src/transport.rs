//! How requests reach Jenkins. The flow is written once against [`Transport`]: the web crate provides
//! the browser's `fetch` (the Chromium popup, the www page) and a transport that runs each request in
//! the tab (Firefox); native tests use a real HTTP client.

use std::future::Future;

use crate::http::{Request, Response, TransportError};

pub trait Transport {
    /// Sends one request with the user's Jenkins session (the browser's cookies for that origin).
    /// Redirects are never followed: they come back as [`TransportError::Redirected`].
    fn send(&self, request: Request) -> impl Future<Output = Result<Response, TransportError>>;
}
