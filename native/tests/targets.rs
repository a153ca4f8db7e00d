//! Each target merged into existing files of many shapes: the real parsers (Python's `netrc` and
//! `configparser`, PyYAML, `sh`) read back our entry with every other entry as it was.

mod support;

use jenkins_api_token_host::inputs::JenkinsUrl;
use jenkins_api_token_host::targets::{Entry, Merged, Target};
use serde_json::{Value, json};
use support::user_ids::IDS;
use support::{TOKEN, python_parse, shell_values};

const URL: &str = "https://ci.example.com/jenkins/";

fn entry<'a>(url: &'a JenkinsUrl, user: &'a str, make_current: bool) -> Entry<'a> {
    Entry { url, user, token: TOKEN, token_name: "laptop", make_current }
}

const NETRC_FILES: [&str; 10] = [
    "",
    "machine other.example.com login bob password b\n",
    "# personal\nmachine other.example.com\n    login bob\n    password \"with space\"\n\nmacdef init\ncd /pub\nput file\n\ndefault login anonymous password guest@\n",
    "machine ci.example.com\r\n\tlogin alice\r\n\tpassword \"old \\\"one\\\"\"\r\n",
    "machine ci.example.com login bob password b\nmachine z login y password x\n",
    "machine a login b password c",
    "machine CI.EXAMPLE.COM login alice password old\n",
    "machine ci.example.com login alice account acct password old\n",
    "machine a login b password c\tmachine ci.example.com login alice password old\n",
    "machine ci.example.com login alice # the old one\n  password old\nmachine b login c password d\n",
];

/// Merges our entry, for each odd id, into each of `files` with `target`; `parser` (a reader of
/// `python_parse`) must read back what `expected(before as parsed, user)` says, and `check` sees each
/// merge and the file it changed.
fn merges_read_back(
    target: Target,
    parser: &str,
    files: &[&str],
    expected: impl Fn(&Value, &str) -> Value,
    check: impl Fn(&str, &Merged),
) {
    let url = JenkinsUrl::parse(URL).unwrap();
    for before in files {
        let parsed_before = python_parse(parser, before).unwrap_or_else(|error| panic!("{before:?}: {error}"));
        for user in IDS {
            let merged = target.merge(Some(before), &entry(&url, user, false)).unwrap();
            let after = python_parse(parser, &merged.text)
                .unwrap_or_else(|e| panic!("{before:?} / {user:?}\n{}\n{e}", merged.text));
            assert_eq!(after, expected(&parsed_before, user), "{before:?} / {user:?}:\n{}", merged.text);
            check(before, &merged);
        }
    }
}

#[test]
fn netrc_keeps_every_other_entry_and_python_reads_ours() {
    let expected = |before: &Value, user: &str| {
        let mut expected = before.clone();
        let hosts = expected["hosts"].as_object_mut().unwrap();
        let ours = hosts.keys().find(|host| host.eq_ignore_ascii_case("ci.example.com")).cloned();
        let account = ours.as_ref().map_or(json!(""), |host| hosts[host][1].clone());
        hosts.insert(ours.unwrap_or("ci.example.com".into()), json!([user, account, TOKEN]));
        expected
    };
    merges_read_back(Target::Netrc, "netrc", &NETRC_FILES, expected, |before, merged| {
        assert_eq!(merged.replaced, before.to_lowercase().contains("machine ci.example.com"), "{before:?}");
    });
}

const INI_FILES: [&str; 7] = [
    "",
    "[job_builder]\nignore_cache=True\nkeep_descriptions=False\n",
    "; Jenkins Job Builder\n[DEFAULT]\nbase=/srv\n\n[job_builder]\nrecursive: True\n\n[jenkins]\n# who\nUser = bob\npassword=old\n    and more\n\nurl = https://old/\nquery_plugins_info=False\n\n[other]\npath=%(base)s/x\n",
    "[jenkins]\r\n[job_builder]\r\nallow_duplicates=False\r\n",
    "[jenkins]\nurl = http://old/",
    "[DEFAULT]\npassword=from-default\n[jenkins]\ntimeout=10\n",
    "[jenkins]\npassword=a%%b\n  ; inside\n  c\n[plugin \"x\"]\nuser=x\n",
];

#[test]
fn jenkins_jobs_keeps_every_other_key_and_configparser_reads_ours() {
    let expected = |before: &Value, user: &str| {
        let mut expected = before.clone();
        let section = expected.as_object_mut().unwrap().entry("jenkins").or_insert_with(|| before["DEFAULT"].clone());
        for (key, value) in [("user", user), ("password", TOKEN), ("url", URL)] {
            section[key] = json!(value);
        }
        expected
    };
    merges_read_back(Target::JenkinsJobs, "ini", &INI_FILES, expected, |_, _| {});
}

#[test]
fn an_id_jenkins_jobs_cannot_hold_is_refused_and_the_others_take_it() {
    let url = JenkinsUrl::parse(URL).unwrap();
    for user in [" leading", "trailing ", "\u{3000}wide"] {
        let refusal = Target::JenkinsJobs.merge(Some(INI_FILES[2]), &entry(&url, user, false)).unwrap_err();
        assert!(refusal.sentence().contains("white space"), "{user:?}");
        for target in [Target::Netrc, Target::Jcli, Target::Env] {
            assert!(target.merge(None, &entry(&url, user, false)).is_ok(), "{target:?} {user:?}");
        }
    }
}

const JCLI: &str = "# servers I use\ncurrent: local # default\nlanguage: \"\"\njenkins_servers:\n- name: local\n  url: http://localhost:8080/\n  username: admin\n  token: 11aaa # admin's\n  insecureSkipVerify: true\n- name: ci\n  url: https://ci.example.com/jenkins\n  username: alice\n  token: 'old'\n  description: \"\"\n# mirrors below\nmirrors:\n- name: default\n  url: https://updates.jenkins.io/download/\n";

const INDENTED: &str = "current: local\njenkins_servers:\n  - name: local\n    url: http://localhost:8080/\n    username: admin\n    # the admin's token\n    token: 11aaa\n  - name: ci\n    url: https://ci.example.com/jenkins\n    username: alice\n    token: \"old\"\nmirrors:\n  - name: default\n";

/// When a file is rewritten (its comments lost) rather than edited as text.
#[derive(Clone, Copy)]
enum Rewrite {
    Never,
    Always,
    /// Only when our entry, which is in a layout a line edit cannot change, is the one to update.
    ForUser(&'static str),
}

fn yaml_files() -> Vec<(String, Rewrite)> {
    use Rewrite::*;
    vec![
        (String::new(), Never),
        (JCLI.to_owned(), Never),
        (JCLI.replace("alice", "bob"), Never),
        (INDENTED.to_owned(), Never),
        ("# only a comment\n".to_owned(), Never),
        ("current: \"\"\njenkins_servers:\n".to_owned(), Never),
        ("jenkins_servers:\n- token: old # first\n  name: ci\n  url: https://ci.example.com/jenkins/\n  username: alice\n".to_owned(), Never),
        (JCLI.replace('\n', "\r\n"), Never),
        ("{current: x, jenkins_servers: [{name: x, url: 'http://x/', username: u}]}\n".to_owned(), Always),
        ("jenkins_servers:\n- &ci\n  name: ci\n  url: https://ci.example.com/jenkins/\n  username: alice\n  token: |\n    old\n".to_owned(), ForUser("alice")),
    ]
}

/// What jcli's file must read as after a save into `before`.
fn expected_jcli(before: &Value, url: &JenkinsUrl, user: &str, make_current: bool) -> Value {
    let mut expected = if before.is_null() { json!({}) } else { before.clone() };
    let mut servers = expected["jenkins_servers"].as_array().cloned().unwrap_or_default();
    let mut name = None;
    for server in servers.iter_mut() {
        if server["url"].as_str().is_some_and(|u| url.same_as(u)) && server["username"] == user {
            server["token"] = json!(TOKEN);
            name = name.or(server["name"].as_str().map(str::to_owned));
        }
    }
    let name = name.unwrap_or_else(|| {
        let taken = |n: &str| servers.iter().any(|s| s["name"] == n);
        let name = if taken("ci.example.com") { "ci.example.com-2" } else { "ci.example.com" };
        servers.push(json!({"name": name, "url": URL, "username": user, "token": TOKEN}));
        name.to_owned()
    });
    expected["jenkins_servers"] = json!(servers);
    if make_current || expected["current"].as_str().is_none_or(str::is_empty) {
        expected["current"] = json!(name);
    }
    expected
}

#[test]
fn jcli_keeps_every_other_server_and_comments_and_pyyaml_reads_ours() {
    let url = JenkinsUrl::parse(URL).unwrap();
    for (before, rewrite) in yaml_files() {
        let parsed_before = python_parse("yaml", &before).unwrap_or_else(|error| panic!("{before:?}: {error}"));
        for user in IDS {
            for make_current in [false, true] {
                let merged = Target::Jcli.merge(Some(&before), &entry(&url, user, make_current)).unwrap();
                let after = python_parse("yaml", &merged.text)
                    .unwrap_or_else(|e| panic!("{before:?} / {user:?}\n{}\n{e}", merged.text));
                assert_eq!(
                    after,
                    expected_jcli(&parsed_before, &url, user, make_current),
                    "{before:?} / {user:?}:\n{}",
                    merged.text
                );
                let rewritten = match rewrite {
                    Rewrite::Never => false,
                    Rewrite::Always => true,
                    Rewrite::ForUser(ours) => user == ours,
                };
                let comments: Vec<&str> =
                    before.lines().filter_map(|line| line.find('#').map(|at| &line[at..])).collect();
                let kept = comments.iter().all(|comment| merged.text.contains(comment));
                assert_eq!(kept, !rewritten || comments.is_empty(), "{before:?}:\n{}", merged.text);
                assert_eq!(
                    merged.detail.contains("rewritten without its comments"),
                    rewritten,
                    "{before:?}: {}",
                    merged.detail
                );
            }
        }
    }
}

#[test]
fn env_files_keep_other_lines_and_sh_reads_ours() {
    let url = JenkinsUrl::parse(URL).unwrap();
    let files = ["", "FOO='kept'\n", "export JENKINS_API_TOKEN=old\nJENKINS_URL=x\nFOO=kept\nJENKINS_URL=y\n"];
    for before in files {
        for user in IDS {
            let merged = Target::Env.merge(Some(before), &entry(&url, user, false)).unwrap();
            let foo = if before.contains("FOO") { "kept" } else { "" };
            assert_eq!(shell_values(&merged.text), [URL, user, TOKEN, foo], "{before:?} / {user:?}:\n{}", merged.text);
        }
    }
}

#[test]
fn what_a_parser_would_refuse_is_refused_and_not_guessed() {
    let url = JenkinsUrl::parse(URL).unwrap();
    let cases = [
        (Target::Netrc, "machine a login b port 21\n"),
        (Target::JenkinsJobs, "user=x\n[jenkins]\n"),
        (Target::JenkinsJobs, "[jenkins]\npassword=a\npassword=b\n"),
        (Target::Jcli, "a: 1\n---\nb: 2\n"),
        (Target::Jcli, "jenkins_servers: {a: 1}\n"),
        (Target::Jcli, "- a\n- b\n"),
    ];
    for (target, text) in cases {
        let refusal = target.merge(Some(text), &entry(&url, "alice", false)).unwrap_err();
        assert!(refusal.sentence().contains("left as it was"), "{target:?} {text:?}: {refusal}");
    }
}
