//! `search`: the core's panic-free substring search. Input: `haystack\0needle`. The promise checked:
//! it finds what the standard library's `str::find` and `split_once` find.
#![no_main]

use jenkins_api_token::search;
use jenkins_api_token_fuzz::{field, fields};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fields = fields(data);
    let haystack = field(&fields, 0).unwrap_or_default();
    let needle = field(&fields, 1).unwrap_or_default();
    assert_eq!(search::find(haystack, needle), haystack.find(needle), "{haystack:?} / {needle:?}");
    assert_eq!(search::split_once(haystack, needle), haystack.split_once(needle), "{haystack:?} / {needle:?}");
});
