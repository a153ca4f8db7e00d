//! Reading Jenkins' answers: the shapes every endpoint shares (docs/jenkins.md#json-envelope, #crumb-filter,
//! #login-redirect-page), so each endpoint's parser only handles its own success case.

use crate::http::Response;
use crate::json::Json;
use crate::search;

/// Why a response is not the answer that was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// 403 "Authentication required" page that sends the browser to `/login?from=…`
    /// (docs/jenkins.md#login-redirect-page).
    LoginRequired,
    /// 403 "No valid crumb was included in the request" (docs/jenkins.md#crumb-filter).
    CrumbRejected,
    /// 403 with an empty body: the caller may not do this (docs/jenkins.md#generate-a-token).
    ForbiddenEmpty,
    /// Any other 403, e.g. the "Access Denied" page (docs/jenkins.md#access-denied-page).
    Forbidden,
    NotFound,
    ServerError(u16),
    UnexpectedStatus(u16),
    /// A web page where JSON was expected.
    NotJson {
        status: u16,
    },
    /// JSON that is broken or has the wrong shape; says what was wrong.
    Malformed(Detail),
    /// The answer does not come from Jenkins at all.
    NotJenkins,
}

/// What exactly was wrong with an answer that had the wrong shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detail {
    NotObject,
    /// Broken JSON, at this line and column.
    BrokenJson {
        line: usize,
        column: usize,
    },
    /// This text field is missing.
    NoField(&'static str),
    /// The crumb issuer's field is not a header name.
    CrumbField,
    /// The crumb is empty or not printable ASCII.
    CrumbValue,
    /// `status` is neither `ok` nor `error`.
    Status,
    /// No token data in an `ok` answer.
    NoData,
    /// A token value that is clearly not a token.
    TokenShape,
    /// A token list of a shape this extension does not know.
    ListUnknown,
    NotHtml,
    /// A configure page without the legacy token field.
    NoLegacyField,
    /// `changeToken`'s callback header is not JSON.
    Callback,
    /// The script console printed no token: its first line.
    ScriptOutput(String),
    /// The plugin list has no `plugins`.
    NoPlugins,
    /// `whoAmI` names a user whose id holds control characters (see `crate::formats`).
    ControlInUserId,
}

/// Classifies a response whose status is not the expected 200.
pub fn problem_with_status(response: &Response) -> Problem {
    match response.status {
        403 if search::contains(&response.body, "No valid crumb") => Problem::CrumbRejected,
        403 if is_login_page(response) => Problem::LoginRequired,
        403 if response.body.trim().is_empty() => Problem::ForbiddenEmpty,
        403 => Problem::Forbidden,
        404 => Problem::NotFound,
        500..=599 => Problem::ServerError(response.status),
        status => Problem::UnexpectedStatus(status),
    }
}

/// Jenkins' login redirect is a 403 page with a meta refresh to `login?from=` (docs/jenkins.md#login-redirect-page).
fn is_login_page(response: &Response) -> bool {
    search::contains(&response.body, "Authentication required") || search::contains(&response.body, "login?from=")
}

/// Parses a 200 JSON object body, telling a web page apart from broken JSON.
/// Fields are then read by hand rather than with `#[derive(Deserialize)]`: serde's typed errors pull
/// float formatting into the wasm for no benefit here (docs/performance.md, "Measured savings already in").
pub fn parse_json(response: &Response) -> Result<Json, Problem> {
    if response.status != 200 {
        return Err(problem_with_status(response));
    }
    if response.is_html() && !response.is_json() {
        return Err(Problem::NotJson { status: response.status });
    }
    match serde_json::from_str(&response.body) {
        Ok(object @ Json::Object(_)) => Ok(object),
        Ok(_) => Err(Problem::Malformed(Detail::NotObject)),
        Err(_) if response.is_html() => Err(Problem::NotJson { status: response.status }),
        Err(error) => Err(Problem::Malformed(Detail::BrokenJson { line: error.line(), column: error.column() })),
    }
}

/// A string field, or what is wrong with it.
pub fn string_field<'a>(object: &'a Json, name: &'static str) -> Result<&'a str, Problem> {
    object.get(name).and_then(Json::as_str).ok_or(Problem::Malformed(Detail::NoField(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, content_type: &str, body: &str) -> Response {
        Response::new(status, vec![("Content-Type".into(), content_type.into())], body.into())
    }

    #[test]
    fn forbidden_answers_are_told_apart() {
        let crumb = response(403, "text/html", "<title>Error 403 No valid crumb was included in the request</title>");
        assert_eq!(problem_with_status(&crumb), Problem::CrumbRejected);
        let login = response(
            403,
            "text/html;charset=UTF-8",
            "<html><head><meta http-equiv='refresh' content='1;url=/login?from=%2Fme'/></head><body>\nAuthentication required\n</body></html>",
        );
        assert_eq!(problem_with_status(&login), Problem::LoginRequired);
        assert_eq!(problem_with_status(&response(403, "", "")), Problem::ForbiddenEmpty);
        assert_eq!(problem_with_status(&response(403, "text/html", "<h1>Access Denied</h1>")), Problem::Forbidden);
        assert_eq!(problem_with_status(&response(404, "text/html", "")), Problem::NotFound);
        assert_eq!(problem_with_status(&response(502, "text/html", "")), Problem::ServerError(502));
        assert_eq!(problem_with_status(&response(401, "", "")), Problem::UnexpectedStatus(401));
    }

    #[test]
    fn json_parsing_distinguishes_pages_from_broken_json() {
        let ok = parse_json(&response(200, "application/json", "{\"status\":\"ok\"}")).unwrap();
        assert_eq!(string_field(&ok, "status"), Ok("ok"));
        assert!(matches!(string_field(&ok, "other"), Err(Problem::Malformed(_))));
        assert_eq!(
            parse_json(&response(200, "text/html", "<html></html>")).unwrap_err(),
            Problem::NotJson { status: 200 }
        );
        assert_eq!(
            parse_json(&response(200, "", "<!DOCTYPE html><p>proxy</p>")).unwrap_err(),
            Problem::NotJson { status: 200 }
        );
        assert!(matches!(
            parse_json(&response(200, "application/json", "{\"status\":")).unwrap_err(),
            Problem::Malformed(_)
        ));
        assert!(matches!(parse_json(&response(200, "application/json", "[1]")).unwrap_err(), Problem::Malformed(_)));
    }
}
