//! The browser glue of Jenkins API Token, the one crate that speaks to JavaScript: the wasm entry
//! points, the popup's rendering and event wiring ([`ui`]), and the two browser transports (`fetch`,
//! and the requests run inside the tab for Firefox). Every decision is made in the core crate,
//! `jenkins_api_token`, which this one drives. It is built for wasm only: on any other target it is
//! empty, so that the workspace still builds and tests natively.
#![cfg(target_arch = "wasm32")]

mod fetch;
mod in_tab;
mod options;
mod text;
mod ui;

use jenkins_api_token::http::{Request, Response, TransportError};
use jenkins_api_token::settings;
use jenkins_api_token::transport::Transport;
use wasm_bindgen::prelude::*;

pub use fetch::FetchTransport;

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// One of the browser transports, chosen per browser when the popup starts.
pub enum BrowserTransport {
    Fetch(fetch::FetchTransport),
    InTab(in_tab::TabTransport),
}

impl Transport for BrowserTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        match self {
            BrowserTransport::Fetch(transport) => transport.send(request).await,
            BrowserTransport::InTab(transport) => transport.send(request).await,
        }
    }
}

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// One of `mount`'s options; not inlined, as it is read for each of about twenty names.
#[inline(never)]
fn option(options: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(options, &name.into()).ok()
}

/// One of `mount`'s options that is a function.
pub(crate) fn function_option(options: &JsValue, name: &str) -> Option<js_sys::Function> {
    option(options, name).and_then(|value| value.dyn_into::<js_sys::Function>().ok())
}

/// Where sentences come from: the browser's i18n in the extension (`translate`), the English
/// `messages.json` in the www page (`messages`, its text).
pub(crate) fn set_translator_from(options: &JsValue) {
    if let Some(translate) = function_option(options, "translate") {
        crate::text::set_translator(Box::new(move |key, args| {
            let list = js_sys::Array::new();
            for arg in args {
                list.push(&JsValue::from_str(arg));
            }
            translate.call2(&JsValue::NULL, &key.into(), &list).ok()?.as_string()
        }));
    } else if let Some(catalog) = option(options, "messages")
        .and_then(|text| text.as_string())
        .and_then(|text| jenkins_api_token::i18n::Catalog::parse(&text))
    {
        crate::text::set_translator(Box::new(move |key, args| catalog.render(key, args)));
    }
}

/// Mounts the popup into `app`. `inspect_page` is a JS function that returns `{url, rootUrl, error}`
/// (or a promise of it) for the Jenkins page to work on (the extension reads the active tab,
/// the www page itself). `options` may set `timeoutMs` (per request, default 30 s),
/// `maskAfterMs` (how long a new token stays readable, default 60 s), and `loadSetting` /
/// `saveSetting` (where an operations center's address is remembered), `recallMints`,
/// `rememberMint` and `forgetMint` (a mint about to happen, see `interrupted`), `clipboardPermitted`,
/// `askClipboardPermission`, `dropClipboardPermission`, `clearLater`, `saveOption` and `clearAfterMs`
/// (clearing the clipboard after a copy, see `ui::clipboard`), `readSettings` (a promise of the policy
/// and the options, as JSON texts) and `openOptions`, `fetchInTab` (run each
/// request inside the tab: how Firefox reaches the tab's origin), and either `translate(key, args)`
/// (the browser's i18n) or `messages` (the text of a `messages.json`).
#[wasm_bindgen]
pub fn mount(app: web_sys::Element, inspect_page: js_sys::Function, options: JsValue) {
    let number = |name: &str| option(&options, name).and_then(|value| value.as_f64()).map(|ms| ms as u32);
    let at_most =
        |name: &str, default| settings::at_most(option(&options, name).and_then(|value| value.as_f64()), default);
    let function = |name: &str| function_option(&options, name);
    set_translator_from(&options);
    let options = crate::ui::Options {
        timeout_ms: at_most("timeoutMs", settings::REQUEST_TIMEOUT_MS),
        mask_after_ms: at_most("maskAfterMs", settings::MASK_AFTER_MS),
        load_setting: function("loadSetting"),
        save_setting: function("saveSetting"),
        fetch_in_tab: function("fetchInTab"),
        clearing: match (
            function("clipboardPermitted"),
            function("askClipboardPermission"),
            function("dropClipboardPermission"),
            function("clearLater"),
            function("saveOption"),
        ) {
            (Some(permitted), Some(ask), Some(drop), Some(later), Some(save_option)) => {
                Some(crate::ui::Clearing { permitted, ask, drop, later, save_option, after_ms: number("clearAfterMs") })
            }
            _ => None,
        },
        read_settings: function("readSettings"),
        open_options: function("openOptions"),
        journal: match (function("recallMints"), function("rememberMint"), function("forgetMint")) {
            (Some(recall), Some(remember), Some(forget)) => Some(crate::ui::Journal { recall, remember, forget }),
            _ => None,
        },
    };
    crate::ui::mount(app, inspect_page, options);
}
