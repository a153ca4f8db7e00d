//! Every locale in `extension/_locales/` against English, the source: the same keys, the same
//! placeholders (names and what they stand for), the same `$NAME$` and `$1` references in each message,
//! the plural forms each language needs, and no sentence left in English but the few that are names or
//! code in every language.

use std::collections::BTreeSet;
use std::path::Path;

use jenkins_api_token::messages::Plural;
use serde_json::{Map, Value};

/// Messages that may read as in English: `("*", key)` in every language (a product name),
/// `(locale, key)` where the word is the same in that language (German "Version"). A message of
/// placeholders and punctuation only is never English.
const SAME_AS_ENGLISH: &[(&str, &str)] = &[
    ("*", "extension_name"),
    ("*", "label_jenkins"),
    ("*", "default_name_no_system"),
    // The same word in that language: "Version", "minute(s)", the loanword "token", Italian "legacy".
    ("de", "label_version"),
    ("fr", "label_version"),
    ("fr", "count_minutes_other"),
    ("es", "count_tokens_other"),
    ("it", "badge_legacy"),
    ("pt_BR", "count_tokens_other"),
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

/// Whether `text` has a word in it, once its references are left out.
fn has_words(text: &str) -> bool {
    let mut rest = text.to_owned();
    for reference in references(text) {
        rest = rest.replacen(&reference.to_uppercase(), "", 1).replacen(&reference, "", 1);
    }
    rest.chars().any(char::is_alphabetic)
}

/// A key of one plural form (`count_tokens_few`): its family (`count_tokens`, any key with an
/// `_other` form in English) and its category.
fn plural_form<'a>(key: &'a str, english: &Map<String, Value>) -> Option<(&'a str, Plural)> {
    let (family, category) = key.rsplit_once('_')?;
    let category = Plural::parse(category)?;
    english.contains_key(&format!("{family}_other")).then_some((family, category))
}

/// The English message a translated `key` answers to: itself, or for a plural form, English's
/// `other` (the form with every reference; Russian's `few` has no English twin).
fn english_source<'a>(key: &str, english: &'a Map<String, Value>) -> Option<&'a Value> {
    match plural_form(key, english) {
        Some((family, _)) => english.get(&format!("{family}_other")),
        None => english.get(key),
    }
}

#[test]
fn every_locale_matches_english() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("extension/_locales");
    let english = read(&dir.join("en/messages.json"));
    let mut problems = plural_problems("en", &english, &english);
    let mut locales = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let locale = entry.unwrap().file_name().into_string().unwrap();
        if locale == "en" {
            continue;
        }
        locales += 1;
        let translated = read(&dir.join(&locale).join("messages.json"));
        for key in english.keys().filter(|key| !translated.contains_key(*key) && plural_form(key, &english).is_none()) {
            problems.push(format!("{locale}: {key} missing"));
        }
        problems.extend(plural_problems(&locale, &translated, &english));
        for (key, entry) in &translated {
            let Some(source) = english_source(key, &english) else {
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
            // Where `one` is 1 alone, its form may say "once" instead of the number.
            let count_may_go = key.ends_with("_one")
                && Plural::of(&locale, 1) == Plural::One
                && [0, 21, 101].iter().all(|n| Plural::of(&locale, *n) != Plural::One);
            let mut wanted = references(message(source));
            if count_may_go && !references(text).contains(&"$count$".to_owned()) {
                wanted.retain(|reference| reference != "$count$");
            }
            if references(text) != wanted {
                problems.push(format!("{locale}: {key} uses {:?}, en {:?}", references(text), wanted));
            }
            if text == message(source) && has_words(text) && !may_stay_english(&locale, key) {
                problems.push(format!("{locale}: {key} is still English: {text:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    assert!(locales >= 10, "{locales} locales besides en; ten are promised (README, \"Languages\")");
}

/// Each plural family has exactly the forms the language's whole numbers fall into (CLDR): Russian
/// `one`, `few`, `many` and `other`; Japanese `other` alone.
fn plural_problems(locale: &str, messages: &Map<String, Value>, english: &Map<String, Value>) -> Vec<String> {
    let families: BTreeSet<&str> = english.keys().filter_map(|key| Some(plural_form(key, english)?.0)).collect();
    let needed: BTreeSet<&str> = Plural::needed_by(locale).iter().map(|plural| plural.name()).collect();
    families
        .into_iter()
        .filter_map(|family| {
            let present: BTreeSet<&str> = Plural::ALL
                .iter()
                .map(|plural| plural.name())
                .filter(|name| messages.contains_key(&format!("{family}_{name}")))
                .collect();
            (present != needed)
                .then(|| format!("{locale}: {family} has the forms {present:?}, the language needs {needed:?}"))
        })
        .collect()
}

#[test]
fn plural_families_are_checked_per_language() {
    let english: Map<String, Value> = serde_json::from_str(
        r#"{"n_one":{"message":"$1 thing"},"n_other":{"message":"$1 things"},"plain":{"message":"x"}}"#,
    )
    .unwrap();
    assert!(plural_problems("en", &english, &english).is_empty());
    let russian: Map<String, Value> =
        serde_json::from_str(r#"{"n_one":{"message":"a"},"n_other":{"message":"b"}}"#).unwrap();
    assert_eq!(plural_problems("ru", &russian, &english).len(), 1, "few and many are missing");
    let japanese: Map<String, Value> =
        serde_json::from_str(r#"{"n_one":{"message":"a"},"n_other":{"message":"b"}}"#).unwrap();
    assert_eq!(plural_problems("ja", &japanese, &english).len(), 1, "one is not a Japanese form");
    assert!(!has_words("$TOKENS$; $ATTENTION$."));
    assert!(has_words("$COUNT$ tokens"));
}

/// Russian, as a reader expects it: 1 токен, 2 токена, 5 токенов, 11 токенов, 21 токен, 22 токена.
#[test]
fn russian_counts_take_their_plural_forms() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("extension/_locales");
    let text = std::fs::read_to_string(dir.join("ru/messages.json")).unwrap();
    let catalog = jenkins_api_token::i18n::Catalog::parse(&text).unwrap();
    let summary = |count| jenkins_api_token::messages::list_summary(count, 0).render(&catalog);
    let counts = [1, 2, 5, 11, 21, 22].map(summary);
    assert_eq!(counts, ["1 токен.", "2 токена.", "5 токенов.", "11 токенов.", "21 токен.", "22 токена."]);
    let attention = jenkins_api_token::messages::list_summary(22, 21).render(&catalog);
    assert_eq!(attention, "22 токена; 21 требует внимания.");
}

#[test]
fn references_are_found_as_browsers_read_them() {
    assert_eq!(references("$USER$ has $count$ of $1 ($$)"), ["$1", "$count$", "$user$"]);
    assert_eq!(references("costs $5"), ["$5"]);
    assert_eq!(references("no reference: a $ sign"), Vec::<String>::new());
}
