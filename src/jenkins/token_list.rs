//! The user's tokens, read from their Security page (docs/jenkins.md#token-list-pages: there is no API). Two
//! markup eras: cards (2.505+) and the `f:repeatable` list (2.129–2.504). A page whose markup is not recognised
//! is reported as such: a wrong list is worse than none.

use super::answer::{Detail, Problem, problem_with_status};
use super::crumb::Crumb;
use super::root::JenkinsRoot;
use super::user::UserTarget;
use super::version::Version;
use crate::day::Day;
use crate::expiry::Expiry;
use crate::html::HtmlNode;
use crate::http::{Request, Response, concat};
use crate::search;

/// The page holding the list: `/user/<id>/security/` from 2.468, the configure page before
/// (docs/jenkins.md#where-the-list-is).
pub fn page_url(root: &JenkinsRoot, target: &UserTarget, version: Option<&Version>) -> String {
    match version {
        Some(version) if !version.at_least(2, 468) => root.url(&concat(&[&target.path(), "/configure"])),
        _ => root.url(&concat(&[&target.path(), "/security/"])),
    }
}

/// English, so that the dates and phrases below can be read whatever the browser's language.
pub fn page_request(root: &JenkinsRoot, target: &UserTarget, version: Option<&Version>) -> Request {
    Request::get(page_url(root, target, version)).in_english()
}

/// The page's HTML, or why there is none.
pub fn page_source(response: &Response) -> Result<&str, Problem> {
    match response.status {
        200 if response.is_html() => Ok(&response.body),
        200 => Err(Problem::Malformed(Detail::NotHtml)),
        _ => Err(problem_with_status(response)),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Usage {
    Never,
    Used {
        count: u32,
        last: Option<Day>,
    },
    /// Usage statistics are switched off.
    NotRecorded,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedToken {
    pub uuid: String,
    pub name: String,
    pub legacy: bool,
    /// The day it was made, in the server's time zone (docs/jenkins.md#dates-in-the-list).
    pub created: Option<Day>,
    /// And the time of that day, in seconds since the server's midnight, where the page tells it.
    pub created_time: Option<u32>,
    /// `On`, `Never`, `Expired`, `Written` or, before 2.548, `NotShown`.
    pub expiry: Expiry,
    /// Jenkins flags it as expiring within a week.
    pub expires_soon: bool,
    pub usage: Usage,
}

/// What the list should draw the user's eye to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attention {
    Expired,
    ExpiresSoon,
    NeverUsed30Days,
    Unused90Days,
    Legacy,
}

/// What Clean up… does with a token at first: ticks it for revoking, or leaves it unticked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CleanupChoice {
    Revoke(DeadWeight),
    /// Left unticked; with a reason when the token needs something other than revoking.
    Keep(Option<KeepReason>),
}

/// Why a token is ticked for revoking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadWeight {
    Expired,
    Legacy,
    NeverUsed { created: Day },
    Unused { since: Day },
}

/// Why a token that expires within a week is left unticked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeepReason {
    /// Used within 90 days: rotating keeps whatever uses it working.
    RotateInstead { days_left: Option<i64> },
    /// Jenkins records no usage, so it may be in use.
    MaybeInUse { days_left: Option<i64> },
}

impl ListedToken {
    pub fn attention(&self, today: Day) -> Vec<Attention> {
        let mut found = Vec::new();
        if self.expiry == Expiry::Expired {
            found.push(Attention::Expired);
        } else if self.expires_soon || self.expiry.days_left(today).is_some_and(|days| days < 7) {
            found.push(Attention::ExpiresSoon);
        }
        match self.usage {
            Usage::Never if self.created.is_some_and(|created| created.days_until(today) >= 30) => {
                found.push(Attention::NeverUsed30Days)
            }
            Usage::Used { last: Some(last), .. } if last.days_until(today) >= 90 => found.push(Attention::Unused90Days),
            _ => {}
        }
        if self.legacy {
            found.push(Attention::Legacy);
        }
        found
    }

    /// What Clean up… does with the token at first. Revoking is for dead weight: expired, legacy
    /// (Jenkins says to replace those), never used and older than a day, or unused for 90 days. A
    /// token in use that expires soon is left unticked: revoking it would break whatever uses it
    /// early, and rotating is what it needs. Where a token is both, the first reason above is given.
    pub fn cleanup_choice(&self, today: Day) -> CleanupChoice {
        if self.expiry == Expiry::Expired {
            return CleanupChoice::Revoke(DeadWeight::Expired);
        }
        if self.legacy {
            return CleanupChoice::Revoke(DeadWeight::Legacy);
        }
        match self.usage {
            Usage::Never => {
                if let Some(created) = self.created.filter(|created| created.days_until(today) >= 1) {
                    return CleanupChoice::Revoke(DeadWeight::NeverUsed { created });
                }
            }
            Usage::Used { last: Some(last), .. } if last.days_until(today) >= 90 => {
                return CleanupChoice::Revoke(DeadWeight::Unused { since: last });
            }
            _ => {}
        }
        let days_left = self.expiry.days_left(today);
        let expiring = self.expires_soon || days_left.is_some_and(|days| days < 7);
        // "Soon" rather than a number once the day has come, or when the page gives no readable date.
        let days_left = days_left.filter(|days| *days > 0);
        CleanupChoice::Keep(match self.usage {
            _ if !expiring => None,
            Usage::Used { .. } => Some(KeepReason::RotateInstead { days_left }),
            Usage::NotRecorded => Some(KeepReason::MaybeInUse { days_left }),
            Usage::Never => None,
        })
    }

    /// The token's lifetime in days, when the page tells both ends (for a rotation with the same period).
    pub fn lifetime_days(&self) -> Option<i64> {
        self.expiry.days_left(self.created?)
    }
}

/// The page's own crumb (`<head data-crumb-header/value>`, docs/jenkins.md#page-head), if it has one.
pub fn page_crumb(page: &impl HtmlNode) -> Option<Crumb> {
    let head = page.select("head")?;
    let field = head.attr("data-crumb-header").filter(|field| !field.is_empty())?;
    let value = head.attr("data-crumb-value").filter(|value| !value.is_empty())?;
    Some(Crumb { field, value })
}

/// Reads the token list in either markup era.
pub fn parse(page: &impl HtmlNode) -> Result<Vec<ListedToken>, Problem> {
    let unrecognised = || Problem::Malformed(Detail::ListUnknown);
    let list = page.select(".token-list").ok_or_else(unrecognised)?;
    if list.select("#api-token-list").is_some() || list.select(".token-card").is_some() {
        cards(&list).ok_or_else(unrecognised)
    } else if list.select(".repeated-chunk, .token-list-item").is_some()
        || list.select(".token-list-empty-item").is_some()
    {
        rows(&list).ok_or_else(unrecognised)
    } else {
        Err(unrecognised())
    }
}

/// 2.505+: `.token-card[id]`, skipping the hidden row template whose card has an empty id.
fn cards(list: &impl HtmlNode) -> Option<Vec<ListedToken>> {
    let mut tokens = Vec::new();
    for card in list.select_all(".token-card") {
        if card.within("#api-token-row-template") {
            continue;
        }
        let uuid = card.attr("id").filter(|id| !id.is_empty())?;
        let name = card.select(".token-name")?.text();
        let creation = card.select(".token-creation");
        let tooltip = creation.as_ref().and_then(|span| span.attr("tooltip").or_else(|| span.attr("title")));
        let created_on = tooltip.as_deref().map(|text| text.strip_prefix("Created on ").unwrap_or(text));
        let created = created_on.and_then(Day::parse_us_medium);
        let created_time = created_on.and_then(Day::parse_us_medium_time);
        let (expiry, expires_soon) = match &creation {
            Some(span) if span.has_class("error") => (Expiry::Expired, false),
            Some(span) => {
                let text = span.clean_text();
                match text.strip_prefix("Expires on ") {
                    Some(date) => (Expiry::from_jenkins(date), span.has_class("warning")),
                    None if search::contains(&text, "does not expire") => (Expiry::Never, false),
                    None => (Expiry::NotShown, false),
                }
            }
            None => (Expiry::NotShown, false),
        };
        let usage = if card.select(".token-never-used").is_some() {
            Usage::Never
        } else if card.select(".no-statistics").is_some() {
            Usage::NotRecorded
        } else if let Some(counter) = card.select(".token-use-counter") {
            let count = first_number(&counter.text())?;
            let last = card
                .select_all(".token-last-used [tooltip]")
                .into_iter()
                .find_map(|span| span.attr("tooltip").and_then(|tooltip| Day::parse_us_medium(&tooltip)));
            Usage::Used { count, last }
        } else {
            Usage::NotRecorded
        };
        let legacy = card.has_class("legacy-token");
        tokens.push(ListedToken { uuid, name, legacy, created, created_time, expiry, expires_soon, usage });
    }
    Some(tokens)
}

/// 2.129–2.504: `.token-list-existing-item` rows with hidden uuid and name inputs; the new-token row
/// (empty uuid) is a template.
fn rows(list: &impl HtmlNode) -> Option<Vec<ListedToken>> {
    let mut tokens = Vec::new();
    for row in list.select_all(".token-list-existing-item") {
        let uuid = row
            .select("input.token-uuid-input, input[name=tokenUuid]")?
            .attr("value")
            .filter(|uuid| !uuid.is_empty())?;
        let name = match row.select("input.token-name, input[name=tokenName]") {
            Some(input) => input.attr("value").unwrap_or_default(),
            None => row.select(".token-name")?.text(),
        };
        let created_on = row.select(".token-creation").and_then(|span| span.attr("title"));
        let created = created_on.as_deref().and_then(Day::parse_us_medium);
        let created_time = created_on.as_deref().and_then(Day::parse_us_medium_time);
        let usage = if row.select(".no-statistics").is_some() {
            Usage::NotRecorded
        } else {
            match row.select(".token-use-counter") {
                Some(counter) if search::contains(&counter.clean_text(), "Never used") => Usage::Never,
                Some(counter) => Usage::Used {
                    count: first_number(&counter.text())?,
                    last: counter.attr("title").and_then(|title| Day::parse_us_medium(&title)),
                },
                None => Usage::NotRecorded,
            }
        };
        tokens.push(ListedToken {
            uuid,
            name,
            legacy: row.has_class("legacy-token"),
            created,
            created_time,
            expiry: Expiry::NotShown,
            expires_soon: false,
            usage,
        });
    }
    Some(tokens)
}

/// The first run of ASCII digits in `text`, read as a number.
fn first_number(text: &str) -> Option<u32> {
    let digits = text.get(text.find(|c: char| c.is_ascii_digit())?..)?;
    let end = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
    digits.get(..end)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse_iso(text).unwrap()
    }

    /// A token made `created` with that expiry and usage; today is 2026-12-07.
    fn token(created: &str, (expiry, expires_soon): (Expiry, bool), usage: Usage) -> ListedToken {
        ListedToken {
            uuid: "u".into(),
            name: "n".into(),
            legacy: false,
            created: Some(day(created)),
            created_time: None,
            expiry,
            expires_soon,
            usage,
        }
    }

    #[test]
    fn first_number_reads_the_first_run_of_ascii_digits() {
        let cases = [
            ("Used 12 times", Some(12)),
            ("a3b4", Some(3)),
            ("٣ then 5", Some(5)),
            ("Never used", None),
            ("", None),
            ("99999999999 times", None),
        ];
        for (text, expected) in cases {
            assert_eq!(first_number(text), expected, "{text:?}");
        }
    }

    /// As the page writes it: a short date, and Jenkins' "soon" flag.
    fn on(date: &str, soon: bool) -> (Expiry, bool) {
        (Expiry::from_jenkins(date), soon)
    }

    const EXPIRED: (Expiry, bool) = (Expiry::Expired, false);
    const NOT_SHOWN: (Expiry, bool) = (Expiry::NotShown, false);

    /// Every kind a list holds: only dead weight is ticked, and a token in use that expires soon is
    /// left for Rotate, whatever its hints say.
    #[test]
    fn clean_up_ticks_dead_weight_and_never_a_token_in_use() {
        use CleanupChoice::{Keep, Revoke};
        let today = day("2026-12-07");
        let used = |days_ago: i64| Usage::Used { count: 4, last: Some(today.plus_days(-days_ago)) };
        let cases = [
            ("fresh, in use", token("2026-12-01", on("1/5/27", false), used(1)), Keep(None)),
            (
                "deploy bot: in use, expires in 3 days",
                token("2026-11-10", on("12/10/26", true), used(2)),
                Keep(Some(KeepReason::RotateInstead { days_left: Some(3) })),
            ),
            (
                "in use, expires today",
                token("2026-11-10", on("12/7/26", true), used(2)),
                Keep(Some(KeepReason::RotateInstead { days_left: None })),
            ),
            (
                "in use, flagged soon with an unreadable date",
                token("2026-11-10", on("07.12.26", true), used(2)),
                Keep(Some(KeepReason::RotateInstead { days_left: None })),
            ),
            (
                "no statistics, expires in 5 days",
                token("2026-11-10", on("12/12/26", false), Usage::NotRecorded),
                Keep(Some(KeepReason::MaybeInUse { days_left: Some(5) })),
            ),
            ("expired", token("2026-09-01", EXPIRED, used(2)), Revoke(DeadWeight::Expired)),
            (
                "never used, two days old",
                token("2026-12-05", on("1/4/27", false), Usage::Never),
                Revoke(DeadWeight::NeverUsed { created: day("2026-12-05") }),
            ),
            ("never used, made today", token("2026-12-07", on("12/9/26", true), Usage::Never), Keep(None)),
            (
                "unused for 90 days",
                token("2026-01-01", NOT_SHOWN, used(90)),
                Revoke(DeadWeight::Unused { since: day("2026-09-08") }),
            ),
            ("unused for 89 days", token("2026-01-01", NOT_SHOWN, used(89)), Keep(None)),
            (
                "unused for 120 days, expiring",
                token("2026-01-01", on("12/9/26", true), used(120)),
                Revoke(DeadWeight::Unused { since: day("2026-08-09") }),
            ),
        ];
        for (what, token, expected) in cases {
            assert_eq!(token.cleanup_choice(today), expected, "{what}");
        }
        let legacy = ListedToken { legacy: true, ..token("2026-12-06", NOT_SHOWN, used(1)) };
        assert_eq!(legacy.cleanup_choice(today), Revoke(DeadWeight::Legacy), "Jenkins says to replace legacy tokens");
        let expired_legacy = ListedToken { legacy: true, ..token("2020-01-01", EXPIRED, Usage::Never) };
        assert_eq!(expired_legacy.cleanup_choice(today), Revoke(DeadWeight::Expired), "the first reason");
        let undated = ListedToken { created: None, ..token("2026-01-01", NOT_SHOWN, Usage::Never) };
        assert_eq!(undated.cleanup_choice(today), Keep(None), "never used, but not known to be a day old");
    }
}
