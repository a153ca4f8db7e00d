//! The popup's flow (`flow::connect` / `flow::mint`), natively, over real HTTP against the Jenkins
//! emulator: the same code the popup runs, with a plain HTTP client as the transport.

use jenkins_api_token::day::Day;
use jenkins_api_token::expiry::Expiry;
use jenkins_api_token::failure::Failure;
use jenkins_api_token::flow;
use jenkins_api_token::form::BrowserInfo;
use jenkins_api_token::form::TokenForm;
use jenkins_api_token::jenkins::token::MintedToken;
use jenkins_api_token::pending_mint::{Look, PendingMint, ReadAt};
use jenkins_api_token::popup::{Alert, Command, Effect, Host, ItemCommand, ListAction, Now, Panel, Popup, jobs};
use jenkins_api_token::settings::{Resolved, Settings};
use jenkins_emulator::Emulator;

use crate::support::{
    Browser, Parser, connect, control, logged_in, order, page_of, page_read, start, token_count, tokens_named,
    who_with_token,
};

/// Alice, logged in and connected: where most flow tests start.
fn connected(emulator: &Emulator) -> (Browser, flow::Session) {
    let browser = logged_in(emulator);
    let session = connect(&browser, emulator);
    (browser, session)
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

/// Arms the emulator's fault for the next mint only: `answer` is the rest of its JSON (mode, status, body).
fn fault_next_mint(emulator: &Emulator, answer: &str) {
    let fault = format!(r#"{{"method":"POST","path_contains":"generateNewToken","times":1,{answer}}}"#);
    control(emulator, "faults", &fault);
}

/// How alice's mint of `name` fails, connected, when `answer` awaits it (see `fault_next_mint`).
fn mint_failing(emulator: &Emulator, answer: &str, name: &str) -> Failure {
    let (browser, mut session) = connected(emulator);
    fault_next_mint(emulator, answer);
    mint(&browser, &mut session, name).unwrap_err()
}

#[test]
fn a_broken_connection_after_minting_names_the_token_that_may_exist() {
    let emulator = start(|_| {});
    let failure = mint_failing(&emulator, r#""mode":"drop_after""#, "in flight");
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

/// A mint whose answer is lost (`answer`, a fault of the emulator's), recorded as the popup records
/// it before the POST; then the one GET that looks for what Jenkins made.
fn lose_the_answer(emulator: &Emulator, answer: &str, name: &str) -> (Failure, Look) {
    let (browser, mut session) = connected(emulator);
    let today = Day::from_epoch_ms(now_ms());
    let record = PendingMint::mint(&session, &order(name, None), now_ms() as u64, today);
    fault_next_mint(emulator, answer);
    let failure = mint(&browser, &mut session, name).unwrap_err();
    (failure, look_for(&browser, &mut session, &record))
}

/// The one GET the popup makes after a mint whose outcome is unknown, and what it finds.
fn look_for(browser: &Browser, session: &mut flow::Session, record: &PendingMint) -> Look {
    let list = pollster::block_on(flow::list_tokens(browser, session, &Parser)).unwrap();
    assert!(list.server_ms.is_some(), "the emulator's answer carries a Date");
    record.look(list.tokens, ReadAt { server_ms: list.server_ms, client_ms: now_ms() })
}

/// Jenkins made the token but its answer was lost: the list, read once, names exactly the tokens of
/// that name made since the click, and none when nothing was stored.
#[test]
fn a_lost_answer_is_followed_by_one_look_at_the_list() {
    let stored_then_504 = r#""mode":"replace_after","status":504"#;
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
    let record = PendingMint::mint(&session, &order("twice", None), now_ms() as u64, Day::from_epoch_ms(now_ms()));
    mint(&browser, &mut session, "twice").unwrap();
    mint(&browser, &mut session, "twice").unwrap();
    assert_eq!(look_for(&browser, &mut session, &record).unseen.len(), 2);

    // A 504 from a proxy that never reached Jenkins: nothing to find.
    let emulator = start(|_| {});
    let nothing_stored = r#""mode":"replace","status":504"#;
    let (failure, look) = lose_the_answer(&emulator, nothing_stored, "never made");
    assert!(matches!(failure, Failure::MintUncertain { .. }), "{failure:?}");
    assert_eq!(look.unseen, []);
    assert_eq!(token_count(&emulator), 0);
}

#[test]
fn forbidden_with_an_empty_body_means_not_allowed() {
    let emulator = start(|_| {});
    let failure = mint_failing(&emulator, r#""mode":"replace","status":403,"content_type":"","body":"""#, "x");
    assert_eq!(failure, Failure::NotAllowed { user: "alice".into() });
}

#[test]
fn a_past_expiry_is_refused_by_jenkins_with_its_message() {
    let emulator = start(|config| config.today = Some("2026-11-29".into()));
    let (browser, mut session) = connected(&emulator);
    let failure = pollster::block_on(flow::mint(
        &browser,
        &mut session,
        &order("old", Some(Expiry::On(Day::parse_iso("2026-11-28").unwrap()))),
    ))
    .unwrap_err();
    assert_eq!(failure, Failure::Refused { message: "Expiration date is in the past.".into() });
}

/// The popup's controller with the real jobs underneath, against the emulator: the effects it asks
/// for are carried out as the page glue does (jobs run, the rest answered as a browser would).
struct Driven {
    popup: Popup,
    browser: Browser,
}

impl Driven {
    fn connected(emulator: &Emulator) -> Driven {
        let browser = logged_in(emulator);
        let host = Host { clearing: false, options: false, native: false, mask_after_ms: 60_000, clear_after_ms: None };
        let mut popup = Popup::new(host);
        popup.update(
            Command::Start { settings: Resolved::default(), browser: BrowserInfo::default(), page: page_of(emulator) },
            clock(),
        );
        let session = pollster::block_on(flow::connect(&browser, &page_of(emulator)));
        popup.update(Command::Connected(session), clock());
        Driven { popup, browser }
    }

    /// Sends `command`, then carries out every job it asks for (and those their answers ask for).
    fn send(&mut self, command: Command) -> Vec<Effect> {
        let mut pending = self.popup.update(command, clock());
        let mut others = Vec::new();
        while let Some(effect) = pending.pop() {
            match effect {
                Effect::Run(job) => {
                    let done = pollster::block_on(jobs::run(*job, &self.browser, &Parser));
                    pending.extend(self.popup.update(Command::Done(Box::new(done)), clock()));
                }
                other => others.push(other),
            }
        }
        others
    }
}

fn clock() -> Now {
    Now { ms: now_ms() as u64, day: Day::from_epoch_ms(now_ms()) }
}

/// One order per click, the form kept after a failure, and a token shown once.
#[test]
fn the_popup_mints_once_per_click_and_keeps_the_form_after_a_failure() {
    let emulator = start(|_| {});
    let mut driven = Driven::connected(&emulator);
    let form = TokenForm { name: "popup".into(), expiry: "30".into(), ..TokenForm::default() };

    control(&emulator, "expire-sessions", "{}");
    let effects = driven.send(Command::Generate(form.clone()));
    assert!(effects.iter().any(|effect| matches!(effect, Effect::Forget(_))), "the outcome is known");
    assert!(matches!(driven.popup.alert(), Some(Alert::Failure(Failure::SessionEnded { .. }))));
    assert_eq!(token_count(&emulator), 0);

    driven.browser.log_in(&emulator, "alice", "alice");
    driven.send(Command::Generate(form.clone()));
    assert_eq!(driven.popup.token().map(|panel| panel.token.name.as_str()), Some("popup"));
    assert!(driven.send(Command::Generate(form)).is_empty(), "a shown token is final");
    assert_eq!(token_count(&emulator), 1);
}

/// The session the tab's page shows, read as the glue reads it, in each era of the page header; and
/// where the page does not show enough, none (the popup then waits for Jenkins, as before 2.246).
#[test]
fn the_page_shows_the_session_jenkins_confirms() {
    for version in ["2.555.1", "2.504", "2.300", "2.246"] {
        let emulator = start(|config| config.version = version.into());
        let browser = logged_in(&emulator);
        let page = page_read(&browser, &emulator);
        let from_page = flow::from_page(&page, &Settings::default())
            .unwrap_or_else(|| panic!("{version}: the page shows the session"));
        let confirmed = pollster::block_on(flow::connect(&browser, &page)).unwrap();
        assert_eq!(from_page.user, confirmed.user, "{version}");
        assert_eq!(from_page.full_name, confirmed.full_name, "{version}");
        assert_eq!(from_page.version, confirmed.version, "{version}");
        assert_eq!(from_page.root, confirmed.root, "{version}");
    }
    let emulator = start(|config| config.version = "2.245".into());
    assert_eq!(
        flow::from_page(&page_read(&logged_in(&emulator), &emulator), &Settings::default()),
        None,
        "no crumb attributes"
    );
    let emulator = start(|config| config.anonymous_read = true);
    assert_eq!(flow::from_page(&page_read(&Browser::new(), &emulator), &Settings::default()), None, "nobody logged in");
    let emulator = start(|config| config.csrf = false);
    let from_page = flow::from_page(&page_read(&logged_in(&emulator), &emulator), &Settings::default());
    assert_eq!(from_page.map(|session| session.user), Some("alice".to_owned()), "CSRF protection off");
}

/// The list as the popup reads it, and a revoke from it, over HTTP.
#[test]
fn the_list_is_read_and_changed_through_the_popup() {
    let emulator = start(|_| {});
    control(&emulator, "users/alice/tokens", r#"{"name":"old","created_days_ago":3}"#);
    let mut driven = Driven::connected(&emulator);
    driven.send(Command::SelectPanel(Panel::List));
    assert_eq!(driven.popup.list().tokens.as_ref().map(Vec::len), Some(1));
    driven.send(Command::ListItem { index: 0, action: ItemCommand::Confirm(ListAction::Revoke) });
    assert_eq!(driven.popup.list().tokens.as_ref().map(Vec::len), Some(0), "read again");
    assert_eq!(token_count(&emulator), 0);
}
