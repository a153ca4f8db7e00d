//! The Jenkins request pipeline, in the order of Jenkins' filter chain (docs/jenkins.md#crumb-filter):
//! context path → Basic/session authentication → crumb filter → Overall/Read check → Stapler-like routing.

use std::sync::MutexGuard;

use crate::app::{App, Model, lock};
use crate::auth::permissions::Permission;
use crate::auth::session::session_from_cookie;
use crate::auth::users::find_index;
use crate::auth::{Auth, authenticate};
use crate::cloudbees::CloudBees;
use crate::cloudbees::plugin_manager;
use crate::encoding::{java_url_encode, percent_decode};
use crate::http::{Request, Response};
use crate::pages;
use crate::pages::responses::{HTML, container_error, redirect};
use crate::pages::static_files;
use crate::tokens::script_console;

/// Handles a request that is not for the control API. Returns the response and the log's `auth`.
pub fn handle(app: &App, req: &Request) -> (Response, &'static str) {
    let ctx = app.config.context_path.as_str();
    let rest = if ctx.is_empty() {
        Some(req.path.as_str())
    } else {
        req.path.strip_prefix(ctx).filter(|r| r.is_empty() || r.starts_with('/'))
    };
    let Some(rest) = rest else {
        // Outside the web application: the bare container answers.
        let page = pages::container_error(404, "Not Found", &req.path, false);
        return (Response::with_body(404, HTML, page), "none");
    };
    if rest.is_empty() {
        // Jetty adds the slash to the context root.
        return (redirect(&format!("{ctx}/")), "none");
    }
    let Some(route) = Route::parse(rest) else {
        return (container_error(400, Some("Ambiguous URI path segment"), &req.path), "none");
    };
    if route.segments.first().is_some_and(|s| s == "www") {
        return (static_files::serve(app, req, &route.segments[1..], route.trailing_slash), "none");
    }

    let mut model = lock(&app.model);
    let session = session_from_cookie(app, &model, req);
    let Some(auth) = authenticate(app, &mut model, req, session.as_deref(), true) else {
        // BasicAuthenticationEntryPoint with realm "Jenkins" (docs/jenkins.md#who-am-i).
        let response = container_error(401, None, &req.path).header("WWW-Authenticate", "Basic realm=\"Jenkins\"");
        return (response, "basic-invalid");
    };
    let kind = auth.kind();
    let mut exchange = Exchange { app, req, params: req.params(), model, auth, session, set_cookies: Vec::new() };
    let response = exchange.dispatch(&route);
    (exchange.finish(response), kind)
}

impl Exchange<'_> {
    /// The crumb filter, then the always-readable paths, then everything that needs Overall/Read.
    fn dispatch(&mut self, route: &Route) -> Response {
        let segments = route.strs();
        let first = segments.first().copied().unwrap_or("");
        if self.is_post() && self.app.csrf() && self.crumb_filter_applies(first) {
            let field = &self.app.config.crumb_field;
            let submitted = self.req.header(field).or_else(|| self.param(field)).map(str::to_owned);
            if !self.crumb_is_valid(submitted.as_deref()) {
                return container_error(403, Some("No valid crumb was included in the request"), &self.req.path);
            }
        }
        match (first, segments.len()) {
            ("j_spring_security_check", 1) if self.is_post() => self.login_submit(),
            ("login", 1) if self.app.config.cloudbees == Some(CloudBees::Controller) => self.sso_login(),
            ("login", 1) => self.login_page(false),
            ("loginError", 1) => self.login_page(true),
            ("logout", 1) => self.logout(),
            ("whoAmI", _) => self.who_am_i(&segments[1..], route.trailing_slash),
            ("404" | "j_spring_security_check", _) => self.not_found(),
            _ => self.protected(route, &segments),
        }
    }

    /// `CrumbFilter` exclusions: the login POST (checked by the auth filter), API-token Basic auth,
    /// and `/cli` (docs/jenkins.md#crumb-filter).
    fn crumb_filter_applies(&self, first: &str) -> bool {
        !matches!(first, "j_spring_security_check" | "cli") && !matches!(self.auth, Auth::BasicToken(_))
    }

    /// Everything outside `ALWAYS_READABLE_PATHS` needs Overall/Read (`Jenkins.getTarget()`,
    /// docs/jenkins.md#login-redirect-page).
    fn protected(&mut self, route: &Route, segments: &[&str]) -> Response {
        if !self.has_read() {
            return self.deny(Permission::Read);
        }
        match segments {
            [] => self.page("Dashboard", "hudson.model.Hudson", pages::dashboard_main()),
            ["crumbIssuer", rest @ ..] => self.crumb_issuer(rest),
            ["scriptText"] => script_console::handle(self),
            ["pluginManager", rest @ ..] => plugin_manager::handle(self, rest),
            ["me", rest @ ..] => match self.current_user() {
                // `Jenkins.getMe()` throws for anonymous: always the login redirect (docs/jenkins.md#user-urls,
                // #login-redirect-page).
                None => self.authentication_required(None),
                Some(owner) => {
                    let owner_url = format!("{}/me", self.ctx());
                    self.user_routes(owner, &owner_url, rest, route.trailing_slash)
                }
            },
            ["user", name, rest @ ..] => match find_index(&self.model.users, name) {
                None => self.not_found(),
                Some(owner) => {
                    let owner_url = format!("{}/user/{}", self.ctx(), route.raw[1]);
                    self.user_routes(owner, &owner_url, rest, route.trailing_slash)
                }
            },
            _ => self.not_found(),
        }
    }
}

/// One request being handled, holding the model lock for its duration.
pub struct Exchange<'a> {
    pub app: &'a App,
    pub req: &'a Request,
    pub model: MutexGuard<'a, Model>,
    pub auth: Auth,
    /// The live session of this request, if any (created on demand).
    pub session: Option<String>,
    /// `Set-Cookie` values, added to the response by `finish`.
    pub set_cookies: Vec<String>,
    params: Vec<(String, String)>,
}

impl<'a> Exchange<'a> {
    pub fn ctx(&self) -> &'a str {
        &self.app.config.context_path
    }

    pub fn res_url(&self) -> String {
        format!("{}/static/{}", self.ctx(), self.app.instance.session_hash)
    }

    pub fn is_post(&self) -> bool {
        self.req.method == "POST"
    }

    /// A servlet request parameter (query string first, then the form body).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn host(&self) -> String {
        self.req.header("host").map_or_else(|| "127.0.0.1".to_owned(), str::to_owned)
    }

    /// `<ctx>/login?from=<this request>`: where a page sends anyone who has to log in first.
    pub fn login_url(&self) -> String {
        format!("{}/login?from={}", self.ctx(), java_url_encode(&self.req.uri_with_query()))
    }

    /// `Jenkins.getRootUrl()` from the request: `http://host<ctx>/`.
    pub fn root_url(&self) -> String {
        format!("http://{}{}/", self.host(), self.ctx())
    }

    pub fn client_ip(&self) -> String {
        self.req
            .header("x-forwarded-for")
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_owned())
            .unwrap_or_else(|| self.req.peer.ip().to_string())
    }

    /// Adds the `Set-Cookie` headers collected while handling.
    fn finish(self, mut response: Response) -> Response {
        for cookie in self.set_cookies {
            response.headers.push(("Set-Cookie".to_owned(), cookie));
        }
        response
    }
}

/// The path below the context path, split into segments.
struct Route {
    /// Percent-decoded segments.
    segments: Vec<String>,
    /// The same segments as sent (for URLs "as they appeared in the request", docs/jenkins.md#routing).
    raw: Vec<String>,
    trailing_slash: bool,
}

impl Route {
    /// `rest` starts with `/`. `None` for dot segments, which Jetty refuses.
    fn parse(rest: &str) -> Option<Route> {
        let inner = rest.strip_prefix('/').unwrap_or(rest);
        let trailing_slash = inner.is_empty() || inner.ends_with('/');
        let inner = inner.strip_suffix('/').unwrap_or(inner);
        let raw: Vec<String> =
            if inner.is_empty() { Vec::new() } else { inner.split('/').map(str::to_owned).collect() };
        let segments: Vec<String> = raw.iter().map(|s| percent_decode(s, false)).collect();
        if segments.iter().any(|s| s == "." || s == ".." || s.contains('\0')) {
            return None;
        }
        Some(Route { segments, raw, trailing_slash })
    }

    fn strs(&self) -> Vec<&str> {
        self.segments.iter().map(String::as_str).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        let r = Route::parse("/user/Jane%20Doe/").unwrap_or_else(|| unreachable!());
        assert_eq!(r.segments, ["user", "Jane Doe"]);
        assert_eq!(r.raw, ["user", "Jane%20Doe"]);
        assert!(r.trailing_slash);
        let r = Route::parse("/").unwrap_or_else(|| unreachable!());
        assert!(r.segments.is_empty());
        assert!(Route::parse("/www/%2e%2e/secret").is_none());
    }
}
