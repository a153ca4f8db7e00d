//! What the popup learns from its page and browser: which page to work on, the browser's name and
//! system, today's date, and the one stored setting (an operations center's address).

use jenkins_api_token::flow::Session;
use jenkins_api_token::form::BrowserInfo;
use jenkins_api_token::jenkins::root::{PageInfo, PageLink};
use jenkins_api_token::settings::{Resolved, resolve_texts};
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Asks the page glue which page to work on. It answers `{url, rootUrl, error, userLinks}`, or a
/// promise of it while it is still reading the page; `userLinks` is `[{href, text}]`.
pub async fn inspect(inspect_page: &Function) -> PageInfo {
    let answer = match inspect_page.call0(&JsValue::NULL) {
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
            user_links: user_links(&page),
        },
        Err(error) => PageInfo { read_error: Some(describe(&error)), ..PageInfo::default() },
    }
}

/// The page's links to users' pages, as the glue read them; none if it read none.
fn user_links(page: &JsValue) -> Vec<PageLink> {
    let links = Reflect::get(page, &"userLinks".into()).unwrap_or(JsValue::UNDEFINED);
    if !Array::is_array(&links) {
        return Vec::new();
    }
    Array::from(&links)
        .iter()
        .filter_map(|link| Some(PageLink { href: string_field(&link, "href")?, text: string_field(&link, "text")? }))
        .collect()
}

pub fn string_field(object: &JsValue, name: &str) -> Option<String> {
    Reflect::get(object, &name.into()).ok()?.as_string()
}

/// A JavaScript error as one line.
pub fn describe(error: &JsValue) -> String {
    string_field(error, "message").or_else(|| error.as_string()).unwrap_or_else(|| "unknown error".into())
}

pub fn browser_info() -> BrowserInfo {
    let Some(navigator) = web_sys::window().map(|window| window.navigator()) else {
        return BrowserInfo::default();
    };
    let data = Reflect::get(&navigator, &"userAgentData".into()).unwrap_or(JsValue::UNDEFINED);
    let brands = Reflect::get(&data, &"brands".into())
        .ok()
        .filter(Array::is_array)
        .map(|brands| Array::from(&brands).iter().filter_map(|brand| string_field(&brand, "brand")).collect())
        .unwrap_or_default();
    BrowserInfo {
        brands,
        platform: string_field(&data, "platform").unwrap_or_default(),
        user_agent: navigator.user_agent().unwrap_or_default(),
    }
}

/// The user's local date, `yyyy-mm-dd`.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
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

/// The stored setting for a controller: its operations center's address.
pub fn setting_key(session: &Session) -> String {
    format!("operations-center:{}", session.root.origin().as_str())
}

/// Calls a setting function from the page glue and waits for its promise.
pub async fn call_setting(function: Option<&Function>, args: &[JsValue]) -> Option<JsValue> {
    let function = function?;
    let result = match args {
        [key] => function.call1(&JsValue::NULL, key),
        [key, value] => function.call2(&JsValue::NULL, key, value),
        _ => return None,
    };
    JsFuture::from(Promise::resolve(&result.ok()?)).await.ok()
}
