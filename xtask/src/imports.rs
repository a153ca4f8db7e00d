//! The modules of xtask import one another without a circle, and `paths` imports none of them: each
//! module can be read and changed knowing only those below it, and main.rs alone decides the order of
//! the tasks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each module, with the other modules it names.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// The import graph of `files` (path below `src/`, text): a file belongs to the module of its first
/// path component (`audit/manifest.rs` to `audit`), and names a module by `crate::x`, `crate::{x, …}`
/// or `super::x` outside comment lines.
fn graph(files: &[(String, String)]) -> Graph {
    let module_of = |file: &str| {
        let first = file.split('/').next().unwrap_or(file);
        first.strip_suffix(".rs").unwrap_or(first).to_owned()
    };
    let modules: BTreeSet<String> = files.iter().map(|(file, _)| module_of(file)).collect();
    let mut graph = Graph::new();
    for (file, text) in files {
        let module = module_of(file);
        let named = graph.entry(module.clone()).or_default();
        for line in code_lines(text) {
            for prefix in ["crate::", "super::"] {
                for (at, _) in line.match_indices(prefix) {
                    for name in first_segments(&line[at + prefix.len()..]) {
                        if name != module && modules.contains(&name) {
                            named.insert(name);
                        }
                    }
                }
            }
        }
    }
    graph
}

/// The lines of `text` that are not comment lines.
fn code_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|line| !line.trim_start().starts_with("//"))
}

/// The first segment of the path that `rest` starts with, or of each path in the group `{a::b, c}`.
fn first_segments(rest: &str) -> Vec<String> {
    let identifier =
        |text: &str| -> String { text.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    let Some(group) = rest.strip_prefix('{') else {
        return vec![identifier(rest)];
    };
    let mut names = Vec::new();
    let mut depth = 0;
    let mut item_start = 0;
    for (at, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                names.push(identifier(&group[item_start..at]));
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                names.push(identifier(&group[item_start..at]));
                item_start = at + 1;
            }
            _ => {}
        }
    }
    names
}

/// A circle in `graph`, as the modules along it with the first repeated at the end, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit<'a>(
        module: &'a str,
        graph: &'a Graph,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|on_path| *on_path == module) {
            let mut cycle: Vec<String> = path[at..].iter().map(|&name| name.to_owned()).collect();
            cycle.push(module.to_owned());
            return Some(cycle);
        }
        if done.contains(module) {
            return None;
        }
        path.push(module);
        for next in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module);
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|module| visit(module, graph, &mut Vec::new(), &mut done))
}

/// The Rust files below `dir`, as (path below it, text).
fn rust_sources(dir: &Path) -> Vec<(String, String)> {
    crate::util::files_below(dir)
        .unwrap()
        .into_iter()
        .filter(|file| file.ends_with(".rs"))
        .map(|file| {
            let text = crate::util::read_text(&dir.join(&file)).unwrap();
            (file, text)
        })
        .collect()
}

/// xtask's own `src/`, as (path below it, text).
fn xtask_sources() -> Vec<(String, String)> {
    rust_sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn xtask_has_no_import_circle() {
    let graph = graph(&xtask_sources());
    // The reading finds the imports there are (a graph without edges has no circle either).
    assert!(graph["build"].contains("package") && graph["build"].contains("source"), "{graph:?}");
    assert!(graph["audit"].contains("util"), "audit/manifest.rs and audit/remote_code.rs belong to audit");
    assert_eq!(find_cycle(&graph), None, "{graph:?}");
}

#[test]
fn paths_imports_no_other_module() {
    let graph = graph(&xtask_sources());
    assert_eq!(graph.get("paths"), Some(&BTreeSet::new()), "{graph:?}");
}

#[test]
fn imports_are_read_in_each_form_and_a_circle_is_found() {
    let file = |name: &str, text: &str| (name.to_owned(), text.to_owned());
    let files = [
        file("a.rs", "use crate::{b::{self, X}, c};\n// crate::d is only mentioned\nuse std::fmt;\n"),
        file("b.rs", "fn f() { crate::c::run(); }\n"),
        file("c/inner.rs", "use super::helper;\nuse crate::util_outside;\n"),
        file("c.rs", "mod inner;\n"),
        file("d.rs", "fn g() { super::a::run() }\n"),
    ];
    let acyclic = graph(&files);
    let names = |list: &[&str]| list.iter().map(|&name| name.to_owned()).collect::<BTreeSet<_>>();
    assert_eq!(acyclic["a"], names(&["b", "c"]));
    assert_eq!(acyclic["b"], names(&["c"]));
    assert_eq!(acyclic["c"], names(&[]));
    assert_eq!(acyclic["d"], names(&["a"]));
    assert_eq!(find_cycle(&acyclic), None);

    let mut circular = files.to_vec();
    circular.push(file("c/more.rs", "use crate::d;\n"));
    let cycle = find_cycle(&graph(&circular)).expect("c now imports d, which imports a");
    assert_eq!(cycle, ["a", "b", "c", "d", "a"]);
    let mut with_self = acyclic;
    with_self.entry("e".into()).or_default().insert("e".into());
    assert_eq!(find_cycle(&with_self), Some(vec!["e".to_owned(), "e".to_owned()]));
}

#[test]
fn only_main_runs_a_task() {
    let files = xtask_sources();
    let modules: BTreeSet<String> = graph(&files).into_keys().collect();
    let mut callers = Vec::new();
    for (file, text) in files.iter().filter(|(file, _)| file != "main.rs") {
        for line in code_lines(text) {
            for (at, _) in line.match_indices("::run(") {
                let callee = line[..at].rsplit(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("");
                if modules.contains(callee) {
                    callers.push(format!("{file}: {}", line.trim()));
                }
            }
        }
    }
    assert_eq!(callers, Vec::<String>::new(), "main.rs decides which task's steps run, and when");
}

/// The popup's panels in `web/src/ui/` (every file but `mod.rs`) name neither their parent nor one
/// another: each draws its part of the core's state, and the parent alone wires them.
fn panels_reaching_out(files: &[(String, String)]) -> Vec<String> {
    let panels: Vec<&str> =
        files.iter().filter_map(|(file, _)| file.strip_suffix(".rs")).filter(|name| *name != "mod").collect();
    let mut found = Vec::new();
    for (file, text) in files.iter().filter(|(file, _)| file != "mod.rs") {
        for line in code_lines(text) {
            if line.contains("super::") || line.contains("crate::ui::") {
                found.push(format!("{file}: {}", line.trim()));
            }
            for panel in &panels {
                if !file.starts_with(panel)
                    && (line.contains(&format!("use {panel}::")) || line.contains(&format!(" {panel}::")))
                {
                    found.push(format!("{file}: names {panel}: {}", line.trim()));
                }
            }
        }
    }
    found
}

#[test]
fn the_popups_panels_call_neither_their_parent_nor_one_another() {
    let files = rust_sources(&crate::paths::root().join("web/src/ui"));
    assert!(files.len() >= 5, "the panels are read");
    assert_eq!(panels_reaching_out(&files), Vec::<String>::new());
    let reaching = [
        ("mod.rs".to_owned(), "mod list;\n".to_owned()),
        ("list.rs".to_owned(), "use super::App;\nfn f() { token::draw(); }\n".to_owned()),
        ("token.rs".to_owned(), String::new()),
    ];
    assert_eq!(panels_reaching_out(&reaching).len(), 2, "a parent and a sibling are both found");
}
