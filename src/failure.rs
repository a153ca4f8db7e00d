//! Every way the popup can fail, as typed values with no text of their own: `crate::messages` turns each
//! into the one sentence the user reads. Server strings (user names, token names, messages) go into
//! those sentences as data, and the UI renders them as text, never as HTML.

use crate::http::TransportError;
use crate::jenkins::answer::Problem;

/// Which request was under way, for sentences like "… while creating the token".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Identity,
    Crumb,
    Mint,
    Verify,
    Revoke,
    Rename,
    List,
    Legacy,
    ChangeLegacy,
    Script,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The tab is not an http(s) page (a new tab, `chrome://…`, a file).
    NotWebPage {
        url: String,
    },
    /// The browser would not let the extension read the tab.
    CannotReadTab {
        detail: String,
    },
    /// The page has no `<head data-rooturl>`.
    NotJenkins {
        origin: String,
    },
    /// The organisation's policy (`allowedJenkins`) does not enable the extension on this Jenkins.
    NotEnabledHere {
        root: String,
    },
    /// The server at the root does not answer like Jenkins.
    NoJenkinsAnswer {
        root: String,
    },
    /// `data-rooturl` points at another origin.
    ForeignRoot {
        root: String,
        tab_origin: String,
    },
    /// `data-rooturl` has a `.` or `..` segment, which the browser would resolve to another path.
    DotSegments {
        root: String,
    },
    NotLoggedIn {
        login_url: String,
    },
    /// The session ended between opening the popup and Generate.
    SessionEnded {
        login_url: String,
    },
    /// The legacy token is hidden from this user ("Token is hidden").
    LegacyHidden,
    /// The user has no legacy token.
    NoLegacyToken,
    /// `changeToken` refused: legacy token creation is disabled (Jenkins' own words).
    LegacyDisabled {
        message: String,
    },
    /// 403 from `/scriptText`: the script console is for administrators.
    ScriptConsoleDenied,
    /// The crumb was refused, a fresh one was fetched, and that was refused too.
    CrumbRejected,
    /// 403 with an empty body from `generateNewToken`.
    NotAllowed {
        user: String,
    },
    /// 403 with an empty body when minting for another user: `adminCanGenerateNewTokens` is off
    /// (docs/jenkins.md#who-may-call).
    NotAllowedForOthers {
        user: String,
    },
    /// 404 for `/user/<id>`.
    UnknownUser {
        user: String,
    },
    /// `{"status":"error","message":…}`: Jenkins said why it created nothing.
    Refused {
        message: String,
    },
    /// `rename` answered `{"status":"error","message":…}`.
    RenameRefused {
        message: String,
    },
    /// The Security page could not be read, or its list is not one this extension knows.
    TokenListUnavailable {
        problem: Problem,
        url: String,
    },
    /// Jenkins answered, but not with what was asked for.
    BadAnswer {
        step: Step,
        problem: Problem,
    },
    /// No answer to a request that changes nothing.
    Unanswered {
        step: Step,
        error: TransportError,
    },
    /// The token request's fate is unknown: a token may exist that the user never saw.
    MintUncertain {
        name: String,
        reason: Uncertainty,
        tokens_url: String,
    },
}

/// Why a token request's fate is unknown: no answer, or an answer that says nothing either way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Uncertainty {
    Unanswered(TransportError),
    Answered(Problem),
}
