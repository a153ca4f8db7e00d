//! `POST {ctx}/scriptText` (`Jenkins.doScriptText`): crumb, Overall/Administer, and the one script the emulator
//! runs, the extension's token script (docs/jenkins.md#script-console).

mod common;

use common::*;
// The extension's own script: the emulator must accept exactly what the extension sends.
use jenkins_api_token::jenkins::script::groovy as token_script;
use jenkins_emulator::{Config, Emulator};
use serde_json::Value;

const CTX: &str = "/jenkins";
const REFUSED: &str =
    "groovy.lang.MissingMethodException: the Jenkins emulator runs only the extension's token script\n";

fn jenkins() -> Emulator {
    start(Config { context_path: CTX.to_owned(), ..Config::default() })
}

fn all_token_counts(emulator: &Emulator) -> Vec<usize> {
    ["alice", "bob", "admin", "jane%20doe"].iter().map(|user| tokens_of(emulator, user).len()).collect()
}

fn run(client: &mut Client, script: &str) -> Reply {
    client.post_with_crumb(CTX, &format!("{CTX}/scriptText"), &[("script", script)])
}

/// `(uuid, value)` from the two lines the token script prints.
fn minted(reply: &Reply) -> (String, String) {
    let lines: Vec<&str> = reply.body.lines().collect();
    assert_eq!(lines.len(), 2, "{}", reply.body);
    assert!(reply.body.ends_with('\n'));
    let uuid = lines[0].strip_prefix("API-TOKEN-UUID: ").expect("uuid line");
    let value = lines[1].strip_prefix("API-TOKEN: ").expect("token line");
    (uuid.to_owned(), value.to_owned())
}

#[test]
fn an_admin_mints_a_token_for_a_user_with_the_token_script() {
    let (emulator, mut admin) = with_user(jenkins(), CTX, "admin");
    let reply = run(&mut admin, &token_script("alice", "from the console"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("content-type"), Some("text/plain;charset=UTF-8"));
    let (uuid, value) = minted(&reply);
    assert!(is_uuid_v4(&uuid), "{uuid}");
    assert!(value.starts_with("11") && is_lower_hex(&value[2..], 32), "{value}");

    // Minted like generateNewToken: listed, no expiry, usable with Basic auth.
    let tokens = tokens_of(&emulator, "alice");
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0]["uuid"], uuid.as_str());
    assert_eq!(tokens[0]["name"], "from the console");
    assert_eq!(tokens[0]["expiration"], Value::Null);
    assert_eq!(tokens[0]["legacy"], false);
    let mut alice = Client::basic(&emulator, "alice", &value);
    let who = alice.get(&format!("{CTX}/whoAmI/api/json"));
    assert_eq!(who.json()["name"], "alice");
    assert_eq!(tokens_of(&emulator, "alice")[0]["use_count"], 1);
    let page = alice.get(&format!("{CTX}/user/alice/security/"));
    assert!(page.body.contains(&format!("id=\"{uuid}\"")));
    assert!(page.body.contains("from the console"));
    assert!(tokens_of(&emulator, "admin").is_empty());
}

#[test]
fn ids_are_looked_up_case_insensitively_and_names_kept_as_given() {
    let (emulator, mut admin) = with_user(jenkins(), CTX, "admin");
    let reply = run(&mut admin, &token_script("JANE DOE", "CI ✓ <build> 'x'"));
    minted(&reply);
    assert_eq!(tokens_of(&emulator, "jane%20doe")[0]["name"], "CI ✓ <build> 'x'");
    // `generateNewToken(name)` of the store keeps even an empty name (no default name there).
    let reply = run(&mut admin, &token_script("bob", ""));
    minted(&reply);
    assert_eq!(tokens_of(&emulator, "bob")[0]["name"], "");
    // By id only: a full name is not an id.
    let reply = run(&mut admin, &token_script("Bob Builder", "x"));
    assert_eq!((reply.status, reply.body.as_str()), (200, "NO-SUCH-USER\n"));
}

#[test]
fn an_unknown_user_prints_no_such_user_and_mints_nothing() {
    let (emulator, mut admin) = with_user(jenkins(), CTX, "admin");
    for id in ["mallory", ""] {
        let reply = run(&mut admin, &token_script(id, "x"));
        assert_eq!((reply.status, reply.body.as_str()), (200, "NO-SUCH-USER\n"));
        assert_eq!(reply.header("content-type"), Some("text/plain;charset=UTF-8"));
    }
    assert_eq!(all_token_counts(&emulator), [0, 0, 0, 0]);
}

#[test]
fn white_space_around_crlf_and_the_query_string_are_accepted() {
    let (emulator, mut admin) = with_user(jenkins(), CTX, "admin");
    let crlf = format!("\r\n\t {}  \r\n", token_script("alice", "crlf").replace('\n', "\r\n"));
    minted(&run(&mut admin, &crlf));
    let crumb = admin.crumb(CTX);
    let query = form_encode(&[("script", &token_script("alice", "query"))]);
    let reply = admin.request("POST", &format!("{CTX}/scriptText?{query}"), &[("Jenkins-Crumb", &crumb)], "");
    minted(&reply);
    let mut names: Vec<String> =
        tokens_of(&emulator, "alice").iter().map(|t| t["name"].as_str().unwrap_or_default().to_owned()).collect();
    names.sort();
    assert_eq!(names, ["crlf", "query"]);
}

#[test]
fn any_other_script_is_refused_and_mints_nothing() {
    let (emulator, mut admin) = with_user(jenkins(), CTX, "admin");
    let good = token_script("alice", "x");
    let encoded_alice = base64(b"alice");
    let others = [
        "println('hello')".to_owned(),
        "Jenkins.instance.doQuietDown()".to_owned(),
        String::new(),
        format!("{good}println('more')\n"),
        good.replace("    return", "  return"),
        good.replace("user.save()\n", ""),
        good.replace("generateNewToken(tokenName)", "generateNewToken('fixed')"),
        // Not padded, not base64, not UTF-8, a quote breaking out of the literal.
        good.replace(&encoded_alice, "YWxpY2U"),
        good.replace(&encoded_alice, "YWxp Y2U="),
        good.replace(&encoded_alice, "/w=="),
        good.replace(&encoded_alice, "YWxpY2U=' + 'YQ=="),
    ];
    for script in &others {
        let reply = run(&mut admin, script);
        assert_eq!((reply.status, reply.body.as_str()), (200, REFUSED), "{script}");
        assert_eq!(reply.header("content-type"), Some("text/plain;charset=UTF-8"));
    }
    assert_eq!(all_token_counts(&emulator), [0, 0, 0, 0]);
}

#[test]
fn only_admins_may_run_scripts() {
    let (emulator, mut alice) = with_user(jenkins(), CTX, "alice");
    let reply = run(&mut alice, &token_script("alice", "mine"));
    assert_eq!(reply.status, 403);
    assert!(reply.body.contains("<h1>Access Denied</h1>"), "{}", reply.body);
    assert!(reply.body.contains("alice is missing the Overall/Administer permission"));
    assert_eq!(reply.header("x-you-are-authenticated-as"), Some("alice"));
    assert_eq!(reply.header("x-required-permission"), Some("hudson.model.Hudson.Administer"));
    assert!(reply.header("x-jenkins").is_some());

    // Anonymous: the crumb filter first, then the login redirect page (docs/jenkins.md#login-redirect-page).
    let mut anonymous = Client::new(&emulator);
    let reply = anonymous.post_form(&format!("{CTX}/scriptText"), &[("script", &token_script("alice", "anon"))], &[]);
    assert_eq!(reply.status, 403);
    assert!(reply.body.contains("No valid crumb was included in the request"));
    let anonymous_read = start(Config { context_path: CTX.to_owned(), anonymous_read: true, ..Config::default() });
    for emulator in [&emulator, &anonymous_read] {
        let mut anonymous = Client::new(emulator);
        let page = anonymous.get(&format!("{CTX}/login"));
        let crumb = hidden_input(&page.body, "Jenkins-Crumb").expect("crumb");
        let reply = anonymous.post_form(
            &format!("{CTX}/scriptText"),
            &[("script", &token_script("alice", "anon"))],
            &[("Jenkins-Crumb", &crumb)],
        );
        assert_eq!(reply.status, 403);
        assert!(reply.body.contains("Authentication required"));
        assert!(reply.body.contains("data-redirect-url='/jenkins/login?from=%2Fjenkins%2FscriptText'"));
        assert_eq!(all_token_counts(emulator), [0, 0, 0, 0]);
    }
    assert!(tokens_of(&emulator, "alice").is_empty());
}

#[test]
fn the_crumb_is_needed_unless_an_api_token_authenticates() {
    let (emulator, mut admin) = with_user(jenkins(), CTX, "admin");
    let reply = admin.post_form(&format!("{CTX}/scriptText"), &[("script", &token_script("alice", "x"))], &[]);
    assert_eq!(reply.status, 403);
    assert!(reply.body.contains("No valid crumb was included in the request"));
    assert!(tokens_of(&emulator, "alice").is_empty());

    // `curl -u admin:<token> --data-urlencode script=…`: API tokens are CSRF-exempt (docs/jenkins.md#crumb-filter).
    let admin_token = mint(&mut admin, CTX, "cli")["tokenValue"].as_str().unwrap_or_default().to_owned();
    let mut cli = Client::basic(&emulator, "admin", &admin_token);
    let reply = cli.post_form(&format!("{CTX}/scriptText"), &[("script", &token_script("alice", "by cli"))], &[]);
    minted(&reply);
    assert_eq!(tokens_of(&emulator, "alice")[0]["name"], "by cli");
}

#[test]
fn get_prints_nothing_and_a_get_with_a_script_is_405() {
    let (emulator, mut admin) = with_user(jenkins(), CTX, "admin");
    let reply = admin.get(&format!("{CTX}/scriptText"));
    assert_eq!((reply.status, reply.body.as_str()), (200, ""));
    assert_eq!(reply.header("content-type"), Some("text/plain;charset=UTF-8"));
    let query = form_encode(&[("script", &token_script("alice", "x"))]);
    let reply = admin.get(&format!("{CTX}/scriptText?{query}"));
    assert_eq!(reply.status, 405);
    assert!(reply.body.contains("requires POST"));
    assert!(tokens_of(&emulator, "alice").is_empty());
}

#[test]
fn requests_are_logged_and_old_versions_have_no_token_store() {
    let (emulator, mut admin) = with_user(jenkins(), CTX, "admin");
    control_post(&emulator, "reset", &Value::Null);
    minted(&run(&mut admin, &token_script("alice", "x")));
    let log = control_get(&emulator, "requests");
    let entry = log
        .as_array()
        .and_then(|entries| entries.iter().find(|e| e["path"] == "/jenkins/scriptText"))
        .cloned()
        .expect("logged");
    assert_eq!(entry["method"], "POST");
    assert_eq!(entry["status"], 200);
    assert_eq!(entry["auth"], "session");
    assert_eq!(entry["crumb"], true);

    // Before 2.129 `ApiTokenProperty` has no `tokenStore`: Groovy's exception is the output.
    let (_old, mut admin) = with_user(start(Config { version: "2.128".to_owned(), ..Config::default() }), "", "admin");
    let crumb = admin.crumb("");
    let reply =
        admin.post_form("/scriptText", &[("script", &token_script("alice", "x"))], &[("Jenkins-Crumb", &crumb)]);
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (
            200,
            "groovy.lang.MissingPropertyException: No such property: tokenStore for class: jenkins.security.ApiTokenProperty\n"
        )
    );
}
