//! Hand-written text encodings: hex, percent-encoding in the flavours Jenkins uses, form bodies,
//! HTML and JSON escaping, and Java's notion of blank strings.

/// Lowercase hex, like Jenkins' `Util.toHexString` (docs/jenkins.md#token-values).
pub fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes `s`; malformed escapes are kept literally (a bad request must not fail here).
/// With `plus_is_space` (form bodies and query strings) `+` becomes a space.
pub fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hi = bytes.get(i + 1).copied().and_then(hex_value);
            let lo = bytes.get(i + 2).copied().and_then(hex_value);
            if let (Some(hi), Some(lo)) = (hi, lo) {
                out.push((hi << 4) | lo);
                i += 3;
                continue;
            }
        }
        out.push(if plus_is_space && b == b'+' { b' ' } else { b });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses `a=1&b=2` (query strings and `application/x-www-form-urlencoded` bodies).
pub fn parse_form(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (percent_decode(k, true), percent_decode(v, true)),
            None => (percent_decode(pair, true), String::new()),
        })
        .collect()
}

/// Jenkins' `Util.rawEncode` (docs/jenkins.md#user-urls): RFC 1738 path-segment encoding. Alphanumerics and
/// `!@$&*()-_=+',.` stay, everything else (space, `/`, `?`, non-ASCII as UTF-8, …) becomes `%XX`.
pub fn raw_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"!@$&*()-_=+',.".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Java's `URLEncoder.encode(s, UTF_8)`: used for the login page's `from=` (docs/jenkins.md#login-redirect-page).
/// Space becomes `+`; only alphanumerics and `.-*_` are left alone.
pub fn java_url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b' ' => out.push('+'),
            b'.' | b'-' | b'*' | b'_' => out.push(b as char),
            _ if b.is_ascii_alphanumeric() => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A JSON string literal, quotes included.
pub fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// Java's `Character.isWhitespace`: Unicode spaces except the non-breaking ones, plus the
/// ASCII separators U+001C..U+001F.
fn java_is_whitespace(c: char) -> bool {
    matches!(c, '\u{1c}'..='\u{1f}') || (c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}'))
}

/// Java's `String.isBlank()`, used for token names and uuids (docs/jenkins.md#generate-a-token, #rename).
pub fn java_is_blank(s: &str) -> bool {
    s.chars().all(java_is_whitespace)
}

/// Java's `String.trim()`: strips code points up to U+0020 only (docs/jenkins.md#generate-a-token
/// `expirationDuration`).
pub fn java_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lowercase() {
        assert_eq!(hex_lower(&[0x00, 0xab, 0xff]), "00abff");
    }

    #[test]
    fn percent_decoding_is_lenient() {
        assert_eq!(percent_decode("jane%20doe", false), "jane doe");
        assert_eq!(percent_decode("a+b", false), "a+b");
        assert_eq!(percent_decode("a+b", true), "a b");
        assert_eq!(percent_decode("100%", false), "100%");
        assert_eq!(percent_decode("%zz%4", false), "%zz%4");
        assert_eq!(percent_decode("%C3%A9", false), "é");
    }

    #[test]
    fn form_parsing() {
        let form = parse_form("newTokenName=my+token&x=%26&empty=&flag");
        assert_eq!(form[0], ("newTokenName".into(), "my token".into()));
        assert_eq!(form[1], ("x".into(), "&".into()));
        assert_eq!(form[2], ("empty".into(), String::new()));
        assert_eq!(form[3], ("flag".into(), String::new()));
    }

    #[test]
    fn jenkins_raw_encode() {
        assert_eq!(raw_encode("jane doe"), "jane%20doe");
        assert_eq!(raw_encode("a/b"), "a%2Fb");
        assert_eq!(raw_encode("user@example.com"), "user@example.com");
        assert_eq!(raw_encode("é"), "%C3%A9");
    }

    #[test]
    fn java_url_encoder() {
        assert_eq!(java_url_encode("/me/api/json"), "%2Fme%2Fapi%2Fjson");
        assert_eq!(java_url_encode("a b~"), "a+b%7E");
    }

    #[test]
    fn blank_and_trim_follow_java() {
        assert!(java_is_blank(""));
        assert!(java_is_blank(" \t\n"));
        assert!(!java_is_blank("\u{a0}"));
        assert_eq!(java_trim("  30 \t"), "30");
    }
}
