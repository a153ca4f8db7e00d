//! The browser glue of Jenkins API Token, the one crate that speaks to JavaScript: the wasm entry
//! points, the popup's rendering and event wiring ([`ui`]), and the two browser transports (`fetch`,
//! and the requests run inside the tab for Firefox). Every decision is made in the core crate,
//! `jenkins_api_token`, which this one drives. It is built for wasm only: on any other target it is
//! empty, so that the workspace still builds and tests natively.
#![cfg(target_arch = "wasm32")]

mod clock;
mod dom;
mod fetch;
mod host;
mod ids;
mod in_tab;
mod options;
mod page;
mod text;
mod ui;

use jenkins_api_token::http::{Request, Response, TransportError};
use jenkins_api_token::transport::Transport;
use wasm_bindgen::prelude::*;

pub use fetch::FetchTransport;
pub use host::{OptionsHost, PopupHost};

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// One of the browser transports, chosen per browser when the popup starts.
pub enum BrowserTransport {
    Fetch(fetch::FetchTransport),
    InTab(in_tab::TabTransport),
}

/// A boxed future: every flow holds and drops a pointer rather than the request's whole state.
type Sending<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Response, TransportError>> + 'a>>;

impl Transport for BrowserTransport {
    fn send(&self, request: Request) -> impl std::future::Future<Output = Result<Response, TransportError>> {
        let sending: Sending<'_> = match self {
            BrowserTransport::Fetch(transport) => Box::pin(transport.send(request)),
            BrowserTransport::InTab(transport) => Box::pin(transport.send(request)),
        };
        sending
    }
}

/// Runs `future` on the page's event loop. `spawn_local` is generic and inlined where it is called:
/// handing it one boxed type keeps a single copy of it.
pub(crate) fn spawn(future: impl std::future::Future<Output = ()> + 'static) {
    let future: std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> = Box::pin(future);
    wasm_bindgen_futures::spawn_local(future);
}

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Where sentences come from: the browser's i18n in the extension (`translate`), the English
/// `messages.json` in the www page (`messages`, its text).
pub(crate) fn set_translator(translate: Option<js_sys::Function>, messages: Option<String>) {
    if let Some(translate) = translate {
        crate::text::set_translator(Box::new(move |key, args| {
            let list = js_sys::Array::new();
            for arg in args {
                list.push(&JsValue::from_str(arg));
            }
            translate.call2(&JsValue::NULL, &key.into(), &list).ok()?.as_string()
        }));
    } else if let Some(catalog) = messages.and_then(|text| jenkins_api_token::i18n::Catalog::parse(&text)) {
        crate::text::set_translator(Box::new(move |key, args| catalog.render(key, args)));
    }
}

/// Mounts the popup (or the www page) into `app`, which holds the markup of `extension/popup.html`,
/// with what the page glue gives it (`PopupHost`, in `host.rs`).
#[wasm_bindgen]
pub fn mount(app: web_sys::Element, host: host::PopupHost) {
    set_translator(host.translate(), host.messages());
    ui::mount(app, host);
}
