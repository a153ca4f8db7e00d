//! The state of each panel of the popup, as the page glue draws it: the form's optional parts, the
//! token shown once, the list, the notice about a mint whose outcome was unknown, and the clipboard.

use crate::failure::Failure;
use crate::form::TokenForm;
use crate::jenkins::script::groovy;
use crate::jenkins::token::MintedToken;
use crate::jenkins::token_list::ListedToken;
use crate::messages::Message;
use crate::pending_mint::PendingMint;

use super::command::ListAction;

/// Above everything, as an alert: a failure (with the link its sentence refers to), or sentences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alert<'a> {
    Failure(&'a Failure),
    Said(&'a [Message]),
}

/// What the last action met, kept for the alert until the next action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Met {
    Failure(Failure),
    Said(Vec<Message>),
}

/// The form's optional parts, kept in step with its choices.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormView {
    pub expiry_row: bool,
    pub custom_date: bool,
    pub never_warning: bool,
    /// The exact script the script console would run, when that path is chosen.
    pub script: Option<String>,
}

impl FormView {
    pub fn of(form: &TokenForm, me: &str, offers_expiry: bool) -> FormView {
        let scripted = form.use_script_console;
        let for_user = form.for_user.trim();
        let owner = if for_user.is_empty() { me } else { for_user };
        FormView {
            expiry_row: offers_expiry && !scripted,
            custom_date: form.expiry == "custom",
            never_warning: form.expiry == "never",
            script: scripted.then(|| groovy(owner, form.name.trim())),
        }
    }
}

/// The token shown once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenPanel {
    pub token: MintedToken,
    /// Whose it is: the id the snippets and Verify use.
    pub owner: String,
    /// Counts the tokens shown, so that the glue knows a new one from the same one.
    pub serial: u32,
    pub masked: bool,
    /// Masked once already: Show and Hide are offered from then on.
    pub revealable: bool,
    /// Drawn once the token is on screen.
    pub snippets: bool,
    pub copy_status: Vec<Message>,
    pub action_status: Option<Message>,
    pub revoke_confirm: bool,
    /// Revoked with "Revoke this token": its value is useless now.
    pub revoked: bool,
}

/// Where Clean up… is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cleanup {
    Off,
    Choose,
    /// Confirming: the sentence that names what it will revoke.
    Confirm(Message),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListPanel {
    /// The user's tokens as last read; `None` until read, and again after work that may change them.
    pub tokens: Option<Vec<ListedToken>>,
    /// Counts the reads, so that the glue redraws the items only when the list changed.
    pub serial: u32,
    pub status: Option<Message>,
    pub cleanup: Cleanup,
    /// The item whose rename form or confirmation is open.
    pub open: Option<(usize, ListAction)>,
    /// The item whose action is under way.
    pub busy_item: Option<usize>,
    /// What to say once the list is read again after an action.
    pub after_read: Option<Message>,
    /// The tokens Clean up… will revoke, as indexes, while it asks.
    pub ticked: Vec<usize>,
}

impl Default for ListPanel {
    fn default() -> ListPanel {
        ListPanel {
            tokens: None,
            serial: 0,
            status: None,
            cleanup: Cleanup::Off,
            open: None,
            busy_item: None,
            after_read: None,
            ticked: Vec::new(),
        }
    }
}

/// The notice about a mint whose outcome was unknown: the popup closed before showing it, or Jenkins'
/// answer was lost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticePanel {
    pub record: PendingMint,
    pub what_happened: Message,
    /// What the list showed; `None` while it is read.
    pub finding: Option<Message>,
    pub looking: bool,
    /// The tokens nobody saw, for Revoke.
    pub unseen: Vec<ListedToken>,
    pub confirm: bool,
    /// Where to look by hand, when the list cannot be read here.
    pub link: Option<String>,
    /// For a lost answer: the failure, said as it is when the list cannot be read.
    pub lost: Option<Failure>,
}

impl NoticePanel {
    /// Revoke (it, or them) and Keep while unseen tokens are listed; else only Dismiss.
    pub fn offers_revoke(&self) -> bool {
        !self.unseen.is_empty()
    }
}

/// Copying, and clearing the clipboard later.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Clipboard {
    /// The page glue can have the clipboard cleared (the extension; not the www page).
    pub clearing: bool,
    /// The permissions clearing needs are granted; `None` until asked.
    pub permitted: Option<bool>,
    /// What the popup last put there, to clear it when clearing is turned on afterwards.
    pub last_copied: Option<String>,
    /// The status line's "Copied" stays, before when the clipboard will be cleared, once the worker
    /// has taken clearing on.
    pub keep_copied: bool,
    /// What is being copied, until the glue says it was.
    pub copying: Option<String>,
    /// Copied before it was known whether clearing is permitted: armed once it is.
    pub arm_when_permitted: Option<String>,
    /// The wait the worker was last given.
    pub delay_ms: u32,
}
