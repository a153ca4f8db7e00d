//! The popup's state in one place, separate from the DOM so its rules are tested natively: what is
//! shown, which view is open, whether the token list is loaded, and what work is under way. One piece
//! of work at a time holds the session, as a [`Turn`]; when the turn ends, however it ends, the
//! session comes back with any fresh crumb, and a list the work may have changed is marked stale.
//! So requests never overlap, a double click makes one request, and no forgotten hand-back can
//! leave the popup stuck.

use std::cell::RefCell;
use std::rc::Rc;

use crate::failure::Failure;
use crate::flow::Session;
use crate::form::{FormProblem, TokenForm};
use crate::jenkins::token::{MintedToken, TokenOrder};
use crate::jenkins::token_list::ListedToken;
use crate::settings::{Key, Resolved, Settings};

/// What the popup shows. Transitions: Connecting → Ready | Failed; Ready → Minting → Minted | Ready
/// (with the failure shown above the untouched form).
#[derive(Debug, PartialEq, Eq)]
pub enum Screen {
    Connecting,
    /// Could not connect; the message is all there is to show.
    Failed(Failure),
    Ready {
        failure: Option<Failure>,
    },
    Minting,
    Minted(MintedToken),
}

/// The popup's two views.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    New,
    List,
}

/// The work that may hold the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    Mint,
    Verify,
    ReadList,
    Revoke,
    Rename,
    Rotate,
    ShowLegacy,
    ChangeLegacy,
}

impl Work {
    /// Whether the work may change the user's tokens (so a list read before is stale).
    fn changes_tokens(self) -> bool {
        !matches!(self, Work::Verify | Work::ReadList | Work::ShowLegacy)
    }
}

/// An action on a listed token, from the list's buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListAction {
    Rename,
    Revoke,
    Rotate,
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

    pub fn work(self) -> Work {
        match self {
            ListAction::Rename => Work::Rename,
            ListAction::Revoke => Work::Revoke,
            ListAction::Rotate => Work::Rotate,
        }
    }
}

/// Why Generate did nothing.
#[derive(Debug, PartialEq, Eq)]
pub enum NotNow {
    /// Not ready, or a request is already under way (a double click): ignore the click.
    Busy,
    /// The form needs fixing.
    Invalid(FormProblem),
    /// Jenkins just made a token of this name that nobody saw (the notice about it is open): the
    /// click is taken as a reflex, and only a second one mints.
    JustMade(String),
}

#[derive(Debug)]
pub struct Popup {
    session: Option<Session>,
    screen: Screen,
    tab: Tab,
    /// The user's tokens as last read; `None` until read, and again after work that changes them.
    tokens: Option<Vec<ListedToken>>,
    busy: Option<Work>,
    /// Defaults, the user's options and the organisation's policy, resolved.
    settings: Settings,
    /// The keys the organisation's policy sets.
    locked: Vec<Key>,
    /// While the notice about a token nobody saw is open: its name, and whether Generate with that
    /// name was clicked once already.
    just_made: Option<(String, bool)>,
}

impl Default for Popup {
    fn default() -> Self {
        Popup {
            session: None,
            screen: Screen::Connecting,
            tab: Tab::New,
            tokens: None,
            busy: None,
            settings: Settings::default(),
            locked: Vec::new(),
            just_made: None,
        }
    }
}

/// The state as the page glue holds it: shared by its event handlers and the work they start.
pub type Shared = Rc<RefCell<Popup>>;

/// One piece of work holding the session. Dropping it ends the turn.
#[derive(Debug)]
pub struct Turn {
    popup: Shared,
    work: Work,
    pub session: Session,
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut popup = self.popup.borrow_mut();
        popup.busy = None;
        popup.session = Some(self.session.clone());
        if self.work.changes_tokens() {
            popup.tokens = None;
        }
        if self.work == Work::Mint && popup.screen == Screen::Minting {
            popup.screen = Screen::Ready { failure: None };
        }
    }
}

impl Turn {
    pub fn work(&self) -> Work {
        self.work
    }

    /// A mint's outcome: the token is shown, or the failure above the untouched form.
    pub fn minted(self, result: Result<MintedToken, Failure>) {
        self.popup.borrow_mut().screen = match result {
            Ok(token) => Screen::Minted(token),
            Err(failure) => Screen::Ready { failure: Some(failure) },
        };
    }

    /// The list as just read.
    pub fn listed(self, tokens: Vec<ListedToken>) {
        self.popup.borrow_mut().tokens = Some(tokens);
    }
}

impl Popup {
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    pub fn tab(&self) -> Tab {
        self.tab
    }

    /// The list as last read, unless work since may have changed it.
    pub fn tokens(&self) -> Option<&[ListedToken]> {
        self.tokens.as_deref()
    }

    pub fn busy(&self) -> Option<Work> {
        self.busy
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// A setting the user changed from the popup (the clipboard checkbox).
    pub fn settings_mut(&mut self) -> &mut Settings {
        &mut self.settings
    }

    /// Whether the organisation's policy sets `key` (the user cannot change it).
    pub fn locked(&self, key: Key) -> bool {
        self.locked.contains(&key)
    }

    /// The settings as read at start, before connecting.
    pub fn set_settings(&mut self, resolved: Resolved) {
        self.settings = resolved.settings;
        self.locked = resolved.locked;
    }

    pub fn connected(&mut self, result: Result<Session, Failure>) {
        match result {
            Ok(session) => {
                self.session = Some(session);
                self.screen = Screen::Ready { failure: None };
            }
            Err(failure) => self.screen = Screen::Failed(failure),
        }
    }

    /// Opens a view; answers whether the list must be read for it.
    pub fn open(&mut self, tab: Tab) -> bool {
        self.tab = tab;
        tab == Tab::List && self.tokens.is_none()
    }

    /// A failure to say above the form, when the work that met it has already ended.
    pub fn fail(&mut self, failure: Failure) {
        if matches!(self.screen, Screen::Ready { .. }) {
            self.screen = Screen::Ready { failure: Some(failure) };
        }
    }

    /// The notice found a token nobody saw, named `name` (or none, or the user settled it: `None`).
    pub fn set_just_made(&mut self, name: Option<String>) {
        self.just_made = name.map(|name| (name, false));
    }

    /// A token made by other work (a rotation, the legacy token) is shown like a minted one.
    pub fn show_token(&mut self, token: MintedToken) {
        self.screen = Screen::Minted(token);
        self.tab = Tab::New;
    }

    /// The session for `work`, unless other work holds it (or there is none yet).
    pub fn take_turn(popup: &Shared, work: Work) -> Option<Turn> {
        let mut state = popup.borrow_mut();
        if state.busy.is_some() {
            return None;
        }
        let session = state.session.clone()?;
        state.busy = Some(work);
        Some(Turn { popup: popup.clone(), work, session })
    }

    /// Generate was clicked: the order, once, with the turn that mints it; Minting shows until the
    /// turn ends.
    pub fn begin_mint(popup: &Shared, form: &TokenForm, today: &str) -> Result<(Turn, TokenOrder), NotNow> {
        let order = {
            let state = popup.borrow();
            let session = state.session.as_ref().filter(|_| matches!(state.screen, Screen::Ready { .. }));
            let session = session.filter(|session| !session.legacy_only()).ok_or(NotNow::Busy)?;
            form.order(&session.form_context(today, &state.settings)).map_err(NotNow::Invalid)?
        };
        if let Some((name, warned)) = &mut popup.borrow_mut().just_made
            && *name == order.name
            && !std::mem::replace(warned, true)
        {
            return Err(NotNow::JustMade(name.clone()));
        }
        let turn = Popup::take_turn(popup, Work::Mint).ok_or(NotNow::Busy)?;
        popup.borrow_mut().screen = Screen::Minting;
        Ok((turn, order))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_actions_are_parsed_once_and_unknown_ones_are_none() {
        assert_eq!(ListAction::parse("rename"), Some(ListAction::Rename));
        assert_eq!(ListAction::parse("revoke"), Some(ListAction::Revoke));
        assert_eq!(ListAction::parse("rotate"), Some(ListAction::Rotate));
        for action in [ListAction::Rename, ListAction::Revoke, ListAction::Rotate] {
            assert_eq!(ListAction::parse(action.name()), Some(action));
        }
        for other in ["", "Rotate", "delete", "cancel", "confirm"] {
            assert_eq!(ListAction::parse(other), None, "{other}");
        }
    }

    #[test]
    fn no_turn_before_connecting() {
        let popup = Shared::default();
        assert!(Popup::take_turn(&popup, Work::ReadList).is_none());
        assert!(!popup.borrow_mut().open(Tab::New));
        assert!(popup.borrow_mut().open(Tab::List), "the list is not read yet");
    }
}
