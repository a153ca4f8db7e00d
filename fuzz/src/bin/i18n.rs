//! `i18n::Catalog`: a `messages.json` and its placeholders. Input: `catalog\0key\0arg1\0arg2`. Rendering
//! never panics; a message without `$` is rendered as it is.
#![no_main]

use jenkins_api_token::i18n::Catalog;
use jenkins_api_token_fuzz::{field, fields};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fields = fields(data);
    let Some(catalog) = Catalog::parse(field(&fields, 0).unwrap_or_default()) else { return };
    let key = field(&fields, 1).unwrap_or_default();
    let args: Vec<&str> = fields.iter().skip(2).map(String::as_str).collect();
    let _ = catalog.render(key, &args);
    let plain = Catalog::parse(&format!("{{\"k\":{{\"message\":{}}}}}", serde_json_string(key))).expect("a catalog");
    if !key.contains('$') {
        assert_eq!(plain.render("k", &args).as_deref(), Some(key));
    }
});

/// A JSON string literal.
fn serde_json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
