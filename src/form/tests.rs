use super::*;

const TODAY: &str = "2026-11-29";

fn sentence(problem: FormProblem) -> String {
    crate::messages::english(&crate::messages::form_problem(problem))
}

fn default_name(browser: &BrowserInfo) -> String {
    crate::messages::english(&default_token_name(browser, TODAY))
}

static DEFAULTS: std::sync::LazyLock<Settings> = std::sync::LazyLock::new(Settings::default);

fn context(offers_expiry: bool) -> FormContext<'static> {
    FormContext { offers_expiry, today: TODAY, me: "alice", warn_controller: false, settings: &DEFAULTS }
}

fn form(name: &str, expiry: &str, custom_date: &str) -> TokenForm {
    TokenForm { name: name.into(), expiry: expiry.into(), custom_date: custom_date.into(), ..TokenForm::default() }
}

#[test]
fn orders_without_expiry_ignore_the_choice() {
    let order = form("  laptop  ", "custom", "").order(&context(false)).unwrap();
    assert_eq!(
        order,
        TokenOrder { name: "laptop".into(), expiry: None, owner: UserTarget::Me, via_script_console: false }
    );
}

#[test]
fn expiry_choices() {
    let expiry = |choice, date| form("n", choice, date).order(&context(true)).map(|order| order.expiry.unwrap());
    assert_eq!(expiry("30", ""), Ok(Expiry::Days(30)));
    assert_eq!(expiry("7", ""), Ok(Expiry::Days(7)));
    assert_eq!(expiry("never", ""), Ok(Expiry::Never));
    assert_eq!(expiry("custom", "2026-11-29"), Ok(Expiry::On(Day::parse_iso("2026-11-29").unwrap())));
    assert_eq!(expiry("custom", "2027-02-28"), Ok(Expiry::On(Day::parse_iso("2027-02-28").unwrap())));
    assert!(sentence(expiry("custom", "2026-11-28").unwrap_err()).contains("past"));
    assert!(sentence(expiry("custom", "").unwrap_err()).contains("Pick"));
    assert!(expiry("custom", "2027-02-29").is_err());
    assert!(expiry("0", "").is_err());
    assert!(expiry("soon", "").is_err());
    let no_today = FormContext { today: "2024-021-0", ..context(true) };
    assert_eq!(
        form("n", "custom", "2024-02-29").order(&no_today),
        Err(FormProblem::PickDate),
        "nothing to hold it against"
    );
    // Every offered choice is accepted.
    for value in EXPIRY_CHOICES {
        assert!(form("n", value, "2027-01-01").order(&context(true)).is_ok(), "{value}");
    }
}

#[test]
fn for_another_user() {
    let mut form = form("n", "30", "");
    form.for_user = " Jane Doe ".into();
    assert_eq!(form.order(&context(true)).unwrap().owner, UserTarget::Id("Jane Doe".into()));
    form.for_user = "ALICE".into();
    assert_eq!(form.order(&context(true)).unwrap().owner, UserTarget::Me, "oneself, in another case");
}

/// The popup offers exactly these choices, 30 days selected (Jenkins' default).
#[test]
fn the_popup_offers_every_choice() {
    let html = include_str!("../../extension/popup.html");
    let select = &html[html.find("<select id=\"token-expiry\">").unwrap()..html.find("</select>").unwrap()];
    let offered: Vec<&str> =
        select.split("<option value=\"").skip(1).map(|option| option.split('"').next().unwrap()).collect();
    assert_eq!(offered, EXPIRY_CHOICES);
    assert!(select.contains("<option value=\"30\" selected "));
}

#[test]
fn the_script_console_path_has_no_expiry() {
    let mut form = form("n", "custom", "");
    form.use_script_console = true;
    let order = form.order(&context(true)).unwrap();
    assert!(order.via_script_console);
    assert_eq!(order.expiry, None);
}

#[test]
fn a_connected_controller_needs_a_say_so() {
    let warned = FormContext { warn_controller: true, ..context(true) };
    let mut form = form("n", "30", "");
    assert!(sentence(form.order(&warned).unwrap_err()).contains("operations center"));
    form.here_anyway = true;
    assert!(form.order(&warned).is_ok());
}

#[test]
fn a_name_is_required() {
    assert!(sentence(form("   ", "30", "").order(&context(true)).unwrap_err()).contains("name"));
}

#[test]
fn iso_dates() {
    assert!(is_iso_date("2024-02-29"));
    assert!(!is_iso_date("2023-02-29"));
    assert!(!is_iso_date("2026-13-01"));
    assert!(!is_iso_date("2026-1-01"));
    assert!(!is_iso_date("2026-01-00"));
    assert!(!is_iso_date("+026-01-01"));
    assert!(!is_iso_date("２０２６-01-01"));
}

#[test]
fn default_names() {
    let chromium = BrowserInfo {
        brands: vec!["Chromium".into(), "Not_A Brand".into()],
        platform: "Linux".into(),
        user_agent:
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
                .into(),
    };
    assert_eq!(default_name(&chromium), "Chromium on Linux 2026-11-29");
    let chrome = BrowserInfo {
        brands: vec!["Google Chrome".into(), "Chromium".into()],
        platform: "Windows".into(),
        ..BrowserInfo::default()
    };
    assert_eq!(default_name(&chrome), "Chrome on Windows 2026-11-29");
    let edge = BrowserInfo {
        brands: vec!["Chromium".into(), "Microsoft Edge".into()],
        platform: "macOS".into(),
        ..chrome.clone()
    };
    assert_eq!(default_name(&edge), "Edge on macOS 2026-11-29");
    let firefox = BrowserInfo {
        user_agent: "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0".into(),
        ..BrowserInfo::default()
    };
    assert_eq!(default_name(&firefox), "Firefox on Linux 2026-11-29");
    let mac_firefox = BrowserInfo {
        user_agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:140.0) Gecko/20100101 Firefox/140.0".into(),
        ..BrowserInfo::default()
    };
    assert_eq!(default_name(&mac_firefox), "Firefox on macOS 2026-11-29");
    assert_eq!(default_name(&BrowserInfo::default()), "Browser 2026-11-29");
}

#[test]
fn the_organisations_limit_holds_in_the_form() {
    let limited = Settings { max_days: Some(30), ..Settings::default() };
    let context = FormContext { settings: &limited, ..context(true) };
    let expiry = |choice: &str, date: &str| form("n", choice, date).order(&context).map(|order| order.expiry);
    assert_eq!(expiry("30", ""), Ok(Some(Expiry::Days(30))));
    assert_eq!(expiry("60", ""), Err(FormProblem::OverLimit(30)));
    assert_eq!(expiry("never", ""), Err(FormProblem::OverLimit(30)));
    assert_eq!(expiry("custom", "2026-12-29"), Ok(Some(Expiry::On(Day::parse_iso("2026-12-29").unwrap()))));
    assert_eq!(expiry("custom", "2026-12-30"), Err(FormProblem::OverLimit(30)));
    let mut scripted = form("n", "30", "");
    scripted.use_script_console = true;
    assert_eq!(scripted.order(&context), Err(FormProblem::OverLimit(30)), "the script makes tokens that never expire");
    assert!(scripted.order(&FormContext { settings: &limited, ..context_without_expiry() }).is_ok());
    let offered: Vec<&str> = EXPIRY_CHOICES.into_iter().filter(|choice| expiry_offered(&limited, choice)).collect();
    assert_eq!(offered, ["7", "30", "custom"]);
    assert!(EXPIRY_CHOICES.iter().all(|choice| expiry_offered(&Settings::default(), choice)));
    let today = Day::parse_iso(TODAY).unwrap();
    assert_eq!(latest_expiry(&limited, today).as_deref(), Some("2026-12-29"));
}

fn context_without_expiry() -> FormContext<'static> {
    context(false)
}

#[test]
fn paths_the_organisation_switched_off_are_refused() {
    let closed = Settings { allow_script_console: false, allow_mint_for_others: false, ..Settings::default() };
    let context = FormContext { settings: &closed, ..context(true) };
    let mut for_bob = form("n", "30", "");
    for_bob.for_user = "bob".into();
    assert_eq!(for_bob.order(&context), Err(FormProblem::ForOthersOff));
    for_bob.for_user = "Alice".into();
    assert!(for_bob.order(&context).is_ok(), "oneself is always allowed");
    let mut scripted = form("n", "30", "");
    scripted.use_script_console = true;
    assert_eq!(scripted.order(&context), Err(FormProblem::ScriptConsoleOff));
}

#[test]
fn defaults_from_the_settings() {
    let today = Day::parse_iso(TODAY).unwrap();
    let with = |lifetime| Settings { default_lifetime: lifetime, ..Settings::default() };
    assert_eq!(default_expiry(&with(Expiry::Days(90)), today), ("90", None));
    assert_eq!(default_expiry(&with(Expiry::Never), today), ("never", None));
    assert_eq!(default_expiry(&with(Expiry::Days(45)), today), ("custom", Some("2027-01-13".into())));
    let templated =
        Settings { name_template: Some("{user} on {host} ({browser}, {date})".into()), ..Settings::default() };
    let browser =
        BrowserInfo { brands: vec!["Google Chrome".into()], platform: "Linux".into(), ..BrowserInfo::default() };
    let name = super::default_name(&templated, &browser, TODAY, "alice", "ci.example.com");
    assert_eq!(crate::messages::english(&name), "alice on ci.example.com (Chrome, 2026-11-29)");
    let built_in = super::default_name(&Settings::default(), &browser, TODAY, "alice", "ci.example.com");
    assert_eq!(crate::messages::english(&built_in), "Chrome on Linux 2026-11-29");
}
