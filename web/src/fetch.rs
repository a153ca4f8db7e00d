//! [`Transport`] over the browser's `fetch`, with the user's cookies for the Jenkins origin. In the
//! extension popup, activeTab (or, in tests, a loopback host permission) lets this cross-origin fetch
//! carry the tab's session; in the www page it is a same-origin fetch.

use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use web_sys::{AbortSignal, RequestCache, RequestCredentials, RequestRedirect, ResponseType};

use jenkins_api_token::http::{Method, Request, Response, TransportError};
use jenkins_api_token::transport::Transport;

pub struct FetchTransport {
    /// Each request, body included, is aborted after this long.
    pub timeout_ms: u32,
}

impl Transport for FetchTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let signal = AbortSignal::timeout_with_u32(self.timeout_ms);
        let method = match request.method {
            Method::Get => FetchMethod::GET,
            Method::Post => FetchMethod::POST,
        };
        let mut builder = RequestBuilder::new(&request.url)
            .method(method)
            // The session cookie goes with every request but a token check, which must prove the token alone.
            .credentials(if request.with_session { RequestCredentials::Include } else { RequestCredentials::Omit })
            // A redirect could lead to another origin: never follow one.
            .redirect(RequestRedirect::Manual)
            .cache(RequestCache::NoStore)
            .abort_signal(Some(&signal));
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let built = match request.form_body {
            Some(body) => builder.body(body),
            None => builder.build(),
        };
        let response = built.map_err(transport_error)?.send().await.map_err(transport_error)?;
        if response.type_() == ResponseType::Opaqueredirect {
            return Err(TransportError::Redirected);
        }
        let status = response.status();
        let headers = response.headers().entries().collect();
        let body = response.text().await.map_err(transport_error)?;
        Ok(Response::new(status, headers, body))
    }
}

fn transport_error(error: gloo_net::Error) -> TransportError {
    match error {
        gloo_net::Error::JsError(error) if error.name == "TimeoutError" || error.name == "AbortError" => {
            TransportError::Timeout
        }
        gloo_net::Error::JsError(error) => TransportError::Network(error.message),
        gloo_net::Error::GlooError(message) => TransportError::Network(message),
    }
}
