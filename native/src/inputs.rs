//! The values a message carries, checked before anything is read or written: the Jenkins URL is http(s)
//! with a host, the user id and token name are short text without control characters (the token is
//! checked by the core's `TokenValue::parse_minted`).

use crate::protocol::Refusal;
use jenkins_api_token::formats::has_control;
use jenkins_api_token::jenkins::root::Origin;
use jenkins_api_token::search;

/// The longest user id or token name taken, in characters.
pub const MAX_TEXT_CHARS: usize = 256;
/// The longest Jenkins URL taken, in bytes.
pub const MAX_URL_BYTES: usize = 2048;

/// A Jenkins root as the popup shows it: `https://ci.example.com/jenkins/`, scheme and host in lower
/// case, the default port left out, always with a trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JenkinsUrl {
    url: String,
    origin: Origin,
}

impl JenkinsUrl {
    /// An http(s) URL with a host, no user info, query or fragment, and no white space, backslash or
    /// control character anywhere.
    pub fn parse(text: &str) -> Option<JenkinsUrl> {
        let odd = |c: char| c.is_whitespace() || c.is_control() || c == '\\';
        if text.len() > MAX_URL_BYTES || text.chars().any(odd) {
            return None;
        }
        let (origin, path) = Origin::parse(text)?;
        let (_, after_scheme) = search::split_once(text, "://")?;
        let authority = after_scheme.split(['/', '?', '#']).next().unwrap_or_default();
        if authority.contains('@') || path.contains(['?', '#']) || !(path.is_empty() || path.starts_with('/')) {
            return None;
        }
        let url = format!("{}{}/", origin.as_str(), path.trim_end_matches('/'));
        Some(JenkinsUrl { url, origin })
    }

    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The host alone, as the `.netrc` snippet names it.
    pub fn host(&self) -> &str {
        self.origin.host()
    }

    /// The port, when it is not the scheme's default.
    pub fn port(&self) -> Option<&str> {
        let (_, authority) = search::split_once(self.origin.as_str(), "://")?;
        authority.strip_prefix(self.host())?.strip_prefix(':')
    }

    /// Whether a URL read from a config file names this Jenkins (trailing slashes and the case of scheme
    /// and host aside).
    pub fn same_as(&self, text: &str) -> bool {
        JenkinsUrl::parse(text).is_some_and(|other| other.url == self.url)
    }
}

/// A user id (never empty) or token name (may be empty): at most [`MAX_TEXT_CHARS`] characters and no
/// control character, which could end a line in any of the files.
pub fn check_text(field: &str, text: &str, may_be_empty: bool) -> Result<(), Refusal> {
    if text.is_empty() && !may_be_empty {
        return Err(Refusal::new(format!("\"{field}\" is empty.")));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Refusal::new(format!("\"{field}\" is longer than {MAX_TEXT_CHARS} characters.")));
    }
    if has_control(text) {
        return Err(Refusal::new(format!(
            "\"{field}\" holds a control character (a line break, an escape…), which no config file holds safely."
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jenkins_urls_are_http_with_a_host_and_read_as_the_popup_shows_them() {
        let url = |text: &str| JenkinsUrl::parse(text).map(|url| url.as_str().to_owned());
        assert_eq!(url("https://ci.example.com").as_deref(), Some("https://ci.example.com/"));
        assert_eq!(url("HTTP://CI:8080/jenkins//").as_deref(), Some("http://ci:8080/jenkins/"));
        assert_eq!(url("https://ci:443/a%20b/").as_deref(), Some("https://ci/a%20b/"));
        assert_eq!(url("http://[::1]:8080/").as_deref(), Some("http://[::1]:8080/"));
        for bad in [
            "ftp://ci/",
            "https://",
            "ci.example.com",
            "https://user:pw@ci/",
            "https://ci/?q=1",
            "https://ci/#x",
            "https://ci/a b/",
            "https://ci/\n",
            " https://ci/",
            "https://ci\\x/",
            "javascript:alert(1)",
        ] {
            assert_eq!(url(bad), None, "{bad}");
        }
        assert_eq!(url(&format!("https://ci/{}", "a".repeat(MAX_URL_BYTES))), None);
    }

    #[test]
    fn host_port_and_sameness() {
        let url = JenkinsUrl::parse("https://CI.example.com:8443/jenkins").unwrap();
        assert_eq!((url.host(), url.port()), ("ci.example.com", Some("8443")));
        assert!(
            url.same_as("https://ci.example.com:8443/jenkins/") && url.same_as("HTTPS://ci.EXAMPLE.com:8443/jenkins")
        );
        assert!(!url.same_as("https://ci.example.com/jenkins/") && !url.same_as("not a url"));
        let ipv6 = JenkinsUrl::parse("http://[::1]/").unwrap();
        assert_eq!((ipv6.host(), ipv6.port()), ("[::1]", None));
    }

    #[test]
    fn texts_are_short_and_free_of_control_characters() {
        assert!(check_text("user", "Jürgen O'Brien \"x\" 山田", false).is_ok());
        assert!(check_text("tokenName", "", true).is_ok());
        assert!(check_text("user", "", false).is_err());
        assert!(check_text("user", &"é".repeat(MAX_TEXT_CHARS), false).is_ok());
        assert!(check_text("user", &"é".repeat(MAX_TEXT_CHARS + 1), false).is_err());
        for bad in ["a\nb", "a\rb", "\u{1b}[201~", "a\u{85}b", "a\u{7f}"] {
            assert!(check_text("user", bad, false).unwrap_err().sentence().contains("control"), "{bad:?}");
        }
    }
}
