//! Element ids have one source. The glue finds every element by a constant of `web/src/ids.rs`; each
//! must be an id of the pages (`extension/*.html`, `www/index.html`), and each id an end-to-end test
//! names (`#id`, `getElementById('id')`) must be one of the pages' too, or of a page the tests
//! themselves serve (the emulator's, or HTML they write).

use std::collections::BTreeSet;

use crate::paths::root;
use crate::util::{files_below, read_text};

/// The `id="…"` values in `text`, also as Rust source writes them (`id=\"…\"`).
fn ids_in(text: &str) -> BTreeSet<String> {
    let text = text.replace("\\\"", "\"");
    text.match_indices("id=\"")
        .map(|(at, _)| text[at + 4..].split('"').next().unwrap_or_default().to_owned())
        .filter(|id| !id.is_empty() && !id.contains('$') && !id.contains('{'))
        .collect()
}

/// Named like an id in a test, but not one: the fragments the Firefox test copy's opener listens for,
/// and colours.
fn not_an_element(id: &str) -> bool {
    matches!(id, "open-popup" | "open-options")
        || (matches!(id.len(), 3 | 6 | 8) && id.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The values of `pub const NAME: &str = "value";` in `ids.rs`.
fn constants(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("pub const ")?.split('"').nth(1).map(str::to_owned))
        .collect()
}

/// The ids a test names: `#id` in a selector string, and `getElementById('id')`.
fn named_ids(text: &str) -> BTreeSet<String> {
    let identifier = |rest: &str| -> String {
        rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
    };
    let mut found = BTreeSet::new();
    for (at, _) in text.match_indices("getElementById('") {
        found.insert(identifier(&text[at + 16..]));
    }
    for (at, _) in text.match_indices('#') {
        let before = text[..at].chars().next_back();
        let id = identifier(&text[at + 1..]);
        // A selector's `#id` follows a quote, a space, a `(` or a combinator; not a URL's fragment.
        if matches!(before, Some('\'' | '"' | '`' | ' ' | '(' | ',' | '>'))
            && id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        {
            found.insert(id);
        }
    }
    found.retain(|id| !id.is_empty());
    found
}

fn read(path: &str) -> String {
    read_text(&root().join(path)).unwrap()
}

#[test]
fn every_id_the_glue_and_the_tests_name_is_in_a_page() {
    let pages: BTreeSet<String> = ["extension/popup.html", "extension/options.html", "www/index.html"]
        .iter()
        .flat_map(|page| ids_in(&read(page)))
        .collect();
    let missing: Vec<String> =
        constants(&read("web/src/ids.rs")).into_iter().filter(|id| !pages.contains(id)).collect();
    assert_eq!(missing, Vec::<String>::new(), "web/src/ids.rs names ids the pages do not have");

    // The glue finds elements through those constants only.
    let glue = root().join("web/src");
    for file in files_below(&glue).unwrap().into_iter().filter(|file| file.ends_with(".rs")) {
        let text = read_text(&glue.join(&file)).unwrap();
        for (at, _) in text.match_indices("find(") {
            let argument = text[at..].split(',').nth(1).unwrap_or_default().trim_start();
            assert!(
                !argument.starts_with('"'),
                "web/src/{file} finds an element by a literal id: {}",
                &text[at..at + 40.min(text.len() - at)]
            );
        }
    }

    // What the tests themselves serve: the emulator's pages, the bench's, and HTML the tests write.
    let mut served = pages.clone();
    for dir in ["tests/emulator/src", "tests/bench"] {
        let dir = root().join(dir);
        for file in files_below(&dir).unwrap() {
            served.extend(ids_in(&read_text(&dir.join(file)).unwrap()));
        }
    }
    let e2e = root().join("tests/e2e");
    let mut unknown = Vec::new();
    for file in files_below(&e2e).unwrap().into_iter().filter(|file| file.ends_with(".mjs")) {
        let text = read_text(&e2e.join(&file)).unwrap();
        let own = ids_in(&text);
        for id in named_ids(&text) {
            if !served.contains(&id) && !own.contains(&id) && !not_an_element(&id) {
                unknown.push(format!("tests/e2e/{file}: #{id}"));
            }
        }
    }
    assert_eq!(unknown, Vec::<String>::new(), "end-to-end tests name ids no page has");
}

#[test]
fn ids_are_read_from_pages_constants_and_selectors() {
    assert_eq!(ids_in(r#"<p id="a"><b id="b-c">"#), BTreeSet::from(["a".to_owned(), "b-c".to_owned()]));
    assert_eq!(ids_in("format!(\"<input id=\\\"j_username\\\">\")"), BTreeSet::from(["j_username".to_owned()]));
    assert!(not_an_element("dde3ea") && not_an_element("open-popup") && !not_an_element("alert"));
    assert_eq!(constants("pub const A: &str = \"a-b\";\n// pub const B\n"), BTreeSet::from(["a-b".to_owned()]));
    let selectors = "page.locator('#alert-text'); getElementById('generate'); `${url}#frag`; '.x #y, #z'";
    assert_eq!(named_ids(selectors), BTreeSet::from(["alert-text", "generate", "y", "z"].map(str::to_owned)));
}
