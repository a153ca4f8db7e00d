//! `native_message`: the native host's frame reader and message decoder (`native/src/protocol.rs`), as
//! the browser feeds them. Input: the bytes of stdin (4-byte native-endian lengths, then JSON), and the
//! same bytes as one message body. The host answers every frame with one JSON frame within the
//! browser's limit; a decoded request holds only checked values and names no field the protocol lacks;
//! a refusal never depends on the token's value, so it cannot repeat it.
#![no_main]

use jenkins_api_token::jenkins::token::TokenValue;
use jenkins_api_token_host::inputs::{JenkinsUrl, check_text};
use jenkins_api_token_host::protocol::{self, Frame, MAX_ANSWER_BYTES, MAX_MESSAGE_BYTES, Refusal, Request};
use jenkins_api_token_host::serve::serve;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::io::Read;

const FIELDS: [&str; 7] = ["type", "target", "jenkinsUrl", "user", "token", "tokenName", "makeCurrent"];

fuzz_target!(|data: &[u8]| {
    // The stream as the host serves it, without a home folder, so no file is ever touched.
    let mut answers = Vec::new();
    serve(&mut &data[..], &mut answers, &Err(Refusal::new("no home"))).unwrap();
    let mut frames = 0;
    let mut rest = answers.as_slice();
    while !rest.is_empty() {
        let length = u32::from_ne_bytes(rest[..4].try_into().unwrap()) as usize;
        assert!(length <= MAX_ANSWER_BYTES);
        let answer: Value = serde_json::from_slice(&rest[4..4 + length]).unwrap();
        assert_eq!(answer["ok"], false, "without a home folder nothing succeeds: {answer}");
        rest = &rest[4 + length..];
        frames += 1;
    }
    // The same stream frame by frame: one answer per frame read.
    let mut input = data;
    let mut read = 0;
    loop {
        match protocol::read_frame(&mut input).unwrap() {
            Frame::End => break,
            Frame::Message(body) => {
                assert!(body.len() <= MAX_MESSAGE_BYTES as usize);
                check(&body);
            }
            Frame::TooLarge(length) => {
                assert!(length > MAX_MESSAGE_BYTES);
                let skipped = std::io::copy(&mut input.by_ref().take(u64::from(length)), &mut std::io::sink()).unwrap();
                if skipped < u64::from(length) {
                    read += 1;
                    break;
                }
            }
            Frame::Truncated => {
                read += 1;
                break;
            }
        }
        read += 1;
    }
    assert_eq!(frames, read, "one answer per frame");
    check(data);
});

/// What `decode` promises about one message body.
fn check(body: &[u8]) {
    let object = serde_json::from_slice::<Value>(body).ok().and_then(|value| value.as_object().cloned());
    match protocol::decode(body) {
        Ok(request) => {
            let object = object.expect("only a JSON object decodes");
            assert!(object.keys().all(|key| FIELDS.contains(&key.as_str())), "{object:?}");
            let (url, user) = match &request {
                Request::Hello(hello) => (&hello.jenkins_url, &hello.user),
                Request::Save(save) => {
                    assert!(TokenValue::parse_minted(save.token.expose()).is_some());
                    assert!(check_text("tokenName", &save.token_name, true).is_ok());
                    assert!(!format!("{save:?}").contains(save.token.expose()));
                    (&save.jenkins_url, &save.user)
                }
            };
            assert!(check_text("user", user, false).is_ok());
            assert_eq!(JenkinsUrl::parse(url.as_str()).as_ref(), Some(url), "a checked URL reads back as itself");
            assert!(url.as_str().starts_with("http") && url.as_str().ends_with('/'));
        }
        Err(refusal) => {
            let answer = protocol::Answer::Refused(refusal.clone()).to_json().to_string();
            assert!(answer.len() < 1024, "a refusal is a sentence: {answer}");
            // Another token of the same validity gives the same sentence: it never holds the token.
            if let Some(mut object) = object
                && let Some(Value::String(token)) = object.get("token")
            {
                let valid = TokenValue::parse_minted(token).is_some();
                let other = if valid { "11ffffffffffffffffffffffffffffffff" } else { "x" };
                object.insert("token".to_owned(), Value::String(other.to_owned()));
                let again = protocol::decode(Value::Object(object).to_string().as_bytes());
                assert_eq!(again.err(), Some(refusal));
            }
        }
    }
}
