//! What a Jenkins page already shows about the session that rendered it: the crumb in its `<head>`
//! (docs/jenkins.md#page-head), the version on its `<body>`, and who is logged in, in its header
//! (docs/jenkins.md#user-in-the-page-header). Enough to open the form before any request; Jenkins'
//! own answers confirm it before anything is sent.

use super::crumb::Crumb;
use super::root::{JenkinsRoot, PageInfo, PageLink};
use super::version::Version;

/// Who the page's header says is logged in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderSays {
    /// The link to the user's own page: the id from its address, the full name from its text.
    LoggedIn { user: String, full_name: Option<String> },
    /// A "log in" link instead.
    LoggedOut,
    /// Neither: a page without Jenkins' header, or a layout not known here.
    Unknown,
}

/// What the page shows, read from what the glue collected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageShows {
    pub header: HeaderSays,
    /// `Some(None)` when the page says CSRF protection is off (empty attributes); `None` when it has
    /// no crumb attributes (before 2.246) or only one of them.
    pub crumb: Option<Option<Crumb>>,
    pub version: Option<Version>,
}

/// The id of the header's user link from 2.507 (`UserAction`, a root action).
const USER_ACTION_ID: &str = "root-action-UserAction";

pub fn read(root: &JenkinsRoot, page: &PageInfo) -> PageShows {
    let crumb = match (page.crumb_header.as_deref(), page.crumb_value.as_deref()) {
        (Some(""), Some("")) => Some(None),
        (Some(field), Some(value)) if !field.is_empty() && !value.is_empty() => {
            Some(Some(Crumb { field: field.to_owned(), value: value.to_owned() }))
        }
        _ => None,
    };
    PageShows {
        header: header(root, &page.header_links),
        crumb,
        version: page.version.as_deref().and_then(Version::parse),
    }
}

/// The header's user link (the `UserAction` one, else the first link to a user's own page), or its
/// "log in" link (to `login`, or a security realm's `…Login`, as single sign-on realms name it).
fn header(root: &JenkinsRoot, links: &[PageLink]) -> HeaderSays {
    let below_root = |link: &PageLink| -> Option<String> {
        let rest = link.href.strip_prefix(&root.url(""))?;
        Some(rest.split(['?', '#']).next().unwrap_or_default().to_owned())
    };
    if links.iter().filter_map(below_root).any(|path| path.ends_with("login") || path.ends_with("Login")) {
        return HeaderSays::LoggedOut;
    }
    let user_key = |link: &PageLink| -> Option<String> {
        let path = below_root(link)?;
        let key = path.strip_prefix("user/")?;
        let key = key.strip_suffix('/').unwrap_or(key);
        (!key.is_empty() && !key.contains('/')).then(|| key.to_owned())
    };
    let link = links
        .iter()
        .find(|link| link.id == USER_ACTION_ID)
        .or_else(|| links.iter().find(|link| user_key(link).is_some()));
    let Some((link, key)) = link.and_then(|link| Some((link, user_key(link)?))) else { return HeaderSays::Unknown };
    match percent_decoded(&key) {
        Some(user) => {
            let text = link.text.trim();
            let full_name = (!text.is_empty() && text != user).then(|| text.chars().take(100).collect());
            HeaderSays::LoggedIn { user, full_name }
        }
        None => HeaderSays::Unknown,
    }
}

/// `%xx` sequences of printable ASCII decoded; `None` for a malformed one or any other byte, so an
/// id with non-ASCII letters is left to Jenkins' answer (and the wasm to its own UTF-8 checks).
fn percent_decoded(text: &str) -> Option<String> {
    let hex = |byte: u8| char::from(byte).to_digit(16);
    let mut decoded = String::with_capacity(text.len());
    let mut bytes = text.bytes();
    while let Some(byte) = bytes.next() {
        let byte = match byte {
            b'%' => u8::try_from(hex(bytes.next()?)? * 16 + hex(bytes.next()?)?).ok()?,
            byte => byte,
        };
        if !(b' '..=b'~').contains(&byte) {
            return None;
        }
        decoded.push(char::from(byte));
    }
    Some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> JenkinsRoot {
        JenkinsRoot::from_page(&PageInfo::at("https://ci.example.com/jenkins/job/x/", "/jenkins")).unwrap()
    }

    fn link(id: &str, href: &str, text: &str) -> PageLink {
        PageLink { id: id.into(), href: href.into(), text: text.into() }
    }

    fn header_of(links: &[PageLink]) -> HeaderSays {
        header(&root(), links)
    }

    #[test]
    fn the_user_action_link_names_the_user_from_2_507() {
        let links = [
            link("", "https://ci.example.com/jenkins/user/bob", "Bob (a build's author)"),
            link(USER_ACTION_ID, "https://ci.example.com/jenkins/user/jane%20doe", "\n  Jane Doe \n"),
        ];
        assert_eq!(
            header_of(&links),
            HeaderSays::LoggedIn { user: "jane doe".into(), full_name: Some("Jane Doe".into()) }
        );
    }

    #[test]
    fn before_2_507_the_first_link_to_a_users_page_does() {
        let links = [
            link("", "https://ci.example.com/jenkins/", "Jenkins"),
            link("", "https://ci.example.com/jenkins/user/alice/", "alice"),
            link("", "https://ci.example.com/jenkins/logout", "log out"),
        ];
        assert_eq!(header_of(&links), HeaderSays::LoggedIn { user: "alice".into(), full_name: None });
    }

    #[test]
    fn a_log_in_link_says_nobody_is_logged_in() {
        for href in [
            "https://ci.example.com/jenkins/login?from=%2Fjenkins%2F",
            "https://ci.example.com/jenkins/securityRealm/commenceLogin?from=%2F",
        ] {
            assert_eq!(header_of(&[link("", href, "Sign in")]), HeaderSays::LoggedOut, "{href}");
        }
    }

    #[test]
    fn anything_else_is_unknown() {
        let cases: [&[PageLink]; 6] = [
            &[],
            &[link("", "https://ci.example.com/jenkins/user/alice/configure", "Configure")],
            &[link("", "https://elsewhere.example.com/jenkins/user/alice", "Alice")],
            &[link("", "https://ci.example.com/jenkins/user/%E9%ZZ", "Broken")],
            &[link("", "https://ci.example.com/jenkins/user/a%0Ab", "A control character")],
            &[link("", "https://ci.example.com/jenkins/user/mar%C3%ADa", "María: left to Jenkins' answer")],
        ];
        for links in cases {
            assert_eq!(header_of(links), HeaderSays::Unknown, "{links:?}");
        }
    }

    #[test]
    fn the_crumb_attributes_and_the_version() {
        let page = |header: Option<&str>, value: Option<&str>| PageInfo {
            crumb_header: header.map(Into::into),
            crumb_value: value.map(Into::into),
            version: Some("2.555.1".into()),
            ..PageInfo::at("https://ci.example.com/jenkins/", "/jenkins")
        };
        let shows = read(&root(), &page(Some("Jenkins-Crumb"), Some("c0ffee")));
        assert_eq!(shows.crumb, Some(Some(Crumb { field: "Jenkins-Crumb".into(), value: "c0ffee".into() })));
        assert_eq!(shows.version, Version::parse("2.555.1"));
        assert_eq!(read(&root(), &page(Some(""), Some(""))).crumb, Some(None), "CSRF protection off");
        assert_eq!(read(&root(), &page(None, None)).crumb, None, "before 2.246");
        assert_eq!(read(&root(), &page(Some("Jenkins-Crumb"), Some(""))).crumb, None, "half a crumb");
    }
}
