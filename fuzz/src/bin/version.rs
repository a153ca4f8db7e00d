//! `Version::parse`: the `X-Jenkins` header. Input: two versions separated by NUL, to check that
//! the order is a total order consistent with equality.
#![no_main]

use std::cmp::Ordering;

use jenkins_api_token::jenkins::version::Version;
use jenkins_api_token_fuzz::fields;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let texts = fields(data);
    let versions: Vec<Version> = texts
        .iter()
        .take(3)
        .filter_map(|text| {
            let version = Version::parse(text)?;
            assert_eq!(version.as_str(), text.trim());
            assert!(version.as_str().len() <= 64);
            assert!(version.as_str().starts_with(|c: char| c.is_ascii_digit() || c == '.'));
            assert_eq!(Version::parse(version.as_str()).as_ref(), Some(&version));
            assert!(!version.has_token_expiry() || version.has_named_tokens());
            Some(version)
        })
        .collect();
    for a in &versions {
        for b in &versions {
            assert_eq!(a.cmp(b), b.cmp(a).reverse());
            assert_eq!(a == b, a.cmp(b) == Ordering::Equal);
            if a <= b {
                assert!(!a.has_named_tokens() || b.has_named_tokens());
                assert!(!a.has_token_expiry() || b.has_token_expiry());
            }
        }
    }
});
