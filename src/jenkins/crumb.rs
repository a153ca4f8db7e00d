//! The CSRF crumb: `GET /crumbIssuer/api/json` with the session cookie (docs/jenkins.md#crumb-issuer). A 404 means the
//! crumb issuer is off, so POSTs need no crumb.

use super::answer::{Detail, Problem, parse_json, problem_with_status, string_field};
use super::root::JenkinsRoot;
use crate::http::{Request, Response};

/// A crumb and the header that carries it (`Jenkins-Crumb` unless configured otherwise).
#[derive(Clone, PartialEq, Eq)]
pub struct Crumb {
    pub field: String,
    pub value: String,
}

/// The crumb is bound to the user's session; keep it out of debug output.
impl std::fmt::Debug for Crumb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Crumb").field("field", &self.field).finish_non_exhaustive()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CrumbAnswer {
    Crumb(Crumb),
    /// CSRF protection is off: send POSTs without a crumb.
    CsrfOff,
}

pub fn request(root: &JenkinsRoot) -> Request {
    Request::get(root.url("crumbIssuer/api/json"))
}

pub fn parse(response: &Response) -> Result<CrumbAnswer, Problem> {
    if response.status == 404 {
        return Ok(CrumbAnswer::CsrfOff);
    }
    if response.status != 200 {
        return Err(problem_with_status(response));
    }
    let json = parse_json(response)?;
    let field = string_field(&json, "crumbRequestField")?;
    let value = string_field(&json, "crumb")?;
    // Both end up in a request header, which the browser refuses unless they are well-formed.
    if !is_header_name(field) {
        return Err(Problem::Malformed(Detail::CrumbField));
    }
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Problem::Malformed(Detail::CrumbValue));
    }
    Ok(CrumbAnswer::Crumb(Crumb { field: field.to_owned(), value: value.to_owned() }))
}

/// RFC 9110 `token`: the characters allowed in a header name.
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 256
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

impl Request {
    /// Adds the crumb header, when there is a crumb.
    pub fn with_crumb(self, crumb: Option<&Crumb>) -> Request {
        match crumb {
            Some(crumb) => self.with_header(&crumb.field, &crumb.value),
            None => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(body: &str) -> Response {
        Response::new(200, vec![("Content-Type".into(), "application/json;charset=utf-8".into())], body.into())
    }

    #[test]
    fn reads_the_crumb_and_its_field() {
        let answer = parse(&json(
            r#"{"_class":"hudson.security.csrf.DefaultCrumbIssuer","crumb":"bc92944100d12780cfc251c9255f3f323a475562b4ee0d8b9cc6e4121f50a450","crumbRequestField":"Jenkins-Crumb"}"#,
        ))
        .unwrap();
        let CrumbAnswer::Crumb(crumb) = answer else { panic!("no crumb") };
        assert_eq!(crumb.field, "Jenkins-Crumb");
        assert_eq!(crumb.value.len(), 64);
        // A custom field name (hudson.security.csrf.requestfield) and an old 32-hex MD5 crumb.
        let answer =
            parse(&json(r#"{"crumb":"03a97f9f8d0071148f82da4d057790f9","crumbRequestField":".crumb"}"#)).unwrap();
        assert_eq!(
            answer,
            CrumbAnswer::Crumb(Crumb { field: ".crumb".into(), value: "03a97f9f8d0071148f82da4d057790f9".into() })
        );
    }

    #[test]
    fn not_found_means_csrf_protection_is_off() {
        let page =
            Response::new(404, vec![("Content-Type".into(), "text/html".into())], "<html>Not found</html>".into());
        assert_eq!(parse(&page).unwrap(), CrumbAnswer::CsrfOff);
    }

    #[test]
    fn refuses_crumbs_that_cannot_be_sent() {
        for body in [
            r#"{"crumb":"abc","crumbRequestField":"Jenkins Crumb"}"#,
            r#"{"crumb":"abc","crumbRequestField":"X\r\nEvil: 1"}"#,
            r#"{"crumb":"a\nb","crumbRequestField":"Jenkins-Crumb"}"#,
            r#"{"crumb":"","crumbRequestField":"Jenkins-Crumb"}"#,
        ] {
            assert!(matches!(parse(&json(body)), Err(Problem::Malformed(_))), "{body}");
        }
    }

    #[test]
    fn anonymous_without_read_gets_the_login_page() {
        let page = Response::new(403, vec![], "<html>…url=/login?from=%2FcrumbIssuer…Authentication required".into());
        assert_eq!(parse(&page).unwrap_err(), Problem::LoginRequired);
    }

    #[test]
    fn the_crumb_never_shows_in_debug_output() {
        let crumb = Crumb { field: "Jenkins-Crumb".into(), value: "secretcrumb".into() };
        assert!(!format!("{crumb:?}").contains("secretcrumb"));
    }
}
