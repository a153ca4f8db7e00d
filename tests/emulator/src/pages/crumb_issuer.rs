//! `/crumbIssuer/api/json` and `/crumbIssuer/api/xml`: the crumb of the request's session and user.

use crate::encoding::json_string;
use crate::http::Response;
use crate::jenkins::Exchange;
use crate::pages::responses::{API_JSON, container_error};

impl Exchange<'_> {
    /// `/crumbIssuer/api/json|xml` (docs/jenkins.md#crumb-endpoint); a 404 when CSRF protection is off
    /// (docs/jenkins.md#csrf-protection-off).
    pub fn crumb_issuer(&mut self, rest: &[&str]) -> Response {
        if !self.app.csrf() {
            return self.not_found();
        }
        let field = self.app.config.crumb_field.clone();
        match rest {
            ["api", "json"] => {
                if self.param("jsonp").is_some() {
                    return container_error(
                        403,
                        Some("jsonp forbidden; implement jenkins.security.SecureRequester"),
                        &self.req.path,
                    );
                }
                let crumb = self.page_crumb();
                let body = format!(
                    "{{\"_class\":\"hudson.security.csrf.DefaultCrumbIssuer\",\"crumb\":{},\"crumbRequestField\":{}}}",
                    json_string(&crumb),
                    json_string(&field)
                );
                self.api_response(API_JSON, body)
            }
            ["api", "xml"] => {
                let crumb = self.page_crumb();
                let xpath = self.param("xpath").map(str::to_owned);
                self.crumb_issuer_xml(xpath.as_deref(), &crumb, &field)
            }
            _ => self.not_found(),
        }
    }

    /// `CrumbIssuer.RestrictedApi.doXml`: four special xpaths as plain text, the rest through the
    /// XML API, where a primitive result (`concat`, `text()`) is forbidden.
    fn crumb_issuer_xml(&self, xpath: Option<&str>, crumb: &str, field: &str) -> Response {
        let plain = |text: String| self.api_response("text/plain;charset=UTF-8", text);
        let xml = |text: String| self.api_response("application/xml;charset=UTF-8", text);
        let escape = crate::encoding::html_escape;
        let crumb_element = format!("<crumb>{}</crumb>", escape(crumb));
        let field_element = format!("<crumbRequestField>{}</crumbRequestField>", escape(field));
        let Some(xpath) = xpath else {
            return xml(format!(
                "<defaultCrumbIssuer _class=\"hudson.security.csrf.DefaultCrumbIssuer\">{crumb_element}{field_element}</defaultCrumbIssuer>"
            ));
        };
        let equals_allowed = field.starts_with('.') || field.contains('-');
        match xpath {
            "/*/crumbRequestField/text()" => return plain(field.to_owned()),
            "/*/crumb/text()" => return plain(crumb.to_owned()),
            "concat(//crumbRequestField,\":\",//crumb)" => {
                return plain(format!("{field}:{crumb}"));
            }
            "concat(//crumbRequestField,'=',//crumb)" if equals_allowed => {
                return plain(format!("{field}={crumb}"));
            }
            _ => {}
        }
        let compact: String = xpath.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.contains("concat(") || compact.contains("text()") || compact.starts_with("string(") {
            return container_error(
                403,
                Some("primitive XPath result sets forbidden; implement jenkins.security.SecureRequester"),
                &self.req.path,
            );
        }
        let element = compact
            .strip_prefix("//")
            .or_else(|| compact.strip_prefix("/*/"))
            .or_else(|| compact.strip_prefix("/defaultCrumbIssuer/"));
        match element {
            Some("crumb") => xml(crumb_element),
            Some("crumbRequestField") => xml(field_element),
            _ => Response::with_body(404, "text/plain;charset=UTF-8", format!("XPath {xpath} did not match")),
        }
    }
}
