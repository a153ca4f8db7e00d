//! `~/.config/jenkins-api-token/<host>.env`: `JENKINS_URL`, `JENKINS_USER_ID` and `JENKINS_API_TOKEN` as
//! POSIX shell assignments, for `set -a; . <file>; set +a` and jenkins-cli.jar (which reads those
//! variables). Values are single-quoted by the core's `formats::shell`. The merge replaces those three
//! assignments (keeping an `export` in front of one) and the host's note line, and keeps every other line.

use super::{Entry, Merged, append_lines, apply, line_ending};
use crate::files::OWN_FOLDER;
use crate::inputs::JenkinsUrl;
use crate::protocol::Refusal;
use jenkins_api_token::formats::shell;

const VARIABLES: [&str; 3] = ["JENKINS_URL", "JENKINS_USER_ID", "JENKINS_API_TOKEN"];
/// How the host's note line starts.
const NOTE: &str = "# Jenkins API token ";

/// `<host>.env`, or `<host>_<port>.env` for a port other than the default; characters other than
/// letters, digits, `.` and `-` become `_`.
pub fn file_name(url: &JenkinsUrl) -> String {
    let host = url.host().trim_start_matches('[').trim_end_matches(']');
    let mut stem: String =
        host.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
    if stem.starts_with('.') {
        stem.replace_range(..1, "_");
    }
    match url.port() {
        Some(port) => format!("{stem}_{port}.env"),
        None => format!("{stem}.env"),
    }
}

/// The variable a line assigns, if it is one of ours, and whether it is `export`ed.
fn assigns(line: &str) -> Option<(usize, bool)> {
    let trimmed = line.trim_start();
    let (exported, rest) = match trimmed.strip_prefix("export") {
        Some(rest) if rest.starts_with([' ', '\t']) => (true, rest.trim_start()),
        _ => (false, trimmed),
    };
    let variable = VARIABLES.iter().position(|name| rest.strip_prefix(name).is_some_and(|r| r.starts_with('=')))?;
    Some((variable, exported))
}

pub fn has_entry(text: &str) -> bool {
    text.lines().any(|line| assigns(line).is_some_and(|(variable, _)| VARIABLES[variable] == "JENKINS_API_TOKEN"))
}

pub fn merge(text: &str, entry: &Entry) -> Result<Merged, Refusal> {
    let values = [shell(entry.url.as_str()), shell(entry.user), shell(entry.token)];
    let [Some(url), Some(user), Some(token)] = values else {
        return Err(Refusal::new("The user id or token cannot be written as a shell value."));
    };
    let values = [url, user, token];
    let eol = line_ending(text);
    let file = format!("~/{OWN_FOLDER}/{}", file_name(entry.url));
    let note = format!(
        "{NOTE}\"{}\", saved by jenkins-api-token-host. Load it with: set -a; . {file}; set +a",
        entry.token_name
    );
    let mut edits = Vec::new();
    let mut seen = [false; 3];
    let mut noted = false;
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let (line_start, line_end, next) = (start, start + line.len(), start + raw.len());
        start = next;
        if line.starts_with(NOTE) && !noted {
            noted = true;
            edits.push((line_start, line_end, note.clone()));
        } else if let Some((variable, exported)) = assigns(line) {
            if seen[variable] {
                // A later assignment would win over ours: it goes.
                edits.push((line_start, next, String::new()));
            } else {
                seen[variable] = true;
                let export = if exported { "export " } else { "" };
                edits.push((line_start, line_end, format!("{export}{}={}", VARIABLES[variable], values[variable])));
            }
        }
    }
    let replaced = seen[2];
    if !noted {
        edits.push((0, 0, format!("{note}{eol}")));
    }
    let mut text = apply(text, edits);
    let missing: String =
        (0..3).filter(|&i| !seen[i]).map(|i| format!("{}={}{eol}", VARIABLES[i], values[i])).collect();
    if !missing.is_empty() {
        text = append_lines(&text, &missing);
    }
    Ok(Merged { text, replaced, detail: VARIABLES.join(", ") })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "110123456789abcdef0123456789abcdef";

    fn save(text: &str, user: &str) -> Merged {
        let url = JenkinsUrl::parse("https://ci.example.com/").unwrap();
        merge(text, &Entry { url: &url, user, token: TOKEN, token_name: "laptop", make_current: false }).unwrap()
    }

    #[test]
    fn file_names_come_from_the_host_and_port() {
        let name = |url: &str| file_name(&JenkinsUrl::parse(url).unwrap());
        assert_eq!(name("https://ci.example.com/jenkins/"), "ci.example.com.env");
        assert_eq!(name("http://ci:8080/"), "ci_8080.env");
        assert_eq!(name("http://[::1]:8080/"), "__1_8080.env");
        assert_eq!(name("http://..:8080/"), "_._8080.env");
    }

    #[test]
    fn a_new_file_holds_the_note_and_three_assignments() {
        let merged = save("", "O'Brien");
        assert_eq!(
            merged.text,
            format!(
                "# Jenkins API token \"laptop\", saved by jenkins-api-token-host. Load it with: set -a; . ~/.config/jenkins-api-token/ci.example.com.env; set +a\nJENKINS_URL='https://ci.example.com/'\nJENKINS_USER_ID='O'\\''Brien'\nJENKINS_API_TOKEN='{TOKEN}'\n"
            )
        );
        assert!(!merged.replaced);
    }

    #[test]
    fn other_lines_stay_and_later_duplicates_go() {
        let text = "# Jenkins API token \"old\", saved\nexport JENKINS_API_TOKEN=old\nFOO=bar\nJENKINS_URL=x\nJENKINS_API_TOKEN=older\n";
        let merged = save(text, "alice");
        assert!(merged.replaced);
        let lines: Vec<&str> = merged.text.lines().collect();
        assert!(lines[0].starts_with("# Jenkins API token \"laptop\""));
        assert_eq!(
            &lines[1..],
            [
                format!("export JENKINS_API_TOKEN='{TOKEN}'").as_str(),
                "FOO=bar",
                "JENKINS_URL='https://ci.example.com/'",
                "JENKINS_USER_ID='alice'"
            ]
        );
    }
}
