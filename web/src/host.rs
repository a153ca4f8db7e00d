//! The JavaScript↔wasm contract, typed: what the page glue (`extension/popup.js`, `extension/options.js`,
//! `www/www.js`) hands the core when it mounts it. The TypeScript below is emitted into the built
//! glue's declarations; `web/jenkins_api_token.d.ts` keeps a copy that the test command compares with
//! what the build emits, so the contract cannot change unnoticed.

use js_sys::Function;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const HOST_TYPES: &'static str = r#"
/** What the page says about itself: read from the tab (the extension) or from the page (www). */
export interface PageRead {
  url: string;
  /** `<head data-rooturl>`, when there is one. */
  rootUrl?: string | null;
  /** Why the page could not be read (the browser's words). */
  error?: string;
  /** The page's links to users' pages: where the header shows the logged-in user's full name. */
  userLinks?: { href: string; text: string }[];
  /** `<head data-crumb-header>` and `data-crumb-value`, when there are. */
  crumbHeader?: string | null;
  crumbValue?: string | null;
  /** `<body data-version>`, when there is one. */
  version?: string | null;
  /** The links in the page header (the logged-in user's, or "log in"). */
  headerLinks?: { href: string; text: string; id: string }[];
}

/** A request the core planned, to run inside the tab (Firefox). */
export interface TabRequest {
  method: "GET" | "POST";
  url: string;
  headers: [string, string][];
  body: string | null;
  withSession: boolean;
  timeoutMs: number;
}

/** The tab's answer to a `TabRequest`, or why there is none. */
export type TabAnswer =
  | { status: number; headers: [string, string][]; body: string }
  | { error: string; message?: string };

/** What the popup (or the www page) gives the core. Every member but `readPage` is optional. */
export interface PopupHost {
  /** The page to work on, or a promise of it. */
  readPage(): PageRead | Promise<PageRead>;
  /** The policy's and the user's options, each the JSON text of a storage area (the extension). */
  readSettings?(): [string, string] | Promise<[string, string]>;
  /** Sentences in the browser's language (the extension)... */
  translate?(key: string, args: string[]): string;
  /** ...or the text of a `messages.json` (the www page). */
  messages?: string;
  /** Per request, in milliseconds; only ever shorter than the default (30 s). */
  timeoutMs?: number;
  /** How long a new token stays readable; only ever shorter than the default (60 s). */
  maskAfterMs?: number;
  /** For tests: how long the clipboard keeps a copy before it is cleared. */
  clearAfterMs?: number;
  /** Run each request inside the tab (how Firefox reaches the tab's origin). */
  fetchInTab?(request: TabRequest): Promise<TabAnswer>;
  /** The pending mints written down (never a token value): every record, as text. */
  recallMints?(): Promise<string[]>;
  rememberMint?(key: string, text: string): unknown;
  forgetMint?(key: string): unknown;
  /** A stored setting (an operations center's address), and saving one. */
  loadSetting?(key: string): Promise<string | null>;
  saveSetting?(key: string, value: string): unknown;
  /** Saving one of the user's options (synced storage). */
  saveOption?(key: string, value: number | boolean | string | null): Promise<unknown>;
  /** Clearing the clipboard later: whether it is permitted, asking (in the click), giving it back. */
  clipboardPermitted?(): Promise<boolean>;
  askClipboardPermission?(): Promise<boolean>;
  dropClipboardPermission?(): Promise<unknown>;
  /** Has the background worker clear `text` after `ms` if the clipboard still holds it. */
  clearLater?(text: string, ms: number): Promise<boolean>;
  openOptions?(): unknown;
  /** Saving to this computer (docs/native-host.md): whether `nativeMessaging` is granted, asking (in the click)... */
  nativePermitted?(): Promise<boolean>;
  askNativePermission?(): Promise<boolean>;
  /**
   * ...and one message to the native host, as JSON text: its answer as JSON text, or
   * `{"ok":false,"unreachable":<the browser's error>}` when the browser could not reach it.
   */
  sendNative?(message: string): Promise<string>;
}

/** What the options page gives the core. */
export interface OptionsHost {
  translate(key: string, args: string[]): string;
  readSettings(): [string, string] | Promise<[string, string]>;
  saveOption(key: string, value: number | boolean | string | null): Promise<unknown>;
  askClipboardPermission?(): Promise<boolean>;
  dropClipboardPermission?(): Promise<unknown>;
  /** The permission saving to this computer needs: whether granted, asking, giving it back. */
  nativePermitted?(): Promise<boolean>;
  askNativePermission?(): Promise<boolean>;
  dropNativePermission?(): Promise<unknown>;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// See `PopupHost` above.
    #[wasm_bindgen(typescript_type = "PopupHost")]
    pub type PopupHost;

    /// See `OptionsHost` above.
    #[wasm_bindgen(typescript_type = "OptionsHost")]
    pub type OptionsHost;
}

/// A member of the page glue's object, by its name in the interfaces above (or of any object the
/// glue reads), undefined where there is none. One reader for all of them: a binding per member
/// would cost the glue and the wasm an import each.
#[inline(never)]
pub fn member(host: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(host, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

fn function(host: &JsValue, name: &str) -> Option<Function> {
    member(host, name).dyn_into().ok()
}

/// The members `PopupHost` declares, read as their types say.
impl PopupHost {
    pub fn read_page(&self) -> Option<Function> {
        function(self, "readPage")
    }
    pub fn read_settings(&self) -> Option<Function> {
        function(self, "readSettings")
    }
    pub fn translate(&self) -> Option<Function> {
        function(self, "translate")
    }
    pub fn messages(&self) -> Option<String> {
        member(self, "messages").as_string()
    }
    pub fn timeout_ms(&self) -> Option<f64> {
        member(self, "timeoutMs").as_f64()
    }
    pub fn mask_after_ms(&self) -> Option<f64> {
        member(self, "maskAfterMs").as_f64()
    }
    pub fn clear_after_ms(&self) -> Option<f64> {
        member(self, "clearAfterMs").as_f64()
    }
    pub fn fetch_in_tab(&self) -> Option<Function> {
        function(self, "fetchInTab")
    }
    pub fn recall_mints(&self) -> Option<Function> {
        function(self, "recallMints")
    }
    pub fn remember_mint(&self) -> Option<Function> {
        function(self, "rememberMint")
    }
    pub fn forget_mint(&self) -> Option<Function> {
        function(self, "forgetMint")
    }
    pub fn load_setting(&self) -> Option<Function> {
        function(self, "loadSetting")
    }
    pub fn save_setting(&self) -> Option<Function> {
        function(self, "saveSetting")
    }
    pub fn save_option(&self) -> Option<Function> {
        function(self, "saveOption")
    }
    pub fn clipboard_permitted(&self) -> Option<Function> {
        function(self, "clipboardPermitted")
    }
    pub fn ask_clipboard_permission(&self) -> Option<Function> {
        function(self, "askClipboardPermission")
    }
    pub fn drop_clipboard_permission(&self) -> Option<Function> {
        function(self, "dropClipboardPermission")
    }
    pub fn clear_later(&self) -> Option<Function> {
        function(self, "clearLater")
    }
    pub fn open_options(&self) -> Option<Function> {
        function(self, "openOptions")
    }
    pub fn native_permitted(&self) -> Option<Function> {
        function(self, "nativePermitted")
    }
    pub fn ask_native_permission(&self) -> Option<Function> {
        function(self, "askNativePermission")
    }
    pub fn send_native(&self) -> Option<Function> {
        function(self, "sendNative")
    }
}

/// The members `OptionsHost` declares.
impl OptionsHost {
    pub fn read_settings(&self) -> Option<Function> {
        function(self, "readSettings")
    }
    pub fn translate(&self) -> Option<Function> {
        function(self, "translate")
    }
    pub fn save_option(&self) -> Option<Function> {
        function(self, "saveOption")
    }
    pub fn ask_clipboard_permission(&self) -> Option<Function> {
        function(self, "askClipboardPermission")
    }
    pub fn drop_clipboard_permission(&self) -> Option<Function> {
        function(self, "dropClipboardPermission")
    }
    pub fn native_permitted(&self) -> Option<Function> {
        function(self, "nativePermitted")
    }
    pub fn ask_native_permission(&self) -> Option<Function> {
        function(self, "askNativePermission")
    }
    pub fn drop_native_permission(&self) -> Option<Function> {
        function(self, "dropNativePermission")
    }
}
