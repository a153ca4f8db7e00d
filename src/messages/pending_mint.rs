//! The notice about a mint the popup did not live to show ([`crate::interrupted`]).

use super::{Arg, Message};
use crate::jenkins::token_list::ListedToken;
use crate::pending_mint::{Action, Look, PendingMint};

/// The first thing the popup says: what was under way, and when.
pub fn what_happened(record: &PendingMint) -> Message {
    let name = record.name.as_str();
    let time = Arg::Time(record.at_ms);
    match (&record.action, &record.owner) {
        (Action::Generate, None) => Message::with("interrupted_generate", [name.into(), time]),
        (Action::Generate, Some(owner)) => {
            Message::with("interrupted_generate_for", [name.into(), owner.as_str().into(), time])
        }
        (Action::Rotate { .. }, _) => Message::with("interrupted_rotate", [name.into(), time]),
        (Action::ChangeLegacy, _) => Message::with("interrupted_legacy", [time]),
    }
}

/// What the token list showed, after the popup closed mid-mint.
pub fn finding(record: &PendingMint, look: &Look) -> Message {
    let name = record.name.as_str();
    let created = |token: &ListedToken| Arg::Date(token.created.unwrap_or(record.day));
    match (look.unseen.as_slice(), look.old_still_there) {
        ([token], None) => Message::with("interrupted_found", [created(token)]),
        ([], None) => Message::new("interrupted_not_made"),
        ([first, ..], None) => Message::with("interrupted_found_many", [tokens(look), created(first)]),
        ([token, ..], Some(true)) => Message::with("interrupted_rotate_both", [name.into(), created(token)]),
        ([token, ..], Some(false)) => Message::with("interrupted_rotate_new_only", [name.into(), created(token)]),
        ([], Some(true)) => Message::with("interrupted_rotate_old_only", [name.into()]),
        ([], Some(false)) => Message::with("interrupted_rotate_neither", [name.into()]),
    }
}

/// What the token list showed, after Jenkins' answer to Generate was lost.
pub fn lost_finding(record: &PendingMint, look: &Look) -> Message {
    let name = record.name.as_str();
    let time = Arg::Time(record.at_ms);
    match look.unseen.len() {
        0 => Message::with("interrupted_lost_none", [name.into()]),
        1 => Message::with("interrupted_lost_found", [name.into(), time]),
        _ => Message::with("interrupted_lost_found_many", [tokens(look), name.into(), time]),
    }
}

/// The unseen tokens revoked: "Revoked “x”", or how many of that name.
pub fn revoked(record: &PendingMint, count: usize) -> Message {
    match count {
        1 => Message::with("interrupted_revoked", [record.name.as_str().into()]),
        count => Message::with(
            "interrupted_revoked_many",
            [Message::counted("count_tokens", count as u64, []).into(), record.name.as_str().into()],
        ),
    }
}

/// "2 tokens", for a look that found several.
fn tokens(look: &Look) -> Arg {
    Message::counted("count_tokens", look.unseen.len() as u64, []).into()
}

/// What to look for by hand when the list cannot be read here.
pub fn look_yourself(record: &PendingMint) -> Message {
    Message::with("interrupted_look_yourself", [record.name.as_str().into(), Arg::Date(record.day)])
}
