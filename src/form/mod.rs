//! The popup's form, as plain data: the default token name, the expiry choices, and turning what the
//! user typed into a [`TokenOrder`] (or what to fix, [`FormProblem`]).

use crate::day::Day;
use crate::expiry::Expiry;
use crate::jenkins::token::TokenOrder;
use crate::jenkins::user::UserTarget;
use crate::messages::Message;
use crate::search;
use crate::settings::{NameParts, Settings, fill_template};

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
    /// The organisation's limits and the user's defaults.
    pub settings: &'a Settings,
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
    /// Longer than the organisation allows (in days), or no expiry at all where it sets a limit.
    OverLimit(u16),
    /// The organisation has switched off minting for other users.
    ForOthersOff,
    /// The organisation has switched off the script console path.
    ScriptConsoleOff,
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
        let (today, me, settings) = (context.today, context.me, context.settings);
        if self.use_script_console && !settings.allow_script_console {
            return Err(FormProblem::ScriptConsoleOff);
        }
        // The script console's recipe makes tokens without expiry: not where a limit applies.
        if let (Some(max), true, true) = (settings.max_days, self.use_script_console, context.offers_expiry) {
            return Err(FormProblem::OverLimit(max));
        }
        let expiry = if context.offers_expiry && !self.use_script_console { Some(self.expiry(today)?) } else { None };
        if let (Some(max), Some(expiry)) = (settings.max_days, &expiry) {
            let today = Day::parse_iso(today).ok_or(FormProblem::PickDate)?;
            let within = match expiry {
                Expiry::Never => false,
                Expiry::Days(days) => *days <= max,
                Expiry::On(end) => today.days_until(*end) <= i64::from(max),
                Expiry::Written(_) | Expiry::Expired | Expiry::NotShown => false,
            };
            if !within {
                return Err(FormProblem::OverLimit(max));
            }
        }
        // Ids are case-insensitive under Jenkins' default id strategy (docs/jenkins.md#user-urls).
        let for_user = self.for_user.trim();
        let owner = if for_user.is_empty() || for_user.eq_ignore_ascii_case(me) {
            UserTarget::Me
        } else if settings.allow_mint_for_others {
            UserTarget::Id(for_user.to_owned())
        } else {
            return Err(FormProblem::ForOthersOff);
        };
        Ok(TokenOrder { name: name.to_owned(), expiry, owner, via_script_console: self.use_script_console })
    }

    fn expiry(&self, today: &str) -> Result<Expiry, FormProblem> {
        match self.expiry.as_str() {
            "never" => Ok(Expiry::Never),
            "custom" => {
                let date = Day::parse_iso(self.custom_date.trim()).ok_or(FormProblem::PickDate)?;
                // No date is taken without a today to hold it against (the core always gives one).
                if date < Day::parse_iso(today).ok_or(FormProblem::PickDate)? {
                    return Err(FormProblem::DateInPast);
                }
                Ok(Expiry::On(date))
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

/// Whether the expiry choice `value` (one of [`EXPIRY_CHOICES`]) is offered under the organisation's
/// limit: no preset over it and no "never"; a custom date is offered, capped (see [`latest_expiry`]).
pub fn expiry_offered(settings: &Settings, value: &str) -> bool {
    match (settings.max_days, value) {
        (None, _) | (_, "custom") => true,
        (Some(_), "never") => false,
        (Some(max), days) => days.parse::<u16>().is_ok_and(|days| days <= max),
    }
}

/// The latest custom expiry date the organisation allows, `yyyy-mm-dd`.
pub fn latest_expiry(settings: &Settings, today: Day) -> Option<String> {
    settings.max_days.map(|max| today.plus_days(i64::from(max)).to_string())
}

/// The expiry chosen when the popup opens: `(choice, custom date)`; a lifetime that is not a preset
/// becomes the custom date it ends on.
pub fn default_expiry(settings: &Settings, today: Day) -> (&'static str, Option<String>) {
    match settings.default_lifetime {
        Expiry::Days(days) => match EXPIRY_CHOICES.iter().find(|choice| choice.parse() == Ok(days)) {
            Some(choice) => (choice, None),
            None => ("custom", Some(today.plus_days(i64::from(days)).to_string())),
        },
        _ => ("never", None),
    }
}

/// The default token name: the organisation's or the user's template filled in, or the built-in
/// `<browser> on <system> <date>`.
pub fn default_name(settings: &Settings, browser: &BrowserInfo, today: &str, user: &str, host: &str) -> Message {
    match &settings.name_template {
        Some(template) => {
            let parts = NameParts {
                user,
                browser: browser_name(browser),
                os: operating_system(browser).unwrap_or("unknown system"),
                date: today,
                host,
            };
            Message::verbatim(&fill_template(template, &parts))
        }
        None => default_token_name(browser, today),
    }
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
    AGENTS.iter().find(|(marker, _)| search::contains(&browser.user_agent, marker)).map_or("Browser", |(_, name)| name)
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
    AGENTS.iter().find(|(marker, _)| search::contains(&browser.user_agent, marker)).map(|(_, os)| *os)
}

#[cfg(test)]
mod tests;
