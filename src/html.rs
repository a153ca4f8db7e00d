//! What the protocol needs from an HTML document: CSS selection, attributes and text. The browser
//! glue implements it over `DOMParser` (no HTML parser in the wasm); native tests over a Rust parser.
//! Jenkins has no API for the token list or the legacy token, so these pages are read as HTML.

pub trait HtmlNode: Sized {
    /// Every descendant matching a CSS selector, in document order.
    fn select_all(&self, selector: &str) -> Vec<Self>;
    fn attr(&self, name: &str) -> Option<String>;
    /// The text content, as `textContent`.
    fn text(&self) -> String;
    /// Whether this node or an ancestor matches the selector (`closest`).
    fn within(&self, selector: &str) -> bool;

    fn select(&self, selector: &str) -> Option<Self> {
        self.select_all(selector).into_iter().next()
    }

    fn has_class(&self, class: &str) -> bool {
        self.attr("class").is_some_and(|classes| classes.split_ascii_whitespace().any(|candidate| candidate == class))
    }

    /// Text with runs of white space made single spaces, trimmed.
    fn clean_text(&self) -> String {
        single_spaced(&self.text())
    }
}

/// `text` with runs of white space made single spaces, trimmed.
pub fn single_spaced(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Turns page source into a document; the glue's `DOMParser`, or a Rust parser in tests.
pub trait HtmlParser {
    type Node: HtmlNode;
    fn parse(&self, html: &str) -> Self::Node;
}

#[cfg(test)]
mod tests {
    #[test]
    fn single_spaced_joins_the_words_with_one_space() {
        for text in ["", "  ", "a", " a  b\n\tc ", "\u{a0}x\u{2003}y\u{3000}", "日本 語"] {
            assert_eq!(super::single_spaced(text), text.split_whitespace().collect::<Vec<_>>().join(" "), "{text:?}");
        }
    }
}
