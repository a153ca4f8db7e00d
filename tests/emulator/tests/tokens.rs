//! The API-token web methods, Basic auth with tokens, and the HTML token list (docs/jenkins.md#token-endpoints,
//! #token-list-pages, #token-lifetime).

mod common;

use common::*;
use jenkins_emulator::{Config, Emulator};
use serde_json::{Value, json};

fn at(version: &str) -> Emulator {
    start(Config { version: version.to_owned(), today: Some("2026-01-31".to_owned()), ..Config::default() })
}

fn url(user: &str, method: &str) -> String {
    format!("/user/{user}/{TOKEN_METHODS}/{method}")
}

fn me(method: &str) -> String {
    format!("/me/{TOKEN_METHODS}/{method}")
}

#[test]
fn generate_answers_in_the_shape_of_the_version() {
    let (_emulator, mut alice) = with_user(at("2.300"), "", "alice");
    let reply = alice.post_with_crumb("", &me("generateNewToken"), &[("newTokenName", "my android token")]);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json; charset=UTF-8"));
    assert_eq!(reply.header("x-jenkins"), None, "JSON responses carry no Jenkins headers");
    let data = reply.json()["data"].clone();
    let (uuid, value) =
        (data["tokenUuid"].as_str().unwrap_or_default(), data["tokenValue"].as_str().unwrap_or_default());
    assert!(is_uuid_v4(uuid), "{uuid}");
    assert!(value.starts_with("11") && is_lower_hex(&value[2..], 32), "{value}");
    assert_eq!(
        reply.body,
        format!(
            r#"{{"status":"ok","data":{{"tokenName":"my android token","tokenUuid":"{uuid}","tokenValue":"{value}"}}}}"#
        )
    );

    let (_emulator, mut alice) = with_user(at("2.555.1"), "", "alice");
    let reply = alice.post_with_crumb("", &me("generateNewToken"), &[("newTokenName", "ci")]);
    let data = reply.json()["data"].clone();
    let (uuid, value) =
        (data["tokenUuid"].as_str().unwrap_or_default(), data["tokenValue"].as_str().unwrap_or_default());
    assert_eq!(
        reply.body,
        format!(
            r#"{{"status":"ok","data":{{"aboutToExpire":false,"tokenName":"ci","tokenUuid":"{uuid}","tokenValue":"{value}","expirationDate":"never"}}}}"#
        )
    );
}

#[test]
fn a_blank_name_gets_the_default_name_and_names_are_kept_as_given() {
    let (_emulator, mut alice) = with_user(at("2.555.1"), "", "alice");
    let data = mint(&mut alice, "", "  ");
    let name = data["tokenName"].as_str().unwrap_or_default();
    assert!(name.starts_with("Token created on 2026-01-31T") && name.ends_with('Z'), "{name}");
    assert_eq!(mint(&mut alice, "", " spaced ")["tokenName"], " spaced ");
    assert_eq!(mint(&mut alice, "", " spaced ")["tokenName"], " spaced ", "duplicates are allowed");
    // Query-string parameters and a trailing slash, like the core tests (docs/jenkins.md#routing).
    let reply =
        alice.post_with_crumb("", &format!("{}/?newTokenName=from%20query", url("alice", "generateNewToken")), &[]);
    assert_eq!(reply.json()["data"]["tokenName"], "from query");
}

fn generate_with(emulator: &Emulator, form: &[(&str, &str)]) -> Reply {
    let mut alice = login(emulator, "", "alice", "alice");
    let mut full = vec![("newTokenName", "t")];
    full.extend_from_slice(form);
    alice.post_with_crumb("", &me("generateNewToken"), &full)
}

#[test]
fn expiration_parameters_from_2_548() {
    let emulator = at("2.555.1"); // today is 2026-01-31
    let data = |form: &[(&str, &str)]| generate_with(&emulator, form).json()["data"].clone();
    let thirty = data(&[("expirationDuration", "30"), ("tokenExpiration", "2000-01-01")]);
    assert_eq!((thirty["expirationDate"].as_str(), thirty["aboutToExpire"].as_bool()), (Some("3/2/26"), Some(false)));
    let seven = data(&[("expirationDuration", " 7 ")]);
    assert_eq!((seven["expirationDate"].as_str(), seven["aboutToExpire"].as_bool()), (Some("2/7/26"), Some(false)));
    let six = data(&[("expirationDuration", "6")]);
    assert_eq!(six["aboutToExpire"], true);
    let today = data(&[("expirationDuration", "custom"), ("tokenExpiration", "2026-01-31")]);
    assert_eq!((today["expirationDate"].as_str(), today["aboutToExpire"].as_bool()), (Some("1/31/26"), Some(true)));
    assert_eq!(data(&[("expirationDuration", "never")])["expirationDate"], "never");
    assert_eq!(data(&[("expirationDuration", "")])["expirationDate"], "never");

    let past = generate_with(&emulator, &[("expirationDuration", "custom"), ("tokenExpiration", "2026-01-30")]);
    assert_eq!(past.status, 200);
    assert_eq!(past.body, r#"{"status":"error","message":"Expiration date is in the past."}"#);
    assert_eq!(generate_with(&emulator, &[("expirationDuration", "-1")]).json()["status"], "error");

    for bad in [
        vec![("expirationDuration", "thirty")],
        vec![("expirationDuration", "custom"), ("tokenExpiration", "2026-02-30")],
    ] {
        let reply = generate_with(&emulator, &bad);
        assert_eq!(reply.status, 500, "{bad:?}");
        assert!(reply.body.contains("A problem occurred while processing the request"));
    }
    let stored: Vec<Value> = tokens_of(&emulator, "alice");
    assert!(stored.iter().any(|t| t["expiration"] == "2026-03-02"));
    assert_eq!(stored.len(), 6, "failed requests store nothing");

    // Before 2.548 the parameters do not exist.
    let emulator = at("2.547");
    let reply = generate_with(&emulator, &[("expirationDuration", "thirty")]);
    assert_eq!(reply.status, 200);
    assert!(reply.json()["data"].get("expirationDate").is_none());
}

#[test]
fn only_the_owner_may_generate_unless_admins_are_trusted() {
    let (emulator, mut bob) = with_user(at("2.555.1"), "", "bob");
    let reply = bob.post_with_crumb("", &url("alice", "generateNewToken"), &[("newTokenName", "x")]);
    assert_eq!((reply.status, reply.body.as_str()), (403, ""));
    assert_eq!(reply.header("content-type"), None);
    assert_eq!(reply.header("x-jenkins"), None);
    let mut admin = login(&emulator, "", "admin", "admin");
    let reply = admin.post_with_crumb("", &url("alice", "generateNewToken"), &[("newTokenName", "x")]);
    assert_eq!((reply.status, reply.body.as_str()), (403, ""), "admins too, by default");
    assert!(tokens_of(&emulator, "alice").is_empty());

    let (emulator, mut admin) = with_user(start(Config { admin_can_generate: true, ..Config::default() }), "", "admin");
    let reply = admin.post_with_crumb("", &url("alice", "generateNewToken"), &[("newTokenName", "by admin")]);
    assert_eq!(reply.status, 200);
    assert_eq!(tokens_of(&emulator, "alice")[0]["name"], "by admin");
    let mut bob = login(&emulator, "", "bob", "bob");
    assert_eq!(bob.post_with_crumb("", &url("alice", "generateNewToken"), &[]).status, 403);
}

#[test]
fn get_on_a_post_method_is_405() {
    let (_emulator, mut alice) = with_user(at("2.555.1"), "", "alice");
    for method in ["generateNewToken", "revoke", "rename", "changeToken"] {
        let reply = alice.get(&me(method));
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("POST"));
        assert_eq!(reply.header("x-jenkins"), Some("2.555.1"));
        assert!(reply.body.contains("<h1>This URL requires POST</h1>"));
        assert!(reply.body.contains("<form method=\"post\" name=\"retry\">"));
        assert!(reply.body.contains("<title>Method Not Allowed - Jenkins</title>"));
    }
    assert_eq!(alice.get(&me("noSuchMethod")).status, 404);
}

#[test]
fn basic_auth_with_a_minted_token() {
    let (emulator, mut alice) = with_user(at("2.555.1"), "", "alice");
    let token = mint(&mut alice, "", "cli");
    let value = token["tokenValue"].as_str().unwrap_or_default().to_owned();

    let mut api = Client::basic(&emulator, "alice", &value);
    assert_eq!(api.get("/whoAmI/api/json").json()["name"], "alice");
    assert_eq!(api.get("/me/api/json").json()["id"], "alice");
    let stored = &tokens_of(&emulator, "alice")[0];
    assert_eq!(stored["use_count"], 2);
    assert!(stored["last_used"].as_str().unwrap_or_default().starts_with("2026-01-31T"));
    // Token-authenticated POSTs need no crumb (ApiCrumbExclusion).
    assert_eq!(api.post_form(&me("generateNewToken"), &[("newTokenName", "via api")], &[]).status, 200);

    let wrong = Client::basic(&emulator, "alice", "11000000000000000000000000000000ff").get("/whoAmI/api/json");
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.header("www-authenticate"), Some("Basic realm=\"Jenkins\""));
    assert_eq!(Client::basic(&emulator, "bob", &value).get("/whoAmI/api/json").status, 401, "only for its owner");
    assert_eq!(Client::basic(&emulator, "nobody", &value).get("/").status, 401);

    // The password works too, but is not crumb-exempt.
    let mut password = Client::basic(&emulator, "alice", "alice");
    assert_eq!(password.get("/whoAmI/api/json").json()["name"], "alice");
    assert_eq!(password.post_form(&me("generateNewToken"), &[], &[]).status, 403);

    // Revoked: 401 from then on.
    let uuid = token["tokenUuid"].as_str().unwrap_or_default();
    assert_eq!(alice.post_with_crumb("", &me("revoke"), &[("tokenUuid", uuid)]).status, 200);
    assert_eq!(api.get("/whoAmI/api/json").status, 401);
}

#[test]
fn identifiable_prefixed_tokens_with_token_prefix() {
    let (emulator, mut alice) =
        with_user(start(Config { token_prefix: "jenkins_apitoken_".to_owned(), ..Config::default() }), "", "alice");
    let value = mint(&mut alice, "", "prefixed")["tokenValue"].as_str().unwrap_or_default().to_owned();
    let secret = value.strip_prefix("jenkins_apitoken_11").unwrap_or_default();
    assert!(is_lower_hex(secret, 32), "{value}");
    assert_eq!(Client::basic(&emulator, "alice", &value).get("/whoAmI/api/json").json()["name"], "alice");
    assert_eq!(tokens_of(&emulator, "alice")[0]["use_count"], 1);
    assert_eq!(
        Client::basic(&emulator, "alice", &format!("jenkins_apitoken_{value}")).get("/whoAmI/api/json").status,
        401,
        "the prefix is taken off once"
    );
}

#[test]
fn revoke_and_rename_answers() {
    let (emulator, mut alice) = with_user(at("2.555.1"), "", "alice");
    let uuid = mint(&mut alice, "", "first")["tokenUuid"].as_str().unwrap_or_default().to_owned();

    let unknown = alice.post_with_crumb("", &me("revoke"), &[("tokenUuid", "00000000-0000-4000-8000-000000000000")]);
    assert_eq!((unknown.status, unknown.body.as_str()), (200, ""));
    let blank = alice.post_with_crumb("", &me("revoke"), &[("tokenUuid", " ")]);
    assert_eq!(blank.status, 400);
    assert!(blank.body.contains("HTTP ERROR 400 The tokenUuid cannot be empty"));

    let rename = |client: &mut Client, form: &[(&str, &str)]| client.post_with_crumb("", &me("rename"), form);
    assert_eq!(rename(&mut alice, &[("tokenUuid", &uuid), ("newName", "renamed")]).body, r#"{"status":"ok"}"#);
    assert_eq!(tokens_of(&emulator, "alice")[0]["name"], "renamed");
    assert_eq!(
        rename(&mut alice, &[("tokenUuid", &uuid), ("newName", "")]).body,
        r#"{"status":"error","message":"The name cannot be empty"}"#
    );
    assert_eq!(
        rename(&mut alice, &[("newName", "x")]).body,
        r#"{"status":"error","message":"The tokenUuid cannot be empty"}"#
    );
    assert_eq!(
        rename(&mut alice, &[("tokenUuid", "nope"), ("newName", "x")]).body,
        r#"{"status":"error","message":"No token found, try refreshing the page"}"#
    );

    let mut bob = login(&emulator, "", "bob", "bob");
    let denied = bob.post_with_crumb("", &url("alice", "revoke"), &[("tokenUuid", &uuid)]);
    assert_eq!(denied.status, 403);
    assert_eq!(denied.header("x-you-are-authenticated-as"), Some("bob"));
    assert_eq!(denied.header("x-required-permission"), Some("hudson.model.Hudson.Administer"));
    assert!(denied.header("x-you-are-in-group-disabled").is_some());
    assert!(denied.body.contains("<h1>Access Denied</h1>"));
    assert!(denied.body.contains("bob is missing the Overall/Administer permission"));
    assert_eq!(bob.post_with_crumb("", &url("alice", "rename"), &[("tokenUuid", &uuid), ("newName", "x")]).status, 403);

    let mut admin = login(&emulator, "", "admin", "admin");
    assert_eq!(
        admin.post_with_crumb("", &url("alice", "rename"), &[("tokenUuid", &uuid), ("newName", "by admin")]).status,
        200
    );
    let revoked = admin.post_with_crumb("", &url("alice", "revoke"), &[("tokenUuid", &uuid)]);
    assert_eq!((revoked.status, revoked.body.as_str()), (200, ""));
    assert!(tokens_of(&emulator, "alice").is_empty());

    // Before 2.505 rename answered an empty 200, and a blank uuid was a 400.
    let (_emulator, mut alice) = with_user(at("2.400"), "", "alice");
    let uuid = mint(&mut alice, "", "old")["tokenUuid"].as_str().unwrap_or_default().to_owned();
    let ok = rename(&mut alice, &[("tokenUuid", &uuid), ("newName", "new")]);
    assert_eq!((ok.status, ok.body.as_str()), (200, ""));
    assert_eq!(rename(&mut alice, &[("newName", "new")]).status, 400);
}

#[test]
fn revoke_all_and_revoke_all_except() {
    let (emulator, mut alice) = with_user(at("2.555.1"), "", "alice");
    let keep = mint(&mut alice, "", "keep")["tokenUuid"].as_str().unwrap_or_default().to_owned();
    mint(&mut alice, "", "drop");
    assert_eq!(alice.post_with_crumb("", &me("revokeAllExcept"), &[]).status, 400);
    let reply = alice.post_with_crumb("", &me("revokeAllExcept"), &[("tokenUuid", &keep)]);
    assert_eq!((reply.status, reply.body.as_str()), (200, ""));
    assert_eq!(tokens_of(&emulator, "alice").len(), 1);
    assert_eq!(alice.post_with_crumb("", &me("revokeAll"), &[]).status, 200);
    assert!(tokens_of(&emulator, "alice").is_empty());

    let (_emulator, mut alice) = with_user(at("2.259"), "", "alice");
    assert_eq!(alice.post_with_crumb("", &me("revokeAll"), &[]).status, 404, "from 2.260");
}

/// `id`s of `.token-card` elements, the row template's empty one included.
fn card_ids(html: &str) -> Vec<String> {
    all_attributes_after(html, "<div class=\"token-card")
        .into_iter()
        .zip(html.match_indices("<div class=\"token-card").map(|(i, _)| i))
        .filter_map(|(class_tail, at)| {
            let class = format!("token-card{class_tail}");
            let tag = &html[at..at + html[at..].find('>').unwrap_or(0)];
            (class.split(' ').next() == Some("token-card")).then(|| attribute_after(tag, " id=\"").unwrap_or_default())
        })
        .collect()
}

#[test]
fn the_card_list_shows_minted_tokens_and_hidden_templates() {
    let (emulator, mut alice) = with_user(at("2.555.1"), "", "alice");
    let beta = mint(&mut alice, "", "beta");
    let alpha = mint(&mut alice, "", "Alpha");
    let used = beta["tokenValue"].as_str().unwrap_or_default();
    Client::basic(&emulator, "alice", used).get("/whoAmI/api/json");

    let page = alice.get("/user/alice/security/");
    assert_eq!(page.status, 200);
    let ids = card_ids(&page.body);
    assert_eq!(
        ids,
        ["", alpha["tokenUuid"].as_str().unwrap_or_default(), beta["tokenUuid"].as_str().unwrap_or_default()]
    );
    assert!(page.body.contains("id=\"api-token-row-template\""));
    assert!(page.body.contains("id=\"api-token-add-template\""));
    assert!(page.body.contains("<span class=\"token-name\">Alpha</span>"));
    assert!(page.body.contains("Last used today</span><span class=\"token-use-counter\">1</span>"));
    assert!(page.body.contains("This token does not expire"));
    assert!(page.body.contains("Never used"));
    assert!(page.body.contains("class=\"api-token-property-add"));
    assert!(page.body.contains(&format!(
        "data-token-uuid=\"{}\" data-target-url=\"/user/alice/descriptorByName/jenkins.security.ApiTokenProperty/revoke\"",
        alpha["tokenUuid"].as_str().unwrap_or_default()
    )));
    assert!(page.body.contains(&format!("name=\"Jenkins-Crumb\" value=\"{}\"", alice.crumb(""))));

    let mut admin = login(&emulator, "", "admin", "admin");
    let admin_view = admin.get("/user/alice/security/");
    assert_eq!(admin_view.status, 200);
    assert!(!admin_view.body.contains("api-token-property-add"), "no add button without adminCanGenerateNewTokens");
    let mut bob = login(&emulator, "", "bob", "bob");
    assert_eq!(bob.get("/user/alice/security/").status, 403);

    let (_emulator, mut alice) = with_user(at("2.520"), "", "alice");
    mint(&mut alice, "", "card");
    let page = alice.get("/me/security/");
    assert!(page.body.contains("<div class=\"token-card jenkins-card\" id=\""));
    assert!(page.body.contains("Created today"));
}

#[test]
fn the_repeatable_list_before_2_505() {
    let (emulator, mut alice) = with_user(at("2.400"), "", "alice");
    let token = mint(&mut alice, "", "old style");
    let value = token["tokenValue"].as_str().unwrap_or_default();
    Client::basic(&emulator, "alice", value).get("/whoAmI/api/json");
    assert_eq!(alice.get("/user/alice/security/").status, 404, "the security page arrived in 2.468");
    let page = alice.get("/user/alice/configure");
    assert_eq!(page.status, 200);
    let uuids = all_attributes_after(&page.body, "class=\"token-uuid-input\" name=\"tokenUuid\" value=\"");
    assert_eq!(uuids, ["", token["tokenUuid"].as_str().unwrap_or_default()], "the template first, with an empty uuid");
    assert!(page.body.contains("token-list-existing-item"));
    assert!(page.body.contains("name=\"tokenName\" type=\"text\" value=\"old style\""));
    assert!(page.body.contains("Used <b>1</b> time(s), last time was <b>0</b> day(s) ago"));
    assert!(page.body.contains("id=\"api-token-property-token-save\" data-target-url=\"/user/alice/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken\""));

    let (_emulator, mut alice) = with_user(at("2.468"), "", "alice");
    assert!(alice.get("/user/alice/security/").body.contains("repeated-chunk to-be-removed"));
}

#[test]
fn legacy_tokens_and_change_token() {
    let emulator = at("2.555.1");
    let legacy = control_post(&emulator, "users/alice/legacy-token", &json!({}))["value"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(is_lower_hex(&legacy, 32));
    assert_eq!(Client::basic(&emulator, "alice", &legacy).get("/whoAmI/api/json").json()["name"], "alice");
    assert_eq!(tokens_of(&emulator, "alice")[0]["legacy"], true);

    let mut alice = login(&emulator, "", "alice", "alice");
    let page = alice.get("/me/security/");
    assert!(page.body.contains("<div class=\"token-card legacy-token\" id=\""));
    assert!(page.body.contains(&format!("name=\"_.apiToken\" value=\"{legacy}\" id=\"apiToken\"")));
    let mut admin = login(&emulator, "", "admin", "admin");
    assert!(admin.get("/user/alice/security/").body.contains("value=\"Token is hidden\" id=\"apiToken\""));

    let reply = alice.post_with_crumb("", &me("changeToken"), &[]);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, "<div>Updated. See the new token in the field above</div>");
    let callback = reply.header("x-jenkins-validatebutton-callback").unwrap_or_default();
    let fresh =
        callback.trim_start_matches("{\"callback\":\"changeTokenCallback\",\"arguments\":[\"").trim_end_matches("\"]}");
    assert!(is_lower_hex(fresh, 32) && fresh != legacy, "{callback}");
    assert_eq!(Client::basic(&emulator, "alice", &legacy).get("/").status, 401);
    assert_eq!(Client::basic(&emulator, "alice", fresh).get("/").status, 200);

    let mut bob = login(&emulator, "", "bob", "bob");
    let reply = bob.post_with_crumb("", &me("changeToken"), &[]);
    assert!(reply.body.contains("Capability to generate a legacy token without an existing one is currently disabled"));

    // Revoking the legacy token removes its value.
    let uuid = tokens_of(&emulator, "alice")[0]["uuid"].as_str().unwrap_or_default().to_owned();
    alice.post_with_crumb("", &me("revoke"), &[("tokenUuid", &uuid)]);
    assert!(!alice.get("/me/security/").body.contains("id=\"apiToken\""));

    let emulator = at("2.539");
    control_post(&emulator, "users/alice/legacy-token", &json!({}));
    let mut alice = login(&emulator, "", "alice", "alice");
    let reply = alice.post_with_crumb("", &me("changeToken"), &[]);
    assert!(reply.header("script").unwrap_or_default().starts_with("document.getElementById('apiToken').value='"));
}

#[test]
fn before_2_129_there_is_only_the_legacy_token() {
    let (emulator, mut alice) = with_user(at("2.128"), "", "alice");
    assert_eq!(alice.post_with_crumb("", &me("generateNewToken"), &[]).status, 404);
    let page = alice.get("/user/alice/configure");
    let value = attribute_of_tag(&page.body, "id=\"apiToken\"", "value").unwrap_or_default();
    assert!(is_lower_hex(&value, 32), "the value is in the page: {value}");
    assert_eq!(Client::basic(&emulator, "alice", &value).get("/whoAmI/api/json").json()["name"], "alice");
    let reply = alice.post_with_crumb("", &me("changeToken"), &[]);
    let script = reply.header("script").unwrap_or_default();
    assert!(script.starts_with("document.getElementById('apiToken').value='") && !script.contains(&value));
}

#[test]
fn add_fixed_token_is_only_accepted_in_its_exact_format() {
    let (emulator, mut alice) = with_user(at("2.300"), "", "alice");
    let fixed = "110123456789abcdef0123456789abcdef";
    let reply =
        alice.post_with_crumb("", &me("addFixedToken"), &[("newTokenName", "fixed"), ("newTokenPlainValue", fixed)]);
    assert_eq!(reply.status, 200);
    assert!(reply.body.starts_with(r#"{"status":"ok","data":{"tokenName":"fixed","tokenUuid":""#), "{}", reply.body);
    assert_eq!(Client::basic(&emulator, "alice", fixed).get("/whoAmI/api/json").status, 200);
    let reply = alice.post_with_crumb("", &me("addFixedToken"), &[("newTokenPlainValue", "12345")]);
    assert_eq!(reply.status, 500);
}
