//! Where Jenkins lives: its root URL, found from the tab's `<head data-rooturl>` (docs/jenkins.md#page-head) and
//! always on the tab's own origin. Every request URL is built here, from the tab's origin, so no
//! attribute a page sets can send a request elsewhere.

use crate::failure::Failure;
use crate::http::{concat, form_component};
use crate::search;

/// What the glue read from the tab (or, for the www page, from itself).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageInfo {
    /// The page's `location.href`, or the tab's URL when the page could not be read.
    pub url: String,
    /// The raw `data-rooturl` attribute of `<head>`, if there was one.
    pub root_attr: Option<String>,
    /// Why the page could not be read (the browser's words), if it could not.
    pub read_error: Option<String>,
    /// The page's links to a user's own page (`…/user/<key>`), where the header shows the logged-in
    /// user's full name (docs/jenkins.md#user-in-the-page-header).
    pub user_links: Vec<PageLink>,
    /// `<head data-crumb-header>` and `data-crumb-value` (2.246+; empty when CSRF protection is off).
    pub crumb_header: Option<String>,
    pub crumb_value: Option<String>,
    /// `<body data-version>`.
    pub version: Option<String>,
    /// The links in the page header: the logged-in user's, or "log in" (see `jenkins::page`).
    pub header_links: Vec<PageLink>,
}

impl PageInfo {
    /// A page that was read, at `url`, whose `<head data-rooturl>` is `root_attr`.
    pub fn at(url: &str, root_attr: &str) -> PageInfo {
        PageInfo { url: url.to_owned(), root_attr: Some(root_attr.to_owned()), ..PageInfo::default() }
    }
}

/// A link of the page: its resolved address, its text, and its `id` (empty when it has none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageLink {
    pub href: String,
    pub text: String,
    pub id: String,
}

/// `scheme://host[:port]`, lower-cased, default port left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin(String);

impl Origin {
    /// Parses the origin of an absolute `http(s)` URL; returns the origin and the rest (path, query,
    /// fragment). Anything else is `None`.
    pub fn parse(url: &str) -> Option<(Origin, &str)> {
        let (scheme, rest) = search::split_once(url, "://")?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => "80",
            "https" => "443",
            _ => return None,
        };
        // Browsers end the authority of http(s) URLs at `/`, `\`, `?` or `#`.
        let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at_checked(end)?;
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
        let (host, port) = split_port(host_port)?;
        if !is_valid_host(host) {
            return None;
        }
        let mut origin = format!("{scheme}://{}", host.to_ascii_lowercase());
        if let Some(port) = port.filter(|port| port != default_port) {
            origin.push(':');
            origin.push_str(&port);
        }
        Some((Origin(origin), tail))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host alone, without scheme or port.
    pub fn host(&self) -> &str {
        let host = search::split_once(&self.0, "://").map_or("", |(_, host)| host);
        host.rsplit_once(':')
            .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
            .map_or(host, |(host, _)| host)
    }
}

/// A host as browsers serialise it: a bracketed IPv6 address, or an ASCII name (IDNs arrive in
/// punycode) free of the URL standard's forbidden host code points, so that the origin built from it
/// parses back to itself.
fn is_valid_host(host: &str) -> bool {
    match host.strip_prefix('[').and_then(|inner| inner.strip_suffix(']')) {
        Some(ipv6) => !ipv6.is_empty() && ipv6.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.'),
        None => {
            !host.is_empty()
                && host.is_ascii()
                && !host.bytes().any(|b| b.is_ascii_control() || b" #%/:<>?@[\\]^|".contains(&b))
        }
    }
}

fn split_port(host_port: &str) -> Option<(&str, Option<String>)> {
    let (host, port) = if host_port.starts_with('[') {
        let close = host_port.find(']')?;
        let (host, after) = host_port.split_at_checked(close + 1)?;
        match after.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if after.is_empty() => (host, None),
            None => return None,
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        }
    };
    match port {
        None | Some("") => Some((host, None)),
        Some(port) if port.bytes().all(|b| b.is_ascii_digit()) => {
            let number: u16 = port.parse().ok()?;
            Some((host, Some(number.to_string())))
        }
        Some(_) => None,
    }
}

/// The Jenkins root: the tab's origin plus the context path (`""` or e.g. `/jenkins`, no trailing slash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JenkinsRoot {
    origin: Origin,
    context_path: String,
    /// The tab page's path and query, for the login page's `from=`.
    page_path: String,
}

impl JenkinsRoot {
    /// Finds the root of the Jenkins that served `page`, refusing anything that is not an http(s)
    /// page of a Jenkins on the page's own origin.
    pub fn from_page(page: &PageInfo) -> Result<JenkinsRoot, Failure> {
        if let (Some(reason), true) = (&page.read_error, page.url.is_empty()) {
            return Err(Failure::CannotReadTab { detail: reason.clone() });
        }
        let Some((origin, page_tail)) = Origin::parse(page.url.trim()) else {
            return Err(Failure::NotWebPage { url: page.url.clone() });
        };
        if let Some(reason) = &page.read_error {
            return Err(Failure::CannotReadTab { detail: reason.clone() });
        }
        let Some(attr) = page.root_attr.as_deref() else {
            return Err(Failure::NotJenkins { origin: origin.as_str().to_owned() });
        };
        let context_path = resolve_root_attr(&origin, attr.trim())?;
        let page_path = page_tail.split('#').next().unwrap_or_default();
        let page_path = if page_path.starts_with('/') { page_path.to_owned() } else { format!("/{page_path}") };
        Ok(JenkinsRoot { origin, context_path, page_path })
    }

    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The root as users know it, with a trailing slash: `https://ci.example.com/jenkins/`.
    pub fn display_url(&self) -> String {
        self.url("")
    }

    /// An absolute URL below the root; `relative` is a path without a leading slash.
    pub fn url(&self, relative: &str) -> String {
        concat(&[self.origin.as_str(), &self.context_path, "/", relative])
    }

    /// Jenkins' own login URL for coming back to the tab's page afterwards (docs/jenkins.md#login-redirect-page:
    /// `login?from=` + the URL-encoded request path).
    pub fn login_url(&self) -> String {
        self.url(&concat(&["login?from=", &form_component(&self.page_path)]))
    }
}

/// `data-rooturl` is Jenkins' context path (`""` or `/jenkins`). A page could put anything there; only a
/// path on the page's own origin, or an absolute URL of that same origin, is accepted.
fn resolve_root_attr(page_origin: &Origin, attr: &str) -> Result<String, Failure> {
    let foreign = |root: String| Failure::ForeignRoot { root, tab_origin: page_origin.as_str().to_owned() };
    let path =
        if attr.starts_with("//") || attr.starts_with("\\\\") || attr.starts_with("/\\") || attr.starts_with("\\/") {
            // A scheme-relative URL names another host (browsers read `\` as `/` here).
            let scheme = page_origin.as_str().split(':').next().unwrap_or("https");
            let absolute = format!("{scheme}:{}", attr.replace('\\', "/"));
            match Origin::parse(&absolute) {
                Some((origin, tail)) if origin == *page_origin => tail.to_owned(),
                _ => return Err(foreign(attr.to_owned())),
            }
        } else if attr.is_empty() || attr.starts_with('/') {
            attr.to_owned()
        } else if let Some((origin, tail)) = Origin::parse(attr) {
            if origin != *page_origin {
                return Err(foreign(origin.as_str().to_owned()));
            }
            tail.to_owned()
        } else {
            // `javascript:…`, `data:…`, a relative path: Jenkins never writes these.
            return Err(foreign(attr.to_owned()));
        };
    let path = path.split(['?', '#']).next().unwrap_or_default().trim_end_matches('/');
    if path.chars().any(|c| c.is_control() || c == '\\' || c == ' ') {
        return Err(foreign(attr.to_owned()));
    }
    if !path.is_empty() && !path.starts_with('/') {
        return Err(foreign(attr.to_owned()));
    }
    // The browser's URL parser resolves `.` and `..` segments (`%2e` too), so requests would go to
    // another path than the one shown and checked against the organisation's allowed Jenkins
    // (`/prod/../jenkins` is `/jenkins`). Jenkins never writes them: refused.
    if path.split('/').any(is_dot_segment) {
        return Err(Failure::DotSegments { root: attr.to_owned() });
    }
    Ok(path.to_owned())
}

/// `.` or `..`, each dot also spelt `%2e` or `%2E`, as the URL standard reads them.
fn is_dot_segment(segment: &str) -> bool {
    let (mut rest, mut dots) = (segment, 0);
    while let Some(after) =
        rest.strip_prefix('.').or_else(|| rest.strip_prefix("%2e")).or_else(|| rest.strip_prefix("%2E"))
    {
        (rest, dots) = (after, dots + 1);
    }
    rest.is_empty() && (1..=2).contains(&dots)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, root: Option<&str>) -> PageInfo {
        PageInfo { url: url.into(), root_attr: root.map(Into::into), read_error: None, ..PageInfo::default() }
    }

    fn root_of(url: &str, root: &str) -> Result<JenkinsRoot, Failure> {
        JenkinsRoot::from_page(&page(url, Some(root)))
    }

    #[test]
    fn origins_are_normalised() {
        let parse = |url| Origin::parse(url).map(|(origin, tail)| (origin.0, tail.to_owned()));
        assert_eq!(
            parse("HTTPS://CI.Example.com:443/jenkins/x?y#z"),
            Some(("https://ci.example.com".into(), "/jenkins/x?y#z".into()))
        );
        assert_eq!(parse("http://127.0.0.1:8080"), Some(("http://127.0.0.1:8080".into(), "".into())));
        assert_eq!(parse("http://[::1]:80/"), Some(("http://[::1]".into(), "/".into())));
        assert_eq!(parse("http://user:pw@host:0081/"), Some(("http://host:81".into(), "/".into())));
        assert_eq!(parse("http://evil.com\\@good.com/"), Some(("http://evil.com".into(), "\\@good.com/".into())));
        assert_eq!(parse("ftp://host/"), None);
        assert_eq!(parse("chrome://extensions/"), None);
        assert_eq!(parse("about:blank"), None);
        assert_eq!(parse("http://host:99999/"), None);
        assert_eq!(parse("http:///path"), None);
        // Hosts no browser accepts (found by fuzzing: their origin did not parse back to itself).
        assert_eq!(parse("http://a:b:80/"), None);
        assert_eq!(parse("http://user:pw:x/"), None);
        assert_eq!(parse("http://a<b/"), None);
        assert_eq!(parse("http://[::1/"), None);
        assert_eq!(parse("http://[x]/"), None);
        assert_eq!(parse("http://c\u{80}m/"), None);
    }

    #[test]
    fn root_deployment_and_context_path() {
        let root = root_of("https://ci.example.com/job/x/", "").unwrap();
        assert_eq!(root.display_url(), "https://ci.example.com/");
        assert_eq!(root.url("whoAmI/api/json"), "https://ci.example.com/whoAmI/api/json");

        let root = root_of("http://127.0.0.1:8080/jenkins/me/", "/jenkins").unwrap();
        assert_eq!(root.display_url(), "http://127.0.0.1:8080/jenkins/");
        assert_eq!(root.url("crumbIssuer/api/json"), "http://127.0.0.1:8080/jenkins/crumbIssuer/api/json");

        // An absolute root on the same origin (default port spelt out) is accepted.
        let root = root_of("https://ci.example.com/jenkins/", "https://CI.example.com:443/jenkins/").unwrap();
        assert_eq!(root.display_url(), "https://ci.example.com/jenkins/");
    }

    #[test]
    fn roots_on_other_origins_are_refused() {
        for attr in [
            "https://evil.example/",
            "//evil.example/jenkins",
            "/\\evil.example",
            "\\\\evil.example",
            "http://ci.example.com/", // another scheme is another origin
            "https://ci.example.com:8443/",
            "javascript:alert(1)",
            "jenkins",
            "/jen\nkins",
        ] {
            let result = root_of("https://ci.example.com/", attr);
            assert!(matches!(result, Err(Failure::ForeignRoot { .. })), "{attr:?} gave {result:?}");
        }
        assert!(root_of("https://ci.example.com/", "//ci.example.com/jenkins").is_ok());
    }

    /// `/prod/../jenkins` would pass a rule that allows only `/prod/`, and every request would go to
    /// `/jenkins/`: a root with a dot segment, in any spelling, is refused.
    #[test]
    fn roots_with_dot_segments_are_refused() {
        for attr in [
            "/prod/../jenkins",
            "/prod/%2e%2e/jenkins",
            "/prod/%2E./jenkins",
            "/prod/.%2e/jenkins",
            "/./jenkins",
            "/jenkins/.",
            "/jenkins/..",
            "https://ci.example.com/prod/../jenkins",
            "//ci.example.com/prod/%2e%2e/",
        ] {
            let result = root_of("https://ci.example.com/prod/", attr);
            assert_eq!(result, Err(Failure::DotSegments { root: attr.into() }), "{attr:?}");
        }
        for fine in ["/jenkins.old", "/..jenkins", "/a.b/c", "/%2e%2ejenkins"] {
            assert!(root_of("https://ci.example.com/", fine).is_ok(), "{fine:?}");
        }
    }

    #[test]
    fn pages_that_are_not_jenkins_or_not_web_pages() {
        assert_eq!(
            JenkinsRoot::from_page(&page("https://example.com/", None)),
            Err(Failure::NotJenkins { origin: "https://example.com".into() })
        );
        assert!(matches!(JenkinsRoot::from_page(&page("chrome://newtab/", None)), Err(Failure::NotWebPage { .. })));
        assert!(matches!(JenkinsRoot::from_page(&page("", None)), Err(Failure::NotWebPage { .. })));
        let unreadable = PageInfo {
            url: "https://ci/".into(),
            root_attr: None,
            read_error: Some("denied".into()),
            ..PageInfo::default()
        };
        assert_eq!(JenkinsRoot::from_page(&unreadable), Err(Failure::CannotReadTab { detail: "denied".into() }));
        // The browser hid the URL and refused to read the tab: say so rather than guess.
        let hidden = PageInfo {
            url: String::new(),
            root_attr: None,
            read_error: Some("Cannot access a chrome:// URL".into()),
            ..PageInfo::default()
        };
        assert!(matches!(JenkinsRoot::from_page(&hidden), Err(Failure::CannotReadTab { .. })));
        // A known non-web URL wins over the read error.
        let newtab = PageInfo {
            url: "chrome://newtab/".into(),
            root_attr: None,
            read_error: Some("Cannot access".into()),
            ..PageInfo::default()
        };
        assert!(matches!(JenkinsRoot::from_page(&newtab), Err(Failure::NotWebPage { .. })));
    }

    #[test]
    fn login_url_comes_back_to_the_page() {
        let root = root_of("http://127.0.0.1:8080/jenkins/job/a b/?x=1#frag", "/jenkins").unwrap();
        assert_eq!(root.login_url(), "http://127.0.0.1:8080/jenkins/login?from=%2Fjenkins%2Fjob%2Fa+b%2F%3Fx%3D1");
    }
}
