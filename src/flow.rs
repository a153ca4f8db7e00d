//! The popup's flow, pure and browser-free: connect (identity and crumb in parallel), mint on Generate, then
//! verify, list, rename, rotate and revoke. The same code runs in the extension, in the www page and in native
//! tests, through [`Transport`].

use futures_util::future::join;

use crate::day::Day;
use crate::expiry::Expiry;
use crate::failure::{Failure, Step, Uncertainty};
use crate::form::FormContext;
use crate::html::HtmlParser;
use crate::http::{Response, TransportError};
use crate::jenkins::answer::{Problem, problem_with_status};
use crate::jenkins::crumb::{self, Crumb, CrumbAnswer};
use crate::jenkins::deployment::{self, Deployment, Evidence};
use crate::jenkins::legacy::{self, LegacyToken};
use crate::jenkins::page::HeaderSays;
use crate::jenkins::root::{JenkinsRoot, PageInfo};
use crate::jenkins::script::{self, ScriptAnswer};
use crate::jenkins::token::{self, MintAnswer, MintedToken, TokenOrder};
use crate::jenkins::token_list::{self, ListedToken};
use crate::jenkins::user::UserTarget;
use crate::jenkins::verify::{self, Verdict};
use crate::jenkins::version::Version;
use crate::jenkins::whoami::{self, Identity};
use crate::settings::Settings;
use crate::transport::Transport;

/// A Jenkins the user is logged in to, ready to mint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub root: JenkinsRoot,
    /// `None` when a proxy hides `X-Jenkins`.
    pub version: Option<Version>,
    /// The id: what Basic auth, the snippets and Verify use.
    pub user: String,
    /// The name the page header shows for that id, when the page has one and it differs from the id
    /// (single sign-on ids are often opaque).
    pub full_name: Option<String>,
    /// `None` when CSRF protection is off.
    pub(crate) crumb: Option<Crumb>,
    /// Plain Jenkins, or what kind of CloudBees CI.
    pub deployment: Deployment,
}

impl Session {
    pub fn offers_expiry(&self) -> bool {
        self.version.as_ref().is_some_and(Version::has_token_expiry)
    }

    /// Jenkins before 2.129 has only the one legacy token per user (docs/jenkins.md#legacy-token).
    pub fn legacy_only(&self) -> bool {
        self.version.as_ref().is_some_and(|version| !version.has_named_tokens())
    }

    /// What the form needs to know.
    pub fn form_context<'a>(&'a self, today: &'a str, settings: &'a Settings) -> FormContext<'a> {
        FormContext {
            offers_expiry: self.offers_expiry(),
            today,
            me: &self.user,
            warn_controller: matches!(self.deployment, Deployment::ConnectedController { .. }),
            settings,
        }
    }

    /// The page listing the user's tokens (docs/jenkins.md#where-the-list-is).
    pub fn tokens_url(&self) -> String {
        token_list::page_url(&self.root, &UserTarget::Me, self.version.as_ref())
    }
}

#[cfg(test)]
impl Session {
    /// A session as [`connect`] makes it (with a crumb), for the popup's own tests.
    pub fn stand_in(url: &str, version: &str, user: &str) -> Session {
        let page = PageInfo::at(url, "");
        Session {
            root: JenkinsRoot::from_page(&page).expect("a Jenkins page"),
            version: Version::parse(version),
            user: user.to_owned(),
            full_name: None,
            crumb: Some(Crumb { field: "Jenkins-Crumb".into(), value: "c0ffee".into() }),
            deployment: Deployment::Jenkins,
        }
    }
}

/// Opens the popup: finds the root, then asks who is logged in and for a crumb, in parallel. Only a
/// CloudBees CI version costs more: two probes for an operations center (see [`deployment`]).
pub async fn connect(transport: &impl Transport, page: &PageInfo) -> Result<Session, Failure> {
    connect_with(transport, page, &Settings::default()).await
}

/// [`connect`], under the organisation's rules: on a Jenkins it has not enabled, nothing is sent at
/// all; a controller it names as connected to an operations center is taken as such, unprobed.
pub async fn connect_with(
    transport: &impl Transport,
    page: &PageInfo,
    settings: &Settings,
) -> Result<Session, Failure> {
    let root = JenkinsRoot::from_page(page)?;
    if !settings.allows(&root) {
        return Err(Failure::NotEnabledHere { root: root.display_url() });
    }
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
    let crumb = read_crumb(crumb, &root)?;
    let deployment = if settings.operations_center(&root).is_some() {
        Deployment::ConnectedController { evidence: Evidence::Policy }
    } else if deployment::is_cloudbees(who.version.as_ref()) {
        let (plugins, login) =
            join(transport.send(deployment::plugins_request(&root)), transport.send(deployment::login_request(&root)))
                .await;
        deployment::classify(plugins.as_ref(), login.as_ref())
    } else {
        Deployment::Jenkins
    };
    let full_name = crate::jenkins::user::full_name(&root, &user, &page.user_links);
    Ok(Session { root, version: who.version, user, full_name, crumb, deployment })
}

/// The session the tab's page shows (`jenkins::page`), to open the form before any request: only
/// for a page that names its user and, where CSRF protection is on, its crumb, on a Jenkins the
/// organisation allows and that needs no operations-center probe. `None` means: wait for [`connect`].
/// Nothing is ever sent on this alone; [`connect`]'s answer confirms it first.
pub fn from_page(page: &PageInfo, settings: &Settings) -> Option<Session> {
    let root = JenkinsRoot::from_page(page).ok().filter(|root| settings.allows(root))?;
    let shows = crate::jenkins::page::read(&root, page);
    let HeaderSays::LoggedIn { user, full_name } = shows.header else { return None };
    let (crumb, version) = (shows.crumb?, shows.version?);
    if settings.operations_center(&root).is_some() || deployment::is_cloudbees(Some(&version)) {
        return None;
    }
    Some(Session { root, version: Some(version), user, full_name, crumb, deployment: Deployment::Jenkins })
}

fn read_crumb(answer: Result<Response, TransportError>, root: &JenkinsRoot) -> Result<Option<Crumb>, Failure> {
    let response = answer.map_err(|error| Failure::Unanswered { step: Step::Crumb, error })?;
    match crumb::parse(&response) {
        Ok(CrumbAnswer::Crumb(crumb)) => Ok(Some(crumb)),
        Ok(CrumbAnswer::CsrfOff) => Ok(None),
        Err(Problem::LoginRequired) => Err(Failure::SessionEnded { login_url: root.login_url() }),
        Err(problem) => Err(Failure::BadAnswer { step: Step::Crumb, problem }),
    }
}

/// Sends a POST built with the session's crumb. One refused for its crumb ("No valid crumb",
/// docs/jenkins.md#crumb-filter) reached no handler and changed nothing, so it is sent again once with a fresh
/// crumb. The inner result is the answer, or why none came. `build` is a `&dyn`, so the loop is compiled once
/// for every action rather than once per caller (docs/performance.md, "Measured savings already in"); it
/// is handed the root, which callers would otherwise clone out of the session this borrows.
async fn post_with_crumb(
    transport: &impl Transport,
    session: &mut Session,
    build: &dyn Fn(&JenkinsRoot, Option<&Crumb>) -> crate::http::Request,
) -> Result<Result<Response, TransportError>, Failure> {
    let mut crumb_refreshed = false;
    loop {
        let response = match transport.send(build(&session.root, session.crumb.as_ref())).await {
            Ok(response) => response,
            Err(error) => return Ok(Err(error)),
        };
        if response.status != 403 || problem_with_status(&response) != Problem::CrumbRejected {
            return Ok(Ok(response));
        }
        if crumb_refreshed {
            return Err(Failure::CrumbRejected);
        }
        crumb_refreshed = true;
        let fresh = transport.send(crumb::request(&session.root)).await;
        session.crumb = read_crumb(fresh, &session.root)?;
    }
}

/// Mints one token; every answer but a crumb refusal is final.
pub async fn mint(
    transport: &impl Transport,
    session: &mut Session,
    order: &TokenOrder,
) -> Result<MintedToken, Failure> {
    if order.via_script_console {
        return mint_by_script(transport, session, order).await;
    }
    let response =
        match post_with_crumb(transport, session, &|root, crumb| token::generate_request(root, order, crumb)).await? {
            Ok(response) => response,
            Err(error) => return Err(uncertain(session, order, Uncertainty::Unanswered(error))),
        };
    let problem = match token::parse_generate(&response, order) {
        Ok(MintAnswer::Minted(token)) => return Ok(token),
        Ok(MintAnswer::Refused(message)) => return Err(Failure::Refused { message }),
        Err(problem) => problem,
    };
    // These refusals come before any token is made; anything else leaves the outcome unknown.
    Err(match (problem, &order.owner) {
        (Problem::LoginRequired, _) => Failure::SessionEnded { login_url: session.root.login_url() },
        (Problem::ForbiddenEmpty, UserTarget::Me) => Failure::NotAllowed { user: session.user.clone() },
        (Problem::ForbiddenEmpty, UserTarget::Id(user)) => Failure::NotAllowedForOthers { user: user.clone() },
        (Problem::NotFound, UserTarget::Id(user)) => Failure::UnknownUser { user: user.clone() },
        (problem @ (Problem::Forbidden | Problem::NotFound), _) => Failure::BadAnswer { step: Step::Mint, problem },
        (problem, _) => uncertain(session, order, Uncertainty::Answered(problem)),
    })
}

/// The knowledge-base recipe: the token is made by a Groovy script the user was shown first.
async fn mint_by_script(
    transport: &impl Transport,
    session: &mut Session,
    order: &TokenOrder,
) -> Result<MintedToken, Failure> {
    let owner = order.owner_id().unwrap_or_else(|| session.user.clone());
    let script = script::groovy(&owner, &order.name);
    let response =
        match post_with_crumb(transport, session, &|root, crumb| script::request(root, &script, crumb)).await? {
            Ok(response) => response,
            Err(error) => return Err(uncertain(session, order, Uncertainty::Unanswered(error))),
        };
    match script::parse(&response) {
        Ok(ScriptAnswer::Minted { uuid, value }) => Ok(MintedToken {
            name: order.name.clone(),
            uuid,
            value,
            expiry: Expiry::NotShown,
            about_to_expire: false,
            owner: order.owner_id(),
            legacy: false,
        }),
        Ok(ScriptAnswer::NoSuchUser) => Err(Failure::UnknownUser { user: owner }),
        Err(Problem::LoginRequired) => Err(Failure::SessionEnded { login_url: session.root.login_url() }),
        Err(Problem::Forbidden | Problem::ForbiddenEmpty) => Err(Failure::ScriptConsoleDenied),
        Err(problem) => Err(uncertain(session, order, Uncertainty::Answered(problem))),
    }
}

/// The legacy token as the user's configure page shows it (Jenkins before 2.129).
pub async fn legacy_token<P: HtmlParser>(
    transport: &impl Transport,
    session: &Session,
    parser: &P,
) -> Result<MintedToken, Failure> {
    let response = transport
        .send(token_list::page_request(&session.root, &UserTarget::Me, session.version.as_ref()))
        .await
        .map_err(|error| Failure::Unanswered { step: Step::Legacy, error })?;
    let page = token_list::page_source(&response).map_err(|problem| step_failure(session, Step::Legacy, problem))?;
    let page = parser.parse(page);
    match legacy::read(&page).map_err(|problem| step_failure(session, Step::Legacy, problem))? {
        LegacyToken::Visible(value) => Ok(legacy_shown(value)),
        LegacyToken::Hidden => Err(Failure::LegacyHidden),
        LegacyToken::None => Err(Failure::NoLegacyToken),
    }
}

/// Replaces the legacy token (`changeToken`): every script using the old one stops working, so the
/// popup asks first. The new value comes from the answer's header, or else from the page.
pub async fn change_legacy_token<P: HtmlParser>(
    transport: &impl Transport,
    session: &mut Session,
    parser: &P,
) -> Result<MintedToken, Failure> {
    let response = post_with_crumb(transport, session, &legacy::change_request)
        .await?
        .map_err(|error| Failure::Unanswered { step: Step::ChangeLegacy, error })?;
    match legacy::parse_change(&response).map_err(|problem| step_failure(session, Step::ChangeLegacy, problem))? {
        legacy::Changed::To(LegacyToken::Visible(value)) => Ok(legacy_shown(value)),
        legacy::Changed::To(LegacyToken::Hidden) => Err(Failure::LegacyHidden),
        legacy::Changed::Disabled(message) => Err(Failure::LegacyDisabled { message }),
        legacy::Changed::To(LegacyToken::None) | legacy::Changed::Unreported => {
            legacy_token(transport, session, parser).await
        }
    }
}

fn legacy_shown(value: crate::jenkins::token::TokenValue) -> MintedToken {
    MintedToken {
        // Jenkins' own name for it (docs/jenkins.md#legacy-token).
        name: "Legacy Token".to_owned(),
        uuid: String::new(),
        value,
        expiry: Expiry::NotShown,
        about_to_expire: false,
        owner: None,
        legacy: true,
    }
}

fn uncertain(session: &Session, order: &TokenOrder, reason: Uncertainty) -> Failure {
    Failure::MintUncertain { name: order.name.clone(), reason, tokens_url: session.tokens_url() }
}

/// Proves a token by using it as its owner: Basic auth, no session.
pub async fn verify(transport: &impl Transport, session: &Session, token: &MintedToken) -> Result<Verdict, Failure> {
    let owner = token.owner.as_deref().unwrap_or(&session.user);
    let response = transport
        .send(verify::request(&session.root, owner, &token.value))
        .await
        .map_err(|error| Failure::Unanswered { step: Step::Verify, error })?;
    verify::parse(&response, owner).map_err(|problem| Failure::BadAnswer { step: Step::Verify, problem })
}

/// Revokes a token (Jenkins answers 200 even for a uuid it doesn't know).
pub async fn revoke(
    transport: &impl Transport,
    session: &mut Session,
    owner: &UserTarget,
    uuid: &str,
) -> Result<(), Failure> {
    let response = post_with_crumb(transport, session, &|root, crumb| token::revoke_request(root, owner, uuid, crumb))
        .await?
        .map_err(|error| Failure::Unanswered { step: Step::Revoke, error })?;
    token::parse_revoke(&response).map_err(|problem| step_failure(session, Step::Revoke, problem))
}

/// What a clean-up did: the names of the tokens it revoked, and of those it could not, with why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CleanUp {
    pub revoked: Vec<String>,
    pub failed: Vec<(String, Failure)>,
}

/// Revokes each of `tokens` with a POST of its own, in order. A failure stops nothing: it is kept with
/// the token's name, and the next token is tried.
pub async fn revoke_each(transport: &impl Transport, session: &mut Session, tokens: &[ListedToken]) -> CleanUp {
    let mut report = CleanUp::default();
    for token in tokens {
        match revoke(transport, session, &UserTarget::Me, &token.uuid).await {
            Ok(()) => report.revoked.push(token.name.clone()),
            Err(failure) => report.failed.push((token.name.clone(), failure)),
        }
    }
    report
}

pub async fn rename(transport: &impl Transport, session: &mut Session, uuid: &str, name: &str) -> Result<(), Failure> {
    let response = post_with_crumb(transport, session, &|root, crumb| {
        token::rename_request(root, &UserTarget::Me, uuid, name, crumb)
    })
    .await?
    .map_err(|error| Failure::Unanswered { step: Step::Rename, error })?;
    match token::parse_rename(&response) {
        Ok(None) => Ok(()),
        Ok(Some(message)) => Err(Failure::RenameRefused { message }),
        Err(problem) => Err(step_failure(session, Step::Rename, problem)),
    }
}

fn step_failure(session: &Session, step: Step, problem: Problem) -> Failure {
    match problem {
        Problem::LoginRequired => Failure::SessionEnded { login_url: session.root.login_url() },
        problem => Failure::BadAnswer { step, problem },
    }
}

/// The user's tokens, as their Security page lists them, in page order, and when by the server's
/// clock. Its crumb is adopted for the list's own actions.
pub async fn list_tokens<P: HtmlParser>(
    transport: &impl Transport,
    session: &mut Session,
    parser: &P,
) -> Result<TokenList, Failure> {
    let unavailable = |problem: Problem| match problem {
        Problem::LoginRequired => Failure::SessionEnded { login_url: session.root.login_url() },
        problem => Failure::TokenListUnavailable { problem, url: session.tokens_url() },
    };
    let response = transport
        .send(token_list::page_request(&session.root, &UserTarget::Me, session.version.as_ref()))
        .await
        .map_err(|error| Failure::Unanswered { step: Step::List, error })?;
    let page = parser.parse(token_list::page_source(&response).map_err(unavailable)?);
    let tokens = token_list::parse(&page).map_err(unavailable)?;
    if let Some(crumb) = token_list::page_crumb(&page) {
        session.crumb = Some(crumb);
    }
    let server_ms = response.header("date").and_then(Day::parse_http_date);
    Ok(TokenList { tokens, server_ms })
}

/// The list as read, and the server's clock then (its `Date` header, in milliseconds since the
/// epoch), to tell which tokens a mint whose outcome is unknown made (`PendingMint::look`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenList {
    pub tokens: Vec<ListedToken>,
    pub server_ms: Option<i64>,
}

/// Why a rotation stopped, and what exists now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RotateFailure {
    /// Nothing changed: the old token is as it was.
    NotMinted(Failure),
    /// The successor exists but did not work (Verify's verdict, or why it could not tell); the old
    /// token was kept.
    NotVerified { new: MintedToken, check: Result<Verdict, Failure> },
    /// The successor works, but the old token could not be revoked.
    OldKept { new: MintedToken, failure: Failure },
}

impl RotateFailure {
    /// The successor, when one was made: it must be shown, once, like any new token.
    pub fn new_token(&self) -> Option<&MintedToken> {
        match self {
            RotateFailure::NotMinted(_) => None,
            RotateFailure::NotVerified { new, .. } | RotateFailure::OldKept { new, .. } => Some(new),
        }
    }
}

/// Replaces a token: mints a successor with the same name (and lifetime, where Jenkins has expiry),
/// proves it works, and only then revokes the old one.
pub async fn rotate(
    transport: &impl Transport,
    session: &mut Session,
    old: &ListedToken,
) -> Result<MintedToken, RotateFailure> {
    let expiry = session.offers_expiry().then(|| match old.expiry {
        Expiry::Never => Expiry::Never,
        _ => Expiry::Days(
            old.lifetime_days().and_then(|days| u16::try_from(days).ok()).filter(|days| *days > 0).unwrap_or(30),
        ),
    });
    let order = TokenOrder { name: old.name.clone(), expiry, owner: UserTarget::Me, via_script_console: false };
    let new = mint(transport, session, &order).await.map_err(RotateFailure::NotMinted)?;
    match verify(transport, session, &new).await {
        Ok(Verdict::Works { .. }) => {}
        check => return Err(RotateFailure::NotVerified { check, new }),
    }
    match revoke(transport, session, &UserTarget::Me, &old.uuid).await {
        Ok(()) => Ok(new),
        Err(failure) => Err(RotateFailure::OldKept { new, failure }),
    }
}
