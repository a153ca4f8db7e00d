//! `messages.json` files (`extension/_locales/<lang>/messages.json`), read and rendered the way browsers
//! do: the www page and native tests render [`crate::messages`] with a [`Catalog`]; the extension lets
//! the browser do it (`chrome.i18n.getMessage`).

use crate::json::Json;

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
        while let Some((before, after)) = rest.split_once('$') {
            out.push_str(before);
            if let Some(tail) = after.strip_prefix('$') {
                out.push('$');
                rest = tail;
                continue;
            }
            let mut chars = after.chars();
            if let Some(digit) = chars.next().and_then(|c| c.to_digit(10)).filter(|digit| *digit > 0) {
                out.push_str(args.get(digit as usize - 1).copied().unwrap_or(""));
                rest = chars.as_str();
                continue;
            }
            let is_name = |name: &str| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if let Some((name, tail)) = after.split_once('$').filter(|(name, _)| is_name(name)) {
                let name = name.to_ascii_lowercase();
                let content =
                    placeholders.and_then(|all| all.get(&name)).and_then(|p| p.get("content")).and_then(Json::as_str);
                out.push_str(&substitute(content.unwrap_or(""), args));
                rest = tail;
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
        let catalog = Catalog::parse(text).unwrap();
        assert_eq!(catalog.render("status_connecting", &[]).as_deref(), Some("Connecting to Jenkins…"));
        assert_eq!(catalog.render("no_such_key", &[]), None);
    }
}
