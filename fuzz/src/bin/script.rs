//! `script::parse`: the script console's output, and `script::groovy`: names stay data. Input: a
//! response (its body is the output), whose body also serves as the id and name put in the script.
#![no_main]

use jenkins_api_token::jenkins::script::{self, ScriptAnswer};
use jenkins_api_token_fuzz::response;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let response = response(data);
    if let Ok(ScriptAnswer::Minted { value, .. }) = script::parse(&response) {
        assert_eq!(response.status, 200);
        // A plausible secret, as `TokenValue::parse_minted` accepts: a token Jenkins made is never lost.
        assert!((16..=256).contains(&value.expose().len()));
        assert!(value.expose().bytes().all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>'));
    }
    // Whatever the id and name hold, the script is the fixed text with two base64 literals.
    let name = &response.body;
    let groovy = script::groovy(name, name);
    let literals: Vec<&str> =
        groovy.split("new String('").skip(1).map(|rest| rest.split('\'').next().unwrap_or("")).collect();
    assert_eq!(literals.len(), 2);
    for literal in literals {
        assert!(literal.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)));
    }
    assert_eq!(groovy.lines().count(), script::groovy("", "").lines().count());
});
