//! Who is logged in, and which Jenkins answers: `GET /whoAmI/api/json` (docs/jenkins.md#who-am-i). It is always
//! reachable, even for anonymous users, and carries `X-Jenkins` like every `/api/*` answer
//! (docs/jenkins.md#identifying-headers).

use crate::json::Json;

use super::answer::{Detail, Problem, parse_json, problem_with_status, string_field};
use super::root::JenkinsRoot;
use super::version::Version;
use crate::http::{Request, Response};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identity {
    Anonymous,
    User(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhoAmI {
    pub identity: Identity,
    /// `None` when a proxy hides `X-Jenkins`; the `_class` still proves it is Jenkins.
    pub version: Option<Version>,
}

pub fn request(root: &JenkinsRoot) -> Request {
    Request::get(root.url("whoAmI/api/json"))
}

pub fn parse(response: &Response) -> Result<WhoAmI, Problem> {
    let version = response.header("x-jenkins").and_then(Version::parse);
    if response.status != 200 {
        // whoAmI is never protected: a refusal from a server that does not say it is Jenkins means
        // it is not Jenkins, but a failing server (or the proxy in front of it) may be Jenkins that is down.
        return Err(match version {
            None if response.status < 500 => Problem::NotJenkins,
            _ => problem_with_status(response),
        });
    }
    let json = match parse_json(response) {
        Ok(json) => json,
        Err(_) if version.is_none() => return Err(Problem::NotJenkins),
        Err(problem) => return Err(problem),
    };
    if version.is_none() && json.get("_class").and_then(Json::as_str) != Some("hudson.security.WhoAmI") {
        return Err(Problem::NotJenkins);
    }
    let name = string_field(&json, "name")?;
    // Anonymous is `"anonymous": true`; very old versions lack the flag but use the `anonymous` name and authority.
    let has_anonymous_authority = json
        .get("authorities")
        .and_then(Json::as_list)
        .is_some_and(|authorities| authorities.iter().any(|authority| authority.as_str() == Some("anonymous")));
    let anonymous = json.get("anonymous").and_then(Json::as_bool).unwrap_or(false)
        || (name == "anonymous" && has_anonymous_authority);
    // The id goes into shell and `.netrc` snippets and into config files: a control character there
    // could run a command or add an entry (see `crate::formats`). No real Jenkins id holds one.
    if crate::formats::has_control(name) {
        return Err(Problem::Malformed(Detail::ControlInUserId));
    }
    let identity = if anonymous { Identity::Anonymous } else { Identity::User(name.to_owned()) };
    Ok(WhoAmI { identity, version })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(version: Option<&str>, body: &str) -> Response {
        let mut headers = vec![("Content-Type".to_owned(), "application/json;charset=utf-8".to_owned())];
        if let Some(version) = version {
            headers.push(("X-Jenkins".to_owned(), version.to_owned()));
        }
        Response::new(200, headers, body.to_owned())
    }

    #[test]
    fn logged_in_user() {
        let who = parse(&answer(
            Some("2.555.1"),
            r#"{"_class":"hudson.security.WhoAmI","anonymous":false,"authenticated":true,"authorities":["authenticated"],"name":"alice"}"#,
        ))
        .unwrap();
        assert_eq!(who.identity, Identity::User("alice".into()));
        assert_eq!(who.version.unwrap().as_str(), "2.555.1");
    }

    #[test]
    fn anonymous_user_in_both_eras() {
        let modern = r#"{"_class":"hudson.security.WhoAmI","anonymous":true,"authenticated":true,"authorities":["anonymous"],"name":"anonymous"}"#;
        assert_eq!(parse(&answer(Some("2.555.1"), modern)).unwrap().identity, Identity::Anonymous);
        let old =
            r#"{"authenticated":true,"authorities":["anonymous"],"details":"x","name":"anonymous","toString":"y"}"#;
        assert_eq!(parse(&answer(Some("2.100"), old)).unwrap().identity, Identity::Anonymous);
    }

    #[test]
    fn a_user_named_anonymous_without_the_authority_is_a_user() {
        let body = r#"{"_class":"hudson.security.WhoAmI","anonymous":false,"authorities":["authenticated"],"name":"anonymous"}"#;
        assert_eq!(parse(&answer(Some("2.555.1"), body)).unwrap().identity, Identity::User("anonymous".into()));
    }

    #[test]
    fn hidden_version_is_still_jenkins_but_other_servers_are_not() {
        let body = r#"{"_class":"hudson.security.WhoAmI","anonymous":false,"authorities":[],"name":"alice"}"#;
        assert_eq!(parse(&answer(None, body)).unwrap().version, None);
        assert_eq!(parse(&answer(None, r#"{"name":"alice"}"#)).unwrap_err(), Problem::NotJenkins);
        let page = Response::new(404, vec![("Content-Type".into(), "text/html".into())], "<html>nope</html>".into());
        assert_eq!(parse(&page).unwrap_err(), Problem::NotJenkins);
        let html = Response::new(200, vec![("Content-Type".into(), "text/html".into())], "<html>shop</html>".into());
        assert_eq!(parse(&html).unwrap_err(), Problem::NotJenkins);
    }

    #[test]
    fn jenkins_that_answers_badly_is_reported_as_such() {
        assert!(matches!(parse(&answer(Some("2.555.1"), "{\"name\":")).unwrap_err(), Problem::Malformed(_)));
        let failing = Response::new(503, vec![("X-Jenkins".into(), "2.555.1".into())], String::new());
        assert_eq!(parse(&failing).unwrap_err(), Problem::ServerError(503));
        let proxy = Response::new(502, vec![], "Bad Gateway".into());
        assert_eq!(parse(&proxy).unwrap_err(), Problem::ServerError(502));
    }

    #[test]
    fn an_id_with_control_characters_is_refused() {
        for name in ["alice\nmachine evil", "x\u{1b}[201~", "a\u{9b}b"] {
            let body = format!(
                r#"{{"_class":"hudson.security.WhoAmI","anonymous":false,"name":{}}}"#,
                serde_json::json!(name)
            );
            assert_eq!(
                parse(&answer(Some("2.555.1"), &body)).unwrap_err(),
                Problem::Malformed(Detail::ControlInUserId)
            );
        }
    }
}
