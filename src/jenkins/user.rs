//! Whose tokens: the logged-in user (`/me`, docs/jenkins.md#user-urls) or another user by id (`/user/<id>`), with the
//! id encoded as Jenkins encodes it in its own URLs.

use super::root::{JenkinsRoot, PageLink};
use crate::http::{concat, push_percent_encoded};

/// The user a request is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserTarget {
    /// The logged-in user: `/me` works whatever the id strategy.
    Me,
    /// Another user, by id (minting for them needs `adminCanGenerateNewTokens`).
    Id(String),
}

impl UserTarget {
    /// The path below the root, without a trailing slash: `me` or `user/<key>`.
    pub fn path(&self) -> String {
        match self {
            UserTarget::Me => "me".to_owned(),
            UserTarget::Id(id) => concat(&["user/", &url_key(id)]),
        }
    }
}

/// `User.getUrl()`: the id lower-cased (the default, case-insensitive id strategy), then
/// `Util.rawEncode`d: `Jane Doe` → `jane%20doe`. Only ASCII letters are lowered here: Jenkins lowers
/// the id again when it looks the user up, so a non-ASCII capital still finds its user, and the
/// wasm is spared Unicode's case tables.
pub fn url_key(id: &str) -> String {
    raw_encode(&id.to_ascii_lowercase())
}

/// `Util.rawEncode`: RFC 1738 path-segment encoding. Letters, digits and `!$&'()*+,-.=@_` stay; every
/// other character (controls, space, `"#%/:;<>?[\]^\`{|}~`, non-ASCII as UTF-8) is percent-encoded.
pub fn raw_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"!$&'()*+,-.=@_".contains(&byte) {
            out.push(byte as char);
        } else {
            push_percent_encoded(byte, &mut out);
        }
    }
    out
}

/// The logged-in user's full name as the page shows it: the text of a link to that user's own page,
/// `<root>/user/<key>` (docs/jenkins.md#user-in-the-page-header). `None` when no such link is there, or
/// its text is empty or the id itself. The key is compared with the id's [`url_key`], ignoring ASCII
/// case (Jenkins lower-cases ids; browsers keep the page's spelling of `%xx`).
pub fn full_name(root: &JenkinsRoot, id: &str, links: &[PageLink]) -> Option<String> {
    let base = root.url("user/");
    let key = url_key(id);
    let name = links.iter().find_map(|link| {
        let rest = link.href.strip_prefix(&base)?;
        rest.strip_suffix('/').unwrap_or(rest).eq_ignore_ascii_case(&key).then_some(link.text.trim())
    })?;
    let name: String = name.chars().take(FULL_NAME_MAX).collect();
    (!name.is_empty() && name != id).then_some(name)
}

/// Longer names are cut: a header's text is a name, not a page.
const FULL_NAME_MAX: usize = 100;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jenkins::root::PageInfo;

    fn root() -> JenkinsRoot {
        let page = PageInfo::at("https://ci.example.com/jenkins/", "/jenkins");
        JenkinsRoot::from_page(&page).unwrap()
    }

    fn link(href: &str, text: &str) -> PageLink {
        PageLink { href: href.into(), text: text.into(), ..PageLink::default() }
    }

    #[test]
    fn the_full_name_is_the_text_of_the_link_to_the_users_own_page() {
        let guid = "5F0C2A7E-9D41-4C1B-8A3E-2B6F7D9E1C04";
        let links = [
            link("https://ci.example.com/jenkins/user/bob", "Bob Builder"),
            link("https://ci.example.com/jenkins/user/5f0c2a7e-9d41-4c1b-8a3e-2b6f7d9e1c04/", "  María García\n "),
        ];
        assert_eq!(full_name(&root(), guid, &links).as_deref(), Some("María García"));
        assert_eq!(full_name(&root(), "bob", &links).as_deref(), Some("Bob Builder"));
        let jane = [link("https://ci.example.com/jenkins/user/jane%20doe", "Jane Doe")];
        assert_eq!(full_name(&root(), "Jane Doe", &jane), None, "the same as the id: nothing to add");
        let jane = [link("https://ci.example.com/jenkins/user/jane%20doe", "Jane M. Doe")];
        assert_eq!(full_name(&root(), "Jane Doe", &jane).as_deref(), Some("Jane M. Doe"));
        let zoe = [link("https://ci.example.com/jenkins/user/zo%c3%ab", "Zoë Z.")];
        assert_eq!(full_name(&root(), "Zoë", &zoe).as_deref(), Some("Zoë Z."), "hex digits in either case");
    }

    #[test]
    fn other_links_and_odd_text_give_no_name() {
        let id = "alice";
        for links in [
            vec![],
            vec![link("https://ci.example.com/jenkins/user/alice/security/", "Security")],
            vec![link("https://ci.example.com/user/alice", "Alice")],
            vec![link("https://evil.example/jenkins/user/alice", "Alice")],
            vec![link("https://ci.example.com/jenkins/user/alicex", "Alice")],
            vec![link("https://ci.example.com/jenkins/user/alice?x", "Alice")],
            vec![link("https://ci.example.com/jenkins/user/alice", "   ")],
            vec![link("https://ci.example.com/jenkins/user/%61lice", "Alice")],
        ] {
            assert_eq!(full_name(&root(), id, &links), None, "{links:?}");
        }
        let long = [link("https://ci.example.com/jenkins/user/alice", &"A".repeat(500))];
        assert_eq!(full_name(&root(), id, &long).map(|name| name.chars().count()), Some(FULL_NAME_MAX));
        let markup = [link("https://ci.example.com/jenkins/user/alice", "<b>Alice</b>")];
        assert_eq!(full_name(&root(), id, &markup).as_deref(), Some("<b>Alice</b>"), "text, shown as text");
    }

    #[test]
    fn ids_are_encoded_as_jenkins_does() {
        assert_eq!(url_key("Jane Doe"), "jane%20doe");
        assert_eq!(url_key("a/b"), "a%2Fb");
        assert_eq!(url_key("user@example.com"), "user@example.com");
        assert_eq!(url_key("O'Brien"), "o'brien");
        assert_eq!(url_key("x;y:z?w#v%u"), "x%3By%3Az%3Fw%23v%25u");
        assert_eq!(url_key("Zoë"), "zo%C3%AB");
        assert_eq!(url_key("ÉMILE"), "%C3%89mile", "non-ASCII capitals are left to Jenkins' own lookup");
        assert_eq!(url_key("{a|b}~^`[c]\\\"<>"), "%7Ba%7Cb%7D%7E%5E%60%5Bc%5D%5C%22%3C%3E");
        assert_eq!(url_key("!$&'()*+,-.=@_"), "!$&'()*+,-.=@_");
    }

    #[test]
    fn targets() {
        assert_eq!(UserTarget::Me.path(), "me");
        assert_eq!(UserTarget::Id("Jane Doe".into()).path(), "user/jane%20doe");
    }
}
