//! Copying, and clearing the clipboard a while later. How long (or never) is a setting: the user's
//! option, or the organisation's policy, which then locks the checkbox under the token. To clear only
//! what it copied, the background worker must read the clipboard, an optional permission the page glue
//! asks for in the click that turns clearing on. The glue hands the worker only a hash of what was
//! copied (extension/background.js).

use std::rc::Rc;

use jenkins_api_token::messages;
use jenkins_api_token::settings::{DEFAULT_CLEAR_SECONDS, Key};
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::HtmlInputElement;

use super::Ui;
use crate::text::{t, text};

/// The page glue's `clipboardPermitted()`, `askClipboardPermission()` (called in the click, as the
/// browser asks), `dropClipboardPermission()`, `clearLater(text, ms)` and `saveOption(key, value)`,
/// each answering a promise; and, for tests, a fixed delay.
pub struct Clearing {
    pub permitted: Function,
    pub ask: Function,
    pub drop: Function,
    pub later: Function,
    pub save_option: Function,
    pub after_ms: Option<u32>,
}

async fn answer(call: Result<JsValue, JsValue>) -> Option<JsValue> {
    JsFuture::from(Promise::resolve(&call.ok()?)).await.ok()
}

async fn yes(call: Result<JsValue, JsValue>) -> bool {
    answer(call).await.is_some_and(|answer| answer.is_truthy())
}

impl Clearing {
    /// Asks the worker to clear `text` from the clipboard after `seconds`; the sentence that says
    /// when, or why not.
    async fn arm(&self, text: &str, seconds: u32) -> String {
        let delay_ms = self.after_ms.unwrap_or(seconds.saturating_mul(1000));
        match answer(self.later.call2(&JsValue::NULL, &text.into(), &JsValue::from(delay_ms))).await {
            Some(armed) if armed.is_truthy() => {
                t("clipboard_clears_at", &[&crate::text::time(js_sys::Date::now() + f64::from(delay_ms))])
            }
            _ => t("clipboard_clear_failed", &[]),
        }
    }

    fn save_seconds(&self, seconds: u32) {
        let key = JsValue::from(Key::ClipboardClearSeconds.name());
        let _ = self.save_option.call2(&JsValue::NULL, &key, &JsValue::from(seconds));
    }
}

/// The wait the settings give, and whether the organisation set it.
fn setting(ui: &Ui) -> (u32, bool) {
    let popup = ui.popup.borrow();
    (popup.settings().clipboard_clear_seconds, popup.locked(Key::ClipboardClearSeconds))
}

/// Draws the checkbox under the token: checked while clearing is on and permitted; the organisation's
/// setting cannot be turned off, only granted the permission it needs.
pub async fn show_checkbox(ui: &Ui) -> bool {
    let Some(clearing) = &ui.clearing else { return false };
    let (seconds, locked) = setting(ui);
    let permitted = yes(clearing.permitted.call0(&JsValue::NULL)).await;
    let on = seconds > 0 && permitted;
    let checkbox = checkbox(ui);
    checkbox.set_checked(on);
    checkbox.set_disabled(locked && (seconds == 0 || permitted));
    let shown = if seconds == 0 { DEFAULT_CLEAR_SECONDS } else { seconds };
    let label = checkbox.next_element_sibling().expect_throw("the checkbox's label");
    label.set_text_content(Some(&text(&messages::clear_after(shown))));
    on
}

/// Copies `text`; answers the status to show: `copied`, and when the clipboard will be cleared.
pub async fn copy(ui: &Ui, text: &str, copied: String) -> Result<String, String> {
    write(text).await?;
    *ui.last_copied.borrow_mut() = Some(text.to_owned());
    let Some(clearing) = &ui.clearing else { return Ok(copied) };
    if !show_checkbox(ui).await {
        return Ok(copied);
    }
    Ok(format!("{copied} {}", clearing.arm(text, setting(ui).0).await))
}

fn checkbox(ui: &Ui) -> HtmlInputElement {
    ui.view.clear_clipboard.clone()
}

/// The checkbox was ticked or unticked (a click: the permission may be asked for now).
pub fn toggled(ui: &Rc<Ui>) {
    let Some(clearing) = &ui.clearing else { return };
    let (seconds, locked) = setting(ui);
    if !checkbox(ui).checked() {
        if !locked {
            clearing.save_seconds(0);
            ui.popup.borrow_mut().settings_mut().clipboard_clear_seconds = 0;
            let _ = clearing.drop.call0(&JsValue::NULL);
        }
        return ui.view.set_copy_status(&t("clipboard_clearing_off", &[]));
    }
    let asking = clearing.ask.call0(&JsValue::NULL);
    let ui = ui.clone();
    spawn_local(async move {
        let Some(clearing) = &ui.clearing else { return };
        if !yes(asking).await {
            checkbox(&ui).set_checked(false);
            return ui.view.set_copy_status(&t("clipboard_clearing_refused", &[]));
        }
        let seconds = if seconds == 0 { DEFAULT_CLEAR_SECONDS } else { seconds };
        if !locked {
            clearing.save_seconds(seconds);
            ui.popup.borrow_mut().settings_mut().clipboard_clear_seconds = seconds;
        }
        show_checkbox(&ui).await;
        let copied = ui.last_copied.borrow().clone();
        if let Some(text) = copied {
            ui.view.set_copy_status(&clearing.arm(&text, seconds).await);
        }
    });
}

/// Copies the user id (no secret, so nothing is cleared later), and says so on the button.
pub async fn copy_user_id(ui: Rc<Ui>, button: web_sys::Element) {
    let Some(id) = ui.popup.borrow().session().map(|session| session.user.clone()) else { return };
    let said = match write(&id).await {
        Ok(()) => t("user_id_copied", &[]),
        Err(error) => error,
    };
    button.set_text_content(Some(&said));
}

async fn write(text: &str) -> Result<(), String> {
    let navigator = web_sys::window().ok_or("no window")?.navigator();
    let clipboard = Reflect::get(&navigator, &"clipboard".into()).unwrap_or(JsValue::UNDEFINED);
    if clipboard.is_undefined() {
        return Err(t("clipboard_unavailable", &[]));
    }
    let promise = clipboard.unchecked_into::<web_sys::Clipboard>().write_text(text);
    JsFuture::from(promise).await.map(|_| ()).map_err(|error| super::describe(&error))
}
