//! The config snippets read back by real parsers of their formats: each value the popup writes into
//! `jenkins_jobs.ini` and `~/.jenkins-cli.yaml` comes out of the parser as it went in, for plain and
//! odd user ids (spaces, quotes, backslashes, `%`, `#`, non-ASCII) and URLs.

use ini::{Ini, ParseOption};
use jenkins_api_token::jenkins::snippets::{Snippet, snippets};
use yaml_rust2::YamlLoader;

use crate::support::jenkins_root;
use crate::support::user_ids::IDS;

const TOKEN: &str = "110123456789abcdef0123456789abcdef";

fn titled(all: &[Snippet], tool: &str) -> Option<String> {
    all.iter()
        .find(|snippet| matches!(snippet.title, jenkins_api_token::jenkins::snippets::Title::Tool(name) if name.starts_with(tool)))
        .map(|snippet| snippet.text.clone())
}

const ROOTS: [(&str, &str); 3] = [
    ("https://ci.example.com/", ""),
    ("https://ci.example.com:8443/jenkins/", "/jenkins"),
    ("http://[::1]:8080/a%20b/c/", "/a%20b/c"),
];

/// Python's `configparser`, which Jenkins Job Builder uses, reads values raw apart from `%`
/// interpolation (`%%` is one `%`); the INI parser is told to read them raw too.
#[test]
fn jenkins_job_builder_reads_back_every_value() {
    for (url, context) in ROOTS {
        for id in IDS {
            let text = titled(&snippets(&jenkins_root(url, context), id, TOKEN), "jenkins_jobs.ini").expect("offered");
            let option = ParseOption { enabled_quote: false, enabled_escape: false, ..ParseOption::default() };
            let parsed = Ini::load_from_str_opt(&text, option).unwrap_or_else(|error| panic!("{text}\n{error}"));
            let section = parsed.section(Some("jenkins")).expect("a [jenkins] section");
            let value = |key: &str| section.get(key).map(|raw| raw.replace("%%", "%"));
            assert_eq!(value("user").as_deref(), Some(id), "{text}");
            assert_eq!(value("password").as_deref(), Some(TOKEN), "{text}");
            assert_eq!(value("url").as_deref(), Some(jenkins_root(url, context).display_url().as_str()), "{text}");
            assert_eq!(section.len(), 3, "{text}");
        }
    }
}

#[test]
fn an_id_an_ini_file_cannot_hold_gets_no_ini_snippet() {
    for id in [" leading", "trailing ", "two\nlines", ""] {
        let all = snippets(&jenkins_root("https://ci/", ""), id, TOKEN);
        assert_eq!(titled(&all, "jenkins_jobs.ini"), None, "{id:?}");
        assert!(titled(&all, "~/.jenkins-cli.yaml").is_some(), "the others stay: {id:?}");
    }
}

#[test]
fn jcli_reads_back_every_value() {
    let mut ids = IDS.to_vec();
    ids.extend([
        " leading",
        "two\nlines",
        "tab\there",
        "\u{1b}[201~",
        "ctrl\u{3}c",
        "c1\u{9b}",
        "\u{2028}separator",
        "yes",
        "null",
        "- item",
        "'quoted'",
    ]);
    for (url, context) in ROOTS {
        for id in &ids {
            let jenkins = jenkins_root(url, context);
            let text = titled(&snippets(&jenkins, id, TOKEN), "~/.jenkins-cli.yaml").expect("offered");
            let documents = YamlLoader::load_from_str(&text).unwrap_or_else(|error| panic!("{text}\n{error}"));
            let config = &documents[0];
            let server = &config["jenkins_servers"][0];
            assert_eq!(server["username"].as_str(), Some(*id), "{text}");
            assert_eq!(server["token"].as_str(), Some(TOKEN), "{text}");
            assert_eq!(server["url"].as_str(), Some(jenkins.display_url().as_str()), "{text}");
            assert_eq!(config["current"].as_str(), server["name"].as_str(), "current names the server: {text}");
            assert_eq!(config["jenkins_servers"].as_vec().map(Vec::len), Some(1));
        }
    }
}
