//! The messages between the extension and the host, exactly as docs/native-host.md#the-messages
//! lists them. Each message is a 32-bit length in native byte order, then that many bytes
//! of UTF-8 JSON, both ways. A request names one of the fixed [`Target`]s, never a file: no field can
//! carry a path, and a field the host does not know is refused.
//!
//! Refusals are sentences for the user. They never repeat a value from the message, so neither a token
//! nor anything else sent ends up in an answer.

use crate::inputs::{self, JenkinsUrl};
use crate::targets::Target;
use jenkins_api_token::jenkins::token::TokenValue;
use serde_json::{Map, Value, json};
use std::fmt;
use std::io::{self, Read, Write};

/// The largest message the host reads; a longer one is refused unread.
pub const MAX_MESSAGE_BYTES: u32 = 64 * 1024;
/// The largest message Chromium takes from a host.
pub const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// A request the host acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// `{"type":"hello","jenkinsUrl":…,"user":…}`: which targets exist and already hold an entry.
    Hello(Hello),
    /// `{"type":"save","target":…,"jenkinsUrl":…,"user":…,"token":…,"tokenName":…}`, and for `jcli`
    /// optionally `"makeCurrent":true`.
    Save(Save),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hello {
    pub jenkins_url: JenkinsUrl,
    pub user: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Save {
    pub target: Target,
    pub jenkins_url: JenkinsUrl,
    pub user: String,
    /// Redacted in debug output.
    pub token: TokenValue,
    pub token_name: String,
    /// jcli only: point `current` at this server even if another one is current.
    pub make_current: bool,
}

/// The answer to one message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// `{"ok":true,"version":…,"targets":[…]}`
    Hello(Vec<TargetState>),
    /// `{"ok":true,"file":…,"replaced":…,"detail":…}`
    Saved(Saved),
    /// `{"ok":false,"error":…}`
    Refused(Refusal),
}

/// One target in the answer to `hello`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetState {
    pub target: Target,
    /// As the user knows it: `~/.netrc`.
    pub file: String,
    pub exists: bool,
    /// Whether a save would replace an entry already there (for this Jenkins and user, or the one
    /// entry the target has room for).
    pub has_entry: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    pub file: String,
    /// Whether an entry already there was replaced, rather than a new one added.
    pub replaced: bool,
    /// Which entry, in the file's own terms: `machine ci.example.com`.
    pub detail: String,
}

/// Why the host did not do what a message asked: one sentence, holding no value from the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal(String);

impl Refusal {
    pub fn new(sentence: impl Into<String>) -> Refusal {
        Refusal(sentence.into())
    }

    pub fn sentence(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Answer {
    pub fn to_json(&self) -> Value {
        match self {
            Answer::Hello(targets) => json!({
                "ok": true,
                "version": env!("CARGO_PKG_VERSION"),
                "targets": targets.iter().map(|state| json!({
                    "target": state.target.name(),
                    "file": state.file,
                    "exists": state.exists,
                    "hasEntry": state.has_entry,
                })).collect::<Vec<_>>(),
            }),
            Answer::Saved(saved) => {
                json!({ "ok": true, "file": saved.file, "replaced": saved.replaced, "detail": saved.detail })
            }
            Answer::Refused(refusal) => json!({ "ok": false, "error": refusal.sentence() }),
        }
    }
}

/// One frame read from the browser.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    Message(Vec<u8>),
    /// The declared length is over [`MAX_MESSAGE_BYTES`]; the body is still in the stream.
    TooLarge(u32),
    /// The stream ended inside the length or the body.
    Truncated,
    /// The stream ended between messages: the browser closed it.
    End,
}

pub fn read_frame(input: &mut impl Read) -> io::Result<Frame> {
    let mut length = [0; 4];
    match read_full(input, &mut length)? {
        0 => return Ok(Frame::End),
        4 => {}
        _ => return Ok(Frame::Truncated),
    }
    let length = u32::from_ne_bytes(length);
    if length > MAX_MESSAGE_BYTES {
        return Ok(Frame::TooLarge(length));
    }
    let mut body = vec![0; length as usize];
    if read_full(input, &mut body)? < body.len() {
        return Ok(Frame::Truncated);
    }
    Ok(Frame::Message(body))
}

/// Reads until `buffer` is full or the stream ends; returns how much was read.
fn read_full(input: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match input.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

/// Writes one answer as a frame.
pub fn write_frame(output: &mut impl Write, answer: &Answer) -> io::Result<()> {
    let mut body = answer.to_json().to_string();
    if body.len() > MAX_ANSWER_BYTES {
        body =
            Answer::Refused(Refusal::new("The answer would be larger than the browser takes.")).to_json().to_string();
    }
    let length = u32::try_from(body.len()).map_err(io::Error::other)?;
    output.write_all(&length.to_ne_bytes())?;
    output.write_all(body.as_bytes())?;
    output.flush()
}

/// What a frame's trouble means to the user.
pub fn frame_refusal(frame: &Frame) -> Option<Refusal> {
    match frame {
        Frame::TooLarge(length) => Some(Refusal::new(format!(
            "The message is {length} bytes long; the host reads messages of at most {MAX_MESSAGE_BYTES} bytes."
        ))),
        Frame::Truncated => Some(Refusal::new("The message ended before the length it announced.")),
        Frame::Message(_) | Frame::End => None,
    }
}

const HELLO_FIELDS: [&str; 3] = ["type", "jenkinsUrl", "user"];
const SAVE_FIELDS: [&str; 7] = ["type", "target", "jenkinsUrl", "user", "token", "tokenName", "makeCurrent"];

/// Decodes and checks one message body. Nothing is read or written on disk here.
pub fn decode(body: &[u8]) -> Result<Request, Refusal> {
    let text = std::str::from_utf8(body).map_err(|_| Refusal::new("The message is not UTF-8 text."))?;
    let value: Value = serde_json::from_str(text).map_err(|_| Refusal::new("The message is not JSON."))?;
    let Value::Object(fields) = value else {
        return Err(Refusal::new("The message is not a JSON object."));
    };
    match fields.get("type").and_then(Value::as_str) {
        Some("hello") => {
            only(&fields, &HELLO_FIELDS)?;
            let jenkins_url = jenkins_url(&fields)?;
            let user = user(&fields)?;
            Ok(Request::Hello(Hello { jenkins_url, user }))
        }
        Some("save") => {
            only(&fields, &SAVE_FIELDS)?;
            let target = string(&fields, "target")?;
            let target = Target::parse(target).ok_or_else(|| {
                Refusal::new(format!(
                    "\"target\" must be one of {}: the host writes only those files, never a path a message names.",
                    Target::ALL.map(Target::name).join(", ")
                ))
            })?;
            let jenkins_url = jenkins_url(&fields)?;
            let user = user(&fields)?;
            let token_name = string(&fields, "tokenName")?;
            inputs::check_text("tokenName", token_name, true)?;
            let token = TokenValue::parse_minted(string(&fields, "token")?).ok_or_else(|| {
                Refusal::new("\"token\" must be 16 to 256 printable ASCII characters without white space or markup.")
            })?;
            let make_current = match fields.get("makeCurrent") {
                None => false,
                Some(Value::Bool(value)) => *value,
                Some(_) => return Err(Refusal::new("\"makeCurrent\" must be true or false.")),
            };
            Ok(Request::Save(Save {
                target,
                jenkins_url,
                user,
                token,
                token_name: token_name.to_owned(),
                make_current,
            }))
        }
        _ => Err(Refusal::new("The message's \"type\" must be \"hello\" or \"save\".")),
    }
}

/// Refuses any field not in `allowed`. A field's name is repeated only when it is a short plain word.
fn only(fields: &Map<String, Value>, allowed: &[&str]) -> Result<(), Refusal> {
    let Some(extra) = fields.keys().find(|name| !allowed.contains(&name.as_str())) else {
        return Ok(());
    };
    let plain = extra.len() <= 32 && !extra.is_empty() && extra.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let named = if plain { format!("a field \"{extra}\"") } else { "a field".to_owned() };
    Err(Refusal::new(format!(
        "The message has {named} the host does not take: a message names one of the fixed targets, never a file."
    )))
}

fn string<'a>(fields: &'a Map<String, Value>, name: &'static str) -> Result<&'a str, Refusal> {
    match fields.get(name) {
        Some(Value::String(text)) => Ok(text),
        Some(_) => Err(Refusal::new(format!("\"{name}\" must be a string."))),
        None => Err(Refusal::new(format!("The message has no \"{name}\"."))),
    }
}

fn jenkins_url(fields: &Map<String, Value>) -> Result<JenkinsUrl, Refusal> {
    JenkinsUrl::parse(string(fields, "jenkinsUrl")?).ok_or_else(|| {
        Refusal::new(
            "\"jenkinsUrl\" must be an http or https address with a host and no user, password, query or \
             fragment, such as https://ci.example.com/jenkins/.",
        )
    })
}

fn user(fields: &Map<String, Value>) -> Result<String, Refusal> {
    let user = string(fields, "user")?;
    inputs::check_text("user", user, false)?;
    Ok(user.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "110123456789abcdef0123456789abcdef";

    fn frame(body: &[u8]) -> Vec<u8> {
        let mut bytes = (body.len() as u32).to_ne_bytes().to_vec();
        bytes.extend_from_slice(body);
        bytes
    }

    fn refused(body: &str) -> String {
        decode(body.as_bytes()).expect_err(body).sentence().to_owned()
    }

    #[test]
    fn frames_are_read_one_by_one_until_the_stream_ends() {
        let mut stream = frame(b"{}");
        stream.extend(frame(b"[1]"));
        let mut input = stream.as_slice();
        assert_eq!(read_frame(&mut input).unwrap(), Frame::Message(b"{}".to_vec()));
        assert_eq!(read_frame(&mut input).unwrap(), Frame::Message(b"[1]".to_vec()));
        assert_eq!(read_frame(&mut input).unwrap(), Frame::End);
    }

    #[test]
    fn a_short_or_oversized_frame_is_named() {
        assert_eq!(read_frame(&mut &[1, 0][..]).unwrap(), Frame::Truncated);
        assert_eq!(read_frame(&mut &frame(b"{}")[..5]).unwrap(), Frame::Truncated);
        let oversized = (MAX_MESSAGE_BYTES + 1).to_ne_bytes();
        assert_eq!(read_frame(&mut &oversized[..]).unwrap(), Frame::TooLarge(MAX_MESSAGE_BYTES + 1));
        let exactly = vec![b' '; MAX_MESSAGE_BYTES as usize];
        assert!(
            matches!(read_frame(&mut &frame(&exactly)[..]).unwrap(), Frame::Message(body) if body.len() == exactly.len())
        );
    }

    #[test]
    fn answers_have_the_documented_shapes() {
        let mut out = Vec::new();
        write_frame(&mut out, &Answer::Refused(Refusal::new("No."))).unwrap();
        // Key order is not part of the protocol (serde_json keeps insertion order when another crate
        // of the workspace asks it to).
        assert_eq!(serde_json::from_slice::<Value>(&out[4..]).unwrap(), json!({"ok": false, "error": "No."}));
        assert_eq!(u32::from_ne_bytes(out[..4].try_into().unwrap()) as usize, out.len() - 4);
        let saved = Answer::Saved(Saved { file: "~/.netrc".into(), replaced: false, detail: "machine ci".into() });
        assert_eq!(saved.to_json(), json!({"ok": true, "file": "~/.netrc", "replaced": false, "detail": "machine ci"}));
    }

    #[test]
    fn a_save_decodes_to_checked_values() {
        let body = format!(
            r#"{{"type":"save","target":"jcli","jenkinsUrl":"HTTPS://CI.example.com:443/jenkins","user":"Jane Doe","token":"{TOKEN}","tokenName":"laptop","makeCurrent":true}}"#
        );
        let Ok(Request::Save(save)) = decode(body.as_bytes()) else { panic!("{body}") };
        assert_eq!(save.target, Target::Jcli);
        assert_eq!(save.jenkins_url.as_str(), "https://ci.example.com/jenkins/");
        assert_eq!((save.user.as_str(), save.token.expose(), save.token_name.as_str()), ("Jane Doe", TOKEN, "laptop"));
        assert!(save.make_current);
        assert!(!format!("{save:?}").contains(TOKEN), "the token never reaches debug output");
    }

    #[test]
    fn a_message_cannot_name_a_path() {
        for target in ["/etc/passwd", "../.netrc", "~/.netrc", "netrc/../../x", "NETRC", ""] {
            let body = format!(
                r#"{{"type":"save","target":"{target}","jenkinsUrl":"https://ci/","user":"a","token":"{TOKEN}","tokenName":"n"}}"#
            );
            assert!(refused(&body).contains("never a path"), "{target}");
        }
        for field in ["file", "path", "dir"] {
            let body = format!(
                r#"{{"type":"save","target":"netrc","{field}":"/tmp/x","jenkinsUrl":"https://ci/","user":"a","token":"{TOKEN}","tokenName":"n"}}"#
            );
            assert!(refused(&body).contains(&format!("a field \"{field}\"")), "{field}");
        }
    }

    #[test]
    fn refusals_never_repeat_a_value() {
        let secret = "110123456789abcdef0123456789abcdeZ";
        let bodies = [
            format!(r#"{{"type":"save","target":"{secret}"}}"#),
            format!(r#"{{"type":"hello","{secret}":1,"jenkinsUrl":"https://ci/","user":"a"}}"#),
            format!(
                r#"{{"type":"save","target":"netrc","jenkinsUrl":"https://ci/","user":"a","token":"{secret} ","tokenName":"n"}}"#
            ),
            format!(r#"{{"type":"hello","jenkinsUrl":"https://{secret}@ci/","user":"a"}}"#),
            format!(r#"{{"type":"{secret}"}}"#),
        ];
        for body in bodies {
            assert!(!refused(&body).contains(secret), "{body}");
        }
    }

    #[test]
    fn malformed_messages_are_refused_with_a_reason() {
        assert_eq!(decode(b"\xff\xfe"), Err(Refusal::new("The message is not UTF-8 text.")));
        assert_eq!(refused("{\"type\":"), "The message is not JSON.");
        assert_eq!(refused("[]"), "The message is not a JSON object.");
        assert!(refused(r#"{"type":"delete"}"#).contains("\"hello\" or \"save\""));
        assert!(refused(r#"{"type":"hello","user":"a"}"#).contains("no \"jenkinsUrl\""));
        assert!(refused(r#"{"type":"hello","jenkinsUrl":1,"user":"a"}"#).contains("must be a string"));
        assert!(refused(r#"{"type":"hello","jenkinsUrl":"ftp://ci/","user":"a"}"#).contains("http or https"));
        assert!(refused(r#"{"type":"hello","jenkinsUrl":"https://ci/","user":"a\nmachine x"}"#).contains("control"));
        let save = |token: &str, extra: &str| {
            format!(
                r#"{{"type":"save","target":"env","jenkinsUrl":"https://ci/","user":"a","token":"{token}","tokenName":"n"{extra}}}"#
            )
        };
        for token in ["short", "has space 0123456789abcdef", "<b>0123456789abcdef</b>", &"x".repeat(257)] {
            assert!(refused(&save(token, "")).contains("16 to 256"), "{token}");
        }
        assert!(refused(&save(TOKEN, r#","makeCurrent":"yes""#)).contains("true or false"));
        assert!(decode(save(TOKEN, "").as_bytes()).is_ok());
    }
}
