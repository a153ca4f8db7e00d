//! The audit of what ships (SECURITY.md): `cargo xtask test` fails if the built extension's manifest
//! asks for more than `activeTab`, `scripting` and `storage`, loosens the CSP, or if any shipped file can load
//! code from elsewhere, and if the shipped core gains a direct dependency nobody reviewed.
//! The rules are allowlists: anything new fails until this file (and SECURITY.md) says it is fine.

use std::path::Path;

use serde_json::Value;

use crate::util::{Result, cargo, output, root};

/// The only permissions the extension may ask for. `storage` holds one thing, reviewed in SECURITY.md:
/// the operations-center address a user typed for a controller.
const PERMISSIONS: [&str; 3] = ["activeTab", "scripting", "storage"];

/// Permissions the extension may ask for only in the click that needs them (SECURITY.md, "The
/// clipboard"): reading the clipboard to clear it only if it still holds what was copied.
const OPTIONAL_PERMISSIONS: [&str; 3] = ["clipboardRead", "clipboardWrite", "offscreen"];

/// The one background context: the clipboard-clearing worker (a service worker in Chromium, scripts in
/// Firefox), with nothing else in it.
const BACKGROUND_SCRIPTS: [&str; 2] = ["clipboard.js", "background-firefox.js"];

/// Top-level manifest keys that are audited; any other key (`host_permissions`, `content_scripts`,
/// `externally_connectable`, `web_accessible_resources`, `update_url`, …) fails.
const KEYS: [&str; 16] = [
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
    "commands",
    "content_security_policy",
    "author",
];

/// The CSP the issue names as the weakest acceptable one, as (directive, allowed sources).
const CSP_FLOOR: [(&str, &[&str]); 2] =
    [("script-src", &["'self'", "'wasm-unsafe-eval'"]), ("object-src", &["'self'", "'none'"])];

/// Directives that would override `script-src` for some scripts, so they get the same floor.
const SCRIPT_DIRECTIVES: [&str; 4] = ["script-src-elem", "script-src-attr", "worker-src", "default-src"];

/// The direct dependencies of the shipped core (wasm32), each reviewed: see README "Dependencies".
const SHIPPED_DEPENDENCIES: [&str; 10] = [
    "console_error_panic_hook",
    "futures-util",
    "gloo-net",
    "js-sys",
    "serde",
    "serde_json",
    "talc",
    "wasm-bindgen",
    "wasm-bindgen-futures",
    "web-sys",
];

/// Audits an unpacked extension directory (`dist/chromium/`).
pub fn extension(dir: &Path) -> Result {
    let text = std::fs::read_to_string(dir.join("manifest.json"))
        .map_err(|error| format!("{}/manifest.json: {error}", dir.display()))?;
    let manifest: Value = serde_json::from_str(&text).map_err(|error| format!("manifest.json: {error}"))?;
    let mut problems = manifest_problems(&manifest);
    for (name, text) in shipped_texts(dir)? {
        problems.extend(remote_code_problems(&name, &text));
    }
    if problems.is_empty() {
        eprintln!(
            "audit: {} asks for {} only, CSP at least `script-src 'self' 'wasm-unsafe-eval'; object-src 'self'`, no remote code",
            dir.display(),
            PERMISSIONS.join(" and ")
        );
        Ok(())
    } else {
        Err(format!("the extension in {} fails the audit:\n  {}", dir.display(), problems.join("\n  ")))
    }
}

/// The direct dependencies of what ships (the core and the web crate, built for the browser) must be the
/// reviewed ones.
pub fn dependencies() -> Result {
    let tree = output(
        cargo(&[
            "tree",
            "-p",
            "jenkins-api-token",
            "-p",
            crate::build::WEB_PACKAGE,
            "--target",
            "wasm32-unknown-unknown",
            "-e",
            "normal",
            "--depth",
            "1",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(root()),
    )
    .ok_or("cargo tree failed")?;
    let mut direct: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| !["jenkins-api-token", crate::build::WEB_PACKAGE].contains(name))
        .collect();
    direct.sort_unstable();
    direct.dedup();
    let unreviewed: Vec<&str> = direct.iter().copied().filter(|name| !SHIPPED_DEPENDENCIES.contains(name)).collect();
    if !unreviewed.is_empty() {
        return Err(format!(
            "the shipped core gained dependencies nobody reviewed: {} (review them, then add them to xtask/src/audit.rs and README \"Dependencies\")",
            unreviewed.join(", ")
        ));
    }
    eprintln!("audit: the shipped core has {} direct dependencies, all reviewed", direct.len());
    Ok(())
}

/// Every `.html` and `.js` file below `dir`, as (relative name, text).
fn shipped_texts(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current).map_err(|error| format!("{}: {error}", current.display()))?;
        for entry in entries {
            let path = entry.map_err(|error| error.to_string())?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "html" || ext == "js" || ext == "mjs") {
                let text = std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
                let name = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().into_owned();
                files.push((name, text));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// What is wrong with a manifest, one sentence each; empty when it passes.
pub fn manifest_problems(manifest: &Value) -> Vec<String> {
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
    match &manifest["permissions"] {
        Value::Null => {}
        Value::Array(permissions) => {
            for permission in permissions {
                match permission.as_str() {
                    Some(name) if PERMISSIONS.contains(&name) => {}
                    _ => problems.push(format!("permission {permission} is more than {}", PERMISSIONS.join(" and "))),
                }
            }
        }
        other => problems.push(format!("permissions is not a list: {other}")),
    }
    match &manifest["optional_permissions"] {
        Value::Null => {}
        Value::Array(permissions) => {
            for permission in permissions {
                match permission.as_str() {
                    Some(name) if OPTIONAL_PERMISSIONS.contains(&name) => {}
                    _ => problems.push(format!(
                        "optional permission {permission} is more than {}",
                        OPTIONAL_PERMISSIONS.join(" and ")
                    )),
                }
            }
        }
        other => problems.push(format!("optional_permissions is not a list: {other}")),
    }
    problems.extend(background_problems(&manifest["background"]));
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

/// Ways a shipped file could load or build code that is not in the package.
pub fn remote_code_problems(name: &str, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let lower = text.to_ascii_lowercase();
    if name.ends_with(".html") {
        for tag in ["<script", "<link", "<iframe", "<object", "<embed", "<base"] {
            for (at, _) in lower.match_indices(tag) {
                let end = lower[at..].find('>').map_or(lower.len(), |end| at + end);
                let element = &lower[at..end];
                if tag == "<script" && !element.contains("src=") {
                    problems.push(format!("{name}: an inline script"));
                }
                if ["<iframe", "<object", "<embed", "<base"].contains(&tag) {
                    problems.push(format!("{name}: a {} element", &tag[1..]));
                }
                if element.contains("://") || element.contains("=\"//") || element.contains("='//") {
                    problems.push(format!("{name}: `{element}>` loads from elsewhere"));
                }
            }
        }
        if lower.contains(" on") && has_inline_handler(&lower) {
            problems.push(format!("{name}: an inline event handler"));
        }
    } else {
        for needle in ["eval(", "new function(", "importscripts(", "settimeout(\"", "setinterval(\""] {
            if lower.contains(needle) {
                problems.push(format!("{name}: `{needle}` builds code from a string"));
            }
        }
        for specifier in import_specifiers(text) {
            let specifier = specifier.to_ascii_lowercase();
            if specifier.contains(':') || specifier.starts_with("//") {
                problems.push(format!("{name}: imports `{specifier}`"));
            }
        }
    }
    problems
}

/// `onclick=`-style attributes in HTML.
fn has_inline_handler(lower: &str) -> bool {
    lower.match_indices(" on").any(|(at, _)| {
        let rest = &lower[at + 3..];
        let name_end = rest.find(|c: char| !c.is_ascii_lowercase()).unwrap_or(rest.len());
        name_end > 0 && rest[name_end..].trim_start().starts_with('=')
    })
}

/// The module specifiers of `import … from '…'`, `import '…'` and `import('…')`.
fn import_specifiers(text: &str) -> Vec<&str> {
    let mut specifiers = Vec::new();
    for (at, _) in text.match_indices("import") {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.') {
            continue;
        }
        let after = &text[at + "import".len()..];
        if after.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // `imports`, `import0`: another identifier
        }
        let rest = after.trim_start();
        if !rest.starts_with(['(', '{', '*', '\'', '"', '`']) && !rest.starts_with(char::is_alphabetic) {
            continue; // import.meta, or the word in a comment
        }
        // The first string literal of the statement (or of the call) is its specifier.
        let statement_end = rest.find([';', '\n']).map_or(rest.len(), |end| end + 1);
        let statement = &rest[..statement_end.min(rest.len())];
        if let Some(open) = statement.find(['\'', '"', '`']) {
            let quote = statement[open..].chars().next().unwrap_or('\'');
            let body = &statement[open + 1..];
            if let Some(close) = body.find(quote) {
                specifiers.push(&body[..close]);
            }
        }
    }
    specifiers
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn source_manifest() -> Value {
        let text = std::fs::read_to_string(root().join("extension/manifest.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn the_source_manifest_passes() {
        assert_eq!(manifest_problems(&source_manifest()), Vec::<String>::new());
    }

    #[test]
    fn the_source_pages_load_no_remote_code() {
        for (name, text) in shipped_texts(&root().join("extension")).unwrap() {
            if name.starts_with("pkg") {
                continue; // built output, audited in dist/ by `cargo xtask test`
            }
            assert_eq!(remote_code_problems(&name, &text), Vec::<String>::new(), "{name}");
        }
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
            ("unsafe-eval", |m| {
                m["content_security_policy"]["extension_pages"] =
                    json!("script-src 'self' 'unsafe-eval'; object-src 'self'")
            }),
            ("unsafe-inline", |m| {
                m["content_security_policy"]["extension_pages"] =
                    json!("script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; object-src 'self'")
            }),
            ("remote script host", |m| {
                m["content_security_policy"]["extension_pages"] =
                    json!("script-src 'self' https://cdn.example.com; object-src 'self'")
            }),
            ("wildcard objects", |m| {
                m["content_security_policy"]["extension_pages"] = json!("script-src 'self'; object-src *")
            }),
            ("no object-src", |m| {
                m["content_security_policy"]["extension_pages"] = json!("script-src 'self' 'wasm-unsafe-eval'")
            }),
            ("no script-src", |m| {
                m["content_security_policy"]["extension_pages"] = json!("default-src 'self'; object-src 'self'")
            }),
            ("script-src-elem override", |m| {
                m["content_security_policy"]["extension_pages"] =
                    json!("script-src 'self'; script-src-elem https:; object-src 'self'")
            }),
            ("sandbox CSP", |m| {
                m["content_security_policy"]["sandbox"] = json!("sandbox allow-scripts; script-src 'unsafe-eval'")
            }),
            ("manifest v2", |m| m["manifest_version"] = json!(2)),
        ];
        for (what, change) in changes {
            let mut manifest = source_manifest();
            change(&mut manifest);
            assert!(!manifest_problems(&manifest).is_empty(), "{what} passed the audit");
        }
        // A stricter CSP is fine.
        let mut manifest = source_manifest();
        manifest["content_security_policy"]["extension_pages"] =
            json!("script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; connect-src 'self'");
        assert_eq!(manifest_problems(&manifest), Vec::<String>::new());
    }

    #[test]
    fn remote_code_is_found() {
        let bad = [
            ("popup.html", r#"<script src="https://cdn.example.com/x.js"></script>"#),
            ("popup.html", r#"<script type="module" src="//cdn.example.com/x.js"></script>"#),
            ("popup.html", "<script>alert(1)</script>"),
            ("popup.html", r#"<link rel="stylesheet" href="https://cdn.example.com/x.css">"#),
            ("popup.html", r#"<iframe src="page.html"></iframe>"#),
            ("popup.html", r#"<button onclick="go()">x</button>"#),
            ("popup.js", "import x from 'https://cdn.example.com/x.js';"),
            ("popup.js", "const m = await import(\"https://cdn.example.com/m.js\");"),
            ("popup.js", "import '//cdn.example.com/side.js';"),
            ("popup.js", "eval(text)"),
            ("popup.js", "const f = new Function('a', text);"),
            ("popup.js", "importScripts('x.js')"),
            ("popup.js", "setTimeout(\"go()\", 1)"),
        ];
        for (name, text) in bad {
            assert!(!remote_code_problems(name, text).is_empty(), "{text} passed");
        }
        let good = [
            ("popup.html", r#"<script type="module" src="popup.js"></script><a href="x" rel="noopener">"#),
            (
                "popup.js",
                "import init, { mount } from './pkg/jenkins_api_token.js';\nconst u = new URL('x.wasm', import.meta.url);\n// see https://developer.mozilla.org/\nreimport('x');\nfunction get_imports() { const imports = {}; imports['https://x'] = 1; }",
            ),
        ];
        for (name, text) in good {
            assert_eq!(remote_code_problems(name, text), Vec::<String>::new(), "{text}");
        }
    }
}
