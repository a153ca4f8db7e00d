//! Test helpers: an in-process emulator and a tiny raw HTTP/1.1 client with a cookie jar.
//! A raw client lets the tests see exactly what went over the wire: repeated headers, reason
//! phrases, and connections closed without an answer.

#![allow(dead_code)] // each test binary uses a different subset

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use jenkins_emulator::{Config, Emulator};
// The extension's own encoders, so these tests send exactly what the extension sends.
pub use jenkins_api_token::http::{base64, form_encode};
use serde_json::Value;

pub const TOKEN_METHODS: &str = "descriptorByName/jenkins.security.ApiTokenProperty";
/// `generateNewToken` of the logged-in user, on a root deployment.
pub const GENERATE: &str = "/me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken";

pub fn start(config: Config) -> Emulator {
    Emulator::start(config).expect("emulator starts")
}

pub fn start_version(version: &str) -> Emulator {
    start(Config { version: version.to_owned(), ..Config::default() })
}

/// One answer as received.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn headers_named(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

fn parse_reply(bytes: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("a complete response head");
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("a status line");
    let mut parts = status_line.splitn(3, ' ');
    assert_eq!(parts.next(), Some("HTTP/1.1"));
    let status = parts.next().and_then(|s| s.parse().ok()).expect("a status code");
    let reason = parts.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (k, v) = l.split_once(':').expect("a header line");
            (k.to_owned(), v.trim().to_owned())
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .expect("every response has a Content-Length");
    assert_eq!(body.len(), length, "Content-Length matches the body");
    Reply { status, reason, headers, body: body.to_owned() }
}

/// Sends raw bytes on a fresh connection and reads until the server closes it.
/// `None` when the server closed the connection without answering.
pub fn raw_exchange(port: u16, request: &[u8]) -> Option<Vec<u8>> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    stream.write_all(request).expect("write");
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    if bytes.is_empty() { None } else { Some(bytes) }
}

/// A browser-like client: remembers cookies, sends `Connection: close` on every request.
#[derive(Debug, Clone)]
pub struct Client {
    pub port: u16,
    pub cookies: BTreeMap<String, String>,
    pub extra_headers: Vec<(String, String)>,
}

impl Client {
    pub fn new(emulator: &Emulator) -> Client {
        Client { port: emulator.port(), cookies: BTreeMap::new(), extra_headers: Vec::new() }
    }

    /// With `Authorization: Basic base64(user:secret)` on every request.
    pub fn basic(emulator: &Emulator, user: &str, secret: &str) -> Client {
        let mut client = Client::new(emulator);
        client
            .extra_headers
            .push(("Authorization".into(), format!("Basic {}", base64(format!("{user}:{secret}").as_bytes()))));
        client
    }

    pub fn cookie_header(&self) -> Option<String> {
        if self.cookies.is_empty() {
            None
        } else {
            Some(self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; "))
        }
    }

    fn build(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n", self.port);
        if let Some(cookie) = self.cookie_header() {
            request.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        for (k, v) in &self.extra_headers {
            request.push_str(&format!("{k}: {v}\r\n"));
        }
        for (k, v) in headers {
            request.push_str(&format!("{k}: {v}\r\n"));
        }
        if method == "POST" || !body.is_empty() {
            request.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        request.push_str("\r\n");
        request.push_str(body);
        request.into_bytes()
    }

    fn remember_cookies(&mut self, reply: &Reply) {
        for set_cookie in reply.headers_named("set-cookie") {
            let pair = set_cookie.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                if value.is_empty() || set_cookie.contains("Max-Age=0") {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_owned(), value.to_owned());
                }
            }
        }
    }

    /// `None` when the connection was closed without an answer.
    pub fn try_request(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Option<Reply> {
        let bytes = raw_exchange(self.port, &self.build(method, path, headers, body))?;
        let reply = parse_reply(&bytes);
        self.remember_cookies(&reply);
        Some(reply)
    }

    pub fn request(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        self.try_request(method, path, headers, body).unwrap_or_else(|| panic!("{method} {path}: no answer"))
    }

    pub fn get(&mut self, path: &str) -> Reply {
        self.request("GET", path, &[], "")
    }

    pub fn get_with(&mut self, path: &str, headers: &[(&str, &str)]) -> Reply {
        self.request("GET", path, headers, "")
    }

    /// POST `application/x-www-form-urlencoded`.
    pub fn post_form(&mut self, path: &str, form: &[(&str, &str)], headers: &[(&str, &str)]) -> Reply {
        self.try_post_form(path, form, headers).unwrap_or_else(|| panic!("POST {path}: no answer"))
    }

    /// `post_form`, but `None` when the connection was closed without an answer.
    pub fn try_post_form(&mut self, path: &str, form: &[(&str, &str)], headers: &[(&str, &str)]) -> Option<Reply> {
        let mut all = vec![("Content-Type", "application/x-www-form-urlencoded")];
        all.extend_from_slice(headers);
        self.try_request("POST", path, &all, &form_encode(form))
    }

    /// Submits the login form as its page does: user, password, `from` and the hidden crumb.
    pub fn post_login_form(&mut self, ctx: &str, user: &str, password: &str, from: &str, crumb: &str) -> Reply {
        self.post_form(
            &format!("{ctx}/j_spring_security_check"),
            &[("j_username", user), ("j_password", password), ("from", from), ("Jenkins-Crumb", crumb)],
            &[],
        )
    }

    /// A crumb from `/crumbIssuer/api/json` (creating a session if needed).
    pub fn crumb(&mut self, ctx: &str) -> String {
        let reply = self.get(&format!("{ctx}/crumbIssuer/api/json"));
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()["crumb"].as_str().expect("crumb").to_owned()
    }

    /// POST with the crumb in the `Jenkins-Crumb` header, like `crumb.wrap` (docs/jenkins.md#jenkins-ui-requests).
    pub fn post_with_crumb(&mut self, ctx: &str, path: &str, form: &[(&str, &str)]) -> Reply {
        let crumb = self.crumb(ctx);
        self.post_form(path, form, &[("Jenkins-Crumb", &crumb)])
    }

    /// The session cookie's value, if any.
    pub fn session_cookie(&self, emulator: &Emulator) -> Option<String> {
        self.cookies.get(&emulator.session_cookie_name()).cloned()
    }
}

/// Logs in through the form like a browser: `GET /login`, then the form with its hidden crumb.
pub fn login(emulator: &Emulator, ctx: &str, user: &str, password: &str) -> Client {
    let mut client = Client::new(emulator);
    let page = client.get(&format!("{ctx}/login"));
    let crumb = hidden_input(&page.body, "Jenkins-Crumb").unwrap_or_default();
    let reply = client.post_login_form(ctx, user, password, "", &crumb);
    assert_eq!(reply.status, 302);
    assert_eq!(reply.header("location"), Some(format!("{ctx}/").as_str()), "login of {user} failed");
    client
}

/// `emulator`, with `user` logged in through the form at `ctx`: a built-in user, whose password is their id.
pub fn with_user(emulator: Emulator, ctx: &str, user: &str) -> (Emulator, Client) {
    let client = login(&emulator, ctx, user, user);
    (emulator, client)
}

/// Mints a token for the logged-in client through `/me`.
pub fn mint(client: &mut Client, ctx: &str, name: &str) -> Value {
    let reply =
        client.post_with_crumb(ctx, &format!("{ctx}/me/{TOKEN_METHODS}/generateNewToken"), &[("newTokenName", name)]);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let json = reply.json();
    assert_eq!(json["status"], "ok", "{}", reply.body);
    json["data"].clone()
}

/// The `value` of `<input type="hidden" name="NAME" value="…">`.
pub fn hidden_input(html: &str, name: &str) -> Option<String> {
    attribute_after(html, &format!("name=\"{name}\" value=\""))
}

/// The text after `marker` up to the next `"`.
pub fn attribute_after(html: &str, marker: &str) -> Option<String> {
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

/// The value of attribute `name` in the first tag containing `needle`.
pub fn attribute_of_tag(html: &str, needle: &str, name: &str) -> Option<String> {
    let at = html.find(needle)?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = html[at..].find('>')? + at;
    attribute_after(&html[tag_start..tag_end], &format!(" {name}=\""))
}

/// Every occurrence of `marker` followed by a value up to `"`.
pub fn all_attributes_after(html: &str, marker: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(marker) {
        rest = &rest[i + marker.len()..];
        if let Some(end) = rest.find('"') {
            values.push(rest[..end].to_owned());
        }
    }
    values
}

/// The user's tokens as the control API lists them.
pub fn tokens_of(emulator: &Emulator, user: &str) -> Vec<Value> {
    control_get(emulator, &format!("users/{user}/tokens")).as_array().cloned().unwrap_or_default()
}

pub fn control_get(emulator: &Emulator, path: &str) -> Value {
    let reply = Client::new(emulator).get(&format!("/__emulator/{path}"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

pub fn control_post(emulator: &Emulator, path: &str, json: &Value) -> Value {
    let reply = Client::new(emulator).request(
        "POST",
        &format!("/__emulator/{path}"),
        &[("Content-Type", "application/json")],
        &json.to_string(),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

pub fn is_lower_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

pub fn is_uuid_v4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && parts.iter().all(|p| is_lower_hex(p, p.len()))
        && parts[2].starts_with('4')
        && matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b')
}

/// Starts the emulator's binary with `args` and reads the first line it prints: the listening line.
pub fn spawn_binary(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jenkins-emulator"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("line");
    (child, line)
}
