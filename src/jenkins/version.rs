//! Jenkins versions (`X-Jenkins`) and the features they gate (docs/jenkins.md#version-gates).

use std::cmp::Ordering;
use std::fmt;

/// A Jenkins version such as `2.555.1`, `2.548` or CloudBees' 4-part `2.516.1.28665`.
#[derive(Clone, Debug)]
pub struct Version {
    raw: String,
    parts: [u32; 4],
    /// How many numbers the version has (CloudBees CI versions have four).
    count: usize,
}

impl Version {
    /// Reads the leading dotted numbers; a suffix such as `-SNAPSHOT` or `-cb-4` is kept only for display.
    pub fn parse(text: &str) -> Option<Version> {
        let raw = text.trim();
        let numeric = raw.split(|c: char| !c.is_ascii_digit() && c != '.').next().unwrap_or_default();
        let numeric = numeric.trim_end_matches('.');
        if numeric.is_empty() || raw.len() > 64 {
            return None;
        }
        let mut parts = [0u32; 4];
        let mut count = 0;
        for (index, part) in numeric.split('.').enumerate() {
            let number = part.parse().ok()?;
            if let Some(slot) = parts.get_mut(index) {
                *slot = number;
            }
            count += 1;
        }
        Some(Version { raw: raw.to_owned(), parts, count })
    }

    pub fn at_least(&self, major: u32, minor: u32) -> bool {
        self.parts[..2] >= [major, minor][..]
    }

    /// Multiple named tokens and `generateNewToken`: weekly 2.129, LTS 2.138.1.
    pub fn has_named_tokens(&self) -> bool {
        self.at_least(2, 129)
    }

    /// Token expiry (`expirationDuration` / `tokenExpiration`): weekly 2.548, LTS 2.555.1.
    pub fn has_token_expiry(&self) -> bool {
        self.at_least(2, 548)
    }

    /// CloudBees CI versions have four numbers (`2.516.1.28665`), Jenkins' two or three.
    pub fn has_four_parts(&self) -> bool {
        self.count >= 4
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.parts == other.parts
    }
}

impl Eq for Version {}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.parts.cmp(&other.parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn parses_weekly_lts_and_vendor_versions() {
        assert_eq!(v("2.555.1").parts, [2, 555, 1, 0]);
        assert_eq!(v(" 2.548 ").parts, [2, 548, 0, 0]);
        assert_eq!(v("2.516.1.28665").parts, [2, 516, 1, 28665]);
        assert_eq!(v("2.426.3-cb-4").as_str(), "2.426.3-cb-4");
        assert_eq!(v("2.426.3-cb-4").parts, [2, 426, 3, 0]);
        assert_eq!(v("1.651.3").parts, [1, 651, 3, 0]);
        for bad in ["", "abc", ".", "2..1", "99999999999.1", "v2.1"] {
            assert!(Version::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn orders_numerically() {
        assert!(v("2.99") < v("2.129"));
        assert!(v("2.129") < v("2.129.1"));
        assert!(v("2.555.1") > v("2.548"));
        assert_eq!(v("2.504"), v("2.504.0"));
    }

    #[test]
    fn feature_gates_follow_the_contract() {
        assert!(!v("2.128").has_named_tokens());
        assert!(v("2.129").has_named_tokens());
        assert!(v("2.138.1").has_named_tokens());
        assert!(!v("2.121.3").has_named_tokens());
        assert!(!v("2.547").has_token_expiry());
        assert!(!v("2.541.3").has_token_expiry());
        assert!(v("2.548").has_token_expiry());
        assert!(v("2.555.1").has_token_expiry());
        assert!(!v("1.999").has_named_tokens());
        assert!(v("3.1").has_token_expiry());
    }
}
