//! Whose tokens: the logged-in user (`/me`, docs/jenkins.md#user-urls) or another user by id (`/user/<id>`), with the
//! id encoded as Jenkins encodes it in its own URLs.

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
            UserTarget::Id(id) => format!("user/{}", url_key(id)),
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
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
