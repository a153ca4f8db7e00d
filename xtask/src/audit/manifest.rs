//! The manifest audit: permissions, keys, the background context and the CSP, each against an allowlist.

use serde_json::Value;

/// The only permissions the extension may ask for. `storage` holds one thing, reviewed in SECURITY.md:
/// the operations-center address a user typed for a controller.
pub const PERMISSIONS: [&str; 3] = ["activeTab", "scripting", "storage"];

/// Permissions the extension may ask for only in the click that needs them (SECURITY.md, "What it
/// promises", least privilege): reading the clipboard to clear it only if it still holds what was copied,
/// and talking to the native host that saves a new token into the user's config files (SECURITY.md,
/// "The native host").
const OPTIONAL_PERMISSIONS: [&str; 4] = ["clipboardRead", "clipboardWrite", "offscreen", "nativeMessaging"];

/// The one background context: the clipboard-clearing worker (a service worker in Chromium, scripts in
/// Firefox), with nothing else in it.
const BACKGROUND_SCRIPTS: [&str; 2] = ["clipboard.js", "background-firefox.js"];

/// Top-level manifest keys that are audited; any other key (`host_permissions`, `content_scripts`,
/// `externally_connectable`, `web_accessible_resources`, `update_url`, …) fails.
const KEYS: [&str; 18] = [
    "manifest_version",
    "name",
    "short_name",
    "version",
    "default_locale",
    "browser_specific_settings",
    "description",
    "minimum_chrome_version",
    "icons",
    "action",
    "permissions",
    "optional_permissions",
    "background",
    "storage",
    "options_ui",
    "commands",
    "content_security_policy",
    "author",
];

/// The weakest CSP the extension's pages may have, as (directive, allowed sources).
const CSP_FLOOR: [(&str, &[&str]); 2] =
    [("script-src", &["'self'", "'wasm-unsafe-eval'"]), ("object-src", &["'self'", "'none'"])];

/// Directives that would override `script-src` for some scripts, so they get the same floor.
const SCRIPT_DIRECTIVES: [&str; 4] = ["script-src-elem", "script-src-attr", "worker-src", "default-src"];

/// What is wrong with a manifest, one sentence each; empty when it passes.
pub fn problems(manifest: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(object) = manifest.as_object() else {
        return vec!["the manifest is not a JSON object".into()];
    };
    if manifest["manifest_version"] != 3 {
        problems.push("manifest_version is not 3".into());
    }
    for key in object.keys() {
        if !KEYS.contains(&key.as_str()) {
            problems.push(format!("key `{key}` is not audited (host access, scripts in pages, a background context or remote updates need a security review first)"));
        }
    }
    problems.extend(permission_problems(manifest, "permissions", "permission", &PERMISSIONS));
    problems.extend(permission_problems(
        manifest,
        "optional_permissions",
        "optional permission",
        &OPTIONAL_PERMISSIONS,
    ));
    problems.extend(background_problems(&manifest["background"]));
    // The options page and the policy schema are packaged files, nothing else.
    for (key, wanted) in [
        ("options_ui", serde_json::json!({"page": "options.html", "open_in_tab": true})),
        ("storage", serde_json::json!({"managed_schema": "managed_schema.json"})),
    ] {
        if !manifest[key].is_null() && manifest[key] != wanted {
            problems.push(format!("{key} {} is not {wanted}", manifest[key]));
        }
    }
    let text = manifest.to_string();
    for pattern in ["<all_urls>", "*://", "://*", "http://", "https://"] {
        if text.contains(pattern) {
            problems.push(format!("the manifest mentions `{pattern}`"));
        }
    }
    if let Some(popup) = manifest["action"]["default_popup"].as_str()
        && (popup.contains(':') || popup.starts_with("//"))
    {
        problems.push(format!("the popup {popup} is not a packaged file"));
    }
    problems.extend(csp_problems(&manifest["content_security_policy"]));
    problems
}

/// Each entry of the list `manifest[key]` that is not in `allowed`; no list at all is fine.
fn permission_problems(manifest: &Value, key: &str, what: &str, allowed: &[&str]) -> Vec<String> {
    match &manifest[key] {
        Value::Null => Vec::new(),
        Value::Array(permissions) => permissions
            .iter()
            .filter(|permission| !permission.as_str().is_some_and(|name| allowed.contains(&name)))
            .map(|permission| format!("{what} {permission} is more than {}", allowed.join(" and ")))
            .collect(),
        other => vec![format!("{key} is not a list: {other}")],
    }
}

/// Only the clipboard-clearing worker: `background.js` as Chromium's service worker, or
/// `clipboard.js` and `background-firefox.js` in Firefox; no page, no module.
fn background_problems(background: &Value) -> Vec<String> {
    let Some(object) = background.as_object() else {
        return match background {
            Value::Null => Vec::new(),
            other => vec![format!("background is not an object: {other}")],
        };
    };
    let worker = object.len() == 1 && object.get("service_worker") == Some(&Value::from("background.js"));
    let scripts = object.len() == 1
        && object.get("scripts").and_then(Value::as_array).is_some_and(|scripts| {
            !scripts.is_empty()
                && scripts.iter().all(|script| script.as_str().is_some_and(|name| BACKGROUND_SCRIPTS.contains(&name)))
        });
    if worker || scripts {
        Vec::new()
    } else {
        vec![format!("background {background} is not the clipboard-clearing worker alone")]
    }
}

fn csp_problems(csp: &Value) -> Vec<String> {
    let Some(csp) = csp.as_object() else {
        return vec!["no content_security_policy object (the CSP must be stated)".into()];
    };
    let mut problems = Vec::new();
    for key in csp.keys() {
        if key != "extension_pages" {
            problems.push(format!("content_security_policy.{key} is not audited"));
        }
    }
    let Some(policy) = csp.get("extension_pages").and_then(Value::as_str) else {
        problems.push("no content_security_policy.extension_pages".into());
        return problems;
    };
    let directives: Vec<(String, Vec<&str>)> = policy
        .split(';')
        .filter_map(|directive| {
            let mut words = directive.split_ascii_whitespace();
            let name = words.next()?.to_ascii_lowercase();
            Some((name, words.collect()))
        })
        .collect();
    for (name, floor) in CSP_FLOOR {
        let found: Vec<&(String, Vec<&str>)> = directives.iter().filter(|(directive, _)| directive == name).collect();
        match found.as_slice() {
            [] => problems.push(format!("the CSP has no {name}")),
            [(_, sources)] => {
                if sources.is_empty() {
                    problems.push(format!("{name} lists no source"));
                }
                for source in sources {
                    if !floor.contains(source) {
                        problems.push(format!("{name} allows {source}"));
                    }
                }
            }
            _ => problems.push(format!("the CSP repeats {name}")),
        }
    }
    for (name, sources) in &directives {
        if SCRIPT_DIRECTIVES.contains(&name.as_str()) {
            for source in sources {
                if !["'self'", "'wasm-unsafe-eval'", "'none'"].contains(source) {
                    problems.push(format!("{name} allows {source}"));
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths;
    use serde_json::json;

    fn source_manifest() -> Value {
        crate::util::read_json(&paths::manifest_source()).unwrap()
    }

    /// The problems of the source manifest after `change`.
    fn problems_after(change: impl FnOnce(&mut Value)) -> Vec<String> {
        let mut manifest = source_manifest();
        change(&mut manifest);
        problems(&manifest)
    }

    #[test]
    fn the_source_manifest_passes() {
        assert_eq!(problems(&source_manifest()), Vec::<String>::new());
    }

    type Change = fn(&mut Value);

    /// Each change a future edit might make, and that the audit must refuse.
    #[test]
    fn every_widening_fails() {
        let changes: Vec<(&str, Change)> = vec![
            ("host permissions", |m| m["host_permissions"] = json!(["https://*/*"])),
            ("empty host permissions key", |m| m["host_permissions"] = json!([])),
            ("optional host permissions", |m| m["optional_host_permissions"] = json!(["<all_urls>"])),
            ("cookies", |m| m["permissions"] = json!(["activeTab", "scripting", "cookies"])),
            ("tabs", |m| m["permissions"] = json!(["activeTab", "scripting", "tabs"])),
            ("unlimited storage", |m| {
                m["permissions"] = json!(["activeTab", "scripting", "storage", "unlimitedStorage"])
            }),
            ("<all_urls> permission", |m| m["permissions"] = json!(["activeTab", "<all_urls>"])),
            ("optional permissions", |m| m["optional_permissions"] = json!(["tabs"])),
            ("optional host access", |m| m["optional_permissions"] = json!(["clipboardRead", "<all_urls>"])),
            ("content scripts", |m| m["content_scripts"] = json!([{"matches": ["<all_urls>"], "js": ["x.js"]}])),
            ("another service worker", |m| m["background"] = json!({"service_worker": "sw.js"})),
            ("a module worker", |m| m["background"] = json!({"service_worker": "background.js", "type": "module"})),
            ("a background page", |m| m["background"] = json!({"page": "background.html"})),
            ("a remote options page", |m| m["options_ui"] = json!({"page": "https://example.com/options.html"})),
            ("another storage key", |m| m["storage"] = json!({"managed_schema": "https://example.com/s.json"})),
            ("another background script", |m| m["background"] = json!({"scripts": ["background.js", "x.js"]})),
            ("externally connectable", |m| {
                m["externally_connectable"] = json!({"matches": ["https://*.example.com/*"]})
            }),
            ("web accessible resources", |m| {
                m["web_accessible_resources"] = json!([{"resources": ["popup.html"], "matches": ["<all_urls>"]}])
            }),
            ("remote updates", |m| m["update_url"] = json!("https://example.com/updates.xml")),
            ("remote popup", |m| m["action"]["default_popup"] = json!("https://example.com/popup.html")),
            ("no CSP", |m| {
                m.as_object_mut().unwrap().remove("content_security_policy");
            }),
            ("sandbox CSP", |m| {
                m["content_security_policy"]["sandbox"] = json!("sandbox allow-scripts; script-src 'unsafe-eval'")
            }),
            ("manifest v2", |m| m["manifest_version"] = json!(2)),
        ];
        for (what, change) in changes {
            assert!(!problems_after(change).is_empty(), "{what} passed the audit");
        }
    }

    /// A policy for the extension's pages below the floor fails; a stricter one is fine.
    #[test]
    fn every_weaker_csp_fails() {
        let with_policy =
            |policy: &str| problems_after(|m| m["content_security_policy"]["extension_pages"] = json!(policy));
        for (what, policy) in [
            ("unsafe-eval", "script-src 'self' 'unsafe-eval'; object-src 'self'"),
            ("unsafe-inline", "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; object-src 'self'"),
            ("remote script host", "script-src 'self' https://cdn.example.com; object-src 'self'"),
            ("wildcard objects", "script-src 'self'; object-src *"),
            ("no object-src", "script-src 'self' 'wasm-unsafe-eval'"),
            ("no script-src", "default-src 'self'; object-src 'self'"),
            ("script-src-elem override", "script-src 'self'; script-src-elem https:; object-src 'self'"),
        ] {
            assert!(!with_policy(policy).is_empty(), "{what} passed the audit");
        }
        let stricter = "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; connect-src 'self'";
        assert_eq!(with_policy(stricter), Vec::<String>::new());
    }
}
