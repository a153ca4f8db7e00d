//! The request log: `GET /__emulator/requests` (one line a request) and `GET /__emulator/exchanges`
//! (each request and answer, raw), README "Control API".

use serde::Serialize;

use crate::http::{Request, Response};

/// One line of `GET /__emulator/requests`.
#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// `null` when the connection was dropped before handling.
    pub status: Option<u16>,
    /// The request carried this server's session cookie.
    pub cookie: bool,
    /// The request carried the crumb field (header or parameter), valid or not.
    pub crumb: bool,
    /// `none`, `session`, `basic-token`, `basic-password` or `basic-invalid`.
    pub auth: &'static str,
    pub origin: Option<String>,
    /// The fault mode applied to this request, if any.
    pub fault: Option<&'static str>,
}

/// One exchange of `GET /__emulator/exchanges`: the request exactly as received (every header, the
/// body) and the answer the emulator produced, so tests can look for a secret in all of them.
#[derive(Debug, Clone, Serialize)]
pub struct Exchange {
    pub method: String,
    /// The raw request target: path and query, still percent-encoded.
    pub target: String,
    pub headers: Vec<(String, String)>,
    /// The body as text (invalid UTF-8 replaced).
    pub body: String,
    /// `null` when the connection was dropped without an answer.
    pub response: Option<ExchangeResponse>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExchangeResponse {
    pub status: u16,
    /// As produced (`Content-Length`, `Date` and `Connection` are added on the wire).
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Exchange {
    pub fn new(req: &Request, response: Option<&Response>) -> Exchange {
        Exchange {
            method: req.method.clone(),
            target: req.uri_with_query(),
            headers: req.headers.clone(),
            body: String::from_utf8_lossy(&req.body).into_owned(),
            response: response.map(|response| ExchangeResponse {
                status: response.status,
                headers: response.headers.clone(),
                body: String::from_utf8_lossy(&response.body).into_owned(),
            }),
        }
    }
}
