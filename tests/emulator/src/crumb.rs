//! `DefaultCrumbIssuer` (CONTRACT §4.2): hex(SHA-256(buffer ‖ salt)), where the buffer holds the
//! authentication name and, depending on the version, the client IP and the session id.

use sha2::{Digest, Sha256};

use crate::encoding::hex_lower;
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
