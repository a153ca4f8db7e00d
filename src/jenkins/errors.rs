//! Every way the popup can fail, each with the one sentence the user reads. Server strings (user names,
//! token names, messages) go into these sentences as data; the UI renders them as text, never as HTML.

use super::answer::Problem;
use crate::http::TransportError;
use crate::i18n::t;

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
    fn doing(self) -> String {
        t(
            match self {
                Step::Identity => "doing_identity",
                Step::Crumb => "doing_crumb",
                Step::Mint => "doing_mint",
                Step::Verify => "doing_verify",
                Step::Revoke => "doing_revoke",
                Step::Rename => "doing_rename",
                Step::List => "doing_list",
                Step::Legacy => "doing_legacy",
                Step::ChangeLegacy => "doing_change_legacy",
                Step::Script => "doing_script",
            },
            &[],
        )
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
            Failure::NotWebPage { .. } => t("failure_not_web_page", &[]),
            Failure::CannotReadTab { detail } => t("failure_cannot_read_tab", &[detail]),
            Failure::NotJenkins { origin } => t("failure_not_jenkins", &[origin]),
            Failure::NoJenkinsAnswer { root } => t("failure_no_jenkins_answer", &[root]),
            Failure::ForeignRoot { root, tab_origin } => t("failure_foreign_root", &[root, tab_origin]),
            Failure::NotLoggedIn { .. } => t("failure_not_logged_in", &[]),
            Failure::SessionEnded { .. } => t("failure_session_ended", &[]),
            Failure::LegacyHidden => t("failure_legacy_hidden", &[]),
            Failure::NoLegacyToken => t("failure_no_legacy_token", &[]),
            Failure::LegacyDisabled { message } => t("failure_legacy_disabled", &[&full_stop(message)]),
            Failure::ScriptConsoleDenied => t("failure_script_denied", &[]),
            Failure::CrumbRejected => t("failure_crumb_rejected", &[]),
            Failure::NotAllowed { user } => t("failure_not_allowed", &[user]),
            Failure::NotAllowedForOthers { user } => t("failure_not_allowed_for_others", &[user]),
            Failure::UnknownUser { user } => t("failure_unknown_user", &[user]),
            Failure::RenameRefused { message } => t("failure_rename_refused", &[&full_stop(message)]),
            Failure::TokenListUnavailable { reason, .. } => t("failure_list_unavailable", &[reason]),
            Failure::Refused { message } if message.trim().is_empty() => t("failure_refused_no_reason", &[]),
            Failure::Refused { message } => t("failure_refused", &[&full_stop(message)]),
            Failure::BadAnswer { step, problem } => bad_answer(*step, problem),
            Failure::Unanswered { step, error } => unanswered(*step, error),
            Failure::MintUncertain { name, reason, .. } => t("failure_mint_uncertain", &[reason, name]),
        }
    }

    /// A link the message refers to: `(label, url)`.
    pub fn link(&self) -> Option<(String, &str)> {
        match self {
            Failure::NotLoggedIn { login_url } | Failure::SessionEnded { login_url } => {
                Some((t("link_log_in", &[]), login_url))
            }
            Failure::MintUncertain { tokens_url, .. } => Some((t("link_tokens", &[]), tokens_url)),
            Failure::TokenListUnavailable { url, .. } => Some((t("link_page", &[]), url)),
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
    let doing = &step.doing();
    match problem {
        Problem::LoginRequired => t("problem_login", &[doing]),
        Problem::CrumbRejected => t("problem_crumb", &[doing]),
        Problem::ForbiddenEmpty | Problem::Forbidden => t("problem_forbidden", &[doing]),
        Problem::NotFound => t("problem_not_found", &[doing]),
        Problem::ServerError(status) => t("problem_server_error", &[&status.to_string(), doing]),
        Problem::UnexpectedStatus(status) => t("problem_unexpected", &[&status.to_string(), doing]),
        Problem::NotJson { status } => t("problem_not_json", &[&status.to_string(), doing]),
        Problem::Malformed(detail) => t("problem_malformed", &[doing, detail]),
        Problem::NotJenkins => t("problem_not_jenkins", &[doing]),
    }
}

fn unanswered(step: Step, error: &TransportError) -> String {
    let doing = &step.doing();
    match error {
        TransportError::Network(detail) if detail.is_empty() => t("unanswered_network", &[doing]),
        TransportError::Network(detail) => t("unanswered_network_detail", &[doing, detail]),
        TransportError::Timeout => t("unanswered_timeout", &[doing]),
        TransportError::Redirected => t("unanswered_redirect", &[doing]),
    }
}

/// Why a token request's fate is unknown, as the first sentence of [`Failure::MintUncertain`].
pub fn uncertain_reason(error: Result<&Problem, &TransportError>) -> String {
    match error {
        Err(TransportError::Timeout) => t("uncertain_timeout", &[]),
        Err(TransportError::Network(detail)) if detail.is_empty() => t("uncertain_network", &[]),
        Err(TransportError::Network(detail)) => t("uncertain_network_detail", &[detail]),
        Err(TransportError::Redirected) => t("uncertain_redirect", &[]),
        Ok(Problem::ServerError(status) | Problem::UnexpectedStatus(status)) => {
            t("uncertain_error", &[&status.to_string()])
        }
        Ok(Problem::NotJson { status }) => t("uncertain_page", &[&status.to_string()]),
        Ok(Problem::Malformed(detail)) => t("uncertain_malformed", &[detail]),
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
        assert_eq!(uncertain.link(), Some(("Open your tokens".to_owned(), "https://ci/me/security/")));
        let foreign = Failure::ForeignRoot { root: "https://evil.example".into(), tab_origin: "https://ci".into() };
        assert!(foreign.message().contains("https://evil.example") && foreign.message().contains("https://ci"));
        let login = Failure::NotLoggedIn { login_url: "https://ci/login?from=%2F".into() };
        assert_eq!(login.link(), Some(("Log in to Jenkins".to_owned(), "https://ci/login?from=%2F")));
        let step = Failure::BadAnswer { step: Step::Mint, problem: Problem::NotJson { status: 200 } };
        assert!(step.message().contains("web page instead of data (HTTP 200) while creating the token"));
        let timeout = Failure::Unanswered { step: Step::Crumb, error: TransportError::Timeout };
        assert!(timeout.message().contains("while getting a CSRF crumb"));
    }
}
