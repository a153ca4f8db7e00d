//! `{ctx}/www/…`: the static files of `--www DIR` (the extension's web build), always readable,
//! without Jenkins headers, sessions or auth. Nothing outside DIR is ever served.

use std::fs;
use std::path::{Path, PathBuf};

use crate::app::App;
use crate::http::{Request, Response};

fn mime_type(path: &Path) -> &'static str {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn not_found() -> Response {
    Response::with_body(404, "text/plain; charset=utf-8", "Not Found\n")
}

/// Resolves the decoded segments inside `root`; `None` for anything that could leave it.
fn resolve(root: &Path, segments: &[String]) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for segment in segments {
        let unsafe_segment = segment.is_empty()
            || segment == "."
            || segment == ".."
            || segment.contains(['/', '\\', '\0'])
            || Path::new(segment).is_absolute();
        if unsafe_segment {
            return None;
        }
        path.push(segment);
    }
    // Symlinks must not lead out either.
    let canonical = path.canonicalize().ok()?;
    let canonical_root = root.canonicalize().ok()?;
    canonical.starts_with(&canonical_root).then_some(canonical)
}

pub fn serve(app: &App, req: &Request, segments: &[String], trailing_slash: bool) -> Response {
    let Some(root) = &app.config.www else {
        return not_found();
    };
    if req.method != "GET" && req.method != "HEAD" {
        return Response::with_body(405, "text/plain; charset=utf-8", "Method Not Allowed\n")
            .header("Allow", "GET, HEAD");
    }
    let Some(mut path) = resolve(root, segments) else {
        return not_found();
    };
    if path.is_dir() {
        if !trailing_slash {
            let query = req.query.as_deref().map(|q| format!("?{q}")).unwrap_or_default();
            return Response::new(302).header("Location", format!("{}/{query}", req.path));
        }
        path.push("index.html");
    }
    match fs::read(&path) {
        Ok(bytes) => Response::with_body(200, mime_type(&path), bytes).header("Cache-Control", "no-cache"),
        Err(_) => not_found(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types() {
        assert_eq!(mime_type(Path::new("a.wasm")), "application/wasm");
        assert!(mime_type(Path::new("a.js")).starts_with("text/javascript"));
        assert_eq!(mime_type(Path::new("a.svg")), "image/svg+xml");
    }

    #[test]
    fn traversal_is_refused() {
        let root = std::env::temp_dir();
        assert!(resolve(&root, &["..".to_owned(), "etc".to_owned()]).is_none());
        assert!(resolve(&root, &["a/b".to_owned()]).is_none());
        assert!(resolve(&root, &["/etc".to_owned()]).is_none());
    }
}
