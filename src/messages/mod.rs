//! Every sentence the user reads, in one place. The protocol, the flow and the form return typed
//! values ([`Failure`](crate::failure::Failure), [`Verdict`](crate::jenkins::verify::Verdict),
//! [`Attention`](crate::jenkins::token_list::Attention), …) with no text in them; the functions here
//! map each to a [`Message`]: a key of `extension/_locales/<lang>/messages.json` and its arguments. The
//! browser glue renders messages in the user's language (the browser's i18n, or a [`Catalog`] in the
//! www page); a translation is a file, not a code change.
//!
//! [`Catalog`]: crate::i18n::Catalog

mod failures;
pub mod pending_mint;
mod popup;
pub mod settings;

pub use failures::{failure, link, uncertainty};
pub use popup::*;

use crate::day::Day;

/// A sentence: a message key and its arguments (`$1`…`$9` in the message), which may be sentences too.
/// A counted phrase ("5 tokens") also has its count: the language's plural form for it chooses the
/// message, `<key>_one`, `<key>_few`, … or `<key>_other`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<Arg>,
    pub count: Option<u64>,
}

/// The CLDR plural categories, which `Intl.PluralRules` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Plural {
    pub const ALL: [Plural; 6] = [Plural::Zero, Plural::One, Plural::Two, Plural::Few, Plural::Many, Plural::Other];

    /// The category's name, as `Intl.PluralRules` answers it and as message keys end.
    pub fn name(self) -> &'static str {
        match self {
            Plural::Zero => "zero",
            Plural::One => "one",
            Plural::Two => "two",
            Plural::Few => "few",
            Plural::Many => "many",
            Plural::Other => "other",
        }
    }

    pub fn parse(name: &str) -> Option<Plural> {
        Plural::ALL.into_iter().find(|plural| plural.name() == name)
    }

    /// CLDR's cardinal rule for a whole number in the languages the extension ships (the language part
    /// of `locale`, as `messages.json` names it: `pt_BR`, `zh_TW`); English's for any other. The
    /// browser asks `Intl.PluralRules` instead; this is for the native tests and the locale checks.
    pub fn of(locale: &str, count: u64) -> Plural {
        let language = locale.split(['_', '-']).next().unwrap_or_default();
        let millions = count != 0 && count.is_multiple_of(1_000_000);
        match language {
            "ja" | "ko" | "zh" => Plural::Other,
            "fr" | "pt" if count <= 1 => Plural::One,
            "es" | "it" if count == 1 => Plural::One,
            "fr" | "pt" | "es" | "it" if millions => Plural::Many,
            "fr" | "pt" | "es" | "it" => Plural::Other,
            "ru" => match (count % 10, count % 100) {
                (1, 11) | (2..=4, 12..=14) => Plural::Many,
                (1, _) => Plural::One,
                (2..=4, _) => Plural::Few,
                _ => Plural::Many,
            },
            _ if count == 1 => Plural::One,
            _ => Plural::Other,
        }
    }

    /// The categories a language's whole numbers fall into: the plural forms its messages must have.
    pub fn needed_by(locale: &str) -> &'static [Plural] {
        match locale.split(['_', '-']).next().unwrap_or_default() {
            "ja" | "ko" | "zh" => &[Plural::Other],
            "fr" | "pt" | "es" | "it" => &[Plural::One, Plural::Many, Plural::Other],
            "ru" => &[Plural::One, Plural::Few, Plural::Many, Plural::Other],
            _ => &[Plural::One, Plural::Other],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Data: a name, a server's words. Shown as it is.
    Text(String),
    /// A sentence inside a sentence.
    Message(Message),
    /// A day, written as the user's locale writes dates.
    Date(Day),
    /// A number the user reads, written as the user's locale writes numbers.
    Count(u64),
    /// A moment (milliseconds since the epoch), as the user's clock shows it: `10:42 AM`, `10:42`.
    Time(u64),
    /// Names the user gave (of tokens), each in the language's quotation marks (`quoted_name`), listed
    /// as the language lists them: `“a”, “b”, and “c”`, `「a」、「b」、「c」`. A name may hold a comma.
    Names(Vec<String>),
}

/// What a rendering needs from the user's language: its sentences, and how it writes dates, numbers
/// and lists. A bare `Fn(key, args)` is a language that writes ISO dates, plain digits and lists
/// joined with commas (the native tests).
pub trait Language {
    /// The text of `key` with `args` filled in (`None`: no such message).
    fn sentence(&self, key: &str, args: &[&str]) -> Option<String>;
    fn date(&self, day: Day) -> String {
        day.to_string()
    }
    fn count(&self, count: u64) -> String {
        count.to_string()
    }
    /// Without a language, `hh:mm` in UTC.
    fn time(&self, at_ms: u64) -> String {
        let minutes = at_ms / 60_000;
        format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
    }
    /// "a, b and c" in the language; without one, the items joined with commas.
    fn list(&self, items: Vec<String>) -> String {
        join(&items, ", ")
    }
    /// The plural form of `count`; without a language, English's.
    fn plural(&self, count: u64) -> Plural {
        Plural::of("en", count)
    }
}

impl<F: Fn(&str, &[&str]) -> Option<String>> Language for F {
    fn sentence(&self, key: &str, args: &[&str]) -> Option<String> {
        self(key, args)
    }
}

impl Language for crate::i18n::Catalog {
    fn sentence(&self, key: &str, args: &[&str]) -> Option<String> {
        self.render(key, args)
    }
    fn plural(&self, count: u64) -> Plural {
        Plural::of(&self.render("locale", &[]).unwrap_or_default(), count)
    }
}

impl From<Day> for Arg {
    fn from(day: Day) -> Arg {
        Arg::Date(day)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(text.to_owned())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(text)
    }
}

impl From<Message> for Arg {
    fn from(message: Message) -> Arg {
        Arg::Message(message)
    }
}

/// `items` with `separator` between them: `[String]::join`, without the standard library's large copy
/// loop behind it.
pub fn join(items: &[String], separator: &str) -> String {
    let mut out = String::new();
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push_str(separator);
        }
        out.push_str(item);
    }
    out
}

/// The key of a message that is its one argument, as it is (a tool's own name, say).
const VERBATIM: &str = "";

impl Message {
    // A call: inlined, its few stores were repeated at every one of its many call sites.
    #[inline(never)]
    pub fn new(key: &'static str) -> Message {
        Message { key, args: Vec::new(), count: None }
    }

    pub fn with(key: &'static str, args: impl Into<Vec<Arg>>) -> Message {
        Message { key, args: args.into(), count: None }
    }

    /// A phrase about `count` things: its first argument is the count (`$COUNT$`), written as the
    /// language writes numbers, then `more`; the language's plural form for it picks the message.
    pub fn counted(key: &'static str, count: u64, more: impl IntoIterator<Item = Arg>) -> Message {
        let mut args = vec![Arg::Count(count)];
        args.extend(more);
        Message { key, args, count: Some(count) }
    }

    /// Text that is the same in every language.
    pub fn verbatim(text: &str) -> Message {
        Message::with(VERBATIM, [text.into()])
    }

    /// The sentence in `language`; a key it has no message for is shown as the key.
    pub fn render(&self, language: &dyn Language) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|arg| match arg {
                Arg::Text(text) => text.clone(),
                Arg::Message(message) => message.render(language),
                Arg::Date(day) => language.date(*day),
                Arg::Count(count) => language.count(*count),
                Arg::Time(at_ms) => language.time(*at_ms),
                Arg::Names(names) => language.list(
                    names
                        .iter()
                        .map(|name| language.sentence("quoted_name", &[name]).unwrap_or_else(|| name.clone()))
                        .collect(),
                ),
            })
            .collect();
        if self.key == VERBATIM {
            return args.into_iter().next().unwrap_or_default();
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let sentence = |key: &str| language.sentence(key, &args).filter(|text| !text.is_empty());
        match self.count {
            // The language's form for the count, else its `other` form (a browser may name a category
            // the messages lack, as French does for a million).
            Some(count) => sentence(&plural_key(self.key, language.plural(count)))
                .or_else(|| sentence(&plural_key(self.key, Plural::Other))),
            None => sentence(self.key),
        }
        .unwrap_or_else(|| self.key.to_owned())
    }
}

/// `<key>_<plural>`, the message for one plural form.
fn plural_key(key: &str, plural: Plural) -> String {
    let mut name = key.to_owned();
    name.push('_');
    name.push_str(plural.name());
    name
}

/// The English sentence, as the native tests read it.
#[cfg(test)]
pub fn english(message: &Message) -> String {
    thread_local! {
        static ENGLISH: crate::i18n::Catalog =
            crate::i18n::Catalog::parse(include_str!("../../extension/_locales/en/messages.json")).expect("valid messages.json");
    }
    ENGLISH.with(|catalog| message.render(catalog))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_is_the_standard_join() {
        let items = |list: &[&str]| list.iter().map(|item| item.to_string()).collect::<Vec<_>>();
        for list in [&[][..], &["a"], &["", "b"], &["a", "", "c"], &["ä", "日本"]] {
            assert_eq!(join(&items(list), ", "), items(list).join(", "), "{list:?}");
        }
    }

    #[test]
    fn nested_messages_render_inside_out_and_verbatim_text_as_it_is() {
        let translate = |key: &str, args: &[&str]| match key {
            "outer" => Some(format!("[{}|{}]", args[0], args[1])),
            "inner" => Some(format!("<{}>", args[0])),
            _ => None,
        };
        let message = Message::with("outer", [Message::with("inner", ["x".into()]).into(), "y".into()]);
        assert_eq!(message.render(&translate), "[<x>|y]");
        assert_eq!(Message::verbatim("curl").render(&translate), "curl");
        assert_eq!(Message::new("missing").render(&translate), "missing");
    }

    /// Dates and counts go through the language, never as the core's own digits.
    #[test]
    fn dates_and_counts_are_the_languages_to_write() {
        struct German;
        impl Language for German {
            fn sentence(&self, key: &str, args: &[&str]) -> Option<String> {
                (key == "used").then(|| format!("{}-mal benutzt, zuletzt am {}", args[0], args[1]))
            }
            fn date(&self, day: Day) -> String {
                let (year, month, day) = day.parts();
                format!("{day}.{month}.{year}")
            }
            fn count(&self, count: u64) -> String {
                count
                    .to_string()
                    .as_bytes()
                    .rchunks(3)
                    .rev()
                    .map(|c| std::str::from_utf8(c).unwrap())
                    .collect::<Vec<_>>()
                    .join(".")
            }
        }
        let message = Message::with("used", [Arg::Count(1234), Day::new(2026, 12, 3).unwrap().into()]);
        assert_eq!(message.render(&German), "1.234-mal benutzt, zuletzt am 3.12.2026");
        let plain = |key: &str, args: &[&str]| (key == "used").then(|| format!("{} {}", args[0], args[1]));
        assert_eq!(message.render(&plain), "1234 2026-12-03", "a bare translation writes ISO dates and digits");
    }

    /// Each name in the language's quotation marks, the list as the language writes it.
    #[test]
    fn names_are_quoted_and_listed_by_the_language() {
        struct Japanese;
        impl Language for Japanese {
            fn sentence(&self, key: &str, args: &[&str]) -> Option<String> {
                match key {
                    "quoted_name" => Some(format!("「{}」", args[0])),
                    "revoked" => Some(format!("無効化しました: {}。", args[0])),
                    _ => None,
                }
            }
            fn list(&self, items: Vec<String>) -> String {
                items.join("、")
            }
        }
        let message = Message::with("revoked", [Arg::Names(vec!["ci, nightly".into(), "ノート".into()])]);
        assert_eq!(message.render(&Japanese), "無効化しました: 「ci, nightly」、「ノート」。");
        let english =
            english(&Message::with("cleanup_revoked", [Arg::Names(vec!["ci, nightly".into(), "laptop".into()])]));
        assert_eq!(english, "Revoked: “ci, nightly”, “laptop”.", "a comma inside a name stays inside its quotes");
    }

    /// A count picks its plural form; a form the messages lack falls back to `other`.
    #[test]
    fn counts_pick_the_plural_form_of_the_language() {
        assert_eq!(english(&list_summary(1, 0)), "1 token.");
        assert_eq!(english(&list_summary(2, 1)), "2 tokens; 1 needs attention.");
        assert_eq!(english(&list_summary(6, 5)), "6 tokens; 5 need attention.");
        assert_eq!(english(&duration(60)), "1 minute");
        assert_eq!(english(&duration(30)), "30 seconds");
        assert_eq!(english(&days(1)), "1 day");
        struct French;
        impl Language for French {
            fn sentence(&self, key: &str, args: &[&str]) -> Option<String> {
                match key {
                    "n_one" => Some(format!("{} jeton", args[0])),
                    "n_other" => Some(format!("{} jetons", args[0])),
                    _ => None,
                }
            }
            fn plural(&self, count: u64) -> Plural {
                Plural::of("fr", count)
            }
        }
        let render = |count| Message::counted("n", count, []).render(&French);
        assert_eq!([render(0), render(1), render(2)], ["0 jeton", "1 jeton", "2 jetons"]);
        assert_eq!(render(1_000_000), "1000000 jetons", "no `many` message: `other`");
    }

    #[test]
    fn cldr_rules_for_the_languages_that_ship() {
        let forms =
            |locale: &str, counts: &[u64]| counts.iter().map(|n| Plural::of(locale, *n).name()).collect::<Vec<_>>();
        assert_eq!(
            forms("ru", &[1, 2, 5, 11, 12, 21, 22, 25, 111, 0]),
            ["one", "few", "many", "many", "many", "one", "few", "many", "many", "many"]
        );
        assert_eq!(forms("fr", &[0, 1, 2, 1_000_000]), ["one", "one", "other", "many"]);
        assert_eq!(forms("pt_BR", &[0, 1, 2]), ["one", "one", "other"]);
        assert_eq!(forms("es", &[0, 1, 2, 2_000_000]), ["other", "one", "other", "many"]);
        assert_eq!(forms("de", &[0, 1, 2]), ["other", "one", "other"]);
        assert_eq!(forms("ja", &[1, 2]), ["other", "other"]);
        assert_eq!(forms("zh_TW", &[1]), ["other"]);
        for locale in ["en", "de", "es", "fr", "it", "ja", "ko", "pt_BR", "ru", "zh_CN", "zh_TW"] {
            let needed = Plural::needed_by(locale);
            for n in (0..2000).chain([1_000_000, 2_000_000]) {
                assert!(needed.contains(&Plural::of(locale, n)), "{locale} {n}");
            }
        }
    }
}
