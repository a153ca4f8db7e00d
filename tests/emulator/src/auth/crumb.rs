//! `DefaultCrumbIssuer` (docs/jenkins.md#how-the-crumb-is-made): hex(SHA-256(buffer ‖ salt)), where the buffer
//! holds the authentication name and, depending on the version, the client IP and the session id.

use sha2::{Digest, Sha256};

use crate::app::{App, lock};
use crate::encoding::hex_lower;
use crate::http::Request;
use crate::jenkins::Exchange;
use crate::version::Gates;

pub struct CrumbInputs<'a> {
    /// `auth.getName()`: the user id or `anonymous`.
    pub name: &'a str,
    pub session_id: &'a str,
    /// First hop of `X-Forwarded-For`, else the peer address.
    pub client_ip: &'a str,
}

pub fn issue(gates: &Gates, salt: &str, inputs: &CrumbInputs) -> String {
    // 2.543+: name;session. 2.186-2.542: name;ip;session. Before 2.186: name;ip.
    let mut buffer = inputs.name.to_owned();
    if gates.crumb_has_ip {
        buffer.push(';');
        buffer.push_str(inputs.client_ip);
    }
    if gates.crumb_has_session {
        buffer.push(';');
        buffer.push_str(inputs.session_id);
    }
    let mut digest = Sha256::new();
    digest.update(buffer.as_bytes());
    digest.update(salt.as_bytes());
    let hex = hex_lower(&digest.finalize());
    if gates.crumb_sha256 {
        hex
    } else {
        // An MD5 crumb before 2.190: same length, 32 hex.
        hex[..32].to_owned()
    }
}

/// `MessageDigest.isEqual` on the two strings.
pub fn matches(expected: &str, submitted: &str) -> bool {
    expected.len() == submitted.len()
        && expected.bytes().zip(submitted.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// Whether the request carries the crumb field at all (header or parameter).
pub fn carries_crumb(app: &App, req: &Request) -> bool {
    let field = &app.config.crumb_field;
    req.header(field).is_some() || req.params().iter().any(|(k, _)| k == field)
}

impl<'a> Exchange<'a> {
    /// The crumb for this request's user and session; `None` if it needs a session and there is none.
    fn expected_crumb(&self) -> Option<String> {
        let session = match &self.session {
            Some(id) => id.as_str(),
            None if self.app.gates.crumb_has_session => return None,
            None => "",
        };
        let ip = self.client_ip();
        let inputs = CrumbInputs { name: self.auth.name(), session_id: session, client_ip: &ip };
        Some(issue(&self.app.gates, &self.app.instance.crumb_salt, &inputs))
    }

    /// The crumb to put in a page or the crumb issuer: creates the session it is bound to.
    pub fn page_crumb(&mut self) -> String {
        if !self.app.csrf() {
            return String::new();
        }
        self.ensure_session();
        self.expected_crumb().unwrap_or_default()
    }

    /// `crumbIssuer.validateCrumb`, failing on demand for `reject-crumbs`.
    pub fn crumb_is_valid(&self, submitted: Option<&str>) -> bool {
        let rejected = lock(&self.app.control).consume_crumb_rejection();
        !rejected && submitted.zip(self.expected_crumb()).is_some_and(|(s, e)| matches(&e, s))
    }

    pub fn crumb_field(&self) -> &'a str {
        if self.app.csrf() { &self.app.config.crumb_field } else { "" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::Version;

    fn gates(v: &str) -> Gates {
        Gates::for_version(&Version::parse(v).unwrap_or_else(|| unreachable!()))
    }

    #[test]
    fn length_and_binding() {
        let inputs = CrumbInputs { name: "alice", session_id: "node0a", client_ip: "127.0.0.1" };
        let new = issue(&gates("2.555.1"), "salt", &inputs);
        assert_eq!(new.len(), 64);
        assert_eq!(issue(&gates("2.150"), "salt", &inputs).len(), 32);
        let other_session = CrumbInputs { session_id: "node0b", ..inputs };
        assert_ne!(issue(&gates("2.555.1"), "salt", &other_session), new);
        assert!(matches(&new, &new));
        assert!(!matches(&new, &new[..63]));
    }
}
