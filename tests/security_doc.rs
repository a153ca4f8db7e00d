//! SECURITY.md's checkable sentences, against what the code and the shipped files do: the CSP it
//! quotes, the storage areas it lists, the optional permissions it justifies, the headers it says the
//! www page is served with, and the one option a link can give that page. A change to either side that
//! leaves the other behind fails here.

use std::collections::BTreeSet;
use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn manifest() -> serde_json::Value {
    serde_json::from_str(&read("extension/manifest.json")).unwrap()
}

/// The backquoted words of `text` that start with `prefix` (`storage.` → `storage.local`, …).
fn quoted_words<'a>(text: &'a str, prefix: &str) -> BTreeSet<&'a str> {
    text.split('`').skip(1).step_by(2).filter(|word| word.starts_with(prefix)).collect()
}

/// The lines of SECURITY.md's promise `number` ("4. **Least privilege.** …"), up to the next one.
fn promise(security: &str, number: u32) -> String {
    let start = security.find(&format!("\n{number}. **")).unwrap_or_else(|| panic!("promise {number}"));
    let rest = &security[start + 1..];
    let end = rest.find(&format!("\n{}. **", number + 1)).or_else(|| rest.find("\n## ")).unwrap_or(rest.len());
    rest[..end].to_owned()
}

#[test]
fn the_extension_csp_is_the_one_quoted() {
    let csp = manifest()["content_security_policy"]["extension_pages"].as_str().unwrap().to_owned();
    assert!(read("SECURITY.md").contains(&format!("`{csp}`")), "SECURITY.md quotes the manifest's CSP: {csp}");
}

#[test]
fn the_storage_areas_listed_are_those_the_extension_uses() {
    let security = read("SECURITY.md");
    let least_privilege = promise(&security, 4);
    let listed: BTreeSet<String> = least_privilege
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("* `storage."))
        .map(|rest| format!("storage.{}", rest.split('`').next().unwrap()))
        .collect();
    let mut used = BTreeSet::new();
    for file in
        ["extension/popup.js", "extension/options.js", "extension/background.js", "extension/background-firefox.js"]
    {
        let code = read(file);
        for (at, _) in code.match_indices(".storage.") {
            let area: String = code[at + 9..].chars().take_while(char::is_ascii_alphabetic).collect();
            used.insert(format!("storage.{area}"));
        }
    }
    assert_eq!(listed, used, "promise 4's list of storage areas");
    let said = ["no", "one", "two", "three", "four", "five", "six"][listed.len()];
    assert!(least_privilege.contains(&format!("used in {said} areas")), "promise 4 counts {said} areas");
}

#[test]
fn the_optional_permissions_justified_are_those_the_manifest_asks() {
    let asked: BTreeSet<String> = manifest()["optional_permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|permission| permission.as_str().unwrap().to_owned())
        .collect();
    let security = read("SECURITY.md");
    let least_privilege = promise(&security, 4);
    let justified = least_privilege.split("**Optional permissions").nth(1).expect("a paragraph on them");
    let justified = justified.split("**The one background context**").next().unwrap();
    let named: BTreeSet<String> =
        quoted_words(justified, "").into_iter().filter(|word| asked.contains(*word)).map(str::to_owned).collect();
    assert_eq!(named, asked, "each optional permission is named where SECURITY.md justifies them");
}

/// The nginx and Apache snippets of docs/www.md send the www page the headers SECURITY.md promises.
#[test]
fn the_www_page_headers_are_in_both_server_snippets() {
    let doc = read("docs/www.md");
    let csp = "frame-ancestors 'none'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";
    let nginx = doc.split("```nginx").nth(1).and_then(|block| block.split("```").next()).unwrap();
    let apache = doc.split("```apache").nth(1).and_then(|block| block.split("```").next()).unwrap();
    assert!(nginx.contains(&format!("add_header Content-Security-Policy \"{csp}\" always;")), "{nginx}");
    assert!(nginx.contains("add_header X-Frame-Options \"DENY\" always;"), "{nginx}");
    assert!(apache.contains(&format!("Header always set Content-Security-Policy \"{csp}\"")), "{apache}");
    assert!(apache.contains("Header always set X-Frame-Options \"DENY\""), "{apache}");
    let security = read("SECURITY.md");
    assert!(security.contains("frame-ancestors 'none'") && security.contains("X-Frame-Options: DENY"));
}

/// "The page takes no option from its URL but `?root=`".
#[test]
fn a_link_can_give_the_www_page_only_its_root() {
    let page = read("www/www.js");
    let read_from_url: BTreeSet<&str> =
        page.match_indices("params.").map(|(at, _)| page[at + 7..].split('(').next().unwrap()).collect();
    assert_eq!(read_from_url, BTreeSet::from(["get"]), "only params.get");
    let names: BTreeSet<&str> =
        page.match_indices("params.get('").map(|(at, _)| page[at + 12..].split('\'').next().unwrap()).collect();
    assert_eq!(names, BTreeSet::from(["root"]));
    assert!(read("SECURITY.md").contains("The page takes no option from its URL but `?root=`"));
}

#[test]
fn the_checks_see_what_they_check() {
    assert_eq!(
        quoted_words("a `storage.local` b `x` c `storage.sync`", "storage."),
        BTreeSet::from(["storage.local", "storage.sync"])
    );
    let text = "intro\n3. **Three.** x\n4. **Four.** `storage.local`\n5. **Five.** y\n## Next";
    assert_eq!(promise(text, 4), "4. **Four.** `storage.local`");
}
