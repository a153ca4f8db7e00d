//! `/whoAmI/`: who the request runs as, readable by anyone.

use crate::encoding::json_string;
use crate::http::Response;
use crate::jenkins::Exchange;
use crate::pages;
use crate::pages::responses::API_JSON;

impl Exchange<'_> {
    /// `/whoAmI/api/json` (docs/jenkins.md#who-am-i): always reachable.
    pub fn who_am_i(&mut self, rest: &[&str], trailing_slash: bool) -> Response {
        let anonymous = self.auth.user_id().is_none();
        let authority = if anonymous { "anonymous" } else { "authenticated" };
        match rest {
            ["api", "json"] => {
                let mut body = format!(
                    "{{\"_class\":\"hudson.security.WhoAmI\",\"anonymous\":{anonymous},\"authenticated\":true,\"authorities\":[\"{authority}\"]"
                );
                let details = self.who_am_i_details();
                if let Some(details) = &details {
                    body.push_str(&format!(",\"details\":{}", json_string(details)));
                }
                body.push_str(&format!(",\"name\":{}", json_string(self.auth.name())));
                if let Some(details) = &details {
                    let token = if anonymous {
                        "org.acegisecurity.providers.anonymous.AnonymousAuthenticationToken@fffbf6f6"
                    } else {
                        "org.acegisecurity.providers.UsernamePasswordAuthenticationToken@a8d41ad7"
                    };
                    let to_string = format!(
                        "{token}: Username: {}; Password: [PROTECTED]; Authenticated: true; Details: {details}; Granted Authorities: {authority}",
                        self.auth.name()
                    );
                    body.push_str(&format!(",\"toString\":{}", json_string(&to_string)));
                }
                body.push('}');
                self.api_response(API_JSON, body)
            }
            [] if !trailing_slash => self.add_trailing_slash(),
            [] => {
                let name = self.auth.name().to_owned();
                let main = pages::who_am_i_main(&name, true, anonymous, &[authority]);
                self.page("Who Am I", "hudson.security.WhoAmI", main)
            }
            _ => self.not_found(),
        }
    }

    /// Before 2.219 `whoAmI` also exported the authentication details (docs/jenkins.md#who-am-i).
    fn who_am_i_details(&self) -> Option<String> {
        self.app.gates.whoami_details.then(|| {
            format!(
                "org.acegisecurity.ui.WebAuthenticationDetails@fffc7f0c: RemoteIpAddress: {}; SessionId: {}",
                self.client_ip(),
                self.session.as_deref().unwrap_or("null")
            )
        })
    }
}
