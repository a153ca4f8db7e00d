//! The CloudBees CI profiles (docs/jenkins.md#cloudbees-ci): 4-part versions, the plugin list with its marker plugins,
//! and the controller's login delegated to the operations center.

mod common;

use common::*;
use jenkins_emulator::{CloudBees, Config, Emulator};

const CTX: &str = "/jenkins";

fn profile(cloudbees: Option<CloudBees>) -> Emulator {
    start(Config {
        context_path: CTX.to_owned(),
        version: CloudBees::DEFAULT_VERSION.to_owned(),
        cloudbees,
        ..Config::default()
    })
}

fn plugin_names(reply: &Reply) -> Vec<String> {
    let json = reply.json();
    assert_eq!(json["_class"], "hudson.LocalPluginManager");
    json["plugins"]
        .as_array()
        .expect("plugins")
        .iter()
        .map(|p| {
            assert_eq!(p["active"], true);
            assert_eq!(p.as_object().map(|o| o.len()), Some(2), "{p}");
            p["shortName"].as_str().expect("shortName").to_owned()
        })
        .collect()
}

#[test]
fn flags_select_the_profile_and_its_four_part_version() {
    let parse = |args: &[&str]| Config::from_args(args.iter().map(|s| s.to_string()));
    let plain = parse(&[]).expect("valid");
    assert_eq!(plain.cloudbees, None);
    assert_eq!(plain.version, "2.555.1");
    assert_eq!(plain.operations_center_url, "http://127.0.0.1:1/cjoc/");
    assert_eq!(Config::default().cloudbees, None);
    assert_eq!(Config::default().operations_center_url, "http://127.0.0.1:1/cjoc/");

    let controller = parse(&["--cloudbees", "controller"]).expect("valid");
    assert_eq!(controller.cloudbees, Some(CloudBees::Controller));
    assert_eq!(controller.version, "2.516.1.28665");
    let oc = parse(&["--cloudbees=operations-center"]).expect("valid");
    assert_eq!(oc.cloudbees, Some(CloudBees::OperationsCenter));
    assert_eq!(oc.version, "2.516.1.28665");
    // An explicit version wins, before or after the profile.
    for args in [
        ["--version", "2.479.3.2", "--cloudbees", "controller"],
        ["--cloudbees", "controller", "--version", "2.479.3.2"],
    ] {
        assert_eq!(parse(&args).expect("valid").version, "2.479.3.2");
    }
    let url =
        parse(&["--cloudbees", "controller", "--operations-center-url", "https://oc.example/cjoc"]).expect("valid");
    assert_eq!(url.operations_center_url, "https://oc.example/cjoc/");

    assert!(parse(&["--cloudbees", "cjoc"]).is_err());
    assert!(parse(&["--cloudbees"]).is_err());
    assert!(parse(&["--operations-center-url", "oc.example/cjoc/"]).is_err());
    assert!(parse(&["--version", "2.516.1.x"]).is_err());
}

#[test]
fn four_part_versions_are_advertised_and_gate_by_their_first_parts() {
    let (emulator, mut alice) = with_user(profile(Some(CloudBees::OperationsCenter)), CTX, "alice");
    let page = alice.get(&format!("{CTX}/"));
    assert_eq!(page.header("x-jenkins"), Some("2.516.1.28665"));
    assert!(page.body.contains("data-version=\"2.516.1.28665\""));
    // 2.516.1: SameSite=Lax (2.513), security page (2.468), token cards (2.505), no expiry (2.548).
    let cookie = Client::new(&emulator).get(&format!("{CTX}/login")).headers_named("set-cookie").join("\n");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    let security = alice.get(&format!("{CTX}/me/security/"));
    assert_eq!(security.status, 200);
    assert!(security.body.contains("token-list"));
    let data = mint(&mut alice, CTX, "on the operations center");
    assert!(data.get("expirationDate").is_none(), "{data}");
    let who = alice.get(&format!("{CTX}/whoAmI/api/json"));
    assert_eq!(who.header("x-jenkins"), Some("2.516.1.28665"));
    assert!(emulator.summary().contains("CloudBees CI operations center"));
}

#[test]
fn the_plugin_manager_api_lists_the_marker_plugins_to_admins() {
    let cases = [
        (None, None),
        (Some(CloudBees::Controller), Some("operations-center-client")),
        (Some(CloudBees::OperationsCenter), Some("operations-center-server")),
    ];
    for (cloudbees, marker) in cases {
        let (_emulator, mut admin) = with_user(profile(cloudbees), CTX, "admin");
        for query in ["", "?tree=plugins[shortName,active]", "?tree=plugins%5BshortName%2Cactive%5D"] {
            let reply = admin.get(&format!("{CTX}/pluginManager/api/json{query}"));
            assert_eq!(reply.status, 200, "{}", reply.body);
            assert_eq!(reply.header("content-type"), Some("application/json;charset=utf-8"));
            assert_eq!(reply.header("x-jenkins"), Some("2.516.1.28665"));
            assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
            assert_eq!(reply.header("x-frame-options"), Some("deny"));
            assert_eq!(reply.header("x-hudson"), None);
            let names = plugin_names(&reply);
            for common in ["credentials", "git", "workflow-aggregator"] {
                assert!(names.iter().any(|n| n == common), "{names:?}");
            }
            let markers: Vec<&String> = names.iter().filter(|n| n.starts_with("operations-center-")).collect();
            assert_eq!(markers.iter().map(|s| s.as_str()).collect::<Vec<_>>(), marker.into_iter().collect::<Vec<_>>());
        }
        assert_eq!(admin.get(&format!("{CTX}/pluginManager/nothing")).status, 404);
    }
    // Plain Jenkins (the default config) serves it too, without the markers.
    let (_plain, mut admin) = with_user(start(Config::default()), "", "admin");
    let reply = admin.get("/pluginManager/api/json?tree=plugins[shortName,active]");
    assert!(!reply.body.contains("operations-center"));
    assert_eq!(plugin_names(&reply).len(), 4);
}

#[test]
fn the_plugin_manager_is_for_administrators_only() {
    let (emulator, mut alice) = with_user(profile(Some(CloudBees::Controller)), CTX, "alice");
    let reply = alice.get(&format!("{CTX}/pluginManager/api/json?tree=plugins[shortName,active]"));
    assert_eq!(reply.status, 403);
    assert!(reply.body.contains("<h1>Access Denied</h1>"));
    assert!(reply.body.contains("alice is missing the Overall/Administer permission"));
    assert_eq!(reply.header("x-required-permission"), Some("hudson.model.Hudson.Administer"));
    assert!(!reply.body.contains("operations-center-client"));

    let reply = Client::new(&emulator).get(&format!("{CTX}/pluginManager/api/json"));
    assert_eq!(reply.status, 403);
    assert!(reply.body.contains("Authentication required"));
    assert!(reply.body.contains("data-redirect-url='/jenkins/login?from=%2Fjenkins%2FpluginManager%2Fapi%2Fjson'"));
    // With anonymous read, anonymous still lacks Overall/Administer: the same login page.
    let readable = start(Config { anonymous_read: true, cloudbees: Some(CloudBees::Controller), ..Config::default() });
    let reply = Client::new(&readable).get("/pluginManager/api/json");
    assert_eq!(reply.status, 403);
    assert!(reply.body.contains("Authentication required"));
    assert_eq!(reply.header("x-required-permission"), Some("hudson.model.Hudson.Administer"));
}

#[test]
fn a_controller_delegates_its_login_to_the_operations_center() {
    let emulator = profile(Some(CloudBees::Controller));
    let mut browser = Client::new(&emulator);
    let reply = browser.get(&format!("{CTX}/login"));
    assert_eq!(reply.status, 302);
    assert_eq!(reply.header("location"), Some("http://127.0.0.1:1/cjoc/login?from=%2Fjenkins%2F"));
    let reply = browser.get(&format!("{CTX}/login?from=%2Fjenkins%2Fme%2Fsecurity%2F"));
    assert_eq!(reply.header("location"), Some("http://127.0.0.1:1/cjoc/login?from=%2Fjenkins%2Fme%2Fsecurity%2F"));
    // A `from` leaving the controller is not passed on.
    let reply = browser.get(&format!("{CTX}/login?from=https%3A%2F%2Fevil.example%2F"));
    assert_eq!(reply.header("location"), Some("http://127.0.0.1:1/cjoc/login?from=%2Fjenkins%2F"));
    // Pages still point at the controller's own login, which then redirects.
    let denied = browser.get(&format!("{CTX}/me/api/json"));
    assert!(denied.body.contains("/jenkins/login?from=%2Fjenkins%2Fme%2Fapi%2Fjson"));

    // The form POST still works (tests log in with it directly), and so does minting.
    // (2.516.1 needs no crumb on the login form; `/loginError` still carries one for later versions.)
    let mut alice = Client::new(&emulator);
    let form = alice.get(&format!("{CTX}/loginError"));
    assert_eq!(form.status, 401, "loginError is still the controller's page");
    let crumb = hidden_input(&form.body, "Jenkins-Crumb").expect("crumb");
    let reply = alice.post_login_form(CTX, "alice", "alice", "/jenkins/me/", &crumb);
    assert_eq!(reply.status, 302);
    assert_eq!(reply.header("location"), Some("/jenkins/me/"));
    let who = alice.get(&format!("{CTX}/whoAmI/api/json"));
    assert_eq!(who.json()["name"], "alice");
    let data = mint(&mut alice, CTX, "on a controller");
    let value = data["tokenValue"].as_str().unwrap_or_default();
    let mut api = Client::basic(&emulator, "alice", value);
    assert_eq!(api.get(&format!("{CTX}/whoAmI/api/json")).json()["name"], "alice");

    let summary = emulator.summary();
    assert!(summary.contains("CloudBees CI controller"), "{summary}");
    assert!(summary.contains("http://127.0.0.1:1/cjoc/"), "{summary}");
    assert!(Emulator::start(Config::default()).expect("starts").summary().contains("profile: plain Jenkins"));
}

#[test]
fn the_operations_center_url_is_configurable_and_other_profiles_keep_their_login_page() {
    let emulator = start(Config {
        cloudbees: Some(CloudBees::Controller),
        operations_center_url: "https://oc.example:8443/cjoc".to_owned(),
        ..Config::default()
    });
    let reply = Client::new(&emulator).get("/login?from=%2Fjob%2Fx%2F");
    assert_eq!(reply.header("location"), Some("https://oc.example:8443/cjoc/login?from=%2Fjob%2Fx%2F"));
    for cloudbees in [None, Some(CloudBees::OperationsCenter)] {
        let emulator = profile(cloudbees);
        let reply = Client::new(&emulator).get(&format!("{CTX}/login"));
        assert_eq!(reply.status, 200);
        assert!(reply.body.contains("j_spring_security_check"));
        assert!(login(&emulator, CTX, "bob", "bob").get(&format!("{CTX}/me/")).status == 200);
    }
    assert!(Emulator::start(Config { operations_center_url: "not a url".to_owned(), ..Config::default() }).is_err());
}

#[test]
fn the_binary_reports_the_profile_on_stderr() {
    use std::io::{BufRead, BufReader};

    let (mut child, line) = spawn_binary(&["--port", "0", "--cloudbees", "controller", "--quiet"]);
    assert!(line.contains("\"listening\""), "{line}");
    // The summary follows the listening line; its last line names the control API.
    let mut stderr = String::new();
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    while !stderr.contains("control API") {
        match lines.next() {
            Some(Ok(line)) => stderr.push_str(&format!("{line}\n")),
            _ => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(stderr.contains("playing Jenkins 2.516.1.28665"), "{stderr}");
    assert!(stderr.contains("profile: CloudBees CI controller"), "{stderr}");
}
