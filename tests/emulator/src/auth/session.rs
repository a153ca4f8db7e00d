//! HTTP sessions: Jetty-style ids in a `JSESSIONID.<8 hex>` cookie (docs/jenkins.md#session-cookie).

use std::collections::HashMap;

use crate::app::{App, Model};
use crate::http::Request;
use crate::jenkins::Exchange;
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

/// The live session whose cookie the request carries.
pub fn session_from_cookie(app: &App, model: &Model, req: &Request) -> Option<String> {
    req.cookies()
        .iter()
        .filter(|(name, _)| *name == app.instance.cookie_name)
        .find_map(|(_, value)| model.sessions.id_from_cookie(value))
}

impl Exchange<'_> {
    /// `request.getSession()`: creates a session (and a `Set-Cookie`) if there is none
    /// (docs/jenkins.md#session-cookie).
    pub fn ensure_session(&mut self) -> String {
        if let Some(id) = &self.session {
            return id.clone();
        }
        let id = self.model.sessions.create(None);
        self.set_session_cookie(&id);
        self.session = Some(id.clone());
        id
    }

    /// `JSESSIONID.<8 hex>=node0….node0; Path=<ctx or />; HttpOnly[; SameSite=Lax]` (docs/jenkins.md#session-cookie).
    pub fn set_session_cookie(&mut self, id: &str) {
        let path = self.cookie_path();
        let same_site = if self.app.gates.same_site_lax { "; SameSite=Lax" } else { "" };
        self.set_cookies.push(format!(
            "{}={}; Path={path}; HttpOnly{same_site}",
            self.app.instance.cookie_name,
            cookie_value(id)
        ));
    }

    /// The session cookie's `Path`: the context path, or `/` for a root deployment.
    pub fn cookie_path(&self) -> &str {
        if self.ctx().is_empty() { "/" } else { self.ctx() }
    }
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
