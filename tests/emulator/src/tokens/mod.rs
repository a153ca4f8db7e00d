//! API tokens: the web methods that mint, rename and revoke them (`api_token`), the list page in its
//! markup eras (`list_page`), and the script console's token script (`script_console`).
//!
//! This file is a user's token store, like Jenkins' `ApiTokenStore` + `ApiTokenStats`
//! (docs/jenkins.md#token-values, #token-lifetime). Only SHA-256 hashes of token values are kept.

pub mod api_token;
pub mod list_page;
pub mod script_console;

use sha2::{Digest, Sha256};

use crate::dates::{Date, Timestamp};
use crate::encoding::hex_lower;
use crate::random;

/// `TOKEN_LENGTH_V2` in `ApiTokenStore`: `"11"` + 32 hex.
const TOKEN_LENGTH_V2: usize = 34;
/// `HASH_VERSION`: the prefix of every new token value.
const HASH_VERSION: &str = "11";
/// `ApiTokenProperty.LegacyTokenName`.
pub const LEGACY_TOKEN_NAME: &str = "Legacy Token";

#[derive(Debug, Clone)]
pub struct StoredToken {
    pub uuid: String,
    pub name: String,
    pub legacy: bool,
    hash: [u8; 32],
    pub created: Option<Timestamp>,
    pub expiration: Option<Date>,
    pub use_count: u64,
    pub last_used: Option<Timestamp>,
}

impl StoredToken {
    /// `isExpired()`: the token still works *on* its expiration date (docs/jenkins.md#expiry).
    pub fn is_expired(&self, today: Date) -> bool {
        self.expiration.is_some_and(|e| e < today)
    }

    /// `isAboutToExpire()`: expires before today + 7 days (docs/jenkins.md#generate-a-token).
    pub fn is_about_to_expire(&self, today: Date) -> bool {
        self.expiration.is_some_and(|e| e < today.plus_days(7))
    }
}

/// A freshly minted token: the only moment its value exists in clear.
pub struct MintedToken {
    pub uuid: String,
    pub value: String,
}

/// `POST /__emulator/users/<id>/tokens`: a token's made-up history.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedHistory {
    pub name: String,
    #[serde(default)]
    pub created_days_ago: i64,
    #[serde(default)]
    pub expires_in_days: Option<i64>,
    #[serde(default)]
    pub use_count: u64,
    #[serde(default)]
    pub last_used_days_ago: Option<i64>,
    #[serde(default)]
    pub legacy: bool,
}

#[derive(Debug, Default, Clone)]
pub struct TokenStore {
    tokens: Vec<StoredToken>,
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// `findMatchingToken`: a 34-char value loses its 2-char version prefix before hashing; anything
/// else is hashed as is (legacy tokens). Non-ASCII becomes `?` like Java's `US_ASCII` encoder.
fn hash_presented_value(value: &str) -> [u8; 32] {
    let ascii: Vec<u8> = value.chars().map(|c| if c.is_ascii() { c as u8 } else { b'?' }).collect();
    if value.chars().count() == TOKEN_LENGTH_V2 { sha256(&ascii[2..]) } else { sha256(&ascii) }
}

/// `MessageDigest.isEqual`: no early exit.
fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// True for a value `addFixedNewToken` accepts: `11` + 32 hex chars (docs/jenkins.md#token-values).
pub fn is_valid_fixed_value(value: &str) -> bool {
    value.len() == TOKEN_LENGTH_V2
        && value.starts_with(HASH_VERSION)
        && value[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

impl TokenStore {
    /// `generateNewToken`: 16 random bytes as 32 lowercase hex, prefixed with `11` (docs/jenkins.md#token-values).
    pub fn generate(&mut self, name: &str, expiration: Option<Date>, now: Timestamp) -> MintedToken {
        let secret = hex_lower(&random::bytes::<16>());
        let uuid = self.add(name, false, sha256(secret.as_bytes()), expiration, now);
        MintedToken { uuid, value: format!("{HASH_VERSION}{secret}") }
    }

    /// A token with a made-up past, for tests of the list's hints (control API only): created
    /// `history.created_days_ago` days ago, used as told, expiring `expires_in_days` from today.
    pub fn seed(&mut self, history: &SeedHistory, now: Timestamp) -> MintedToken {
        let day = |days_ago: i64| Timestamp { secs: now.secs - days_ago * 86_400, micros: now.micros };
        let expiration = history.expires_in_days.map(|days| now.date().plus_days(days));
        let minted = self.generate(&history.name, expiration, day(history.created_days_ago));
        if let Some(token) = self.tokens.last_mut() {
            token.legacy = history.legacy;
            token.use_count = history.use_count;
            token.last_used = history.last_used_days_ago.map(day);
        }
        minted
    }

    /// `addFixedNewToken`: the caller has already checked [`is_valid_fixed_value`].
    pub fn add_fixed(&mut self, name: &str, value: &str, expiration: Option<Date>, now: Timestamp) -> String {
        self.add(name, false, sha256(&value.as_bytes()[2..]), expiration, now)
    }

    /// Replaces any legacy entry with one for `legacy_value` (`regenerateTokenFromLegacy`).
    pub fn replace_legacy(&mut self, legacy_value: &str, now: Timestamp) {
        self.tokens.retain(|t| !t.legacy);
        self.add(LEGACY_TOKEN_NAME, true, sha256(legacy_value.as_bytes()), None, now);
    }

    /// Stores a token created `now` and not used yet; returns its new uuid.
    fn add(&mut self, name: &str, legacy: bool, hash: [u8; 32], expiration: Option<Date>, now: Timestamp) -> String {
        let uuid = random::uuid_v4();
        self.tokens.push(StoredToken {
            uuid: uuid.clone(),
            name: name.to_owned(),
            legacy,
            hash,
            created: Some(now),
            expiration,
            use_count: 0,
            last_used: None,
        });
        uuid
    }

    /// Compares against every live token; a match updates the usage statistics (docs/jenkins.md#usage-statistics).
    pub fn authenticate(&mut self, presented: &str, today: Date, now: Timestamp, count_usage: bool) -> bool {
        if presented.is_empty() {
            return false;
        }
        let hash = hash_presented_value(presented);
        let matching = self.tokens.iter_mut().find(|t| constant_time_eq(&t.hash, &hash) && !t.is_expired(today));
        match matching {
            Some(token) => {
                if count_usage {
                    token.use_count += 1;
                    token.last_used = Some(now);
                }
                true
            }
            None => false,
        }
    }

    /// Removes one token; an unknown uuid is a no-op (docs/jenkins.md#revoke).
    pub fn revoke(&mut self, uuid: &str) -> Option<StoredToken> {
        let index = self.tokens.iter().position(|t| t.uuid == uuid)?;
        Some(self.tokens.remove(index))
    }

    pub fn revoke_all(&mut self) {
        self.tokens.clear();
    }

    pub fn revoke_all_except(&mut self, uuid: &str) {
        self.tokens.retain(|t| t.uuid == uuid);
    }

    pub fn rename(&mut self, uuid: &str, new_name: &str) -> bool {
        match self.tokens.iter_mut().find(|t| t.uuid == uuid) {
            Some(token) => {
                token.name = new_name.to_owned();
                true
            }
            None => false,
        }
    }

    pub fn has_legacy(&self) -> bool {
        self.tokens.iter().any(|t| t.legacy)
    }

    /// `getTokenListSortedByName()`: by name lower-cased (docs/jenkins.md#token-values); stable for equal names.
    pub fn sorted_by_name(&self) -> Vec<&StoredToken> {
        let mut list: Vec<&StoredToken> = self.tokens.iter().collect();
        list.sort_by_key(|t| t.name.to_lowercase());
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::parse_iso("2026-01-31").unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn minted_value_shape_and_authentication() {
        let mut store = TokenStore::default();
        let now = Timestamp::now();
        let minted = store.generate("ci", None, now);
        assert_eq!(minted.value.len(), 34);
        assert!(minted.value.starts_with("11"));
        assert!(minted.value[2..].bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert!(store.authenticate(&minted.value, today(), now, true));
        assert!(!store.authenticate("11000000000000000000000000000000ff", today(), now, true));
        let stats = store.sorted_by_name()[0];
        assert_eq!(stats.use_count, 1);
        assert!(stats.last_used.is_some());
    }

    #[test]
    fn expired_tokens_never_match() {
        let mut store = TokenStore::default();
        let now = Timestamp::now();
        let yesterday = today().plus_days(-1);
        let minted = store.generate("old", Some(yesterday), now);
        assert!(!store.authenticate(&minted.value, today(), now, true));
        let minted = store.generate("last day", Some(today()), now);
        assert!(store.authenticate(&minted.value, today(), now, true));
    }

    #[test]
    fn legacy_tokens_hash_the_whole_value() {
        let mut store = TokenStore::default();
        let now = Timestamp::now();
        store.replace_legacy("0123456789abcdef0123456789abcdef", now);
        assert!(store.authenticate("0123456789abcdef0123456789abcdef", today(), now, false));
        assert!(store.has_legacy());
    }

    #[test]
    fn fixed_values() {
        assert!(is_valid_fixed_value("110123456789abcdef0123456789abcdef"));
        assert!(!is_valid_fixed_value("100123456789abcdef0123456789abcdef"));
        assert!(!is_valid_fixed_value("11xyz"));
    }

    #[test]
    fn sorted_case_insensitively() {
        let mut store = TokenStore::default();
        let now = Timestamp::now();
        for name in ["beta", "Alpha", "gamma"] {
            store.generate(name, None, now);
        }
        let names: Vec<&str> = store.sorted_by_name().iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Alpha", "beta", "gamma"]);
    }
}
