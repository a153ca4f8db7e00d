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
}

/// What a masked snippet shows in place of the token.
pub const MASK: &str = "••••••••••••••••";

/// `token` is the real value for copying, or [`MASK`] for display.
pub fn snippets(root: &JenkinsRoot, user: &str, token: &str) -> Vec<Snippet> {
    let url = root.display_url();
    let host = root.origin().host();
    vec![
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
    ]
}

/// POSIX shell single quotes: `'` becomes `'\''`.
fn shell(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// A Python string literal.
fn python(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
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
        JenkinsRoot::from_page(&PageInfo { url: url.into(), root_attr: Some(attr.into()), read_error: None }).unwrap()
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
