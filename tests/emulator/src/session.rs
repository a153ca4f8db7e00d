//! HTTP sessions: Jetty-style ids in a `JSESSIONID.<8 hex>` cookie (CONTRACT §7).

use std::collections::HashMap;

use crate::random;

#[derive(Debug, Clone, Default)]
pub struct Session {
    /// The logged-in user's id; `None` for an anonymous session.
    pub user: Option<String>,
}

#[derive(Debug, Default)]
pub struct SessionStore {
    sessions: HashMap<String, Session>,
}

/// The cookie value carries Jetty's worker suffix; the session id (used in crumbs) does not.
const WORKER_SUFFIX: &str = ".node0";

impl SessionStore {
    /// Creates a session and returns its id, e.g. `node01f3a…`.
    pub fn create(&mut self, user: Option<String>) -> String {
        let id = format!("node0{}", random::hex(12));
        self.sessions.insert(id.clone(), Session { user });
        id
    }

    pub fn get(&self, id: &str) -> Option<&Session> {
        self.sessions.get(id)
    }

    pub fn remove(&mut self, id: &str) {
        self.sessions.remove(id);
    }

    pub fn clear(&mut self) {
        self.sessions.clear();
    }

    /// Maps a cookie value to a live session id.
    pub fn id_from_cookie(&self, value: &str) -> Option<String> {
        let id = value.strip_suffix(WORKER_SUFFIX).unwrap_or(value);
        self.sessions.contains_key(id).then(|| id.to_owned())
    }
}

/// The cookie value for a session id.
pub fn cookie_value(id: &str) -> String {
    format!("{id}{WORKER_SUFFIX}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_round_trip() {
        let mut store = SessionStore::default();
        let id = store.create(Some("alice".into()));
        assert!(id.starts_with("node0"));
        assert_eq!(store.id_from_cookie(&cookie_value(&id)), Some(id.clone()));
        assert_eq!(store.id_from_cookie(&id), Some(id.clone()));
        store.clear();
        assert_eq!(store.id_from_cookie(&cookie_value(&id)), None);
    }
}
