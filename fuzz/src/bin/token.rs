//! `token::parse_generate`: the `generateNewToken` answer. Input: the token name the user asked for,
//! NUL, then the response. Only a token of Jenkins' shape is accepted, and it never reaches debug
//! output.
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
            assert!(value.len() == 34 && value.starts_with("11"));
            assert!(value[2..].bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
            assert_eq!(TokenValue::parse(value).as_ref(), Some(&token.value));
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
