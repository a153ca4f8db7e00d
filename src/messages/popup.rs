//! The sentences of the popup's own views: the form, the new token, the token list, rotation, and the
//! operations-center warning.

use super::{Arg, Message, failure};
use crate::expiry::Expiry;
use crate::flow::{CleanUp, RotateFailure};
use crate::form::FormProblem;
use crate::jenkins::deployment::{AddressProblem, Evidence};
use crate::jenkins::snippets::{Title, Warning};
use crate::jenkins::token::MintedToken;
use crate::jenkins::token_list::{Attention, CleanupChoice, DeadWeight, KeepReason, ListedToken, Usage};
use crate::jenkins::verify::Verdict;

/// What Verify found.
pub fn verdict(verdict: &Verdict) -> Message {
    match verdict {
        Verdict::Works { user } => Message::with("verdict_works", [user.as_str().into()]),
        Verdict::Ignored { answered_as } => Message::with("verdict_ignored", [answered_as.as_str().into()]),
        Verdict::Rejected => Message::new("verdict_rejected"),
    }
}

/// A hint on a listed token.
pub fn attention(attention: Attention) -> Message {
    Message::new(match attention {
        Attention::Expired => "attention_expired",
        Attention::ExpiresSoon => "attention_expires_soon",
        Attention::NeverUsed30Days => "attention_never_used",
        Attention::Unused90Days => "attention_unused",
        Attention::Legacy => "attention_legacy",
    })
}

/// The facts of a listed token, shown on one line joined by ` · `: `Created 2026-11-01 · Expires
/// 2026-12-31 · Used 42 times, last on 2026-11-28`.
pub fn facts(token: &ListedToken) -> Vec<Message> {
    let day = Arg::Date;
    let mut facts = Vec::new();
    if let Some(created) = token.created {
        facts.push(Message::with("fact_created", [day(created)]));
    }
    match &token.expiry {
        Expiry::NotShown | Expiry::Days(_) => {}
        Expiry::Never => facts.push(Message::new("fact_never_expires")),
        Expiry::On(end) => facts.push(Message::with("fact_expires", [day(*end)])),
        Expiry::Written(date) => facts.push(Message::with("fact_expires_on", [date.as_str().into()])),
        Expiry::Expired => facts.push(Message::new("fact_expired")),
    }
    match token.usage {
        Usage::Never => facts.push(Message::new("fact_never_used")),
        Usage::Used { count, last: Some(last) } => {
            facts.push(Message::counted("fact_used_last", count.into(), [day(last)]))
        }
        Usage::Used { count, last: None } => facts.push(Message::counted("fact_used", count.into(), [])),
        Usage::NotRecorded => {}
    }
    facts
}

/// How many tokens the list holds (one or more), and how many of them need attention.
pub fn list_summary(count: usize, attention: usize) -> Message {
    let tokens = Message::counted("count_tokens", count as u64, []);
    match attention {
        0 => Message::with("list_summary", [tokens.into()]),
        attention => Message::with(
            "list_summary_attention",
            [tokens.into(), Message::counted("count_attention", attention as u64, []).into()],
        ),
    }
}

/// When a new token expires, from the date Jenkins answered (`None`: Jenkins said nothing). Jenkins
/// writes it in en-US short form (docs/jenkins.md#generate-a-token); a date in any other form is shown as it came.
pub fn expiry_note(token: &MintedToken) -> Option<Message> {
    let date = match &token.expiry {
        Expiry::Never => return Some(Message::new("expiry_note_never")),
        Expiry::On(day) => Arg::Date(*day),
        Expiry::Written(date) => Arg::Text(date.clone()),
        Expiry::Days(_) | Expiry::Expired | Expiry::NotShown => return None,
    };
    Some(Message::with(if token.about_to_expire { "expiry_note_soon" } else { "expiry_note" }, [date]))
}

/// Why a rotation of the token named `old_name` stopped, and what exists now.
pub fn rotate_failure(rotation: &RotateFailure, old_name: &str) -> Message {
    match rotation {
        RotateFailure::NotMinted(why) => Message::with("rotate_not_minted", [old_name.into(), failure(why).into()]),
        RotateFailure::NotVerified { check, .. } => {
            let why = match check {
                Ok(found) => verdict(found),
                Err(why) => failure(why),
            };
            Message::with("rotate_not_verified", [why.into(), old_name.into()])
        }
        RotateFailure::OldKept { failure: why, .. } => Message::with("rotate_old_kept", [failure(why).into()]),
    }
}

/// What to fix in the form.
pub fn form_problem(problem: FormProblem) -> Message {
    Message::new(match problem {
        FormProblem::NameRequired => "form_name_required",
        FormProblem::ControllerNotConfirmed => "form_controller",
        FormProblem::PickDate => "form_pick_date",
        FormProblem::DateInPast => "form_date_past",
        FormProblem::ChooseExpiry => "form_choose_expiry",
        FormProblem::OverLimit(limit) => return Message::with("form_over_limit", [days(limit).into()]),
        FormProblem::ForOthersOff => "form_for_others_off",
        FormProblem::ScriptConsoleOff => "form_script_console_off",
    })
}

/// `<browser> on <system> <date>`, or without the system when it is not known.
pub fn default_token_name(browser: &str, system: Option<&str>, today: &str) -> Message {
    match system {
        Some(system) => Message::with("default_name", [browser.into(), system.into(), today.into()]),
        None => Message::with("default_name_no_system", [browser.into(), today.into()]),
    }
}

pub fn snippet_title(title: Title) -> Message {
    match title {
        Title::Tool(name) => Message::verbatim(name),
        Title::EnvironmentVariables => Message::new("snippet_environment"),
        Title::IdeSettings => Message::new("snippet_ide"),
    }
}

/// The caution beside a snippet.
pub fn snippet_warning(warning: Warning) -> Message {
    match warning {
        Warning::PlainHttpDownload => Message::new("snippet_plain_http_download"),
    }
}

/// "Clear the clipboard after 1 minute", for a wait in seconds.
pub fn clear_after(seconds: u32) -> Message {
    Message::with("label_clear_clipboard_after", [duration(seconds).into()])
}

/// A wait: "30 seconds", "1 minute", "5 minutes".
pub fn duration(seconds: u32) -> Message {
    match seconds {
        seconds if seconds.is_multiple_of(60) => Message::counted("count_minutes", (seconds / 60).into(), []),
        seconds => Message::counted("count_seconds", seconds.into(), []),
    }
}

/// A number of days: "1 day", "45 days" (a lifetime that is no preset, a limit).
pub fn days(days: u16) -> Message {
    Message::counted("count_days", days.into(), [])
}

/// The organisation's limit on lifetimes, said under the expiry choice; on a Jenkins without expiry
/// (before 2.548), that it cannot be applied there.
pub fn limit(limit: u16, offers_expiry: bool) -> Message {
    let key = if offers_expiry { "limit_days" } else { "limit_not_applicable" };
    Message::with(key, [days(limit).into()])
}

/// The warning on a controller connected to an operations center.
pub fn controller_warning(evidence: Evidence) -> Message {
    let evidence = match evidence {
        Evidence::Plugin => Message::new("oc_evidence_plugin"),
        Evidence::DelegatedLogin => Message::new("oc_evidence_login"),
        Evidence::Policy => Message::new("oc_evidence_policy"),
    };
    Message::with("oc_warning", [evidence.into()])
}

/// Why a typed operations center address was not taken.
pub fn address_problem(problem: AddressProblem) -> Message {
    Message::new(match problem {
        AddressProblem::Scheme => "oc_address_scheme",
        AddressProblem::Query => "oc_address_query",
    })
}

/// Why Clean up… ticked a token, or left one unticked that expires soon; `None` for the others.
pub fn cleanup_reason(choice: CleanupChoice) -> Option<Message> {
    let in_days =
        |key: &'static str, days: i64| Message::with(key, [self::days(days.clamp(0, u16::MAX.into()) as u16).into()]);
    Some(match choice {
        CleanupChoice::Revoke(DeadWeight::Expired) => Message::new("cleanup_expired"),
        CleanupChoice::Revoke(DeadWeight::Legacy) => Message::new("cleanup_legacy"),
        CleanupChoice::Revoke(DeadWeight::NeverUsed { created }) => {
            Message::with("cleanup_never_used", [created.into()])
        }
        CleanupChoice::Revoke(DeadWeight::Unused { since }) => Message::with("cleanup_unused", [since.into()]),
        CleanupChoice::Keep(None) => return None,
        CleanupChoice::Keep(Some(KeepReason::RotateInstead { days_left: Some(days) })) => {
            in_days("cleanup_rotate", days)
        }
        CleanupChoice::Keep(Some(KeepReason::RotateInstead { days_left: None })) => Message::new("cleanup_rotate_soon"),
        CleanupChoice::Keep(Some(KeepReason::MaybeInUse { days_left: Some(days) })) => {
            in_days("cleanup_maybe_in_use", days)
        }
        CleanupChoice::Keep(Some(KeepReason::MaybeInUse { days_left: None })) => {
            Message::new("cleanup_maybe_in_use_soon")
        }
    })
}

/// The clean-up's confirmation, naming every token it is about to revoke.
pub fn cleanup_confirm(names: Vec<String>) -> Message {
    Message::with("cleanup_confirm", [Arg::Names(names)])
}

/// What a clean-up did: a sentence for what it revoked, and one per token it could not revoke, with why.
pub fn cleanup_report(report: &CleanUp) -> (Message, Vec<Message>) {
    let done = match report.revoked.as_slice() {
        [] => Message::new("cleanup_revoked_none"),
        names => Message::with("cleanup_revoked", [Arg::Names(names.to_vec())]),
    };
    let failed = report
        .failed
        .iter()
        .map(|(name, why)| Message::with("cleanup_failed", [name.as_str().into(), Arg::Message(failure(why))]))
        .collect();
    (done, failed)
}
