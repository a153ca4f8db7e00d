//! What the popup learns from its page and browser: which page to work on, the browser's name and
//! system, and the settings; and calling the page glue's functions.

use jenkins_api_token::form::BrowserInfo;
use jenkins_api_token::jenkins::root::{PageInfo, PageLink};
use jenkins_api_token::settings::{Resolved, resolve_texts};
use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::host::member;

/// Asks the page glue which page to work on (`PopupHost.readPage`): a `PageRead`, or a promise of it
/// while it is still reading the page.
pub async fn inspect(host: &crate::host::PopupHost) -> PageInfo {
    let answer = match host.read_page().map(|read| read.call0(&JsValue::NULL)).unwrap_or(Err(JsValue::UNDEFINED)) {
        Ok(value) => match value.dyn_into::<Promise>() {
            Ok(promise) => JsFuture::from(promise).await,
            Err(page) => Ok(page),
        },
        Err(error) => Err(error),
    };
    match answer {
        Ok(page) => PageInfo {
            url: string_field(&page, "url").unwrap_or_default(),
            root_attr: string_field(&page, "rootUrl"),
            read_error: string_field(&page, "error"),
            user_links: links(&page, "userLinks"),
            crumb_header: string_field(&page, "crumbHeader"),
            crumb_value: string_field(&page, "crumbValue"),
            version: string_field(&page, "version"),
            header_links: links(&page, "headerLinks"),
        },
        Err(error) => PageInfo { read_error: Some(describe(&error)), ..PageInfo::default() },
    }
}

/// A list of the page's links, as the glue read them; none if it read none.
fn links(page: &JsValue, name: &str) -> Vec<PageLink> {
    let links = member(page, name);
    if !Array::is_array(&links) {
        return Vec::new();
    }
    Array::from(&links)
        .iter()
        .filter_map(|link| {
            let id = string_field(&link, "id").unwrap_or_default();
            Some(PageLink { href: string_field(&link, "href")?, text: string_field(&link, "text")?, id })
        })
        .collect()
}

pub fn string_field(object: &JsValue, name: &str) -> Option<String> {
    member(object, name).as_string()
}

/// A JavaScript error as one line.
pub fn describe(error: &JsValue) -> String {
    string_field(error, "message").or_else(|| error.as_string()).unwrap_or_else(|| "unknown error".into())
}

pub fn browser_info() -> BrowserInfo {
    let navigator = crate::dom::window().navigator();
    let data = member(&navigator, "userAgentData");
    let brands = Some(member(&data, "brands"))
        .filter(Array::is_array)
        .map(|brands| Array::from(&brands).iter().filter_map(|brand| string_field(&brand, "brand")).collect())
        .unwrap_or_default();
    BrowserInfo {
        brands,
        platform: string_field(&data, "platform").unwrap_or_default(),
        user_agent: navigator.user_agent().unwrap_or_default(),
    }
}

/// The settings: the glue's answer to `readSettings` (the policy's and the options' JSON), resolved;
/// the defaults where there is none (the www page) or it cannot be read.
pub async fn settings(reading: Option<JsValue>) -> Resolved {
    // Already read (the usual case by the time the wasm runs): used at once, so that nothing yields
    // before the first requests leave.
    let texts = match reading.map(JsCast::dyn_into::<Promise>) {
        Some(Ok(promise)) => JsFuture::from(promise).await.ok().map(|list| Array::from(&list)),
        Some(Err(list)) => Some(Array::from(&list)),
        None => None,
    };
    let area = |index: u32| texts.as_ref().and_then(|texts| texts.get(index).as_string()).unwrap_or_default();
    resolve_texts(&area(0), &area(1))
}

/// Calls one of the page glue's functions now (in a click, when it must be), for its promise.
pub fn start(function: Option<Function>, args: &[JsValue]) -> Option<JsValue> {
    let function = function?;
    let this = &JsValue::NULL;
    match args {
        [] => function.call0(this),
        [one] => function.call1(this, one),
        [one, two] => function.call2(this, one, two),
        _ => return None,
    }
    .ok()
}
