//! Substring search that cannot panic, for the core's parsers.
//!
//! `str::contains`, `find` and `split_once` with a `&str` pattern, `split_at` and `&text[a..b]` all
//! keep the standard library's char-boundary panic. Its message formats a `char` with `{:?}`, which
//! brings in the Unicode tables behind that, for a panic that never happens (what that weighs:
//! docs/performance.md, "Measured savings already in"). Char patterns and `str::get` have no
//! such panic; `cargo xtask test` checks that the shipped wasm carries none.

/// The byte offset of the first `needle` in `haystack`.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else { return Some(0) };
    let mut from = 0;
    while let Some(offset) = haystack.get(from..)?.iter().position(|&byte| byte == first) {
        let at = from + offset;
        if haystack.get(at..)?.starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// The text before and after the first `needle`.
pub fn split_once<'a>(haystack: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let at = find(haystack, needle)?;
    Some((haystack.get(..at)?, haystack.get(at + needle.len()..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_standard_library() {
        let haystacks = ["", "a", "aab", "abcabd", "ab ab", "ä://x", "x://", "日本語://日本", "crumbcrumb"];
        let needles = ["", "a", "ab", "abd", "://", "b", "日本", "本語", "crumb", "zz", "aab", "ä"];
        for haystack in haystacks {
            for needle in needles {
                assert_eq!(find(haystack, needle), haystack.find(needle), "{haystack:?} / {needle:?}");
                assert_eq!(contains(haystack, needle), haystack.contains(needle));
                assert_eq!(split_once(haystack, needle), haystack.split_once(needle), "{haystack:?} / {needle:?}");
            }
        }
    }
}
