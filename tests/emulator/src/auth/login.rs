//! Signing in and out: the login form, its POST, `/logout`, and a CloudBees controller's SSO redirect.

use crate::auth::Auth;
use crate::auth::users::find_by_id;
use crate::cloudbees;
use crate::http::Response;
use crate::jenkins::Exchange;
use crate::pages::responses::redirect;
use crate::pages::{self, LoginPage};

impl Exchange<'_> {
    /// `/login` and `/loginError` (login.jelly): creates a session; the form carries the crumb.
    /// `loginError.jelly` answers an anonymous user 401 with the form and its error, and redirects a
    /// logged-in one to the root (docs/jenkins.md#login-form).
    pub fn login_page(&mut self, error: bool) -> Response {
        if error && self.current_user().is_some() {
            return redirect(&format!("{}/", self.ctx()));
        }
        self.ensure_session();
        let crumb = self.page_crumb();
        let res_url = self.res_url();
        let from = self.param("from").unwrap_or_default().to_owned();
        let html = pages::login(&LoginPage {
            root_url: self.ctx(),
            res_url: &res_url,
            error,
            from: &from,
            crumb_field: self.crumb_field(),
            crumb: &crumb,
        });
        self.html_page(if error { 401 } else { 200 }, html)
    }

    /// A CloudBees CI controller delegates its login to the operations center (docs/jenkins.md#cloudbees-ci):
    /// another origin, told which controller path to come back to. The form POST itself still works.
    pub fn sso_login(&self) -> Response {
        let back_to = login_target(self.ctx(), self.param("from").unwrap_or_default());
        redirect(&cloudbees::sso_login_location(&self.app.config.operations_center_url, &back_to))
    }

    /// `POST /j_spring_security_check` (docs/jenkins.md#crumb-filter, #login-redirect-page): crumb (2.541+),
    /// password, then a new session.
    pub fn login_submit(&mut self) -> Response {
        let failure = format!("{}/loginError", self.ctx());
        if self.app.csrf() && self.app.gates.login_needs_crumb {
            // AuthenticationProcessingFilter2 looks at the parameter first, then the header.
            let field = &self.app.config.crumb_field;
            let submitted = self.param(field).or_else(|| self.req.header(field)).map(str::to_owned);
            if !self.crumb_is_valid(submitted.as_deref()) {
                return redirect(&failure);
            }
        }
        let username = self.param("j_username").unwrap_or_default();
        let password = self.param("j_password").unwrap_or_default();
        let Some(index) = find_by_id(&self.model.users, username).filter(|&i| self.model.users[i].password == password)
        else {
            return redirect(&failure);
        };
        let user_id = self.model.users[index].id.clone();
        let target = login_target(self.ctx(), self.param("from").unwrap_or_default());
        // Session fixation protection: the old session ends, a new id is issued.
        if let Some(old) = self.session.take() {
            self.model.sessions.remove(&old);
        }
        let id = self.model.sessions.create(Some(user_id.clone()));
        self.set_session_cookie(&id);
        self.session = Some(id);
        self.auth = Auth::Session(user_id);
        redirect(&target)
    }

    /// `/logout`: ends the session, zaps the cookie, back to the root.
    pub fn logout(&mut self) -> Response {
        if let Some(id) = self.session.take() {
            self.model.sessions.remove(&id);
        }
        let had_cookie = self.req.cookies().iter().any(|(name, _)| *name == self.app.instance.cookie_name);
        if had_cookie {
            let path = self.cookie_path();
            self.set_cookies.push(format!(
                "{}=; Path={path}; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly",
                self.app.instance.cookie_name
            ));
        }
        redirect(&format!("{}/", self.ctx()))
    }
}

/// `AuthenticationSuccessHandler.determineTargetUrl` + Spring's redirect: `from` without the context
/// path, kept only if it is a local path (`Util.isSafeToRedirectTo`), then the context path again.
fn login_target(ctx: &str, from: &str) -> String {
    let stripped = from.strip_prefix(ctx).filter(|_| !ctx.is_empty()).unwrap_or(from);
    let normalized: String = stripped.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let local = normalized.starts_with('/') && !normalized.replace('\\', "/").contains("//");
    if local { format!("{ctx}{normalized}") } else { format!("{ctx}/") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_targets() {
        assert_eq!(login_target("/jenkins", "/jenkins/me/"), "/jenkins/me/");
        assert_eq!(login_target("/jenkins", "/me/"), "/jenkins/me/");
        assert_eq!(login_target("/jenkins", ""), "/jenkins/");
        assert_eq!(login_target("/jenkins", "//evil.example/"), "/jenkins/");
        assert_eq!(login_target("/jenkins", "https://evil.example/"), "/jenkins/");
        assert_eq!(login_target("", "/user/alice/security/"), "/user/alice/security/");
        assert_eq!(login_target("", "/\\evil"), "/");
    }
}
