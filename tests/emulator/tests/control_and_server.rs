//! The control API (faults, latency, crumb rejection, request log), static files, the HTTP layer,
//! flag parsing and the binary's start-up line.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::*;
use jenkins_emulator::{Config, Emulator};
use serde_json::{Value, json};

fn fault(emulator: &Emulator, spec: Value) {
    assert_eq!(control_post(emulator, "faults", &spec), json!({"ok": true}));
}

/// A default emulator, and alice logged in, with her crumb, and the fault `spec` waiting for her next mint
/// (`POST` to `generateNewToken`).
fn alice_facing_a_mint_fault(mut spec: Value) -> (Emulator, Client, String) {
    let (emulator, mut alice) = with_user(start(Config::default()), "", "alice");
    let crumb = alice.crumb("");
    spec["method"] = json!("POST");
    spec["path_contains"] = json!("generateNewToken");
    fault(&emulator, spec);
    (emulator, alice, crumb)
}

/// The `status` and `fault` of the last request in the log.
fn last_status_and_fault(emulator: &Emulator) -> (Value, Value) {
    let log = control_get(emulator, "requests");
    let last = log.as_array().and_then(|l| l.last().cloned()).unwrap_or_default();
    (last["status"].clone(), last["fault"].clone())
}

#[test]
fn replace_fault_answers_instead_of_jenkins_for_the_given_count() {
    let (emulator, mut alice, _) = alice_facing_a_mint_fault(
        json!({"mode": "replace", "status": 503, "content_type": "text/plain", "body": "maintenance", "times": 2}),
    );
    assert_eq!(alice.get(GENERATE).status, 405, "GET does not match a POST fault");
    for _ in 0..2 {
        let reply = alice.post_with_crumb("", GENERATE, &[("newTokenName", "x")]);
        assert_eq!((reply.status, reply.body.as_str()), (503, "maintenance"));
        assert_eq!(reply.header("content-type"), Some("text/plain"));
    }
    assert!(tokens_of(&emulator, "alice").is_empty());
    assert_eq!(alice.post_with_crumb("", GENERATE, &[("newTokenName", "x")]).status, 200);
    let log = control_get(&emulator, "requests");
    assert!(log.as_array().is_some_and(|l| { l.iter().any(|e| e["fault"] == "replace" && e["status"] == 503) }));
}

#[test]
fn a_fault_with_skip_lets_that_many_matching_requests_pass_first() {
    let (emulator, mut alice, _) = alice_facing_a_mint_fault(json!({"mode": "replace", "status": 500, "skip": 1}));
    let statuses: Vec<u16> =
        (0..3).map(|_| alice.post_with_crumb("", GENERATE, &[("newTokenName", "x")]).status).collect();
    assert_eq!(statuses, [200, 500, 200]);
    assert_eq!(tokens_of(&emulator, "alice").len(), 2);
}

#[test]
fn delay_fault_and_latency_slow_requests_down() {
    let emulator = start(Config::default());
    let mut client = Client::new(&emulator);
    fault(&emulator, json!({"path_contains": "whoAmI", "mode": "delay", "delay_ms": 300}));
    let started = Instant::now();
    assert_eq!(client.get("/whoAmI/api/json").status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let started = Instant::now();
    client.get("/whoAmI/api/json");
    assert!(started.elapsed() < Duration::from_millis(300), "times defaults to 1");

    control_post(&emulator, "latency", &json!({"ms": 250}));
    let started = Instant::now();
    client.get("/login");
    assert!(started.elapsed() >= Duration::from_millis(250));
    let started = Instant::now();
    control_get(&emulator, "requests");
    assert!(started.elapsed() < Duration::from_millis(250), "the control API is never delayed");
    control_post(&emulator, "reset", &json!({}));
    let started = Instant::now();
    client.get("/login");
    assert!(started.elapsed() < Duration::from_millis(250), "reset clears the latency");
}

#[test]
fn drop_before_closes_without_handling() {
    let (emulator, mut alice, crumb) = alice_facing_a_mint_fault(json!({"mode": "drop_before"}));
    let reply = alice.try_post_form(GENERATE, &[("newTokenName", "lost")], &[("Jenkins-Crumb", &crumb)]);
    assert!(reply.is_none(), "no answer at all");
    assert!(tokens_of(&emulator, "alice").is_empty(), "nothing was minted");
    assert_eq!(last_status_and_fault(&emulator), (Value::Null, json!("drop_before")));
}

#[test]
fn drop_after_mints_then_closes_without_answering() {
    let (emulator, mut alice, crumb) = alice_facing_a_mint_fault(json!({"mode": "drop_after"}));
    let reply = alice.try_post_form(GENERATE, &[("newTokenName", "orphan")], &[("Jenkins-Crumb", &crumb)]);
    assert!(reply.is_none(), "the connection is closed without an answer");
    let tokens = tokens_of(&emulator, "alice");
    assert_eq!(tokens.len(), 1, "but the token was minted");
    assert_eq!(tokens[0]["name"], "orphan");
    assert_eq!(tokens[0]["use_count"], 0);
    assert_eq!(last_status_and_fault(&emulator), (json!(200), json!("drop_after")));
}

#[test]
fn replace_after_mints_then_answers_as_a_proxy_would() {
    let (emulator, mut alice, crumb) = alice_facing_a_mint_fault(
        json!({"mode": "replace_after", "status": 504, "body": "<html><h1>504 Gateway Time-out</h1></html>"}),
    );
    let reply = alice.post_form(GENERATE, &[("newTokenName", "behind nginx")], &[("Jenkins-Crumb", &crumb)]);
    assert_eq!(reply.status, 504);
    assert!(reply.body.contains("Gateway Time-out") && !reply.body.contains("tokenValue"), "{}", reply.body);
    let tokens = tokens_of(&emulator, "alice");
    assert_eq!(tokens.len(), 1, "Jenkins stored the token all the same");
    assert_eq!(tokens[0]["name"], "behind nginx");
    assert_eq!(last_status_and_fault(&emulator), (json!(504), json!("replace_after")));
    let answered =
        control_get(&emulator, "exchanges").as_array().and_then(|all| all.last().cloned()).unwrap_or_default();
    assert!(!answered["response"]["body"].as_str().unwrap_or_default().contains("tokenValue"), "the value never left");
}

#[test]
fn cut_after_mints_then_breaks_the_answer_mid_way() {
    let (emulator, alice, crumb) = alice_facing_a_mint_fault(json!({"mode": "cut_after"}));
    let body = form_encode(&[("newTokenName", "half")]);
    let request = format!(
        "POST {GENERATE} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {}\r\nJenkins-Crumb: {crumb}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        alice.cookie_header().expect("a session"),
        body.len()
    );
    let reply = raw_exchange(emulator.port(), request.as_bytes()).expect("part of an answer");
    let reply = String::from_utf8_lossy(&reply);
    let (head, partial_body) = reply.split_once("\r\n\r\n").expect("a whole head");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let promised: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("Content-Length: "))
        .and_then(|length| length.trim().parse().ok())
        .expect("a length");
    assert!(!partial_body.is_empty() && partial_body.len() < promised, "the body is cut short");
    let tokens = tokens_of(&emulator, "alice");
    assert_eq!(tokens.len(), 1, "the token was minted");
    assert_eq!(tokens[0]["name"], "half");
}

#[test]
fn the_request_log_records_every_jenkins_request_in_order() {
    let (emulator, mut alice) = with_user(start(Config::default()), "", "alice");
    alice.post_with_crumb("", GENERATE, &[("newTokenName", "logged")]);
    alice.get_with("/whoAmI/api/json?tree=name", &[("Origin", "chrome-extension://abc")]);
    Client::basic(&emulator, "alice", "wrong").get("/whoAmI/api/json");
    Client::basic(&emulator, "alice", "alice").get("/whoAmI/api/json");

    let reply = Client::new(&emulator).get("/__emulator/requests");
    assert!(reply.body.starts_with(r#"[{"method":"GET","path":"/login","query":null,"status":200,"cookie":false,"crumb":false,"auth":"none","origin":null"#), "{}", reply.body);
    let log = reply.json();
    let entries = log.as_array().cloned().unwrap_or_default();
    let summary: Vec<(String, String, String)> = entries
        .iter()
        .map(|e| {
            (
                e["method"].as_str().unwrap_or_default().to_owned(),
                e["path"].as_str().unwrap_or_default().to_owned(),
                e["auth"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("GET", "/login", "none"),
        ("POST", "/j_spring_security_check", "none"),
        ("GET", "/crumbIssuer/api/json", "session"),
        ("POST", GENERATE, "session"),
        ("GET", "/whoAmI/api/json", "session"),
        ("GET", "/whoAmI/api/json", "basic-invalid"),
        ("GET", "/whoAmI/api/json", "basic-password"),
    ];
    let expected: Vec<(String, String, String)> =
        expected.iter().map(|(m, p, a)| (m.to_string(), p.to_string(), a.to_string())).collect();
    assert_eq!(summary, expected);
    assert_eq!(entries[1]["crumb"], true, "the login form carries the crumb");
    assert_eq!(entries[1]["cookie"], true);
    assert_eq!(entries[3]["crumb"], true);
    assert_eq!(entries[3]["status"], 200);
    assert_eq!(entries[4]["query"], "tree=name");
    assert_eq!(entries[4]["origin"], "chrome-extension://abc");
    assert_eq!(entries[5]["status"], 401);

    control_post(&emulator, "reset", &json!({}));
    assert_eq!(control_get(&emulator, "requests"), json!([]));
    assert_eq!(tokens_of(&emulator, "alice").len(), 1, "reset keeps tokens");
    assert_eq!(alice.get("/whoAmI/api/json").json()["name"], "alice", "and sessions");
}

#[test]
fn replace_fault_can_redirect_elsewhere() {
    let (emulator, mut alice) = with_user(start(Config::default()), "", "alice");
    fault(
        &emulator,
        json!({"method": "GET", "path_contains": "whoAmI", "mode": "replace", "status": 302, "body": "",
               "headers": {"Location": "http://127.0.0.1:9/whoAmI/api/json", "X-Extra": "1"}}),
    );
    let reply = alice.get("/whoAmI/api/json");
    assert_eq!(reply.status, 302);
    assert_eq!(reply.header("location"), Some("http://127.0.0.1:9/whoAmI/api/json"));
    assert_eq!(reply.header("x-extra"), Some("1"));
    assert_eq!(alice.get("/whoAmI/api/json").status, 200, "once only");
    let mut client = Client::new(&emulator);
    let bad = client.request("POST", "/__emulator/faults", &[], r#"{"mode":"replace","headers":["Location"]}"#);
    assert_eq!(bad.status, 400, "headers is an object");
}

#[test]
fn exchanges_hold_every_header_and_body_both_ways() {
    let (emulator, mut alice) = with_user(start(Config::default()), "", "alice");
    control_post(&emulator, "reset", &json!({}));
    let minted = mint(&mut alice, "", "raw one");
    let value = minted["tokenValue"].as_str().unwrap_or_default();
    assert_eq!(value.len(), 34);
    alice.get_with("/whoAmI/api/json?x=1", &[("X-Probe", "seen")]);

    let exchanges = control_get(&emulator, "exchanges");
    let exchanges = exchanges.as_array().cloned().unwrap_or_default();
    let requests = control_get(&emulator, "requests");
    assert_eq!(exchanges.len(), requests.as_array().map_or(0, Vec::len), "one exchange per logged request");
    let post = exchanges.iter().find(|e| e["method"] == "POST").cloned().unwrap_or_default();
    assert_eq!(post["target"], GENERATE);
    assert_eq!(post["body"], "newTokenName=raw+one");
    let headers = post["headers"].as_array().cloned().unwrap_or_default();
    assert!(
        headers.iter().any(|h| h[0].as_str().is_some_and(|n| n.eq_ignore_ascii_case("cookie"))),
        "request headers with their values: {headers:?}"
    );
    assert!(headers.iter().any(|h| h[0] == "Jenkins-Crumb"));
    assert_eq!(post["response"]["status"], 200);
    assert!(post["response"]["body"].as_str().is_some_and(|b| b.contains(value)), "the mint answer holds the token");
    let probe = exchanges.last().cloned().unwrap_or_default();
    assert_eq!(probe["target"], "/whoAmI/api/json?x=1");
    assert!(probe["headers"].as_array().is_some_and(|h| h.contains(&json!(["X-Probe", "seen"]))));

    control_post(&emulator, "reset", &json!({}));
    assert_eq!(control_get(&emulator, "exchanges"), json!([]));
}

#[test]
fn users_can_be_added_with_any_id_and_full_name() {
    let emulator = start(Config::default());
    let id = "<img src=x onerror=\"window.__pwned=1\">";
    let full_name = "</title><script>window.__pwned=2</script>";
    control_post(&emulator, "users", &json!({"id": id, "password": "pw", "full_name": full_name}));
    let mut user = login(&emulator, "", id, "pw");
    assert_eq!(user.get("/whoAmI/api/json").json()["name"], id);
    let page = user.get("/me/");
    assert_eq!(page.status, 200);
    assert!(
        !page.body.contains(full_name) && !page.body.contains("<img src=x"),
        "pages escape the names, as Jenkins does"
    );
    assert_eq!(mint(&mut user, "", "t")["tokenName"], "t");

    let mut client = Client::new(&emulator);
    let again = client.request(
        "POST",
        "/__emulator/users",
        &[],
        &json!({"id": id.to_uppercase(), "password": "x"}).to_string(),
    );
    assert_eq!(again.status, 409, "ids are case-insensitive");
    let empty = client.request("POST", "/__emulator/users", &[], r#"{"id":"","password":"x"}"#);
    assert_eq!(empty.status, 400);
    assert_eq!(client.get("/__emulator/users").status, 405);
}

#[test]
fn control_api_errors() {
    let emulator = start(Config::default());
    let mut client = Client::new(&emulator);
    let bad = client.request("POST", "/__emulator/faults", &[], r#"{"mode":"explode"}"#);
    assert_eq!(bad.status, 400);
    assert_eq!(client.get("/__emulator/faults").status, 405);
    assert_eq!(client.get("/__emulator/nothing").status, 404);
    assert_eq!(client.get("/__emulator/users/mallory/tokens").status, 404);
    assert_eq!(client.get("/__emulator/users/Jane%20Doe/tokens").status, 200);
}

struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
        let path = std::env::temp_dir().join(format!("jenkins-emulator-www-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(path.join("www/pkg")).expect("temp dir");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn www_serves_static_files_inside_the_directory_only() {
    let temp = TempDir::new();
    let www = temp.0.join("www");
    std::fs::write(www.join("index.html"), "<h1>demo</h1>").expect("write");
    std::fs::write(www.join("pkg/core_bg.wasm"), b"\0asm\x01\0\0\0").expect("write");
    std::fs::write(www.join("pkg/core.js"), "export {};").expect("write");
    std::fs::write(temp.0.join("secret.txt"), "TOP-SECRET-CONTENT").expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(temp.0.join("secret.txt"), www.join("link.txt")).expect("symlink");

    let emulator = start(Config { www: Some(www.clone()), context_path: "/jenkins".into(), ..Config::default() });
    let mut client = Client::new(&emulator);
    let index = client.get("/jenkins/www/");
    assert_eq!((index.status, index.body.as_str()), (200, "<h1>demo</h1>"));
    assert!(index.header("content-type").unwrap_or_default().starts_with("text/html"));
    assert_eq!(index.header("x-jenkins"), None);
    assert_eq!(index.header("set-cookie"), None);
    let wasm = client.get("/jenkins/www/pkg/core_bg.wasm");
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(wasm.body.len(), 8);
    assert!(
        client
            .get("/jenkins/www/pkg/core.js")
            .header("content-type")
            .unwrap_or_default()
            .starts_with("text/javascript")
    );
    assert_eq!(client.get("/jenkins/www/pkg").header("location"), Some("/jenkins/www/pkg/"));

    for escape in [
        "/jenkins/www/../secret.txt",
        "/jenkins/www/%2e%2e/secret.txt",
        "/jenkins/www/..%2fsecret.txt",
        "/jenkins/www/link.txt",
        "/jenkins/www/missing",
    ] {
        let reply = client.get(escape);
        assert!(reply.status == 400 || reply.status == 404, "{escape}: {}", reply.status);
        assert!(!reply.body.contains("TOP-SECRET-CONTENT"), "{escape}");
    }
    let no_www = start(Config::default());
    assert_eq!(Client::new(&no_www).get("/www/index.html").status, 404);
}

#[test]
fn keep_alive_and_malformed_requests() {
    let emulator = start(Config::default());
    let mut stream = TcpStream::connect(("127.0.0.1", emulator.port())).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let request = "GET /whoAmI/api/json HTTP/1.1\r\nHost: x\r\n\r\n";
    stream.write_all(format!("{request}{request}").as_bytes()).expect("write");
    let mut reader = BufReader::new(stream);
    for _ in 0..2 {
        let mut status = String::new();
        reader.read_line(&mut status).expect("status line");
        assert_eq!(status, "HTTP/1.1 200 OK\r\n");
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("header");
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().expect("length");
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("body");
        assert!(String::from_utf8_lossy(&body).contains("anonymous"));
    }

    for garbage in [
        "NOT A REQUEST\r\n\r\n",
        "GET /x HTTP/9.9\r\n\r\n",
        "GET /x HTTP/1.1\r\nbad header\r\n\r\n",
        "POST /x HTTP/1.1\r\nContent-Length: nope\r\n\r\n",
    ] {
        let reply = raw_exchange(emulator.port(), garbage.as_bytes()).expect("an answer");
        let text = String::from_utf8_lossy(&reply);
        assert!(text.starts_with("HTTP/1.1 400") || text.starts_with("HTTP/1.1 505"), "{garbage:?} → {text}");
    }
    let reply = raw_exchange(
        emulator.port(),
        b"GET /whoAmI/api/json?%%% HTTP/1.1\r\nAuthorization: Basic %%%\r\nCookie: ;;=\r\nConnection: close\r\n\r\n",
    );
    assert!(
        String::from_utf8_lossy(&reply.unwrap_or_default()).starts_with("HTTP/1.1 401"),
        "bad base64 is a failed login"
    );
    // Still serving.
    assert_eq!(Client::new(&emulator).get("/whoAmI/api/json").status, 200);
}

#[test]
fn a_real_http_client_can_talk_to_it() {
    let emulator = start(Config { anonymous_read: true, ..Config::default() });
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
    for _ in 0..3 {
        let mut response = agent.get(format!("{}whoAmI/api/json", emulator.root_url())).call().expect("GET");
        assert_eq!(response.status().as_u16(), 200);
        let body = response.body_mut().read_to_string().expect("body");
        assert!(body.contains("\"name\":\"anonymous\""));
    }
    let response = agent.get(format!("{}user/alice", emulator.root_url())).call().expect("GET");
    assert_eq!(response.status().as_u16(), 302);
}

#[test]
fn flags() {
    let parse = |args: &[&str]| Config::from_args(args.iter().map(|s| s.to_string()));
    let defaults = parse(&[]).expect("no flags");
    assert_eq!((defaults.port, defaults.quiet, defaults.version.as_str()), (8080, false, "2.555.1"));
    assert!(defaults.csrf && !defaults.admin_can_generate && !defaults.anonymous_read);
    let config = parse(&[
        "--port",
        "0",
        "--version=2.479.3",
        "--context-path",
        "jenkins/",
        "--csrf",
        "off",
        "--crumb-field",
        ".crumb",
        "--admin-can-generate",
        "--anonymous-read",
        "--www",
        "/tmp",
        "--today",
        "2026-02-28",
        "--quiet",
    ])
    .expect("all flags");
    assert_eq!(config.port, 0);
    assert_eq!(config.version, "2.479.3");
    assert_eq!(config.context_path, "/jenkins");
    assert!(!config.csrf && config.admin_can_generate && config.anonymous_read && config.quiet);
    assert_eq!(config.crumb_field, ".crumb");
    assert_eq!(config.www, Some(PathBuf::from("/tmp")));
    assert_eq!(config.today.as_deref(), Some("2026-02-28"));
    assert_eq!(parse(&["--context-path", "/"]).expect("root").context_path, "");
    for bad in [
        &["--bogus"][..],
        &["--csrf", "maybe"],
        &["--version", "two"],
        &["--today", "2026-02-30"],
        &["--port"],
        &["--port", "70000"],
    ] {
        assert!(parse(bad).is_err(), "{bad:?}");
    }
    assert!(Emulator::start(Config { version: "x".into(), ..Config::default() }).is_err());
    let emulator = start(Config { context_path: "/ci/".into(), ..Config::default() });
    assert_eq!(emulator.root_url(), format!("http://127.0.0.1:{}/ci/", emulator.port()));
}

#[test]
fn the_binary_prints_one_listening_line() {
    let (mut child, line) = spawn_binary(&["--port", "0", "--context-path", "/jenkins", "--quiet"]);
    let event: Value = serde_json::from_str(&line).expect("JSON line");
    let port = event["port"].as_u64().expect("port");
    assert_eq!(event["event"], "listening");
    assert_eq!(event["root"], format!("http://127.0.0.1:{port}/jenkins/"));
    assert_eq!(
        line.trim_end(),
        format!(r#"{{"event":"listening","port":{port},"root":"http://127.0.0.1:{port}/jenkins/"}}"#)
    );
    let reply = raw_exchange(port as u16, b"GET /jenkins/whoAmI/api/json HTTP/1.1\r\nConnection: close\r\n\r\n")
        .expect("answer");
    assert!(String::from_utf8_lossy(&reply).contains("\"anonymous\":true"));
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn seeded_tokens_carry_their_history_into_the_list() {
    let emulator = start(Config { today: Some("2026-11-29".into()), ..Config::default() });
    let seeded = control_post(
        &emulator,
        "users/alice/tokens",
        &json!({"name": "old", "created_days_ago": 40, "expires_in_days": 3, "use_count": 2, "last_used_days_ago": 95}),
    );
    assert!(is_uuid_v4(seeded["uuid"].as_str().unwrap_or_default()));
    let tokens = tokens_of(&emulator, "alice");
    assert_eq!(tokens[0]["name"], "old");
    assert_eq!(tokens[0]["expiration"], "2026-12-02");
    assert_eq!(tokens[0]["use_count"], 2);
    assert!(tokens[0]["created"].as_str().unwrap_or_default().starts_with("2026-10-20"));
    assert!(tokens[0]["last_used"].as_str().unwrap_or_default().starts_with("2026-08-26"));
    // The value works like any token.
    let mut client = Client::basic(&emulator, "alice", seeded["value"].as_str().unwrap_or_default());
    assert_eq!(client.get("/whoAmI/api/json").status, 200);
}

#[test]
fn csrf_protection_can_be_turned_off_while_running() {
    let emulator = start(Config::default());
    let mut alice = login(&emulator, "", "alice", "alice");
    assert_eq!(alice.post_form(GENERATE, &[("newTokenName", "x")], &[]).status, 403, "no crumb");
    assert_eq!(control_post(&emulator, "csrf", &json!({"on": false})), json!({"ok": true}));
    assert_eq!(alice.get("/crumbIssuer/api/json").status, 404, "no crumb issuer");
    assert!(alice.get("/").body.contains("data-crumb-header=\"\" data-crumb-value=\"\""));
    assert_eq!(alice.post_form(GENERATE, &[("newTokenName", "x")], &[]).status, 200, "no crumb check");
    control_post(&emulator, "csrf", &json!({"on": true}));
    assert_eq!(alice.post_form(GENERATE, &[("newTokenName", "y")], &[]).status, 403);
}
