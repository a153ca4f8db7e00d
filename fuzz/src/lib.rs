//! How fuzz inputs become the values the parsers take. Inputs are text, so the seeds in `seeds/` are
//! readable and libFuzzer's mutations (and the dictionary in `dict/`) work on the parts that matter:
//!
//! * a **response** is `status` on the first line, then `Name: value` header lines, an empty line
//!   and the body (what `Transport::send` hands the parsers: status, headers, body as lossy UTF-8);
//! * **fields** are strings separated by NUL bytes (`\0`), e.g. `url\0data-rooturl\0read error`.
//!
//! Each target in `src/bin/` is one file: it decodes its input with these helpers, calls the parser,
//! and asserts the parser's promises (not only "no panic").

use jenkins_api_token::http::Response;

/// The native `HtmlNode` the integration tests use (scraper), for the page parsers' targets.
#[path = "../../tests/support/html.rs"]
pub mod html;

/// Decodes `status\nName: value\n…\n\nbody`. A first line that is not a status reads as 200, so
/// random bytes still reach the body parsers.
pub fn response(data: &[u8]) -> Response {
    let text = String::from_utf8_lossy(data);
    let (status_line, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let status = status_line.trim().parse::<u16>().unwrap_or(200);
    let mut headers = Vec::new();
    let mut body = rest;
    while let Some((line, after)) = body.split_once('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            body = after;
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
        body = after;
    }
    Response::new(status, headers, body.to_owned())
}

/// Splits the input at NUL bytes into (lossy UTF-8) strings.
pub fn fields(data: &[u8]) -> Vec<String> {
    data.split(|&byte| byte == 0).map(|field| String::from_utf8_lossy(field).into_owned()).collect()
}

/// The `n`th field, if the input has that many.
pub fn field(fields: &[String], n: usize) -> Option<&str> {
    fields.get(n).map(String::as_str)
}

/// Decodes `application/x-www-form-urlencoded` the way Jenkins (the servlet container) does: `+` is
/// a space, `%XX` a byte. Returns `None` on a malformed escape, which our encoder must never produce.
pub fn form_decode(body: &str) -> Option<Vec<(String, String)>> {
    if body.is_empty() {
        return Some(Vec::new());
    }
    body.split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=')?;
            Some((decode_component(name)?, decode_component(value)?))
        })
        .collect()
}

fn decode_component(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text.get(index + 1..index + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                index += 2;
            }
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8(out).ok()
}

/// RFC 9110 `token` characters: what a header name may hold.
pub fn is_header_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_decode() {
        let response = response(b"403\nContent-Type: text/html\r\nX-Jenkins: 2.555.1\n\n<html>x\n\ny");
        assert_eq!(response.status, 403);
        assert_eq!(response.header("x-jenkins"), Some("2.555.1"));
        assert_eq!(response.body, "<html>x\n\ny");
        assert_eq!(super::response(b"garbage").status, 200);
    }

    #[test]
    fn forms_decode() {
        assert_eq!(form_decode("a=b+c&d=%26"), Some(vec![("a".into(), "b c".into()), ("d".into(), "&".into())]));
        assert_eq!(form_decode("a=%2"), None);
    }
}
