//! `token_list::parse` and `page_crumb`: the Security page's token list, in either markup era. Input:
//! the page's HTML. A list is either refused or made only of tokens with a uuid; every hint and fact
//! about them can be worked out.
#![no_main]

use jenkins_api_token::day::Day;
use jenkins_api_token::jenkins::token_list::{page_crumb, parse};
use jenkins_api_token::messages;
use jenkins_api_token_fuzz::html::Node;
use libfuzzer_sys::fuzz_target;
use scraper::Html;

fuzz_target!(|data: &[u8]| {
    let document = Html::parse_document(&String::from_utf8_lossy(data));
    let page = Node::of(&document);
    if let Ok(tokens) = parse(&page) {
        let today = Day::parse_iso("2026-11-29").expect("a date");
        for token in &tokens {
            assert!(!token.uuid.is_empty());
            let _ = (token.attention(today), messages::facts(&token), token.lifetime_days());
        }
    }
    if let Some(crumb) = page_crumb(&page) {
        assert!(!crumb.field.is_empty() && !crumb.value.is_empty());
    }
});
