//! "Save to this computer…" under a new token: the native host (docs/native-host.md) writes it into one
//! of the user's config files, so it never goes through the clipboard. The popup asks the host which
//! files it can write and which already hold an entry (`hello`), offers those, saves into the one
//! clicked (`save`) and says what was written where; the token is hidden once saved. The first click
//! asks for the `nativeMessaging` permission (optional: no warning at install). Where the host is not
//! installed, one line says so with the two commands that install it.

use std::fmt;

use crate::json::{self, Json};
use crate::messages::Message;
use crate::search;

use super::update::one;
use super::{Effect, Popup};

/// The commands that install the host, one per line, shown where it is not installed
/// (docs/native-host.md#install).
pub const INSTALL_COMMANDS: &str =
    "cargo install --locked --git https://github.com/jenkins-api-token/jenkins-api-token jenkins-api-token-host
jenkins-api-token-host install";

/// A message to the native host, as JSON text. A save's holds the token, so its debug form is only
/// its kind.
#[derive(Clone, PartialEq, Eq)]
pub struct NativeMessage(String);

impl NativeMessage {
    pub fn json(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NativeMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if search::contains(&self.0, r#""type":"save""#) { "save" } else { "hello" };
        write!(f, "NativeMessage({kind})")
    }
}

/// A file the host can save the token into, as its answer to `hello` names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveTarget {
    /// The host's word for it: `netrc`.
    pub target: String,
    /// As the user knows it: `~/.netrc`.
    pub file: String,
    /// The tools that read it (names, the same in every language).
    pub tools: &'static str,
    /// What a save does there: creates the file, adds an entry, or replaces the one for this Jenkins.
    pub mark: Message,
}

/// "Save to this computer…" and what it offers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SavePanel {
    /// Asking for the permission, or waiting for the host's answer.
    pub busy: bool,
    /// The files the host offered; empty until it answered `hello`.
    pub targets: Vec<SaveTarget>,
    /// Counts the changes to `targets`, so that the glue draws them again only then.
    pub serial: u32,
    /// What happened last: saved where, refused why.
    pub said: Option<Message>,
    /// The host is not installed: the commands that install it are shown.
    pub not_installed: bool,
    /// What the host is answering: `None` for `hello`, else the index of the target being saved to.
    saving: Option<usize>,
}

/// The tools that read a target's file.
fn tools(target: &str) -> &'static str {
    match target {
        "netrc" => "curl, wget, Python requests",
        "jenkins_jobs" => "Jenkins Job Builder",
        "jcli" => "jcli",
        "env" => "jenkins-cli.jar, shell",
        _ => "",
    }
}

/// Whether the browser's error means the host is not there for this extension: no manifest
/// (Chromium: "Specified native messaging host not found."; Firefox: "No such native application …"),
/// or one that does not list this extension ("… forbidden.", "… (or the application is not installed)").
fn not_installed(error: &str) -> bool {
    ["not found", "forbidden", "No such native application", "not installed"]
        .into_iter()
        .any(|words| search::contains(error, words))
}

impl Popup {
    /// The panel, where it is offered: the page glue can talk to the host, the organisation allows it,
    /// and a token that still works is shown.
    pub fn save_panel(&self) -> Option<&SavePanel> {
        let shown = self.token.as_ref().is_some_and(|panel| !panel.revoked);
        (self.host.native && self.settings.allow_save_to_computer && shown).then_some(&self.saving)
    }

    /// The user has granted the permission and the organisation allows saving: a new token is then
    /// not copied at once, so that saving it puts nothing on the clipboard.
    pub(super) fn saves_instead_of_copying(&self) -> bool {
        self.host.native && self.settings.allow_save_to_computer && self.native_permitted == Some(true)
    }

    /// "Save to this computer…" was clicked: the permission is asked for in this click if it is not
    /// granted yet, then the host is asked what it can write.
    pub(super) fn save_to_computer(&mut self) -> Vec<Effect> {
        if self.save_panel().is_none_or(|panel| panel.busy) {
            return Vec::new();
        }
        if self.native_permitted == Some(true) {
            return self.hello();
        }
        self.saving.busy = true;
        one(Effect::AskNative)
    }

    pub(super) fn native_asked(&mut self, granted: bool) -> Vec<Effect> {
        self.saving.busy = false;
        self.native_permitted = Some(granted);
        if granted {
            return self.hello();
        }
        self.saving.said = Some(Message::new("save_permission_refused"));
        Vec::new()
    }

    fn hello(&mut self) -> Vec<Effect> {
        let (Some(session), Some(panel)) = (&self.session, &self.token) else { return Vec::new() };
        let message = format!(
            r#"{{"type":"hello","jenkinsUrl":{},"user":{}}}"#,
            json::text(&session.root.display_url()),
            json::text(&panel.owner)
        );
        self.saving.saving = None;
        self.sending(message)
    }

    /// A target's button: the token goes to the host, never to the clipboard.
    pub(super) fn save_to(&mut self, target: &str) -> Vec<Effect> {
        let (Some(session), Some(panel)) = (&self.session, &self.token) else { return Vec::new() };
        let Some(index) = self.saving.targets.iter().position(|offered| offered.target == target) else {
            return Vec::new();
        };
        if self.save_panel().is_none_or(|panel| panel.busy) {
            return Vec::new();
        }
        let message = format!(
            r#"{{"type":"save","target":{},"jenkinsUrl":{},"user":{},"token":{},"tokenName":{}}}"#,
            json::text(target),
            json::text(&session.root.display_url()),
            json::text(&panel.owner),
            json::text(panel.token.value.expose()),
            json::text(&panel.token.name)
        );
        self.saving.saving = Some(index);
        self.sending(message)
    }

    fn sending(&mut self, message: String) -> Vec<Effect> {
        self.saving.busy = true;
        self.saving.not_installed = false;
        self.saving.said = Some(Message::new("save_busy"));
        one(Effect::SendNative(NativeMessage(message)))
    }

    /// The host's answer, as JSON text; `{"ok":false,"unreachable":<the browser's error>}` when the
    /// browser could not reach it. An answer nobody waits for any more (another token is shown since)
    /// is dropped.
    pub(super) fn native_answered(&mut self, text: &str) -> Vec<Effect> {
        let host = self.session.as_ref().map(|session| session.root.origin().host().to_owned()).unwrap_or_default();
        let saving = &mut self.saving;
        if !std::mem::replace(&mut saving.busy, false) {
            return Vec::new();
        }
        let Some(answer) = serde_json::from_str::<Json>(text).ok().filter(Json::is_object) else {
            saving.said = Some(Message::with("save_no_answer", [text.into()]));
            return Vec::new();
        };
        let field = |name: &str| answer.get(name).and_then(Json::as_str).map(str::to_owned);
        if answer.get("ok").and_then(Json::as_bool) != Some(true) {
            saving.said = Some(match (field("unreachable"), field("error")) {
                (Some(error), _) if not_installed(&error) => {
                    saving.not_installed = true;
                    Message::new("save_not_installed")
                }
                (Some(error), _) => Message::with("save_no_answer", [error.into()]),
                (None, error) => Message::with("save_refused", [error.unwrap_or_default().into()]),
            });
            return Vec::new();
        }
        match saving.saving.take() {
            None => {
                let offered = answer.get("targets").and_then(Json::as_list).unwrap_or_default();
                saving.targets = offered.iter().filter_map(|target| offer(target, &host)).collect();
                saving.serial += 1;
                saving.said = None;
            }
            Some(index) => {
                let said = if answer.get("replaced").and_then(Json::as_bool) == Some(true) {
                    "save_replaced"
                } else {
                    "save_added"
                };
                let args = [field("detail").unwrap_or_default().into(), field("file").unwrap_or_default().into()];
                saving.said = Some(Message::with(said, args));
                saving.serial += 1;
                if let Some(target) = saving.targets.get_mut(index) {
                    target.mark = mark(&target.target, true, true, &host);
                }
                if let Some(panel) = &mut self.token {
                    (panel.masked, panel.revealable) = (true, true);
                }
            }
        }
        Vec::new()
    }
}

/// One target of the host's answer to `hello`; `None` without a name or a file.
fn offer(target: &Json, host: &str) -> Option<SaveTarget> {
    let name = target.get("target")?.as_str()?;
    let flag = |key: &str| target.get(key).and_then(Json::as_bool) == Some(true);
    Some(SaveTarget {
        target: name.to_owned(),
        file: target.get("file")?.as_str()?.to_owned(),
        tools: tools(name),
        mark: mark(name, flag("exists"), flag("hasEntry"), host),
    })
}

/// What a save does to the file. `jenkins_jobs.ini` holds one Jenkins: its entry may be another's.
fn mark(target: &str, exists: bool, has_entry: bool, host: &str) -> Message {
    match (exists, has_entry) {
        (_, true) if target == "jenkins_jobs" => Message::new("save_mark_section"),
        (_, true) => Message::with("save_mark_replaces", [host.into()]),
        (true, false) => Message::new("save_mark_adds"),
        (false, false) => Message::new("save_mark_creates"),
    }
}
