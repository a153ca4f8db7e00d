//! The options page: the user's own defaults (saved to synced storage as they change), each shown
//! locked when the organisation's policy sets it, saving to this computer (the permission it needs,
//! unless the policy switched it off), the policy's other rules, and a note for every policy value
//! that could not be used as given. What applies is decided by `jenkins_api_token::settings`.

use std::rc::Rc;

use jenkins_api_token::expiry::Expiry;
use jenkins_api_token::form;
use jenkins_api_token::messages::{self, settings as wording};
use jenkins_api_token::settings::{Key, Resolved};
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, Event, HtmlInputElement, HtmlSelectElement};

use crate::dom::{all, find, select_value, set_hidden, set_select_value};
use crate::host::OptionsHost;
use crate::ids;
use crate::text::{say, say_key};

struct Page {
    app: Element,
    resolved: Resolved,
    save_option: Option<Function>,
    /// Asking for and giving back the clipboard's permissions, and `nativeMessaging`'s.
    clipboard: [Option<Function>; 2],
    native: [Option<Function>; 2],
}

/// Mounts the options page into `app`, with what `extension/options.js` gives it (`OptionsHost`).
#[wasm_bindgen]
pub fn mount_options(app: Element, host: OptionsHost) {
    crate::set_translator(host.translate(), None);
    crate::ui::translate_page(&app);
    let reading = host.read_settings().and_then(|read| read.call0(&JsValue::NULL).ok());
    let save_option = host.save_option();
    let clipboard = [host.ask_clipboard_permission(), host.drop_clipboard_permission()];
    let native = [host.ask_native_permission(), host.drop_native_permission()];
    let native_permitted = host.native_permitted().and_then(|permitted| permitted.call0(&JsValue::NULL).ok());
    crate::spawn(async move {
        let resolved = crate::page::settings(reading).await;
        let offers_saving = resolved.settings.allow_save_to_computer && native_permitted.is_some();
        let page = Rc::new(Page { app, resolved, save_option, clipboard, native });
        page.show();
        set_hidden(&find(&page.app, ids::OPTION_SAVE_LOCAL_ROW), !offers_saving);
        if offers_saving {
            find::<HtmlInputElement>(&page.app, ids::OPTION_SAVE_LOCAL).set_checked(granted(native_permitted).await);
        }
        let listener = page.clone();
        crate::dom::on(
            &find::<Element>(&page.app, ids::OPTIONS_FORM),
            "change",
            Box::new(move |event| listener.changed(&event)),
        );
    });
}

impl Page {
    fn show(&self) {
        let settings = &self.resolved.settings;
        let lifetime: HtmlSelectElement = find(&self.app, ids::OPTION_LIFETIME);
        for option in all(&lifetime, "option") {
            if !form::expiry_offered(settings, &option.get_attribute("value").unwrap_or_default()) {
                option.remove();
            }
        }
        let default = match settings.default_lifetime {
            Expiry::Days(days) => days.to_string(),
            _ => "never".to_owned(),
        };
        set_select_value(&lifetime, &default);
        if select_value(&lifetime) != default {
            // A lifetime the organisation chose that is not a preset.
            let option =
                self.app.owner_document().expect_throw("a document").create_element("option").expect_throw("option");
            crate::dom::set_attr(&option, "value", &default);
            let days = default.parse().unwrap_or_default();
            say(&option, Some(&messages::days(days)));
            lifetime.append_child(&option).expect_throw("append");
            set_select_value(&lifetime, &default);
        }
        find::<HtmlInputElement>(&self.app, ids::OPTION_NAME)
            .set_value(settings.name_template.as_deref().unwrap_or(""));
        find::<HtmlInputElement>(&self.app, ids::OPTION_COPY).set_checked(settings.auto_copy);
        let clear: HtmlSelectElement = find(&self.app, ids::OPTION_CLEAR);
        // Each wait in words; "never" (0) has its own.
        for option in all(&clear, "option") {
            let seconds = option.get_attribute("value").and_then(|value| value.parse().ok()).unwrap_or(0);
            if seconds > 0 {
                say(&option, Some(&messages::duration(seconds)));
            }
        }
        set_select_value(&clear, &settings.clipboard_clear_seconds.to_string());
        for field in all(&self.app, "[data-key]") {
            let name = field.get_attribute("data-key").unwrap_or_default();
            let locked = self.resolved.locked.iter().any(|key| key.name() == name);
            crate::dom::set_disabled(&field, locked);
            let option = field.closest(".option").ok().flatten().expect_throw("the field's option");
            set_hidden(&option.query_selector(".locked").ok().flatten().expect_throw("a locked note"), !locked);
        }
        fill(&find(&self.app, ids::ORGANISATION_RULES), wording::rules(settings, &self.resolved.locked));
        set_hidden(
            &find(&self.app, ids::ORGANISATION),
            find::<Element>(&self.app, ids::ORGANISATION_RULES).child_element_count() == 0,
        );
        fill(&find(&self.app, ids::POLICY_NOTES_LIST), self.resolved.notes.iter().map(wording::note).collect());
        set_hidden(&find(&self.app, ids::POLICY_NOTES), self.resolved.notes.is_empty());
    }

    /// A field changed: saved at once. A wait for clearing the clipboard asks for the permission
    /// it needs first, and so does saving to this computer (the change is the user's gesture).
    fn changed(&self, event: &Event) {
        let Some(field) = crate::dom::target(event) else { return };
        let status = find::<Element>(&self.app, ids::OPTIONS_STATUS);
        if field.id() == ids::OPTION_SAVE_LOCAL {
            let tick: HtmlInputElement = field.unchecked_into();
            let asked = toggle(&self.native, tick.checked());
            crate::spawn(async move {
                let granted = granted(asked).await;
                tick.set_checked(tick.checked() && granted);
                say_key(&status, if granted { "options_saved" } else { "save_permission_refused" });
            });
            return;
        }
        let Some(key) = field.get_attribute("data-key") else { return };
        // An input or a select: both answer `type` and `value` (a select's type is `select-one`).
        let input = field.unchecked_ref::<HtmlInputElement>();
        let value = if input.type_() == "checkbox" {
            JsValue::from(input.checked())
        } else {
            let raw = input.value();
            match raw.parse::<u32>() {
                Ok(number) => JsValue::from(number),
                Err(_) if raw.trim().is_empty() => JsValue::NULL,
                Err(_) => JsValue::from(raw.trim()),
            }
        };
        if key == Key::ClipboardClearSeconds.name() {
            let wanted = value.as_f64().is_some_and(|seconds| seconds > 0.0);
            let asked = toggle(&self.clipboard, wanted);
            let (save, clear) = (self.save_option.clone(), field);
            crate::spawn(async move {
                if !granted(asked).await {
                    set_select_value(clear.unchecked_ref(), "0");
                    return say_key(&status, "clipboard_clearing_refused");
                }
                save_and_say(save.as_ref(), &key, &value, &status).await;
            });
            return;
        }
        let save = self.save_option.clone();
        crate::spawn(async move { save_and_say(save.as_ref(), &key, &value, &status).await });
    }
}

/// Asks for a permission (`[ask, give back]`) when `wanted`, answering the promise of the answer; gives
/// it back otherwise.
fn toggle([ask, drop]: &[Option<Function>; 2], wanted: bool) -> Option<JsValue> {
    let call = if wanted { ask } else { drop };
    let called = call.as_ref().and_then(|call| call.call0(&JsValue::NULL).ok());
    called.filter(|_| wanted)
}

/// Whether the answer to asking is yes; nothing was asked (it was given back): yes.
async fn granted(asked: Option<JsValue>) -> bool {
    match asked {
        Some(promise) => JsFuture::from(Promise::resolve(&promise)).await.is_ok_and(|granted| granted.is_truthy()),
        None => true,
    }
}

async fn save_and_say(save: Option<&Function>, key: &str, value: &JsValue, status: &Element) {
    let Some(save) = save else { return };
    if let Ok(promise) = save.call2(&JsValue::NULL, &key.into(), value) {
        let _ = JsFuture::from(Promise::resolve(&promise)).await;
    }
    say_key(status, "options_saved");
}

/// A list of sentences, as `<li>` items (text only).
fn fill(list: &Element, items: Vec<messages::Message>) {
    list.set_text_content(None);
    let document = list.owner_document().expect_throw("a document");
    for item in items {
        let entry = document.create_element("li").expect_throw("li");
        say(&entry, Some(&item));
        list.append_child(&entry).expect_throw("append");
    }
}
