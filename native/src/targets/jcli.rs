//! `~/.jenkins-cli.yaml`, jcli's configuration: a `jenkins_servers` list of `name`, `url`, `username`,
//! `token`, and `current`, the name of the server jcli uses. The merge sets the token of the entry with
//! our URL and user (or adds one named like the popup's snippet), and `current` when there is none or
//! the user asked.
//!
//! The YAML library keeps no comments, so the file is edited as text where it is in plain block style
//! (as jcli and the snippet write it): only the value of `token` (and `current`) is replaced, or lines are
//! added. The edited text is then parsed and must equal the parsed old file with exactly our change;
//! otherwise (flow style, block scalars, anchors, odd layouts) the file is rewritten from the parsed
//! tree, which drops its comments, and the answer says so. The previous file is always kept as `.bak`.

use super::{Entry, Merged, append_lines, apply, line_ending};
use crate::protocol::Refusal;
use jenkins_api_token::formats::yaml;
use yaml_rust2::yaml::Hash;
use yaml_rust2::{Yaml, YamlLoader};

const SERVERS: &str = "jenkins_servers";
const CURRENT: &str = "current";

fn key(name: &str) -> Yaml {
    Yaml::String(name.to_owned())
}

fn unreadable(why: &str) -> Refusal {
    Refusal::new(format!("~/.jenkins-cli.yaml {why}; it is left as it was. Fix it and try again."))
}

/// The file's one document, as a mapping (an empty file is an empty one).
fn load(text: &str) -> Result<Hash, Refusal> {
    let mut documents = YamlLoader::load_from_str(text).map_err(|_| unreadable("is not YAML that can be read"))?;
    if documents.len() > 1 {
        return Err(unreadable("holds several YAML documents"));
    }
    match documents.pop() {
        None | Some(Yaml::Null) => Ok(Hash::new()),
        Some(Yaml::Hash(hash)) => Ok(hash),
        Some(_) => Err(unreadable("is not a mapping of settings")),
    }
}

fn servers(doc: &Hash) -> Result<Vec<Yaml>, Refusal> {
    match doc.get(&key(SERVERS)) {
        None | Some(Yaml::Null) => Ok(Vec::new()),
        Some(Yaml::Array(servers)) => Ok(servers.clone()),
        Some(_) => Err(unreadable("has a jenkins_servers that is not a list")),
    }
}

/// The servers a save updates: every one with our URL and user.
fn ours(servers: &[Yaml], entry_url: &crate::inputs::JenkinsUrl, user: &str) -> Vec<usize> {
    (0..servers.len())
        .filter(|&i| {
            let server = &servers[i];
            server["url"].as_str().is_some_and(|url| entry_url.same_as(url))
                && server["username"].as_str() == Some(user)
        })
        .collect()
}

pub fn has_entry(text: &str, url: &crate::inputs::JenkinsUrl, user: &str) -> bool {
    load(text).and_then(|doc| servers(&doc)).is_ok_and(|servers| !ours(&servers, url, user).is_empty())
}

/// What the merge does, applied both to the tree (the expected result) and to the text.
struct Plan {
    tokens_in: Vec<usize>,
    new_server: Option<String>,
    current: Option<String>,
}

pub fn merge(text: &str, entry: &Entry) -> Result<Merged, Refusal> {
    let doc = load(text)?;
    let mut servers = servers(&doc)?;
    let matching = ours(&servers, entry.url, entry.user);
    let name = match matching.first() {
        Some(&first) => servers[first]["name"].as_str().map(str::to_owned),
        None => Some(unique_name(entry.url.host(), &servers)),
    };
    let no_current = match doc.get(&key(CURRENT)) {
        None | Some(Yaml::Null) => true,
        Some(current) => current.as_str() == Some(""),
    };
    let plan = Plan {
        tokens_in: matching.clone(),
        new_server: if matching.is_empty() { name.clone() } else { None },
        current: name.clone().filter(|_| entry.make_current || no_current),
    };

    let mut expected = doc.clone();
    for &i in &plan.tokens_in {
        if let Yaml::Hash(server) = &mut servers[i] {
            set(server, "token", Yaml::String(entry.token.to_owned()));
        }
    }
    if let Some(name) = &plan.new_server {
        let server =
            [("name", name.as_str()), ("url", entry.url.as_str()), ("username", entry.user), ("token", entry.token)];
        servers.push(Yaml::Hash(server.into_iter().map(|(k, v)| (key(k), key(v))).collect()));
    }
    set(&mut expected, SERVERS, Yaml::Array(servers));
    if let Some(name) = &plan.current {
        set(&mut expected, CURRENT, key(name));
    }
    let expected = Yaml::Hash(expected);

    let mut detail = format!("jenkins_servers entry \"{}\"", name.as_deref().unwrap_or(entry.url.host()));
    if plan.current.is_some() {
        detail.push_str(", made current");
    }
    let replaced = !matching.is_empty();
    let edited = if doc.is_empty() { Some(fresh(text, entry, &plan)) } else { edit(text, entry, &plan) };
    if let Some(edited) = edited.filter(|edited| parses_to(edited, &expected)) {
        return Ok(Merged { text: edited, replaced, detail });
    }
    let rewritten = block(&expected).filter(|text| parses_to(text, &expected));
    let Some(rewritten) = rewritten else {
        return Err(unreadable("could not be written back with the new token"));
    };
    detail.push_str(
        "; the file was rewritten without its comments and layout (the previous one is ~/.jenkins-cli.yaml.bak)",
    );
    Ok(Merged { text: rewritten, replaced, detail })
}

/// Sets `name` in place if it is there, else adds it at the end.
fn set(hash: &mut Hash, name: &str, value: Yaml) {
    match hash.get_mut(&key(name)) {
        Some(slot) => *slot = value,
        None => {
            hash.insert(key(name), value);
        }
    }
}

fn unique_name(host: &str, servers: &[Yaml]) -> String {
    let taken = |name: &str| servers.iter().any(|server| server["name"].as_str() == Some(name));
    (1..)
        .map(|n| if n == 1 { host.to_owned() } else { format!("{host}-{n}") })
        .find(|name| !taken(name))
        .unwrap_or_default()
}

fn parses_to(text: &str, expected: &Yaml) -> bool {
    YamlLoader::load_from_str(text).is_ok_and(|documents| documents.len() == 1 && same(&documents[0], expected))
}

/// Equal trees, whatever the order of the mappings' keys.
fn same(a: &Yaml, b: &Yaml) -> bool {
    match (a, b) {
        (Yaml::Hash(a), Yaml::Hash(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        (Yaml::Array(a), Yaml::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(v, w)| same(v, w)),
        _ => a == b,
    }
}

/// The whole tree in block style, every string through `formats::yaml` (yaml-rust2's own emitter leaves
/// a line separator unquoted, which other parsers read as a line break). `None` for a tree with
/// something only a parser makes (an alias, a mapping as a key).
fn block(doc: &Yaml) -> Option<String> {
    fn scalar(value: &Yaml) -> Option<String> {
        Some(match value {
            Yaml::String(text) => yaml(text),
            Yaml::Integer(number) => number.to_string(),
            Yaml::Real(number) => number.clone(),
            Yaml::Boolean(value) => value.to_string(),
            Yaml::Null => "null".to_owned(),
            Yaml::Hash(hash) if hash.is_empty() => "{}".to_owned(),
            Yaml::Array(array) if array.is_empty() => "[]".to_owned(),
            _ => return None,
        })
    }
    /// A mapping's lines, its keys at `indent`.
    fn mapping(hash: &Hash, indent: usize) -> Option<String> {
        let mut out = String::new();
        for (key, value) in hash {
            out.push_str(&format!("{}{}:{}", " ".repeat(indent), scalar(key)?, node(value, indent)?));
        }
        Some(out)
    }
    /// What follows `key:` or `-`: a scalar on the line, or the lines of a collection below it.
    fn node(value: &Yaml, indent: usize) -> Option<String> {
        match value {
            Yaml::Hash(hash) if !hash.is_empty() => Some(format!("\n{}", mapping(hash, indent + 2)?)),
            Yaml::Array(items) if !items.is_empty() => {
                let mut out = String::from("\n");
                for item in items {
                    let pad = " ".repeat(indent + 2);
                    match item {
                        // `- key: value`, the item's other keys under the first.
                        Yaml::Hash(hash) if !hash.is_empty() => {
                            let lines = mapping(hash, indent + 4)?;
                            out.push_str(&format!("{pad}- {}", &lines[indent + 4..]));
                        }
                        _ => out.push_str(&format!("{pad}-{}", node(item, indent + 2)?)),
                    }
                }
                Some(out)
            }
            scalar_value => Some(format!(" {}\n", scalar(scalar_value)?)),
        }
    }
    match doc {
        Yaml::Hash(hash) => mapping(hash, 0),
        _ => None,
    }
}

fn server_lines(indent: usize, name: &str, entry: &Entry, eol: &str) -> String {
    let pad = " ".repeat(indent);
    format!(
        "{pad}- name: {}{eol}{pad}  url: {}{eol}{pad}  username: {}{eol}{pad}  token: {}{eol}",
        yaml(name),
        yaml(entry.url.as_str()),
        yaml(entry.user),
        yaml(entry.token)
    )
}

/// A file with no settings yet (empty, or comments only): the snippet's text after what is there.
fn fresh(text: &str, entry: &Entry, plan: &Plan) -> String {
    let eol = line_ending(text);
    let name = plan.new_server.as_deref().unwrap_or_default();
    let current = plan.current.as_deref().map(|name| format!("{CURRENT}: {}{eol}", yaml(name))).unwrap_or_default();
    append_lines(text, &format!("{current}{SERVERS}:{eol}{}", server_lines(0, name, entry, eol)))
}

/// A line of the file: where it starts, its text without the line break.
struct Line<'a> {
    start: usize,
    text: &'a str,
}

impl Line<'_> {
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }

    fn is_blank(&self) -> bool {
        let rest = self.text.trim_start();
        rest.is_empty() || rest.starts_with('#')
    }

    /// Where the value of `name:` starts, when the line holds that key at `column`.
    fn key_at(&self, column: usize, name: &str) -> Option<usize> {
        let rest = self.text.get(column..)?.strip_prefix(name)?.strip_prefix(':')?;
        (rest.is_empty() || rest.starts_with([' ', '\t'])).then_some(column + name.len() + 1)
    }

    /// Whether the line starts a list item at `column`: `- …` or a lone `-`.
    fn item_at(&self, column: usize) -> bool {
        self.indent() == column && self.text.get(column..).is_some_and(|rest| rest == "-" || rest.starts_with("- "))
    }
}

/// The scalar after a key on `line`, from `from` (just after the colon), as `(start, end)`, a trailing
/// comment left out; `None` where only a parser could tell (block scalars, flow collections, anchors,
/// tags, a quoted scalar going on to the next line).
fn scalar(line: &str, from: usize) -> Option<(usize, usize)> {
    let start = from + (line[from..].len() - line[from..].trim_start_matches([' ', '\t']).len());
    let value = &line[start..];
    let length = match value.bytes().next() {
        None | Some(b'#') => 0,
        Some(b'"') => {
            let mut i = 1;
            loop {
                match value.as_bytes().get(i)? {
                    b'\\' => i += 2,
                    b'"' => break i + 1,
                    _ => i += 1,
                }
            }
        }
        Some(b'\'') => {
            let mut i = 1;
            loop {
                match (value.as_bytes().get(i)?, value.as_bytes().get(i + 1)) {
                    (b'\'', Some(b'\'')) => i += 2,
                    (b'\'', _) => break i + 1,
                    _ => i += 1,
                }
            }
        }
        Some(b'|' | b'>' | b'&' | b'*' | b'!' | b'[' | b'{' | b'%' | b'@' | b'`') => return None,
        Some(_) => {
            let comment = [" #", "\t#"].iter().filter_map(|mark| value.find(mark)).min().unwrap_or(value.len());
            value[..comment].trim_end().len()
        }
    };
    let rest = value.get(length..)?.trim_start_matches([' ', '\t']);
    (rest.is_empty() || rest.starts_with('#')).then_some((start, start + length))
}

/// A replacement of the scalar after a key, keeping a space after the colon.
fn replace_scalar(line: &Line, from: usize, value: &str) -> Option<(usize, usize, String)> {
    let (start, end) = scalar(line.text, from)?;
    let value = if start == from { format!(" {value}") } else { value.to_owned() };
    Some((line.start + start, line.start + end, value))
}

/// The block-style edit, or `None` where the layout is not the plain one.
fn edit(text: &str, entry: &Entry, plan: &Plan) -> Option<String> {
    let eol = line_ending(text);
    let mut lines = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        lines.push(Line { start, text: line.strip_suffix('\r').unwrap_or(line) });
        start += raw.len();
    }
    let after_line = |index: usize| lines.get(index + 1).map_or(text.len(), |next| next.start);
    let mut edits = Vec::new();
    let mut appended = String::new();

    match lines.iter().position(|line| line.key_at(0, SERVERS).is_some()) {
        None => {
            appended.push_str(&format!("{SERVERS}:{eol}"));
            appended.push_str(&server_lines(0, plan.new_server.as_deref()?, entry, eol));
        }
        Some(header) => {
            // `jenkins_servers:` with nothing after it but a comment: a block list follows.
            let (start, end) = scalar(lines[header].text, SERVERS.len() + 1)?;
            if start != end {
                return None;
            }
            // The list runs until the next line at column 0 that is not an item, a comment or empty.
            let end = (header + 1..lines.len())
                .find(|&i| !lines[i].is_blank() && lines[i].indent() == 0 && !lines[i].item_at(0))
                .unwrap_or(lines.len());
            let body = header + 1..end;
            let first = body.clone().find(|&i| !lines[i].is_blank());
            let column = first.map_or(0, |i| lines[i].indent());
            let items: Vec<usize> = body.clone().filter(|&i| lines[i].item_at(column)).collect();
            if first.is_some_and(|i| !lines[i].item_at(column)) {
                return None;
            }
            let last_content = |from: usize, to: usize| (from..to).rev().find(|&i| !lines[i].is_blank());
            for &server in &plan.tokens_in {
                let from = *items.get(server)?;
                let to = items.get(server + 1).copied().unwrap_or(end);
                let item = &lines[from];
                let inner = column + 1 + (item.text[column + 1..].len() - item.text[column + 1..].trim_start().len());
                let token_line = (from..to).find_map(|i| {
                    let on_own_line = i != from && lines[i].indent() == inner;
                    (i == from || on_own_line).then(|| lines[i].key_at(inner, "token").map(|at| (i, at))).flatten()
                });
                match token_line {
                    Some((i, at)) => edits.push(replace_scalar(&lines[i], at, &yaml(entry.token))?),
                    None => {
                        let at = after_line(last_content(from, to)?);
                        let pad = " ".repeat(inner);
                        edits.push((at, at, format!("{pad}token: {}{eol}", yaml(entry.token))));
                    }
                }
            }
            if let Some(name) = &plan.new_server {
                let at = after_line(last_content(header, end).unwrap_or(header));
                let mut block = server_lines(column, name, entry, eol);
                if at == text.len() && !text.ends_with('\n') {
                    block.insert_str(0, eol);
                }
                edits.push((at, at, block));
            }
        }
    }
    if let Some(name) = &plan.current {
        match lines.iter().find_map(|line| line.key_at(0, CURRENT).map(|at| (line, at))) {
            Some((line, at)) => edits.push(replace_scalar(line, at, &yaml(name))?),
            None => appended.push_str(&format!("{CURRENT}: {}{eol}", yaml(name))),
        }
    }
    let edited = apply(text, edits);
    Some(if appended.is_empty() { edited } else { append_lines(&edited, &appended) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::JenkinsUrl;

    const TOKEN: &str = "110123456789abcdef0123456789abcdef";

    fn save(text: &str, user: &str, make_current: bool) -> Merged {
        let url = JenkinsUrl::parse("https://ci.example.com/jenkins/").unwrap();
        merge(text, &Entry { url: &url, user, token: TOKEN, token_name: "t", make_current }).unwrap()
    }

    #[test]
    fn a_new_file_gets_the_snippets_text() {
        let merged = save("", "alice", false);
        assert_eq!(
            merged.text,
            format!(
                "current: \"ci.example.com\"\njenkins_servers:\n- name: \"ci.example.com\"\n  url: \"https://ci.example.com/jenkins/\"\n  username: \"alice\"\n  token: \"{TOKEN}\"\n"
            )
        );
        assert_eq!(
            (merged.replaced, merged.detail.as_str()),
            (false, "jenkins_servers entry \"ci.example.com\", made current")
        );
    }

    const JCLI: &str = "# my servers\ncurrent: local # the default\nlanguage: \"\"\njenkins_servers:\n- name: local\n  url: http://localhost:8080/\n  username: admin\n  token: 11aaa # admin's\n  insecureSkipVerify: true\n- name: ci\n  url: https://ci.example.com/jenkins\n  username: alice\n  token: 'old'\n# mirrors below\nmirrors:\n- name: default\n  url: https://updates.jenkins.io/download/\n";

    #[test]
    fn the_token_of_our_entry_is_replaced_in_place() {
        let merged = save(JCLI, "alice", false);
        assert_eq!(merged.text, JCLI.replace("'old'", &format!("\"{TOKEN}\"")));
        assert_eq!((merged.replaced, merged.detail.as_str()), (true, "jenkins_servers entry \"ci\""));
        let merged = save(JCLI, "alice", true);
        assert_eq!(
            merged.text,
            JCLI.replace("'old'", &format!("\"{TOKEN}\"")).replace("current: local", "current: \"ci\"")
        );
    }

    #[test]
    fn a_new_entry_is_added_at_the_end_of_the_list_with_a_free_name() {
        let text = JCLI.replace("name: ci\n", "name: ci.example.com\n").replace("alice", "bob");
        let merged = save(&text, "alice", false);
        let added = format!(
            "- name: \"ci.example.com-2\"\n  url: \"https://ci.example.com/jenkins/\"\n  username: \"alice\"\n  token: \"{TOKEN}\"\n"
        );
        assert_eq!(merged.text, text.replace("# mirrors below", &format!("{added}# mirrors below")));
        assert!(!merged.replaced);
    }

    #[test]
    fn an_indented_list_and_a_missing_token_are_handled_as_text() {
        let text = "jenkins_servers:\n  - name: ci\n    url: https://ci.example.com/jenkins/\n    username: alice\ncurrent: ci\n";
        let merged = save(text, "alice", false);
        assert_eq!(
            merged.text,
            text.replace("username: alice\n", &format!("username: alice\n    token: \"{TOKEN}\"\n"))
        );
    }

    #[test]
    fn a_flow_style_file_is_rewritten_and_says_so() {
        let text = "# comment\n{current: x, jenkins_servers: [{name: x, url: 'http://x/', username: u, token: t}]}\n";
        let merged = save(text, "alice", false);
        assert!(merged.detail.contains("rewritten without its comments"), "{}", merged.detail);
        let doc = Yaml::Hash(load(&merged.text).unwrap());
        assert_eq!(doc[CURRENT].as_str(), Some("x"));
        assert_eq!(doc[SERVERS][1]["token"].as_str(), Some(TOKEN));
    }

    #[test]
    fn what_is_not_a_jcli_file_is_left_alone() {
        let url = JenkinsUrl::parse("https://ci/").unwrap();
        let entry = Entry { url: &url, user: "a", token: TOKEN, token_name: "", make_current: false };
        for text in ["[1, 2]\n", "a: 1\n---\nb: 2\n", "jenkins_servers: 3\n", "a: [\n", "a: 1\na: 2\n"] {
            assert!(merge(text, &entry).is_err(), "{text}");
        }
    }

    #[test]
    fn scalars_end_where_yaml_says() {
        assert_eq!(scalar("k: v # c", 2), Some((3, 4)));
        assert_eq!(scalar("k: \"a\\\"b\" # c", 2), Some((3, 9)));
        assert_eq!(scalar("k: 'it''s'", 2), Some((3, 10)));
        assert_eq!(scalar("k:", 2), Some((2, 2)));
        assert_eq!(scalar("k: |", 2), None);
        assert_eq!(scalar("k: \"open", 2), None);
        assert_eq!(scalar("k: 'a' b", 2), None);
    }
}
