//! [`Transport`] that runs each request inside the Jenkins tab, for Firefox: there, activeTab does not
//! let an extension page fetch the tab's origin. The page glue's `fetchInTab(request)` injects one
//! same-origin fetch into the tab (`scripting.executeScript`, isolated world) and answers plain data:
//! `{status, headers: [[name, value]…], body}` or `{error, message}`. The core still plans every
//! request and reads every answer; only the wire moves.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use jenkins_api_token::http::{Request, Response, TransportError};
use jenkins_api_token::transport::Transport;

pub struct TabTransport {
    pub fetch_in_tab: Function,
    pub timeout_ms: u32,
}

impl Transport for TabTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let answer = match self.fetch_in_tab.call1(&JsValue::NULL, &plain(&request, self.timeout_ms)) {
            Ok(promise) => JsFuture::from(Promise::resolve(&promise)).await,
            Err(error) => Err(error),
        };
        let answer = answer.map_err(|error| TransportError::Network(text(&error, "message").unwrap_or_default()))?;
        if let Some(error) = text(&answer, "error") {
            return Err(match error.as_str() {
                "TimeoutError" | "AbortError" => TransportError::Timeout,
                "Redirected" => TransportError::Redirected,
                _ => TransportError::Network(text(&answer, "message").unwrap_or(error)),
            });
        }
        let status = Reflect::get(&answer, &"status".into()).ok().and_then(|status| status.as_f64()).unwrap_or(0.0);
        let headers = Reflect::get(&answer, &"headers".into()).map(|list| Array::from(&list)).unwrap_or_default();
        let headers = headers
            .iter()
            .filter_map(|pair| {
                let pair = Array::from(&pair);
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect();
        Ok(Response::new(status as u16, headers, text(&answer, "body").unwrap_or_default()))
    }
}

/// The request as structured-clonable data for `executeScript`'s `args`.
fn plain(request: &Request, timeout_ms: u32) -> JsValue {
    let object = Object::new();
    let set = |name: &str, value: JsValue| {
        let _ = Reflect::set(&object, &name.into(), &value);
    };
    set("method", request.method.as_str().into());
    set("url", request.url.as_str().into());
    let headers = Array::new();
    for (name, value) in &request.headers {
        headers.push(&Array::of2(&name.into(), &value.into()));
    }
    set("headers", headers.into());
    set("body", request.form_body.as_deref().map_or(JsValue::NULL, JsValue::from));
    set("withSession", request.with_session.into());
    set("timeoutMs", timeout_ms.into());
    object.into()
}

fn text(object: &JsValue, name: &str) -> Option<String> {
    Reflect::get(object, &name.into()).ok()?.as_string()
}
