//! The remote-code scan: no shipped HTML or JS file may load or build code that is not in the package.

use std::path::Path;

use crate::util::{self, Result};

/// Every `.html`, `.js` and `.mjs` file below `dir`, as (relative name, text).
pub fn shipped_texts(dir: &Path) -> Result<Vec<(String, String)>> {
    let is_code =
        |name: &String| Path::new(name).extension().is_some_and(|ext| ext == "html" || ext == "js" || ext == "mjs");
    util::files_below(dir)?
        .into_iter()
        .filter(is_code)
        .map(|name| {
            let text = util::read_text(&dir.join(&name))?;
            Ok((name, text))
        })
        .collect()
}

/// Ways a shipped file could load or build code that is not in the package.
pub fn problems(name: &str, text: &str) -> Vec<String> {
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
    use crate::paths::{self, PKG};

    #[test]
    fn the_source_pages_load_no_remote_code() {
        for (name, text) in shipped_texts(&paths::extension()).unwrap() {
            if name.starts_with(PKG) {
                continue; // built output, audited in dist/ by `cargo xtask test`
            }
            assert_eq!(problems(&name, &text), Vec::<String>::new(), "{name}");
        }
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
            assert!(!problems(name, text).is_empty(), "{text} passed");
        }
        let good = [
            ("popup.html", r#"<script type="module" src="popup.js"></script><a href="x" rel="noopener">"#),
            (
                "popup.js",
                "import init, { mount } from './pkg/jenkins_api_token.js';\nconst u = new URL('x.wasm', import.meta.url);\n// see https://developer.mozilla.org/\nreimport('x');\nfunction get_imports() { const imports = {}; imports['https://x'] = 1; }",
            ),
        ];
        for (name, text) in good {
            assert_eq!(problems(name, text), Vec::<String>::new(), "{text}");
        }
    }
}
