//! Odd user ids for every test that writes an id into a format: spaces, quotes, backslashes, `%`,
//! `#`, non-ASCII, shell syntax and a line separator (none is a control character, which the formats
//! refuse). Used by tests/snippet_formats.rs and the native host's tests.

pub const IDS: [&str; 10] = [
    "alice",
    "Jane Doe",
    "O'Brien \"the\" admin",
    r"DOMAIN\jdoe",
    "50% off #1; [x] = y: z",
    "Jürgen Müller-Lüdenscheidt",
    "山田 太郎",
    "#hash",
    "$(id) `id` ${HOME}",
    "a\u{2028}b",
];
