//! Sessions, the login form, identifying headers, `<head>` attributes, `whoAmI`, the anonymous login redirect
//! page and user URLs (docs/jenkins.md#user-urls, #page-head, #identifying-headers, #identity-and-access,
//! #session-cookie).

mod common;

use common::*;
use jenkins_emulator::Config;
use serde_json::json;

const CTX: &str = "/jenkins";

fn jenkins_at(version: &str) -> jenkins_emulator::Emulator {
    start(Config { version: version.to_owned(), context_path: CTX.to_owned(), ..Config::default() })
}

fn assert_advertised(reply: &Reply, version: &str) {
    assert_eq!(reply.header("x-hudson"), Some("1.395"));
    assert_eq!(reply.header("x-jenkins"), Some(version));
    assert!(is_lower_hex(reply.header("x-jenkins-session").unwrap_or_default(), 8));
}

#[test]
fn login_flow_rotates_the_session_and_binds_the_user() {
    let emulator = jenkins_at("2.555.1");
    let mut browser = Client::new(&emulator);

    let page = browser.get(&format!("{CTX}/login?from=%2Fjenkins%2Fme%2F"));
    assert_eq!(page.status, 200);
    assert_advertised(&page, "2.555.1");
    assert_eq!(page.header("content-type"), Some("text/html;charset=utf-8"));
    let set_cookie = page.header("set-cookie").expect("the login page creates a session");
    let cookie_name = emulator.session_cookie_name();
    assert!(cookie_name.starts_with("JSESSIONID.") && is_lower_hex(&cookie_name[11..], 8));
    assert!(set_cookie.starts_with(&format!("{cookie_name}=node0")), "{set_cookie}");
    assert!(set_cookie.ends_with(".node0; Path=/jenkins; HttpOnly; SameSite=Lax"), "{set_cookie}");
    assert!(!set_cookie.contains("Expires") && !set_cookie.contains("Max-Age"));
    assert!(page.body.contains("<form name=\"login\" action=\"j_spring_security_check\" method=\"post\">"));
    for field in ["name=\"j_username\"", "name=\"j_password\"", "name=\"remember_me\"", ">Sign in</button>"] {
        assert!(page.body.contains(field), "{field}");
    }
    assert_eq!(hidden_input(&page.body, "from").as_deref(), Some("/jenkins/me/"));
    assert!(page.body.contains("<head data-rooturl=\"/jenkins\" data-resurl=\"/jenkins/static/"));
    assert!(!page.body.contains("data-crumb-value"), "no crumb attributes on the login head");
    let login_crumb = hidden_input(&page.body, "Jenkins-Crumb").expect("hidden crumb input");
    assert!(is_lower_hex(&login_crumb, 64));
    let anonymous_session = browser.session_cookie(&emulator).expect("cookie");

    let reply = browser.post_login_form(CTX, "alice", "alice", "/jenkins/me/", &login_crumb);
    assert_eq!(reply.status, 302);
    assert_eq!(reply.header("location"), Some("/jenkins/me/"));
    let user_session = browser.session_cookie(&emulator).expect("a new cookie");
    assert_ne!(user_session, anonymous_session, "session fixation protection");

    let who = browser.get(&format!("{CTX}/whoAmI/api/json"));
    assert_eq!(
        who.body,
        r#"{"_class":"hudson.security.WhoAmI","anonymous":false,"authenticated":true,"authorities":["authenticated"],"name":"alice"}"#
    );
    assert_ne!(browser.crumb(CTX), login_crumb, "the crumb changes on login");

    // The pre-login session is gone.
    let mut stale = Client::new(&emulator);
    stale.cookies.insert(cookie_name, anonymous_session);
    assert_eq!(stale.get(&format!("{CTX}/whoAmI/api/json")).json()["name"], "anonymous");
}

#[test]
fn cookie_attributes_follow_the_version_and_context() {
    let emulator = start_version("2.500");
    let reply = Client::new(&emulator).get("/login");
    let set_cookie = reply.header("set-cookie").unwrap_or_default().to_owned();
    assert!(set_cookie.ends_with(".node0; Path=/; HttpOnly"), "no SameSite before 2.513: {set_cookie}");
    let emulator = start_version("2.513");
    let set_cookie = Client::new(&emulator).get("/login").header("set-cookie").unwrap_or_default().to_owned();
    assert!(set_cookie.ends_with("; Path=/; HttpOnly; SameSite=Lax"), "{set_cookie}");
}

fn try_login(version: &str, send_crumb: bool, password: &str) -> Option<String> {
    let emulator = start_version(version);
    let mut browser = Client::new(&emulator);
    let page = browser.get("/login");
    let crumb = hidden_input(&page.body, "Jenkins-Crumb").unwrap_or_default();
    let mut form = vec![("j_username", "bob"), ("j_password", password)];
    if send_crumb {
        form.push(("Jenkins-Crumb", &crumb));
    }
    let reply = browser.post_form("/j_spring_security_check", &form, &[]);
    assert_eq!(reply.status, 302);
    reply.header("location").map(str::to_owned)
}

#[test]
fn the_login_form_needs_the_crumb_from_2_541_and_2_528_3() {
    assert_eq!(try_login("2.555.1", true, "bob").as_deref(), Some("/"));
    assert_eq!(try_login("2.555.1", false, "bob").as_deref(), Some("/loginError"));
    assert_eq!(try_login("2.541", false, "bob").as_deref(), Some("/loginError"));
    assert_eq!(try_login("2.540", false, "bob").as_deref(), Some("/"));
    assert_eq!(try_login("2.528.3", false, "bob").as_deref(), Some("/loginError"));
    assert_eq!(try_login("2.528.2", false, "bob").as_deref(), Some("/"));
    assert_eq!(try_login("2.555.1", true, "wrong").as_deref(), Some("/loginError"));
}

#[test]
fn login_crumb_may_come_as_a_header_and_from_must_be_local() {
    let emulator = jenkins_at("2.555.1");
    let mut browser = Client::new(&emulator);
    let crumb = hidden_input(&browser.get(&format!("{CTX}/login")).body, "Jenkins-Crumb").unwrap_or_default();
    let reply = browser.post_form(
        &format!("{CTX}/j_spring_security_check"),
        &[("j_username", "ALICE"), ("j_password", "alice"), ("from", "//evil.example/")],
        &[("Jenkins-Crumb", &crumb)],
    );
    assert_eq!(reply.header("location"), Some("/jenkins/"), "ids are case-insensitive, foreign targets ignored");
    // Logged in, the error page sends the user home (loginError.jelly).
    let logged_in = browser.get(&format!("{CTX}/loginError"));
    assert_eq!((logged_in.status, logged_in.header("location")), (302, Some("/jenkins/")));
    // Anonymous, it is the form with the error, and 401 (Jenkins' own LoginTest checks this).
    let error_page = Client::new(&emulator).get(&format!("{CTX}/loginError"));
    assert_eq!(error_page.status, 401);
    assert!(error_page.body.contains("Invalid username or password"));
    assert!(error_page.body.contains("j_spring_security_check"), "the form to try again");
}

#[test]
fn logout_and_expired_sessions_end_the_login() {
    let (emulator, mut alice) = with_user(jenkins_at("2.555.1"), CTX, "alice");
    let mut bob = login(&emulator, CTX, "bob", "bob");
    let reply = alice.get(&format!("{CTX}/logout"));
    assert_eq!(reply.status, 302);
    assert_eq!(reply.header("location"), Some("/jenkins/"));
    assert!(reply.header("set-cookie").unwrap_or_default().contains("Max-Age=0"));
    assert_eq!(alice.get(&format!("{CTX}/whoAmI/api/json")).json()["anonymous"], true);

    assert_eq!(bob.get(&format!("{CTX}/whoAmI/api/json")).json()["name"], "bob");
    control_post(&emulator, "expire-sessions", &json!({}));
    assert_eq!(bob.get(&format!("{CTX}/whoAmI/api/json")).json()["name"], "anonymous");
    let me = bob.get(&format!("{CTX}/me/api/json"));
    assert_eq!(me.status, 403, "an expired session is anonymous again");
}

#[test]
fn layout_pages_carry_headers_and_head_attributes() {
    let (_emulator, mut alice) = with_user(jenkins_at("2.555.1"), CTX, "alice");
    let page = alice.get(&format!("{CTX}/"));
    assert_eq!(page.status, 200);
    assert_advertised(&page, "2.555.1");
    assert_eq!(page.header("x-frame-options"), Some("sameorigin"));
    assert_eq!(page.header("content-type"), Some("text/html;charset=utf-8"));
    let session_hash = page.header("x-jenkins-session").unwrap_or_default().to_owned();
    let crumb = alice.crumb(CTX);
    let head = format!(
        "<head data-rooturl=\"/jenkins\" data-resurl=\"/jenkins/static/{session_hash}\" \
         data-imagesurl=\"/jenkins/static/{session_hash}/images\" resURL=\"/jenkins/static/{session_hash}\" \
         data-extensions-available=\"true\" data-crumb-header=\"Jenkins-Crumb\" data-crumb-value=\"{crumb}\" \
         data-unit-test=\"false\">"
    );
    assert!(page.body.contains(&head), "{}", page.body);
    assert!(page.body.contains(
        "<body id=\"jenkins\" class=\"two-column jenkins-2.555.1\" data-version=\"2.555.1\" data-model-type=\"hudson.model.Hudson\""
    ));
    assert!(page.body.contains("Alice Example"));
    assert!(page.body.contains("href=\"/jenkins/logout\""));
    assert!(page.body.contains("href=\"/jenkins/user/alice/security/\""));

    // CSRF off: empty crumb attributes, no crumb issuer.
    let emulator = start(Config { csrf: false, anonymous_read: true, ..Config::default() });
    let mut anonymous = Client::new(&emulator);
    let page = anonymous.get("/");
    assert!(page.body.contains("data-crumb-header=\"\" data-crumb-value=\"\""));
    assert!(page.body.contains("data-testid=\"login\""), "a log in link for anonymous");
    assert!(page.header("set-cookie").is_some(), "every layout page creates a session");
}

#[test]
fn before_2_246_the_crumb_is_in_an_inline_script() {
    let emulator = start(Config { version: "2.245".to_owned(), anonymous_read: true, ..Config::default() });
    let mut client = Client::new(&emulator);
    let page = client.get("/");
    let crumb = client.crumb("");
    assert!(page.body.contains(&format!("crumb.init(\"Jenkins-Crumb\", \"{crumb}\");")));
    assert!(!page.body.contains("data-crumb-value"));
    assert!(page.body.contains("class=\"yui-skin-sam two-column jenkins-2.245\""));

    let emulator = start(Config { version: "2.176".to_owned(), anonymous_read: true, ..Config::default() });
    assert!(is_lower_hex(&Client::new(&emulator).crumb(""), 32), "MD5-sized crumbs before 2.190");
}

#[test]
fn who_am_i_shapes() {
    let emulator = start_version("2.555.1");
    let reply = Client::new(&emulator).get("/whoAmI/api/json");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.body,
        r#"{"_class":"hudson.security.WhoAmI","anonymous":true,"authenticated":true,"authorities":["anonymous"],"name":"anonymous"}"#
    );
    assert_eq!(reply.header("x-jenkins"), Some("2.555.1"));
    assert!(reply.header("x-jenkins-session").is_some());
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(reply.header("x-frame-options"), Some("deny"));
    assert_eq!(reply.header("content-type"), Some("application/json;charset=utf-8"));
    assert_eq!(reply.header("x-hudson"), None, "no X-Hudson on /api/*");
    assert_eq!(reply.header("set-cookie"), None, "whoAmI does not create a session");

    let (_emulator, mut alice) = with_user(start_version("2.218"), "", "alice");
    let body = alice.get("/whoAmI/api/json").body;
    let order = ["anonymous", "authenticated", "authorities", "details", "name", "toString"];
    let positions: Vec<usize> = order.iter().map(|k| body.find(&format!("\"{k}\":")).expect(k)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "sorted keys before 2.219: {body}");
    assert!(body.contains("SessionId: node0"));
}

#[test]
fn anonymous_without_read_gets_the_login_redirect_page() {
    let emulator = jenkins_at("2.555.1");
    let mut anonymous = Client::new(&emulator);
    let reply = anonymous.get(&format!("{CTX}/me/api/json"));
    assert_eq!(reply.status, 403);
    assert_eq!(reply.header("content-type"), Some("text/html;charset=UTF-8"));
    assert_advertised(&reply, "2.555.1");
    assert_eq!(reply.header("x-required-permission"), Some("hudson.model.Hudson.Read"));
    assert_eq!(reply.headers_named("x-permission-implied-by").len(), 2);
    let hash = reply.header("x-jenkins-session").unwrap_or_default();
    let expected_start = format!(
        "<html><head><meta http-equiv='refresh' content='1;url=/jenkins/login?from=%2Fjenkins%2Fme%2Fapi%2Fjson'/>\
         <script id='redirect' data-redirect-url='/jenkins/login?from=%2Fjenkins%2Fme%2Fapi%2Fjson' \
         src='/jenkins/static/{hash}/scripts/redirect.js'></script></head>\
         <body style='background-color:white; color:white;'>\nAuthentication required\n<!--\n\
         You are authenticated as: anonymous\n"
    );
    assert!(reply.body.starts_with(&expected_start), "{}", reply.body);
    assert!(reply.body.ends_with(&format!("-->\n\n</body></html>{}", " ".repeat(300))));

    let with_query = anonymous.get(&format!("{CTX}/?x=1&y=a%20b"));
    assert_eq!(with_query.status, 403);
    assert!(with_query.body.contains("url=/jenkins/login?from=%2Fjenkins%2F%3Fx%3D1%26y%3Da%2520b'"));

    let xhr = anonymous.get_with(&format!("{CTX}/me/api/json"), &[("X-Requested-With", "XMLHttpRequest")]);
    assert_eq!(xhr.status, 403);
    assert!(!xhr.body.contains("Authentication required"));
    assert!(xhr.body.contains("HTTP ERROR 403"));

    // Always readable even so.
    assert_eq!(anonymous.get(&format!("{CTX}/login")).status, 200);
    assert_eq!(anonymous.get(&format!("{CTX}/whoAmI/api/json")).status, 200);
    assert_eq!(anonymous.get(&format!("{CTX}/crumbIssuer/api/json")).status, 403);
}

#[test]
fn anonymous_read_still_cannot_use_me() {
    let emulator = start(Config { anonymous_read: true, ..Config::default() });
    let mut anonymous = Client::new(&emulator);
    assert_eq!(anonymous.get("/").status, 200);
    let me = anonymous.get("/me/api/json");
    assert_eq!(me.status, 403);
    assert!(me.body.contains("url=/login?from=%2Fme%2Fapi%2Fjson'"));
    assert_eq!(me.header("x-required-permission"), None, "getMe() fails without a permission check");
    let alice = anonymous.get("/user/alice/api/json");
    assert_eq!(alice.status, 200);
    assert_eq!(alice.json()["property"], json!([]), "properties only for self or admin");
}

#[test]
fn user_urls_use_the_lower_cased_raw_encoded_key() {
    let emulator = jenkins_at("2.555.1");
    let mut jane = login(&emulator, CTX, "Jane Doe", "jane");
    assert_eq!(jane.get(&format!("{CTX}/whoAmI/api/json")).json()["name"], "Jane Doe");
    let dashboard = jane.get(&format!("{CTX}/"));
    assert!(dashboard.body.contains("href=\"/jenkins/user/jane%20doe\""));
    assert!(dashboard.body.contains("href=\"/jenkins/user/jane%20doe/security/\""));

    let api = jane.get(&format!("{CTX}/user/jane%20doe/api/json")).json();
    assert_eq!(api["id"], "Jane Doe");
    assert_eq!(api["fullName"], "Jane Doe");
    assert_eq!(api["absoluteUrl"], format!("http://127.0.0.1:{}/jenkins/user/jane%20doe", emulator.port()));
    assert_eq!(api["property"][0]["_class"], "jenkins.security.ApiTokenProperty");
    assert_eq!(jane.get(&format!("{CTX}/user/Jane%20Doe/")).status, 200);
    assert_eq!(jane.get(&format!("{CTX}/me/api/json")).json()["id"], "Jane Doe");

    let as_requested = jane.get(&format!("{CTX}/user/Jane%20Doe/security/"));
    assert!(as_requested.body.contains(
        "data-target-url=\"/jenkins/user/Jane%20Doe/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken\""
    ));
    let via_me = jane.get(&format!("{CTX}/me/security/"));
    assert!(via_me.body.contains(
        "data-target-url=\"/jenkins/me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken\""
    ));

    let mut bob = login(&emulator, CTX, "bob", "bob");
    assert_eq!(bob.get(&format!("{CTX}/user/jane%20doe/api/json")).json()["property"], json!([]));
}

#[test]
fn redirects_and_not_found_pages() {
    let (_emulator, mut alice) = with_user(jenkins_at("2.555.1"), CTX, "alice");
    let reply = alice.get("/jenkins");
    assert_eq!((reply.status, reply.header("location")), (302, Some("/jenkins/")));
    let reply = alice.get("/jenkins/user/alice");
    assert_eq!((reply.status, reply.header("location")), (302, Some("/jenkins/user/alice/")));
    let reply = alice.get("/jenkins/user/alice/security");
    assert_eq!((reply.status, reply.header("location")), (302, Some("/jenkins/user/alice/security/")));

    let missing = alice.get("/jenkins/user/mallory/");
    assert_eq!(missing.status, 404);
    assert_advertised(&missing, "2.555.1");
    assert!(missing.body.contains("Oops!") && missing.body.contains("data-crumb-value=\""));
    assert_eq!(alice.get("/jenkins/nothing/here").status, 404);
    assert_eq!(alice.get("/jenkins/user/alice/configure").status, 404, "no configure page from 2.468");

    let outside = alice.get("/elsewhere");
    assert_eq!(outside.status, 404);
    assert_eq!(outside.header("x-jenkins"), None, "outside the context path: the bare container");
}
