//! Properties over generated files: whatever a `.netrc`, `jenkins_jobs.ini` or `~/.jenkins-cli.yaml` holds
//! (entries, comments, macros, sections, continuation lines, list styles, line endings), a save changes
//! only our entry as the real parsers read it, keeps the comments, and a second identical save changes
//! nothing more.

mod support;

use jenkins_api_token::formats;
use jenkins_api_token_host::inputs::JenkinsUrl;
use jenkins_api_token_host::targets::{Entry, Target};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};
use support::python_parse;

const URL: &str = "https://ci.example.com/jenkins/";

fn user() -> impl Strategy<Value = String> {
    prop_oneof![select(vec!["alice", "bob", "Jane Doe", r"DOMAIN\x", "#1"]).prop_map(str::to_owned), "\\PC{1,16}"]
}

fn token() -> impl Strategy<Value = String> {
    "[!-;=?-~]{16,40}"
}

fn save(target: Target, before: &str, user: &str, token: &str, make_current: bool) -> String {
    let url = JenkinsUrl::parse(URL).unwrap();
    let entry = Entry { url: &url, user, token, token_name: "t", make_current };
    let merged = target.merge(Some(before), &entry).unwrap_or_else(|refusal| panic!("{before:?}: {refusal}"));
    let again = target.merge(Some(&merged.text), &entry).unwrap();
    assert_eq!(again.text, merged.text, "a second identical save changes nothing");
    assert!(again.replaced);
    merged.text
}

/// `text` without its comment lines.
fn uncommented(text: &str) -> String {
    text.split_inclusive('\n').filter(|line| !line.trim_start().starts_with('#')).collect()
}

/// The comment lines of a `.netrc` or INI file.
fn comment_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|line| line.trim_start().starts_with(['#', ';'])).collect()
}

/// The comments of a YAML file, at the end of a line or on their own.
fn yaml_comments(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| {
            line.find(" #").or(line.find('#').filter(|&at| at == 0)).map(|at| line[at..].trim_end_matches('\r'))
        })
        .collect()
}

#[derive(Clone, Debug)]
enum NetrcPiece {
    Machine { host: &'static str, login: Option<String>, account: Option<String>, password: Option<String>, layout: u8 },
    Comment(String),
    Macro { name: String, lines: Vec<String> },
    Blank,
}

fn netrc_piece() -> impl Strategy<Value = NetrcPiece> {
    let word = || proptest::option::of("\\PC{1,12}");
    prop_oneof![
        4 => (select(vec!["ci.example.com", "CI.Example.COM", "other.example.com", "a", "b.example.org"]), word(), word(), word(), 0..3u8)
            .prop_map(|(host, login, account, password, layout)| NetrcPiece::Machine { host, login, account, password, layout }),
        1 => "\\PC{0,20}".prop_map(NetrcPiece::Comment),
        1 => ("[a-z]{1,8}", proptest::collection::vec("[a-z][a-z /]{0,10}", 1..3)).prop_map(|(name, lines)| NetrcPiece::Macro { name, lines }),
        1 => Just(NetrcPiece::Blank),
    ]
}

fn render_netrc(pieces: &[NetrcPiece], default: bool, eol: &str) -> String {
    let mut seen = Vec::new();
    let mut out = String::new();
    let word = |text: &str| formats::netrc(text).unwrap();
    for piece in pieces {
        match piece {
            NetrcPiece::Machine { host, login, account, password, layout } => {
                if seen.contains(&host.to_lowercase()) {
                    continue;
                }
                seen.push(host.to_lowercase());
                let (separator, head_comment) = match layout {
                    0 => (" ".to_owned(), ""),
                    1 => (format!("{eol}\t"), ""),
                    _ => (format!("{eol}    "), " # note"),
                };
                out.push_str(&format!("machine {host}{head_comment}"));
                for (keyword, value) in [("login", login), ("account", account), ("password", password)] {
                    if let Some(value) = value {
                        out.push_str(&format!("{separator}{keyword} {}", word(value)));
                    }
                }
                out.push_str(eol);
            }
            NetrcPiece::Comment(text) => out.push_str(&format!("# {text}{eol}")),
            NetrcPiece::Macro { name, lines } => out.push_str(&format!(
                "macdef {name}{eol}{}{eol}",
                lines.iter().map(|l| format!("{l}{eol}")).collect::<String>()
            )),
            NetrcPiece::Blank => out.push_str(eol),
        }
    }
    if default {
        out.push_str(&format!("default login anonymous password guest{eol}"));
    }
    out
}

/// An INI option: key, value, continuation lines, delimiter, and a comment line before it.
type IniOption = (&'static str, String, Vec<String>, &'static str, bool);
type IniSection = (&'static str, Vec<IniOption>);

fn ini_section() -> impl Strategy<Value = IniSection> {
    let option = (
        select(vec!["user", "User", "password", "url", "query_plugins_info", "timeout", "x.y"]),
        "[A-Za-z0-9./:@_%-][A-Za-z0-9 ./:@_%-]{0,10}[A-Za-z0-9]",
        proptest::collection::vec("[a-z][a-z ]{0,6}[a-z]", 0..2),
        select(vec!["=", " = ", ": ", ":"]),
        any::<bool>(),
    );
    (
        select(vec!["jenkins", "job_builder", "DEFAULT", "plugin \"x\"", "other"]),
        proptest::collection::vec(option, 0..5),
    )
}

fn render_ini(sections: &[IniSection], eol: &str) -> String {
    let mut out = String::new();
    let mut names = Vec::new();
    for (name, options) in sections {
        if names.contains(name) {
            continue;
        }
        names.push(*name);
        out.push_str(&format!("[{name}]{eol}"));
        let mut keys = Vec::new();
        for (key, value, more, delimiter, comment) in options {
            if keys.contains(&key.to_lowercase()) {
                continue;
            }
            keys.push(key.to_lowercase());
            if *comment {
                out.push_str(&format!("; about {key}{eol}"));
            }
            out.push_str(&format!("{key}{delimiter}{}{eol}", value.replace('%', "%%")));
            for line in more {
                out.push_str(&format!("    {line}{eol}"));
            }
        }
        out.push_str(eol);
    }
    out
}

#[derive(Clone, Debug)]
struct Server {
    name: String,
    url: &'static str,
    username: String,
    token: Option<String>,
    token_first: bool,
    comment: bool,
}

fn server() -> impl Strategy<Value = Server> {
    (
        prop_oneof![Just("ci.example.com".to_owned()), "[a-z][a-z0-9.-]{0,8}"],
        select(vec![
            "https://ci.example.com/jenkins/",
            "https://ci.example.com/jenkins",
            "HTTPS://CI.example.com/jenkins/",
            "http://localhost:8080/",
            "https://other/",
        ]),
        user(),
        proptest::option::of("[0-9a-f]{8,34}"),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(name, url, username, token, token_first, comment)| Server {
            name,
            url,
            username,
            token,
            token_first,
            comment,
        })
}

/// A plain YAML scalar where one reads the same in YAML 1.1 and 1.2, else the core's double-quoted one.
fn scalar(text: &str) -> String {
    let plain = text.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || "./:_-".contains(c))
        && !text.ends_with(':')
        && !["yes", "no", "on", "off", "y", "n", "true", "false", "null"].contains(&text);
    if plain { text.to_owned() } else { formats::yaml(text) }
}

fn render_jcli(current: &Option<String>, servers: &[Server], indent: usize, mirrors: bool, eol: &str) -> String {
    let mut out = format!("# jcli{eol}");
    if let Some(current) = current {
        out.push_str(&format!("current: {} # which one{eol}", scalar(current)));
    }
    out.push_str(&format!("language: \"\"{eol}jenkins_servers:{eol}"));
    let (pad, inner) = (" ".repeat(indent), " ".repeat(indent + 2));
    let mut names = Vec::new();
    for server in servers {
        if names.contains(&server.name) {
            continue;
        }
        names.push(server.name.clone());
        if server.comment {
            out.push_str(&format!("{pad}# {}{eol}", server.name));
        }
        let mut fields =
            vec![("name", scalar(&server.name)), ("url", scalar(server.url)), ("username", scalar(&server.username))];
        if let Some(token) = &server.token {
            let field = ("token", scalar(token));
            if server.token_first { fields.insert(0, field) } else { fields.push(field) }
        }
        for (i, (key, value)) in fields.iter().enumerate() {
            let lead = if i == 0 { format!("{pad}- ") } else { inner.clone() };
            out.push_str(&format!("{lead}{key}: {value}{eol}"));
        }
        out.push_str(&format!("{inner}insecureSkipVerify: true{eol}"));
    }
    if mirrors {
        out.push_str(&format!(
            "mirrors:{eol}{pad}- name: default{eol}{inner}url: https://updates.jenkins.io/download/{eol}"
        ));
    }
    out
}

/// 200 cases a property, or `PROPTEST_CASES`.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(200);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn netrc_changes_only_our_entry(
        pieces in proptest::collection::vec(netrc_piece(), 0..8),
        default in any::<bool>(),
        crlf in any::<bool>(),
        user in user(),
        token in token(),
    ) {
        let before = render_netrc(&pieces, default, if crlf { "\r\n" } else { "\n" });
        // Python's netrc skips a comment line only right after an unquoted word on the line before (else
        // it reads the comment's words, refusing the file or, at a `""`, stopping there): a file it does
        // not read as it reads the same file without comment lines is not what this property is about.
        let parsed = python_parse("netrc", &before);
        prop_assume!(parsed.is_ok() && parsed == python_parse("netrc", &uncommented(&before)));
        let parsed = parsed.unwrap();
        let after = save(Target::Netrc, &before, &user, &token, false);
        let mut expected = parsed.clone();
        let hosts = expected["hosts"].as_object_mut().unwrap();
        let ours = hosts.keys().find(|host| host.eq_ignore_ascii_case("ci.example.com")).cloned();
        let account = ours.as_ref().map_or(json!(""), |host| hosts[host][1].clone());
        hosts.insert(ours.unwrap_or("ci.example.com".into()), json!([user, account, token]));
        // The same quirk where a quoted word we wrote ends the line before a comment line (curl reads
        // that file): then the files must read right without their comment lines.
        let quirk = after.lines().zip(after.lines().skip(1)).any(|(line, next)| {
            line.trim_end().ends_with('"') && next.trim_start().starts_with('#')
        });
        let read = python_parse("netrc", &if quirk { uncommented(&after) } else { after.clone() });
        prop_assert_eq!(read, Ok(expected), "{:?}\n{}", before, after);
        prop_assert_eq!(comment_lines(&before).iter().filter(|c| !after.contains(**c)).count(), 0);
    }

    #[test]
    fn jenkins_jobs_changes_only_the_jenkins_section(
        sections in proptest::collection::vec(ini_section(), 0..4),
        crlf in any::<bool>(),
        user in user().prop_filter("an INI value", |user| formats::ini(user).is_some()),
        token in token(),
    ) {
        let before = render_ini(&sections, if crlf { "\r\n" } else { "\n" });
        let parsed = python_parse("ini", &before).unwrap_or_else(|error| panic!("{before:?}: {error}"));
        let after = save(Target::JenkinsJobs, &before, &user, &token, false);
        let mut expected = parsed.clone();
        let section = expected.as_object_mut().unwrap().entry("jenkins").or_insert_with(|| parsed["DEFAULT"].clone());
        for (key, value) in [("user", user.as_str()), ("password", token.as_str()), ("url", URL)] {
            section[key] = json!(value);
        }
        prop_assert_eq!(python_parse("ini", &after), Ok(expected), "{:?}\n{}", before, after);
        prop_assert_eq!(comment_lines(&before).iter().filter(|c| !after.contains(**c)).count(), 0);
    }

    #[test]
    fn jcli_changes_only_our_server_and_current_and_keeps_comments(
        current in proptest::option::of(prop_oneof![Just(String::new()), "[a-z]{1,6}"]),
        servers in proptest::collection::vec(server(), 0..5),
        indent in select(vec![0usize, 2]),
        mirrors in any::<bool>(),
        crlf in any::<bool>(),
        pick in any::<prop::sample::Index>(),
        fresh_user in user(),
        token in token(),
        make_current in any::<bool>(),
    ) {
        let before = render_jcli(&current, &servers, indent, mirrors, if crlf { "\r\n" } else { "\n" });
        // Half the time, the user of one of the servers.
        let user = if servers.is_empty() || pick.index(2) == 0 { fresh_user } else { pick.get(&servers).username.clone() };
        let parsed: Value = python_parse("yaml", &before).unwrap_or_else(|error| panic!("{before:?}: {error}"));
        let url = JenkinsUrl::parse(URL).unwrap();
        let entry = Entry { url: &url, user: &user, token: &token, token_name: "t", make_current };
        let merged = Target::Jcli.merge(Some(&before), &entry).unwrap();
        prop_assert!(!merged.detail.contains("rewritten"), "{}\n{}", before, merged.text);
        let mut expected = parsed.clone();
        let mut servers = expected["jenkins_servers"].as_array().cloned().unwrap_or_default();
        let mut name = None;
        for server in servers.iter_mut() {
            if server["url"].as_str().is_some_and(|u| url.same_as(u)) && server["username"] == user.as_str() {
                server["token"] = json!(token);
                name = name.or(server["name"].as_str().map(str::to_owned));
            }
        }
        let name = name.unwrap_or_else(|| {
            let taken = |n: &str| servers.iter().any(|s| s["name"] == n);
            let name = std::iter::once("ci.example.com".to_owned())
                .chain((2..).map(|n| format!("ci.example.com-{n}")))
                .find(|n| !taken(n))
                .unwrap();
            servers.push(json!({"name": name, "url": URL, "username": user, "token": token}));
            name
        });
        expected["jenkins_servers"] = json!(servers);
        if make_current || expected["current"].as_str().is_none_or(str::is_empty) {
            expected["current"] = json!(name);
        }
        prop_assert_eq!(python_parse("yaml", &merged.text), Ok(expected), "{}\n{}", before, merged.text);
        prop_assert_eq!(yaml_comments(&before).iter().filter(|c| !merged.text.contains(**c)).count(), 0);
        save(Target::Jcli, &merged.text, &user, &token, make_current);
    }
}
