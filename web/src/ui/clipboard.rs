//! Copying, and clearing the clipboard a minute later. Clearing is the user's choice, made with the
//! checkbox under the token: to clear only what it copied, the background worker must read the
//! clipboard, an optional permission the page glue asks for in that click. The glue hands the worker
//! only a hash of what was copied (extension/background.js).

use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::HtmlInputElement;

use super::Ui;
use crate::text::t;

/// The page glue's `clearingOn()`, `turnClearingOn()` (asks for the permission: called in the click),
/// `turnClearingOff()` and `clearLater(text, ms)`, each answering a promise; and the delay.
pub struct Clearing {
    pub on: Function,
    pub turn_on: Function,
    pub turn_off: Function,
    pub later: Function,
    pub after_ms: u32,
}

async fn answer(call: Result<JsValue, JsValue>) -> Option<JsValue> {
    JsFuture::from(Promise::resolve(&call.ok()?)).await.ok()
}

impl Clearing {
    async fn is_on(&self) -> bool {
        answer(self.on.call0(&JsValue::NULL)).await.is_some_and(|on| on.is_truthy())
    }

    /// Asks the worker to clear `text` from the clipboard later; the sentence that says when, or why not.
    async fn arm(&self, text: &str) -> String {
        let delay = JsValue::from(self.after_ms);
        match answer(self.later.call2(&JsValue::NULL, &text.into(), &delay)).await {
            Some(armed) if armed.is_truthy() => {
                let at = js_sys::Date::new_0();
                at.set_time(at.get_time() + f64::from(self.after_ms));
                t("clipboard_clears_at", &[&format!("{:02}:{:02}", at.get_hours(), at.get_minutes())])
            }
            _ => t("clipboard_clear_failed", &[]),
        }
    }
}

/// Copies `text`; answers the status to show: `copied`, and when the clipboard will be cleared.
pub async fn copy(ui: &Ui, text: &str, copied: String) -> Result<String, String> {
    write(text).await?;
    *ui.last_copied.borrow_mut() = Some(text.to_owned());
    let Some(clearing) = &ui.clearing else { return Ok(copied) };
    let on = clearing.is_on().await;
    checkbox(ui).set_checked(on);
    if !on {
        return Ok(copied);
    }
    Ok(format!("{copied} {}", clearing.arm(text).await))
}

fn checkbox(ui: &Ui) -> HtmlInputElement {
    ui.view.clear_clipboard.clone()
}

/// The checkbox was ticked or unticked (a click: the permission may be asked for now).
pub fn toggled(ui: &Rc<Ui>) {
    let Some(clearing) = &ui.clearing else { return };
    if !checkbox(ui).checked() {
        let _ = clearing.turn_off.call0(&JsValue::NULL);
        return ui.view.set_copy_status(&t("clipboard_clearing_off", &[]));
    }
    let asking = clearing.turn_on.call0(&JsValue::NULL);
    let ui = ui.clone();
    spawn_local(async move {
        let Some(clearing) = &ui.clearing else { return };
        if !answer(asking).await.is_some_and(|granted| granted.is_truthy()) {
            checkbox(&ui).set_checked(false);
            return ui.view.set_copy_status(&t("clipboard_clearing_refused", &[]));
        }
        let copied = ui.last_copied.borrow().clone();
        if let Some(text) = copied {
            ui.view.set_copy_status(&clearing.arm(&text).await);
        }
    });
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
