//! Every sentence the user reads comes from `extension/_locales/<lang>/messages.json` (browser i18n),
//! so a translation is a file, not a code change. In the extension the browser renders messages
//! (`chrome.i18n.getMessage`); the www page and native tests render the same file with [`Catalog`].

use std::cell::RefCell;

use crate::jenkins::json::Json;

type Translator = Box<dyn Fn(&str, &[&str]) -> Option<String>>;

thread_local! {
    static TRANSLATOR: RefCell<Option<Translator>> = const { RefCell::new(None) };
}

/// Where messages come from from now on (the glue sets this once, at start).
pub fn set_translator(translator: Translator) {
    TRANSLATOR.with(|current| *current.borrow_mut() = Some(translator));
}

/// The message `key`, with `args` for its `$1`…`$9` placeholders. Native code reads the English file.
pub fn t(key: &str, args: &[&str]) -> String {
    let translated = TRANSLATOR.with(|current| current.borrow().as_ref().and_then(|translate| translate(key, args)));
    match translated {
        Some(text) if !text.is_empty() => text,
        _ => english(key, args).unwrap_or_else(|| key.to_owned()),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn english(key: &str, args: &[&str]) -> Option<String> {
    thread_local! {
        static ENGLISH: Catalog = Catalog::parse(include_str!("../extension/_locales/en/messages.json")).expect("valid messages.json");
    }
    ENGLISH.with(|catalog| catalog.render(key, args))
}

/// The wasm carries no sentences of its own.
#[cfg(target_arch = "wasm32")]
fn english(_: &str, _: &[&str]) -> Option<String> {
    None
}

/// A parsed `messages.json`.
pub struct Catalog(Json);

impl Catalog {
    pub fn parse(text: &str) -> Option<Catalog> {
        let json: Json = serde_json::from_str(text).ok()?;
        json.is_object().then_some(Catalog(json))
    }

    /// Renders like `chrome.i18n.getMessage`: each `$NAME$` becomes its placeholder's content, in which
    /// `$1`…`$9` are the arguments; `$$` is a dollar sign.
    pub fn render(&self, key: &str, args: &[&str]) -> Option<String> {
        let entry = self.0.get(key)?;
        let message = entry.get("message")?.as_str()?;
        let placeholders = entry.get("placeholders");
        let mut out = String::with_capacity(message.len());
        let mut rest = message;
        while let Some(start) = rest.find('$') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            if let Some(tail) = after.strip_prefix('$') {
                out.push('$');
                rest = tail;
                continue;
            }
            if let Some(digit) = after.chars().next().and_then(|c| c.to_digit(10)).filter(|digit| *digit > 0) {
                out.push_str(args.get(digit as usize - 1).copied().unwrap_or(""));
                rest = &after[1..];
                continue;
            }
            let name_length = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
            if name_length > 0 && after[name_length..].starts_with('$') {
                let name = after[..name_length].to_ascii_lowercase();
                let content =
                    placeholders.and_then(|all| all.get(&name)).and_then(|p| p.get("content")).and_then(Json::as_str);
                out.push_str(&substitute(content.unwrap_or(""), args));
                rest = &after[name_length + 1..];
                continue;
            }
            out.push('$');
            rest = after;
        }
        out.push_str(rest);
        Some(out)
    }
}

/// `$1`…`$9` in a placeholder's content.
fn substitute(content: &str, args: &[&str]) -> String {
    let mut out = String::new();
    let mut chars = content.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek().and_then(|next| next.to_digit(10))) {
            ('$', Some(digit @ 1..=9)) => {
                chars.next();
                out.push_str(args.get(digit as usize - 1).copied().unwrap_or(""));
            }
            (c, _) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_placeholders_like_browsers() {
        let catalog = Catalog::parse(
            r#"{"greet":{"message":"Hello $WHO$, you owe $$5 to $Other$.","placeholders":{"who":{"content":"$1"},"other":{"content":"$2 ($1)"}}},
                "plain":{"message":"Just text"}}"#,
        )
        .unwrap();
        assert_eq!(catalog.render("greet", &["Ann", "Bob"]).unwrap(), "Hello Ann, you owe $5 to Bob (Ann).");
        assert_eq!(catalog.render("plain", &[]).unwrap(), "Just text");
        assert_eq!(catalog.render("missing", &[]), None);
        assert_eq!(catalog.render("greet", &[]).unwrap(), "Hello , you owe $5 to  ().");
    }

    #[test]
    fn the_english_file_is_complete_and_sound() {
        let text = include_str!("../extension/_locales/en/messages.json");
        let json: Json = serde_json::from_str(text).unwrap();
        let Json::Object(entries) = &json else { panic!("an object") };
        assert!(entries.len() > 50);
        for (key, entry) in entries {
            assert!(key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'), "{key}");
            assert!(entry.get("message").and_then(Json::as_str).is_some_and(|m| !m.is_empty()), "{key}");
        }
        // Native code renders English from it.
        assert_eq!(t("status_connecting", &[]), "Connecting to Jenkins…");
        assert_eq!(t("no_such_key", &[]), "no_such_key");
    }
}
