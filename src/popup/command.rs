//! What can happen to the popup: every DOM event, parsed once where it arrives, and every answer the
//! page glue or a job brings back.

use crate::flow::Session;
use crate::form::{BrowserInfo, TokenForm};
use crate::jenkins::root::PageInfo;
use crate::pending_mint::PendingMint;
use crate::settings::Resolved;

use super::effect::{Copied, Done, Timer};

/// One thing that happened. [`super::Popup::update`] decides what follows.
#[derive(Debug)]
pub enum Command {
    // Start-up, and the page glue's answers.
    /// At start: the settings as read, the browser's name and system (for the default token name),
    /// and what the tab's page shows (the form opens from it where it shows enough).
    Start {
        settings: Resolved,
        browser: BrowserInfo,
        page: PageInfo,
    },
    /// Jenkins' answer to who is logged in, with a fresh crumb: the session, confirmed.
    Connected(Result<Session, crate::failure::Failure>),
    /// The pending mints the journal held when the popup opened.
    Recalled(Vec<PendingMint>),
    /// The operations center's address as stored for this controller, if any.
    SettingLoaded(Option<String>),
    /// A job ended: the session comes back with what it did.
    Done(Box<Done>),
    Copied {
        what: Copied,
        result: Result<(), String>,
    },
    /// Whether the clipboard may be cleared later (the permissions it needs are granted).
    ClipboardPermitted(bool),
    /// The answer to asking for those permissions.
    ClipboardAsked(bool),
    /// Whether the background worker took the clearing on.
    ClearArmed(bool),
    /// Whether the `nativeMessaging` permission is granted.
    NativePermitted(bool),
    /// The answer to asking for it.
    NativeAsked(bool),
    /// The native host's answer, as JSON text (see `PopupHost.sendNative`).
    NativeAnswered(String),
    Timer(Timer),

    // The user.
    SelectPanel(Panel),
    /// An arrow key on the panel tabs.
    NextPanel,
    FormChanged(TokenForm),
    Generate(TokenForm),
    CopyToken,
    CopySnippet(usize),
    CopyUserId,
    /// Show or hide the masked token.
    Reveal,
    Verify,
    RevokeNew(Step),
    LegacyShow,
    LegacyChange(Step),
    /// A button of the list item at `index`.
    ListItem {
        index: usize,
        action: ItemCommand,
    },
    Cleanup(CleanupCommand),
    Notice(NoticeCommand),
    /// The "clear the clipboard" box was ticked (`true`) or unticked.
    ClearClipboard(bool),
    SaveOperationsCenter(String),
    OpenOptions,
    /// "Save to this computer…".
    SaveToComputer,
    /// A file it offers, by the host's word for it (`netrc`).
    SaveTo(String),
}

/// The popup's two panels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    New,
    List,
}

/// A confirmed action's three clicks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Ask,
    Cancel,
    Confirm,
}

/// An action on a listed token, from the list's buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListAction {
    Rename,
    Revoke,
    Rotate,
}

impl Command {
    /// Sends a request to Jenkins. While the session is the one the page showed, such a command
    /// waits for Jenkins to confirm it (docs/architecture.md).
    pub fn needs_jenkins(&self) -> bool {
        matches!(
            self,
            Command::Generate(_)
                | Command::Verify
                | Command::RevokeNew(Step::Confirm)
                | Command::LegacyShow
                | Command::LegacyChange(Step::Confirm)
                | Command::ListItem { .. }
                | Command::Cleanup(_)
                | Command::Notice(_)
                | Command::SelectPanel(Panel::List)
                | Command::NextPanel
        )
    }
}

impl ListAction {
    /// The `data-action` (or `data-confirms`) of a list button. Anything else is not an action:
    /// never a default, so a button with a missing or misspelt one does nothing.
    pub fn parse(name: &str) -> Option<ListAction> {
        match name {
            "rename" => Some(ListAction::Rename),
            "revoke" => Some(ListAction::Revoke),
            "rotate" => Some(ListAction::Rotate),
            _ => None,
        }
    }

    /// The name [`ListAction::parse`] reads.
    pub fn name(self) -> &'static str {
        match self {
            ListAction::Rename => "rename",
            ListAction::Revoke => "revoke",
            ListAction::Rotate => "rotate",
        }
    }
}

/// What a list item's button asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemCommand {
    /// Opens the rename form, or the confirmation of a revoke or a rotation.
    Open(ListAction),
    Cancel,
    /// The confirmation's button.
    Confirm(ListAction),
    /// The rename form was sent with this name.
    Rename(String),
}

impl ItemCommand {
    /// A list button's `data-action` (and, for the confirmation's, its `data-confirms`).
    pub fn parse(action: &str, confirms: Option<&str>) -> Option<ItemCommand> {
        match action {
            "cancel" => Some(ItemCommand::Cancel),
            "confirm" => confirms.and_then(ListAction::parse).map(ItemCommand::Confirm),
            action => ListAction::parse(action).map(ItemCommand::Open),
        }
    }
}

/// Clean up…'s buttons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CleanupCommand {
    Open,
    Cancel,
    /// "Revoke the ticked tokens…", with the indexes of the ticked ones.
    Next(Vec<usize>),
    Confirm,
}

/// The notice's buttons, about a mint whose outcome was unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeCommand {
    Revoke(Step),
    Keep,
    Dismiss,
}
