//! Overall/Read and Overall/Administer, and what a request gets when it lacks one.

use crate::auth::users::find_by_id;
use crate::http::Response;
use crate::jenkins::Exchange;
use crate::pages::responses::container_error;
use crate::pages::{self, LayoutPage};

const IN_GROUP_DISABLED: &str =
    "JENKINS-39402: use -Dhudson.security.AccessDeniedException2.REPORT_GROUP_HEADERS=true or use /whoAmI to diagnose";

/// The two permissions the emulator checks (docs/jenkins.md#login-redirect-page, #access-denied-page).
#[derive(Debug, Clone, Copy)]
pub enum Permission {
    Read,
    Administer,
}

impl Permission {
    fn id(self) -> &'static str {
        match self {
            Permission::Read => "hudson.model.Hudson.Read",
            Permission::Administer => "hudson.model.Hudson.Administer",
        }
    }

    /// The `impliedBy` chain, reported as `X-Permission-Implied-By`.
    fn implied_by(self) -> &'static [&'static str] {
        match self {
            Permission::Read => &["hudson.security.Permission.GenericRead", "hudson.model.Hudson.Administer"],
            Permission::Administer => &[],
        }
    }

    fn title(self) -> &'static str {
        match self {
            Permission::Read => "Overall/Read",
            Permission::Administer => "Overall/Administer",
        }
    }
}

impl Exchange<'_> {
    pub fn current_user(&self) -> Option<usize> {
        self.auth.user_id().and_then(|id| find_by_id(&self.model.users, id))
    }

    /// Overall/Administer: the admin users only.
    pub fn is_admin(&self) -> bool {
        self.current_user().is_some_and(|i| self.model.users[i].admin)
    }

    pub fn has_read(&self) -> bool {
        self.auth.user_id().is_some() || self.app.config.anonymous_read
    }

    /// Whether the request runs as this user.
    pub fn runs_as(&self, owner: usize) -> bool {
        self.auth.user_id().is_some_and(|id| self.model.users[owner].is(id))
    }

    /// `u.checkPermission(Jenkins.ADMINISTER)`: the user themself or an admin (docs/jenkins.md#who-may-call).
    pub fn can_administer(&self, owner: usize) -> bool {
        self.runs_as(owner) || self.is_admin()
    }

    /// `hasCurrentUserRightToGenerateNewToken` (docs/jenkins.md#who-may-call): admins only with
    /// `adminCanGenerateNewTokens`.
    pub fn can_generate(&self, owner: usize) -> bool {
        (self.app.config.admin_can_generate && self.is_admin()) || self.runs_as(owner)
    }

    /// A failed permission check: the login redirect page for anonymous (docs/jenkins.md#login-redirect-page),
    /// Access Denied otherwise (docs/jenkins.md#access-denied-page).
    pub fn deny(&mut self, permission: Permission) -> Response {
        if self.auth.user_id().is_none() {
            self.authentication_required(Some(permission))
        } else {
            let name = self.auth.name().to_owned();
            let main = pages::access_denied_main(&format!("{name} is missing the {} permission", permission.title()));
            let page = LayoutPage { title: "", model_type: "hudson.model.Hudson", layout_type: "two-column", main };
            let response = self.layout(403, page);
            with_permission_headers(response, &name, permission)
        }
    }

    /// `HudsonAuthenticationEntryPoint` (docs/jenkins.md#login-redirect-page). `cause` is the failed permission
    /// check, if that was the reason (it adds the diagnostic headers and comment); `/me` for anonymous has
    /// none.
    pub fn authentication_required(&self, cause: Option<Permission>) -> Response {
        if self.req.header("x-requested-with") == Some("XMLHttpRequest") {
            return container_error(403, None, &self.req.path);
        }
        let login_url = self.login_url();
        let report = cause.map(|p| {
            let mut lines = format!(
                "You are authenticated as: anonymous\nGroups that you are in:\n  anonymous\n\
                 Permission you need to have (but didn't): {}\n",
                p.id()
            );
            for implied in p.implied_by() {
                lines.push_str(&format!(" ... which is implied by: {implied}\n"));
            }
            lines
        });
        let body = pages::authentication_required(&self.res_url(), &login_url, report.as_deref());
        let response = self.advertise(Response::with_body(403, "text/html;charset=UTF-8", body));
        match cause {
            Some(permission) => with_permission_headers(response, "anonymous", permission),
            None => response,
        }
    }
}

fn with_permission_headers(response: Response, name: &str, permission: Permission) -> Response {
    let mut response = response
        .header("X-You-Are-Authenticated-As", name)
        .header("X-You-Are-In-Group-Disabled", IN_GROUP_DISABLED)
        .header("X-Required-Permission", permission.id());
    for implied in permission.implied_by() {
        response = response.header("X-Permission-Implied-By", *implied);
    }
    response
}
