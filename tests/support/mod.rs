//! Shared by the native integration tests: a browser stand-in over HTTP (cookies, no redirects) for
//! running the real flow against the emulator, and an `HtmlNode` over a Rust HTML parser (the browser
//! uses `DOMParser` for the same trait).

use std::cell::RefCell;
use std::io::Read;

use jenkins_api_token::expiry::Expiry;
use jenkins_api_token::flow::{self, Session};
use jenkins_api_token::html::{HtmlNode, HtmlParser};
use jenkins_api_token::http::{Method, Request, Response, TransportError, basic_authorization, form_encode};
use jenkins_api_token::jenkins::root::{JenkinsRoot, PageInfo, PageLink};
use jenkins_api_token::jenkins::token::TokenOrder;
use jenkins_api_token::jenkins::user::UserTarget;
use jenkins_api_token::transport::Transport;
use jenkins_emulator::{Config, Emulator};

#[path = "html.rs"]
mod html;
pub mod user_ids;
pub use html::{Node, Parser};

/// A sentence in English, as the popup shows it with the English `messages.json`.
pub fn english(message: &jenkins_api_token::messages::Message) -> String {
    thread_local! {
        static ENGLISH: jenkins_api_token::i18n::Catalog = jenkins_api_token::i18n::Catalog::parse(include_str!(
            "../../extension/_locales/en/messages.json"
        ))
        .expect("valid messages.json");
    }
    ENGLISH.with(|catalog| message.render(catalog))
}

pub fn fixture(name: &str) -> Node<'static> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    Parser.parse(&std::fs::read_to_string(path).expect("the fixture exists"))
}

/// A browser stand-in: keeps cookies per name, sends them with every request, follows no redirect.
pub struct Browser {
    agent: ureq::Agent,
    cookies: RefCell<Vec<(String, String)>>,
}

impl Browser {
    pub fn new() -> Browser {
        let agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
        Browser { agent, cookies: RefCell::new(Vec::new()) }
    }

    pub fn exchange(&self, request: &Request) -> Result<Response, TransportError> {
        let cookies = self.cookies.borrow().iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>();
        let cookie_header = if request.with_session { cookies.join("; ") } else { String::new() };
        let result = match request.method {
            Method::Get => with_headers(self.agent.get(&request.url), request, &cookie_header).call(),
            Method::Post => with_headers(self.agent.post(&request.url), request, &cookie_header)
                .send(request.form_body.clone().unwrap_or_default()),
        };
        let mut response = result.map_err(|error| TransportError::Network(error.to_string()))?;
        if response.status().is_redirection() {
            self.remember_cookies(&response);
            return Err(TransportError::Redirected);
        }
        self.remember_cookies(&response);
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap_or_default().to_owned()))
            .collect();
        let mut body = String::new();
        response
            .body_mut()
            .as_reader()
            .read_to_string(&mut body)
            .map_err(|error| TransportError::Network(error.to_string()))?;
        Ok(Response::new(status, headers, body))
    }

    fn remember_cookies(&self, response: &ureq::http::Response<ureq::Body>) {
        for set_cookie in response.headers().get_all("set-cookie") {
            let Some((name, rest)) = set_cookie.to_str().unwrap_or_default().split_once('=') else {
                continue;
            };
            let value = rest.split(';').next().unwrap_or_default().to_owned();
            let mut cookies = self.cookies.borrow_mut();
            cookies.retain(|(existing, _)| existing != name);
            cookies.push((name.to_owned(), value));
        }
    }

    /// Logs in through the login form, crumb included (Jenkins 2.541+ needs it), like a user would.
    pub fn log_in(&self, emulator: &Emulator, user: &str, password: &str) {
        let login_page = self.exchange(&Request::get(format!("{}login", emulator.root_url()))).unwrap();
        let crumb = hidden_input(&login_page.body, "Jenkins-Crumb");
        let mut form = vec![("j_username", user), ("j_password", password), ("from", "/")];
        if let Some(crumb) = &crumb {
            form.push(("Jenkins-Crumb", crumb));
        }
        let post = Request::post_form(format!("{}j_spring_security_check", emulator.root_url()), form_encode(&form));
        assert_eq!(self.exchange(&post), Err(TransportError::Redirected), "a login answers with a redirect");
    }
}

impl Transport for Browser {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        self.exchange(&request)
    }
}

pub fn hidden_input(html: &str, name: &str) -> Option<String> {
    let start = html.find(&format!("name=\"{name}\""))?;
    let tail = &html[start..];
    let value = tail.split("value=\"").nth(1)?;
    Some(value.split('"').next()?.to_owned())
}

pub fn start(configure: impl FnOnce(&mut Config)) -> Emulator {
    let mut config = Config::default();
    configure(&mut config);
    Emulator::start(config).expect("the emulator starts")
}

/// The request's own headers, then the session cookie when it is to be sent.
fn with_headers<B>(
    mut call: ureq::RequestBuilder<B>,
    request: &Request,
    cookie_header: &str,
) -> ureq::RequestBuilder<B> {
    for (name, value) in &request.headers {
        call = call.header(name, value);
    }
    if !cookie_header.is_empty() {
        call = call.header("Cookie", cookie_header);
    }
    call
}

pub fn page_of(emulator: &Emulator) -> PageInfo {
    let root = emulator.root_url();
    let context_path =
        root.trim_end_matches('/').splitn(4, '/').nth(3).map(|path| format!("/{path}")).unwrap_or_default();
    PageInfo { url: root, root_attr: Some(context_path), read_error: None, ..PageInfo::default() }
}

/// What the popup's glue reads from a tab (`readJenkinsHead` in extension/popup.js), from the
/// emulator's root page as `browser` sees it: links resolved as `element.href` resolves them, none
/// from inside a `<template>` (its content is not part of the document).
pub fn page_read(browser: &Browser, emulator: &Emulator) -> PageInfo {
    let url = emulator.root_url();
    let page = browser.exchange(&Request::get(url.clone())).expect("the page");
    let document = Parser.parse(&page.body);
    let origin: String = url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
    let link = |node: &Node| PageLink {
        href: node
            .attr("href")
            .map(|href| if href.starts_with('/') { format!("{origin}{href}") } else { href })
            .unwrap_or_default(),
        text: node.text().split_whitespace().collect::<Vec<_>>().join(" "),
        id: node.attr("id").unwrap_or_default(),
    };
    let links = |node: &Node, selector: &str| -> Vec<PageLink> {
        node.select_all(selector).iter().filter(|link| !link.within("template")).map(link).collect()
    };
    let first = |selector: &str| document.select_all(selector).into_iter().next();
    let head = first("head").expect("a head");
    PageInfo {
        url,
        root_attr: head.attr("data-rooturl"),
        read_error: None,
        user_links: links(&document, "a[href*=\"/user/\"]"),
        crumb_header: head.attr("data-crumb-header"),
        crumb_value: head.attr("data-crumb-value"),
        version: first("body").and_then(|body| body.attr("data-version")),
        header_links: first("#page-header, #header").map(|header| links(&header, "a[href]")).unwrap_or_default(),
    }
}

/// The Jenkins root of a page at `url` whose `data-rooturl` is `context`.
pub fn jenkins_root(url: &str, context: &str) -> JenkinsRoot {
    JenkinsRoot::from_page(&PageInfo::at(url, context)).unwrap()
}

/// Alice, logged in: where most tests start.
pub fn logged_in(emulator: &Emulator) -> Browser {
    logged_in_as(emulator, "alice")
}

/// A user whose password is their id (alice, bob, admin), logged in.
pub fn logged_in_as(emulator: &Emulator, user: &str) -> Browser {
    let browser = Browser::new();
    browser.log_in(emulator, user, user);
    browser
}

/// `flow::connect` on the emulator's root page, as the popup connects.
pub fn connect(browser: &Browser, emulator: &Emulator) -> Session {
    pollster::block_on(flow::connect(browser, &page_of(emulator))).unwrap()
}

pub fn order(name: &str, expiry: Option<Expiry>) -> TokenOrder {
    TokenOrder { name: name.into(), expiry, owner: UserTarget::Me, via_script_console: false }
}

pub fn control(emulator: &Emulator, path: &str, body: &str) -> String {
    let url = format!("http://127.0.0.1:{}/__emulator/{path}", emulator.port());
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut response =
        if body.is_empty() { agent.get(&url).call() } else { agent.post(&url).send(body.to_owned()) }.unwrap();
    response.body_mut().read_to_string().unwrap()
}

pub fn token_count(emulator: &Emulator) -> usize {
    let tokens: serde_json::Value = serde_json::from_str(&control(emulator, "users/alice/tokens", "")).unwrap();
    tokens.as_array().unwrap().len()
}

/// The uuids of alice's tokens named `name`, as the emulator stores them.
pub fn tokens_named(emulator: &Emulator, name: &str) -> Vec<String> {
    let tokens: serde_json::Value = serde_json::from_str(&control(emulator, "users/alice/tokens", "")).unwrap();
    let tokens = tokens.as_array().unwrap().iter().filter(|token| token["name"] == name);
    tokens.map(|token| token["uuid"].as_str().unwrap().to_owned()).collect()
}

/// Uses the token the way scripts do: HTTP Basic auth, no session.
pub fn who_with_token(emulator: &Emulator, user: &str, token: &str) -> Response {
    let request = Request::get(format!("{}whoAmI/api/json", emulator.root_url()))
        .with_header("Authorization", &basic_authorization(user, token));
    Browser::new().exchange(&request).unwrap()
}
