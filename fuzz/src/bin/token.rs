//! `token::parse_generate`: the `generateNewToken` answer. Input: the token name the user asked for,
//! NUL, then the response. Only a plausible secret is accepted (printable, no markup, a sane length),
//! and it never reaches debug output.
#![no_main]

use jenkins_api_token::jenkins::token::{self, MintAnswer, TokenOrder, TokenValue};
use jenkins_api_token::jenkins::user::UserTarget;
use jenkins_api_token_fuzz::response;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(0);
    let (name, rest) = data.split_at(split);
    let order = TokenOrder {
        name: String::from_utf8_lossy(name).into_owned(),
        expiry: None,
        owner: UserTarget::Me,
        via_script_console: false,
    };
    let response = response(rest.get(1..).unwrap_or_default());
    match token::parse_generate(&response, &order) {
        Ok(MintAnswer::Minted(token)) => {
            assert_eq!(response.status, 200);
            let value = token.value.expose();
            assert!((16..=256).contains(&value.len()));
            assert!(value.bytes().all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>'));
            assert_eq!(TokenValue::parse_minted(value).as_ref(), Some(&token.value));
            // A known shape is exactly Jenkins' own, with or without the identifiable prefix.
            let bare = value.strip_prefix("jenkins_apitoken_").unwrap_or(value);
            assert_eq!(token.value.has_known_shape(), TokenValue::parse(bare).is_some());
            // Debug output does not depend on the value.
            let mut other = token.clone();
            other.value = TokenValue::parse("11ffffffffffffffffffffffffffffffff").unwrap();
            assert_eq!(format!("{token:?}"), format!("{other:?}"));
        }
        Ok(MintAnswer::Refused(_)) => assert_eq!(response.status, 200),
        Err(_) => {}
    }
    // Whatever the value field holds, only Jenkins' shape is a token.
    if let Some(value) = TokenValue::parse(&order.name) {
        assert_eq!(value.expose().len(), 34);
    }
});
