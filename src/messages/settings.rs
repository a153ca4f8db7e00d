//! The options page's sentences: the organisation's rules as it reads them, and what was wrong with a
//! policy value and what was done instead (`crate::settings`).

use super::{Arg, Message};
use crate::settings::{Key, Note, Settings};

/// One line per rule the policy sets beyond the user's own options.
pub fn rules(settings: &Settings, locked: &[Key]) -> Vec<Message> {
    let mut rules = Vec::new();
    if let Some(days) = settings.max_days {
        rules.push(Message::with("rule_max", [super::days(days).into()]));
    }
    match &settings.allowed_jenkins {
        Some(prefixes) if prefixes.is_empty() => rules.push(Message::new("rule_allowed_none")),
        Some(prefixes) => rules.push(Message::with("rule_allowed", [super::join(prefixes, ", ").into()])),
        None => {}
    }
    for (controller, center) in &settings.operations_centers {
        rules.push(Message::with("rule_operations_center", [controller.as_str().into(), center.as_str().into()]));
    }
    if locked.contains(&Key::AllowScriptConsole) && !settings.allow_script_console {
        rules.push(Message::new("rule_no_script_console"));
    }
    if locked.contains(&Key::AllowMintForOthers) && !settings.allow_mint_for_others {
        rules.push(Message::new("rule_no_others"));
    }
    if locked.contains(&Key::AllowSaveToComputer) && !settings.allow_save_to_computer {
        rules.push(Message::new("rule_no_save_to_computer"));
    }
    rules
}

/// What was wrong with a policy value, and what applies instead.
pub fn note(note: &Note) -> Message {
    match note {
        Note::Ignored(key) => Message::with("note_ignored", [key.name().into()]),
        Note::Strictest(key) => Message::with("note_strictest", [key.name().into()]),
        Note::ReadAs(key, value) => Message::with("note_read_as", [key.name().into(), Arg::Count((*value).into())]),
        Note::Capped(key, days) => Message::with("note_capped", [key.name().into(), super::days(*days).into()]),
        Note::EntriesLeftOut(key, count) => {
            Message::with("note_left_out", [key.name().into(), Arg::Count(*count as u64)])
        }
        Note::NowhereEnabled => Message::new("note_nowhere"),
    }
}
