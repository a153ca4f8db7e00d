//! Values written into the files and command lines where a token is used: a POSIX shell word, a
//! `.netrc` word, an INI value, a YAML or Python string. The popup's snippets and the native host's
//! config files both write through these, so each format is spelled once.
//!
//! A value that a format cannot hold safely gives `None`, and the caller leaves that use out. Control
//! characters are the main case: pasted into a terminal, a newline runs a command, Ctrl-C interrupts
//! one, and `ESC [201~` ends a bracketed paste so that the rest runs as typed; in `.netrc` a newline
//! starts a new `machine` or `default` entry. A hostile Jenkins (or anyone on a plain-http path to it)
//! chooses the user id, so no format trusts it.

/// Whether `text` holds a C0 or C1 control character or DEL.
pub fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// A POSIX shell word in single quotes (`'` becomes `'\''`); `None` for control characters.
pub fn shell(text: &str) -> Option<String> {
    (!has_control(text)).then(|| format!("'{}'", text.replace('\'', "'\\''")))
}

/// A `.netrc` word: as it is when it has no white space, quote or backslash, else double-quoted with
/// `\"` and `\\` (as curl reads it); `None` for control characters (a newline would add an entry).
pub fn netrc(text: &str) -> Option<String> {
    if has_control(text) {
        return None;
    }
    if !text.is_empty() && !text.chars().any(|c| c.is_whitespace() || c == '"' || c == '\\') {
        return Some(text.to_owned());
    }
    Some(format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")))
}

/// A value of an INI file read by Python's `configparser` (Jenkins Job Builder's), which interpolates
/// `%` (so it is doubled) and has no quoting: a value with white space at either end, a control
/// character, or nothing at all cannot be written, and gives `None`.
pub fn ini(text: &str) -> Option<String> {
    let writable = !text.is_empty() && text.trim() == text && !has_control(text);
    writable.then(|| text.replace('%', "%%"))
}

/// A YAML double-quoted scalar: the escapes of [`python`], which YAML reads the same way.
pub fn yaml(text: &str) -> String {
    quoted(text, '"')
}

/// A Python string literal in single quotes.
pub fn python(text: &str) -> String {
    quoted(text, '\'')
}

/// `text` between `quote`s, with `\\`, the quote, and every control or line-breaking character
/// (`\uXXXX`) escaped: a string that stays one value, whatever it holds.
fn quoted(text: &str, quote: char) -> String {
    let mut out = String::from(quote);
    for c in text.chars() {
        if c == '\\' || c == quote {
            out.push('\\');
            out.push(c);
        } else if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every C0 control, DEL, a C1 control, and the end of a bracketed paste.
    const CONTROLS: [&str; 5] = ["a\nb", "a\u{3}b", "a\u{7f}b", "a\u{9b}b", "a\u{1b}[201~b"];

    #[test]
    fn no_shell_netrc_or_ini_value_holds_a_control_character() {
        for text in CONTROLS {
            assert_eq!(shell(text), None, "{text:?}");
            assert_eq!(netrc(text), None, "{text:?}");
            assert_eq!(ini(text), None, "{text:?}");
            assert!(!yaml(text).chars().any(char::is_control), "{text:?}");
            assert!(!python(text).chars().any(char::is_control), "{text:?}");
        }
        for c in (0..0x20u32).chain([0x7f]).chain(0x80..0xa0).filter_map(char::from_u32) {
            assert!(has_control(&c.to_string()), "{c:?}");
        }
        assert!(!has_control("Jürgen 山田 \u{2028}"));
    }

    #[test]
    fn each_format_quotes_what_it_must() {
        assert_eq!(shell("O'Brien $(x)").as_deref(), Some("'O'\\''Brien $(x)'"));
        assert_eq!(netrc("alice").as_deref(), Some("alice"));
        assert_eq!(netrc("Jane \"J\" \\").as_deref(), Some("\"Jane \\\"J\\\" \\\\\""));
        assert_eq!(netrc("").as_deref(), Some("\"\""));
        assert_eq!(ini("50% off").as_deref(), Some("50%% off"));
        assert_eq!(ini(" x"), None);
        assert_eq!(yaml("a\"b\\c\u{2028}"), "\"a\\\"b\\\\c\\u2028\"");
        assert_eq!(python("it's"), "'it\\'s'");
    }
}
