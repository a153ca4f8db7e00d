//! Secure random values: token secrets, uuids, session ids and the per-start secrets.

use crate::encoding::hex_lower;

/// `N` bytes from the OS generator (Jenkins uses `SecureRandom`, docs/jenkins.md#token-values).
pub fn bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    // The OS generator failing is not a request error: nothing sensible can continue without it.
    getrandom::getrandom(&mut buf).expect("the OS random generator is unavailable");
    buf
}

/// `n_bytes` random bytes as lowercase hex (`2 * n_bytes` chars).
pub fn hex(n_bytes: usize) -> String {
    let mut buf = vec![0u8; n_bytes];
    getrandom::getrandom(&mut buf).expect("the OS random generator is unavailable");
    hex_lower(&buf)
}

/// A version 4 UUID like Java's `UUID.randomUUID().toString()`: lowercase, 36 chars.
pub fn uuid_v4() -> String {
    let mut b = bytes::<16>();
    b[6] = (b[6] & 0x0f) | 0x40; // version 4
    b[8] = (b[8] & 0x3f) | 0x80; // IETF variant
    let h = hex_lower(&b);
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuid_shape() {
        let u = super::uuid_v4();
        assert_eq!(u.len(), 36);
        let parts: Vec<&str> = u.split('-').collect();
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
        assert!(parts[2].starts_with('4'));
        assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
        assert_eq!(u, u.to_lowercase());
    }

    #[test]
    fn hex_length() {
        assert_eq!(super::hex(4).len(), 8);
        assert_ne!(super::hex(16), super::hex(16));
    }
}
