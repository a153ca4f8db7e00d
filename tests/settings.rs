//! Settings: defaults ← the user's options ← the administrator's policy, with every malformed policy
//! value resolved towards the stricter rule.

use jenkins_api_token::expiry::Expiry;
use jenkins_api_token::jenkins::root::JenkinsRoot;
use jenkins_api_token::json::Json;
use jenkins_api_token::settings::{Key, NameParts, Note, Settings, fill_template, resolve};

use crate::support::jenkins_root;

fn json(text: &str) -> Json {
    serde_json::from_str(text).unwrap()
}

/// A root deployment at `url`.
fn root(url: &str) -> JenkinsRoot {
    jenkins_root(url, "")
}

#[test]
fn defaults_without_options_or_policy() {
    let resolved = resolve(&json("{}"), &json("{}"));
    assert_eq!(resolved.settings, Settings::default());
    assert_eq!(resolved.settings.default_lifetime, Expiry::Days(30));
    assert!(resolved.settings.auto_copy && resolved.settings.allow_script_console);
    assert!(resolved.settings.allow_save_to_computer, "saving to this computer is offered by default");
    assert_eq!(resolved.settings.clipboard_clear_seconds, 0);
    assert!(resolved.locked.is_empty() && resolved.notes.is_empty());
}

#[test]
fn the_policy_beats_the_options_which_beat_the_defaults() {
    let options = json(
        r#"{"defaultExpiryDays":60,"tokenNameTemplate":"{user} laptop","autoCopy":false,"clipboardClearSeconds":120}"#,
    );
    let mine = resolve(&json("{}"), &options).settings;
    assert_eq!(mine.default_lifetime, Expiry::Days(60));
    assert_eq!(mine.name_template.as_deref(), Some("{user} laptop"));
    assert!(!mine.auto_copy);
    assert_eq!(mine.clipboard_clear_seconds, 120);

    let policy = json(r#"{"defaultExpiryDays":14,"autoCopy":true,"clipboardClearSeconds":30}"#);
    let resolved = resolve(&policy, &options);
    assert_eq!(resolved.settings.default_lifetime, Expiry::Days(14));
    assert!(resolved.settings.auto_copy);
    assert_eq!(resolved.settings.clipboard_clear_seconds, 30);
    assert_eq!(resolved.settings.name_template.as_deref(), Some("{user} laptop"), "not set by the policy");
    assert_eq!(resolved.locked, vec![Key::DefaultExpiryDays, Key::AutoCopy, Key::ClipboardClearSeconds]);
    assert!(resolved.notes.is_empty());
}

#[test]
fn the_maximum_caps_the_default_and_never() {
    let resolved = resolve(&json(r#"{"maxExpiryDays":30}"#), &json(r#"{"defaultExpiryDays":90}"#));
    assert_eq!(resolved.settings.max_days, Some(30));
    assert_eq!(resolved.settings.default_lifetime, Expiry::Days(30));
    assert_eq!(resolved.notes, vec![Note::Capped(Key::DefaultExpiryDays, 30)]);
    let never = resolve(&json(r#"{"maxExpiryDays":60}"#), &json(r#"{"defaultExpiryDays":"never"}"#));
    assert_eq!(never.settings.default_lifetime, Expiry::Days(60));
}

/// A malformed value never gives a weaker rule than the administrator meant.
#[test]
fn malformed_policy_values_resolve_towards_the_stricter_rule() {
    for max in [r#""thirty""#, "true", "-5", "1e3", "{}", "[]", "null", "99999"] {
        let resolved = resolve(&json(&format!(r#"{{"maxExpiryDays":{max}}}"#)), &json("{}"));
        assert_eq!(resolved.settings.max_days, Some(7), "{max}: never no limit, never \"never\"");
        assert_eq!(resolved.notes, vec![Note::Strictest(Key::MaxExpiryDays)], "{max}");
    }
    // A text of digits or a fraction says what the administrator meant.
    assert_eq!(resolve(&json(r#"{"maxExpiryDays":"90"}"#), &json("{}")).settings.max_days, Some(90));
    let fraction = resolve(&json(r#"{"maxExpiryDays":30.5}"#), &json("{}"));
    assert_eq!((fraction.settings.max_days, fraction.notes), (Some(30), vec![Note::ReadAs(Key::MaxExpiryDays, 30)]));
    assert_eq!(resolve(&json(r#"{"maxExpiryDays":0}"#), &json("{}")).settings.max_days, Some(1));

    // A path that cannot be read as allowed is not allowed.
    let closed = resolve(
        &json(r#"{"allowScriptConsole":"no","allowMintForOthers":1,"autoCopy":"yes","allowSaveToComputer":"true"}"#),
        &json("{}"),
    );
    assert!(!closed.settings.allow_script_console && !closed.settings.allow_mint_for_others);
    assert!(!closed.settings.auto_copy && !closed.settings.allow_save_to_computer);
    assert_eq!(closed.notes.len(), 4);
    assert!(closed.notes.contains(&Note::Strictest(Key::AllowSaveToComputer)));

    // An unreadable wait still clears the clipboard.
    let clear = resolve(&json(r#"{"clipboardClearSeconds":"soon"}"#), &json(r#"{"clipboardClearSeconds":0}"#));
    assert_eq!(clear.settings.clipboard_clear_seconds, 60);

    // An allowed-Jenkins list that is not a list enables nowhere; bad entries are left out.
    let nowhere = resolve(&json(r#"{"allowedJenkins":"https://ci.example.com/"}"#), &json("{}"));
    assert_eq!(nowhere.settings.allowed_jenkins, Some(vec![]));
    assert_eq!(nowhere.notes, vec![Note::NowhereEnabled]);
    assert!(!nowhere.settings.allows(&root("https://ci.example.com/")));
    let some = resolve(&json(r#"{"allowedJenkins":["https://ci.example.com","javascript:alert(1)",5]}"#), &json("{}"));
    assert_eq!(some.settings.allowed_jenkins, Some(vec!["https://ci.example.com/".to_owned()]));
    assert_eq!(some.notes, vec![Note::EntriesLeftOut(Key::AllowedJenkins, 2)]);

    // Values of the wrong type that set no limit are ignored, with a note.
    let ignored = resolve(&json(r#"{"defaultExpiryDays":"a month","tokenNameTemplate":42}"#), &json("{}"));
    assert_eq!(ignored.settings.default_lifetime, Expiry::Days(30));
    assert_eq!(ignored.notes, vec![Note::Ignored(Key::DefaultExpiryDays), Note::Ignored(Key::TokenNameTemplate)]);
}

#[test]
fn allowed_jenkins_match_whole_path_segments_on_the_normalised_url() {
    let settings =
        resolve(&json(r#"{"allowedJenkins":["HTTPS://CI.example.com:443/jenkins","http://build/"]}"#), &json("{}"))
            .settings;
    assert!(settings.allows(&jenkins_root("https://ci.example.com/jenkins/job/x/", "/jenkins")));
    assert!(!settings.allows(&jenkins_root("https://ci.example.com/jenkins2/", "/jenkins2")));
    assert!(!settings.allows(&root("https://ci.example.com.evil.example/")));
    assert!(settings.allows(&root("http://build/")));
    assert!(!settings.allows(&root("https://build/")));
    assert!(Settings::default().allows(&root("https://anything.example/")));
}

#[test]
fn operations_centers_by_controller_prefix() {
    let policy =
        json(r#"{"operationsCenters":{"https://c1.example.com/":"https://cjoc.example.com/cjoc","bad":"https://x/"}}"#);
    let resolved = resolve(&policy, &json("{}"));
    assert_eq!(
        resolved.settings.operations_center(&root("https://c1.example.com/")),
        Some("https://cjoc.example.com/cjoc/")
    );
    assert_eq!(resolved.settings.operations_center(&root("https://c2.example.com/")), None);
    assert_eq!(resolved.notes, vec![Note::EntriesLeftOut(Key::OperationsCenters, 1)]);
}

#[test]
fn name_templates() {
    let parts = NameParts { user: "alice", browser: "Chrome", os: "Linux", date: "2026-12-03", host: "ci.example.com" };
    assert_eq!(
        fill_template("{user}@{host} {browser}/{os} {date}", &parts),
        "alice@ci.example.com Chrome/Linux 2026-12-03"
    );
    assert_eq!(fill_template("ci {unknown} {user", &parts), "ci {unknown} {user");
}

/// The built-in default capped by a limit is nobody's choice: no note, also when the policy's own default
/// was ignored (that has its note).
#[test]
fn only_a_chosen_default_is_noted_when_capped() {
    let resolved = resolve(&json(r#"{"maxExpiryDays":7,"defaultExpiryDays":0}"#), &json("{}"));
    assert_eq!(resolved.settings.default_lifetime, Expiry::Days(7));
    assert_eq!(resolved.notes, vec![Note::Ignored(Key::DefaultExpiryDays)]);
    let chosen = resolve(&json(r#"{"maxExpiryDays":7,"defaultExpiryDays":30}"#), &json("{}"));
    assert_eq!(chosen.notes, vec![Note::Capped(Key::DefaultExpiryDays, 7)]);
}

/// A link can set the www page's options (and a test the popup's): none may keep a token readable,
/// or a request waiting, longer than the default.
#[test]
fn the_glue_may_only_shorten_the_mask_and_the_timeout() {
    use jenkins_api_token::settings::{MASK_AFTER_MS, at_most};
    assert_eq!(at_most(None, MASK_AFTER_MS), 60_000);
    assert_eq!(at_most(Some(1_500.0), MASK_AFTER_MS), 1_500);
    assert_eq!(at_most(Some(0.0), MASK_AFTER_MS), 0);
    for longer in [60_001.0, 1e12, f64::INFINITY, -1.0, f64::NAN] {
        assert_eq!(at_most(Some(longer), MASK_AFTER_MS), MASK_AFTER_MS, "{longer}");
    }
}

/// Chromium delivers only the keys the schema declares: every key the settings read is there, and
/// nothing else.
#[test]
fn the_managed_schema_declares_every_key() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../extension/managed_schema.json")).expect("the schema is JSON");
    let mut declared: Vec<&str> =
        schema["properties"].as_object().expect("properties").keys().map(String::as_str).collect();
    declared.sort_unstable();
    let mut read: Vec<&str> = Key::ALL.iter().map(|key| key.name()).collect();
    read.sort_unstable();
    assert_eq!(declared, read);
    assert_eq!(schema["properties"]["allowSaveToComputer"]["type"], "boolean");
}
