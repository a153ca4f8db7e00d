//! The HTTP vocabulary shared by the protocol core and every transport: what to send, what came back.
//! Plain data, no I/O, so the core can be tested without a browser.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// One request to the Jenkins origin. URLs are always absolute and built by [`crate::jenkins::root`],
/// so a request can only go to the tab's own origin.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// An `application/x-www-form-urlencoded` body.
    pub form_body: Option<String>,
    /// Send the browser's cookies for the origin (the user's Jenkins session). Only a token check
    /// goes without, so that it proves the token and nothing else.
    pub with_session: bool,
}

impl Request {
    pub fn get(url: String) -> Request {
        Request { method: Method::Get, url, headers: Vec::new(), form_body: None, with_session: true }
    }

    pub fn post_form(url: String, form_body: String) -> Request {
        Request {
            method: Method::Post,
            url,
            headers: vec![("Content-Type".to_owned(), "application/x-www-form-urlencoded".to_owned())],
            form_body: Some(form_body),
            with_session: true,
        }
    }

    pub fn without_session(mut self) -> Request {
        self.with_session = false;
        self
    }

    /// Asks for the answer in English: Jenkins writes dates in the request's locale, and the parsers
    /// read the en-US forms only (docs/jenkins.md#dates-in-the-list).
    pub fn in_english(self) -> Request {
        self.with_header("Accept-Language", "en-US,en;q=0.5")
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Request {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// Header values may hold a crumb or credentials; keep them out of debug output.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("header_names", &names)
            .field("has_body", &self.form_body.is_some())
            .field("with_session", &self.with_session)
            .finish()
    }
}

/// What came back. Header names are stored lower-cased.
#[derive(Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn new(status: u16, mut headers: Vec<(String, String)>, body: String) -> Response {
        for (name, _) in &mut headers {
            name.make_ascii_lowercase();
        }
        Response { status, headers, body }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(candidate, _)| candidate.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    pub fn is_json(&self) -> bool {
        self.type_mentions(b"json")
    }

    pub fn is_html(&self) -> bool {
        self.type_mentions(b"html") || looks_like_html(&self.body)
    }

    /// Whether the `Content-Type` holds `word` (lower case), in any case.
    fn type_mentions(&self, word: &[u8]) -> bool {
        self.header("content-type")
            .is_some_and(|value| value.as_bytes().windows(word.len()).any(|part| part.eq_ignore_ascii_case(word)))
    }
}

/// The body may hold a token; only its size is worth printing.
impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

fn looks_like_html(body: &str) -> bool {
    let start = body.trim_start().as_bytes();
    [&b"<!doctype html"[..], b"<html", b"<head"]
        .iter()
        .any(|prefix| start.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix)))
}

/// `Authorization: Basic …` for `user:secret` (RFC 7617, UTF-8).
pub fn basic_authorization(user: &str, secret: &str) -> String {
    concat(&["Basic ", &base64(concat(&[user, ":", secret]).as_bytes())])
}

/// `parts` one after another, as `[…].concat()` makes them, without the generic code behind that.
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|part| part.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let word =
            chunk.iter().enumerate().fold(0u32, |word, (index, byte)| word | u32::from(*byte) << (16 - 8 * index));
        for index in 0..4 {
            if index <= chunk.len() {
                out.push(ALPHABET[(word >> (18 - 6 * index) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Why a request produced no response at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// The connection failed or broke; the browser's words, if any.
    Network(String),
    /// No answer within the time limit (the request was aborted).
    Timeout,
    /// Jenkins answered with a redirect, which is never followed (it could lead to another origin).
    Redirected,
}

/// `application/x-www-form-urlencoded`, as browsers encode forms: space as `+`, everything but
/// `A-Z a-z 0-9 * - . _` percent-encoded from UTF-8.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        encode_component(name, &mut out);
        out.push('=');
        encode_component(value, &mut out);
    }
    out
}

/// One form-encoded component; also what Java's `URLEncoder.encode` produces (Jenkins' `from=`).
pub fn form_component(text: &str) -> String {
    let mut out = String::new();
    encode_component(text, &mut out);
    out
}

fn encode_component(text: &str, out: &mut String) {
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(byte as char),
            b' ' => out.push('+'),
            _ => push_percent_encoded(byte, out),
        }
    }
}

/// `%` and the byte in two upper-case hex digits.
pub(crate) fn push_percent_encoded(byte: u8, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(HEX[usize::from(byte >> 4)] as char);
    out.push(HEX[usize::from(byte & 0xf)] as char);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoding_matches_browsers() {
        assert_eq!(
            form_encode(&[("newTokenName", "Chrome on Linux 2026-11-29"), ("x", "a&b=c/ü")]),
            "newTokenName=Chrome+on+Linux+2026-11-29&x=a%26b%3Dc%2F%C3%BC"
        );
        assert_eq!(form_encode(&[("n", "x'; System.exit(1); '${y}")]), "n=x%27%3B+System.exit%281%29%3B+%27%24%7By%7D");
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(basic_authorization("Jane Doe", "11ab"), "Basic SmFuZSBEb2U6MTFhYg==");
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
    }

    #[test]
    fn headers_are_found_case_insensitively() {
        let response = Response::new(200, vec![("X-Jenkins".into(), "2.555.1".into())], String::new());
        assert_eq!(response.header("x-jenkins"), Some("2.555.1"));
        assert_eq!(response.header("X-JENKINS"), Some("2.555.1"));
        assert_eq!(response.header("x-hudson"), None);
    }

    #[test]
    fn html_is_recognised_by_type_or_by_shape() {
        let typed = Response::new(200, vec![("Content-Type".into(), "text/html;charset=utf-8".into())], "x".into());
        assert!(typed.is_html());
        let untyped = Response::new(200, vec![], "\n  <!DOCTYPE html><html>".into());
        assert!(untyped.is_html());
        for (body, html) in [("<HEAD>", true), ("<htm", false), ("<!doctype htm", false), ("x<html>", false)] {
            assert_eq!(Response::new(200, vec![], body.into()).is_html(), html, "{body:?}");
        }
        let json = Response::new(200, vec![("content-type".into(), "application/json".into())], "{}".into());
        assert!(json.is_json() && !json.is_html());
        let upper = Response::new(200, vec![("Content-Type".into(), "Application/JSON".into())], "<html>".into());
        assert!(upper.is_json() && upper.is_html());
        let neither = Response::new(200, vec![("Content-Type".into(), "text/plain".into())], "{}".into());
        assert!(!neither.is_json() && !neither.is_html());
    }

    #[test]
    fn debug_output_hides_bodies_and_header_values() {
        let request = Request::get("https://ci/".into()).with_header("Authorization", "Basic c2VjcmV0");
        assert!(!format!("{request:?}").contains("c2VjcmV0"));
        let response = Response::new(200, vec![], "{\"tokenValue\":\"11aa\"}".into());
        assert!(!format!("{response:?}").contains("11aa"));
    }
}
