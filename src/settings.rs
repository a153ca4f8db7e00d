//! The popup's settings: the built-in defaults, overridden by the user's options
//! (`chrome.storage.sync`, set on the options page), overridden by an administrator's managed policy
//! (`chrome.storage.managed`, read-only). A policy value of the wrong type or out of range never gives
//! a weaker rule than the administrator meant: each key says below which way it is resolved, and the
//! options page shows a note for it.

use crate::expiry::Expiry;
use crate::jenkins::root::{JenkinsRoot, Origin};
use crate::json::Json;

/// The keys, as the policy schema (`extension/managed_schema.json`) and the options name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    DefaultExpiryDays,
    MaxExpiryDays,
    TokenNameTemplate,
    AllowedJenkins,
    OperationsCenters,
    AllowScriptConsole,
    AllowMintForOthers,
    AutoCopy,
    ClipboardClearSeconds,
    AllowSaveToComputer,
}

impl Key {
    pub const ALL: [Key; 10] = [
        Key::DefaultExpiryDays,
        Key::MaxExpiryDays,
        Key::TokenNameTemplate,
        Key::AllowedJenkins,
        Key::OperationsCenters,
        Key::AllowScriptConsole,
        Key::AllowMintForOthers,
        Key::AutoCopy,
        Key::ClipboardClearSeconds,
        Key::AllowSaveToComputer,
    ];

    /// The ones a user may set on the options page; the others are the administrator's alone.
    pub const OPTIONS: [Key; 4] =
        [Key::DefaultExpiryDays, Key::TokenNameTemplate, Key::AutoCopy, Key::ClipboardClearSeconds];

    pub fn name(self) -> &'static str {
        match self {
            Key::DefaultExpiryDays => "defaultExpiryDays",
            Key::MaxExpiryDays => "maxExpiryDays",
            Key::TokenNameTemplate => "tokenNameTemplate",
            Key::AllowedJenkins => "allowedJenkins",
            Key::OperationsCenters => "operationsCenters",
            Key::AllowScriptConsole => "allowScriptConsole",
            Key::AllowMintForOthers => "allowMintForOthers",
            Key::AutoCopy => "autoCopy",
            Key::ClipboardClearSeconds => "clipboardClearSeconds",
            Key::AllowSaveToComputer => "allowSaveToComputer",
        }
    }
}

/// The longest lifetime a setting may name: ten years.
pub const MAX_DAYS: u32 = 3650;
/// The longest wait before clearing the clipboard: an hour.
pub const MAX_CLEAR_SECONDS: u32 = 3600;
/// What a policy's unreadable `maxExpiryDays` becomes: the shortest preset.
pub const STRICTEST_DAYS: u16 = 7;
/// What a policy's unreadable `clipboardClearSeconds` becomes: the default wait.
pub const DEFAULT_CLEAR_SECONDS: u32 = 60;

/// How long a request may take before it is given up: the default, which the page glue may only
/// shorten (the tests do).
pub const REQUEST_TIMEOUT_MS: u32 = 30_000;
/// How long a new token stays readable before it is masked: likewise only ever shorter.
pub const MASK_AFTER_MS: u32 = 60_000;

/// A time the page glue gives in place of `default` (milliseconds): never longer, so that no option,
/// whoever set it, keeps a token on screen longer or a request waiting longer than the default.
pub fn at_most(given: Option<f64>, default: u32) -> u32 {
    given.filter(|ms| *ms >= 0.0).map_or(default, |ms| if ms < f64::from(default) { ms as u32 } else { default })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// How long a new token lives by default: `Days` or `Never`.
    pub default_lifetime: Expiry,
    /// No longer lifetime may be chosen, and no "never".
    pub max_days: Option<u16>,
    /// The default token name, with `{user}`, `{browser}`, `{os}`, `{date}` and `{host}`; `None`: the
    /// built-in one.
    pub name_template: Option<String>,
    /// URL prefixes, each ending in `/`, of the Jenkins the extension may work on; `None`: any.
    pub allowed_jenkins: Option<Vec<String>>,
    /// Controller URL prefix (ending in `/`) → its operations center's address.
    pub operations_centers: Vec<(String, String)>,
    pub allow_script_console: bool,
    pub allow_mint_for_others: bool,
    pub auto_copy: bool,
    /// 0: never cleared.
    pub clipboard_clear_seconds: u32,
    /// "Save to this computer" is offered (docs/native-host.md).
    pub allow_save_to_computer: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            default_lifetime: Expiry::Days(30),
            max_days: None,
            name_template: None,
            allowed_jenkins: None,
            operations_centers: Vec::new(),
            allow_script_console: true,
            allow_mint_for_others: true,
            auto_copy: true,
            clipboard_clear_seconds: 0,
            allow_save_to_computer: true,
        }
    }
}

impl Settings {
    /// Whether the organisation lets the extension work on this Jenkins.
    pub fn allows(&self, root: &JenkinsRoot) -> bool {
        let url = root.display_url();
        self.allowed_jenkins.as_ref().is_none_or(|prefixes| prefixes.iter().any(|prefix| url.starts_with(prefix)))
    }

    /// The operations center the organisation names for this controller, if any.
    pub fn operations_center(&self, root: &JenkinsRoot) -> Option<&str> {
        let url = root.display_url();
        self.operations_centers.iter().find(|(prefix, _)| url.starts_with(prefix)).map(|(_, center)| center.as_str())
    }
}

/// What was wrong with a policy value, and what was done instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// Not of the key's type or out of range: ignored, the user's option or the default applies.
    Ignored(Key),
    /// A limit that could not be read: the strictest one applies.
    Strictest(Key),
    /// Read as this number (a text of digits, or a fraction rounded down).
    ReadAs(Key, u32),
    /// The default lifetime is over the maximum: the maximum applies.
    Capped(Key, u16),
    /// Entries of a list or map that are not URLs: left out.
    EntriesLeftOut(Key, usize),
    /// The allowed-Jenkins list is not a list: the extension is enabled nowhere.
    NowhereEnabled,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolved {
    pub settings: Settings,
    /// The keys the policy sets (shown locked on the options page).
    pub locked: Vec<Key>,
    pub notes: Vec<Note>,
}

/// Defaults ← the user's options ← the policy. `policy` and `options` are the storage areas' objects.
pub fn resolve(policy: &Json, options: &Json) -> Resolved {
    let mut resolved = Resolved::default();
    let settings = &mut resolved.settings;
    // The user's options: anything unreadable is simply not set.
    let mut default_chosen = false;
    if let Some(days) = options.get(Key::DefaultExpiryDays.name()).and_then(lifetime) {
        settings.default_lifetime = days;
        default_chosen = true;
    }
    if let Some(template) = options.get(Key::TokenNameTemplate.name()).and_then(template) {
        settings.name_template = Some(template);
    }
    if let Some(copy) = options.get(Key::AutoCopy.name()).and_then(Json::as_bool) {
        settings.auto_copy = copy;
    }
    if let Some(seconds) = options.get(Key::ClipboardClearSeconds.name()).and_then(|v| whole(v, MAX_CLEAR_SECONDS)) {
        settings.clipboard_clear_seconds = seconds.value;
    }
    for key in Key::ALL {
        if let Some(value) = policy.get(key.name()) {
            resolved.locked.push(key);
            apply(&mut resolved, key, value);
        }
    }
    // Only a default someone chose is worth a note when capped; a policy default that was ignored is
    // no choice (its own note says so), and the built-in one is none either.
    let policy_default = resolved.locked.contains(&Key::DefaultExpiryDays)
        && !resolved.notes.contains(&Note::Ignored(Key::DefaultExpiryDays));
    let settings = &mut resolved.settings;
    if let Some(max) = settings.max_days {
        let over = match settings.default_lifetime {
            Expiry::Days(days) => days > max,
            _ => true,
        };
        if over {
            settings.default_lifetime = Expiry::Days(max);
            if default_chosen || policy_default {
                resolved.notes.push(Note::Capped(Key::DefaultExpiryDays, max));
            }
        }
    }
    resolved
}

/// [`resolve`], from the storage areas' JSON texts; an area that is not a JSON object counts as empty.
pub fn resolve_texts(policy: &str, options: &str) -> Resolved {
    let area = |text: &str| serde_json::from_str::<Json>(text).ok().filter(Json::is_object).unwrap_or(Json::Other);
    resolve(&area(policy), &area(options))
}

/// One policy value, resolved towards the stricter rule when it cannot be read.
fn apply(resolved: &mut Resolved, key: Key, value: &Json) {
    let settings = &mut resolved.settings;
    let notes = &mut resolved.notes;
    let mut read = |whole: Option<Whole>| {
        if let Some(Whole { value, exact: false }) = whole {
            notes.push(Note::ReadAs(key, value));
        }
        whole.map(|whole| whole.value)
    };
    match key {
        Key::DefaultExpiryDays => match read(whole(value, MAX_DAYS).filter(|w| w.value > 0)) {
            Some(days) => settings.default_lifetime = Expiry::Days(days as u16),
            None => notes.push(Note::Ignored(key)),
        },
        Key::MaxExpiryDays => match read(whole(value, MAX_DAYS)) {
            Some(days) => settings.max_days = Some(days.max(1) as u16),
            None => {
                settings.max_days = Some(STRICTEST_DAYS);
                notes.push(Note::Strictest(key));
            }
        },
        Key::TokenNameTemplate => match template(value) {
            Some(template) => settings.name_template = Some(template),
            None => notes.push(Note::Ignored(key)),
        },
        Key::AllowedJenkins => match value.as_list() {
            Some(entries) => {
                let prefixes: Vec<String> = entries.iter().filter_map(|entry| url_prefix(entry.as_str()?)).collect();
                if prefixes.len() < entries.len() {
                    notes.push(Note::EntriesLeftOut(key, entries.len() - prefixes.len()));
                }
                settings.allowed_jenkins = Some(prefixes);
            }
            None => {
                settings.allowed_jenkins = Some(Vec::new());
                notes.push(Note::NowhereEnabled);
            }
        },
        Key::OperationsCenters => match value {
            Json::Object(members) => {
                for (controller, center) in members {
                    let pair = url_prefix(controller).zip(center.as_str().and_then(url_prefix));
                    match pair {
                        Some(pair) => settings.operations_centers.push(pair),
                        None => notes.push(Note::EntriesLeftOut(key, 1)),
                    }
                }
            }
            _ => notes.push(Note::Ignored(key)),
        },
        Key::AllowScriptConsole | Key::AllowMintForOthers | Key::AutoCopy | Key::AllowSaveToComputer => {
            let allowed = value.as_bool().unwrap_or_else(|| {
                notes.push(Note::Strictest(key));
                false
            });
            match key {
                Key::AllowScriptConsole => settings.allow_script_console = allowed,
                Key::AllowMintForOthers => settings.allow_mint_for_others = allowed,
                Key::AllowSaveToComputer => settings.allow_save_to_computer = allowed,
                _ => settings.auto_copy = allowed,
            }
        }
        Key::ClipboardClearSeconds => match read(whole(value, MAX_CLEAR_SECONDS)) {
            Some(seconds) => settings.clipboard_clear_seconds = seconds,
            None => {
                settings.clipboard_clear_seconds = DEFAULT_CLEAR_SECONDS;
                notes.push(Note::Strictest(key));
            }
        },
    }
}

struct Whole {
    value: u32,
    /// Given as a whole JSON number; otherwise read from a text of digits or rounded down.
    exact: bool,
}

/// A whole number from 0 to `max`: a JSON number (a fraction is rounded down) or a text of digits.
fn whole(value: &Json, max: u32) -> Option<Whole> {
    let (text, given_as_number) = match value {
        Json::Number(text) => (text.as_str(), true),
        Json::Text(text) => (text.trim(), false),
        _ => return None,
    };
    let integer = text.split('.').next()?;
    if integer.is_empty() || !integer.bytes().all(|b| b.is_ascii_digit()) || text.contains(['e', 'E', '-']) {
        return None;
    }
    let number: u32 = integer.parse().ok().filter(|number| *number <= max)?;
    Some(Whole { value: number, exact: given_as_number && !text.as_bytes().contains(&b'.') })
}

fn lifetime(value: &Json) -> Option<Expiry> {
    if value.as_str() == Some("never") {
        return Some(Expiry::Never);
    }
    let days = whole(value, MAX_DAYS)?.value;
    (days > 0).then_some(Expiry::Days(days as u16))
}

fn template(value: &Json) -> Option<String> {
    let text = value.as_str()?.trim();
    (!text.is_empty() && text.chars().count() <= 200 && !text.chars().any(char::is_control)).then(|| text.to_owned())
}

/// An http(s) URL as a prefix that matches whole path segments: normalised like the browser does,
/// ending in `/`.
pub fn url_prefix(text: &str) -> Option<String> {
    let (origin, path) = Origin::parse(text.trim())?;
    if path.contains(['?', '#']) {
        return None;
    }
    let slash = if path.ends_with('/') { "" } else { "/" };
    Some(format!("{}{path}{slash}", origin.as_str()))
}

/// `{user}`, `{browser}`, `{os}`, `{date}` (`yyyy-mm-dd`) and `{host}` (the Jenkins host) filled in;
/// anything else in braces stays as it is.
pub fn fill_template(template: &str, parts: &NameParts) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let Some((name, tail)) = after.split_once('}') else {
            out.push('{');
            rest = after;
            break;
        };
        match name {
            "user" => out.push_str(parts.user),
            "browser" => out.push_str(parts.browser),
            "os" => out.push_str(parts.os),
            "date" => out.push_str(parts.date),
            "host" => out.push_str(parts.host),
            _ => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = tail;
    }
    out.push_str(rest);
    out.trim().to_owned()
}

/// What a token name template may hold.
pub struct NameParts<'a> {
    pub user: &'a str,
    pub browser: &'a str,
    pub os: &'a str,
    pub date: &'a str,
    pub host: &'a str,
}
