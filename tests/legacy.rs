//! The legacy token (Jenkins before 2.129, and users who still have one after): read it from the
//! configure page, change it, in each answer form of `changeToken`.

use jenkins_api_token::failure::Failure;
use jenkins_api_token::flow;
use jenkins_api_token::jenkins::token::TokenValue;
use jenkins_api_token::jenkins::verify::Verdict;

use crate::support::{Parser, connect, control, logged_in, start, who_with_token};

#[test]
fn before_2_129_the_token_is_read_and_changed() {
    let emulator = start(|config| config.version = "2.100".into());
    let browser = logged_in(&emulator);
    let mut session = connect(&browser, &emulator);
    assert!(session.legacy_only());

    let shown = pollster::block_on(flow::legacy_token(&browser, &session, &Parser)).unwrap();
    assert!(shown.legacy);
    assert!(TokenValue::parse_legacy(shown.value.expose()).is_some());
    assert_eq!(
        pollster::block_on(flow::verify(&browser, &session, &shown)),
        Ok(Verdict::Works { user: "alice".into() })
    );

    let changed = pollster::block_on(flow::change_legacy_token(&browser, &mut session, &Parser)).unwrap();
    assert_ne!(changed.value, shown.value);
    assert_eq!(who_with_token(&emulator, "alice", shown.value.expose()).status, 401, "the old one stops working");
    assert_eq!(who_with_token(&emulator, "alice", changed.value.expose()).status, 200);
    assert_eq!(pollster::block_on(flow::legacy_token(&browser, &session, &Parser)).unwrap().value, changed.value);
}

#[test]
fn change_token_reports_the_value_in_both_header_forms() {
    for version in ["2.539", "2.540"] {
        let emulator = start(|config| config.version = version.into());
        control(&emulator, "users/alice/legacy-token", "{}");
        let browser = logged_in(&emulator);
        let mut session = connect(&browser, &emulator);
        let changed = pollster::block_on(flow::change_legacy_token(&browser, &mut session, &Parser)).unwrap();
        assert_eq!(who_with_token(&emulator, "alice", changed.value.expose()).status, 200, "{version}");
    }
}

#[test]
fn without_a_legacy_token_jenkins_refuses_to_create_one() {
    let emulator = start(|config| config.version = "2.555.1".into());
    let browser = logged_in(&emulator);
    let mut session = connect(&browser, &emulator);
    let failure = pollster::block_on(flow::change_legacy_token(&browser, &mut session, &Parser)).unwrap_err();
    let Failure::LegacyDisabled { message } = &failure else { panic!("{failure:?}") };
    assert!(message.starts_with("Capability to generate a legacy token"), "{message}");
}
