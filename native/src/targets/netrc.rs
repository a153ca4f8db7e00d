//! `~/.netrc`, read the way curl and Python's `netrc` read it: words separated by white space, a word
//! in double quotes may hold spaces (`\` escapes the next character), `#` at the start of a word where
//! a keyword is expected comments out the rest of the line, and a `macdef` body runs to the next empty
//! line. The merge changes only the `login` and `password` words of our entry, or adds one entry line;
//! every other byte stays where it was.

use super::{Entry, Merged, append_lines, apply, line_ending};
use crate::inputs::JenkinsUrl;
use crate::protocol::Refusal;
use jenkins_api_token::formats;
use std::ops::Range;

/// A word of the file and where it is.
#[derive(Clone, Debug)]
struct Word {
    text: String,
    span: Range<usize>,
}

/// A `machine` (or `default`) entry.
#[derive(Debug)]
struct Machine {
    /// `None` for `default`.
    host: Option<Word>,
    /// Where the keyword starts.
    start: usize,
    /// Where its last word ends.
    end: usize,
    login: Option<Word>,
    password: Option<Word>,
}

#[derive(Debug)]
struct Netrc {
    machines: Vec<Machine>,
    /// The file ends inside a `macdef` body (no empty line after it).
    open_macro: bool,
}

struct Lexer<'a> {
    text: &'a str,
    at: usize,
}

impl Lexer<'_> {
    fn next_word(&mut self) -> Option<Word> {
        let bytes = self.text.as_bytes();
        while self.at < bytes.len() && matches!(bytes[self.at], b' ' | b'\t' | b'\r' | b'\n') {
            self.at += 1;
        }
        if self.at >= bytes.len() {
            return None;
        }
        let start = self.at;
        let mut text = String::new();
        let mut chars = self.text[start..].char_indices().peekable();
        let quoted = self.text[start..].starts_with('"');
        if quoted {
            chars.next();
        }
        let mut end = self.text.len();
        while let Some((offset, c)) = chars.next() {
            match c {
                '"' if quoted => {
                    end = start + offset + 1;
                    break;
                }
                ' ' | '\t' | '\r' | '\n' if !quoted => {
                    end = start + offset;
                    break;
                }
                '\\' => {
                    if let Some((_, escaped)) = chars.next() {
                        text.push(escaped);
                    }
                }
                c => text.push(c),
            }
        }
        self.at = end;
        Some(Word { text, span: start..end })
    }

    /// Skips to the start of the next line.
    fn skip_line(&mut self) {
        self.at = self.text[self.at..].find('\n').map_or(self.text.len(), |offset| self.at + offset + 1);
    }

    /// Skips a macro body: lines up to and including the next empty one. False if the file ends first.
    fn skip_macro(&mut self) -> bool {
        self.skip_line();
        while self.at < self.text.len() {
            let line_end = self.text[self.at..].find('\n').map_or(self.text.len(), |offset| self.at + offset);
            let empty = self.text[self.at..line_end].trim_end_matches('\r').is_empty();
            self.at = (line_end + 1).min(self.text.len());
            if empty && line_end < self.text.len() {
                return true;
            }
        }
        false
    }
}

fn is(word: &Word, keyword: &str) -> bool {
    word.text.eq_ignore_ascii_case(keyword)
}

fn not_netrc() -> Refusal {
    Refusal::new(
        "~/.netrc holds a word where curl and Python expect machine, default, macdef, login, password or \
         account; it is left as it was. Fix it and try again.",
    )
}

fn parse(text: &str) -> Result<Netrc, Refusal> {
    let mut lexer = Lexer { text, at: 0 };
    let mut machines: Vec<Machine> = Vec::new();
    let mut open_macro = false;
    let mut pending = lexer.next_word();
    while let Some(word) = pending.take() {
        open_macro = false;
        if word.text.starts_with('#') {
            lexer.at = word.span.start;
            lexer.skip_line();
        } else if is(&word, "macdef") {
            lexer.next_word();
            open_macro = !lexer.skip_macro();
        } else if is(&word, "machine") || is(&word, "default") {
            let host = if is(&word, "machine") { Some(lexer.next_word().ok_or_else(not_netrc)?) } else { None };
            let end = host.as_ref().map_or(word.span.end, |host| host.span.end);
            let mut machine = Machine { host, start: word.span.start, end, login: None, password: None };
            while let Some(follower) = lexer.next_word() {
                let keyword = ["login", "user", "password", "account"].into_iter().find(|k| is(&follower, k));
                if let Some(keyword) = keyword {
                    let value = lexer.next_word().ok_or_else(not_netrc)?;
                    machine.end = value.span.end;
                    match keyword {
                        "password" => machine.password = Some(value),
                        "account" => {}
                        _ => machine.login = Some(value),
                    }
                } else if follower.text.starts_with('#') {
                    lexer.at = follower.span.start;
                    lexer.skip_line();
                } else if ["machine", "default", "macdef"].iter().any(|k| is(&follower, k)) {
                    pending = Some(follower);
                    break;
                } else {
                    return Err(not_netrc());
                }
            }
            machines.push(machine);
            continue;
        } else {
            return Err(not_netrc());
        }
        pending = lexer.next_word();
    }
    Ok(Netrc { machines, open_macro })
}

impl Netrc {
    /// The entries a save rewrites: those for the host with our login, else the host's only entry.
    fn ours(&self, host: &str, user: &str) -> Vec<&Machine> {
        let for_host: Vec<&Machine> = self
            .machines
            .iter()
            .filter(|m| m.host.as_ref().is_some_and(|h| h.text.eq_ignore_ascii_case(host)))
            .collect();
        let with_login: Vec<&Machine> =
            for_host.iter().copied().filter(|m| m.login.as_ref().is_some_and(|l| l.text == user)).collect();
        match (with_login.is_empty(), for_host.len()) {
            (false, _) => with_login,
            (true, 1) => for_host,
            _ => Vec::new(),
        }
    }
}

pub fn has_entry(text: &str, url: &JenkinsUrl, user: &str) -> bool {
    parse(text).is_ok_and(|netrc| !netrc.ours(url.host(), user).is_empty())
}

pub fn merge(text: &str, entry: &Entry) -> Result<Merged, Refusal> {
    let netrc = parse(text)?;
    let cannot = || Refusal::new("The user id or token cannot be written in a .netrc file.");
    let host = formats::netrc(entry.url.host()).ok_or_else(cannot)?;
    let (login, password) = formats::netrc(entry.user).zip(formats::netrc(entry.token)).ok_or_else(cannot)?;
    let detail = format!("machine {}", entry.url.host());
    let ours = netrc.ours(entry.url.host(), entry.user);
    if ours.is_empty() {
        let eol = line_ending(text);
        let line = format!("machine {host} login {login} password {password}{eol}");
        let text = match netrc.machines.iter().find(|m| m.host.is_none()) {
            // Before `default`, which matches every host from where it stands.
            Some(default) => {
                let line_start = text[..default.start].rfind('\n').map_or(0, |i| i + 1);
                let at = if text[line_start..default.start].trim().is_empty() { line_start } else { default.start };
                apply(text, vec![(at, at, line)])
            }
            None if netrc.open_macro => append_lines(text, &format!("{eol}{line}")),
            None => append_lines(text, &line),
        };
        return Ok(Merged { text, replaced: false, detail });
    }
    let mut edits = Vec::new();
    for machine in ours {
        match &machine.login {
            Some(word) if word.text == entry.user => {}
            Some(word) => edits.push((word.span.start, word.span.end, login.clone())),
            None => {
                let after_host = machine.host.as_ref().map_or(machine.end, |h| h.span.end);
                edits.push((after_host, after_host, format!(" login {login}")));
            }
        }
        match &machine.password {
            Some(word) => edits.push((word.span.start, word.span.end, password.clone())),
            None => edits.push((machine.end, machine.end, format!(" password {password}"))),
        }
    }
    Ok(Merged { text: apply(text, edits), replaced: true, detail })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "110123456789abcdef0123456789abcdef";

    fn save(text: &str, user: &str) -> Merged {
        let url = JenkinsUrl::parse("https://ci.example.com/jenkins/").unwrap();
        let entry = Entry { url: &url, user, token: TOKEN, token_name: "t", make_current: false };
        merge(text, &entry).unwrap()
    }

    #[test]
    fn a_new_file_gets_the_snippets_line() {
        let merged = save("", "alice");
        assert_eq!(merged.text, format!("machine ci.example.com login alice password {TOKEN}\n"));
        assert_eq!((merged.replaced, merged.detail.as_str()), (false, "machine ci.example.com"));
    }

    #[test]
    fn only_our_words_change() {
        let text = "# mine\nmachine other login bob password b\n\nmachine CI.example.com\n\tlogin alice  # x\n\tpassword \"old one\"\n\ndefault login anonymous password me@\n";
        let merged = save(text, "alice");
        assert_eq!(merged.text, text.replace("\"old one\"", TOKEN));
        assert!(merged.replaced);
    }

    #[test]
    fn a_missing_password_or_login_is_added_to_the_entry() {
        assert_eq!(
            save("machine ci.example.com login alice\n", "alice").text,
            format!("machine ci.example.com login alice password {TOKEN}\n")
        );
        assert_eq!(
            save("machine ci.example.com\n", "Jane Doe").text,
            format!("machine ci.example.com login \"Jane Doe\" password {TOKEN}\n")
        );
    }

    #[test]
    fn the_one_entry_of_the_host_changes_hands_but_of_several_only_ours_changes() {
        let one = "machine ci.example.com login bob password b\n";
        assert_eq!(save(one, "alice").text, format!("machine ci.example.com login alice password {TOKEN}\n"));
        let two = "machine ci.example.com login bob password b\nmachine ci.example.com login carol password c\n";
        let merged = save(two, "alice");
        assert_eq!(merged.text, format!("{two}machine ci.example.com login alice password {TOKEN}\n"));
        assert!(!merged.replaced);
        let merged = save(two, "carol");
        assert_eq!(merged.text, two.replace("password c", &format!("password {TOKEN}")));
    }

    #[test]
    fn a_new_entry_goes_before_default_and_after_a_macro() {
        let text = "machine a login b password c\n  default login x password y\n";
        assert_eq!(
            save(text, "alice").text,
            format!(
                "machine a login b password c\nmachine ci.example.com login alice password {TOKEN}\n  default login x password y\n"
            )
        );
        let text = "macdef init\ncd /pub\nmachine ci.example.com login eve password e";
        let merged = save(text, "alice");
        assert_eq!(
            merged.text,
            format!("{text}\n\nmachine ci.example.com login alice password {TOKEN}\n"),
            "a macro body is not an entry"
        );
    }

    #[test]
    fn crlf_files_stay_crlf_and_unknown_words_are_refused() {
        assert_eq!(
            save("machine a\r\n", "alice").text,
            format!("machine a\r\nmachine ci.example.com login alice password {TOKEN}\r\n")
        );
        let url = JenkinsUrl::parse("https://ci.example.com/").unwrap();
        let entry = Entry { url: &url, user: "alice", token: TOKEN, token_name: "", make_current: false };
        assert!(merge("machine a port 21\n", &entry).is_err());
        assert!(merge("hello\n", &entry).is_err());
    }
}
