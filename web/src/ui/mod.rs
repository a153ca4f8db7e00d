//! The browser glue of the popup (and of the www page): reads the page, drives the core's flow with a
//! browser transport, and shows the outcome. Decisions live in the core, and its state in
//! [`Popup`]; this wires events and renders. One file per view: `new_token.rs`, `token_list.rs`,
//! `legacy.rs`, `interrupted.rs`; `clipboard.rs` copies, `page.rs` reads the page and browser.

mod clipboard;
pub(crate) mod dom;
mod interrupted;
mod legacy;
mod new_token;
mod page;
mod token_list;
mod view;

use std::cell::RefCell;
use std::rc::Rc;

use futures_util::future::join;
use jenkins_api_token::day::Day;
use jenkins_api_token::flow::{self, Session};
use jenkins_api_token::form::default_name;
use jenkins_api_token::jenkins::deployment;
use jenkins_api_token::jenkins::token::MintedToken;
use jenkins_api_token::jenkins::token_list::ListedToken;
use jenkins_api_token::messages;
use jenkins_api_token::pending_mint::PendingMint;
use jenkins_api_token::popup::{Screen, Shared, Tab};
use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, Event, HtmlInputElement, KeyboardEvent};

use crate::BrowserTransport;
use crate::fetch::FetchTransport;
use crate::in_tab::TabTransport;
use crate::text::{t, text};
pub use clipboard::Clearing;
use dom::first;
pub use interrupted::Journal;
use interrupted::Notice;
pub use page::{describe, settings};
use view::View;

/// Settings from the page glue (README, "Automation").
pub struct Options {
    pub timeout_ms: u32,
    /// How long a new token stays readable before it is masked.
    pub mask_after_ms: u32,
    /// `(key) => Promise<string|null>` and `(key, value) => Promise`: where an operations center's
    /// address is remembered.
    pub load_setting: Option<Function>,
    pub save_setting: Option<Function>,
    /// Given (Firefox), requests run inside the tab through this function; otherwise through `fetch`.
    pub fetch_in_tab: Option<Function>,
    /// Where a mint about to happen is written down, in case the popup closes before showing it.
    pub journal: Option<Journal>,
    /// Clearing the clipboard a while after a copy (the extension only).
    pub clearing: Option<Clearing>,
    /// `() => Promise<[policy, options]>`, each the JSON text of a storage area (the extension only).
    pub read_settings: Option<Function>,
    /// Opens the options page.
    pub open_options: Option<Function>,
}

struct Ui {
    view: View,
    notice: Notice,
    /// What is shown, the open view, the list as read, and the work under way.
    popup: Shared,
    transport: BrowserTransport,
    journal: Option<Journal>,
    /// The record the notice is about, and the tokens nobody saw once the list has shown them.
    interrupted: RefCell<Option<(PendingMint, Vec<ListedToken>)>>,
    clearing: Option<Clearing>,
    /// What the popup last put on the clipboard (the token or a snippet), to clear it later if asked.
    last_copied: RefCell<Option<String>>,
    mask_after_ms: u32,
    load_setting: Option<Function>,
    save_setting: Option<Function>,
    open_options: Option<Function>,
}

/// Puts the page's static text in the user's language: `data-i18n` holds a message key for the text,
/// `data-i18n-aria-label` / `data-i18n-placeholder` for those attributes (templates included).
pub(crate) fn translate_page(app: &Element) {
    let Some(document) = app.owner_document() else { return };
    const MARKED: &str = "[data-i18n], [data-i18n-aria-label], [data-i18n-placeholder]";
    let mut lists: Vec<web_sys::NodeList> = document.query_selector_all(MARKED).into_iter().collect();
    if let Ok(templates) = document.query_selector_all("template") {
        for index in 0..templates.length() {
            if let Some(template) =
                templates.item(index).and_then(|node| node.dyn_into::<web_sys::HtmlTemplateElement>().ok())
            {
                lists.extend(template.content().query_selector_all(MARKED));
            }
        }
    }
    for found in lists {
        for index in 0..found.length() {
            let Some(element) = found.item(index).and_then(|node| node.dyn_into::<Element>().ok()) else { continue };
            if let Some(key) = element.get_attribute("data-i18n") {
                element.set_text_content(Some(&t(&key, &[])));
            }
            for attribute in ["aria-label", "placeholder"] {
                if let Some(key) = element.get_attribute(&format!("data-i18n-{attribute}")) {
                    dom::set_attr(&element, attribute, &t(&key, &[]));
                }
            }
        }
    }
}

pub fn mount(app: Element, inspect_page: Function, options: Options) {
    let ui = Rc::new(Ui {
        view: View::build(&app),
        notice: Notice::build(&app),
        popup: Shared::default(),
        transport: match options.fetch_in_tab {
            Some(fetch_in_tab) => {
                BrowserTransport::InTab(TabTransport { fetch_in_tab, timeout_ms: options.timeout_ms })
            }
            None => BrowserTransport::Fetch(FetchTransport { timeout_ms: options.timeout_ms }),
        },
        journal: options.journal,
        interrupted: RefCell::new(None),
        clearing: options.clearing,
        last_copied: RefCell::new(None),
        mask_after_ms: options.mask_after_ms,
        load_setting: options.load_setting,
        save_setting: options.save_setting,
        open_options: options.open_options,
    });
    dom::set_hidden(&dom::find(&app, "open-options"), ui.open_options.is_none());
    let reading_settings = options.read_settings.and_then(|read| read.call0(&JsValue::NULL).ok());
    dom::set_hidden(&dom::find(&app, "clear-clipboard-row"), ui.clearing.is_none());
    spawn_local(async move {
        // The two GETs leave first (at once when the page is already read); the page's text, first
        // render and listeners are set up while they travel, before anything can be painted or clicked.
        // The settings were asked for at once too; the organisation's rules apply before any request.
        let connecting = async {
            let page = page::inspect(&inspect_page).await;
            let resolved = page::settings(reading_settings).await;
            let settings = resolved.settings.clone();
            ui.popup.borrow_mut().set_settings(resolved);
            flow::connect_with(&ui.transport, &page, &settings).await
        };
        let setting_up = async {
            translate_page(&app);
            ui.render();
            wire(&ui, &app);
        };
        // Records of a mint the popup did not live to show, read while the GETs travel.
        let recalling = ui.journal.as_ref().and_then(Journal::recall);
        let (result, ()) = join(connecting, setting_up).await;
        let records = interrupted::recalled(recalling).await;
        if let Ok(session) = &result {
            let today = page::today();
            let day = Day::parse_iso(&today).expect_throw("today is a date");
            let popup = ui.popup.borrow();
            let settings = popup.settings();
            let host = session.root.origin().host();
            let name = default_name(settings, &page::browser_info(), &today, &session.user, host);
            ui.view.show_session(session, settings, &text(&name), day);
        }
        let controller = result
            .as_ref()
            .ok()
            .filter(|session| session.deployment.connected_controller().is_some())
            .map(page::setting_key);
        let resumable = result.as_ref().ok().cloned();
        ui.popup.borrow_mut().connected(result);
        ui.render();
        if let Some(session) = resumable {
            interrupted::resume(&ui, &session, records);
        }
        // Checked as when it was typed: any script of the www page's origin can write localStorage.
        if let Some(key) = controller
            && let Some(url) = page::call_setting(ui.load_setting.as_ref(), &[key.into()])
                .await
                .and_then(|url| deployment::operations_center_url(&url.as_string()?).ok())
        {
            ui.view.show_operations_center(&url);
        }
    });
}

impl Ui {
    fn render(&self) {
        self.view.render(&self.popup.borrow());
    }

    /// The token on screen, with the session it came from.
    fn minted(&self) -> Option<(MintedToken, Session)> {
        let popup = self.popup.borrow();
        match (popup.screen(), popup.session()) {
            (Screen::Minted(token), Some(session)) => Some((token.clone(), session.clone())),
            _ => None,
        }
    }

    /// Writes down a mint about to happen (see [`jenkins_api_token::interrupted`]).
    fn remember(&self, record: &PendingMint) {
        if let Some(journal) = &self.journal {
            journal.remember(record);
        }
    }

    /// The outcome is on screen: the record has done its job.
    fn forget(&self, record: &PendingMint) {
        if let Some(journal) = &self.journal {
            journal.forget(&record.key());
        }
    }

    fn select_tab(self: &Rc<Self>, tab: Tab) {
        let read = self.popup.borrow_mut().open(tab);
        self.render();
        if read {
            spawn_local(token_list::load_list(self.clone(), None));
        }
    }
}

/// Four delegated listeners on the app, rather than one per control: each listener costs a closure
/// in the wasm, and delegation also covers list items drawn later.
fn wire(ui: &Rc<Ui>, app: &Element) {
    on(ui, app, "click", |ui, event| {
        let Some(button) = target_closest(&event, "button") else { return };
        if interrupted::click(ui, &button.id()) || token_list::cleanup_click(ui, &button.id()) {
            return;
        }
        match button.id().as_str() {
            "tab-new" => ui.select_tab(Tab::New),
            "tab-list" => ui.select_tab(Tab::List),
            "copy" => spawn_local(new_token::copy_token(ui.clone())),
            "copy-user-id" => spawn_local(clipboard::copy_user_id(ui.clone(), button)),
            "reveal" => new_token::reveal(ui),
            "verify" => spawn_local(new_token::verify_token(ui.clone())),
            "revoke-new" => ui.view.set_revoke_confirm(true),
            "revoke-new-no" => ui.view.set_revoke_confirm(false),
            "revoke-new-yes" => spawn_local(new_token::revoke_new_token(ui.clone())),
            "legacy-show" => spawn_local(legacy::legacy(ui.clone(), false)),
            "legacy-change" => ui.view.set_legacy_confirm(true),
            "legacy-change-no" => ui.view.set_legacy_confirm(false),
            "legacy-change-yes" => spawn_local(legacy::legacy(ui.clone(), true)),
            "open-options" => {
                if let Some(open) = &ui.open_options {
                    let _ = open.call0(&JsValue::NULL);
                }
            }
            _ if button.class_name() == "snippet-copy" => new_token::copy_snippet(ui, &button),
            _ => token_list::click(ui, &button),
        }
    });
    on(ui, app, "submit", |ui, event| {
        event.prevent_default();
        let Some(form) = target_closest(&event, "form") else { return };
        match form.id().as_str() {
            "token-form" => new_token::generate(ui),
            "oc-form" => save_operations_center(ui),
            _ => token_list::renamed(ui, &form, first::<HtmlInputElement>(&form, "input").value()),
        }
    });
    for event in ["change", "input"] {
        on(ui, app, event, |ui, event| {
            if event.type_() == "change" && target_closest(&event, "#clear-clipboard").is_some() {
                return clipboard::toggled(ui);
            }
            if let Some(session) = ui.popup.borrow().session() {
                ui.view.form_changed(session);
            }
        });
    }
    on(ui, app, "keydown", |ui, event| {
        let key = event.unchecked_ref::<KeyboardEvent>().key();
        let on_tab = target_closest(&event, "[role=tab]").is_some();
        if on_tab && (key == "ArrowLeft" || key == "ArrowRight") {
            let next = if ui.popup.borrow().tab() == Tab::New { Tab::List } else { Tab::New };
            ui.select_tab(next);
            let _ = if next == Tab::New { ui.view.tab_new.focus() } else { ui.view.tab_list.focus() };
        }
    });
}

fn save_operations_center(ui: &Rc<Ui>) {
    let Some(session) = ui.popup.borrow().session().cloned() else { return };
    match deployment::operations_center_url(&ui.view.oc_url.value()) {
        Ok(url) => {
            ui.view.clear_alert();
            ui.view.show_operations_center(&url);
            let ui = ui.clone();
            spawn_local(async move {
                let args = [page::setting_key(&session).into(), url.into()];
                page::call_setting(ui.save_setting.as_ref(), &args).await;
            });
        }
        Err(problem) => ui.view.show_alert(&text(&messages::address_problem(problem)), None),
    }
}

/// Runs `action` once, `ms` milliseconds from now (after the current frame when 0).
fn later(ms: u32, action: impl FnOnce() + 'static) {
    let callback = Closure::once(action);
    if let Some(window) = web_sys::window() {
        let delay = i32::try_from(ms).unwrap_or(i32::MAX);
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), delay);
    }
    callback.forget();
}

fn target_closest(event: &Event, selector: &str) -> Option<Element> {
    event.target()?.dyn_into::<Element>().ok()?.closest(selector).ok().flatten()
}

fn data_index(element: &Element) -> Option<usize> {
    element.get_attribute("data-index")?.parse().ok()
}

/// Adds a listener that gets the UI; the popup lives as long as its page, so it is never removed.
fn on(ui: &Rc<Ui>, target: &web_sys::EventTarget, event: &str, handler: impl Fn(&Rc<Ui>, Event) + 'static) {
    let ui = ui.clone();
    let closure = Closure::<dyn Fn(Event)>::new(move |event| handler(&ui, event));
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref()).expect_throw("listener");
    closure.forget();
}
