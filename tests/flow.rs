//! The popup's flow (`flow::connect` / `flow::mint`), natively, over real HTTP against the Jenkins
//! emulator: the same code the popup runs, with a plain HTTP client as the transport.

use jenkins_api_token::flow;
use jenkins_api_token::form::TokenForm;
use jenkins_api_token::interrupted::{Interrupted, Look, ReadAt};
use jenkins_api_token::jenkins::day::Day;
use jenkins_api_token::jenkins::errors::Failure;
use jenkins_api_token::jenkins::token::{Expiry, MintedToken};
use jenkins_api_token::popup::{NotNow, Popup, Screen, Shared, Tab, Work};
use jenkins_emulator::Emulator;

use crate::support::{
    Browser, Parser, connect, control, logged_in, order, page_of, start, token_count, tokens_named, who_with_token,
};

/// Alice, logged in and connected: where most flow tests start.
fn connected(emulator: &Emulator) -> (Browser, flow::Session) {
    let browser = logged_in(emulator);
    let session = connect(&browser, emulator);
    (browser, session)
}

/// A popup connected as `browser`'s user, as after opening it on the emulator's page.
fn connected_popup(browser: &Browser, emulator: &Emulator) -> Shared {
    let popup = Shared::default();
    popup.borrow_mut().connected(pollster::block_on(flow::connect(browser, &page_of(emulator))));
    popup
}

/// Mints a token named `name` with Jenkins' default expiry.
fn mint(browser: &Browser, session: &mut flow::Session, name: &str) -> Result<MintedToken, Failure> {
    pollster::block_on(flow::mint(browser, session, &order(name, None)))
}

#[test]
fn mints_a_working_token_on_current_jenkins_under_a_context_path() {
    let emulator = start(|config| config.context_path = "/jenkins".into());
    let (browser, mut session) = connected(&emulator);
    assert_eq!(session.user, "alice");
    assert_eq!(session.root.display_url(), emulator.root_url());
    assert!(session.offers_expiry());

    let token =
        pollster::block_on(flow::mint(&browser, &mut session, &order("native", Some(Expiry::Days(7))))).unwrap();
    assert_eq!(token.name, "native");
    let who = who_with_token(&emulator, "alice", token.value.expose());
    assert_eq!(who.status, 200);
    assert!(who.body.contains("\"name\":\"alice\""), "{}", who.body);
    assert_eq!(token_count(&emulator), 1);
}

#[test]
fn older_jenkins_gets_no_expiry_and_the_legacy_era_is_refused() {
    let emulator = start(|config| config.version = "2.300".into());
    let session = connect(&logged_in(&emulator), &emulator);
    assert!(!session.offers_expiry());
    assert_eq!(session.tokens_url(), format!("{}me/configure", emulator.root_url()));

    let legacy = start(|config| config.version = "2.100".into());
    let session = connect(&logged_in(&legacy), &legacy);
    assert!(session.legacy_only());
}

#[test]
fn anonymous_users_are_sent_to_the_login_page() {
    let emulator = start(|_| {});
    let failure = pollster::block_on(flow::connect(&Browser::new(), &page_of(&emulator))).unwrap_err();
    assert_eq!(failure, Failure::NotLoggedIn { login_url: format!("{}login?from=%2F", emulator.root_url()) });
}

#[test]
fn csrf_off_mints_without_a_crumb() {
    let emulator = start(|config| config.csrf = false);
    let (browser, mut session) = connected(&emulator);
    mint(&browser, &mut session, "no csrf").unwrap();
    assert_eq!(token_count(&emulator), 1);
}

#[test]
fn a_rejected_crumb_is_retried_once_then_given_up() {
    let emulator = start(|_| {});
    let (browser, mut session) = connected(&emulator);

    control(&emulator, "reject-crumbs", r#"{"times":1}"#);
    mint(&browser, &mut session, "retried").unwrap();
    assert_eq!(token_count(&emulator), 1);

    control(&emulator, "reject-crumbs", r#"{"times":2}"#);
    let failure = mint(&browser, &mut session, "refused").unwrap_err();
    assert_eq!(failure, Failure::CrumbRejected);
    assert_eq!(token_count(&emulator), 1, "a refused crumb minted nothing");
}

#[test]
fn an_ended_session_is_reported_and_nothing_is_minted() {
    let emulator = start(|_| {});
    let (browser, mut session) = connected(&emulator);
    control(&emulator, "expire-sessions", "{}");
    let failure = mint(&browser, &mut session, "late").unwrap_err();
    assert!(matches!(failure, Failure::SessionEnded { .. }), "{failure:?}");
    assert_eq!(token_count(&emulator), 0);

    // Logging in again is enough: the stale crumb is refused, refreshed, and the retry mints.
    browser.log_in(&emulator, "alice", "alice");
    mint(&browser, &mut session, "after login").unwrap();
    assert_eq!(token_count(&emulator), 1);
}

#[test]
fn a_broken_connection_after_minting_names_the_token_that_may_exist() {
    let emulator = start(|_| {});
    let (browser, mut session) = connected(&emulator);
    control(
        &emulator,
        "faults",
        r#"{"method":"POST","path_contains":"generateNewToken","mode":"drop_after","times":1}"#,
    );
    let failure = mint(&browser, &mut session, "in flight").unwrap_err();
    let Failure::MintUncertain { name, tokens_url, .. } = &failure else { panic!("{failure:?}") };
    assert_eq!(name, "in flight");
    assert_eq!(tokens_url, &format!("{}me/security/", emulator.root_url()));
    assert_eq!(token_count(&emulator), 1, "the token exists, and the user was told its name");
}

/// The user's clock, as the popup reads it.
fn now_ms() -> i64 {
    let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
    since_epoch.as_millis() as i64
}

/// A mint whose answer is lost (`fault`, a mode of the emulator's), recorded as the popup records
/// it before the POST; then the one GET that looks for what Jenkins made.
fn lose_the_answer(emulator: &Emulator, fault: &str, name: &str) -> (Failure, Look) {
    let (browser, mut session) = connected(emulator);
    let today = Day::from_epoch_ms(now_ms());
    let record = Interrupted::mint(&session, &order(name, None), now_ms() as u64, today);
    control(emulator, "faults", fault);
    let failure = mint(&browser, &mut session, name).unwrap_err();
    (failure, look_for(&browser, &mut session, &record))
}

/// The one GET the popup makes after a mint whose outcome is unknown, and what it finds.
fn look_for(browser: &Browser, session: &mut flow::Session, record: &Interrupted) -> Look {
    let list = pollster::block_on(flow::list_tokens(browser, session, &Parser)).unwrap();
    assert!(list.server_ms.is_some(), "the emulator's answer carries a Date");
    record.look(list.tokens, ReadAt { server_ms: list.server_ms, client_ms: now_ms() })
}

/// Jenkins made the token but its answer was lost: the list, read once, names exactly the tokens of
/// that name made since the click, and none when nothing was stored.
#[test]
fn a_lost_answer_is_followed_by_one_look_at_the_list() {
    let stored_then_504 =
        r#"{"method":"POST","path_contains":"generateNewToken","mode":"replace_after","status":504,"times":1}"#;
    let emulator = start(|_| {});
    control(&emulator, "users/alice/tokens", r#"{"name":"nightly","created_days_ago":1}"#);
    let (failure, look) = lose_the_answer(&emulator, stored_then_504, "nightly");
    assert!(matches!(failure, Failure::MintUncertain { .. }), "{failure:?}");
    assert_eq!(look.unseen.len(), 1, "yesterday's token of that name is not this click's");
    let made = tokens_named(&emulator, "nightly");
    assert_eq!(made.len(), 2);
    assert!(made.contains(&look.unseen[0].uuid));

    // Two of that name made since the click (as when the browser sends the POST again): both.
    let emulator = start(|_| {});
    let (browser, mut session) = connected(&emulator);
    let record = Interrupted::mint(&session, &order("twice", None), now_ms() as u64, Day::from_epoch_ms(now_ms()));
    mint(&browser, &mut session, "twice").unwrap();
    mint(&browser, &mut session, "twice").unwrap();
    assert_eq!(look_for(&browser, &mut session, &record).unseen.len(), 2);

    // A 504 from a proxy that never reached Jenkins: nothing to find.
    let emulator = start(|_| {});
    let nothing_stored =
        r#"{"method":"POST","path_contains":"generateNewToken","mode":"replace","status":504,"times":1}"#;
    let (failure, look) = lose_the_answer(&emulator, nothing_stored, "never made");
    assert!(matches!(failure, Failure::MintUncertain { .. }), "{failure:?}");
    assert_eq!(look.unseen, []);
    assert_eq!(token_count(&emulator), 0);
}

/// While the notice about a token nobody saw is open, Generate with that name takes a second click.
#[test]
fn generating_the_name_just_made_takes_a_second_click() {
    let emulator = start(|_| {});
    let browser = logged_in(&emulator);
    let just_made_nightly = || {
        let popup = connected_popup(&browser, &emulator);
        popup.borrow_mut().set_just_made(Some("nightly".into()));
        popup
    };
    let popup = just_made_nightly();
    let form = |name: &str| TokenForm { name: name.into(), expiry: "30".into(), ..TokenForm::default() };
    assert_eq!(
        Popup::begin_mint(&popup, &form("nightly"), "2026-11-29").unwrap_err(),
        NotNow::JustMade("nightly".into())
    );
    assert!(Popup::begin_mint(&popup, &form("nightly"), "2026-11-29").is_ok(), "the second click is a decision");

    let popup = just_made_nightly();
    assert!(Popup::begin_mint(&popup, &form("other name"), "2026-11-29").is_ok(), "another name mints at once");
    let popup = just_made_nightly();
    popup.borrow_mut().set_just_made(None);
    assert!(Popup::begin_mint(&popup, &form("nightly"), "2026-11-29").is_ok(), "settled: as usual");
}

#[test]
fn forbidden_with_an_empty_body_means_not_allowed() {
    let emulator = start(|_| {});
    let (browser, mut session) = connected(&emulator);
    control(
        &emulator,
        "faults",
        r#"{"method":"POST","path_contains":"generateNewToken","mode":"replace","status":403,"content_type":"","body":"","times":1}"#,
    );
    let failure = mint(&browser, &mut session, "x").unwrap_err();
    assert_eq!(failure, Failure::NotAllowed { user: "alice".into() });
}

#[test]
fn a_past_expiry_is_refused_by_jenkins_with_its_message() {
    let emulator = start(|config| config.today = Some("2026-11-29".into()));
    let (browser, mut session) = connected(&emulator);
    let failure =
        pollster::block_on(flow::mint(&browser, &mut session, &order("old", Some(Expiry::On("2026-11-28".into())))))
            .unwrap_err();
    assert_eq!(failure, Failure::Refused { message: "Expiration date is in the past.".into() });
}

/// The popup's rules, with the real flow underneath: one order per click, the form survives failures.
#[test]
fn the_popup_hands_out_one_order_per_click() {
    let emulator = start(|_| {});
    let browser = logged_in(&emulator);
    let popup = Shared::default();
    let form = TokenForm { name: "popup".into(), expiry: "30".into(), ..TokenForm::default() };
    assert_eq!(Popup::begin_mint(&popup, &form, "2026-11-29").unwrap_err(), NotNow::Busy, "not connected yet");

    popup.borrow_mut().connected(pollster::block_on(flow::connect(&browser, &page_of(&emulator))));
    let (mut turn, order) = Popup::begin_mint(&popup, &form, "2026-11-29").unwrap();
    assert_eq!(
        Popup::begin_mint(&popup, &form, "2026-11-29").unwrap_err(),
        NotNow::Busy,
        "a second click while minting"
    );
    assert_eq!(popup.borrow().screen(), &Screen::Minting);

    control(&emulator, "expire-sessions", "{}");
    let result = pollster::block_on(flow::mint(&browser, &mut turn.session, &order));
    turn.minted(result);
    assert!(matches!(popup.borrow().screen(), Screen::Ready { failure: Some(Failure::SessionEnded { .. }) }));

    browser.log_in(&emulator, "alice", "alice");
    let (mut turn, order) = Popup::begin_mint(&popup, &form, "2026-11-29").expect("the form is still there");
    let result = pollster::block_on(flow::mint(&browser, &mut turn.session, &order));
    turn.minted(result);
    assert!(matches!(popup.borrow().screen(), Screen::Minted(token) if token.name == "popup"));
    assert_eq!(Popup::begin_mint(&popup, &form, "2026-11-29").unwrap_err(), NotNow::Busy, "a shown token is final");
    assert_eq!(token_count(&emulator), 1);
}

/// One piece of work at a time; however a turn ends, the session comes back, and work that may have
/// changed the tokens makes the list stale.
#[test]
fn turns_never_overlap_and_always_end() {
    let emulator = start(|_| {});
    let browser = logged_in(&emulator);
    let popup = connected_popup(&browser, &emulator);
    assert!(popup.borrow_mut().open(Tab::List), "the list is to be read");

    let mut turn = Popup::take_turn(&popup, Work::ReadList).unwrap();
    assert!(Popup::take_turn(&popup, Work::Verify).is_none(), "busy");
    let form = TokenForm { name: "x".into(), expiry: "30".into(), ..TokenForm::default() };
    assert_eq!(Popup::begin_mint(&popup, &form, "2026-11-29").unwrap_err(), NotNow::Busy);
    let tokens = pollster::block_on(flow::list_tokens(&browser, &mut turn.session, &Parser)).unwrap().tokens;
    turn.listed(tokens);
    assert_eq!(popup.borrow().busy(), None);
    assert_eq!(popup.borrow().tokens().map(<[_]>::len), Some(0));
    assert!(!popup.borrow_mut().open(Tab::List), "read already");

    // Work that may change the tokens leaves the list to be read again, even when it ends early.
    drop(Popup::take_turn(&popup, Work::Revoke).unwrap());
    assert_eq!(popup.borrow().tokens(), None);
    // A mint that ends without an outcome leaves the form usable.
    let (turn, _) = Popup::begin_mint(&popup, &form, "2026-11-29").unwrap();
    drop(turn);
    assert_eq!(popup.borrow().screen(), &Screen::Ready { failure: None });
    assert!(Popup::take_turn(&popup, Work::Verify).is_some());
}
