//! The popup's form, as plain data: the default token name, the expiry choices, and turning what the
//! user typed into a [`TokenOrder`] (or what to fix, [`FormProblem`]).

use crate::jenkins::day::Day;
use crate::jenkins::token::{Expiry, TokenOrder};
use crate::jenkins::user::UserTarget;
use crate::messages::Message;

/// The expiry choices of Jenkins' own dialog (docs/jenkins.md#expiry), the values of the popup's `#token-expiry`.
pub const EXPIRY_CHOICES: [&str; 6] = ["7", "30", "60", "90", "custom", "never"];

/// What the user typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenForm {
    pub name: String,
    /// One of the [`EXPIRY_CHOICES`] values; ignored when Jenkins has no expiry.
    pub expiry: String,
    /// `yyyy-mm-dd`, for the custom choice.
    pub custom_date: String,
    /// Advanced: another user's id (administrators only); empty for oneself.
    pub for_user: String,
    /// Advanced: mint through the script console (administrators only).
    pub use_script_console: bool,
    /// On a controller connected to an operations center: "make it here anyway" is ticked.
    pub here_anyway: bool,
}

/// What the form needs to know about the connected Jenkins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormContext<'a> {
    pub offers_expiry: bool,
    /// The user's local date, `yyyy-mm-dd`.
    pub today: &'a str,
    /// The logged-in user's id.
    pub me: &'a str,
    /// A controller connected to an operations center: minting here needs the user's say-so.
    pub warn_controller: bool,
}

/// What stops the form from making an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormProblem {
    NameRequired,
    /// On a connected controller, "make it here anyway" is not ticked.
    ControllerNotConfirmed,
    PickDate,
    DateInPast,
    ChooseExpiry,
}

impl TokenForm {
    pub fn order(&self, context: &FormContext) -> Result<TokenOrder, FormProblem> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(FormProblem::NameRequired);
        }
        if context.warn_controller && !self.here_anyway {
            return Err(FormProblem::ControllerNotConfirmed);
        }
        let (today, me) = (context.today, context.me);
        // The script console's recipe makes tokens without expiry.
        let expiry = if context.offers_expiry && !self.use_script_console { Some(self.expiry(today)?) } else { None };
        // Ids are case-insensitive under Jenkins' default id strategy (docs/jenkins.md#user-urls).
        let for_user = self.for_user.trim();
        let owner = if for_user.is_empty() || for_user.eq_ignore_ascii_case(me) {
            UserTarget::Me
        } else {
            UserTarget::Id(for_user.to_owned())
        };
        Ok(TokenOrder { name: name.to_owned(), expiry, owner, via_script_console: self.use_script_console })
    }

    fn expiry(&self, today: &str) -> Result<Expiry, FormProblem> {
        match self.expiry.as_str() {
            "never" => Ok(Expiry::Never),
            "custom" => {
                let date = self.custom_date.trim();
                if !is_iso_date(date) {
                    return Err(FormProblem::PickDate);
                }
                if date < today {
                    return Err(FormProblem::DateInPast);
                }
                Ok(Expiry::On(date.to_owned()))
            }
            days => match days.parse::<u16>() {
                Ok(days) if days > 0 => Ok(Expiry::Days(days)),
                _ => Err(FormProblem::ChooseExpiry),
            },
        }
    }
}

/// `yyyy-mm-dd` naming a real day.
pub fn is_iso_date(text: &str) -> bool {
    Day::parse_iso(text).is_some()
}

/// What the browser says about itself, read by the glue.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BrowserInfo {
    /// `navigator.userAgentData.brands[].brand` (Chromium browsers only).
    pub brands: Vec<String>,
    /// `navigator.userAgentData.platform`, when there is one.
    pub platform: String,
    pub user_agent: String,
}

/// `<browser> on <operating system> <yyyy-mm-dd>`, e.g. `Chrome on Linux 2026-11-29`: enough to tell
/// later where a token was made. (Web pages cannot learn the machine's host name.)
pub fn default_token_name(browser: &BrowserInfo, today: &str) -> Message {
    crate::messages::default_token_name(browser_name(browser), operating_system(browser), today)
}

fn browser_name(browser: &BrowserInfo) -> &'static str {
    const BRANDS: [(&str, &str); 5] = [
        ("Microsoft Edge", "Edge"),
        ("Google Chrome", "Chrome"),
        ("Opera", "Opera"),
        ("Brave", "Brave"),
        ("Vivaldi", "Vivaldi"),
    ];
    for (brand, name) in BRANDS {
        if browser.brands.iter().any(|candidate| candidate == brand) {
            return name;
        }
    }
    if browser.brands.iter().any(|candidate| candidate == "Chromium") {
        return "Chromium";
    }
    const AGENTS: [(&str, &str); 5] =
        [("Firefox/", "Firefox"), ("Edg/", "Edge"), ("OPR/", "Opera"), ("Chrome/", "Chrome"), ("Safari/", "Safari")];
    AGENTS.iter().find(|(marker, _)| browser.user_agent.contains(marker)).map_or("Browser", |(_, name)| name)
}

fn operating_system(browser: &BrowserInfo) -> Option<&str> {
    let platform = browser.platform.trim();
    if !platform.is_empty() && platform.len() <= 32 && platform != "Unknown" {
        return Some(platform);
    }
    const AGENTS: [(&str, &str); 6] = [
        ("Android", "Android"),
        ("CrOS", "ChromeOS"),
        ("Windows", "Windows"),
        ("iPhone", "iOS"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ];
    AGENTS.iter().find(|(marker, _)| browser.user_agent.contains(marker)).map(|(_, os)| *os)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: &str = "2026-11-29";

    fn sentence(problem: FormProblem) -> String {
        crate::messages::english(&crate::messages::form_problem(problem))
    }

    fn default_name(browser: &BrowserInfo) -> String {
        crate::messages::english(&default_token_name(browser, TODAY))
    }

    fn context(offers_expiry: bool) -> FormContext<'static> {
        FormContext { offers_expiry, today: TODAY, me: "alice", warn_controller: false }
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
        assert_eq!(expiry("custom", "2026-11-29"), Ok(Expiry::On("2026-11-29".into())));
        assert_eq!(expiry("custom", "2027-02-28"), Ok(Expiry::On("2027-02-28".into())));
        assert!(sentence(expiry("custom", "2026-11-28").unwrap_err()).contains("past"));
        assert!(sentence(expiry("custom", "").unwrap_err()).contains("Pick"));
        assert!(expiry("custom", "2027-02-29").is_err());
        assert!(expiry("0", "").is_err());
        assert!(expiry("soon", "").is_err());
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
        let html = include_str!("../extension/popup.html");
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
}
