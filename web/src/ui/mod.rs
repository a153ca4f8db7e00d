//! The browser glue of the popup (and of the www page): reads the page, drives [`jenkins_api_token::flow`] with the
//! `fetch` transport, and shows the outcome. Decisions live in the pure core; this wires events.

mod clipboard;
mod dom;
mod interrupted;
mod view;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures_util::future::join3;
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{Element, Event, HtmlInputElement, KeyboardEvent};

use crate::BrowserTransport;
use crate::fetch::FetchTransport;
use crate::in_tab::TabTransport;
use crate::text::{t, text};
pub use clipboard::Clearing;
use dom::{DomHtml, first};
pub use interrupted::Journal;
use interrupted::Notice;
use jenkins_api_token::flow::{self, NotNow, Popup, Screen, Session};
use jenkins_api_token::form::{BrowserInfo, default_token_name};
use jenkins_api_token::interrupted::Interrupted;
use jenkins_api_token::jenkins::day::Day;
use jenkins_api_token::jenkins::deployment;
use jenkins_api_token::jenkins::root::PageInfo;
use jenkins_api_token::jenkins::snippets::snippets;
use jenkins_api_token::jenkins::token::MintedToken;
use jenkins_api_token::jenkins::token_list::ListedToken;
use jenkins_api_token::jenkins::user::UserTarget;
use jenkins_api_token::messages;
use view::{Tab, View, close_item_actions, item_busy, open_item_action};

/// Settings from the page glue (README, "Automation").
pub struct Options {
    pub timeout_ms: u32,
    /// How long a new token stays readable before it is masked.
    pub mask_after_ms: u32,
    /// `(key) => Promise<string|null>` and `(key, value) => Promise`: the extension's storage (only
    /// an operations center's address is ever stored).
    pub load_setting: Option<Function>,
    pub save_setting: Option<Function>,
    /// Given (Firefox), requests run inside the tab through this function; otherwise through `fetch`.
    pub fetch_in_tab: Option<Function>,
    /// Where a mint about to happen is written down, in case the popup closes before showing it.
    pub journal: Option<Journal>,
    /// Clearing the clipboard a while after a copy (the extension only).
    pub clearing: Option<Clearing>,
}

struct Ui {
    view: View,
    notice: Notice,
    journal: Option<Journal>,
    /// The record the notice is about, and the unseen token once the list has shown it.
    interrupted: RefCell<Option<(Interrupted, Option<ListedToken>)>>,
    clearing: Option<Clearing>,
    /// What the popup last put on the clipboard (the token or a snippet), to clear it later if asked.
    last_copied: RefCell<Option<String>>,
    popup: RefCell<Popup>,
    transport: BrowserTransport,
    tab: Cell<Tab>,
    tokens: RefCell<Vec<ListedToken>>,
    list_loaded: Cell<bool>,
    mask_after_ms: u32,
    load_setting: Option<Function>,
    save_setting: Option<Function>,
}

/// Puts the page's static text in the user's language: `data-i18n` holds a message key for the text,
/// `data-i18n-aria-label` / `data-i18n-placeholder` for those attributes (templates included).
fn translate_page(app: &Element) {
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
        journal: options.journal,
        interrupted: RefCell::new(None),
        clearing: options.clearing,
        last_copied: RefCell::new(None),
        popup: RefCell::new(Popup::default()),
        transport: match options.fetch_in_tab {
            Some(fetch_in_tab) => {
                BrowserTransport::InTab(TabTransport { fetch_in_tab, timeout_ms: options.timeout_ms })
            }
            None => BrowserTransport::Fetch(FetchTransport { timeout_ms: options.timeout_ms }),
        },
        tab: Cell::new(Tab::New),
        tokens: RefCell::new(Vec::new()),
        list_loaded: Cell::new(false),
        mask_after_ms: options.mask_after_ms,
        load_setting: options.load_setting,
        save_setting: options.save_setting,
    });
    dom::set_hidden(&dom::find(&app, "clear-clipboard-row"), ui.clearing.is_none());
    spawn_local(async move {
        // The two GETs leave first (at once when the page is already read); the page's text, first
        // render and listeners are set up while they travel, before anything can be painted or clicked.
        let connecting = async {
            let page = inspect(&inspect_page).await;
            flow::connect(&ui.transport, &page).await
        };
        let setting_up = async {
            translate_page(&app);
            ui.render();
            wire(&ui, &app);
        };
        // Records of a mint the popup did not live to show, read while the GETs travel.
        let recalling = async {
            match &ui.journal {
                Some(journal) => journal.recall().await,
                None => Vec::new(),
            }
        };
        let (result, (), records) = join3(connecting, setting_up, recalling).await;
        if let Ok(session) = &result {
            let today = today();
            ui.view.show_session(session, &text(&default_token_name(&browser_info(), &today)), &today);
        }
        let controller =
            result.as_ref().ok().filter(|session| session.deployment.connected_controller().is_some()).map(setting_key);
        let resumable = result.as_ref().ok().cloned();
        ui.popup.borrow_mut().connected(result);
        ui.render();
        if let Some(session) = resumable {
            interrupted::resume(&ui, &session, records);
        }
        if let Some(key) = controller
            && let Some(url) =
                call_setting(ui.load_setting.as_ref(), &[key.into()]).await.and_then(|url| url.as_string())
        {
            ui.view.show_operations_center(&url);
        }
    });
}

/// The stored setting for a controller: its operations center's address.
fn setting_key(session: &Session) -> String {
    format!("operations-center:{}", session.root.origin().as_str())
}

/// Calls a setting function from the page glue and waits for its promise.
async fn call_setting(function: Option<&Function>, args: &[JsValue]) -> Option<JsValue> {
    let function = function?;
    let result = match args {
        [key] => function.call1(&JsValue::NULL, key),
        [key, value] => function.call2(&JsValue::NULL, key, value),
        _ => return None,
    };
    JsFuture::from(Promise::resolve(&result.ok()?)).await.ok()
}

impl Ui {
    fn render(&self) {
        self.view.render(&self.popup.borrow(), self.tab.get());
    }

    fn minted(&self) -> Option<(MintedToken, Session)> {
        let popup = self.popup.borrow();
        match (popup.screen(), popup.session()) {
            (Screen::Minted(token), Some(session)) => Some((token.clone(), session.clone())),
            _ => None,
        }
    }

    /// Runs one action with the session; refused (returns `None`) while another is under way.
    fn lend(&self) -> Option<Session> {
        self.popup.borrow_mut().lend_session()
    }

    fn give_back(&self, session: Session) {
        self.popup.borrow_mut().return_session(session);
    }

    /// Writes down a mint about to happen (see [`jenkins_api_token::interrupted`]).
    fn remember(&self, record: &Interrupted) {
        if let Some(journal) = &self.journal {
            journal.remember(record);
        }
    }

    /// The outcome is on screen: the record has done its job.
    fn forget(&self, record: &Interrupted) {
        if let Some(journal) = &self.journal {
            journal.forget(&record.key());
        }
    }

    fn select_tab(self: &Rc<Self>, tab: Tab) {
        self.tab.set(tab);
        self.render();
        if tab == Tab::List && !self.list_loaded.get() {
            spawn_local(load_list(self.clone(), None));
        }
    }
}

/// Four delegated listeners on the app, rather than one per control: each listener costs a closure
/// in the wasm, and delegation also covers list items drawn later.
fn wire(ui: &Rc<Ui>, app: &Element) {
    on(ui, app, "click", |ui, event| {
        let Some(button) = target_closest(&event, "button") else { return };
        if interrupted::click(ui, &button.id()) {
            return;
        }
        match button.id().as_str() {
            "tab-new" => ui.select_tab(Tab::New),
            "tab-list" => ui.select_tab(Tab::List),
            "copy" => spawn_local(copy_token(ui.clone())),
            "reveal" => {
                if let Some((token, session)) = ui.minted() {
                    ui.view.set_masked(&token, &session, !ui.view.is_masked());
                }
            }
            "verify" => spawn_local(verify_token(ui.clone())),
            "revoke-new" => ui.view.set_revoke_confirm(true),
            "revoke-new-no" => ui.view.set_revoke_confirm(false),
            "revoke-new-yes" => spawn_local(revoke_new_token(ui.clone())),
            "legacy-show" => spawn_local(legacy(ui.clone(), false)),
            "legacy-change" => ui.view.set_legacy_confirm(true),
            "legacy-change-no" => ui.view.set_legacy_confirm(false),
            "legacy-change-yes" => spawn_local(legacy(ui.clone(), true)),
            _ if button.class_name() == "snippet-copy" => copy_snippet(ui, &button),
            _ => list_click(ui, &button),
        }
    });
    on(ui, app, "submit", |ui, event| {
        event.prevent_default();
        let Some(form) = target_closest(&event, "form") else { return };
        match form.id().as_str() {
            "token-form" => return generate(ui),
            "oc-form" => return save_operations_center(ui),
            _ => {}
        }
        let Some((item, token)) = list_item(ui, &form) else { return };
        let name = first::<HtmlInputElement>(&form, "input").value();
        spawn_local(list_action(ui.clone(), item, token, "rename".into(), Some(name)));
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
            let next = if ui.tab.get() == Tab::New { Tab::List } else { Tab::New };
            ui.select_tab(next);
            let _ = if next == Tab::New { ui.view.tab_new.focus() } else { ui.view.tab_list.focus() };
        }
    });
}

fn copy_snippet(ui: &Rc<Ui>, button: &Element) {
    let (Some((token, session)), Some(index)) = (ui.minted(), data_index(button)) else { return };
    let owner = token.owner.clone().unwrap_or_else(|| session.user.clone());
    let Some(snippet) = snippets(&session.root, &owner, token.value.expose()).into_iter().nth(index) else { return };
    let ui = ui.clone();
    spawn_local(async move {
        let title = text(&messages::snippet_title(snippet.title));
        let status = clipboard::copy(&ui, &snippet.text, t("copied_snippet", &[&title])).await;
        ui.view.set_copy_status(&status.unwrap_or_else(|reason| t("copy_snippet_failed", &[&reason])));
    });
}

/// The list item holding `element`, and its token.
fn list_item(ui: &Ui, element: &Element) -> Option<(Element, ListedToken)> {
    let item = element.closest("li[data-index]").ok().flatten()?;
    let token = data_index(&item).and_then(|index| ui.tokens.borrow().get(index).cloned())?;
    Some((item, token))
}

fn list_click(ui: &Rc<Ui>, button: &Element) {
    let Some(action) = button.get_attribute("data-action") else { return };
    let Some((item, token)) = list_item(ui, button) else { return };
    match action.as_str() {
        "cancel" => close_item_actions(&item),
        "confirm" => {
            let action = button.get_attribute("data-confirms").unwrap_or_default();
            spawn_local(list_action(ui.clone(), item, token, action, None));
        }
        action => open_item_action(&item, action, &token),
    }
}

/// One click, at most one token: the state machine hands out the order once and ignores clicks
/// until the answer is in.
fn generate(ui: &Rc<Ui>) {
    let begun = ui.popup.borrow_mut().begin_mint(&ui.view.read_form(), &today());
    let (mut session, order) = match begun {
        Ok(begun) => begun,
        Err(NotNow::Busy) => return,
        Err(NotNow::Invalid(problem)) => return ui.view.show_alert(&text(&messages::form_problem(problem)), None),
    };
    let (at_ms, day) = interrupted::now();
    let record = Interrupted::mint(&session, &order, at_ms, day);
    ui.remember(&record);
    ui.render();
    let ui = ui.clone();
    spawn_local(async move {
        let result = flow::mint(&ui.transport, &mut session, &order).await;
        ui.popup.borrow_mut().mint_finished(session, result);
        ui.list_loaded.set(false);
        show_new_token(&ui);
        ui.forget(&record);
    });
}

/// After a token appears (minted or rotated): render it, copy it (the click was the gesture), and
/// mask it after a while.
fn show_new_token(ui: &Rc<Ui>) {
    let Some((token, session)) = ui.minted() else { return ui.render() };
    // Filled before it shows, so the first frame already holds the new token.
    ui.view.show_token(&token, &session);
    ui.render();
    ui.view.focus_result();
    spawn_local(copy_token(ui.clone()));
    // The snippets and the mask come after the token is on screen; both act only while it is.
    let still_shown = {
        let ui = ui.clone();
        move || ui.minted().filter(|(shown, _)| shown.value == token.value)
    };
    let view = ui.clone();
    let shown = still_shown.clone();
    later(0, move || {
        if let Some((token, session)) = shown() {
            view.view.fill_snippets(&token, &session, false);
        }
    });
    let view = ui.clone();
    later(ui.mask_after_ms, move || {
        if let Some((token, session)) = still_shown() {
            view.view.set_masked(&token, &session, true);
        }
    });
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

async fn copy_token(ui: Rc<Ui>) {
    let Some((token, _)) = ui.minted() else { return };
    let status = clipboard::copy(&ui, token.value.expose(), t("copied", &[])).await;
    ui.view.set_copy_status(&status.unwrap_or_else(|reason| t("copy_failed", &[&reason])));
}

async fn verify_token(ui: Rc<Ui>) {
    let Some((token, _)) = ui.minted() else { return };
    let Some(session) = ui.lend() else { return };
    ui.view.set_action_status(&t("checking", &[]));
    let result = flow::verify(&ui.transport, &session, &token).await;
    ui.give_back(session);
    ui.view.set_action_status(&match result {
        Ok(verdict) => text(&messages::verdict(&verdict)),
        Err(failure) => text(&messages::failure(&failure)),
    });
}

async fn revoke_new_token(ui: Rc<Ui>) {
    let Some((token, _)) = ui.minted() else { return };
    let Some(mut session) = ui.lend() else { return };
    ui.view.set_action_status(&t("revoking", &[]));
    let result = flow::revoke(&ui.transport, &mut session, &token.owner_target(), &token.uuid).await;
    ui.give_back(session);
    ui.list_loaded.set(false);
    match result {
        Ok(()) => {
            ui.view.token_revoked();
            ui.view.set_action_status(&t("revoked_new", &[&token.name]));
        }
        Err(failure) => ui.view.set_action_status(&text(&messages::failure(&failure))),
    }
}

/// Reads the list again and draws it; `done` is the status to show once it is there.
/// Shows (or, after the user confirmed, changes) the legacy token of Jenkins before 2.129.
async fn legacy(ui: Rc<Ui>, change: bool) {
    let Some(mut session) = ui.lend() else { return };
    ui.view.set_legacy_confirm(false);
    let (at_ms, day) = interrupted::now();
    let record = change.then(|| Interrupted::legacy_change(&session, at_ms, day));
    let result = match &record {
        Some(record) => {
            ui.remember(record);
            flow::change_legacy_token(&ui.transport, &mut session, &DomHtml).await
        }
        None => flow::legacy_token(&ui.transport, &session, &DomHtml).await,
    };
    ui.give_back(session);
    match result {
        Ok(token) => {
            ui.popup.borrow_mut().show_token(token);
            show_new_token(&ui);
            if change {
                ui.view.set_action_status(&t("legacy_changed", &[]));
            }
        }
        Err(failure) => ui.view.show_failure(&failure),
    }
    if let Some(record) = record {
        ui.forget(&record);
    }
}

fn save_operations_center(ui: &Rc<Ui>) {
    let Some(session) = ui.popup.borrow().session().cloned() else { return };
    match deployment::operations_center_url(&ui.view.oc_url.value()) {
        Ok(url) => {
            ui.view.clear_alert();
            ui.view.show_operations_center(&url);
            let ui = ui.clone();
            spawn_local(async move {
                call_setting(ui.save_setting.as_ref(), &[setting_key(&session).into(), url.into()]).await;
            });
        }
        Err(problem) => ui.view.show_alert(&text(&messages::address_problem(problem)), None),
    }
}

async fn load_list(ui: Rc<Ui>, done: Option<String>) {
    let Some(mut session) = ui.lend() else { return };
    ui.view.set_list_status(&t("list_reading", &[]));
    let result = flow::list_tokens(&ui.transport, &mut session, &DomHtml).await;
    ui.give_back(session);
    match result {
        Ok(tokens) => {
            ui.view.clear_alert();
            let today = Day::parse_iso(&today()).expect_throw("today is a date");
            ui.view.show_list(&tokens, today);
            *ui.tokens.borrow_mut() = tokens;
            ui.list_loaded.set(true);
            if let Some(done) = done {
                ui.view.set_list_status(&done);
            }
        }
        Err(failure) => {
            ui.view.clear_list();
            ui.view.show_failure(&failure);
        }
    }
}

/// Rename, rotate or revoke from the list; the list is read again afterwards.
/// How a list action ended.
enum Outcome {
    /// Done: the list is read again and shows this status.
    Listed(String),
    /// A rotation made a successor, which is shown once like any new token, with a status when all
    /// went well or an alert saying what exists now.
    Successor {
        token: MintedToken,
        status: Option<String>,
        alert: Option<String>,
    },
    Failed(String),
}

async fn list_action(ui: Rc<Ui>, item: Element, token: ListedToken, action: String, new_name: Option<String>) {
    let Some(mut session) = ui.lend() else { return };
    item_busy(&item, true);
    let (at_ms, day) = interrupted::now();
    let rotation = Interrupted::rotation(&session, &token, at_ms, day);
    let rotating = !matches!(action.as_str(), "rename" | "revoke");
    let outcome = match action.as_str() {
        "rename" => {
            let name = new_name.unwrap_or_default();
            match flow::rename(&ui.transport, &mut session, &token.uuid, name.trim()).await {
                Ok(()) => Outcome::Listed(t("renamed", &[&token.name, name.trim()])),
                Err(failure) => Outcome::Failed(text(&messages::failure(&failure))),
            }
        }
        "revoke" => match flow::revoke(&ui.transport, &mut session, &UserTarget::Me, &token.uuid).await {
            Ok(()) => Outcome::Listed(t("revoked", &[&token.name])),
            Err(failure) => Outcome::Failed(text(&messages::failure(&failure))),
        },
        _ => match remember_then(&ui, &rotation, flow::rotate(&ui.transport, &mut session, &token)).await {
            Ok(new) => Outcome::Successor { token: new, status: Some(t("rotated", &[&token.name])), alert: None },
            Err(failure) => match failure.new_token() {
                Some(new) => {
                    let alert = text(&messages::rotate_failure(&failure, &token.name));
                    Outcome::Successor { token: new.clone(), status: None, alert: Some(alert) }
                }
                None => Outcome::Failed(text(&messages::rotate_failure(&failure, &token.name))),
            },
        },
    };
    ui.give_back(session);
    ui.list_loaded.set(false);
    match outcome {
        Outcome::Listed(status) => spawn_local(load_list(ui.clone(), Some(status))),
        Outcome::Successor { token, status, alert } => {
            ui.popup.borrow_mut().show_token(token);
            ui.tab.set(Tab::New);
            show_new_token(&ui);
            if let Some(status) = status {
                ui.view.set_action_status(&status);
            }
            if let Some(alert) = alert {
                ui.view.show_alert(&alert, None);
            }
        }
        Outcome::Failed(message) => {
            item_busy(&item, false);
            ui.view.show_alert(&message, None);
        }
    }
    if rotating {
        ui.forget(&rotation);
    }
}

/// Writes the record down, then runs the mint (whose POST leaves only when it is awaited).
async fn remember_then<T>(ui: &Ui, record: &Interrupted, mint: impl std::future::Future<Output = T>) -> T {
    ui.remember(record);
    mint.await
}

/// Asks the page glue which page to work on. It answers `{url, rootUrl, error}`, or a promise of it
/// while it is still reading the page.
async fn inspect(inspect_page: &Function) -> PageInfo {
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
        },
        Err(error) => PageInfo { read_error: Some(describe(&error)), ..PageInfo::default() },
    }
}

pub fn string_field(object: &JsValue, name: &str) -> Option<String> {
    Reflect::get(object, &name.into()).ok()?.as_string()
}

pub(crate) fn describe(error: &JsValue) -> String {
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
