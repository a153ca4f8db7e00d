//! Every citation of a document resolves, in every text file git tracks (code, comments, documents,
//! scripts, configuration): a section named by its title (`README, "Speed and size"`, `README "Users"`,
//! `docs/performance.md, "The zips"`) is a heading of that document; an anchor
//! (`docs/jenkins.md#crumb-filter`, `../README.md#budgets`, a Markdown link to `#security`) is the anchor
//! of one, by GitHub's rules; a document named by its path (`docs/architecture.md`) exists; and the
//! target of a Markdown link (`](docs/popup-form.png)`, `](tests/emulator/)`) is a tracked file or
//! folder. So a section or a document that moves leaves no citation behind. `README` alone is the
//! nearest README.md above the citing file (the emulator's own in tests/emulator/); a path is read from
//! the citing file's folder, else from the repository's root, but a Markdown link only from its folder,
//! as GitHub reads it.

use std::collections::{BTreeMap, BTreeSet};

/// Tracked files by their path in the repository, with their text (empty for a file that is not
/// UTF-8 text, such as a picture).
type Files = BTreeMap<String, String>;

/// This file, whose tests cite sections that do not exist on purpose.
const CHECKER: &str = "xtask/src/citations.rs";

/// A character of a path as code comments and Markdown links write one.
fn in_path(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_./-".contains(c)
}

fn in_anchor(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// Where the run of path characters that ends at `end` starts.
fn path_start(text: &str, end: usize) -> usize {
    text[..end].char_indices().rev().take_while(|&(_, c)| in_path(c)).last().map_or(end, |(at, _)| at)
}

/// `path` names a Markdown document (not a pattern such as `docs/*.md`).
fn is_document(path: &str) -> bool {
    path.strip_suffix(".md").is_some_and(|stem| !stem.is_empty() && !stem.ends_with('/'))
}

/// What the build writes, which text may name but git does not track: anything in `target/` or
/// `dist/`, and the BUILD.md of the source package.
fn is_built(path: &str) -> bool {
    path.starts_with("target/") || path.starts_with("dist/") || path == "BUILD.md"
}

/// GitHub's anchor of a heading: lower case, spaces to `-`, every other character that is not a letter,
/// a digit, `-` or `_` dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if in_anchor(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a Markdown document's headings (outside code blocks), a repeated one numbered as
/// GitHub numbers it (`-1`, `-2`); and the headings' own slugs, which a title is compared with.
fn anchors(markdown: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut anchors, mut titles) = (BTreeSet::new(), BTreeSet::new());
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            fenced = !fenced;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        let Some(text) = line[hashes..].strip_prefix(' ').filter(|_| !fenced && (1..=6).contains(&hashes)) else {
            continue;
        };
        let base = slug(text);
        let mut numbered = (0..).map(|n| if n == 0 { base.clone() } else { format!("{base}-{n}") });
        let anchor = numbered.find(|anchor| !anchors.contains(anchor)).expect("a free anchor");
        anchors.insert(anchor);
        titles.insert(base);
    }
    (anchors, titles)
}

#[derive(Debug, PartialEq)]
enum Section {
    Title(String),
    Anchor(String),
    /// The document, or the file or folder a Markdown link names, must exist.
    Whole,
}

/// One citation: where it is, the document as written (empty: the citing file itself), the section,
/// and whether it is the target of a Markdown link.
#[derive(Debug, PartialEq)]
struct Citation {
    line: usize,
    document: String,
    section: Section,
    link: bool,
}

/// The citations in `text`, Markdown links (`](target)`, `](#anchor)`) only if `markdown`.
/// Escaped quotes (`\"` in a Rust string) count as quotes.
fn citations(text: &str, markdown: bool) -> Vec<Citation> {
    let text = text.replace("\\\"", "\"");
    let line_at = |at: usize| text[..at].matches('\n').count() + 1;
    // A path that is part of a URL, absolute, or after an escape (`\tREADME.md` in a string) is not one.
    let not_a_path = |start: usize| text[..start].ends_with([':', '\\']) || text[start..].starts_with('/');
    let link_at = |start: usize| markdown && text[..start].ends_with("](");
    let mut found = Vec::new();
    // Anchors: `path.md#anchor`, and `](#anchor)` within a Markdown document.
    for (at, _) in text.match_indices('#') {
        let start = path_start(&text, at);
        let document = &text[start..at];
        let anchor: String = text[at + 1..].chars().take_while(|&c| in_anchor(c)).collect();
        let same_document = document.is_empty() && link_at(at);
        if !anchor.is_empty() && !not_a_path(start) && (is_document(document) || same_document) {
            let (line, document, link) = (line_at(at), document.into(), link_at(start));
            found.push(Citation { line, document, section: Section::Anchor(anchor), link });
        }
    }
    // Documents named by their path alone, in prose and in Markdown links.
    for (at, _) in text.match_indices(".md") {
        let (start, end) = (path_start(&text, at), at + 3);
        let next = text[end..].chars().next();
        let whole = is_document(&text[start..end]) && !next.is_some_and(|c| c == '#' || (in_path(c) && c != '.'));
        if whole && !not_a_path(start) && quoted_title(text[end..].strip_prefix(',').unwrap_or(&text[end..])).is_none()
        {
            let (line, link) = (line_at(at), link_at(start));
            found.push(Citation { line, document: text[start..end].into(), section: Section::Whole, link });
        }
    }
    // Any other file or folder a Markdown link names (a picture, LICENSE, `tests/emulator/`).
    for (at, _) in text.match_indices("](").filter(|_| markdown) {
        let target: String = text[at + 2..].chars().take_while(|&c| in_path(c)).collect();
        let closed = text[at + 2 + target.len()..].starts_with([')', ' ']);
        let target = target.trim_end_matches('/');
        if closed && !target.is_empty() && !is_document(target) && !not_a_path(at + 2) {
            found.push(Citation { line: line_at(at), document: target.into(), section: Section::Whole, link: true });
        }
    }
    // Titles: `README` or `path.md`, an optional comma, white space (a line break may continue a
    // comment), then the title in double quotes.
    let names = text.match_indices("README").filter(|(at, _)| !text[at + 6..].starts_with(".md"));
    for (at, name) in names.chain(text.match_indices(".md")) {
        let (start, end) = if name == ".md" { (path_start(&text, at), at + 3) } else { (at, at + 6) };
        let whole = if name == ".md" {
            is_document(&text[start..end])
        } else {
            !text[..start].chars().next_back().is_some_and(in_path)
        };
        if !whole || text[end..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(title) = quoted_title(text[end..].strip_prefix(',').unwrap_or(&text[end..])) {
            found.push(Citation {
                line: line_at(at),
                document: text[start..end].into(),
                section: Section::Title(title),
                link: false,
            });
        }
    }
    found
}

/// The title in `"…"` after at least one space or one line break (then past the comment's `//!`, `///`
/// or `*`), the lines of a comment joined.
fn quoted_title(rest: &str) -> Option<String> {
    let gap = rest.len() - rest.trim_start().len();
    let breaks = rest[..gap].matches('\n').count();
    let rest = match (gap, breaks) {
        (0, _) | (_, 2..) => return None,
        (_, 1) => rest[gap..].trim_start_matches(['/', '!', '*', ' ']),
        _ => &rest[gap..],
    };
    let inner = rest.strip_prefix('"')?;
    let title = &inner[..inner.find('"').filter(|&end| end <= 120)?];
    let joined: Vec<&str> = title.lines().map(|line| line.trim().trim_start_matches(['/', '!', '*']).trim()).collect();
    let joined = joined.join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// `path` below `folder`, `.` and `..` resolved.
fn join(folder: &str, path: &str) -> String {
    let mut parts: Vec<&str> = folder.split('/').filter(|part| !part.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// The tracked file or folder a citation in `file` means, if there is one; a link is read from the
/// file's folder only.
fn document(files: &Files, file: &str, written: &str, link: bool) -> Option<String> {
    let folder = file.rfind('/').map_or("", |end| &file[..end]);
    if written.is_empty() {
        return Some(file.to_owned());
    }
    if written == "README" {
        let mut folder = Some(folder);
        while let Some(current) = folder {
            let candidate = join(current, "README.md");
            if files.contains_key(&candidate) {
                return Some(candidate);
            }
            folder = (!current.is_empty()).then(|| current.rfind('/').map_or("", |end| &current[..end]));
        }
        return None;
    }
    let is_folder = |path: &String| {
        files.keys().any(|file| file.strip_prefix(path.as_str()).is_some_and(|rest| rest.starts_with('/')))
    };
    let candidates = if link { vec![join(folder, written)] } else { vec![join(folder, written), join("", written)] };
    candidates.into_iter().find(|candidate| files.contains_key(candidate) || is_folder(candidate))
}

/// Every citation in `files` that does not resolve, as `file:line: what is wrong`.
fn problems(files: &Files) -> Vec<String> {
    let mut found = Vec::new();
    for (file, text) in files.iter().filter(|(file, _)| *file != CHECKER) {
        for citation in citations(text, file.ends_with(".md")) {
            let shown = match &citation.section {
                Section::Title(title) => format!("{} \"{title}\"", citation.document),
                Section::Anchor(anchor) => format!("{}#{anchor}", citation.document),
                Section::Whole => citation.document.clone(),
            };
            let Some(target) = document(files, file, &citation.document, citation.link) else {
                if citation.section != Section::Whole || !is_built(&citation.document) {
                    found.push(format!("{file}:{}: {shown}: no such document", citation.line));
                }
                continue;
            };
            let (anchors, titles) = anchors(files.get(&target).map_or("", String::as_str));
            let resolves = match &citation.section {
                Section::Title(title) => titles.contains(&slug(title)),
                Section::Anchor(anchor) => anchors.contains(anchor),
                Section::Whole => true,
            };
            if !resolves {
                found.push(format!("{file}:{}: {shown}: {target} has no such heading", citation.line));
            }
        }
    }
    found
}

/// The files git tracks, as the repository holds them now.
fn tracked_files() -> Files {
    let root = crate::paths::root();
    let listing = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(&root)
        .output()
        .expect("git ls-files runs (this test reads a git checkout)");
    assert!(listing.status.success(), "git ls-files failed");
    String::from_utf8(listing.stdout)
        .expect("git lists UTF-8 paths")
        .split('\0')
        .filter(|file| !file.is_empty() && root.join(file).exists())
        .map(|file| {
            let bytes = std::fs::read(root.join(file)).unwrap_or_else(|error| panic!("{file}: {error}"));
            (file.to_owned(), String::from_utf8(bytes).unwrap_or_default())
        })
        .collect()
}

#[test]
fn every_cited_section_exists() {
    let files = tracked_files();
    assert!(files.contains_key("README.md") && files.contains_key("docs/jenkins.md"), "the scan sees the docs");
    for scanned in ["web/jenkins_api_token.d.ts", ".ci/run", "extension/popup.css"] {
        assert!(files.get(scanned).is_some_and(|text| !text.is_empty()), "the scan reads {scanned}");
    }
    let count: usize = files.iter().map(|(file, text)| citations(text, file.ends_with(".md")).len()).sum();
    assert!(count > 100, "the scan finds the citations ({count})");
    assert_eq!(problems(&files), Vec::<String>::new());
}

#[test]
fn anchors_follow_githubs_rules() {
    let markdown = "# Title\n## Speed and size\n```sh\n# not a heading\n```\n### The wasm does not hold 150 KB / 60 KB\n\
                    ## `cargo xtask` and **bold**, too\n## Speed and size\n#hashtag\n";
    let (anchors, titles) = anchors(markdown);
    let expected = ["title", "speed-and-size", "the-wasm-does-not-hold-150-kb--60-kb", "cargo-xtask-and-bold-too"];
    let mut expected: BTreeSet<String> = expected.into_iter().map(str::to_owned).collect();
    assert_eq!(titles, expected);
    expected.insert("speed-and-size-1".into());
    assert_eq!(anchors, expected);
}

#[test]
fn a_citation_of_a_missing_section_is_caught() {
    let file = |name: &str, text: &str| (name.to_owned(), text.to_owned());
    let readme = "# Project\n## Speed and size\n## Security\n**Dependencies.** A paragraph, not a heading.\n";
    let good = [
        file("README.md", readme),
        file("docs/a.md", "# A\n## The zips\nSee [budgets](../README.md#speed-and-size) and [the zips](#the-zips).\n"),
        file("docs/b.md", "![A picture](pic.png), [the tool](../tests/tool/), [A](a.md), [home](https://x.org/).\n"),
        file("docs/pic.png", ""),
        file("tests/tool/README.md", "# Tool\n## Users\n"),
        file("tests/tool/src/users.rs", "//! The users (README \"Users\"), the promises (README.md#security)."),
        file("src/lib.rs", "// See README, \"Speed and\n// size\" and docs/a.md#the-zips, https://x.org/y.md#no.\n"),
        file("src/run.rs", "// docs/a.md, then target/bench/latest.md and BUILD.md, which the build writes.\n"),
        file(
            "xtask/src/size.rs",
            "bail!(\"see docs/a.md, \\\"The zips\\\"\"); let n = \"README.md\", \"x\\tREADME.md\";",
        ),
    ];
    let files: Files = good.iter().cloned().collect();
    assert_eq!(problems(&files), Vec::<String>::new());
    assert_eq!(citations(&files["src/lib.rs"], false).len(), 2);
    assert_eq!(citations(&files["src/run.rs"], false).len(), 3);
    assert_eq!(citations(&files["xtask/src/size.rs"], false).len(), 2, "a title, and README.md by its path");
    assert_eq!(citations(&files["docs/b.md"], true).len(), 3, "a picture, a folder and a document; no URL");

    let bad = [
        file("xtask/src/test.rs", "// Offline (README \"Dependencies\").\n"),
        file("src/flow.rs", "/// docs/a.md#the-zip\n"),
        file("src/popup.rs", "//! docs/architecture.md walks one click through.\n"),
        file("docs/c.md", "[x](#nowhere) and [y](missing.md#anything)\n"),
        file("docs/d.md", "[a link read from the root](docs/a.md), ![gone](docs/old.png), [gone](../tests/moved/)\n"),
        file("tests/tool/src/more.rs", "// README \"Speed and size\" is the top README's, not this one's\n"),
    ];
    let files: Files = good.into_iter().chain(bad).collect();
    assert_eq!(
        problems(&files),
        [
            "docs/c.md:1: #nowhere: docs/c.md has no such heading",
            "docs/c.md:1: missing.md#anything: no such document",
            "docs/d.md:1: docs/a.md: no such document",
            "docs/d.md:1: docs/old.png: no such document",
            "docs/d.md:1: ../tests/moved: no such document",
            "src/flow.rs:1: docs/a.md#the-zip: docs/a.md has no such heading",
            "src/popup.rs:1: docs/architecture.md: no such document",
            "tests/tool/src/more.rs:1: README \"Speed and size\": tests/tool/README.md has no such heading",
            "xtask/src/test.rs:1: README \"Dependencies\": README.md has no such heading",
        ]
    );
}
