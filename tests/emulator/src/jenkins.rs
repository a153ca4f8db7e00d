//! The Jenkins request pipeline, in the order of Jenkins' filter chain (CONTRACT §4.3):
//! context path → Basic/session authentication → crumb filter → Overall/Read check → Stapler-like routing.

use std::sync::MutexGuard;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::api_token;
use crate::app::{App, Model, lock};
use crate::cloudbees::{self, CloudBees};
use crate::crumb::{self, CrumbInputs};
use crate::encoding::{java_url_encode, json_string, percent_decode};
use crate::http::{Request, Response};
use crate::pages::{self, Chrome, HeaderUser, LayoutPage, LoginPage};
use crate::plugin_manager;
use crate::random;
use crate::script_console;
use crate::session::cookie_value;
use crate::static_files;
use crate::token_pages::{self, TokenSection};
use crate::users::{find_by_id, find_index};

const HTML: &str = "text/html;charset=utf-8";
const API_JSON: &str = "application/json;charset=utf-8";
const IN_GROUP_DISABLED: &str =
    "JENKINS-39402: use -Dhudson.security.AccessDeniedException2.REPORT_GROUP_HEADERS=true or use /whoAmI to diagnose";

/// Who the request runs as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    Anonymous,
    /// Logged in through the form; the session holds the user id.
    Session(String),
    /// Basic auth with a live API token: exempt from crumbs (§4.3 `ApiCrumbExclusion`).
    BasicToken(String),
    /// Basic auth with the password: still needs a session crumb for POSTs.
    BasicPassword(String),
}

impl Auth {
    pub fn user_id(&self) -> Option<&str> {
        match self {
            Auth::Anonymous => None,
            Auth::Session(id) | Auth::BasicToken(id) | Auth::BasicPassword(id) => Some(id),
        }
    }

    /// `Authentication.getName()`.
    pub fn name(&self) -> &str {
        self.user_id().unwrap_or("anonymous")
    }

    /// The `auth` field of the request log.
    pub fn kind(&self) -> &'static str {
        match self {
            Auth::Anonymous => "none",
            Auth::Session(_) => "session",
            Auth::BasicToken(_) => "basic-token",
            Auth::BasicPassword(_) => "basic-password",
        }
    }
}

/// The two permissions the emulator checks (CONTRACT §6.3, §6.4).
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

/// The path below the context path, split into segments.
struct Route {
    /// Percent-decoded segments.
    segments: Vec<String>,
    /// The same segments as sent (for URLs "as they appeared in the request", §1.1).
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

enum Basic {
    Absent,
    Invalid,
    Token(usize),
    Password(usize),
}

/// `BasicHeaderProcessor`: API token first, then the password (§6.1, §9).
fn check_basic(app: &App, model: &mut Model, req: &Request, count_usage: bool) -> Basic {
    let Some(header) = req.header("authorization") else {
        return Basic::Absent;
    };
    let Some((scheme, encoded)) = header.trim().split_once(' ') else {
        return Basic::Absent;
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Basic::Absent;
    }
    let Some(text) = BASE64.decode(encoded.trim()).ok().and_then(|b| String::from_utf8(b).ok()) else {
        return Basic::Invalid;
    };
    let Some((id, secret)) = text.split_once(':') else {
        return Basic::Invalid;
    };
    let Some(index) = find_by_id(&model.users, id) else {
        return Basic::Invalid;
    };
    let (today, now) = (app.today(), app.now());
    let token = secret.strip_prefix(app.config.token_prefix.as_str()).unwrap_or(secret);
    if model.users[index].tokens.authenticate(token, today, now, count_usage) {
        Basic::Token(index)
    } else if model.users[index].password == secret {
        Basic::Password(index)
    } else {
        Basic::Invalid
    }
}

fn session_from_cookie(app: &App, model: &Model, req: &Request) -> Option<String> {
    req.cookies()
        .iter()
        .filter(|(name, _)| *name == app.instance.cookie_name)
        .find_map(|(_, value)| model.sessions.id_from_cookie(value))
}

/// The request log's `auth` for a request that was not handled (faults): no usage is counted.
pub fn classify_auth(app: &App, req: &Request) -> &'static str {
    let mut model = lock(&app.model);
    match check_basic(app, &mut model, req, false) {
        Basic::Invalid => "basic-invalid",
        Basic::Token(_) => "basic-token",
        Basic::Password(_) => "basic-password",
        Basic::Absent => {
            let session = session_from_cookie(app, &model, req);
            match session.and_then(|id| model.sessions.get(&id).and_then(|s| s.user.clone())) {
                Some(_) => "session",
                None => "none",
            }
        }
    }
}

/// Whether the request carries the crumb field at all (header or parameter).
pub fn carries_crumb(app: &App, req: &Request) -> bool {
    let field = &app.config.crumb_field;
    req.header(field).is_some() || req.params().iter().any(|(k, _)| k == field)
}

/// The container's `sendError` page: Jetty HTML, the message also as the reason phrase.
pub fn container_error(status: u16, message: Option<&str>, uri: &str) -> Response {
    let reason = crate::http::standard_reason(status);
    let message = message.unwrap_or(reason);
    Response::with_body(status, HTML, pages::container_error(status, message, uri, true))
        .header("Cache-Control", "must-revalidate,no-cache,no-store")
        .reason(message)
}

fn redirect(location: &str) -> Response {
    Response::new(302).header("Location", location)
}

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
    let basic = check_basic(app, &mut model, req, true);
    let session = session_from_cookie(app, &model, req);
    let auth = match basic {
        Basic::Invalid => {
            // BasicAuthenticationEntryPoint with realm "Jenkins" (§6.1).
            let response = container_error(401, None, &req.path).header("WWW-Authenticate", "Basic realm=\"Jenkins\"");
            return (response, "basic-invalid");
        }
        Basic::Token(i) => Auth::BasicToken(model.users[i].id.clone()),
        Basic::Password(i) => Auth::BasicPassword(model.users[i].id.clone()),
        Basic::Absent => match session.as_deref().and_then(|id| model.sessions.get(id)).and_then(|s| s.user.clone()) {
            Some(user) => Auth::Session(user),
            None => Auth::Anonymous,
        },
    };
    let kind = auth.kind();
    let mut exchange = Exchange { app, req, params: req.params(), model, auth, session, set_cookies: Vec::new() };
    let response = exchange.dispatch(&route);
    (exchange.finish(response), kind)
}

/// One request being handled, holding the model lock for its duration.
pub struct Exchange<'a> {
    pub app: &'a App,
    pub req: &'a Request,
    pub model: MutexGuard<'a, Model>,
    pub auth: Auth,
    /// The live session of this request, if any (created on demand).
    pub session: Option<String>,
    set_cookies: Vec<String>,
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

    fn host(&self) -> String {
        self.req.header("host").map_or_else(|| "127.0.0.1".to_owned(), str::to_owned)
    }

    /// `Jenkins.getRootUrl()` from the request: `http://host<ctx>/`.
    pub fn root_url(&self) -> String {
        format!("http://{}{}/", self.host(), self.ctx())
    }

    fn client_ip(&self) -> String {
        self.req
            .header("x-forwarded-for")
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_owned())
            .unwrap_or_else(|| self.req.peer.ip().to_string())
    }

    // --- sessions and crumbs ---

    /// `request.getSession()`: creates a session (and a `Set-Cookie`) if there is none (§7).
    pub fn ensure_session(&mut self) -> String {
        if let Some(id) = &self.session {
            return id.clone();
        }
        let id = self.model.sessions.create(None);
        self.set_session_cookie(&id);
        self.session = Some(id.clone());
        id
    }

    /// `JSESSIONID.<8 hex>=node0….node0; Path=<ctx or />; HttpOnly[; SameSite=Lax]` (§7).
    fn set_session_cookie(&mut self, id: &str) {
        let path = if self.ctx().is_empty() { "/" } else { self.ctx() };
        let same_site = if self.app.gates.same_site_lax { "; SameSite=Lax" } else { "" };
        self.set_cookies.push(format!(
            "{}={}; Path={path}; HttpOnly{same_site}",
            self.app.instance.cookie_name,
            cookie_value(id)
        ));
    }

    /// The crumb for this request's user and session; `None` if it needs a session and there is none.
    fn expected_crumb(&self) -> Option<String> {
        let session = match &self.session {
            Some(id) => id.as_str(),
            None if self.app.gates.crumb_has_session => return None,
            None => "",
        };
        let ip = self.client_ip();
        let inputs = CrumbInputs { name: self.auth.name(), session_id: session, client_ip: &ip };
        Some(crumb::issue(&self.app.gates, &self.app.instance.crumb_salt, &inputs))
    }

    /// The crumb to put in a page or the crumb issuer: creates the session it is bound to.
    pub fn page_crumb(&mut self) -> String {
        if !self.app.config.csrf {
            return String::new();
        }
        self.ensure_session();
        self.expected_crumb().unwrap_or_default()
    }

    /// `crumbIssuer.validateCrumb`, failing on demand for `reject-crumbs`.
    fn crumb_is_valid(&self, submitted: Option<&str>) -> bool {
        let rejected = lock(&self.app.control).consume_crumb_rejection();
        !rejected && submitted.zip(self.expected_crumb()).is_some_and(|(s, e)| crumb::matches(&e, s))
    }

    fn crumb_field(&self) -> &'a str {
        if self.app.config.csrf { &self.app.config.crumb_field } else { "" }
    }

    // --- permissions ---

    pub fn current_user(&self) -> Option<usize> {
        self.auth.user_id().and_then(|id| find_by_id(&self.model.users, id))
    }

    /// Overall/Administer: the admin users only.
    pub fn is_admin(&self) -> bool {
        self.current_user().is_some_and(|i| self.model.users[i].admin)
    }

    fn has_read(&self) -> bool {
        self.auth.user_id().is_some() || self.app.config.anonymous_read
    }

    /// `u.checkPermission(Jenkins.ADMINISTER)`: the user themself or an admin (§1.2).
    pub fn can_administer(&self, owner: usize) -> bool {
        self.auth.user_id().is_some_and(|id| self.model.users[owner].is(id)) || self.is_admin()
    }

    /// `hasCurrentUserRightToGenerateNewToken` (§1.2): admins only with `adminCanGenerateNewTokens`.
    pub fn can_generate(&self, owner: usize) -> bool {
        (self.app.config.admin_can_generate && self.is_admin())
            || self.auth.user_id().is_some_and(|id| self.model.users[owner].is(id))
    }

    // --- responses ---

    fn advertise(&self, response: Response) -> Response {
        response
            .header("X-Hudson", "1.395")
            .header("X-Jenkins", self.app.config.version.as_str())
            .header("X-Jenkins-Session", self.app.instance.session_hash.as_str())
    }

    /// `Api.setHeaders`: no `X-Hudson` on `/api/*` (§4.1, §5).
    pub fn api_response(&self, content_type: &str, body: String) -> Response {
        Response::with_body(200, content_type, body)
            .header("X-Jenkins", self.app.config.version.as_str())
            .header("X-Jenkins-Session", self.app.instance.session_hash.as_str())
            .header("X-Content-Type-Options", "nosniff")
            .header("X-Frame-Options", "deny")
    }

    fn chrome_user_urls(&self) -> Option<(String, String, String)> {
        let user = &self.model.users[self.current_user()?];
        let url = format!("{}/{}", self.ctx(), user.url());
        let token_page =
            if self.app.gates.security_page { format!("{url}/security/") } else { format!("{url}/configure") };
        Some((user.full_name.clone(), url, token_page))
    }

    /// A full `l:layout` page: creates a session, advertises the version, carries the crumb (§4.5, §5).
    pub fn layout(&mut self, status: u16, page: LayoutPage) -> Response {
        // `<j:set var="_" value="${request2.getSession()}"/>`, CSRF or not.
        self.ensure_session();
        let crumb = self.page_crumb();
        let res_url = self.res_url();
        let login_url = format!("{}/login?from={}", self.ctx(), java_url_encode(&self.req.uri_with_query()));
        let user_urls = self.chrome_user_urls();
        let chrome = Chrome {
            root_url: self.ctx(),
            res_url: &res_url,
            version: &self.app.config.version,
            head_crumb_attributes: self.app.gates.head_crumb_attributes,
            crumb_field: self.crumb_field(),
            crumb: &crumb,
            user: user_urls.as_ref().map(|(full_name, url, token_page_url)| HeaderUser {
                full_name,
                url,
                token_page_url,
            }),
            login_url: &login_url,
        };
        let html = pages::layout(&chrome, &page);
        self.advertise(Response::with_body(status, HTML, html))
            .header("X-Frame-Options", "sameorigin")
            .header("Expires", "0")
            .header("Cache-Control", "no-cache,no-store,must-revalidate")
            .header("X-Hudson-Theme", "default")
            .header("Referrer-Policy", "same-origin")
            .header("Cross-Origin-Opener-Policy", "same-origin")
    }

    fn page(&mut self, title: &str, model_type: &str, main: String) -> Response {
        self.layout(200, LayoutPage { title, model_type, layout_type: "two-column", main })
    }

    /// Jenkins' 404 page (`_404.jelly`).
    pub fn not_found(&mut self) -> Response {
        let main = pages::not_found_main(&self.res_url(), self.auth.user_id().is_none());
        self.layout(
            404,
            LayoutPage { title: "Not Found", model_type: "hudson.model.Hudson", layout_type: "one-column", main },
        )
    }

    /// An exception escaping a web method: `oops.jelly` with 500.
    pub fn oops(&mut self) -> Response {
        let main = pages::oops_main(&self.res_url(), &random::uuid_v4());
        self.layout(500, LayoutPage { title: "", model_type: "hudson.model.Hudson", layout_type: "one-column", main })
    }

    /// `@RequirePOST` on another method: `CrumbFilter/retry.jelly`, 405 with `Allow: POST` (§1.11).
    pub fn require_post(&mut self) -> Response {
        let url = format!("http://{}{}", self.host(), self.req.path);
        let main = pages::retry_main(&url);
        let page = LayoutPage {
            title: "Method Not Allowed",
            model_type: "hudson.security.csrf.CrumbFilter",
            layout_type: "two-column",
            main,
        };
        self.layout(405, page).header("Allow", "POST")
    }

    /// A failed permission check: the login redirect page for anonymous (§6.3), Access Denied otherwise (§6.4).
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

    /// `HudsonAuthenticationEntryPoint` (§6.3). `cause` is the failed permission check, if that was
    /// the reason (it adds the diagnostic headers and comment); `/me` for anonymous has none.
    pub fn authentication_required(&self, cause: Option<Permission>) -> Response {
        if self.req.header("x-requested-with") == Some("XMLHttpRequest") {
            return container_error(403, None, &self.req.path);
        }
        let login_url = format!("{}/login?from={}", self.ctx(), java_url_encode(&self.req.uri_with_query()));
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

    /// Adds the `Set-Cookie` headers collected while handling.
    fn finish(self, mut response: Response) -> Response {
        for cookie in self.set_cookies {
            response.headers.push(("Set-Cookie".to_owned(), cookie));
        }
        response
    }

    // --- routing ---

    fn dispatch(&mut self, route: &Route) -> Response {
        let segments = route.strs();
        let first = segments.first().copied().unwrap_or("");
        if self.is_post() && self.app.config.csrf && self.crumb_filter_applies(first) {
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
    /// and `/cli` (§4.3).
    fn crumb_filter_applies(&self, first: &str) -> bool {
        !matches!(first, "j_spring_security_check" | "cli") && !matches!(self.auth, Auth::BasicToken(_))
    }

    /// Everything outside `ALWAYS_READABLE_PATHS` needs Overall/Read (`Jenkins.getTarget()`, §6.3).
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
                // `Jenkins.getMe()` throws for anonymous: always the login redirect (§2, §6.3).
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

    /// Stapler serves an index view only at a URL with a trailing slash.
    fn add_trailing_slash(&self) -> Response {
        let query = self.req.query.as_deref().map(|q| format!("?{q}")).unwrap_or_default();
        redirect(&format!("{}/{query}", self.req.path))
    }

    fn user_routes(&mut self, owner: usize, owner_url: &str, rest: &[&str], trailing_slash: bool) -> Response {
        let gates = &self.app.gates;
        match rest {
            [] if !trailing_slash => self.add_trailing_slash(),
            [] => {
                let user = &self.model.users[owner];
                let main = pages::user_main(&user.full_name, &user.id);
                let title = user.full_name.clone();
                self.page(&title, "hudson.model.User", main)
            }
            ["api", "json"] => self.user_api_json(owner),
            ["security"] if gates.security_page && !trailing_slash => self.add_trailing_slash(),
            ["security"] if gates.security_page => self.token_page(owner, owner_url),
            ["configure"] if !gates.security_page => self.token_page(owner, owner_url),
            ["descriptorByName", "jenkins.security.ApiTokenProperty", method] => api_token::handle(self, owner, method),
            _ => self.not_found(),
        }
    }

    /// `/user/<id>/security/` (2.468+) or `/user/<id>/configure`: self or admin only (§3.1).
    fn token_page(&mut self, owner: usize, owner_url: &str) -> Response {
        if !self.can_administer(owner) {
            return self.deny(Permission::Administer);
        }
        let crumb = self.page_crumb();
        let descriptor_url = format!("{owner_url}/descriptorByName/jenkins.security.ApiTokenProperty");
        let gates = &self.app.gates;
        let user = &self.model.users[owner];
        let is_owner = self.auth.user_id().is_some_and(|id| user.is(id));
        let section = if gates.token_store {
            // The legacy field shows the value to its owner only (SECURITY-200, §8).
            let legacy_field = user
                .legacy_token
                .as_ref()
                .map(|value| if is_owner { value.clone() } else { "Token is hidden".to_owned() });
            token_pages::token_section(&TokenSection {
                tokens: user.tokens.sorted_by_name(),
                descriptor_url: &descriptor_url,
                can_generate: self.can_generate(owner),
                legacy_field,
                today: self.app.today(),
                gates,
            })
        } else {
            let value = match &user.legacy_token {
                Some(value) if is_owner => value.clone(),
                _ => "Token is hidden".to_owned(),
            };
            token_pages::legacy_only_section(&user.id, &value, &descriptor_url)
        };
        let field = self.crumb_field();
        if gates.security_page {
            let main = token_pages::security_page_main(&section, field, &crumb);
            self.page("Security", "hudson.model.userproperty.UserPropertyCategorySecurityAction", main)
        } else {
            let main = token_pages::configure_page_main(&user.full_name, &section, field, &crumb);
            let title = format!("{} Configuration", user.full_name);
            self.page(&title, "hudson.model.User", main)
        }
    }

    /// `/user/<id>/api/json` (§6.2): `property` only for self or an admin.
    fn user_api_json(&mut self, owner: usize) -> Response {
        let properties = if self.can_administer(owner) {
            "{\"_class\":\"jenkins.security.ApiTokenProperty\"},\
             {\"_class\":\"hudson.security.HudsonPrivateSecurityRealm$Details\"}"
        } else {
            ""
        };
        let user = &self.model.users[owner];
        let body = format!(
            "{{\"_class\":\"hudson.model.User\",\"absoluteUrl\":{},\"description\":null,\"fullName\":{},\"id\":{},\"property\":[{properties}]}}",
            json_string(&format!("{}{}", self.root_url(), user.url())),
            json_string(&user.full_name),
            json_string(&user.id)
        );
        self.api_response(API_JSON, body)
    }

    // --- login and logout ---

    /// `/login` and `/loginError` (login.jelly): creates a session; the form carries the crumb.
    fn login_page(&mut self, error: bool) -> Response {
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
        self.advertise(Response::with_body(200, HTML, html))
            .header("X-Frame-Options", "sameorigin")
            .header("Expires", "0")
            .header("Cache-Control", "no-cache,no-store,must-revalidate")
    }

    /// A CloudBees CI controller delegates its login to the operations center (§9): another origin,
    /// told which controller path to come back to. The form POST itself still works.
    fn sso_login(&self) -> Response {
        let back_to = login_target(self.ctx(), self.param("from").unwrap_or_default());
        redirect(&cloudbees::sso_login_location(&self.app.config.operations_center_url, &back_to))
    }

    /// `POST /j_spring_security_check` (§4.3, §6.3): crumb (2.541+), password, then a new session.
    fn login_submit(&mut self) -> Response {
        let failure = format!("{}/loginError", self.ctx());
        if self.app.config.csrf && self.app.gates.login_needs_crumb {
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
    fn logout(&mut self) -> Response {
        if let Some(id) = self.session.take() {
            self.model.sessions.remove(&id);
        }
        let had_cookie = self.req.cookies().iter().any(|(name, _)| *name == self.app.instance.cookie_name);
        if had_cookie {
            let path = if self.ctx().is_empty() { "/" } else { self.ctx() };
            self.set_cookies.push(format!(
                "{}=; Path={path}; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly",
                self.app.instance.cookie_name
            ));
        }
        redirect(&format!("{}/", self.ctx()))
    }

    // --- whoAmI and the crumb issuer ---

    /// `/whoAmI/api/json` (§6.1): always reachable.
    fn who_am_i(&mut self, rest: &[&str], trailing_slash: bool) -> Response {
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

    /// Before 2.219 `whoAmI` also exported the authentication details (§6.1).
    fn who_am_i_details(&self) -> Option<String> {
        self.app.gates.whoami_details.then(|| {
            format!(
                "org.acegisecurity.ui.WebAuthenticationDetails@fffc7f0c: RemoteIpAddress: {}; SessionId: {}",
                self.client_ip(),
                self.session.as_deref().unwrap_or("null")
            )
        })
    }

    /// `/crumbIssuer/api/json|xml` (§4.1); a 404 when CSRF protection is off (§4.4).
    fn crumb_issuer(&mut self, rest: &[&str]) -> Response {
        if !self.app.config.csrf {
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
