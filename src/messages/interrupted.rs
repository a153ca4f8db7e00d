//! The notice about a mint the popup did not live to show ([`crate::interrupted`]).

use super::{Arg, Message};
use crate::interrupted::{Action, Interrupted, Look};
use crate::jenkins::token_list::ListedToken;

/// The first thing the popup says: what was under way, and when (`time`, in the user's format).
pub fn what_happened(record: &Interrupted, time: &str) -> Message {
    let name = record.name.as_str();
    match (&record.action, &record.owner) {
        (Action::Generate, None) => Message::with("interrupted_generate", [name.into(), time.into()]),
        (Action::Generate, Some(owner)) => {
            Message::with("interrupted_generate_for", [name.into(), owner.as_str().into(), time.into()])
        }
        (Action::Rotate { .. }, _) => Message::with("interrupted_rotate", [name.into(), time.into()]),
        (Action::ChangeLegacy, _) => Message::with("interrupted_legacy", [time.into()]),
    }
}

/// What the token list showed.
pub fn finding(record: &Interrupted, look: &Look) -> Message {
    let name = record.name.as_str();
    let created = |token: &ListedToken| Arg::Date(token.created.unwrap_or(record.day));
    match (&look.unseen, look.old_still_there) {
        (Some(token), None) => Message::with("interrupted_found", [created(token)]),
        (None, None) => Message::new("interrupted_not_made"),
        (Some(token), Some(true)) => Message::with("interrupted_rotate_both", [name.into(), created(token)]),
        (Some(token), Some(false)) => Message::with("interrupted_rotate_new_only", [name.into(), created(token)]),
        (None, Some(true)) => Message::with("interrupted_rotate_old_only", [name.into()]),
        (None, Some(false)) => Message::with("interrupted_rotate_neither", [name.into()]),
    }
}

/// What to look for by hand when the list cannot be read here.
pub fn look_yourself(record: &Interrupted) -> Message {
    Message::with("interrupted_look_yourself", [record.name.as_str().into(), Arg::Date(record.day)])
}
