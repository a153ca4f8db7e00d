//! The fixed user database (README "Users") with Jenkins' case-insensitive id strategy (docs/jenkins.md#user-urls).

use crate::dates::Timestamp;
use crate::encoding::{hex_lower, raw_encode};
use crate::random;
use crate::tokens::TokenStore;

#[derive(Debug, Clone)]
pub struct User {
    /// The real id, as the realm reports it (`Jane Doe`).
    pub id: String,
    pub password: String,
    pub full_name: String,
    pub admin: bool,
    pub tokens: TokenStore,
    /// The legacy token in clear: Jenkins keeps it as a recoverable `Secret` (docs/jenkins.md#legacy-token).
    pub legacy_token: Option<String>,
}

impl User {
    pub fn new(id: &str, password: &str, full_name: &str, admin: bool) -> User {
        User {
            id: id.to_owned(),
            password: password.to_owned(),
            full_name: full_name.to_owned(),
            admin,
            tokens: TokenStore::default(),
            legacy_token: None,
        }
    }

    /// `IdStrategy.CASE_INSENSITIVE.keyFor(id)`: the id lower-cased.
    pub fn key(&self) -> String {
        self.id.to_lowercase()
    }

    /// `User.getUrl()` without the context path: `user/` + `rawEncode(key)`.
    pub fn url(&self) -> String {
        format!("user/{}", raw_encode(&self.key()))
    }

    /// The case-insensitive id comparison of `IdStrategy.equals`.
    pub fn is(&self, id: &str) -> bool {
        self.key() == id.to_lowercase()
    }

    /// Gives the user a new legacy token: 32 lowercase hex (an MD5 digest in Jenkins).
    pub fn regenerate_legacy_token(&mut self, now: Timestamp) -> String {
        let value = hex_lower(&random::bytes::<16>());
        self.tokens.replace_legacy(&value, now);
        self.legacy_token = Some(value.clone());
        value
    }
}

/// The id of the user who logs in as single sign-on (Entra ID, Okta, Keycloak) would: a GUID.
pub const SSO_USER_ID: &str = "5f0c2a7e-9d41-4c1b-8a3e-2b6f7d9e1c04";

pub fn initial_users() -> Vec<User> {
    vec![
        User::new("alice", "alice", "Alice Example", false),
        User::new("bob", "bob", "Bob Builder", false),
        User::new("admin", "admin", "Administrator", true),
        User::new("Jane Doe", "jane", "Jane Doe", false),
        // As single sign-on names users: an opaque id, the person's name only on screen.
        User::new(SSO_USER_ID, "maria", "María García", false),
    ]
}

/// `Jenkins.getUser(name)`: by id (any case), else by full name (docs/jenkins.md#user-urls).
pub fn find_index(users: &[User], name: &str) -> Option<usize> {
    users
        .iter()
        .position(|u| u.is(name))
        .or_else(|| users.iter().position(|u| u.full_name.to_lowercase() == name.to_lowercase()))
}

/// Lookup by id only, as the security realm does for logins and Basic auth.
pub fn find_by_id(users: &[User], id: &str) -> Option<usize> {
    users.iter().position(|u| u.is(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_urls() {
        let users = initial_users();
        let jane = &users[find_index(&users, "jane doe").unwrap_or_else(|| unreachable!())];
        assert_eq!(jane.id, "Jane Doe");
        assert_eq!(jane.url(), "user/jane%20doe");
        assert_eq!(find_index(&users, "ALICE"), Some(0));
        assert_eq!(find_index(&users, "Bob Builder"), Some(1));
        assert_eq!(find_by_id(&users, "Bob Builder"), None);
        assert_eq!(find_index(&users, "mallory"), None);
    }
}
