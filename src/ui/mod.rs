//! The browser glue of the popup (and of the www page): reads the page, drives [`crate::flow`] with
//! the `fetch` transport, and shows the result. Decisions live in the pure core; this only wires events.

mod dom;
mod view;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{Element, Event};

use crate::flow::{self, NotNow, Popup, Screen};
use crate::form::{BrowserInfo, default_token_name};
use crate::jenkins::root::PageInfo;
use crate::transport::fetch::FetchTransport;
use view::View;

struct Ui {
    view: View,
    popup: RefCell<Popup>,
    transport: FetchTransport,
}

pub fn mount(app: Element, inspect_page: Function, timeout_ms: u32) {
    let ui = Rc::new(Ui {
        view: View::build(&app),
        popup: RefCell::new(Popup::default()),
        transport: FetchTransport { timeout_ms },
    });
    ui.render();
    listen(&ui.view.form, "submit", {
        let ui = ui.clone();
        move |event| {
            event.prevent_default();
            generate(&ui);
        }
    });
    listen(&ui.view.expiry, "change", {
        let ui = ui.clone();
        move |_| ui.view.expiry_changed()
    });
    listen(&ui.view.copy, "click", {
        let ui = ui.clone();
        move |_| {
            let ui = ui.clone();
            spawn_local(async move { copy_token(&ui).await });
        }
    });
    spawn_local(async move {
        let page = inspect(&inspect_page).await;
        let result = flow::connect(&ui.transport, &page).await;
        if let Ok(session) = &result {
            let today = today();
            ui.view.show_session(session, &default_token_name(&browser_info(), &today), &today);
        }
        ui.popup.borrow_mut().connected(result);
        ui.render();
    });
}

impl Ui {
    fn render(&self) {
        self.view.render(&self.popup.borrow());
    }
}

/// One click, at most one token: the state machine hands out the order once and ignores clicks
/// until the answer is in.
fn generate(ui: &Rc<Ui>) {
    let begun = ui.popup.borrow_mut().begin_mint(&ui.view.read_form(), &today());
    let (mut session, order) = match begun {
        Ok(begun) => begun,
        Err(NotNow::Busy) => return,
        Err(NotNow::Invalid(message)) => return ui.view.show_alert(&message, None),
    };
    ui.render();
    let ui = ui.clone();
    spawn_local(async move {
        let result = flow::mint(&ui.transport, &mut session, &order).await;
        ui.popup.borrow_mut().mint_finished(session, result);
        ui.render();
        if matches!(ui.popup.borrow().screen(), Screen::Minted(_)) {
            ui.view.focus_result();
            copy_token(&ui).await;
        }
    });
}

async fn copy_token(ui: &Ui) {
    let status = match write_clipboard(&ui.view.token_value()).await {
        Ok(()) => "Copied to the clipboard.".to_owned(),
        Err(reason) => {
            format!("Couldn't copy to the clipboard ({reason}). Select the token and copy it, or press Copy.")
        }
    };
    ui.view.set_copy_status(&status);
}

async fn write_clipboard(text: &str) -> Result<(), String> {
    let navigator = web_sys::window().ok_or("no window")?.navigator();
    let clipboard = Reflect::get(&navigator, &"clipboard".into()).unwrap_or(JsValue::UNDEFINED);
    if clipboard.is_undefined() {
        return Err("the clipboard isn't available here".into());
    }
    let promise = clipboard.unchecked_into::<web_sys::Clipboard>().write_text(text);
    JsFuture::from(promise).await.map(|_| ()).map_err(|error| describe(&error))
}

/// Asks the page glue which page to work on; it answers `{url, rootUrl, error}`.
async fn inspect(inspect_page: &Function) -> PageInfo {
    let answer = match inspect_page.call0(&JsValue::NULL) {
        Ok(value) => JsFuture::from(Promise::resolve(&value)).await,
        Err(error) => Err(error),
    };
    match answer {
        Ok(page) => PageInfo {
            url: string_field(&page, "url").unwrap_or_default(),
            root_attr: string_field(&page, "rootUrl"),
            read_error: string_field(&page, "error"),
        },
        Err(error) => PageInfo { read_error: Some(describe(&error)), ..PageInfo::default() },
    }
}

fn string_field(object: &JsValue, name: &str) -> Option<String> {
    Reflect::get(object, &name.into()).ok()?.as_string()
}

fn describe(error: &JsValue) -> String {
    string_field(error, "message").or_else(|| error.as_string()).unwrap_or_else(|| "unknown error".into())
}

fn browser_info() -> BrowserInfo {
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
fn today() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

fn listen(target: &web_sys::EventTarget, event: &str, handler: impl FnMut(Event) + 'static) {
    let closure = Closure::<dyn FnMut(Event)>::new(handler);
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref()).expect("listener");
    // The popup lives as long as its page: the listener is never removed.
    closure.forget();
}
