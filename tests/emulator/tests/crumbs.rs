//! The crumb issuer and the crumb filter (docs/jenkins.md#crumb-issuer).

mod common;

use common::*;
use jenkins_emulator::Config;
use serde_json::json;

#[test]
fn the_crumb_issuer_creates_a_session_and_matches_the_page_head() {
    let emulator = start(Config { anonymous_read: true, ..Config::default() });
    let mut first = Client::new(&emulator);
    let reply = first.get("/crumbIssuer/api/json");
    assert_eq!(reply.status, 200);
    assert!(reply.header("set-cookie").is_some(), "getSession() creates one");
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(reply.header("x-frame-options"), Some("deny"));
    assert_eq!(reply.header("x-hudson"), None);
    let crumb = reply.json()["crumb"].as_str().unwrap_or_default().to_owned();
    assert!(is_lower_hex(&crumb, 64));
    assert_eq!(
        reply.body,
        format!(
            r#"{{"_class":"hudson.security.csrf.DefaultCrumbIssuer","crumb":"{crumb}","crumbRequestField":"Jenkins-Crumb"}}"#
        )
    );
    assert_eq!(first.crumb(""), crumb, "stable within the session");
    let page = first.get("/");
    assert!(page.body.contains(&format!("data-crumb-value=\"{crumb}\"")));

    let mut second = Client::new(&emulator);
    assert_ne!(second.crumb(""), crumb, "two cookie-less requests get different crumbs");
}

#[test]
fn the_crumb_issuer_xml_api() {
    let (_emulator, mut alice) = with_user(start_version("2.555.1"), "", "alice");
    let crumb = alice.crumb("");
    let xml = alice.get("/crumbIssuer/api/xml");
    assert_eq!(xml.status, 200);
    assert_eq!(
        xml.body,
        format!(
            "<defaultCrumbIssuer _class=\"hudson.security.csrf.DefaultCrumbIssuer\"><crumb>{crumb}</crumb>\
             <crumbRequestField>Jenkins-Crumb</crumbRequestField></defaultCrumbIssuer>"
        )
    );
    let xpath = |client: &mut Client, expression: &str| {
        client.get(&format!("/crumbIssuer/api/xml?{}", form_encode(&[("xpath", expression)])))
    };
    let reply = xpath(&mut alice, "concat(//crumbRequestField,\":\",//crumb)");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("text/plain;charset=UTF-8"));
    assert_eq!(reply.body, format!("Jenkins-Crumb:{crumb}"));
    assert_eq!(xpath(&mut alice, "concat(//crumbRequestField,'=',//crumb)").body, format!("Jenkins-Crumb={crumb}"));
    assert_eq!(xpath(&mut alice, "/*/crumbRequestField/text()").body, "Jenkins-Crumb");
    assert_eq!(xpath(&mut alice, "/*/crumb/text()").body, crumb);
    assert_eq!(xpath(&mut alice, "concat(//crumb,'/',//crumbRequestField)").status, 403);
    assert_eq!(xpath(&mut alice, "//crumb").body, format!("<crumb>{crumb}</crumb>"));
    assert_eq!(alice.get("/crumbIssuer/api/json?jsonp=callback").status, 403);

    // `=` only for field names starting with `.` or containing `-`.
    let emulator = start(Config { crumb_field: "crumb".to_owned(), ..Config::default() });
    let mut alice = login_with_field(&emulator, "crumb");
    assert_eq!(xpath(&mut alice, "concat(//crumbRequestField,'=',//crumb)").status, 403);
}

fn login_with_field(emulator: &jenkins_emulator::Emulator, field: &str) -> Client {
    let mut client = Client::new(emulator);
    let page = client.get("/login");
    let crumb = hidden_input(&page.body, field).unwrap_or_default();
    let reply = client.post_form(
        "/j_spring_security_check",
        &[("j_username", "alice"), ("j_password", "alice"), (field, &crumb)],
        &[],
    );
    assert_eq!(reply.header("location"), Some("/"));
    client
}

#[test]
fn a_custom_crumb_field_is_used_everywhere() {
    let emulator = start(Config { crumb_field: "X-Crumb".to_owned(), ..Config::default() });
    let mut alice = login_with_field(&emulator, "X-Crumb");
    let issued = alice.get("/crumbIssuer/api/json").json();
    assert_eq!(issued["crumbRequestField"], "X-Crumb");
    let crumb = issued["crumb"].as_str().unwrap_or_default().to_owned();
    assert!(alice.get("/").body.contains("data-crumb-header=\"X-Crumb\""));
    assert_eq!(alice.post_form(GENERATE, &[], &[("Jenkins-Crumb", &crumb)]).status, 403);
    assert_eq!(alice.post_form(GENERATE, &[], &[("X-Crumb", &crumb)]).status, 200);
}

#[test]
fn a_post_without_a_valid_crumb_is_refused() {
    let (emulator, mut alice) = with_user(start_version("2.555.1"), "", "alice");
    let reply = alice.post_form(GENERATE, &[("newTokenName", "x")], &[]);
    assert_eq!(reply.status, 403);
    assert_eq!(reply.reason, "No valid crumb was included in the request");
    assert!(reply.body.contains("<title>Error 403 No valid crumb was included in the request</title>"));
    assert!(reply.body.contains(
        "<tr><th>URI:</th><td>/me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken</td></tr>"
    ));

    let crumb = alice.crumb("");
    // As a form parameter instead of the header.
    assert_eq!(alice.post_form(GENERATE, &[("newTokenName", "x"), ("Jenkins-Crumb", &crumb)], &[]).status, 200);
    // As a query parameter.
    assert_eq!(alice.post_form(&format!("{GENERATE}?Jenkins-Crumb={crumb}"), &[], &[]).status, 200);
    // The old `.crumb` name is dead code in CrumbFilter.
    assert_eq!(alice.post_form(GENERATE, &[(".crumb", &crumb)], &[]).status, 403);
    // Another user's (and session's) crumb does not work.
    let mut bob = login(&emulator, "", "bob", "bob");
    let bobs = bob.crumb("");
    assert_eq!(alice.post_form(GENERATE, &[], &[("Jenkins-Crumb", &bobs)]).status, 403);
    // Nor does a crumb after the session expired.
    control_post(&emulator, "expire-sessions", &json!({}));
    assert_eq!(alice.post_form(GENERATE, &[], &[("Jenkins-Crumb", &crumb)]).status, 403);
}

#[test]
fn reject_crumbs_fails_the_next_checks() {
    let (emulator, mut alice) = with_user(start_version("2.555.1"), "", "alice");
    let crumb = alice.crumb("");
    control_post(&emulator, "reject-crumbs", &json!({"times": 2}));
    assert_eq!(alice.post_form(GENERATE, &[], &[("Jenkins-Crumb", &crumb)]).status, 403);
    assert_eq!(alice.post_form(GENERATE, &[], &[("Jenkins-Crumb", &crumb)]).status, 403);
    assert_eq!(alice.post_form(GENERATE, &[], &[("Jenkins-Crumb", &crumb)]).status, 200);
}

#[test]
fn csrf_off_means_no_issuer_and_no_check() {
    let (_emulator, mut alice) = with_user(start(Config { csrf: false, ..Config::default() }), "", "alice");
    let reply = alice.get("/crumbIssuer/api/json");
    assert_eq!(reply.status, 404);
    assert_eq!(reply.header("x-jenkins"), Some("2.555.1"), "Jenkins' own 404 page");
    assert_eq!(alice.post_form(GENERATE, &[("newTokenName", "no crumb")], &[]).status, 200);
}

#[test]
fn anonymous_crumbs_and_generate() {
    let emulator = start(Config { anonymous_read: true, ..Config::default() });
    let mut anonymous = Client::new(&emulator);
    let other_user = "/user/alice/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken";
    assert_eq!(anonymous.post_form(other_user, &[], &[]).status, 403);
    let reply = anonymous.post_with_crumb("", other_user, &[]);
    assert_eq!((reply.status, reply.body.as_str()), (403, ""), "User.current() is null: a bare 403");
    let reply = anonymous.post_with_crumb("", GENERATE, &[]);
    assert_eq!(reply.status, 403);
    assert!(reply.body.contains("Authentication required"));
}
