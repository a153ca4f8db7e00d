//! Every decision of the popup, natively: what a command does to the state, and which effects follow,
//! in order. Jobs are answered by hand here; `tests/flow.rs` runs them against the emulator.

use super::*;
use crate::expiry::Expiry;
use crate::flow::CleanUp;
use crate::http::TransportError;
use crate::jenkins::crumb::Crumb;
use crate::jenkins::root::{PageInfo, PageLink};
use crate::jenkins::token::{TokenOrder, TokenValue};
use crate::jenkins::token_list::Usage;
use crate::jenkins::user::UserTarget;
use crate::messages::english;
use crate::settings::Resolved;

const VALUE: &str = "110123456789abcdef0123456789abcdef";

fn now() -> Now {
    Now { ms: 1_796_294_520_000, day: Day::new(2026, 12, 3).unwrap() }
}

fn host() -> Host {
    Host { clearing: true, options: true, native: false, mask_after_ms: 60_000, clear_after_ms: None }
}

/// A popup connected to alice's Jenkins 2.555.1, with `settings`.
fn connected_with(settings: Settings) -> Popup {
    let mut popup = Popup::new(host());
    let resolved = Resolved { settings, ..Resolved::default() };
    popup.update(
        Command::Start { settings: resolved, browser: BrowserInfo::default(), page: PageInfo::default() },
        now(),
    );
    let effects = popup.update(Command::Connected(Ok(session())), now());
    assert!(matches!(effects.as_slice(), [Effect::FillForm(_)]), "{effects:?}");
    popup
}

fn connected() -> Popup {
    connected_with(Settings::default())
}

fn session() -> Session {
    Session::stand_in("https://ci.example.com/", "2.555.1", "alice")
}

fn form(name: &str) -> TokenForm {
    TokenForm { name: name.into(), expiry: "30".into(), ..TokenForm::default() }
}

fn minted(name: &str) -> MintedToken {
    MintedToken {
        name: name.into(),
        uuid: format!("uuid-{name}"),
        value: TokenValue::parse_minted(VALUE).unwrap(),
        expiry: Expiry::NotShown,
        about_to_expire: false,
        owner: None,
        legacy: false,
    }
}

fn listed(name: &str) -> ListedToken {
    ListedToken {
        uuid: format!("uuid-{name}"),
        name: name.into(),
        legacy: false,
        created: Some(now().day),
        created_time: None,
        expiry: Expiry::NotShown,
        expires_soon: false,
        usage: Usage::Never,
    }
}

/// A token for each of `names`, as the list's read finds them.
fn list_of(names: &[&str]) -> Outcome {
    Outcome::Listed(Ok(TokenList { tokens: names.iter().map(|name| listed(name)).collect(), server_ms: None }))
}

/// A connected popup that has just opened its list panel, and what that asked for: one job, the read.
fn reading_the_list() -> (Popup, Vec<Effect>) {
    let mut popup = connected();
    let reading = popup.update(Command::SelectPanel(Panel::List), now());
    assert_eq!(kinds(&reading), ["run"]);
    (popup, reading)
}

/// A connected popup on its list panel, the list read: a token for each of `names`.
fn showing_the_list(names: &[&str]) -> Popup {
    let (mut popup, reading) = reading_the_list();
    answer(&mut popup, reading, list_of(names));
    popup
}

/// The one job among `effects`, answered with `outcome`.
fn answer(popup: &mut Popup, effects: Vec<Effect>, outcome: Outcome) -> Vec<Effect> {
    let job = effects.into_iter().find_map(|effect| match effect {
        Effect::Run(job) => Some(job),
        _ => None,
    });
    let job = job.expect("a job");
    popup.update(Command::Done(Box::new(Done { session: job.session, outcome })), now())
}

fn kinds(effects: &[Effect]) -> Vec<&'static str> {
    effects
        .iter()
        .map(|effect| match effect {
            Effect::Run(_) => "run",
            Effect::Remember(_) => "remember",
            Effect::Forget(_) => "forget",
            Effect::Copy { .. } => "copy",
            Effect::CheckClipboard => "check clipboard",
            Effect::AskClipboard => "ask clipboard",
            Effect::DropClipboard => "drop clipboard",
            Effect::ClearLater { .. } => "clear later",
            Effect::SaveOption { .. } => "save option",
            Effect::LoadSetting(_) => "load setting",
            Effect::SaveSetting { .. } => "save setting",
            Effect::Later { .. } => "later",
            Effect::OpenOptions => "open options",
            Effect::Focus(_) => "focus",
            Effect::FillForm(_) => "fill form",
            Effect::CheckNative => "check native",
            Effect::AskNative => "ask native",
            Effect::SendNative(_) => "send native",
        })
        .collect()
}

fn said(popup: &Popup) -> Option<String> {
    popup.alert().map(|alert| match alert {
        Alert::Failure(failure) => english(&messages::failure(failure)),
        Alert::Said(sentences) => sentences.iter().map(english).collect::<Vec<_>>().join(" "),
    })
}

#[test]
fn one_click_one_order_and_the_record_before_the_post() {
    let mut popup = connected();
    let effects = popup.update(Command::Generate(form("laptop")), now());
    assert_eq!(kinds(&effects), ["remember", "run"], "the record is written before the POST leaves");
    let Effect::Run(job) = &effects[1] else { panic!() };
    let Task::Mint(order) = &job.task else { panic!() };
    assert_eq!(
        order,
        &TokenOrder {
            name: "laptop".into(),
            expiry: Some(Expiry::Days(30)),
            owner: UserTarget::Me,
            via_script_console: false
        }
    );
    assert_eq!(popup.status().map(|status| english(&status)).as_deref(), Some("Creating the token…"));
    assert!(popup.update(Command::Generate(form("laptop")), now()).is_empty(), "a second click while minting");

    let shown = answer(&mut popup, effects, Outcome::Minted(Ok(minted("laptop"))));
    assert_eq!(kinds(&shown), ["forget", "focus", "copy", "later", "later"]);
    assert!(
        matches!(&shown[2], Effect::Copy { text, what: Copied::Token } if text == VALUE),
        "copied: the click was the gesture"
    );
    assert!(popup.update(Command::Generate(form("again")), now()).is_empty(), "a shown token is final");
}

#[test]
fn a_form_to_fix_says_what_and_sends_nothing() {
    let mut popup = connected();
    assert!(popup.update(Command::Generate(form("  ")), now()).is_empty());
    assert_eq!(said(&popup).as_deref(), Some("Give the token a name, so you can recognise it in your token list."));
    let past = TokenForm { expiry: "custom".into(), custom_date: "2020-01-01".into(), ..form("x") };
    assert!(popup.update(Command::Generate(past), now()).is_empty());
    assert_eq!(said(&popup).as_deref(), Some("The expiry date is in the past: pick today or a later day."));
}

#[test]
fn without_auto_copy_the_token_is_not_copied_but_the_box_is_drawn() {
    let mut popup = connected_with(Settings { auto_copy: false, ..Settings::default() });
    let effects = popup.update(Command::Generate(form("x")), now());
    let shown = answer(&mut popup, effects, Outcome::Minted(Ok(minted("x"))));
    assert_eq!(kinds(&shown), ["forget", "focus", "check clipboard", "later", "later"]);
}

#[test]
fn the_mask_falls_on_the_token_it_was_set_for() {
    let mut popup = connected();
    let effects = popup.update(Command::Generate(form("x")), now());
    let shown = answer(&mut popup, effects, Outcome::Minted(Ok(minted("x"))));
    let timers: Vec<Timer> = shown
        .iter()
        .filter_map(|effect| match effect {
            Effect::Later { timer, .. } => Some(*timer),
            _ => None,
        })
        .collect();
    assert_eq!(timers, [Timer::Snippets(1), Timer::Mask(1)]);
    popup.update(Command::Timer(Timer::Mask(2)), now());
    assert!(!popup.token().unwrap().masked, "another token's timer");
    popup.update(Command::Timer(Timer::Mask(1)), now());
    assert!(popup.token().unwrap().masked);
    popup.update(Command::Reveal, now());
    assert!(!popup.token().unwrap().masked, "Show");
}

#[test]
fn a_failure_stays_above_the_kept_form_until_the_next_generate() {
    let mut popup = connected();
    let effects = popup.update(Command::Generate(form("x")), now());
    let after = answer(&mut popup, effects, Outcome::Minted(Err(Failure::NotAllowed { user: "alice".into() })));
    assert_eq!(kinds(&after), ["forget"]);
    assert!(said(&popup).unwrap().starts_with("Jenkins doesn't allow alice"));
    let reading = popup.update(Command::SelectPanel(Panel::List), now());
    answer(&mut popup, reading, list_of(&[]));
    popup.update(Command::SelectPanel(Panel::New), now());
    assert!(said(&popup).unwrap().starts_with("Jenkins doesn't allow alice"), "switching panels keeps it");
    assert!(popup.can_generate());
    let again = popup.update(Command::Generate(form("x")), now());
    assert_eq!(kinds(&again), ["remember", "run"]);
    assert_eq!(said(&popup), None);
}

/// A lost answer: the record stays, the list is read at once; found → Revoke/Keep and the same name
/// takes a second click; none → forgotten; unreadable → the failure as it was.
#[test]
fn a_lost_answer_looks_at_the_list_at_once() {
    let lost = || Failure::MintUncertain {
        name: "nightly".into(),
        reason: crate::failure::Uncertainty::Unanswered(TransportError::Timeout),
        tokens_url: "https://ci.example.com/me/security/".into(),
    };
    let lose = |popup: &mut Popup| {
        let effects = popup.update(Command::Generate(form("nightly")), now());
        answer(popup, effects, Outcome::Minted(Err(lost())))
    };
    let list = |tokens| Outcome::Looked(Ok(TokenList { tokens, server_ms: Some(now().ms as i64) }));

    let mut popup = connected();
    let looking = lose(&mut popup);
    assert_eq!(kinds(&looking), ["run"], "no forget: the outcome is not known yet");
    assert!(popup.notice().unwrap().looking);
    assert_eq!(said(&popup), None, "the notice says it, not the alert");
    let found = answer(&mut popup, looking, list(vec![listed("nightly")]));
    assert!(found.is_empty(), "the record stays until the user decides");
    let notice = popup.notice().unwrap();
    assert_eq!(
        english(notice.finding.as_ref().unwrap()),
        "Jenkins created “nightly” at 10:42, but its answer was lost: nobody can see its value. Revoke it, unless you want to keep it."
    );
    assert!(notice.offers_revoke());
    assert!(popup.update(Command::Generate(form("nightly")), now()).is_empty(), "the same name: a reflex");
    assert_eq!(
        said(&popup).as_deref(),
        Some("A token named “nightly” was just made: see above. Click Generate again to make another one.")
    );
    assert_eq!(
        kinds(&popup.update(Command::Generate(form("nightly")), now())),
        ["remember", "run"],
        "the second click is a decision"
    );

    let mut popup = connected();
    let looking = lose(&mut popup);
    let none = answer(&mut popup, looking, list(vec![]));
    assert_eq!(kinds(&none), ["forget"]);
    assert!(
        english(popup.notice().unwrap().finding.as_ref().unwrap()).starts_with("No token named “nightly” was created")
    );

    let mut popup = connected();
    let looking = lose(&mut popup);
    let unreadable =
        Failure::TokenListUnavailable { problem: crate::jenkins::answer::Problem::NotFound, url: "u".into() };
    let after = answer(&mut popup, looking, Outcome::Looked(Err(unreadable)));
    assert_eq!(kinds(&after), ["forget"]);
    assert!(popup.notice().is_none());
    assert!(
        said(&popup)
            .unwrap()
            .starts_with("Jenkins didn't answer in time. A token named “nightly” may have been created anyway")
    );
}

#[test]
fn revoking_the_unseen_tokens_revokes_each_and_forgets_the_record() {
    let mut popup = connected();
    let effects = popup.update(
        Command::Recalled(vec![PendingMint::mint(
            &session(),
            &crate::jenkins::token::TokenOrder {
                name: "lost".into(),
                expiry: None,
                owner: UserTarget::Me,
                via_script_console: false,
            },
            now().ms,
            now().day,
        )]),
        now(),
    );
    assert_eq!(kinds(&effects), ["run"], "told first, then the list");
    let found = answer(
        &mut popup,
        effects,
        Outcome::Looked(Ok(TokenList { tokens: vec![listed("lost"), listed("lost")], server_ms: None })),
    );
    assert!(found.is_empty());
    assert!(popup.update(Command::Notice(NoticeCommand::Revoke(Step::Confirm)), now()).iter().any(
        |effect| matches!(effect, Effect::Run(job) if matches!(&job.task, Task::RevokeUnseen(tokens) if tokens.len() == 2))
    ));
    // The confirmation's click, as the glue sends it after the Ask.
    let mut popup2 = popup;
    let revoked = Outcome::RevokedUnseen(CleanUp { revoked: vec!["lost".into(), "lost".into()], failed: vec![] });
    let job = Job { session: session(), task: Task::ReadList };
    let after = popup2.update(Command::Done(Box::new(Done { session: job.session, outcome: revoked })), now());
    assert_eq!(kinds(&after), ["forget"]);
    assert!(english(popup2.notice().unwrap().finding.as_ref().unwrap()).starts_with("Revoked 2 tokens named “lost”"));
}

#[test]
fn only_the_same_jenkins_and_user_are_told() {
    let mut popup = connected();
    let bob = Session::stand_in("https://ci.example.com/", "2.555.1", "bob");
    let elsewhere = Session::stand_in("https://other.example.com/", "2.555.1", "alice");
    let order = crate::jenkins::token::TokenOrder {
        name: "x".into(),
        expiry: None,
        owner: UserTarget::Me,
        via_script_console: false,
    };
    let records = vec![
        PendingMint::mint(&bob, &order, now().ms, now().day),
        PendingMint::mint(&elsewhere, &order, now().ms, now().day),
    ];
    assert!(popup.update(Command::Recalled(records), now()).is_empty());
    assert!(popup.notice().is_none());
}

#[test]
fn copying_arms_the_clearing_once_it_is_known_to_be_permitted() {
    let mut popup = connected_with(Settings { clipboard_clear_seconds: 60, ..Settings::default() });
    let effects = popup.update(Command::Generate(form("x")), now());
    answer(&mut popup, effects, Outcome::Minted(Ok(minted("x"))));
    let after = popup.update(Command::Copied { what: Copied::Token, result: Ok(()) }, now());
    assert_eq!(kinds(&after), ["check clipboard"]);
    let armed = popup.update(Command::ClipboardPermitted(true), now());
    assert!(matches!(armed.as_slice(), [Effect::ClearLater { text, ms: 60_000 }] if text == VALUE));
    popup.update(Command::ClearArmed(true), now());
    let status: Vec<String> = popup.token().unwrap().copy_status.iter().map(english).collect();
    assert_eq!(
        status,
        ["Copied to the clipboard.", "It will be cleared at 10:43, unless you copy something else first."]
    );
    assert!(popup.clear_box().unwrap().ticked);
}

#[test]
fn the_clearing_box_asks_in_the_click_and_gives_permissions_back() {
    let mut popup = connected();
    let effects = popup.update(Command::Generate(form("x")), now());
    answer(&mut popup, effects, Outcome::Minted(Ok(minted("x"))));
    popup.update(Command::Copied { what: Copied::Token, result: Ok(()) }, now());
    assert!(!popup.clear_box().unwrap().ticked, "off until ticked");
    assert_eq!(kinds(&popup.update(Command::ClearClipboard(true), now())), ["ask clipboard"]);
    let granted = popup.update(Command::ClipboardAsked(true), now());
    assert_eq!(kinds(&granted), ["save option", "clear later"], "the token copied before is cleared too");
    assert!(popup.clear_box().unwrap().ticked);
    assert_eq!(kinds(&popup.update(Command::ClearClipboard(false), now())), ["save option", "drop clipboard"]);
    assert!(!popup.clear_box().unwrap().ticked);
    popup.update(Command::ClearClipboard(true), now());
    popup.update(Command::ClipboardAsked(false), now());
    assert_eq!(
        english(&popup.token().unwrap().copy_status[0]),
        "Clearing stays off: it needs the permission to read the clipboard, to clear only what this extension copied."
    );
}

#[test]
fn the_list_is_read_once_and_again_after_work_that_changes_it() {
    let (mut popup, reading) = reading_the_list();
    assert!(popup.update(Command::SelectPanel(Panel::List), now()).is_empty(), "already being read");
    answer(&mut popup, reading, list_of(&["a", "b"]));
    assert_eq!(english(popup.list().status.as_ref().unwrap()), "2 tokens.");
    popup.update(Command::SelectPanel(Panel::New), now());
    assert!(popup.update(Command::SelectPanel(Panel::List), now()).is_empty(), "read already");

    assert_eq!(
        kinds(&popup.update(Command::ListItem { index: 1, action: ItemCommand::Open(ListAction::Revoke) }, now())),
        ["focus"]
    );
    let revoking =
        popup.update(Command::ListItem { index: 1, action: ItemCommand::Confirm(ListAction::Revoke) }, now());
    assert_eq!(popup.list().busy_item, Some(1));
    let reread = answer(&mut popup, revoking, Outcome::Revoked { token: listed("b"), result: Ok(()) });
    assert_eq!(kinds(&reread), ["run"], "read again");
    answer(&mut popup, reread, list_of(&["a"]));
    assert_eq!(english(popup.list().status.as_ref().unwrap()), "Revoked “b”.");
}

#[test]
fn clean_up_names_what_it_revokes_and_needs_a_tick() {
    let mut popup = showing_the_list(&["a", "b, c"]);
    popup.update(Command::Cleanup(CleanupCommand::Open), now());
    assert!(popup.update(Command::Cleanup(CleanupCommand::Next(vec![])), now()).is_empty());
    assert_eq!(english(popup.list().status.as_ref().unwrap()), "Tick at least one token to revoke.");
    assert_eq!(kinds(&popup.update(Command::Cleanup(CleanupCommand::Next(vec![0, 1])), now())), ["focus"]);
    let Cleanup::Confirm(sentence) = &popup.list().cleanup else { panic!() };
    assert_eq!(
        english(sentence),
        "Revoke “a”, “b, c”? Scripts that use them stop working.",
        "the native language lists with commas"
    );
    let run = popup.update(Command::Cleanup(CleanupCommand::Confirm), now());
    assert!(
        matches!(run.as_slice(), [Effect::Run(job)] if matches!(&job.task, Task::CleanUp(tokens) if tokens.len() == 2))
    );
}

#[test]
fn a_rotation_is_recorded_first_and_its_successor_shown() {
    let mut popup = showing_the_list(&["bot"]);
    let rotating =
        popup.update(Command::ListItem { index: 0, action: ItemCommand::Confirm(ListAction::Rotate) }, now());
    assert_eq!(kinds(&rotating), ["remember", "run"]);
    let shown = answer(&mut popup, rotating, Outcome::Rotated { old: listed("bot"), result: Ok(minted("bot")) });
    assert_eq!(kinds(&shown)[..2], ["forget", "focus"]);
    assert_eq!(popup.panel(), Panel::New);
    assert_eq!(
        english(popup.token().unwrap().action_status.as_ref().unwrap()),
        "Rotated: this token replaces the old “bot”, which is revoked. It passed the check."
    );
}

#[test]
fn one_job_at_a_time() {
    let (mut popup, reading) = reading_the_list();
    assert!(popup.update(Command::Generate(form("x")), now()).is_empty(), "the list holds the session");
    answer(&mut popup, reading, list_of(&[]));
    assert_eq!(kinds(&popup.update(Command::Generate(form("x")), now())), ["remember", "run"]);
}

#[test]
fn a_stored_operations_center_address_is_checked_as_a_typed_one() {
    let mut popup = connected();
    popup.update(Command::SettingLoaded(Some("javascript:alert(1)".into())), now());
    assert_eq!(popup.operations_center(), None);
    popup.update(Command::SettingLoaded(Some("HTTPS://cjoc.example.com".into())), now());
    assert_eq!(popup.operations_center(), Some("https://cjoc.example.com/"));
    assert!(popup.update(Command::SaveOperationsCenter("ftp://x".into()), now()).is_empty());
    assert!(said(&popup).is_some());
}

/// A Jenkins 2.555.1 page, as alice's browser shows it: her link in the header, the crumb in the head.
fn alices_page() -> PageInfo {
    PageInfo {
        crumb_header: Some("Jenkins-Crumb".into()),
        crumb_value: Some("from-the-page".into()),
        version: Some("2.555.1".into()),
        header_links: vec![PageLink {
            id: "root-action-UserAction".into(),
            href: "https://ci.example.com/user/alice".into(),
            text: "Alice Smith".into(),
        }],
        ..PageInfo::at("https://ci.example.com/job/x/", "")
    }
}

/// A popup opened on `page`, before Jenkins has answered.
fn opened_on(page: PageInfo) -> (Popup, Vec<Effect>) {
    let mut popup = Popup::new(host());
    let effects =
        popup.update(Command::Start { settings: Resolved::default(), browser: BrowserInfo::default(), page }, now());
    (popup, effects)
}

#[test]
fn the_form_opens_from_what_the_page_shows() {
    let (popup, effects) = opened_on(alices_page());
    assert_eq!(kinds(&effects), ["fill form"]);
    assert!(popup.can_generate() && !popup.confirmed());
    let session = popup.session().expect("the page's session");
    assert_eq!((session.user.as_str(), session.full_name.as_deref()), ("alice", Some("Alice Smith")));
    assert_eq!(session.version.as_ref().map(ToString::to_string).as_deref(), Some("2.555.1"));
    assert_eq!(popup.status(), None, "nothing to wait for");

    // Where the page lacks any of it, the popup waits for Jenkins, as before.
    let lacking: [fn(&mut PageInfo); 4] = [
        |page| page.crumb_header = None,
        |page| page.version = None,
        |page| page.header_links.clear(),
        |page| page.header_links[0].href = "https://ci.example.com/login?from=%2F".into(),
    ];
    for lack in lacking {
        let mut page = alices_page();
        lack(&mut page);
        let (popup, effects) = opened_on(page);
        assert!(effects.is_empty() && popup.session().is_none() && !popup.can_generate());
    }
    // CSRF protection off: empty attributes are enough.
    let mut page = alices_page();
    (page.crumb_header, page.crumb_value) = (Some(String::new()), Some(String::new()));
    assert_eq!(opened_on(page).0.session().map(|session| session.crumb.is_none()), Some(true));
}

#[test]
fn a_click_before_the_confirmation_waits_for_it() {
    let (mut popup, _) = opened_on(alices_page());
    assert!(popup.update(Command::SelectPanel(Panel::List), now()).is_empty(), "nothing is sent on the page's word");
    assert_eq!(popup.panel(), Panel::New);

    // Confirmed with a fresh crumb: what waited is carried out with Jenkins' session.
    let mut confirmed = session();
    confirmed.crumb = Some(Crumb { field: "Jenkins-Crumb".into(), value: "fresh".into() });
    let effects = popup.update(Command::Connected(Ok(confirmed)), now());
    assert_eq!(kinds(&effects), ["run"]);
    let fresh = |session: &Session| session.crumb.as_ref().is_some_and(|crumb| crumb.value == "fresh");
    assert!(matches!(&effects[0], Effect::Run(job) if matches!(job.task, Task::ReadList) && fresh(&job.session)));
    assert_eq!(popup.panel(), Panel::List);
    assert!(popup.confirmed());
}

#[test]
fn a_generate_that_waited_is_one_order_after_the_confirmation() {
    let (mut popup, _) = opened_on(alices_page());
    assert!(popup.update(Command::Generate(form("laptop")), now()).is_empty());
    assert!(popup.update(Command::Generate(form("laptop")), now()).is_empty(), "a second click");
    assert_eq!(popup.status().map(|status| english(&status)).as_deref(), Some("Creating the token…"));
    assert!(!popup.can_generate());
    let mut answer = session();
    answer.user = "Alice".into(); // the id as Jenkins spells it; the page's address lower-cases it
    let effects = popup.update(Command::Connected(Ok(answer)), now());
    assert_eq!(kinds(&effects), ["remember", "run"], "one order");
    assert_eq!(popup.session().map(|session| session.user.as_str()), Some("Alice"));
    assert_eq!(said(&popup), None);
}

#[test]
fn another_user_since_the_page_gets_the_form_and_the_click_is_not_honoured() {
    let (mut popup, _) = opened_on(alices_page());
    popup.update(Command::Generate(form("laptop")), now());
    let mut bob = session();
    bob.user = "bob".into();
    let effects = popup.update(Command::Connected(Ok(bob)), now());
    assert_eq!(kinds(&effects), ["fill form"], "the form is bob's; nothing is minted");
    assert_eq!(
        said(&popup).as_deref(),
        Some(
            "The page showed alice, but Jenkins has bob logged in now: the form is for bob. \
             Nothing was created; click Generate again to make a token for bob."
        )
    );
    assert!(popup.can_generate());
    let effects = popup.update(Command::Generate(form("laptop")), now());
    assert_eq!(kinds(&effects), ["remember", "run"], "the next click is for bob");
}

#[test]
fn logged_out_since_the_page_means_the_session_ended() {
    let (mut popup, _) = opened_on(alices_page());
    popup.update(Command::Generate(form("laptop")), now());
    let ended = Failure::NotLoggedIn { login_url: "https://ci.example.com/login?from=%2F".into() };
    assert!(popup.update(Command::Connected(Err(ended)), now()).is_empty(), "nothing minted");
    assert!(matches!(popup.phase(), Phase::Failed(Failure::SessionEnded { .. })));
    assert_eq!(
        said(&popup).as_deref(),
        Some("Your Jenkins session has ended, so no token was created. Log in again, then retry.")
    );
    assert!(!popup.can_generate() && !popup.minting());
}

// Save to this computer.

/// A popup that can talk to the native host, connected with `settings` and `locked`, told whether
/// `nativeMessaging` is granted, and showing a new token named "laptop" (with the effects that showed it).
fn saving_popup(settings: Settings, locked: Vec<Key>, permitted: bool) -> (Popup, Vec<Effect>) {
    let mut popup = Popup::new(Host { native: true, ..host() });
    let resolved = Resolved { settings, locked, ..Resolved::default() };
    popup.update(
        Command::Start { settings: resolved, browser: BrowserInfo::default(), page: PageInfo::default() },
        now(),
    );
    let connected = popup.update(Command::Connected(Ok(session())), now());
    assert_eq!(kinds(&connected), ["fill form", "check native"], "asked once, at start");
    popup.update(Command::NativePermitted(permitted), now());
    let effects = popup.update(Command::Generate(form("laptop")), now());
    let shown = answer(&mut popup, effects, Outcome::Minted(Ok(minted("laptop"))));
    (popup, shown)
}

/// The one message to the host among `effects`.
fn sent(effects: &[Effect]) -> &str {
    match effects {
        [Effect::SendNative(message)] => message.json(),
        other => panic!("one message to the host, not {other:?}"),
    }
}

/// What the page glue hands over when the browser could not reach the host.
fn unreachable(error: &str) -> String {
    format!(r#"{{"ok":false,"unreachable":"{error}"}}"#)
}

fn save_said(popup: &Popup) -> String {
    popup.save_panel().unwrap().said.as_ref().map(english).unwrap_or_default()
}

/// The host's answer to `hello`: `netrc` holds alice's entry, `jenkins_jobs` another Jenkins,
/// `jcli` exists without one, the env file does not exist.
const HELLO: &str = r#"{"ok":true,"version":"0.1.0","targets":[
    {"target":"netrc","file":"~/.netrc","exists":true,"hasEntry":true},
    {"target":"jenkins_jobs","file":"~/.config/jenkins_jobs/jenkins_jobs.ini","exists":true,"hasEntry":true},
    {"target":"jcli","file":"~/.jenkins-cli.yaml","exists":true,"hasEntry":false},
    {"target":"env","file":"~/.config/jenkins-api-token/ci.example.com.env","exists":false,"hasEntry":false}]}"#;

#[test]
fn the_first_click_asks_for_the_permission_then_offers_what_the_host_reported() {
    let (mut popup, shown) = saving_popup(Settings::default(), vec![], false);
    assert_eq!(kinds(&shown), ["forget", "focus", "copy", "later", "later"], "not set up yet: copied as ever");
    assert_eq!(popup.save_panel(), Some(&SavePanel::default()), "offered under the new token");
    assert_eq!(kinds(&popup.update(Command::SaveToComputer, now())), ["ask native"], "in the click");
    assert!(popup.update(Command::SaveToComputer, now()).is_empty(), "a second click while asking");
    let hello = popup.update(Command::NativeAsked(true), now());
    assert_eq!(sent(&hello), r#"{"type":"hello","jenkinsUrl":"https://ci.example.com/","user":"alice"}"#);
    assert_eq!(save_said(&popup), "Talking to the program on this computer…");
    popup.update(Command::NativeAnswered(HELLO.into()), now());
    let offered: Vec<(String, &str, String)> = popup
        .save_panel()
        .unwrap()
        .targets
        .iter()
        .map(|target| (target.file.clone(), target.tools, english(&target.mark)))
        .collect();
    assert_eq!(
        offered,
        [
            ("~/.netrc".into(), "curl, wget, Python requests", "replaces the entry for ci.example.com".into()),
            (
                "~/.config/jenkins_jobs/jenkins_jobs.ini".into(),
                "Jenkins Job Builder",
                "replaces its [jenkins] section".into()
            ),
            ("~/.jenkins-cli.yaml".into(), "jcli", "adds an entry".into()),
            (
                "~/.config/jenkins-api-token/ci.example.com.env".into(),
                "jenkins-cli.jar, shell",
                "creates the file".into()
            ),
        ]
    );
    assert_eq!(save_said(&popup), "");
}

#[test]
fn saving_puts_nothing_on_the_clipboard_and_hides_the_token() {
    let (mut popup, shown) = saving_popup(Settings::default(), vec![], true);
    assert_eq!(kinds(&shown), ["forget", "focus", "check clipboard", "later", "later"], "not copied at once");
    assert_eq!(
        english(&popup.token().unwrap().copy_status[0]),
        "Not copied: save it to this computer below, or press Copy."
    );
    let hello = popup.update(Command::SaveToComputer, now());
    assert_eq!(kinds(&hello), ["send native"], "granted already: no question");
    popup.update(Command::NativeAnswered(HELLO.into()), now());
    assert!(popup.update(Command::SaveTo("/etc/passwd".into()), now()).is_empty(), "only a file the host offered");
    let saving = popup.update(Command::SaveTo("jcli".into()), now());
    assert_eq!(
        sent(&saving),
        format!(
            r#"{{"type":"save","target":"jcli","jenkinsUrl":"https://ci.example.com/","user":"alice","token":"{VALUE}","tokenName":"laptop"}}"#
        )
    );
    assert!(!format!("{saving:?}").contains(VALUE), "the token never reaches debug output: {saving:?}");
    assert!(popup.update(Command::SaveTo("netrc".into()), now()).is_empty(), "one save at a time");
    assert!(!popup.token().unwrap().masked);
    let saved = popup.update(
        Command::NativeAnswered(
            r#"{"ok":true,"file":"~/.jenkins-cli.yaml","replaced":false,"detail":"jenkins_servers entry \"ci.example.com\""}"#.into(),
        ),
        now(),
    );
    assert!(saved.is_empty(), "nothing to copy, nothing else to do");
    assert_eq!(
        save_said(&popup),
        "Saved: a new entry in ~/.jenkins-cli.yaml (jenkins_servers entry \"ci.example.com\"). The token is hidden now."
    );
    let token = popup.token().unwrap();
    assert!(token.masked && token.revealable, "hidden at once, Show brings it back");
    assert_eq!(english(&popup.save_panel().unwrap().targets[2].mark), "replaces the entry for ci.example.com");
    popup.update(Command::NativeAnswered(unreachable("late")), now());
    assert!(save_said(&popup).starts_with("Saved:"), "an answer nobody waits for is dropped");

    popup.update(Command::SaveTo("netrc".into()), now());
    popup.update(
        Command::NativeAnswered(
            r#"{"ok":true,"file":"~/.netrc","replaced":true,"detail":"machine ci.example.com"}"#.into(),
        ),
        now(),
    );
    assert_eq!(
        save_said(&popup),
        "Saved: the entry in ~/.netrc is replaced (machine ci.example.com). The token is hidden now."
    );
}

#[test]
fn an_organisation_that_makes_it_copy_is_obeyed() {
    let settings = Settings { auto_copy: true, ..Settings::default() };
    let (popup, shown) = saving_popup(settings, vec![Key::AutoCopy], true);
    assert_eq!(kinds(&shown), ["forget", "focus", "copy", "later", "later"]);
    assert!(popup.token().unwrap().copy_status.is_empty());
}

#[test]
fn a_host_that_is_not_installed_is_one_line_with_the_commands() {
    for error in [
        "Specified native messaging host not found.",
        "Access to the specified native messaging host is forbidden.",
        "No such native application jenkins_api_token",
    ] {
        let (mut popup, _) = saving_popup(Settings::default(), vec![], true);
        popup.update(Command::SaveToComputer, now());
        popup.update(Command::NativeAnswered(unreachable(error)), now());
        let panel = popup.save_panel().unwrap();
        assert!(panel.not_installed && panel.targets.is_empty(), "{error}");
        assert_eq!(
            save_said(&popup),
            "Saving needs a small program that is not installed on this computer. Install it with these two commands, then try again:"
        );
        assert_eq!(INSTALL_COMMANDS.lines().nth(1), Some("jenkins-api-token-host install"));
    }
    let (mut popup, _) = saving_popup(Settings::default(), vec![], true);
    popup.update(Command::SaveToComputer, now());
    popup.update(Command::NativeAnswered(unreachable("Native host has exited.")), now());
    assert!(!popup.save_panel().unwrap().not_installed);
    assert_eq!(save_said(&popup), "The program on this computer did not answer: Native host has exited.");
}

#[test]
fn a_refusal_says_why_and_leaves_the_token_shown() {
    let (mut popup, _) = saving_popup(Settings::default(), vec![], true);
    popup.update(Command::SaveToComputer, now());
    popup.update(Command::NativeAnswered(HELLO.into()), now());
    popup.update(Command::SaveTo("netrc".into()), now());
    let why = "~/.netrc leads out of your home folder (a link to elsewhere); the host writes only inside it, so it is left as it is.";
    popup.update(Command::NativeAnswered(format!(r#"{{"ok":false,"error":"{why}"}}"#)), now());
    assert_eq!(save_said(&popup), format!("Not saved: {why}"));
    assert!(!popup.token().unwrap().masked);
    popup.update(Command::SaveTo("netrc".into()), now());
    popup.update(Command::NativeAnswered("[1]".into()), now());
    assert_eq!(save_said(&popup), "The program on this computer did not answer: [1]");
}

#[test]
fn a_refused_permission_leaves_saving_off() {
    let (mut popup, _) = saving_popup(Settings::default(), vec![], false);
    popup.update(Command::SaveToComputer, now());
    assert!(popup.update(Command::NativeAsked(false), now()).is_empty());
    assert_eq!(save_said(&popup), "Saving stays off: it needs the permission to talk to a program on this computer.");
    assert_eq!(kinds(&popup.update(Command::SaveToComputer, now())), ["ask native"], "asked again on the next click");
}

#[test]
fn not_offered_where_the_page_the_organisation_or_the_token_says_no() {
    let off = Settings { allow_save_to_computer: false, ..Settings::default() };
    let mut popup = Popup::new(Host { native: true, ..host() });
    let resolved = Resolved { settings: off, locked: vec![Key::AllowSaveToComputer], ..Resolved::default() };
    popup.update(
        Command::Start { settings: resolved, browser: BrowserInfo::default(), page: PageInfo::default() },
        now(),
    );
    assert_eq!(kinds(&popup.update(Command::Connected(Ok(session())), now())), ["fill form"], "not even asked");
    let effects = popup.update(Command::Generate(form("x")), now());
    answer(&mut popup, effects, Outcome::Minted(Ok(minted("x"))));
    assert_eq!(popup.save_panel(), None);
    assert!(popup.update(Command::SaveToComputer, now()).is_empty());

    let mut www = connected();
    let effects = www.update(Command::Generate(form("x")), now());
    answer(&mut www, effects, Outcome::Minted(Ok(minted("x"))));
    assert_eq!(www.save_panel(), None, "the www page cannot reach the host");

    let (mut revoked, _) = saving_popup(Settings::default(), vec![], true);
    let revoking = revoked.update(Command::RevokeNew(Step::Confirm), now());
    answer(&mut revoked, revoking, Outcome::RevokedNew(Ok(())));
    assert_eq!(revoked.save_panel(), None, "a revoked token is worth nothing");
}
