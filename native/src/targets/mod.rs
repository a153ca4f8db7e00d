//! The files a token can be saved to: a fixed list, each at a fixed place in the home folder. Each
//! module merges one entry into a file's text and changes nothing else; the values it writes are quoted
//! by the core's [`jenkins_api_token::formats`], the same code as the popup's snippets.

pub mod env;
pub mod jcli;
pub mod jenkins_jobs;
pub mod netrc;

use crate::files::Home;
use crate::inputs::JenkinsUrl;
use crate::protocol::{Hello, Refusal, Save, Saved, TargetState};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Netrc,
    JenkinsJobs,
    Jcli,
    Env,
}

/// What a save writes: one Jenkins, one user, one token.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'a> {
    pub url: &'a JenkinsUrl,
    pub user: &'a str,
    pub token: &'a str,
    pub token_name: &'a str,
    pub make_current: bool,
}

/// A merged file: its new text, and what the save answer says about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    pub replaced: bool,
    pub detail: String,
}

impl Target {
    pub const ALL: [Target; 4] = [Target::Netrc, Target::JenkinsJobs, Target::Jcli, Target::Env];

    pub fn name(self) -> &'static str {
        match self {
            Target::Netrc => "netrc",
            Target::JenkinsJobs => "jenkins_jobs",
            Target::Jcli => "jcli",
            Target::Env => "env",
        }
    }

    pub fn parse(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|target| target.name() == name)
    }

    /// The file, relative to the home folder. Only `env` depends on the Jenkins (its file name is the host).
    pub fn relative_path(self, url: &JenkinsUrl) -> PathBuf {
        match self {
            Target::Netrc if cfg!(windows) => PathBuf::from("_netrc"),
            Target::Netrc => PathBuf::from(".netrc"),
            Target::JenkinsJobs => PathBuf::from(".config/jenkins_jobs/jenkins_jobs.ini"),
            Target::Jcli => PathBuf::from(".jenkins-cli.yaml"),
            Target::Env => PathBuf::from(crate::files::OWN_FOLDER).join(env::file_name(url)),
        }
    }

    /// Merges `entry` into `existing` (`None`: no file yet).
    pub fn merge(self, existing: Option<&str>, entry: &Entry) -> Result<Merged, Refusal> {
        let existing = existing.unwrap_or_default();
        match self {
            Target::Netrc => netrc::merge(existing, entry),
            Target::JenkinsJobs => jenkins_jobs::merge(existing, entry),
            Target::Jcli => jcli::merge(existing, entry),
            Target::Env => env::merge(existing, entry),
        }
    }

    /// Whether a save would replace an entry already in `text`. A file none of us can read has none.
    pub fn has_entry(self, text: &str, url: &JenkinsUrl, user: &str) -> bool {
        match self {
            Target::Netrc => netrc::has_entry(text, url, user),
            Target::JenkinsJobs => jenkins_jobs::has_entry(text),
            Target::Jcli => jcli::has_entry(text, url, user),
            Target::Env => env::has_entry(text),
        }
    }
}

/// The answer to `hello`: every target, whether its file exists and already holds an entry.
pub fn hello(home: &Home, hello: &Hello) -> Vec<TargetState> {
    Target::ALL
        .into_iter()
        .map(|target| {
            let relative = target.relative_path(&hello.jenkins_url);
            let text = home.read(&relative);
            let exists = matches!(text, Ok(Some(_)));
            let has_entry = matches!(&text, Ok(Some(text)) if target.has_entry(text, &hello.jenkins_url, &hello.user));
            TargetState { target, file: Home::display(&relative), exists, has_entry }
        })
        .collect()
}

/// Saves the token of `save` into its target's file.
pub fn save(home: &Home, save: &Save) -> Result<Saved, Refusal> {
    let relative = save.target.relative_path(&save.jenkins_url);
    let entry = Entry {
        url: &save.jenkins_url,
        user: &save.user,
        token: save.token.expose(),
        token_name: &save.token_name,
        make_current: save.make_current,
    };
    let (replaced, detail) = home.save(&relative, |existing| {
        let merged = save.target.merge(existing, &entry)?;
        Ok((merged.text, (merged.replaced, merged.detail)))
    })?;
    Ok(Saved { file: Home::display(&relative), replaced, detail })
}

/// The line ending a file already uses (`\r\n` or `\n`), for the lines added to it.
fn line_ending(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// `text` followed by `addition`, on a line of its own.
fn append_lines(text: &str, addition: &str) -> String {
    let mut out = text.to_owned();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(line_ending(text));
    }
    out.push_str(addition);
    out
}

/// Applies `(start, end, replacement)` edits to `text`. Edits do not overlap; inserts at one place keep
/// their order.
fn apply(text: &str, mut edits: Vec<(usize, usize, String)>) -> String {
    edits.sort_by_key(|(start, end, _)| (*start, *end));
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for (start, end, replacement) in edits {
        out.push_str(&text[at..start]);
        out.push_str(&replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_have_fixed_names_and_places() {
        let url = JenkinsUrl::parse("https://ci.example.com:8443/").unwrap();
        let places: Vec<(&str, String)> =
            Target::ALL.iter().map(|t| (t.name(), Home::display(&t.relative_path(&url)))).collect();
        let netrc = if cfg!(windows) { "~/_netrc" } else { "~/.netrc" };
        assert_eq!(
            places,
            [
                ("netrc", netrc.to_owned()),
                ("jenkins_jobs", "~/.config/jenkins_jobs/jenkins_jobs.ini".to_owned()),
                ("jcli", "~/.jenkins-cli.yaml".to_owned()),
                ("env", "~/.config/jenkins-api-token/ci.example.com_8443.env".to_owned()),
            ]
        );
        assert!(Target::ALL.iter().all(|t| Target::parse(t.name()) == Some(*t)));
    }

    #[test]
    fn edits_apply_in_place_and_in_order() {
        let edits = vec![(4, 4, "B".into()), (0, 1, "x".into()), (4, 4, "C".into())];
        assert_eq!(apply("abcdef", edits), "xbcdBCef");
        assert_eq!(append_lines("a\r\nb", "c\r\n"), "a\r\nb\r\nc\r\n");
        assert_eq!(append_lines("", "c\n"), "c\n");
    }
}
