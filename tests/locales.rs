//! Every locale in `extension/_locales/` against English, the source: the same keys, the same
//! placeholders (names and what they stand for), the same `$NAME$` and `$1` references in each message,
//! and no sentence left in English but the few that are names or code in every language.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Map, Value};

/// Messages that may read as in English: `("*", key)` in every language (a product name, a lone
/// placeholder), `(locale, key)` where the word is the same in that language (German "Version").
const SAME_AS_ENGLISH: &[(&str, &str)] = &[
    ("*", "extension_name"),
    ("*", "label_jenkins"),
    ("*", "default_name_no_system"),
    // The same word in that language: "Version", "minute(s)", the loanword "token", Italian "legacy".
    ("de", "label_version"),
    ("fr", "label_version"),
    ("fr", "duration_minute"),
    ("fr", "duration_minutes"),
    ("es", "list_one"),
    ("es", "list_many"),
    ("it", "list_one"),
    ("it", "badge_legacy"),
    ("pt_BR", "list_one"),
    ("pt_BR", "list_many"),
    // The same quotation marks as English.
    ("ko", "quoted_name"),
    ("pt_BR", "quoted_name"),
    ("zh_CN", "quoted_name"),
];

fn may_stay_english(locale: &str, key: &str) -> bool {
    SAME_AS_ENGLISH.iter().any(|&(where_, which)| (where_ == "*" || where_ == locale) && which == key)
}

fn read(path: &Path) -> Map<String, Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    match serde_json::from_str(&text) {
        Ok(Value::Object(messages)) => messages,
        other => panic!("{}: not a JSON object: {other:?}", path.display()),
    }
}

fn message(entry: &Value) -> &str {
    entry.get("message").and_then(Value::as_str).unwrap_or_default()
}

/// The placeholders an entry declares: name (lower case, as browsers match them) → what it stands for.
fn placeholders(entry: &Value) -> BTreeSet<(String, String)> {
    let Some(Value::Object(declared)) = entry.get("placeholders") else { return BTreeSet::new() };
    declared
        .iter()
        .map(|(name, value)| {
            let content = value.get("content").and_then(Value::as_str).unwrap_or_default();
            (name.to_lowercase(), content.to_owned())
        })
        .collect()
}

/// The references in a message: `$NAME$` (lower-cased) and `$1`…`$9`, sorted, with repeats.
fn references(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('$') {
        let after = &rest[start + 1..];
        if let Some(digit) = after.chars().next().filter(char::is_ascii_digit) {
            found.push(format!("${digit}"));
            rest = &after[1..];
        } else if let Some(end) = after
            .find('$')
            .filter(|&end| end > 0 && after[..end].chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@'))
        {
            found.push(format!("${}$", after[..end].to_lowercase()));
            rest = &after[end + 1..];
        } else {
            rest = after;
        }
    }
    found.sort();
    found
}

#[test]
fn every_locale_matches_english() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("extension/_locales");
    let english = read(&dir.join("en/messages.json"));
    let mut problems = Vec::new();
    let mut locales = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let locale = entry.unwrap().file_name().into_string().unwrap();
        if locale == "en" {
            continue;
        }
        locales += 1;
        let translated = read(&dir.join(&locale).join("messages.json"));
        for key in english.keys().filter(|key| !translated.contains_key(*key)) {
            problems.push(format!("{locale}: {key} missing"));
        }
        for (key, entry) in &translated {
            let Some(source) = english.get(key) else {
                problems.push(format!("{locale}: {key} is not in en"));
                continue;
            };
            let text = message(entry);
            if text.trim().is_empty() {
                problems.push(format!("{locale}: {key} is empty"));
            }
            if placeholders(entry) != placeholders(source) {
                problems.push(format!("{locale}: {key} declares other placeholders than en"));
            }
            if references(text) != references(message(source)) {
                problems.push(format!(
                    "{locale}: {key} uses {:?}, en {:?}",
                    references(text),
                    references(message(source))
                ));
            }
            if text == message(source) && !may_stay_english(&locale, key) {
                problems.push(format!("{locale}: {key} is still English: {text:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    assert!(locales >= 10, "{locales} locales besides en; ten are promised (README, \"Languages\")");
}

#[test]
fn references_are_found_as_browsers_read_them() {
    assert_eq!(references("$USER$ has $count$ of $1 ($$)"), ["$1", "$count$", "$user$"]);
    assert_eq!(references("costs $5"), ["$5"]);
    assert_eq!(references("no reference: a $ sign"), Vec::<String>::new());
}
