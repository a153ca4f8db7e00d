//! Every way the popup can fail, each with the one sentence the user reads. Server strings (user names,
//! token names, messages) go into these sentences as data; the UI renders them as text, never as HTML.

use super::answer::Problem;
use crate::http::TransportError;

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

impl Step {
    fn doing(self) -> &'static str {
        match self {
            Step::Identity => "finding out who is logged in",
            Step::Crumb => "getting a CSRF crumb",
            Step::Mint => "creating the token",
            Step::Verify => "checking the token",
            Step::Revoke => "revoking the token",
            Step::Rename => "renaming the token",
            Step::List => "reading your token list",
            Step::Legacy => "reading your legacy token",
            Step::ChangeLegacy => "changing your legacy token",
            Step::Script => "running the script",
        }
    }
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
    /// The server at the root does not answer like Jenkins.
    NoJenkinsAnswer {
        root: String,
    },
    /// `data-rooturl` points at another origin.
    ForeignRoot {
        root: String,
        tab_origin: String,
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
    /// 403 with an empty body when minting for another user: `adminCanGenerateNewTokens` is off (§1.2).
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
        reason: String,
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
        reason: String,
        tokens_url: String,
    },
}

impl Failure {
    /// The sentence shown in the popup's alert.
    pub fn message(&self) -> String {
        match self {
            Failure::NotWebPage { .. } => {
                "This tab isn't showing a web page. Open a page of your Jenkins (http or https) in this tab, then click the extension again.".into()
            }
            Failure::CannotReadTab { detail } => {
                format!("The extension can't read this tab ({detail}). Reload the Jenkins page, then try again.")
            }
            Failure::NotJenkins { origin } => {
                format!("This page on {origin} isn't a Jenkins page (it has no Jenkins root). Open a page of your Jenkins, then try again.")
            }
            Failure::NoJenkinsAnswer { root } => {
                format!("{root} doesn't answer like Jenkins, so no token can be made there.")
            }
            Failure::ForeignRoot { root, tab_origin } => format!(
                "This page says its Jenkins is at {root}, which is not the site in this tab ({tab_origin}). The extension only talks to the site in the tab, so it stopped."
            ),
            Failure::NotLoggedIn { .. } => {
                "You aren't logged in to this Jenkins. Log in, then try again.".into()
            }
            Failure::SessionEnded { .. } => {
                "Your Jenkins session has ended, so no token was created. Log in again, then retry.".into()
            }
            Failure::LegacyHidden => {
                "Jenkins hides this legacy token: only its owner can see it. Log in as that user to read it.".into()
            }
            Failure::NoLegacyToken => "You have no legacy API token. Change it to create one.".into(),
            Failure::LegacyDisabled { message } => format!("Jenkins didn't change the token: {}", full_stop(message)),
            Failure::ScriptConsoleDenied => {
                "Only administrators may use the script console (Jenkins answered HTTP 403), so no token was created.".into()
            }
            Failure::CrumbRejected => {
                "Jenkins refused the CSRF crumb twice, so no token was created. Reload the Jenkins page, then try again.".into()
            }
            Failure::NotAllowed { user } => {
                format!("Jenkins doesn't allow {user} to create a token here (HTTP 403), so none was created.")
            }
            Failure::NotAllowedForOthers { user } => format!(
                "Jenkins refused to create a token for {user} (HTTP 403): administrators may do that only when the controller runs with -Djenkins.security.ApiTokenProperty.adminCanGenerateNewTokens=true. Ask for that setting, or use the script console (Advanced)."
            ),
            Failure::UnknownUser { user } => format!("Jenkins has no user “{user}”, so no token was created."),
            Failure::RenameRefused { message } => format!("Jenkins didn't rename the token: {}", full_stop(message)),
            Failure::TokenListUnavailable { reason, .. } => {
                format!("Your token list couldn't be read here ({reason}). Open the page to see it in Jenkins.")
            }
            Failure::Refused { message } if message.trim().is_empty() => {
                "Jenkins didn't create the token and gave no reason.".into()
            }
            Failure::Refused { message } => format!("Jenkins didn't create the token: {}", full_stop(message)),
            Failure::BadAnswer { step, problem } => bad_answer(*step, problem),
            Failure::Unanswered { step, error } => unanswered(*step, error),
            Failure::MintUncertain { name, reason, .. } => format!(
                "{reason} A token named “{name}” may have been created anyway: if it is in your token list, revoke it."
            ),
        }
    }

    /// A link the message refers to: `(label, url)`.
    pub fn link(&self) -> Option<(&'static str, &str)> {
        match self {
            Failure::NotLoggedIn { login_url } | Failure::SessionEnded { login_url } => {
                Some(("Log in to Jenkins", login_url))
            }
            Failure::MintUncertain { tokens_url, .. } => Some(("Open your tokens", tokens_url)),
            Failure::TokenListUnavailable { url, .. } => Some(("Open the page", url)),
            _ => None,
        }
    }
}

/// A server's message as the end of a sentence.
fn full_stop(message: &str) -> String {
    let message = message.trim();
    if message.ends_with(['.', '!', '?']) { message.to_owned() } else { format!("{message}.") }
}

fn bad_answer(step: Step, problem: &Problem) -> String {
    let doing = step.doing();
    match problem {
        Problem::LoginRequired => {
            format!("Jenkins asked for a login while {doing}. Log in, then try again.")
        }
        Problem::CrumbRejected => format!("Jenkins refused the CSRF crumb while {doing}."),
        Problem::ForbiddenEmpty | Problem::Forbidden => {
            format!("Jenkins denied access while {doing} (HTTP 403).")
        }
        Problem::NotFound => format!("Jenkins has no such page (HTTP 404) while {doing}."),
        Problem::ServerError(status) => {
            format!("Jenkins had an internal error (HTTP {status}) while {doing}. Try again later.")
        }
        Problem::UnexpectedStatus(status) => {
            format!("Jenkins gave an unexpected answer (HTTP {status}) while {doing}.")
        }
        Problem::NotJson { status } => format!(
            "Jenkins answered with a web page instead of data (HTTP {status}) while {doing}. A proxy or a login page may be in the way."
        ),
        Problem::Malformed(detail) => {
            format!("Jenkins' answer couldn't be read while {doing}: {detail}.")
        }
        Problem::NotJenkins => format!("The server didn't answer like Jenkins while {doing}."),
    }
}

fn unanswered(step: Step, error: &TransportError) -> String {
    let doing = step.doing();
    match error {
        TransportError::Network(detail) if detail.is_empty() => {
            format!("Couldn't reach Jenkins while {doing}. Check the connection, then try again.")
        }
        TransportError::Network(detail) => {
            format!("Couldn't reach Jenkins while {doing} ({detail}). Check the connection, then try again.")
        }
        TransportError::Timeout => {
            format!("Jenkins didn't answer in time while {doing}. Try again later.")
        }
        TransportError::Redirected => format!(
            "Jenkins answered with a redirect while {doing}. Redirects aren't followed, so that no request can leave this site."
        ),
    }
}

/// Why a token request's fate is unknown, as the first sentence of [`Failure::MintUncertain`].
pub fn uncertain_reason(error: Result<&Problem, &TransportError>) -> String {
    match error {
        Err(TransportError::Timeout) => "Jenkins didn't answer in time.".into(),
        Err(TransportError::Network(detail)) if detail.is_empty() => "The connection to Jenkins broke.".into(),
        Err(TransportError::Network(detail)) => {
            format!("The connection to Jenkins broke ({detail}).")
        }
        Err(TransportError::Redirected) => "Jenkins answered with a redirect, which isn't followed.".into(),
        Ok(Problem::ServerError(status) | Problem::UnexpectedStatus(status)) => {
            format!("Jenkins answered with an error (HTTP {status}).")
        }
        Ok(Problem::NotJson { status }) => {
            format!("Jenkins answered with a web page instead of the token (HTTP {status}).")
        }
        Ok(Problem::Malformed(detail)) => {
            format!("Jenkins' answer held no usable token: {detail}.")
        }
        Ok(other) => bad_answer(Step::Mint, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_has_a_sentence() {
        let failures = [
            Failure::NotWebPage { url: "chrome://newtab/".into() },
            Failure::CannotReadTab { detail: "Cannot access a chrome:// URL".into() },
            Failure::NotJenkins { origin: "https://example.com".into() },
            Failure::NoJenkinsAnswer { root: "https://example.com/".into() },
            Failure::ForeignRoot { root: "https://evil.example".into(), tab_origin: "https://ci".into() },
            Failure::NotLoggedIn { login_url: "https://ci/login?from=%2F".into() },
            Failure::SessionEnded { login_url: "https://ci/login?from=%2F".into() },
            Failure::LegacyHidden,
            Failure::NoLegacyToken,
            Failure::LegacyDisabled { message: "Capability … disabled".into() },
            Failure::ScriptConsoleDenied,
            Failure::CrumbRejected,
            Failure::NotAllowed { user: "alice".into() },
            Failure::Refused { message: "Expiration date is in the past.".into() },
            Failure::NotAllowedForOthers { user: "bob".into() },
            Failure::UnknownUser { user: "nobody".into() },
            Failure::RenameRefused { message: "No token found, try refreshing the page".into() },
            Failure::TokenListUnavailable { reason: "HTTP 404".into(), url: "u".into() },
            Failure::BadAnswer { step: Step::Crumb, problem: Problem::Malformed("x".into()) },
            Failure::Unanswered { step: Step::Identity, error: TransportError::Timeout },
            Failure::MintUncertain { name: "n".into(), reason: "r.".into(), tokens_url: "u".into() },
        ];
        for failure in failures {
            let message = failure.message();
            assert!(message.ends_with('.'), "{message}");
            assert!(message.len() > 20, "{message}");
        }
    }

    #[test]
    fn messages_name_what_the_user_needs() {
        let refused = Failure::Refused { message: "Expiration date is in the past.".into() };
        assert_eq!(refused.message(), "Jenkins didn't create the token: Expiration date is in the past.");
        let uncertain = Failure::MintUncertain {
            name: "Chromium on Linux 2026-11-29".into(),
            reason: uncertain_reason(Err(&TransportError::Timeout)),
            tokens_url: "https://ci/me/security/".into(),
        };
        assert!(uncertain.message().starts_with(
            "Jenkins didn't answer in time. A token named “Chromium on Linux 2026-11-29” may have been created"
        ));
        assert_eq!(uncertain.link(), Some(("Open your tokens", "https://ci/me/security/")));
        let foreign = Failure::ForeignRoot { root: "https://evil.example".into(), tab_origin: "https://ci".into() };
        assert!(foreign.message().contains("https://evil.example") && foreign.message().contains("https://ci"));
        let login = Failure::NotLoggedIn { login_url: "https://ci/login?from=%2F".into() };
        assert_eq!(login.link(), Some(("Log in to Jenkins", "https://ci/login?from=%2F")));
        let step = Failure::BadAnswer { step: Step::Mint, problem: Problem::NotJson { status: 200 } };
        assert!(step.message().contains("web page instead of data (HTTP 200) while creating the token"));
        let timeout = Failure::Unanswered { step: Step::Crumb, error: TransportError::Timeout };
        assert!(timeout.message().contains("while getting a CSRF crumb"));
    }
}
