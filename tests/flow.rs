//! The popup's flow (`flow::connect` / `flow::mint`), natively, over real HTTP against the Jenkins
//! emulator: the same code the popup runs, with a plain HTTP client as the transport.
#![cfg(not(target_arch = "wasm32"))]

use std::cell::RefCell;
use std::io::Read;

use jenkins_api_token::flow::{self, NotNow, Popup, Screen};
use jenkins_api_token::form::TokenForm;
use jenkins_api_token::http::{Method, Request, Response, TransportError, form_encode};
use jenkins_api_token::jenkins::errors::Failure;
use jenkins_api_token::jenkins::root::PageInfo;
use jenkins_api_token::jenkins::token::{Expiry, TokenOrder};
use jenkins_api_token::transport::Transport;
use jenkins_emulator::{Config, Emulator};

/// A browser stand-in: keeps cookies per name, sends them with every request, follows no redirect.
struct Browser {
    agent: ureq::Agent,
    cookies: RefCell<Vec<(String, String)>>,
}

impl Browser {
    fn new() -> Browser {
        let agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
        Browser { agent, cookies: RefCell::new(Vec::new()) }
    }

    fn exchange(&self, request: &Request) -> Result<Response, TransportError> {
        let cookie_header =
            self.cookies.borrow().iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("; ");
        let result = match request.method {
            Method::Get => {
                let mut call = self.agent.get(&request.url);
                for (name, value) in &request.headers {
                    call = call.header(name, value);
                }
                if !cookie_header.is_empty() {
                    call = call.header("Cookie", &cookie_header);
                }
                call.call()
            }
            Method::Post => {
                let mut call = self.agent.post(&request.url);
                for (name, value) in &request.headers {
                    call = call.header(name, value);
                }
                if !cookie_header.is_empty() {
                    call = call.header("Cookie", &cookie_header);
                }
                call.send(request.form_body.clone().unwrap_or_default())
            }
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
    fn log_in(&self, emulator: &Emulator, user: &str, password: &str) {
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

fn hidden_input(html: &str, name: &str) -> Option<String> {
    let start = html.find(&format!("name=\"{name}\""))?;
    let tail = &html[start..];
    let value = tail.split("value=\"").nth(1)?;
    Some(value.split('"').next()?.to_owned())
}

fn start(configure: impl FnOnce(&mut Config)) -> Emulator {
    let mut config = Config::default();
    configure(&mut config);
    Emulator::start(config).expect("the emulator starts")
}

fn page_of(emulator: &Emulator) -> PageInfo {
    let root = emulator.root_url();
    let context_path =
        root.trim_end_matches('/').splitn(4, '/').nth(3).map(|path| format!("/{path}")).unwrap_or_default();
    PageInfo { url: root, root_attr: Some(context_path), read_error: None }
}

fn logged_in(emulator: &Emulator) -> Browser {
    let browser = Browser::new();
    browser.log_in(emulator, "alice", "alice");
    browser
}

fn order(name: &str, expiry: Option<Expiry>) -> TokenOrder {
    TokenOrder { name: name.into(), expiry }
}

fn control(emulator: &Emulator, path: &str, body: &str) -> String {
    let url = format!("http://127.0.0.1:{}/__emulator/{path}", emulator.port());
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut response =
        if body.is_empty() { agent.get(&url).call() } else { agent.post(&url).send(body.to_owned()) }.unwrap();
    response.body_mut().read_to_string().unwrap()
}

fn token_count(emulator: &Emulator) -> usize {
    let tokens: serde_json::Value = serde_json::from_str(&control(emulator, "users/alice/tokens", "")).unwrap();
    tokens.as_array().unwrap().len()
}

/// Uses the token the way scripts do: HTTP Basic auth, no session.
fn who_with_token(emulator: &Emulator, user: &str, token: &str) -> Response {
    use base64::Engine;
    let encode = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
    let request = Request::get(format!("{}whoAmI/api/json", emulator.root_url()))
        .with_header("Authorization", &format!("Basic {}", encode(&format!("{user}:{token}"))));
    Browser::new().exchange(&request).unwrap()
}

#[test]
fn mints_a_working_token_on_current_jenkins_under_a_context_path() {
    let emulator = start(|config| config.context_path = "/jenkins".into());
    let browser = logged_in(&emulator);
    let mut session = pollster::block_on(flow::connect(&browser, &page_of(&emulator))).unwrap();
    assert_eq!(session.user, "alice");
    assert_eq!(session.root.display_url(), emulator.root_url());
    assert!(session.offers_expiry());

    let token =
        pollster::block_on(flow::mint(&browser, &mut session, &order("native", Some(Expiry::Days(7))))).unwrap();
    assert_eq!(token.name, "native");
    let who = who_with_token(&emulator, "alice", token.value.expose());
    assert_eq!(who.status, 200);
    assert!(who.body.contains("\"name\":\"alice\""), "{}", who.body);
    assert_eq!(token_count(&emulator), 1);
}

#[test]
fn older_jenkins_gets_no_expiry_and_the_legacy_era_is_refused() {
    let emulator = start(|config| config.version = "2.300".into());
    let session = pollster::block_on(flow::connect(&logged_in(&emulator), &page_of(&emulator))).unwrap();
    assert!(!session.offers_expiry());
    assert_eq!(session.tokens_url(), format!("{}me/configure", emulator.root_url()));

    let legacy = start(|config| config.version = "2.100".into());
    let failure = pollster::block_on(flow::connect(&logged_in(&legacy), &page_of(&legacy))).unwrap_err();
    assert_eq!(failure, Failure::LegacyOnly { version: "2.100".into() });
}

#[test]
fn anonymous_users_are_sent_to_the_login_page() {
    let emulator = start(|_| {});
    let failure = pollster::block_on(flow::connect(&Browser::new(), &page_of(&emulator))).unwrap_err();
    assert_eq!(failure, Failure::NotLoggedIn { login_url: format!("{}login?from=%2F", emulator.root_url()) });
}

#[test]
fn csrf_off_mints_without_a_crumb() {
    let emulator = start(|config| config.csrf = false);
    let browser = logged_in(&emulator);
    let mut session = pollster::block_on(flow::connect(&browser, &page_of(&emulator))).unwrap();
    pollster::block_on(flow::mint(&browser, &mut session, &order("no csrf", None))).unwrap();
    assert_eq!(token_count(&emulator), 1);
}

#[test]
fn a_rejected_crumb_is_retried_once_then_given_up() {
    let emulator = start(|_| {});
    let browser = logged_in(&emulator);
    let mut session = pollster::block_on(flow::connect(&browser, &page_of(&emulator))).unwrap();

    control(&emulator, "reject-crumbs", r#"{"times":1}"#);
    pollster::block_on(flow::mint(&browser, &mut session, &order("retried", None))).unwrap();
    assert_eq!(token_count(&emulator), 1);

    control(&emulator, "reject-crumbs", r#"{"times":2}"#);
    let failure = pollster::block_on(flow::mint(&browser, &mut session, &order("refused", None))).unwrap_err();
    assert_eq!(failure, Failure::CrumbRejected);
    assert_eq!(token_count(&emulator), 1, "a refused crumb minted nothing");
}

#[test]
fn an_ended_session_is_reported_and_nothing_is_minted() {
    let emulator = start(|_| {});
    let browser = logged_in(&emulator);
    let mut session = pollster::block_on(flow::connect(&browser, &page_of(&emulator))).unwrap();
    control(&emulator, "expire-sessions", "{}");
    let failure = pollster::block_on(flow::mint(&browser, &mut session, &order("late", None))).unwrap_err();
    assert!(matches!(failure, Failure::SessionEnded { .. }), "{failure:?}");
    assert_eq!(token_count(&emulator), 0);

    // Logging in again is enough: the stale crumb is refused, refreshed, and the retry mints.
    browser.log_in(&emulator, "alice", "alice");
    pollster::block_on(flow::mint(&browser, &mut session, &order("after login", None))).unwrap();
    assert_eq!(token_count(&emulator), 1);
}

#[test]
fn a_broken_connection_after_minting_names_the_token_that_may_exist() {
    let emulator = start(|_| {});
    let browser = logged_in(&emulator);
    let mut session = pollster::block_on(flow::connect(&browser, &page_of(&emulator))).unwrap();
    control(
        &emulator,
        "faults",
        r#"{"method":"POST","path_contains":"generateNewToken","mode":"drop_after","times":1}"#,
    );
    let failure = pollster::block_on(flow::mint(&browser, &mut session, &order("in flight", None))).unwrap_err();
    let Failure::MintUncertain { name, tokens_url, .. } = &failure else { panic!("{failure:?}") };
    assert_eq!(name, "in flight");
    assert_eq!(tokens_url, &format!("{}me/security/", emulator.root_url()));
    assert_eq!(token_count(&emulator), 1, "the token exists, and the user was told its name");
}

#[test]
fn forbidden_with_an_empty_body_means_not_allowed() {
    let emulator = start(|_| {});
    let browser = logged_in(&emulator);
    let mut session = pollster::block_on(flow::connect(&browser, &page_of(&emulator))).unwrap();
    control(
        &emulator,
        "faults",
        r#"{"method":"POST","path_contains":"generateNewToken","mode":"replace","status":403,"content_type":"","body":"","times":1}"#,
    );
    let failure = pollster::block_on(flow::mint(&browser, &mut session, &order("x", None))).unwrap_err();
    assert_eq!(failure, Failure::NotAllowed { user: "alice".into() });
}

#[test]
fn a_past_expiry_is_refused_by_jenkins_with_its_message() {
    let emulator = start(|config| config.today = Some("2026-11-29".into()));
    let browser = logged_in(&emulator);
    let mut session = pollster::block_on(flow::connect(&browser, &page_of(&emulator))).unwrap();
    let failure =
        pollster::block_on(flow::mint(&browser, &mut session, &order("old", Some(Expiry::On("2026-11-28".into())))))
            .unwrap_err();
    assert_eq!(failure, Failure::Refused { message: "Expiration date is in the past.".into() });
}

/// The popup's rules, with the real flow underneath: one order per click, the form survives failures.
#[test]
fn the_popup_hands_out_one_order_per_click() {
    let emulator = start(|_| {});
    let browser = logged_in(&emulator);
    let mut popup = Popup::default();
    let form = TokenForm { name: "popup".into(), expiry: "30".into(), custom_date: String::new() };
    assert_eq!(popup.begin_mint(&form, "2026-11-29").unwrap_err(), NotNow::Busy, "not connected yet");

    popup.connected(pollster::block_on(flow::connect(&browser, &page_of(&emulator))));
    let (mut session, order) = popup.begin_mint(&form, "2026-11-29").unwrap();
    assert_eq!(popup.begin_mint(&form, "2026-11-29").unwrap_err(), NotNow::Busy, "a second click while minting");
    assert_eq!(popup.screen(), &Screen::Minting);

    control(&emulator, "expire-sessions", "{}");
    let result = pollster::block_on(flow::mint(&browser, &mut session, &order));
    popup.mint_finished(session, result);
    assert!(matches!(popup.screen(), Screen::Ready { failure: Some(Failure::SessionEnded { .. }) }));

    browser.log_in(&emulator, "alice", "alice");
    let (mut session, order) = popup.begin_mint(&form, "2026-11-29").expect("the form is still there");
    let result = pollster::block_on(flow::mint(&browser, &mut session, &order));
    popup.mint_finished(session, result);
    assert!(matches!(popup.screen(), Screen::Minted(token) if token.name == "popup"));
    assert_eq!(popup.begin_mint(&form, "2026-11-29").unwrap_err(), NotNow::Busy, "a shown token is final");
    assert_eq!(token_count(&emulator), 1);
}
