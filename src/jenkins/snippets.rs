//! Ready-to-paste uses of a new token, filled with the real root, user id and token. Each value is
//! written through [`crate::formats`], so odd ids or URLs cannot break out of the snippet; a use whose
//! values a format cannot hold (a control character in the id) is left out.

use super::root::JenkinsRoot;
use crate::formats::{has_control, ini, netrc, python, shell, yaml};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub title: Title,
    pub text: String,
    /// What the user must know before running it.
    pub warning: Option<Warning>,
}

/// A snippet's title: the tool's own name, or a description (`crate::messages` words it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Title {
    Tool(&'static str),
    EnvironmentVariables,
    IdeSettings,
}

/// A caution shown beside a snippet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Warning {
    /// The jenkins-cli snippet downloads a jar from a plain-http root and runs it: anyone on the
    /// path can swap the code.
    PlainHttpDownload,
}

/// What a masked snippet shows in place of the token.
pub const MASK: &str = "••••••••••••••••";

/// `token` is the real value for copying, or [`MASK`] for display.
pub fn snippets(root: &JenkinsRoot, user: &str, token: &str) -> Vec<Snippet> {
    let url = root.display_url();
    let host = root.origin().host();
    let credentials = format!("{user}:{token}");
    let (url_word, user_word, token_word) = (shell(&url), shell(user), shell(token));
    let mut all = Vec::new();
    let mut add = |title, text: Option<String>| {
        if let Some(text) = text {
            all.push(Snippet { title, text, warning: None });
        }
    };
    let curl = shell(&credentials).zip(shell(&format!("{url}whoAmI/api/json")));
    add(Title::Tool("curl"), curl.map(|(credentials, whoami)| format!("curl -fsS -u {credentials} {whoami}")));
    let netrc_words = netrc(user).zip(netrc(token));
    add(
        Title::Tool("~/.netrc"),
        netrc_words.map(|(user, token)| format!("machine {host} login {user} password {token}")),
    );
    let environment = url_word.zip(user_word).zip(token_word);
    add(
        Title::EnvironmentVariables,
        environment.map(|((url, user), token)| {
            format!("export JENKINS_URL={url}\nexport JENKINS_USER_ID={user}\nexport JENKINS_API_TOKEN={token}")
        }),
    );
    let cli = shell(&format!("{url}jnlpJars/jenkins-cli.jar")).zip(shell(&url)).zip(shell(&credentials));
    add(
        Title::Tool("jenkins-cli.jar"),
        cli.map(|((jar, url), credentials)| {
            format!("curl -fsSO {jar}\njava -jar jenkins-cli.jar -s {url} -auth {credentials} who-am-i")
        }),
    );
    add(
        Title::Tool("python-jenkins"),
        Some(format!(
            "import jenkins\n\nserver = jenkins.Jenkins({}, username={}, password={})\nprint(server.get_whoami())",
            python(&url),
            python(user),
            python(token)
        )),
    );
    // Jenkins Job Builder's INI file cannot hold every id (see `formats::ini`).
    let ini_values = ini(user).zip(ini(token)).zip(ini(&url));
    add(
        Title::Tool("jenkins_jobs.ini (Jenkins Job Builder)"),
        ini_values.map(|((user, token), url)| format!("[jenkins]\nuser={user}\npassword={token}\nurl={url}")),
    );
    add(
        Title::Tool("~/.jenkins-cli.yaml (jcli)"),
        Some(format!(
            "current: {name}\njenkins_servers:\n- name: {name}\n  url: {}\n  username: {}\n  token: {}",
            yaml(&url),
            yaml(user),
            yaml(token),
            name = yaml(host),
        )),
    );
    // Plain text to read and copy field by field: a control character would hide in it.
    add(Title::IdeSettings, (!has_control(user)).then(|| format!("URL: {url}\nUser ID: {user}\nAPI token: {token}")));
    // Downloading a jar over plain http and running it lets anyone on the path swap the code.
    if url.starts_with("http:")
        && let Some(cli) = all.iter_mut().find(|snippet| snippet.title == Title::Tool("jenkins-cli.jar"))
    {
        cli.warning = Some(Warning::PlainHttpDownload);
    }
    all
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

    /// A hostile Jenkins picks the id: no snippet that a shell, `.netrc` or a reader would take
    /// apart carries a control character; the others escape it.
    #[test]
    fn an_id_with_control_characters_is_left_out_of_what_cannot_hold_it() {
        for id in ["a\nmachine evil login x", "a\u{3}b", "x\u{1b}[201~; rm -rf ~", "a\u{85}b", "a\u{7f}"] {
            let all = snippets(&root("https://ci/", ""), id, TOKEN);
            let titles: Vec<String> =
                all.iter().map(|s| crate::messages::english(&crate::messages::snippet_title(s.title))).collect();
            assert_eq!(titles, ["python-jenkins", "~/.jenkins-cli.yaml (jcli)"], "{id:?}");
            for snippet in &all {
                assert!(!crate::formats::has_control(&snippet.text.replace('\n', " ")), "{id:?}: {}", snippet.text);
            }
        }
    }

    #[test]
    fn downloading_the_cli_over_plain_http_comes_with_a_warning() {
        let warned = |url: &str| {
            snippets(&root(url, ""), "alice", TOKEN)
                .into_iter()
                .filter_map(|snippet| snippet.warning.map(|warning| (snippet.title, warning)))
                .collect::<Vec<_>>()
        };
        assert_eq!(warned("http://ci:8080/"), [(Title::Tool("jenkins-cli.jar"), Warning::PlainHttpDownload)]);
        assert_eq!(warned("https://ci/"), []);
    }
}
