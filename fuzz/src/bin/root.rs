//! `JenkinsRoot::from_page` and `Origin::parse`: the tab's URL and its `<head data-rooturl>`, both
//! under a page's control. Input: `url\0data-rooturl\0read error` (a missing field is absent).
//! The promise checked: every URL the extension builds stays on the tab's origin, on the path checked.
#![no_main]

use jenkins_api_token::failure::Failure;
use jenkins_api_token::jenkins::root::{JenkinsRoot, Origin, PageInfo};
use jenkins_api_token_fuzz::{field, fields};
use libfuzzer_sys::fuzz_target;

fn same_origin(url: &str, origin: &Origin) {
    let (parsed, tail) = Origin::parse(url).unwrap_or_else(|| panic!("{url:?} has no origin"));
    assert_eq!(&parsed, origin, "{url:?} left the origin");
    assert!(url.starts_with(origin.as_str()) && tail.starts_with('/'), "{url:?}");
    // The browser would resolve a `.` or `..` segment to another path than the one checked.
    let path = tail.split(['?', '#']).next().unwrap_or_default();
    let dot = |segment: &str| matches!(segment.to_ascii_lowercase().replace("%2e", ".").as_str(), "." | "..");
    assert!(!path.split('/').any(dot), "{url:?} has a dot segment");
}

fuzz_target!(|data: &[u8]| {
    let fields = fields(data);
    let page = PageInfo {
        url: field(&fields, 0).unwrap_or_default().to_owned(),
        root_attr: field(&fields, 1).map(str::to_owned),
        read_error: field(&fields, 2).map(str::to_owned),
        ..PageInfo::default()
    };
    // An origin parses back to itself, with nothing after it.
    for text in [page.url.as_str(), page.root_attr.as_deref().unwrap_or_default()] {
        if let Some((origin, _)) = Origin::parse(text) {
            let again = Origin::parse(origin.as_str());
            assert_eq!(again, Some((origin.clone(), "")), "{text:?}");
        }
    }
    match JenkinsRoot::from_page(&page) {
        Ok(root) => {
            let (tab_origin, _) = Origin::parse(page.url.trim()).expect("a web page");
            assert_eq!(root.origin(), &tab_origin);
            for url in [
                root.display_url(),
                root.url("whoAmI/api/json"),
                root.url("crumbIssuer/api/json"),
                root.url("me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken"),
                root.login_url(),
            ] {
                same_origin(&url, root.origin());
                assert!(!url.chars().any(|c| c.is_control() || c == ' ' || c == '\\'), "{url:?}");
            }
        }
        Err(
            Failure::ForeignRoot { .. }
            | Failure::DotSegments { .. }
            | Failure::NotJenkins { .. }
            | Failure::NotWebPage { .. }
            | Failure::CannotReadTab { .. },
        ) => {}
        Err(other) => panic!("unexpected failure {other:?}"),
    }
});
