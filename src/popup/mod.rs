//! The popup as one state and one function that decides. Every DOM event and every answer is a
//! [`Command`]; [`Popup::update`] changes the state and returns the [`Effect`]s to carry out: a job
//! that talks to Jenkins, a copy, a pending mint to remember or forget, a permission to ask for, a
//! timer, a page to open. The page glue (the `web` crate) only draws the state and carries out effects,
//! so every decision is here, tested natively (docs/architecture.md walks one Generate click through).
//!
//! One job at a time holds the session: it goes out in [`Job`] and comes back in [`Done`], with any
//! fresh crumb. So requests never overlap, and a double click makes one request.

mod command;
mod effect;
pub mod jobs;
mod panels;
mod saving;
#[cfg(test)]
mod tests;
mod update;

pub use command::{CleanupCommand, Command, ItemCommand, ListAction, NoticeCommand, Panel, Step};
pub use effect::{Copied, Done, Effect, Focus, FormFill, Job, Outcome, Task, Timer};
use panels::Met;
pub use panels::{Alert, Cleanup, Clipboard, FormView, ListPanel, NoticePanel, TokenPanel};
pub use saving::{INSTALL_COMMANDS, NativeMessage, SavePanel, SaveTarget};

use crate::day::Day;
use crate::failure::Failure;
use crate::flow::{RotateFailure, Session, TokenList};
use crate::form::{self, BrowserInfo, TokenForm};
use crate::jenkins::deployment;
use crate::jenkins::snippets::snippets;
use crate::jenkins::token::MintedToken;
use crate::jenkins::token_list::ListedToken;
use crate::messages::{self, Message};
use crate::pending_mint::{Action, Look, PendingMint, ReadAt};
use crate::settings::{DEFAULT_CLEAR_SECONDS, Key, Settings};

/// The user's clock when something happens: milliseconds since the epoch, and the local day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Now {
    pub ms: u64,
    pub day: Day,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    Connecting,
    /// Could not connect; the failure is all there is to show.
    Failed(Failure),
    Ready,
}

/// What the page glue can do, and its timing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Host {
    /// The clipboard can be cleared later (the extension).
    pub clearing: bool,
    /// The options page can be opened (the extension).
    pub options: bool,
    /// The native host can be asked for and talked to (the extension): "Save to this computer…".
    pub native: bool,
    /// How long a new token stays readable (`settings::MASK_AFTER_MS`, or less).
    pub mask_after_ms: u32,
    /// How long the clipboard keeps a copy before it is cleared, when set for tests (else the
    /// settings' wait).
    pub clear_after_ms: Option<u32>,
}

#[derive(Debug)]
pub struct Popup {
    host: Host,
    phase: Phase,
    session: Option<Session>,
    /// A job holds the session.
    busy: bool,
    panel: Panel,
    settings: Settings,
    locked: Vec<Key>,
    browser: BrowserInfo,
    /// Said above everything until the next action; a failed mint's failure stays until the next Generate.
    alert: Option<Met>,
    mint_failure: Option<Failure>,
    minting: bool,
    /// While the notice about a token nobody saw is open: its name, and whether Generate with that
    /// name was clicked once already.
    just_made: Option<(String, bool)>,
    form: FormView,
    token: Option<TokenPanel>,
    shown: u32,
    list: ListPanel,
    notice: Option<NoticePanel>,
    legacy_confirm: bool,
    clipboard: Clipboard,
    operations_center: Option<String>,
    /// "Copied" on the user id's own button.
    user_id_copied: Option<Message>,
    /// The user's local day, as of the last command.
    today: Day,
    /// The pending mints the journal held at start, until the session is known.
    recalled: Option<Vec<PendingMint>>,
    /// The record of the mint under way.
    pending: Option<PendingMint>,
    /// The session came from Jenkins' answers, not only from what the page showed.
    confirmed: bool,
    /// Commands that need Jenkins, given before the session was confirmed: carried out then.
    waiting: Vec<Command>,
    saving: SavePanel,
    /// Whether the `nativeMessaging` permission is granted; `None` until known.
    native_permitted: Option<bool>,
}

impl Popup {
    pub fn new(host: Host) -> Popup {
        Popup {
            clipboard: Clipboard { clearing: host.clearing, ..Clipboard::default() },
            host,
            phase: Phase::Connecting,
            session: None,
            busy: false,
            panel: Panel::New,
            settings: Settings::default(),
            locked: Vec::new(),
            browser: BrowserInfo::default(),
            alert: None,
            mint_failure: None,
            minting: false,
            just_made: None,
            form: FormView::default(),
            token: None,
            shown: 0,
            list: ListPanel::default(),
            notice: None,
            legacy_confirm: false,
            operations_center: None,
            user_id_copied: None,
            today: Day::from_epoch_ms(0),
            recalled: None,
            pending: None,
            confirmed: false,
            waiting: Vec::new(),
            saving: SavePanel::default(),
            native_permitted: None,
        }
    }
}

/// Where a controller's operations-center address is stored, per controller origin.
pub fn setting_key(session: &Session) -> String {
    format!("operations-center:{}", session.root.origin().as_str())
}

/// What the page glue draws: the state, read-only.
impl Popup {
    pub fn host(&self) -> &Host {
        &self.host
    }

    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    pub fn panel(&self) -> Panel {
        self.panel
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// What the alert says: what the last action met, else why the last Generate made nothing, else
    /// why the popup could not connect.
    pub fn alert(&self) -> Option<Alert<'_>> {
        match (&self.alert, &self.mint_failure, &self.phase) {
            (Some(Met::Failure(failure)), _, _) => Some(Alert::Failure(failure)),
            (Some(Met::Said(sentences)), _, _) => Some(Alert::Said(sentences)),
            (None, Some(failure), _) | (None, None, Phase::Failed(failure)) => Some(Alert::Failure(failure)),
            _ => None,
        }
    }

    /// The status line: connecting, or making the token.
    pub fn status(&self) -> Option<Message> {
        match (&self.phase, self.minting()) {
            (Phase::Connecting, _) => Some(Message::new("status_connecting")),
            (_, true) => Some(Message::new("status_minting")),
            _ => None,
        }
    }

    /// Making a token, or about to once Jenkins has confirmed the session.
    pub fn minting(&self) -> bool {
        self.minting || self.waiting.iter().any(|command| matches!(command, Command::Generate(_)))
    }

    /// Generate can be clicked.
    pub fn can_generate(&self) -> bool {
        matches!(self.phase, Phase::Ready) && !self.minting()
    }

    /// The session was confirmed by Jenkins (else it is what the page showed, or none yet).
    pub fn confirmed(&self) -> bool {
        self.confirmed
    }

    pub fn form(&self) -> &FormView {
        &self.form
    }

    pub fn token(&self) -> Option<&TokenPanel> {
        self.token.as_ref()
    }

    pub fn list(&self) -> &ListPanel {
        &self.list
    }

    pub fn notice(&self) -> Option<&NoticePanel> {
        self.notice.as_ref()
    }

    pub fn legacy_confirm(&self) -> bool {
        self.legacy_confirm
    }

    pub fn operations_center(&self) -> Option<&str> {
        self.operations_center.as_deref()
    }

    pub fn user_id_copied(&self) -> Option<&Message> {
        self.user_id_copied.as_ref()
    }

    pub fn today(&self) -> Day {
        self.today
    }

    /// The box under the token: shown where the clipboard can be cleared; ticked while clearing is
    /// on and permitted; the organisation's wait cannot be turned off, only granted the permission
    /// it needs. Its label says how long.
    pub fn clear_box(&self) -> Option<ClearBox> {
        if !self.clipboard.clearing {
            return None;
        }
        let (seconds, locked) =
            (self.settings.clipboard_clear_seconds, self.locked.contains(&Key::ClipboardClearSeconds));
        let permitted = self.clipboard.permitted == Some(true);
        let shown = if seconds == 0 { DEFAULT_CLEAR_SECONDS } else { seconds };
        Some(ClearBox {
            ticked: seconds > 0 && permitted,
            locked: locked && (seconds == 0 || permitted),
            label: messages::clear_after(shown),
        })
    }
}

/// The "clear the clipboard" box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClearBox {
    pub ticked: bool,
    pub locked: bool,
    pub label: Message,
}
