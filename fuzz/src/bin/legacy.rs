//! `legacy::parse_change` and `legacy::read`: the answer to `changeToken` (its `script:` or
//! `X-Jenkins-ValidateButton-Callback` header) and the `#apiToken` field of a page. Input: a response;
//! its body is also read as the page. Only 32 lowercase hex digits are ever a legacy token.
#![no_main]

use jenkins_api_token::jenkins::legacy::{self, Changed, LegacyToken};
use jenkins_api_token_fuzz::html::Node;
use jenkins_api_token_fuzz::response;
use libfuzzer_sys::fuzz_target;
use scraper::Html;

fn check(token: &LegacyToken) {
    if let LegacyToken::Visible(value) = token {
        let value = value.expose();
        assert_eq!(value.len(), 32);
        assert!(value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    }
}

fuzz_target!(|data: &[u8]| {
    let response = response(data);
    if let Ok(Changed::To(token)) = legacy::parse_change(&response) {
        assert_eq!(response.status, 200);
        check(&token);
    }
    let document = Html::parse_document(&response.body);
    if let Ok(token) = legacy::read(&Node::of(&document)) {
        check(&token);
    }
});
