//! Failures and the problems inside them (`jenkins::errors`, `jenkins::answer`) as sentences.

use super::{Arg, Message};
use crate::failure::{Failure, Step, Uncertainty};
use crate::http::TransportError;
use crate::jenkins::answer::{Detail, Problem};

/// The sentence shown in the popup's alert.
pub fn failure(failure: &Failure) -> Message {
    match failure {
        Failure::NotWebPage { .. } => Message::new("failure_not_web_page"),
        Failure::CannotReadTab { detail } => Message::with("failure_cannot_read_tab", [detail.as_str().into()]),
        Failure::NotJenkins { origin } => Message::with("failure_not_jenkins", [origin.as_str().into()]),
        Failure::NotEnabledHere { root } => Message::with("failure_not_enabled_here", [root.as_str().into()]),
        Failure::NoJenkinsAnswer { root } => Message::with("failure_no_jenkins_answer", [root.as_str().into()]),
        Failure::ForeignRoot { root, tab_origin } => {
            Message::with("failure_foreign_root", [root.as_str().into(), tab_origin.as_str().into()])
        }
        Failure::DotSegments { root } => Message::with("failure_dot_segments", [root.as_str().into()]),
        Failure::NotLoggedIn { .. } => Message::new("failure_not_logged_in"),
        Failure::SessionEnded { .. } => Message::new("failure_session_ended"),
        Failure::LegacyHidden => Message::new("failure_legacy_hidden"),
        Failure::NoLegacyToken => Message::new("failure_no_legacy_token"),
        Failure::LegacyDisabled { message } => Message::with("failure_legacy_disabled", [full_stop(message)]),
        Failure::ScriptConsoleDenied => Message::new("failure_script_denied"),
        Failure::CrumbRejected => Message::new("failure_crumb_rejected"),
        Failure::NotAllowed { user } => Message::with("failure_not_allowed", [user.as_str().into()]),
        Failure::NotAllowedForOthers { user } => {
            Message::with("failure_not_allowed_for_others", [user.as_str().into()])
        }
        Failure::UnknownUser { user } => Message::with("failure_unknown_user", [user.as_str().into()]),
        Failure::RenameRefused { message } => Message::with("failure_rename_refused", [full_stop(message)]),
        Failure::TokenListUnavailable { problem, .. } => {
            Message::with("failure_list_unavailable", [list_reason(problem)])
        }
        Failure::Refused { message } if message.trim().is_empty() => Message::new("failure_refused_no_reason"),
        Failure::Refused { message } => Message::with("failure_refused", [full_stop(message)]),
        Failure::BadAnswer { step, problem } => bad_answer(*step, problem),
        Failure::Unanswered { step, error } => unanswered(*step, error),
        Failure::MintUncertain { name, reason, .. } => {
            Message::with("failure_mint_uncertain", [uncertainty(reason).into(), name.as_str().into()])
        }
    }
}

/// A link the failure's sentence refers to: `(label, url)`.
pub fn link(failure: &Failure) -> Option<(Message, &str)> {
    match failure {
        Failure::NotLoggedIn { login_url } | Failure::SessionEnded { login_url } => {
            Some((Message::new("link_log_in"), login_url))
        }
        Failure::MintUncertain { tokens_url, .. } => Some((Message::new("link_tokens"), tokens_url)),
        Failure::TokenListUnavailable { url, .. } => Some((Message::new("link_page"), url)),
        _ => None,
    }
}

/// A server's message as the end of a sentence.
fn full_stop(message: &str) -> Arg {
    let message = message.trim();
    if message.ends_with(['.', '!', '?']) { message.into() } else { format!("{message}.").into() }
}

/// "… while creating the token".
fn doing(step: Step) -> Arg {
    Message::new(match step {
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
    })
    .into()
}

fn bad_answer(step: Step, problem: &Problem) -> Message {
    match problem {
        Problem::LoginRequired => Message::with("problem_login", [doing(step)]),
        Problem::CrumbRejected => Message::with("problem_crumb", [doing(step)]),
        Problem::ForbiddenEmpty | Problem::Forbidden => Message::with("problem_forbidden", [doing(step)]),
        Problem::NotFound => Message::with("problem_not_found", [doing(step)]),
        Problem::ServerError(status) => Message::with("problem_server_error", [status.to_string().into(), doing(step)]),
        Problem::UnexpectedStatus(status) => {
            Message::with("problem_unexpected", [status.to_string().into(), doing(step)])
        }
        Problem::NotJson { status } => Message::with("problem_not_json", [status.to_string().into(), doing(step)]),
        Problem::Malformed(detail) => Message::with("problem_malformed", [doing(step), self::detail(detail).into()]),
        Problem::NotJenkins => Message::with("problem_not_jenkins", [doing(step)]),
    }
}

fn unanswered(step: Step, error: &TransportError) -> Message {
    match error {
        TransportError::Network(detail) if detail.is_empty() => Message::with("unanswered_network", [doing(step)]),
        TransportError::Network(detail) => {
            Message::with("unanswered_network_detail", [doing(step), detail.as_str().into()])
        }
        TransportError::Timeout => Message::with("unanswered_timeout", [doing(step)]),
        TransportError::Redirected => Message::with("unanswered_redirect", [doing(step)]),
    }
}

/// Why a token request's fate is unknown: the first sentence of [`Failure::MintUncertain`]'s.
pub fn uncertainty(reason: &Uncertainty) -> Message {
    match reason {
        Uncertainty::Unanswered(TransportError::Timeout) => Message::new("uncertain_timeout"),
        Uncertainty::Unanswered(TransportError::Network(detail)) if detail.is_empty() => {
            Message::new("uncertain_network")
        }
        Uncertainty::Unanswered(TransportError::Network(detail)) => {
            Message::with("uncertain_network_detail", [detail.as_str().into()])
        }
        Uncertainty::Unanswered(TransportError::Redirected) => Message::new("uncertain_redirect"),
        Uncertainty::Answered(Problem::ServerError(status) | Problem::UnexpectedStatus(status)) => {
            Message::with("uncertain_error", [status.to_string().into()])
        }
        Uncertainty::Answered(Problem::NotJson { status }) => {
            Message::with("uncertain_page", [status.to_string().into()])
        }
        Uncertainty::Answered(Problem::Malformed(detail)) => {
            Message::with("uncertain_malformed", [self::detail(detail).into()])
        }
        Uncertainty::Answered(other) => bad_answer(Step::Mint, other),
    }
}

/// What was wrong with an answer of the wrong shape.
fn detail(detail: &Detail) -> Message {
    match detail {
        Detail::NotObject => Message::new("detail_not_object"),
        Detail::BrokenJson { line, column } => {
            Message::with("detail_json_broken", [line.to_string().into(), column.to_string().into()])
        }
        Detail::NoField(name) => Message::with("detail_no_field", [(*name).into()]),
        Detail::CrumbField => Message::new("detail_crumb_field"),
        Detail::CrumbValue => Message::new("detail_crumb_value"),
        Detail::Status => Message::new("detail_status"),
        Detail::NoData => Message::new("detail_no_data"),
        Detail::TokenShape => Message::new("detail_token_shape"),
        Detail::ListUnknown => Message::new("detail_list_unknown"),
        Detail::NotHtml => Message::new("detail_not_html"),
        Detail::NoLegacyField => Message::new("detail_no_legacy_field"),
        Detail::Callback => Message::new("detail_callback"),
        Detail::ScriptOutput(first_line) => Message::with("detail_script_output", [first_line.as_str().into()]),
        Detail::NoPlugins => Message::new("detail_no_plugins"),
        Detail::ControlInUserId => Message::new("detail_user_id_control"),
    }
}

/// Why the token list could not be read, as the end of `failure_list_unavailable`.
fn list_reason(problem: &Problem) -> Arg {
    match problem {
        Problem::Forbidden | Problem::ForbiddenEmpty => Message::new("list_denied").into(),
        Problem::NotFound => Message::new("list_not_found").into(),
        Problem::ServerError(status) | Problem::UnexpectedStatus(status) => {
            Message::with("list_status_code", [status.to_string().into()]).into()
        }
        Problem::Malformed(detail) => self::detail(detail).into(),
        _ => Message::new("list_unreadable").into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::english;

    #[test]
    fn every_failure_has_a_sentence() {
        let failures = [
            Failure::NotWebPage { url: "chrome://newtab/".into() },
            Failure::CannotReadTab { detail: "Cannot access a chrome:// URL".into() },
            Failure::NotJenkins { origin: "https://example.com".into() },
            Failure::NoJenkinsAnswer { root: "https://example.com/".into() },
            Failure::NotEnabledHere { root: "https://ci.example.com/".into() },
            Failure::ForeignRoot { root: "https://evil.example".into(), tab_origin: "https://ci".into() },
            Failure::DotSegments { root: "/prod/../jenkins".into() },
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
            Failure::TokenListUnavailable { problem: Problem::NotFound, url: "u".into() },
            Failure::BadAnswer { step: Step::Crumb, problem: Problem::Malformed(Detail::CrumbValue) },
            Failure::Unanswered { step: Step::Identity, error: TransportError::Timeout },
            Failure::MintUncertain {
                name: "n".into(),
                reason: Uncertainty::Answered(Problem::NotJson { status: 200 }),
                tokens_url: "u".into(),
            },
        ];
        for failure in failures {
            let message = english(&super::failure(&failure));
            assert!(message.ends_with('.'), "{message}");
            assert!(message.len() > 20, "{message}");
        }
    }

    #[test]
    fn messages_name_what_the_user_needs() {
        let sentence = |failure: &Failure| english(&super::failure(failure));
        let refused = Failure::Refused { message: "Expiration date is in the past.".into() };
        assert_eq!(sentence(&refused), "Jenkins didn't create the token: Expiration date is in the past.");
        let uncertain = Failure::MintUncertain {
            name: "Chromium on Linux 2026-11-29".into(),
            reason: Uncertainty::Unanswered(TransportError::Timeout),
            tokens_url: "https://ci/me/security/".into(),
        };
        assert!(sentence(&uncertain).starts_with(
            "Jenkins didn't answer in time. A token named “Chromium on Linux 2026-11-29” may have been created"
        ));
        let label = |failure: &Failure| link(failure).map(|(label, url)| (english(&label), url.to_owned()));
        assert_eq!(label(&uncertain), Some(("Open your tokens".to_owned(), "https://ci/me/security/".to_owned())));
        let foreign = Failure::ForeignRoot { root: "https://evil.example".into(), tab_origin: "https://ci".into() };
        assert!(sentence(&foreign).contains("https://evil.example") && sentence(&foreign).contains("https://ci"));
        let login = Failure::NotLoggedIn { login_url: "https://ci/login?from=%2F".into() };
        assert_eq!(label(&login), Some(("Log in to Jenkins".to_owned(), "https://ci/login?from=%2F".to_owned())));
        let step = Failure::BadAnswer { step: Step::Mint, problem: Problem::NotJson { status: 200 } };
        assert!(sentence(&step).contains("web page instead of data (HTTP 200) while creating the token"));
        let timeout = Failure::Unanswered { step: Step::Crumb, error: TransportError::Timeout };
        assert!(sentence(&timeout).contains("while getting a CSRF crumb"));
    }
}
