//! Proving a new token works: `GET /whoAmI/api/json` with Basic `user:token` and no cookies, so the
//! answer depends on the token alone (docs/jenkins.md#basic-auth-with-a-token: a bad token is a 401).

use crate::json::Json;

use super::answer::{Problem, parse_json, problem_with_status};
use super::root::JenkinsRoot;
use super::token::TokenValue;
use crate::http::{Request, Response, basic_authorization};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Jenkins authenticated the token as this user.
    Works { user: String },
    /// Jenkins answered, but not as the token's owner (e.g. anonymous).
    Ignored { answered_as: String },
    /// 401: Jenkins rejected the token.
    Rejected,
}

pub fn request(root: &JenkinsRoot, user: &str, token: &TokenValue) -> Request {
    Request::get(root.url("whoAmI/api/json"))
        .with_header("Authorization", &basic_authorization(user, token.expose()))
        .without_session()
}

pub fn parse(response: &Response, user: &str) -> Result<Verdict, Problem> {
    if response.status == 401 {
        return Ok(Verdict::Rejected);
    }
    if response.status != 200 {
        return Err(problem_with_status(response));
    }
    let who = parse_json(response)?;
    let name = who.get("name").and_then(Json::as_str).unwrap_or_default();
    let anonymous = who.get("anonymous").and_then(Json::as_bool).unwrap_or(name == "anonymous");
    if anonymous || name != user {
        return Ok(Verdict::Ignored { answered_as: name.to_owned() });
    }
    Ok(Verdict::Works { user: name.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jenkins::root::PageInfo;

    fn root() -> JenkinsRoot {
        JenkinsRoot::from_page(&PageInfo::at("https://ci/", "")).unwrap()
    }

    #[test]
    fn the_check_carries_the_token_and_no_session() {
        let token = TokenValue::parse("110123456789abcdef0123456789abcdef").unwrap();
        let request = request(&root(), "alice", &token);
        assert_eq!(request.url, "https://ci/whoAmI/api/json");
        assert!(!request.with_session);
        assert_eq!(request.headers, vec![("Authorization".into(), basic_authorization("alice", token.expose()))]);
    }

    #[test]
    fn verdicts() {
        let json =
            |body: &str| Response::new(200, vec![("Content-Type".into(), "application/json".into())], body.into());
        assert_eq!(
            parse(&json(r#"{"anonymous":false,"name":"alice"}"#), "alice"),
            Ok(Verdict::Works { user: "alice".into() })
        );
        assert_eq!(
            parse(&json(r#"{"anonymous":true,"name":"anonymous"}"#), "alice"),
            Ok(Verdict::Ignored { answered_as: "anonymous".into() })
        );
        assert_eq!(parse(&Response::new(401, vec![], String::new()), "alice"), Ok(Verdict::Rejected));
        assert_eq!(parse(&Response::new(503, vec![], String::new()), "alice"), Err(Problem::ServerError(503)));
        let works = Verdict::Works { user: "alice".into() };
        assert!(crate::messages::english(&crate::messages::verdict(&works)).contains("as alice"));
    }
}
