//! The static text of the popup and the www page comes from `extension/_locales/en/messages.json`, the
//! one source of every sentence: the pages in `extension/` and `www/` carry only message keys
//! (`data-i18n` for an element's text, `data-i18n-aria-label` and `data-i18n-placeholder` for those
//! attributes), and the build writes the English text into the copies in `dist/`, so the page shows it
//! before the core translates it into the user's language. A source page that spells out a text
//! itself fails the build, so the two can never drift apart.

use anyhow::{anyhow, bail};

use crate::util::Result;

const TEXT: &str = "data-i18n=\"";
const ATTRIBUTES: [(&str, &str); 2] =
    [("data-i18n-aria-label=\"", "aria-label"), ("data-i18n-placeholder=\"", "placeholder")];

/// The page with every marked text and attribute filled in from `messages` (a parsed messages.json).
pub fn fill(page: &str, messages: &serde_json::Value) -> Result<String> {
    let problems = source_problems(page, messages);
    if !problems.is_empty() {
        bail!("the page's static text is not all from messages.json:\n  {}", problems.join("\n  "));
    }
    let mut out = String::with_capacity(page.len() * 2);
    let mut rest = page;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find('>').ok_or_else(|| anyhow!("a tag that does not end"))?;
        let tag = &rest[start..end];
        out.push_str(tag);
        for (marker, attribute) in ATTRIBUTES {
            if let Some(key) = value_after(tag, marker) {
                out.push_str(&format!(" {attribute}=\"{}\"", escape(message(messages, key)?)));
            }
        }
        out.push('>');
        rest = &rest[end + 1..];
        if let Some(key) = value_after(tag, TEXT) {
            out.push_str(&escape(message(messages, key)?));
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// What is wrong with a source page: a marked element or attribute that already holds English, or a
/// key messages.json does not have.
pub fn source_problems(page: &str, messages: &serde_json::Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>').map(|end| start + end) else {
            break;
        };
        let tag = &rest[start..end];
        rest = &rest[end + 1..];
        for marker in [TEXT, ATTRIBUTES[0].0, ATTRIBUTES[1].0] {
            if let Some(key) = value_after(tag, marker)
                && message(messages, key).is_err()
            {
                problems.push(format!("`{key}` is not in messages.json"));
            }
        }
        for (marker, attribute) in ATTRIBUTES {
            if value_after(tag, marker).is_some() && tag.contains(&format!(" {attribute}=")) {
                problems.push(format!("`{tag}>` spells out its {attribute}"));
            }
        }
        if value_after(tag, TEXT).is_some() {
            let text = &rest[..rest.find('<').unwrap_or(rest.len())];
            if !text.trim().is_empty() {
                problems.push(format!("`{tag}>` spells out its text: {}", text.trim()));
            }
        }
    }
    problems
}

/// The value of the attribute `marker` opens (` data-i18n="` and its kin), in one tag.
fn value_after<'a>(tag: &'a str, marker: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {marker}"))? + 1 + marker.len();
    tag[at..].split('"').next()
}

fn message<'a>(messages: &'a serde_json::Value, key: &str) -> Result<&'a str> {
    let text = messages[key]["message"].as_str().ok_or_else(|| anyhow!("no message `{key}`"))?;
    if text.contains('$') {
        bail!("`{key}` has placeholders; a page's static text cannot fill them");
    }
    Ok(text)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::{self, root};

    fn english() -> serde_json::Value {
        let text = std::fs::read_to_string(paths::english_messages()).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn texts_and_attributes_come_from_the_messages() {
        let messages = serde_json::json!({
            "title": {"message": "Tom & <Jerry>"},
            "label": {"message": "Say \"hi\""},
        });
        let page = r#"<p data-i18n="title"></p><input data-i18n-aria-label="label"><b>kept</b>"#;
        assert_eq!(
            fill(page, &messages).unwrap(),
            r#"<p data-i18n="title">Tom &amp; &lt;Jerry&gt;</p><input data-i18n-aria-label="label" aria-label="Say &quot;hi&quot;"><b>kept</b>"#
        );
    }

    #[test]
    fn a_page_that_spells_out_its_text_or_names_a_missing_key_fails() {
        let messages = serde_json::json!({"title": {"message": "Title"}, "n": {"message": "$1 tokens"}});
        for page in [
            r#"<p data-i18n="title">Title</p>"#,
            r#"<input data-i18n-placeholder="title" placeholder="Title">"#,
            r#"<p data-i18n="nope"></p>"#,
            r#"<p data-i18n="n"></p>"#,
        ] {
            assert!(fill(page, &messages).is_err(), "{page}");
        }
    }

    /// The shipped pages: every static text is a key of the English messages, and none is spelt out.
    #[test]
    fn the_popup_and_the_www_page_take_every_text_from_the_messages() {
        let messages = english();
        for page in ["extension/popup.html", "extension/options.html", "www/index.html"] {
            let html = std::fs::read_to_string(root().join(page)).unwrap();
            assert_eq!(source_problems(&html, &messages), Vec::<String>::new(), "{page}");
            assert!(html.contains(TEXT), "{page} has marked texts");
            fill(&html, &messages).unwrap();
        }
    }
}
