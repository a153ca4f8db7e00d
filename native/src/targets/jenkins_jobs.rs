//! `~/.config/jenkins_jobs/jenkins_jobs.ini`, the first place Jenkins Job Builder reads, read line by
//! line the way Python's `configparser` (JJB's parser) reads it: `#` and `;` start comment lines, a line
//! indented deeper than its option continues the option's value, `=` or `:` ends a key, keys ignore case,
//! and a section or key given twice is an error. The merge sets `user`, `password` and `url` of the
//! `[jenkins]` section and changes no other line; a file configparser would refuse is left alone.

use super::{Entry, Merged, append_lines, apply, line_ending};
use crate::protocol::Refusal;
use jenkins_api_token::formats;
use std::collections::HashSet;

const SECTION: &str = "jenkins";
const KEYS: [&str; 3] = ["user", "password", "url"];

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    /// Empty, or a comment line.
    Blank,
    Section(String),
    /// `key = value`; `value_at` is where the value starts in the line.
    Option {
        key: String,
        value_at: usize,
    },
    Continuation,
}

#[derive(Debug)]
struct Line {
    start: usize,
    /// Where the line's text ends (its line break excluded).
    end: usize,
    kind: Kind,
    /// The section the line is in (for a header, its own).
    section: Option<String>,
}

fn unreadable(line: usize, why: &str) -> Refusal {
    Refusal::new(format!(
        "~/.config/jenkins_jobs/jenkins_jobs.ini is not a file Python's configparser reads (line {line}: {why}); \
         it is left as it was. Fix it and try again."
    ))
}

fn parse(text: &str) -> Result<Vec<Line>, Refusal> {
    let mut lines = Vec::new();
    let (mut section, mut in_option, mut indent_level) = (None::<String>, false, 0);
    let mut seen_sections = HashSet::new();
    let mut seen_keys = HashSet::new();
    let mut start = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let (line_start, end) = (start, start + line.len());
        start += raw.len();
        let stripped = line.trim();
        let kind = if stripped.is_empty() || stripped.starts_with(['#', ';']) {
            Kind::Blank
        } else {
            let indent = line.chars().take_while(|c| c.is_whitespace()).count();
            if section.is_some() && in_option && indent > indent_level {
                Kind::Continuation
            } else {
                indent_level = indent;
                in_option = false;
                match stripped.strip_prefix('[').and_then(|rest| rest.rfind(']').map(|close| &rest[..close])) {
                    Some(header) if !header.is_empty() => {
                        if header != "DEFAULT" && !seen_sections.insert(header.to_owned()) {
                            return Err(unreadable(number, "a section given twice"));
                        }
                        section = Some(header.to_owned());
                        Kind::Section(header.to_owned())
                    }
                    _ => {
                        let Some(current) = &section else {
                            return Err(unreadable(number, "a line before the first section"));
                        };
                        let Some(delimiter) = line.find(['=', ':']) else {
                            return Err(unreadable(number, "a line that is neither a section nor key = value"));
                        };
                        let key = line[..delimiter].trim().to_lowercase();
                        if key.is_empty() {
                            return Err(unreadable(number, "a value without a key"));
                        }
                        if !seen_keys.insert((current.clone(), key.clone())) {
                            return Err(unreadable(number, "a key given twice in one section"));
                        }
                        in_option = true;
                        let after = &line[delimiter + 1..];
                        let value_at = delimiter + 1 + (after.len() - after.trim_start().len());
                        Kind::Option { key, value_at }
                    }
                }
            }
        };
        lines.push(Line { start: line_start, end, kind, section: section.clone() });
    }
    Ok(lines)
}

pub fn has_entry(text: &str) -> bool {
    parse(text).is_ok_and(|lines| {
        lines.iter().any(|line| {
            line.section.as_deref() == Some(SECTION)
                && matches!(&line.kind, Kind::Option { key, .. } if KEYS.contains(&key.as_str()))
        })
    })
}

pub fn merge(text: &str, entry: &Entry) -> Result<Merged, Refusal> {
    let lines = parse(text)?;
    let user = formats::ini(entry.user).ok_or_else(|| {
        Refusal::new("This user id has white space at an end, which jenkins_jobs.ini cannot hold; the other files can.")
    })?;
    let token =
        formats::ini(entry.token).ok_or_else(|| Refusal::new("The token cannot be written in jenkins_jobs.ini."))?;
    let url = formats::ini(entry.url.as_str())
        .ok_or_else(|| Refusal::new("The URL cannot be written in jenkins_jobs.ini."))?;
    let values = [user, token, url];
    let eol = line_ending(text);
    let detail = "[jenkins] user, password, url".to_owned();
    let in_section: Vec<(usize, &Line)> =
        lines.iter().enumerate().filter(|(_, line)| line.section.as_deref() == Some(SECTION)).collect();
    let Some(&(_, header)) = in_section.first() else {
        let separator =
            if text.trim().is_empty() || text.ends_with("\n\n") || text.ends_with("\n\r\n") { "" } else { eol };
        let block: String = KEYS.iter().zip(&values).map(|(key, value)| format!("{key}={value}{eol}")).collect();
        let text = append_lines(text, &format!("{separator}[{SECTION}]{eol}{block}"));
        return Ok(Merged { text, replaced: false, detail });
    };
    let mut edits = Vec::new();
    let mut replaced = false;
    // Where a missing key goes: after the section's last key or value line, else after its header.
    let last_content = in_section
        .iter()
        .rev()
        .find(|(_, line)| matches!(line.kind, Kind::Option { .. } | Kind::Continuation))
        .map_or(header, |(_, line)| *line);
    let insert_at = (last_content.end + text[last_content.end..].find('\n').map_or(0, |i| i + 1)).min(text.len());
    let mut missing = String::new();
    for (key, value) in KEYS.iter().zip(&values) {
        let found = in_section.iter().find(|(_, line)| matches!(&line.kind, Kind::Option { key: k, .. } if k == key));
        match found {
            Some(&(index, line)) => {
                replaced = true;
                let Kind::Option { value_at, .. } = line.kind else { unreachable!("found an option") };
                let continued = lines[index + 1..]
                    .iter()
                    .take_while(|next| matches!(next.kind, Kind::Continuation | Kind::Blank))
                    .filter(|next| next.kind == Kind::Continuation)
                    .last();
                match continued {
                    // The value's other lines go with it (their line break stays for the next line).
                    Some(last) => edits.push((line.start + value_at, last.end, value.clone())),
                    None => edits.push((line.start + value_at, line.end, value.clone())),
                }
            }
            None => missing.push_str(&format!("{key}={value}{eol}")),
        }
    }
    if !missing.is_empty() {
        if insert_at == text.len() && !text.ends_with('\n') {
            missing.insert_str(0, eol);
        }
        edits.push((insert_at, insert_at, missing));
    }
    Ok(Merged { text: apply(text, edits), replaced, detail })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::JenkinsUrl;

    const TOKEN: &str = "110123456789abcdef0123456789abcdef";

    fn save(text: &str, user: &str) -> Result<Merged, Refusal> {
        let url = JenkinsUrl::parse("https://ci.example.com/").unwrap();
        merge(text, &Entry { url: &url, user, token: TOKEN, token_name: "t", make_current: false })
    }

    #[test]
    fn a_new_file_gets_the_snippets_section() {
        let merged = save("", "alice").unwrap();
        assert_eq!(merged.text, format!("[jenkins]\nuser=alice\npassword={TOKEN}\nurl=https://ci.example.com/\n"));
        assert!(!merged.replaced);
        let merged = save("[job_builder]\nignore_cache=True", "50%").unwrap();
        assert_eq!(
            merged.text,
            format!(
                "[job_builder]\nignore_cache=True\n\n[jenkins]\nuser=50%%\npassword={TOKEN}\nurl=https://ci.example.com/\n"
            )
        );
    }

    #[test]
    fn only_our_values_change() {
        let text = "; JJB\n[jenkins]\nUser : bob\n# the token\npassword=old\n   more old\n\nquery_plugins_info=False\n[other]\nurl=x\n";
        let merged = save(text, "alice").unwrap();
        assert_eq!(
            merged.text,
            format!(
                "; JJB\n[jenkins]\nUser : alice\n# the token\npassword={TOKEN}\n\nquery_plugins_info=False\nurl=https://ci.example.com/\n[other]\nurl=x\n"
            )
        );
        assert!(merged.replaced);
    }

    #[test]
    fn what_configparser_refuses_is_left_alone() {
        for text in
            ["user=x\n[jenkins]\n", "[jenkins]\nuser=a\nUSER=b\n", "[jenkins]\n[jenkins]\n", "[jenkins]\njust words\n"]
        {
            let refusal = save(text, "alice").unwrap_err();
            assert!(refusal.sentence().contains("configparser"), "{text:?}");
        }
        assert!(save("[jenkins]\n", " alice").unwrap_err().sentence().contains("white space"));
    }
}
