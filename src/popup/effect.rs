//! What the page glue carries out for the popup: the jobs that talk to Jenkins, and the browser's
//! services (the clipboard, the journal of pending mints, timers, storage, focus).

use crate::failure::Failure;
use crate::flow::{CleanUp, RotateFailure, Session, TokenList};
use crate::jenkins::token::{MintedToken, TokenOrder};
use crate::jenkins::token_list::ListedToken;
use crate::jenkins::verify::Verdict;
use crate::messages::Message;
use crate::pending_mint::PendingMint;
use crate::settings::Key;

use super::command::Panel;
use super::saving::NativeMessage;

#[derive(Debug)]
pub enum Effect {
    /// Talk to Jenkins with the session (the answer: `Command::Done`).
    Run(Box<Job>),
    /// Write down a mint about to happen, where it outlives the popup (never a token value).
    Remember(Box<PendingMint>),
    /// Its outcome is known: the record has done its job.
    Forget(Box<PendingMint>),
    /// Put `text` on the clipboard (the answer: `Command::Copied`).
    Copy {
        text: String,
        what: Copied,
    },
    /// Whether the clipboard may be cleared later (the answer: `Command::ClipboardPermitted`).
    CheckClipboard,
    /// Ask for the permissions clearing needs, in the click (the answer: `Command::ClipboardAsked`).
    AskClipboard,
    /// Give them back.
    DropClipboard,
    /// Have the background worker clear `text` from the clipboard after `ms`, if it still holds it
    /// (the answer: `Command::ClearArmed`).
    ClearLater {
        text: String,
        ms: u32,
    },
    /// Save one of the user's options (synced storage).
    SaveOption {
        key: Key,
        value: u32,
    },
    /// Read the stored setting of this name (the answer: `Command::SettingLoaded`).
    LoadSetting(String),
    SaveSetting {
        key: String,
        value: String,
    },
    /// `Command::Timer(timer)` after `ms` (after the next frame when 0).
    Later {
        timer: Timer,
        ms: u32,
    },
    OpenOptions,
    Focus(Focus),
    /// Fill the form once the session is known; never again, so nothing the user typed is lost.
    FillForm(Box<FormFill>),
    /// Whether `nativeMessaging` is granted (the answer: `Command::NativePermitted`).
    CheckNative,
    /// Ask for it, in the click (the answer: `Command::NativeAsked`).
    AskNative,
    /// Send the native host this message (the answer: `Command::NativeAnswered`).
    SendNative(NativeMessage),
}

/// The record is boxed: it is the largest payload, and every effect is as large as the largest.
impl Effect {
    pub fn remember(record: PendingMint) -> Effect {
        Effect::Remember(Box::new(record))
    }

    pub fn forget(record: PendingMint) -> Effect {
        Effect::Forget(Box::new(record))
    }
}

/// What was copied, to say so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Copied {
    Token,
    /// A snippet, by its title.
    Snippet(Message),
    UserId,
}

/// A timer for the token shown (its `serial`): nothing happens when another is shown by then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// The snippets are drawn once the token is on screen.
    Snippets(u32),
    /// A new token is masked after a while.
    Mask(u32),
}

/// What takes the keyboard focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The new token's field, with its value selected (so Ctrl+C copies it again).
    Token,
    RevokeNewYes,
    Tab(Panel),
    /// The list item's rename field, or its confirmation's button.
    ItemRename(usize),
    ItemConfirm(usize),
    CleanupYes,
}

/// The form as the session and the settings want it, filled in once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormFill {
    pub name: Message,
    /// The expiry choice, the custom date that goes with it, and the custom date's bounds.
    pub expiry: &'static str,
    pub custom_date: Option<String>,
    pub earliest: String,
    pub latest: Option<String>,
    /// The expiry choices the organisation's limit leaves.
    pub offered: Vec<&'static str>,
    /// The organisation's limit, said under the expiry choice.
    pub limit: Option<Message>,
    pub for_others: bool,
    pub script_console: bool,
}

/// Work that talks to Jenkins, with the session it needs; one at a time holds it.
#[derive(Debug)]
pub struct Job {
    pub session: Session,
    pub task: Task,
}

#[derive(Debug, Clone)]
pub enum Task {
    Mint(TokenOrder),
    Verify(MintedToken),
    /// "Revoke this token", for the one just shown.
    RevokeNew(MintedToken),
    ReadList,
    Rename {
        token: ListedToken,
        name: String,
    },
    Revoke(ListedToken),
    Rotate(ListedToken),
    CleanUp(Vec<ListedToken>),
    ShowLegacy,
    ChangeLegacy,
    /// Read the list for a pending mint's tokens.
    Look(PendingMint),
    /// Revoke the tokens nobody saw.
    RevokeUnseen(Vec<ListedToken>),
}

/// A job's end: the session back (with any fresh crumb), and what it did.
#[derive(Debug)]
pub struct Done {
    pub session: Session,
    pub outcome: Outcome,
}

#[derive(Debug)]
pub enum Outcome {
    Minted(Result<MintedToken, Failure>),
    Verified(Result<Verdict, Failure>),
    RevokedNew(Result<(), Failure>),
    Listed(Result<TokenList, Failure>),
    Renamed { token: ListedToken, name: String, result: Result<(), Failure> },
    Revoked { token: ListedToken, result: Result<(), Failure> },
    Rotated { old: ListedToken, result: Result<MintedToken, RotateFailure> },
    CleanedUp(CleanUp),
    Legacy { changed: bool, result: Result<MintedToken, Failure> },
    Looked(Result<TokenList, Failure>),
    RevokedUnseen(CleanUp),
}
