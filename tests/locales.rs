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
    assert!(locales >= 10, "{locales} locales besides en; ten are promised (../README.md, \"Languages\")");
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

// Typography and wording: the mechanical rules a careful reader checks in each language.

fn locales_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("extension/_locales")
}

fn locale_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(locales_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn messages_of(locale: &str) -> Map<String, Value> {
    read(&locales_dir().join(locale).join("messages.json"))
}

/// Every text a reader of `locale` sees, named: its messages (but those awaiting plural forms) and its
/// store listing's texts.
fn texts_of(locale: &str) -> Vec<(String, String)> {
    let mut texts: Vec<(String, String)> = messages_of(locale)
        .iter()
        .map(|(key, entry)| (format!("{locale}: {key}"), message(entry).to_owned()))
        .collect();
    let listing = Path::new(env!("CARGO_MANIFEST_DIR")).join("store/listing").join(format!("{locale}.json"));
    fn strings(name: String, value: &Value, into: &mut Vec<(String, String)>) {
        match value {
            Value::String(text) => into.push((name, text.clone())),
            Value::Object(fields) => {
                fields.iter().for_each(|(key, value)| strings(format!("{name}.{key}"), value, into))
            }
            _ => {}
        }
    }
    strings(format!("store/listing/{locale}.json"), &Value::Object(read(&listing)), &mut texts);
    texts
}

const NARROW_NBSP: char = '\u{202F}';
const NBSP: char = '\u{A0}';

/// Where French spacing is wrong: a narrow no-break space (U+202F) before ; ? ! and inside « », a
/// no-break space (U+00A0) before :. A sign followed by a letter, a digit or a slash is not the
/// punctuation of a sentence (https://host:8080/?a, 10:42).
fn french_spacing(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let name = |space: Option<char>| match space {
        Some(NBSP) => "U+00A0".to_owned(),
        Some(NARROW_NBSP) => "U+202F".to_owned(),
        Some(' ') => "a plain space".to_owned(),
        Some(other) if !other.is_whitespace() => "no space".to_owned(),
        Some(other) => format!("U+{:04X}", u32::from(other)),
        None => "nothing".to_owned(),
    };
    let mut expect = |at: usize, space: Option<char>, wanted: char, what: &str| {
        if space != Some(wanted) {
            let context: String = chars[at.saturating_sub(16)..(at + 2).min(chars.len())].iter().collect();
            found.push(format!("{} {what}, not {}: “{context}”", name(Some(wanted)), name(space)));
        }
    };
    for (at, &sign) in chars.iter().enumerate() {
        let before = at.checked_sub(1).map(|i| chars[i]);
        let after = chars.get(at + 1).copied();
        let ends_a_phrase = after.is_none_or(|next| next.is_whitespace() || matches!(next, '»' | ')' | '.' | ','));
        match sign {
            ';' | '?' | '!' if ends_a_phrase => expect(at, before, NARROW_NBSP, &format!("before {sign}")),
            ':' if ends_a_phrase => expect(at, before, NBSP, "before :"),
            '»' => expect(at, before, NARROW_NBSP, "before »"),
            '«' => expect(at, after, NARROW_NBSP, "after «"),
            _ => {}
        }
    }
    found
}

#[test]
fn french_spacing_is_french() {
    let problems: Vec<String> = texts_of("fr")
        .iter()
        .flat_map(|(name, text)| french_spacing(text).into_iter().map(move |problem| format!("{name}: {problem}")))
        .collect();
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn french_spacing_finds_plain_missing_and_wrong_spaces() {
    let good = "Le révoquer\u{202F}? Jenkins\u{A0}: «\u{202F}ci\u{202F}» révoqué\u{202F}; fait\u{202F}!";
    assert_eq!(french_spacing(good), Vec::<String>::new());
    assert_eq!(
        french_spacing("https://ci.example.com:8080/?root=/ à 10:42, sans «\u{202F}?\u{202F}»"),
        Vec::<String>::new()
    );
    assert_eq!(french_spacing("Le révoquer ? Oui"), ["U+202F before ?, not a plain space: “Le révoquer ? ”"]);
    assert_eq!(french_spacing("Révoqué: «ci»").len(), 3, "no space before :, after « and before »");
    assert_eq!(french_spacing("fait\u{A0}; la page n'a pas pu démarrer\u{202F}:").len(), 2, "the wrong no-break space");
}

/// Quotation marks of every language's style, and the straight ASCII quote no sentence uses.
const QUOTATION_MARKS: &[char] = &['"', '“', '”', '„', '‟', '‚', '‘', '«', '»', '‹', '›', '「', '」', '『', '』'];

/// The opening and closing marks a language quotes names with, as its `quoted_name` shows them.
fn quotes_of(quoted_name: &str) -> Option<(char, char)> {
    let marks: Vec<char> = quoted_name.chars().filter(|c| QUOTATION_MARKS.contains(c)).collect();
    match marks[..] {
        [open, close] if open != '"' && close != '"' => Some((open, close)),
        _ => None,
    }
}

/// Where `text` quotes otherwise than with `open` and `close`: another style's marks, a straight
/// quote, or marks that do not pair up.
fn foreign_quotes(text: &str, (open, close): (char, char)) -> Vec<String> {
    let mut found: Vec<String> = text
        .chars()
        .filter(|c| QUOTATION_MARKS.contains(c) && *c != open && *c != close)
        .map(|c| format!("{c} is not this language's quotation mark ({open}…{close})"))
        .collect();
    let (opened, closed) = (text.matches(open).count(), text.matches(close).count());
    if opened != closed {
        found.push(format!("{opened} {open} but {closed} {close}"));
    }
    found
}

#[test]
fn every_language_quotes_with_its_own_marks() {
    let mut problems = Vec::new();
    for locale in locale_names() {
        let quoted_name = message(&messages_of(&locale)["quoted_name"]).to_owned();
        let Some(quotes) = quotes_of(&quoted_name) else {
            problems.push(format!("{locale}: quoted_name {quoted_name:?} is not a pair of quotation marks"));
            continue;
        };
        for (name, text) in texts_of(&locale) {
            problems.extend(foreign_quotes(&text, quotes).into_iter().map(|problem| format!("{name}: {problem}")));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn foreign_and_straight_quotes_are_found() {
    let german = quotes_of("„$NAME$“").unwrap();
    assert_eq!(german, ('„', '“'));
    assert_eq!(quotes_of("«\u{202F}$NAME$\u{202F}»"), Some(('«', '»')));
    assert_eq!(quotes_of("\"$NAME$\""), None, "straight quotes are no language's");
    assert_eq!(foreign_quotes("„ci“ widerrufen: „laptop“.", german), Vec::<String>::new());
    assert_eq!(
        foreign_quotes("“ci” widerrufen.", german),
        ["” is not this language's quotation mark („…“)", "0 „ but 1 “"]
    );
    assert_eq!(foreign_quotes("Tick \"Clear\" and «this».", ('“', '”')).len(), 4);
    assert_eq!(foreign_quotes("「ci」を無効化しました。「x", ('「', '」')), ["2 「 but 1 」"]);
}

/// A concept worded one way in a language: the message that names it must use `word`, and no text of
/// the language may use one of `wrong` for it (once the phrases in `unless` are set aside).
struct Term {
    locale: &'static str,
    key: &'static str,
    word: &'static str,
    wrong: &'static [&'static str],
    unless: &'static [&'static str],
}

const fn term(locale: &'static str, key: &'static str, word: &'static str, wrong: &'static [&'static str]) -> Term {
    Term { locale, key, word, wrong, unless: &[] }
}

/// The words Jenkins' own translations use (../README.md, "Languages"), and words a language uses for
/// one thing only: German and French "old" is the token a rotation replaces, never the legacy one.
const TERMS: &[Term] = &[
    term("de", "tab_legacy", "Legacy-Token", &["altes Token", "altes API-Token", "alten API-Token", "Ihres alten"]),
    term("de", "label_use_script", "Skript-Konsole", &["Script-Konsole", "Skriptkonsole"]),
    term("de", "fact_expires", "Läuft am", &["Gültig bis"]),
    term("fr", "tab_legacy", "jeton obsolète", &["ancien jeton d'API", "votre ancien jeton", "jeton hérité"]),
    term("fr", "label_use_script", "console de script", &["console de scripts", "console des scripts"]),
    term("fr", "rotated", "La vérification a réussi", &["passé la vérification"]),
    term("ja", "button_rotate", "再発行", &["更新"]),
    term("ja", "button_hide", "非表示", &["隠す"]),
    term("ja", "tab_legacy", "レガシー", &["旧 API トークン", "旧トークン"]),
    term("ja", "fact_created", "作成日", &["作成:"]),
    Term {
        locale: "ru",
        key: "aria_script",
        word: "Скрипт",
        wrong: &["сценари"],
        unless: &["консоль сценариев", "консоли сценариев", "консолью сценариев"],
    },
    term("ru", "fact_expires", "Истекает", &["Действует до"]),
    term("ru", "button_rotate", "Перевыпустить", &["замена", "замену", "замены", "заменой"]),
    term("ru", "default_name", "на $SYSTEM$", &["в $SYSTEM$", "в <система>"]),
    term("es", "tab_legacy", "heredado", &["(legacy)"]),
    term("it", "label_use_script", "console script", &["console degli script", "console di script"]),
    term("pt_BR", "label_use_script", "console de script", &["console de scripts", "terminal de script"]),
    term("ko", "button_revoke", "폐기", &["해지", "철회"]),
    term("ko", "revoke_confirm", "작동", &["동작하지"]),
    term("zh_CN", "tab_list", "Token", &["令牌", "权杖"]),
    term("zh_CN", "tab_legacy", "遗留", &["旧版"]),
    term("zh_CN", "label_use_script", "脚本命令行", &["脚本控制台"]),
    term("zh_TW", "tab_list", "Token", &["權杖", "令牌"]),
    term("zh_TW", "label_use_script", "Script 主控台", &["指令碼主控台", "腳本主控台"]),
    term("zh_TW", "button_rotate", "輪替", &["輪換"]),
    // Taiwan's words, not the mainland's.
    term("zh_TW", "failure_session_ended", "工作階段", &["會話"]),
    term("zh_TW", "uncertain_timeout", "回應", &["響應"]),
    term("zh_TW", "list_denied", "存取", &["訪問"]),
    term("zh_TW", "oc_address_label", "位址", &["地址"]),
    term("zh_TW", "doing_list", "清單", &["列表"]),
    term("zh_TW", "advanced", "進階", &["高階"]),
    term("zh_TW", "policy_notes_title", "原則", &["策略"]),
    term("zh_TW", "unanswered_redirect", "重新導向", &["重定向"]),
];

/// What `term` finds wrong in `texts` (name, text): the naming message without its word, or a text
/// with a wrong one.
fn term_problems(term: &Term, naming: &str, texts: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    if !naming.to_lowercase().contains(&term.word.to_lowercase()) {
        found.push(format!("{}: {} does not say {:?}: {naming:?}", term.locale, term.key, term.word));
    }
    for (name, text) in texts {
        let mut text = text.to_lowercase();
        for phrase in term.unless {
            text = text.replace(&phrase.to_lowercase(), "");
        }
        for wrong in term.wrong.iter().filter(|wrong| text.contains(&wrong.to_lowercase())) {
            found.push(format!("{name}: {wrong:?} where this language says {:?}", term.word));
        }
    }
    found
}

#[test]
fn one_word_per_concept_in_each_language() {
    let mut problems = Vec::new();
    for term in TERMS {
        let naming = message(&messages_of(term.locale)[term.key]).to_owned();
        problems.extend(term_problems(term, &naming, &texts_of(term.locale)));
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn a_wrong_word_or_a_missing_one_is_found() {
    let texts = |text: &str| vec![("ru: x".to_owned(), text.to_owned())];
    let script = TERMS.iter().find(|term| term.locale == "ru" && term.key == "aria_script").unwrap();
    assert_eq!(term_problems(script, "Скрипт", &texts("Через консоль сценариев")), Vec::<String>::new());
    assert_eq!(
        term_problems(script, "Скрипт", &texts("Все сценарии перестанут работать")),
        ["ru: x: \"сценари\" where this language says \"Скрипт\""]
    );
    assert_eq!(
        term_problems(script, "Сценарий", &texts("Сценарий")),
        [
            "ru: aria_script does not say \"Скрипт\": \"Сценарий\"",
            "ru: x: \"сценари\" where this language says \"Скрипт\""
        ],
        "the message naming the concept must use the word"
    );
}

/// Where a formal imperative ("widerrufen Sie") follows a colon in lower case: it starts a sentence,
/// so German writes it with a capital. Other sentences after a colon are left to the reader, as a
/// machine cannot tell them from a list or a phrase.
fn german_imperative_after_colon(text: &str) -> Vec<String> {
    text.match_indices(": ")
        .filter_map(|(at, _)| {
            let mut words = text[at + 2..].split_whitespace();
            let verb = words.next()?;
            let lower_verb = verb.starts_with(|c: char| c.is_lowercase()) && verb.ends_with("en");
            (lower_verb && words.next().is_some_and(|word| word.trim_end_matches([',', '.']) == "Sie"))
                .then(|| format!("“: {verb} Sie” starts a sentence: a capital after the colon"))
        })
        .collect()
}

#[test]
fn german_sentences_after_a_colon_start_with_a_capital() {
    let problems: Vec<String> = texts_of("de")
        .iter()
        .flat_map(|(name, text)| {
            german_imperative_after_colon(text).into_iter().map(move |problem| format!("{name}: {problem}"))
        })
        .collect();
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn a_lower_case_imperative_after_a_colon_is_found() {
    assert_eq!(
        german_imperative_after_colon("Abgelaufen: widerrufen Sie es."),
        ["“: widerrufen Sie” starts a sentence: a capital after the colon"]
    );
    assert_eq!(german_imperative_after_colon("Abgelaufen: Widerrufen Sie es."), Vec::<String>::new());
    assert_eq!(german_imperative_after_colon("$KEY$: kein Wert, den Sie setzen können."), Vec::<String>::new());
    assert_eq!(german_imperative_after_colon("Geleert wird: was Sie kopiert haben."), Vec::<String>::new());
}
