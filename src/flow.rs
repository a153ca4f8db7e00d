//! The popup's flow, pure and browser-free: connect (identity and crumb in parallel), then mint on
//! Generate. The same code runs in the extension, in the www page and in native tests, through
//! [`Transport`].

use futures_util::future::join;

use crate::http::TransportError;
use crate::jenkins::answer::Problem;
use crate::jenkins::crumb::{self, Crumb, CrumbAnswer};
use crate::jenkins::errors::{Failure, Step, uncertain_reason};
use crate::jenkins::root::{JenkinsRoot, PageInfo};
use crate::jenkins::token::{self, MintAnswer, MintedToken, TokenOrder};
use crate::jenkins::user::UserTarget;
use crate::jenkins::version::Version;
use crate::jenkins::whoami::{self, Identity};
use crate::transport::Transport;

/// A Jenkins the user is logged in to, ready to mint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub root: JenkinsRoot,
    /// `None` when a proxy hides `X-Jenkins`.
    pub version: Option<Version>,
    pub user: String,
    /// `None` when CSRF protection is off.
    crumb: Option<Crumb>,
}

impl Session {
    pub fn offers_expiry(&self) -> bool {
        self.version.as_ref().is_some_and(Version::has_token_expiry)
    }

    /// The page listing the user's tokens: `/me/security/` from 2.468, the configure page before (CONTRACT §3.1).
    pub fn tokens_url(&self) -> String {
        match &self.version {
            Some(version) if !version.at_least(2, 468) => self.root.url("me/configure"),
            _ => self.root.url("me/security/"),
        }
    }
}

/// Opens the popup: finds the root, then asks who is logged in and for a crumb, in parallel.
pub async fn connect(transport: &impl Transport, page: &PageInfo) -> Result<Session, Failure> {
    let root = JenkinsRoot::from_page(page)?;
    let (identity, crumb) = join(transport.send(whoami::request(&root)), transport.send(crumb::request(&root))).await;
    let identity = identity.map_err(|error| Failure::Unanswered { step: Step::Identity, error })?;
    let who = whoami::parse(&identity).map_err(|problem| match problem {
        Problem::NotJenkins => Failure::NoJenkinsAnswer { root: root.display_url() },
        problem => Failure::BadAnswer { step: Step::Identity, problem },
    })?;
    let user = match who.identity {
        Identity::Anonymous => {
            return Err(Failure::NotLoggedIn { login_url: root.login_url() });
        }
        Identity::User(name) => name,
    };
    if let Some(version) = who.version.as_ref().filter(|version| !version.has_named_tokens()) {
        return Err(Failure::LegacyOnly { version: version.to_string() });
    }
    let crumb = read_crumb(crumb, &root)?;
    Ok(Session { root, version: who.version, user, crumb })
}

fn read_crumb(
    answer: Result<crate::http::Response, TransportError>,
    root: &JenkinsRoot,
) -> Result<Option<Crumb>, Failure> {
    let response = answer.map_err(|error| Failure::Unanswered { step: Step::Crumb, error })?;
    match crumb::parse(&response) {
        Ok(CrumbAnswer::Crumb(crumb)) => Ok(Some(crumb)),
        Ok(CrumbAnswer::CsrfOff) => Ok(None),
        Err(Problem::LoginRequired) => Err(Failure::SessionEnded { login_url: root.login_url() }),
        Err(problem) => Err(Failure::BadAnswer { step: Step::Crumb, problem }),
    }
}

/// Mints one token. A POST refused for its crumb reached no handler and minted nothing, so it is
/// retried once with a fresh crumb; every other answer is final.
pub async fn mint(
    transport: &impl Transport,
    session: &mut Session,
    order: &TokenOrder,
) -> Result<MintedToken, Failure> {
    let mut crumb_refreshed = false;
    loop {
        let request = token::generate_request(&session.root, &UserTarget::Me, order, session.crumb.as_ref());
        let response = match transport.send(request).await {
            Ok(response) => response,
            Err(error) => return Err(uncertain(session, order, Err(&error))),
        };
        let problem = match token::parse_generate(&response, order) {
            Ok(MintAnswer::Minted(token)) => return Ok(token),
            Ok(MintAnswer::Refused(message)) => return Err(Failure::Refused { message }),
            Err(problem) => problem,
        };
        match problem {
            Problem::CrumbRejected if !crumb_refreshed => {
                crumb_refreshed = true;
                let fresh = transport.send(crumb::request(&session.root)).await;
                session.crumb = read_crumb(fresh, &session.root)?;
            }
            Problem::CrumbRejected => return Err(Failure::CrumbRejected),
            Problem::LoginRequired => {
                return Err(Failure::SessionEnded { login_url: session.root.login_url() });
            }
            Problem::ForbiddenEmpty => {
                return Err(Failure::NotAllowed { user: session.user.clone() });
            }
            // Refused before any token was made.
            Problem::Forbidden | Problem::NotFound => {
                return Err(Failure::BadAnswer { step: Step::Mint, problem });
            }
            problem => return Err(uncertain(session, order, Ok(&problem))),
        }
    }
}

fn uncertain(session: &Session, order: &TokenOrder, cause: Result<&Problem, &TransportError>) -> Failure {
    Failure::MintUncertain {
        name: order.name.clone(),
        reason: uncertain_reason(cause),
        tokens_url: session.tokens_url(),
    }
}

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

/// Why Generate did nothing.
#[derive(Debug, PartialEq, Eq)]
pub enum NotNow {
    /// Not ready, or a request is already under way (a double click): ignore the click.
    Busy,
    /// The form needs fixing; the sentence says how.
    Invalid(String),
}

/// The popup's state, separate from the DOM so the rules (one request per click, the form survives a
/// failure) are tested natively.
#[derive(Debug)]
pub struct Popup {
    session: Option<Session>,
    screen: Screen,
}

impl Default for Popup {
    fn default() -> Self {
        Popup { session: None, screen: Screen::Connecting }
    }
}

impl Popup {
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
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

    /// Generate was clicked: hands out the session and the order, once, and shows Minting until
    /// [`Popup::mint_finished`] gives the session back.
    pub fn begin_mint(&mut self, form: &crate::form::TokenForm, today: &str) -> Result<(Session, TokenOrder), NotNow> {
        if !matches!(self.screen, Screen::Ready { .. }) {
            return Err(NotNow::Busy);
        }
        let session = self.session.as_ref().ok_or(NotNow::Busy)?;
        let order = form.order(session.offers_expiry(), today).map_err(NotNow::Invalid)?;
        let session = self.session.take().ok_or(NotNow::Busy)?;
        self.screen = Screen::Minting;
        Ok((session, order))
    }

    pub fn mint_finished(&mut self, session: Session, result: Result<MintedToken, Failure>) {
        self.session = Some(session);
        self.screen = match result {
            Ok(token) => Screen::Minted(token),
            Err(failure) => Screen::Ready { failure: Some(failure) },
        };
    }
}
