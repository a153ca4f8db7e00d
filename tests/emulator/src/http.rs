//! A small HTTP/1.1 server on `std::net`: one thread per connection, keep-alive,
//! `Content-Length` request bodies, and always a `Content-Length` on responses.
//! A handler may also ask for the connection to be closed without any answer (fault injection).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use crate::dates::Timestamp;
use crate::encoding::parse_form;

const MAX_LINE: u64 = 16 * 1024;
const MAX_HEADERS: usize = 100;
const MAX_BODY: usize = 16 * 1024 * 1024;
const IDLE_TIMEOUT: Duration = Duration::from_secs(120);

/// One parsed request.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The path exactly as sent (still percent-encoded), without the query.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub peer: SocketAddr,
}

impl Request {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// All cookies of every `Cookie` header, in order.
    pub fn cookies(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("cookie"))
            .flat_map(|(_, v)| v.split(';'))
            .filter_map(|c| {
                let (name, value) = c.trim().split_once('=')?;
                Some((name.trim().to_owned(), value.trim().trim_matches('"').to_owned()))
            })
            .collect()
    }

    /// The raw request URI with its query, as `HttpServletRequest.getRequestURI() + "?" + query`.
    pub fn uri_with_query(&self) -> String {
        match &self.query {
            Some(q) if !q.is_empty() => format!("{}?{q}", self.path),
            _ => self.path.clone(),
        }
    }

    /// Servlet request parameters: the query string first, then a form-urlencoded POST body.
    pub fn params(&self) -> Vec<(String, String)> {
        let mut params = self.query.as_deref().map(parse_form).unwrap_or_default();
        let is_form = self
            .header("content-type")
            .is_some_and(|ct| ct.trim().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
        if self.method == "POST" && is_form {
            params.extend(parse_form(&String::from_utf8_lossy(&self.body)));
        }
        params
    }
}

/// One response. `Content-Length`, `Date` and `Connection` are added when it is written.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// A reason phrase other than the standard one (Jetty puts `sendError` messages there).
    pub reason: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16) -> Response {
        Response { status, reason: None, headers: Vec::new(), body: Vec::new() }
    }

    pub fn with_body(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response::new(status).header("Content-Type", content_type).body(body)
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Response {
        self.body = body.into();
        self
    }

    pub fn reason(mut self, reason: &str) -> Response {
        self.reason = Some(reason.to_owned());
        self
    }
}

/// What the handler wants done with a request.
pub enum Outcome {
    Respond(Response),
    /// Close the connection without writing anything.
    Drop,
    /// Write the head and half the body, then close: the connection broke mid-answer.
    Cut(Response),
}

pub type Handler = Arc<dyn Fn(&Request) -> Outcome + Send + Sync>;

/// Accepts connections forever on a background thread.
pub fn serve(listener: TcpListener, handler: Handler) -> io::Result<()> {
    thread::Builder::new().name("emulator-accept".into()).spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else {
                // e.g. out of file descriptors: back off instead of spinning.
                thread::sleep(Duration::from_millis(10));
                continue;
            };
            let handler = Arc::clone(&handler);
            let _ =
                thread::Builder::new().name("emulator-conn".into()).spawn(move || serve_connection(stream, &handler));
        }
    })?;
    Ok(())
}

/// A request the server itself refuses (malformed, too large, unsupported framing).
struct Refusal {
    status: u16,
    message: &'static str,
}

fn refuse(status: u16, message: &'static str) -> Refusal {
    Refusal { status, message }
}

enum ReadResult {
    Request(Request, bool),
    Closed,
    Refused(Refusal),
}

fn serve_connection(stream: TcpStream, handler: &Handler) {
    let Ok(peer) = stream.peer_addr() else { return };
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let Ok(write_half) = stream.try_clone() else {
        return;
    };
    let mut writer = write_half;
    let mut reader = BufReader::new(stream);
    loop {
        let (request, keep_alive) = match read_request(&mut reader, &mut writer, peer) {
            ReadResult::Request(request, keep_alive) => (request, keep_alive),
            ReadResult::Closed => return,
            ReadResult::Refused(refusal) => {
                let response =
                    Response::with_body(refusal.status, "text/plain;charset=utf-8", format!("{}\n", refusal.message));
                let _ = write_response(&mut writer, &response, false, false);
                let _ = writer.shutdown(Shutdown::Both);
                return;
            }
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| handler(&request))).unwrap_or_else(|_| {
            Outcome::Respond(Response::with_body(500, "text/plain;charset=utf-8", "internal emulator error\n"))
        });
        match outcome {
            Outcome::Respond(response) => {
                let head_only = request.method == "HEAD";
                if write_response(&mut writer, &response, keep_alive, head_only).is_err() || !keep_alive {
                    let _ = writer.shutdown(Shutdown::Both);
                    return;
                }
            }
            Outcome::Drop => {
                let _ = writer.shutdown(Shutdown::Both);
                return;
            }
            Outcome::Cut(response) => {
                let mut bytes = response_bytes(&response, keep_alive, false);
                bytes.truncate(bytes.len() - response.body.len() / 2 - 1);
                let _ = writer.write_all(&bytes).and_then(|()| writer.flush());
                let _ = writer.shutdown(Shutdown::Both);
                return;
            }
        }
    }
}

/// Reads one line (without its CR LF). `Ok(None)` on a clean end of stream.
fn read_line(reader: &mut BufReader<TcpStream>) -> Result<Option<String>, Refusal> {
    let mut line = Vec::new();
    match reader.by_ref().take(MAX_LINE).read_until(b'\n', &mut line) {
        Ok(0) => Ok(None),
        Ok(_) if line.last() != Some(&b'\n') => {
            if line.len() as u64 >= MAX_LINE {
                Err(refuse(431, "Request header too large"))
            } else {
                Ok(None) // the peer went away mid-line
            }
        }
        Ok(_) => {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            String::from_utf8(line).map(Some).map_err(|_| refuse(400, "Request header is not UTF-8"))
        }
        Err(_) => Ok(None),
    }
}

fn read_request(reader: &mut BufReader<TcpStream>, writer: &mut TcpStream, peer: SocketAddr) -> ReadResult {
    // Tolerate empty lines between pipelined requests (RFC 9112 §2.2).
    let request_line = loop {
        match read_line(reader) {
            Ok(None) => return ReadResult::Closed,
            Ok(Some(line)) if line.is_empty() => continue,
            Ok(Some(line)) => break line,
            Err(refusal) => return ReadResult::Refused(refusal),
        }
    };
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return ReadResult::Refused(refuse(400, "Malformed request line"));
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return ReadResult::Refused(refuse(400, "Malformed method"));
    }
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return ReadResult::Refused(refuse(505, "HTTP version not supported")),
    };
    let Some(origin_form) = origin_form(target) else {
        return ReadResult::Refused(refuse(400, "Malformed request target"));
    };
    let (path, query) = match origin_form.split_once('?') {
        Some((p, q)) => (p.to_owned(), Some(q.to_owned())),
        None => (origin_form.to_owned(), None),
    };

    let mut headers = Vec::new();
    loop {
        match read_line(reader) {
            Ok(None) => return ReadResult::Closed,
            Ok(Some(line)) if line.is_empty() => break,
            Ok(Some(line)) => {
                let Some((name, value)) = line.split_once(':') else {
                    return ReadResult::Refused(refuse(400, "Malformed header"));
                };
                if name.is_empty() || name.contains(|c: char| c.is_whitespace()) {
                    return ReadResult::Refused(refuse(400, "Malformed header name"));
                }
                headers.push((name.to_owned(), value.trim().to_owned()));
                if headers.len() > MAX_HEADERS {
                    return ReadResult::Refused(refuse(431, "Too many headers"));
                }
            }
            Err(refusal) => return ReadResult::Refused(refusal),
        }
    }
    let header = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());

    if header("transfer-encoding").is_some() {
        return ReadResult::Refused(refuse(501, "Only Content-Length request bodies are supported"));
    }
    let lengths: Vec<&String> =
        headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("content-length")).map(|(_, v)| v).collect();
    let content_length = match lengths.as_slice() {
        [] => 0,
        [first, rest @ ..] if rest.iter().all(|v| v == first) => match first.parse::<usize>() {
            Ok(n) if n <= MAX_BODY => n,
            Ok(_) => return ReadResult::Refused(refuse(413, "Request body too large")),
            Err(_) => return ReadResult::Refused(refuse(400, "Malformed Content-Length")),
        },
        _ => return ReadResult::Refused(refuse(400, "Conflicting Content-Length headers")),
    };
    if content_length > 0
        && header("expect").is_some_and(|e| e.eq_ignore_ascii_case("100-continue"))
        && writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").is_err()
    {
        return ReadResult::Closed;
    }
    let mut body = vec![0u8; content_length];
    if reader.read_exact(&mut body).is_err() {
        return ReadResult::Closed;
    }

    let connection = header("connection").unwrap_or_default().to_ascii_lowercase();
    let keep_alive = if http10 { connection.contains("keep-alive") } else { !connection.contains("close") };
    let request = Request { method: method.to_owned(), path, query, headers, body, peer };
    ReadResult::Request(request, keep_alive)
}

/// Accepts origin-form (`/a?b`) and absolute-form (`http://host/a?b`) targets.
fn origin_form(target: &str) -> Option<&str> {
    if target.starts_with('/') {
        return Some(target);
    }
    let rest = target.strip_prefix("http://").or_else(|| target.strip_prefix("https://"))?;
    match rest.find(['/', '?']) {
        Some(i) if rest[i..].starts_with('/') => Some(&rest[i..]),
        _ => None,
    }
}

pub fn standard_reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

fn write_response(writer: &mut TcpStream, response: &Response, keep_alive: bool, head_only: bool) -> io::Result<()> {
    writer.write_all(&response_bytes(response, keep_alive, head_only))?;
    writer.flush()
}

fn response_bytes(response: &Response, keep_alive: bool, head_only: bool) -> Vec<u8> {
    let reason: String = response
        .reason
        .as_deref()
        .unwrap_or_else(|| standard_reason(response.status))
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut head = format!("HTTP/1.1 {} {reason}\r\n", response.status);
    head.push_str(&format!("Date: {}\r\n", Timestamp::now().http_date()));
    for (name, value) in &response.headers {
        let value: String = value.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    head.push_str(if keep_alive { "Connection: keep-alive\r\n\r\n" } else { "Connection: close\r\n\r\n" });
    let mut bytes = head.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::origin_form;

    #[test]
    fn request_targets() {
        assert_eq!(origin_form("/a?b"), Some("/a?b"));
        assert_eq!(origin_form("http://h:1/a?b"), Some("/a?b"));
        assert_eq!(origin_form("http://h:1?b"), None);
        assert_eq!(origin_form("*"), None);
    }
}
