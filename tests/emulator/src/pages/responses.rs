//! The answers every part of the emulated Jenkins shares: the container's error page, redirects,
//! the version headers, and `l:layout` pages such as the 404 page.

use crate::http::Response;
use crate::jenkins::Exchange;
use crate::pages::{self, Chrome, HeaderUser, LayoutPage};
use crate::random;

pub const HTML: &str = "text/html;charset=utf-8";
pub const API_JSON: &str = "application/json;charset=utf-8";

/// The container's `sendError` page: Jetty HTML, the message also as the reason phrase.
pub fn container_error(status: u16, message: Option<&str>, uri: &str) -> Response {
    let reason = crate::http::standard_reason(status);
    let message = message.unwrap_or(reason);
    Response::with_body(status, HTML, pages::container_error(status, message, uri, true))
        .header("Cache-Control", "must-revalidate,no-cache,no-store")
        .reason(message)
}

pub fn redirect(location: &str) -> Response {
    Response::new(302).header("Location", location)
}

impl Exchange<'_> {
    pub fn advertise(&self, response: Response) -> Response {
        response
            .header("X-Hudson", "1.395")
            .header("X-Jenkins", self.app.config.version.as_str())
            .header("X-Jenkins-Session", self.app.instance.session_hash.as_str())
    }

    /// An HTML page as Jenkins renders one: the version, no framing by other sites, no caching.
    pub fn html_page(&self, status: u16, html: String) -> Response {
        self.advertise(Response::with_body(status, HTML, html))
            .header("X-Frame-Options", "sameorigin")
            .header("Expires", "0")
            .header("Cache-Control", "no-cache,no-store,must-revalidate")
    }

    /// `Api.setHeaders`: no `X-Hudson` on `/api/*` (docs/jenkins.md#crumb-endpoint, #identifying-headers).
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

    /// A full `l:layout` page: creates a session, advertises the version, carries the crumb
    /// (docs/jenkins.md#page-head, #identifying-headers).
    pub fn layout(&mut self, status: u16, page: LayoutPage) -> Response {
        // `<j:set var="_" value="${request2.getSession()}"/>`, CSRF or not.
        self.ensure_session();
        let crumb = self.page_crumb();
        let res_url = self.res_url();
        let login_url = self.login_url();
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
            user_action_header: self.app.gates.user_action_header,
            login_url: &login_url,
        };
        let html = pages::layout(&chrome, &page);
        self.html_page(status, html)
            .header("X-Hudson-Theme", "default")
            .header("Referrer-Policy", "same-origin")
            .header("Cross-Origin-Opener-Policy", "same-origin")
    }

    pub fn page(&mut self, title: &str, model_type: &str, main: String) -> Response {
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

    /// `@RequirePOST` on another method: `CrumbFilter/retry.jelly`, 405 with `Allow: POST` (docs/jenkins.md#post-only).
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

    /// Stapler serves an index view only at a URL with a trailing slash.
    pub fn add_trailing_slash(&self) -> Response {
        let query = self.req.query.as_deref().map(|q| format!("?{q}")).unwrap_or_default();
        redirect(&format!("{}/{query}", self.req.path))
    }
}
