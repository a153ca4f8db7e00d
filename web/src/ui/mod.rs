//! The popup in the browser (and the www page): DOM events become the core's commands, the state the
//! core keeps is drawn, and the effects it asks for are carried out. Nothing is decided here; see
//! `jenkins_api_token::popup`. Each panel (`frame`, `form`, `token`, `save`, `list`, `notice`) owns its
//! elements and draws its part of the state; none calls another, nor this module.

mod form;
mod frame;
mod list;
mod notice;
mod save;
mod token;

use std::cell::RefCell;
use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::task::Poll;

use jenkins_api_token::flow;
use jenkins_api_token::pending_mint::PendingMint;
use jenkins_api_token::popup::{
    CleanupCommand, Command, Effect, Focus, Host, ItemCommand, NoticeCommand, Panel, Popup, Step, jobs,
};
use jenkins_api_token::settings::{self, Key};
use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlInputElement, KeyboardEvent};

use crate::clock;
use crate::dom::{DomHtml, all, closest, first, on, set_attr, target, window};
use crate::host::PopupHost;
use crate::ids;
use crate::page;
use crate::text::{say_key, t};
use crate::{BrowserTransport, fetch::FetchTransport, in_tab::TabTransport};

struct App {
    element: Element,
    popup: RefCell<Popup>,
    host: PopupHost,
    transport: BrowserTransport,
    frame: frame::Frame,
    form: form::Form,
    token: token::Token,
    save: save::Save,
    list: list::List,
    notice: notice::Notice,
}

/// Puts the page's static text in the user's language: `data-i18n` holds a message key for the text,
/// `data-i18n-aria-label` / `data-i18n-placeholder` for those attributes (templates included).
pub(crate) fn translate_page(app: &Element) {
    let Some(document) = app.owner_document() else { return };
    const MARKED: &str = "[data-i18n], [data-i18n-aria-label], [data-i18n-placeholder]";
    let mut marked = all(&document, MARKED);
    for template in all(&document, "template") {
        marked.extend(all(&template.unchecked_into::<web_sys::HtmlTemplateElement>().content(), MARKED));
    }
    for element in marked {
        if let Some(key) = element.get_attribute("data-i18n") {
            say_key(&element, &key);
        }
        for (marker, attribute) in [("data-i18n-aria-label", "aria-label"), ("data-i18n-placeholder", "placeholder")] {
            if let Some(key) = element.get_attribute(marker) {
                set_attr(&element, attribute, &t(&key, &[]));
            }
        }
    }
}

pub fn mount(app: Element, host: PopupHost) {
    let timeout_ms = settings::at_most(host.timeout_ms(), settings::REQUEST_TIMEOUT_MS);
    let transport = match host.fetch_in_tab() {
        Some(fetch_in_tab) => BrowserTransport::InTab(TabTransport { fetch_in_tab, timeout_ms }),
        None => BrowserTransport::Fetch(FetchTransport { timeout_ms }),
    };
    let abilities = Host {
        clearing: host.clear_later().is_some() && host.ask_clipboard_permission().is_some(),
        options: host.open_options().is_some(),
        native: host.send_native().is_some() && host.ask_native_permission().is_some(),
        mask_after_ms: settings::at_most(host.mask_after_ms(), settings::MASK_AFTER_MS),
        clear_after_ms: host.clear_after_ms().map(|ms| ms as u32),
    };
    let reading_settings = host.read_settings().and_then(|read| read.call0(&JsValue::NULL).ok());
    let recalling = page::start(host.recall_mints(), &[]);
    // The popup lives as long as its page: one App, never dropped, borrowed by every listener.
    let app: &'static App = Box::leak(Box::new(App {
        popup: RefCell::new(Popup::new(abilities)),
        frame: frame::Frame::build(&app),
        form: form::Form::build(&app),
        token: token::Token::build(&app),
        save: save::Save::build(&app),
        list: list::List::build(&app),
        notice: notice::Notice::build(&app),
        transport,
        host,
        element: app,
    }));
    crate::spawn(async move {
        // The two GETs leave as soon as the page is read (at once when it already is); the form opens
        // from what the page shows meanwhile, where it shows enough, and Jenkins' answers confirm it.
        // The page's text, first draw and listeners are set up while the page is read. The settings
        // were asked for at once too; the organisation's rules apply before any request.
        let mut connecting = pin!(async {
            let page = page::inspect(&app.host).await;
            let resolved = page::settings(reading_settings).await;
            let settings = resolved.settings.clone();
            let start = Command::Start { settings: resolved, browser: page::browser_info(), page: page.clone() };
            let mut connect = pin!(flow::connect_with(&app.transport, &page, &settings));
            let sent = poll_once(connect.as_mut()).await;
            app.dispatch(start);
            match sent {
                Poll::Ready(connected) => connected,
                Poll::Pending => connect.await,
            }
        });
        let read = poll_once(connecting.as_mut()).await;
        translate_page(&app.root());
        app.draw();
        wire(app);
        let connected = match read {
            Poll::Ready(connected) => connected,
            Poll::Pending => connecting.await,
        };
        app.dispatch(Command::Connected(connected));
        // Records of a mint the popup did not live to show, read while the GETs travelled.
        let records = match recalling {
            Some(reading) => JsFuture::from(js_sys::Promise::resolve(&reading)).await.ok(),
            None => None,
        };
        let records = records
            .map(|list| Array::from(&list).iter().filter_map(|text| PendingMint::parse(&text.as_string()?)).collect());
        app.dispatch(Command::Recalled(records.unwrap_or_default()));
    });
}

impl App {
    fn root(&self) -> Element {
        self.element.clone()
    }

    /// Hands `command` to the core, draws what it made of it, and carries out what it asks.
    fn dispatch(&'static self, command: Command) {
        let effects = self.popup.borrow_mut().update(command, clock::now());
        self.draw();
        for effect in effects {
            self.carry_out(effect);
        }
    }

    fn draw(&self) {
        let popup = self.popup.borrow();
        self.frame.draw(&popup);
        self.notice.draw(&popup);
        self.form.draw(&popup);
        self.token.draw(&popup);
        self.save.draw(&popup);
        self.list.draw(&popup);
    }

    fn carry_out(&'static self, effect: Effect) {
        let host = &self.host;
        match effect {
            Effect::Run(job) => {
                let app = self;
                crate::spawn(async move {
                    let done = jobs::run(*job, &app.transport, &DomHtml).await;
                    app.dispatch(Command::Done(Box::new(done)));
                });
            }
            Effect::Remember(record) => {
                page::start(host.remember_mint(), &[record.key().into(), record.to_json().into()]);
            }
            Effect::Forget(record) => {
                page::start(host.forget_mint(), &[record.key().into()]);
            }
            Effect::Copy { text, what } => {
                let app = self;
                crate::spawn(async move {
                    let result = write_clipboard(&text).await;
                    app.dispatch(Command::Copied { what, result });
                });
            }
            Effect::CheckClipboard => {
                self.answer(host.clipboard_permitted(), &[], |yes| Command::ClipboardPermitted(yes.is_truthy()))
            }
            // Called now, in the click: the browser asks the user only during one.
            Effect::AskClipboard => {
                self.answer(host.ask_clipboard_permission(), &[], |yes| Command::ClipboardAsked(yes.is_truthy()))
            }
            Effect::DropClipboard => {
                page::start(host.drop_clipboard_permission(), &[]);
            }
            Effect::ClearLater { text, ms } => self
                .answer(host.clear_later(), &[text.into(), ms.into()], |armed| Command::ClearArmed(armed.is_truthy())),
            Effect::SaveOption { key, value } => {
                page::start(host.save_option(), &[Key::name(key).into(), value.into()]);
            }
            Effect::LoadSetting(key) => {
                self.answer(host.load_setting(), &[key.into()], |value| Command::SettingLoaded(value.as_string()))
            }
            Effect::SaveSetting { key, value } => {
                page::start(host.save_setting(), &[key.into(), value.into()]);
            }
            Effect::Later { timer, ms } => {
                let app = self;
                later(ms, move || app.dispatch(Command::Timer(timer)));
            }
            Effect::OpenOptions => {
                page::start(host.open_options(), &[]);
            }
            Effect::Focus(focus) => match focus {
                Focus::Token => self.token.select(),
                Focus::RevokeNewYes => self.token.focus_revoke_yes(),
                Focus::Tab(Panel::New) => drop(self.frame.tab_new.focus()),
                Focus::Tab(Panel::List) => drop(self.frame.tab_list.focus()),
                Focus::ItemRename(index) => self.list.focus_item(index, true),
                Focus::ItemConfirm(index) => self.list.focus_item(index, false),
                Focus::CleanupYes => self.list.focus_cleanup_yes(),
            },
            Effect::FillForm(fill) => self.form.fill(&fill),
            Effect::CheckNative => {
                self.answer(host.native_permitted(), &[], |yes| Command::NativePermitted(yes.is_truthy()))
            }
            // Called now, in the click: the browser asks the user only during one.
            Effect::AskNative => {
                self.answer(host.ask_native_permission(), &[], |yes| Command::NativeAsked(yes.is_truthy()))
            }
            Effect::SendNative(message) => self.answer(host.send_native(), &[message.json().into()], |answer| {
                Command::NativeAnswered(answer.as_string().unwrap_or_default())
            }),
        }
    }

    /// Calls a function of the page glue now, and hands its answer to the core as `command(answer)`.
    fn answer(&'static self, function: Option<Function>, args: &[JsValue], command: fn(JsValue) -> Command) {
        let called = page::start(function, args);
        let app = self;
        crate::spawn(async move {
            let answer = match called {
                Some(called) => JsFuture::from(js_sys::Promise::resolve(&called)).await.unwrap_or(JsValue::FALSE),
                None => JsValue::FALSE,
            };
            app.dispatch(command(answer));
        });
    }
}

/// Polls `future` once, so that what it does first (reading the page, sending the GETs) is under way
/// before the caller goes on; its result if that was all.
async fn poll_once<F: Future>(mut future: Pin<&mut F>) -> Poll<F::Output> {
    poll_fn(|context| Poll::Ready(future.as_mut().poll(context))).await
}

/// Four delegated listeners on the app, rather than one per control: each listener costs a closure
/// in the wasm, and delegation also covers list items drawn later.
fn wire(app: &'static App) {
    let root = app.root();
    let on_app = |event: &str, handler: fn(&'static App, web_sys::Event)| {
        on(&root, event, Box::new(move |event| handler(app, event)));
    };
    on_app("click", |app, event| {
        let Some(button) = closest(&event, "button") else { return };
        if let Some(command) = click(app, &button) {
            app.dispatch(command);
        }
    });
    on_app("submit", |app, event| {
        event.prevent_default();
        let Some(form) = closest(&event, "form") else { return };
        let command = match form.id().as_str() {
            ids::TOKEN_FORM => Command::Generate(app.form.read()),
            ids::OC_FORM => Command::SaveOperationsCenter(app.frame.typed_operations_center()),
            _ => {
                let Some(index) = item_index(&form) else { return };
                let name = first::<HtmlInputElement>(&form, "input").value();
                Command::ListItem { index, action: ItemCommand::Rename(name) }
            }
        };
        app.dispatch(command);
    });
    for event in ["change", "input"] {
        on_app(event, |app, event| {
            // The clipboard box is an input: the event's target itself, when it is the box.
            let command = match target(&event).filter(|target| target.id() == ids::CLEAR_CLIPBOARD) {
                Some(tick) if event.type_() == "change" => {
                    Command::ClearClipboard(tick.unchecked_into::<HtmlInputElement>().checked())
                }
                Some(_) => return,
                None => Command::FormChanged(app.form.read()),
            };
            app.dispatch(command);
        });
    }
    on_app("keydown", |app, event| {
        let key = event.unchecked_ref::<KeyboardEvent>().key();
        if closest(&event, "[role=tab]").is_some() && (key == "ArrowLeft" || key == "ArrowRight") {
            app.dispatch(Command::NextPanel);
        }
    });
}

/// The command a button's click is.
fn click(app: &App, button: &Element) -> Option<Command> {
    Some(match button.id().as_str() {
        ids::TAB_NEW => Command::SelectPanel(Panel::New),
        ids::TAB_LIST => Command::SelectPanel(Panel::List),
        ids::COPY => Command::CopyToken,
        ids::COPY_USER_ID => Command::CopyUserId,
        ids::REVEAL => Command::Reveal,
        ids::VERIFY => Command::Verify,
        ids::REVOKE_NEW => Command::RevokeNew(Step::Ask),
        ids::REVOKE_NEW_NO => Command::RevokeNew(Step::Cancel),
        ids::REVOKE_NEW_YES => Command::RevokeNew(Step::Confirm),
        ids::LEGACY_SHOW => Command::LegacyShow,
        ids::LEGACY_CHANGE => Command::LegacyChange(Step::Ask),
        ids::LEGACY_CHANGE_NO => Command::LegacyChange(Step::Cancel),
        ids::LEGACY_CHANGE_YES => Command::LegacyChange(Step::Confirm),
        ids::OPEN_OPTIONS => Command::OpenOptions,
        ids::INTERRUPTED_REVOKE => Command::Notice(NoticeCommand::Revoke(Step::Ask)),
        ids::INTERRUPTED_REVOKE_NO => Command::Notice(NoticeCommand::Revoke(Step::Cancel)),
        ids::INTERRUPTED_REVOKE_YES => Command::Notice(NoticeCommand::Revoke(Step::Confirm)),
        ids::INTERRUPTED_KEEP => Command::Notice(NoticeCommand::Keep),
        ids::INTERRUPTED_DISMISS => Command::Notice(NoticeCommand::Dismiss),
        ids::CLEANUP_OPEN => Command::Cleanup(CleanupCommand::Open),
        ids::CLEANUP_CANCEL | ids::CLEANUP_NO => Command::Cleanup(CleanupCommand::Cancel),
        ids::CLEANUP_NEXT => Command::Cleanup(CleanupCommand::Next(app.list.ticked())),
        ids::CLEANUP_YES => Command::Cleanup(CleanupCommand::Confirm),
        ids::SAVE_OPEN => Command::SaveToComputer,
        _ if button.class_name() == "save-target" => Command::SaveTo(button.get_attribute("data-target")?),
        _ if button.class_name() == "snippet-copy" => {
            Command::CopySnippet(button.get_attribute("data-index")?.parse().ok()?)
        }
        // A list item's button: a button naming no action is a markup error, and does nothing.
        _ => {
            let action = ItemCommand::parse(
                &button.get_attribute("data-action")?,
                button.get_attribute("data-confirms").as_deref(),
            )?;
            Command::ListItem { index: item_index(button)?, action }
        }
    })
}

fn item_index(element: &Element) -> Option<usize> {
    element.closest("li[data-index]").ok()??.get_attribute("data-index")?.parse().ok()
}

/// Runs `action` once, `ms` milliseconds from now (after the current frame when 0).
fn later(ms: u32, action: impl FnOnce() + 'static) {
    let callback = Closure::once(action);
    let delay = i32::try_from(ms).unwrap_or(i32::MAX);
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), delay);
    callback.forget();
}

async fn write_clipboard(text: &str) -> Result<(), String> {
    let navigator = window().navigator();
    let clipboard = crate::host::member(&navigator, "clipboard");
    if clipboard.is_undefined() {
        return Err(t("clipboard_unavailable", &[]));
    }
    let promise = clipboard.unchecked_into::<web_sys::Clipboard>().write_text(text);
    JsFuture::from(promise).await.map(|_| ()).map_err(|error| page::describe(&error))
}
