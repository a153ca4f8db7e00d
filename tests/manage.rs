//! After the token: verify, list, rename, rotate and revoke, natively against the emulator in each
//! markup era (cards 2.505+, the repeatable list 2.129–2.504, the configure page before 2.468), and
//! minting for another user.

use jenkins_api_token::expiry::Expiry;
use jenkins_api_token::failure::Failure;
use jenkins_api_token::flow::{self, RotateFailure, Session};
use jenkins_api_token::jenkins::token::TokenOrder;
use jenkins_api_token::jenkins::token_list::{ListedToken, Usage};
use jenkins_api_token::jenkins::user::UserTarget;
use jenkins_api_token::jenkins::verify::Verdict;
use jenkins_api_token::messages;

use crate::support::{
    Browser, Parser, connect, control, english, logged_in, logged_in_as, order, start, who_with_token,
};

fn listed(browser: &Browser, session: &mut Session) -> Vec<ListedToken> {
    pollster::block_on(flow::list_tokens(browser, session, &Parser)).unwrap().tokens
}

/// mint → verify → list → rename → rotate → revoke → list, on one Jenkins version.
fn whole_life_on(version: &str) {
    let emulator = start(|config| config.version = version.into());
    let browser = logged_in(&emulator);
    let mut session = connect(&browser, &emulator);
    let expiry = session.offers_expiry().then_some(Expiry::Days(60));
    let first = pollster::block_on(flow::mint(&browser, &mut session, &order("first", expiry))).unwrap();
    assert_eq!(
        pollster::block_on(flow::verify(&browser, &session, &first)),
        Ok(Verdict::Works { user: "alice".into() })
    );

    let tokens = listed(&browser, &mut session);
    assert_eq!(
        tokens.iter().map(|t| (t.uuid.as_str(), t.name.as_str())).collect::<Vec<_>>(),
        [(first.uuid.as_str(), "first")]
    );
    assert_eq!(tokens[0].usage, Usage::Used { count: 1, last: tokens[0].created }, "the check used it once");

    pollster::block_on(flow::rename(&browser, &mut session, &first.uuid, "renamed")).unwrap();
    let tokens = listed(&browser, &mut session);
    assert_eq!(tokens[0].name, "renamed");

    let second = pollster::block_on(flow::rotate(&browser, &mut session, &tokens[0])).unwrap();
    assert_eq!(second.name, "renamed");
    assert_eq!(
        pollster::block_on(flow::verify(&browser, &session, &first)),
        Ok(Verdict::Rejected),
        "the old one is revoked"
    );
    let tokens = listed(&browser, &mut session);
    assert_eq!(tokens.iter().map(|t| t.uuid.as_str()).collect::<Vec<_>>(), [second.uuid.as_str()]);
    if session.offers_expiry() {
        assert_eq!(tokens[0].lifetime_days(), Some(60), "the successor keeps the lifetime");
    }

    pollster::block_on(flow::revoke(&browser, &mut session, &UserTarget::Me, &second.uuid)).unwrap();
    assert_eq!(listed(&browser, &mut session), vec![]);
    assert_eq!(pollster::block_on(flow::verify(&browser, &session, &second)), Ok(Verdict::Rejected));
}

#[test]
fn the_whole_life_of_a_token_on_2_555() {
    whole_life_on("2.555.1");
}

#[test]
fn the_whole_life_of_a_token_on_2_504() {
    whole_life_on("2.504");
}

#[test]
fn the_whole_life_of_a_token_on_2_300() {
    whole_life_on("2.300");
}

#[test]
fn a_rotation_that_cannot_verify_keeps_the_old_token() {
    let emulator = start(|_| {});
    let browser = logged_in(&emulator);
    let mut session = connect(&browser, &emulator);
    let old = pollster::block_on(flow::mint(&browser, &mut session, &order("keep me", None))).unwrap();
    let listed_old = listed(&browser, &mut session).remove(0);
    control(
        &emulator,
        "faults",
        r#"{"method":"GET","path_contains":"whoAmI","mode":"replace","status":401,"times":1}"#,
    );
    let failure = pollster::block_on(flow::rotate(&browser, &mut session, &listed_old)).unwrap_err();
    let RotateFailure::NotVerified { new, .. } = &failure else { panic!("{failure:?}") };
    assert!(english(&messages::rotate_failure(&failure, "keep me")).contains("was kept. Both exist now"));
    let uuids: Vec<String> = listed(&browser, &mut session).into_iter().map(|t| t.uuid).collect();
    assert!(uuids.contains(&old.uuid) && uuids.contains(&new.uuid));
}

#[test]
fn a_rotation_that_cannot_revoke_says_both_exist() {
    let emulator = start(|_| {});
    let browser = logged_in(&emulator);
    let mut session = connect(&browser, &emulator);
    pollster::block_on(flow::mint(&browser, &mut session, &order("old", None))).unwrap();
    let listed_old = listed(&browser, &mut session).remove(0);
    control(
        &emulator,
        "faults",
        r#"{"method":"POST","path_contains":"/revoke","mode":"replace","status":500,"times":1}"#,
    );
    let failure = pollster::block_on(flow::rotate(&browser, &mut session, &listed_old)).unwrap_err();
    assert!(matches!(failure, RotateFailure::OldKept { .. }), "{failure:?}");
    assert!(failure.new_token().is_some(), "the successor is shown");
    assert_eq!(listed(&browser, &mut session).len(), 2);
}

#[test]
fn an_unreadable_or_unknown_list_is_reported_not_guessed() {
    let emulator = start(|_| {});
    let browser = logged_in(&emulator);
    let mut session = connect(&browser, &emulator);
    control(
        &emulator,
        "faults",
        r#"{"method":"GET","path_contains":"/security/","mode":"replace","status":200,"content_type":"text/html","body":"<html><body><div class=\"token-list\"><table>new design</table></div></body></html>","times":1}"#,
    );
    let failure = pollster::block_on(flow::list_tokens(&browser, &mut session, &Parser)).unwrap_err();
    assert!(
        matches!(&failure, Failure::TokenListUnavailable { url, .. } if url.ends_with("/me/security/")),
        "{failure:?}"
    );
    control(
        &emulator,
        "faults",
        r#"{"method":"GET","path_contains":"/security/","mode":"replace","status":404,"times":1}"#,
    );
    let failure = pollster::block_on(flow::list_tokens(&browser, &mut session, &Parser)).unwrap_err();
    let sentence = english(&messages::failure(&failure));
    assert!(sentence.contains("HTTP 404"), "{sentence}");
}

#[test]
fn minting_for_another_user() {
    let order_for = |user: &str| TokenOrder { owner: UserTarget::Id(user.into()), ..order("for them", None) };

    let strict = start(|_| {});
    let admin = logged_in_as(&strict, "admin");
    let mut session = connect(&admin, &strict);
    let failure = pollster::block_on(flow::mint(&admin, &mut session, &order_for("Jane Doe"))).unwrap_err();
    assert_eq!(failure, Failure::NotAllowedForOthers { user: "Jane Doe".into() });
    assert!(english(&messages::failure(&failure)).contains("adminCanGenerateNewTokens=true"));

    let allowing = start(|config| config.admin_can_generate = true);
    let admin = logged_in_as(&allowing, "admin");
    let mut session = connect(&admin, &allowing);
    let token = pollster::block_on(flow::mint(&admin, &mut session, &order_for("Jane Doe"))).unwrap();
    let who = who_with_token(&allowing, "Jane Doe", token.value.expose());
    assert!(who.body.contains("\"name\":\"Jane Doe\""), "{}", who.body);
    let failure = pollster::block_on(flow::mint(&admin, &mut session, &order_for("nobody"))).unwrap_err();
    assert_eq!(failure, Failure::UnknownUser { user: "nobody".into() });

    // A user who is not an administrator gets the same bare 403.
    let bob = logged_in_as(&allowing, "bob");
    let mut session = connect(&bob, &allowing);
    let failure = pollster::block_on(flow::mint(&bob, &mut session, &order_for("alice"))).unwrap_err();
    assert_eq!(failure, Failure::NotAllowedForOthers { user: "alice".into() });
}

#[test]
fn the_list_url_follows_the_version() {
    for (version, path) in [("2.555.1", "me/security/"), ("2.468", "me/security/"), ("2.467", "me/configure")] {
        let emulator = start(|config| config.version = version.into());
        let session = connect(&logged_in(&emulator), &emulator);
        assert_eq!(session.tokens_url(), format!("{}{path}", emulator.root_url()), "{version}");
    }
}

/// Clean-up on one version: the tokens needing attention are revoked one POST each; the second revoke
/// fails, is named with why, and stops nothing; the token needing nothing is untouched.
fn clean_up_on(version: &str) {
    let emulator = start(|config| {
        config.version = version.into();
        config.today = Some("2026-11-29".into());
    });
    let seed = |body: &str| control(&emulator, "users/alice/tokens", body);
    seed(r#"{"name":"fresh","created_days_ago":2,"use_count":5,"last_used_days_ago":1}"#);
    seed(r#"{"name":"never used","created_days_ago":45}"#);
    seed(r#"{"name":"forgotten","created_days_ago":200,"use_count":3,"last_used_days_ago":120}"#);
    seed(r#"{"name":"stale","created_days_ago":300,"use_count":1,"last_used_days_ago":100}"#);
    let browser = logged_in(&emulator);
    let mut session = connect(&browser, &emulator);
    let tokens = listed(&browser, &mut session);
    let today = jenkins_api_token::day::Day::parse_iso("2026-11-29").unwrap();
    let chosen: Vec<ListedToken> = tokens.iter().filter(|token| !token.attention(today).is_empty()).cloned().collect();
    assert_eq!(chosen.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["forgotten", "never used", "stale"]);

    control(
        &emulator,
        "faults",
        r#"{"method":"POST","path_contains":"/revoke","mode":"replace","status":500,"skip":1}"#,
    );
    let report = pollster::block_on(flow::revoke_each(&browser, &mut session, &chosen));
    assert_eq!(report.revoked, ["forgotten", "stale"]);
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].0, "never used");
    let (done, failed) = messages::cleanup_report(&report);
    assert_eq!(english(&done), "Revoked: “forgotten”, “stale”.");
    assert!(english(&failed[0]).starts_with("Not revoked: “never used”. "), "{}", english(&failed[0]));
    let left: Vec<String> = listed(&browser, &mut session).into_iter().map(|t| t.name).collect();
    assert_eq!(left, ["fresh", "never used"]);
}

#[test]
fn clean_up_revokes_each_chosen_token_and_names_a_failure_on_2_555() {
    clean_up_on("2.555.1");
}

#[test]
fn clean_up_revokes_each_chosen_token_and_names_a_failure_on_2_504() {
    clean_up_on("2.504");
}
