//! Jenkins API Token: mint a Jenkins API token from the browser session the user already has.
//!
//! The protocol ([`jenkins`]), the popup's flow ([`flow`]) and its form ([`form`]) are pure Rust and
//! tested natively; `ui` and the `fetch` transport are the thin browser glue, compiled for wasm only.
//! This file holds nothing but the module map and the wasm entry points.

pub mod flow;
pub mod form;
pub mod http;
pub mod i18n;
pub mod interrupted;
pub mod jenkins;
pub mod transport;

#[cfg(target_arch = "wasm32")]
mod ui;

#[cfg(target_arch = "wasm32")]
pub use entry::mount;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
mod entry {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(start)]
    fn start() {
        console_error_panic_hook::set_once();
    }

    /// Mounts the popup into `app`. `inspect_page` is a JS function that returns `{url, rootUrl, error}`
    /// (or a promise of it) for the Jenkins page to work on (the extension reads the active tab,
    /// the www page itself). `options` may set `timeoutMs` (per request, default 30 s),
    /// `maskAfterMs` (how long a new token stays readable, default 60 s), and `loadSetting` /
    /// `saveSetting` (where an operations center's address is remembered), `recallMints`,
    /// `rememberMint` and `forgetMint` (a mint about to happen, see `interrupted`), `clearingOn`,
    /// `turnClearingOn`, `turnClearingOff`, `clearLater` and `clearAfterMs` (clearing the clipboard
    /// after a copy, see `ui::clipboard`), `fetchInTab` (run each
    /// request inside the tab: how Firefox reaches the tab's origin), and either `translate(key, args)`
    /// (the browser's i18n) or `messages` (the text of a `messages.json`).
    /// One of `mount`'s options; not inlined, as it is read for each of about twenty names.
    #[inline(never)]
    fn option(options: &JsValue, name: &str) -> Option<JsValue> {
        js_sys::Reflect::get(options, &name.into()).ok()
    }

    #[wasm_bindgen]
    pub fn mount(app: web_sys::Element, inspect_page: js_sys::Function, options: JsValue) {
        let number = |name: &str| option(&options, name).and_then(|value| value.as_f64()).map(|ms| ms as u32);
        let function = |name: &str| option(&options, name).and_then(|value| value.dyn_into::<js_sys::Function>().ok());
        // Messages: the browser's i18n in the extension, the English file in the www page.
        if let Some(translate) = function("translate") {
            crate::i18n::set_translator(Box::new(move |key, args| {
                let list = js_sys::Array::new();
                for arg in args {
                    list.push(&JsValue::from_str(arg));
                }
                translate.call2(&JsValue::NULL, &key.into(), &list).ok()?.as_string()
            }));
        } else if let Some(catalog) = js_sys::Reflect::get(&options, &"messages".into())
            .ok()
            .and_then(|text| text.as_string())
            .and_then(|text| crate::i18n::Catalog::parse(&text))
        {
            crate::i18n::set_translator(Box::new(move |key, args| catalog.render(key, args)));
        }
        let options = crate::ui::Options {
            timeout_ms: number("timeoutMs").unwrap_or(30_000),
            mask_after_ms: number("maskAfterMs").unwrap_or(60_000),
            load_setting: function("loadSetting"),
            save_setting: function("saveSetting"),
            fetch_in_tab: function("fetchInTab"),
            clearing: match (
                function("clearingOn"),
                function("turnClearingOn"),
                function("turnClearingOff"),
                function("clearLater"),
            ) {
                (Some(on), Some(turn_on), Some(turn_off), Some(later)) => Some(crate::ui::Clearing {
                    on,
                    turn_on,
                    turn_off,
                    later,
                    after_ms: number("clearAfterMs").unwrap_or(60_000),
                }),
                _ => None,
            },
            journal: match (function("recallMints"), function("rememberMint"), function("forgetMint")) {
                (Some(recall), Some(remember), Some(forget)) => Some(crate::ui::Journal { recall, remember, forget }),
                _ => None,
            },
        };
        crate::ui::mount(app, inspect_page, options);
    }
}
