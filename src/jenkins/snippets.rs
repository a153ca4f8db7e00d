//! Ready-to-paste uses of a new token, filled with the real root, user id and token. Each value is
//! quoted for its language, so odd ids or URLs cannot break out of the snippet.

use super::root::JenkinsRoot;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub title: Title,
    pub text: String,
}

/// A snippet's title: the tool's own name, or a description (`crate::messages` words it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Title {
    Tool(&'static str),
    EnvironmentVariables,
    IdeSettings,
}

/// What a masked snippet shows in place of the token.
pub const MASK: &str = "••••••••••••••••";

/// `token` is the real value for copying, or [`MASK`] for display.
pub fn snippets(root: &JenkinsRoot, user: &str, token: &str) -> Vec<Snippet> {
    let url = root.display_url();
    let host = root.origin().host();
    let mut all = vec![
        Snippet {
            title: Title::Tool("curl"),
            text: format!(
                "curl -fsS -u {} {}",
                shell(&format!("{user}:{token}")),
                shell(&format!("{url}whoAmI/api/json"))
            ),
        },
        Snippet {
            title: Title::Tool("~/.netrc"),
            text: format!("machine {host} login {} password {token}", netrc(user)),
        },
        Snippet {
            title: Title::EnvironmentVariables,
            text: format!(
                "export JENKINS_URL={}\nexport JENKINS_USER_ID={}\nexport JENKINS_API_TOKEN={}",
                shell(&url),
                shell(user),
                shell(token)
            ),
        },
        Snippet {
            title: Title::Tool("jenkins-cli.jar"),
            text: format!(
                "curl -fsSO {}\njava -jar jenkins-cli.jar -s {} -auth {} who-am-i",
                shell(&format!("{url}jnlpJars/jenkins-cli.jar")),
                shell(&url),
                shell(&format!("{user}:{token}"))
            ),
        },
        Snippet {
            title: Title::Tool("python-jenkins"),
            text: format!(
                "import jenkins\n\nserver = jenkins.Jenkins({}, username={}, password={})\nprint(server.get_whoami())",
                python(&url),
                python(user),
                python(token)
            ),
        },
        Snippet {
            title: Title::Tool("~/.jenkins-cli.yaml (jcli)"),
            text: format!(
                "current: {name}\njenkins_servers:\n- name: {name}\n  url: {}\n  username: {}\n  token: {}",
                yaml(&url),
                yaml(user),
                yaml(token),
                name = yaml(host),
            ),
        },
        Snippet { title: Title::IdeSettings, text: format!("URL: {url}\nUser ID: {user}\nAPI token: {token}") },
    ];
    // Jenkins Job Builder's INI file cannot hold every id (see `ini`): then it is not offered.
    if let (Some(user), Some(token), Some(url)) = (ini(user), ini(token), ini(&url)) {
        all.insert(
            5,
            Snippet {
                title: Title::Tool("jenkins_jobs.ini (Jenkins Job Builder)"),
                text: format!("[jenkins]\nuser={user}\npassword={token}\nurl={url}"),
            },
        );
    }
    all
}

/// A YAML double-quoted scalar: as [`python`]'s escapes, which YAML reads the same way.
fn yaml(text: &str) -> String {
    quoted(text, '"')
}

/// A value of the INI file Jenkins Job Builder reads with Python's `configparser`, which interpolates
/// `%` (so it is doubled) and has no quoting: a value with white space at either end, a control
/// character, or nothing at all cannot be written, and gives `None`.
fn ini(text: &str) -> Option<String> {
    let writable = !text.is_empty() && text.trim() == text && !text.chars().any(char::is_control);
    writable.then(|| text.replace('%', "%%"))
}

/// POSIX shell single quotes: `'` becomes `'\''`.
fn shell(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// A Python string literal.
fn python(text: &str) -> String {
    quoted(text, '\'')
}

/// `text` between `quote`s, with `\\`, the quote, and every control or line-breaking character
/// (`\uXXXX`) escaped: a Python string literal, or a YAML double-quoted scalar, that stays one value.
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

/// `.netrc` tokens end at white space; curl reads a double-quoted one with `\"` and `\\` escapes.
fn netrc(text: &str) -> String {
    if !text.is_empty() && !text.chars().any(|c| c.is_whitespace() || c == '"' || c == '\\') {
        return text.to_owned();
    }
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jenkins::root::PageInfo;

    const TOKEN: &str = "110123456789abcdef0123456789abcdef";

    fn titled<'a>(all: &'a [Snippet], title: &str) -> &'a Snippet {
        let english = |snippet: &Snippet| crate::messages::english(&crate::messages::snippet_title(snippet.title));
        all.iter().find(|snippet| english(snippet).starts_with(title)).unwrap()
    }

    fn root(url: &str, attr: &str) -> JenkinsRoot {
        JenkinsRoot::from_page(&PageInfo::at(url, attr)).unwrap()
    }

    #[test]
    fn snippets_for_a_plain_user() {
        let all = snippets(&root("https://ci.example.com:8443/jenkins/", "/jenkins"), "alice", TOKEN);
        let text = |title: &str| titled(&all, title).text.clone();
        assert_eq!(
            text("curl"),
            format!("curl -fsS -u 'alice:{TOKEN}' 'https://ci.example.com:8443/jenkins/whoAmI/api/json'")
        );
        assert_eq!(text("~/.netrc"), format!("machine ci.example.com login alice password {TOKEN}"));
        assert_eq!(
            text("Environment"),
            format!(
                "export JENKINS_URL='https://ci.example.com:8443/jenkins/'\nexport JENKINS_USER_ID='alice'\nexport JENKINS_API_TOKEN='{TOKEN}'"
            )
        );
        assert!(
            text("jenkins-cli")
                .contains(&format!("-s 'https://ci.example.com:8443/jenkins/' -auth 'alice:{TOKEN}' who-am-i"))
        );
        assert!(
            text("jenkins-cli")
                .starts_with("curl -fsSO 'https://ci.example.com:8443/jenkins/jnlpJars/jenkins-cli.jar'")
        );
        assert!(text("python").contains(&format!(
            "jenkins.Jenkins('https://ci.example.com:8443/jenkins/', username='alice', password='{TOKEN}')"
        )));
        assert_eq!(
            text("jenkins_jobs.ini"),
            format!("[jenkins]\nuser=alice\npassword={TOKEN}\nurl=https://ci.example.com:8443/jenkins/")
        );
        assert_eq!(
            text("~/.jenkins-cli.yaml"),
            format!(
                "current: \"ci.example.com\"\njenkins_servers:\n- name: \"ci.example.com\"\n  url: \"https://ci.example.com:8443/jenkins/\"\n  username: \"alice\"\n  token: \"{TOKEN}\""
            )
        );
        assert_eq!(
            text("IDE plugin"),
            format!("URL: https://ci.example.com:8443/jenkins/\nUser ID: alice\nAPI token: {TOKEN}")
        );
    }

    #[test]
    fn odd_ids_stay_inside_their_quotes() {
        let all = snippets(&root("https://ci/", ""), "O'Brien \"x\" $(rm -rf /)\\", MASK);
        let text = |title: &str| titled(&all, title).text.clone();
        assert!(text("curl").starts_with("curl -fsS -u 'O'\\''Brien \"x\" $(rm -rf /)\\:••••"));
        assert!(text("~/.netrc").contains("login \"O'Brien \\\"x\\\" $(rm -rf /)\\\\\" password"));
        assert!(text("python").contains("username='O\\'Brien \"x\" $(rm -rf /)\\\\'"));
        assert!(text("Environment").contains("JENKINS_USER_ID='O'\\''Brien \"x\" $(rm -rf /)\\'"));
    }

    #[test]
    fn a_masked_snippet_holds_no_token() {
        for snippet in snippets(&root("https://ci/", ""), "alice", MASK) {
            assert!(snippet.text.contains(MASK) && !snippet.text.contains(TOKEN), "{:?}", snippet.title);
        }
    }
}
