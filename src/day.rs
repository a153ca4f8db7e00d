//! Calendar days, for the token list's "expires soon" and "unused for months" hints. Jenkins writes
//! dates in the request's locale; the list is fetched in English (`Accept-Language: en`), so the
//! en-US forms are read here: medium `Nov 29, 2026, 1:40:19 PM` and short `12/29/26`.

use crate::search;

/// A civil date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    year: i32,
    month: u32,
    day: u32,
}

impl Day {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month).contains(&day).then_some(Day { year, month, day })
    }

    /// Year, month (1–12) and day of the month.
    pub fn parts(self) -> (i32, u32, u32) {
        (self.year, self.month, self.day)
    }

    /// `yyyy-mm-dd`.
    pub fn parse_iso(text: &str) -> Option<Day> {
        let mut parts = text.split('-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        Day::new(number(year)? as i32, number(month)?, number(day)?)
    }

    /// en-US medium: `Nov 29, 2026` followed by anything (the time).
    pub fn parse_us_medium(text: &str) -> Option<Day> {
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let text = text.trim();
        let (month_name, rest) = text.split_once(' ')?;
        let month = MONTHS.iter().position(|name| *name == month_name)? as u32 + 1;
        let (day, rest) = search::split_once(rest, ", ")?;
        let year: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if year.len() != 4 {
            return None;
        }
        Day::new(number(&year)? as i32, month, number(day)?)
    }

    /// The time of day of an en-US medium date and time, `Nov 29, 2026, 1:40:19 PM`, as seconds since
    /// midnight (Java 20 and later put U+202F before `PM`).
    pub fn parse_us_medium_time(text: &str) -> Option<u32> {
        let text = text.trim();
        let (clock, afternoon) = match (text.strip_suffix("AM"), text.strip_suffix("PM")) {
            (Some(clock), _) => (clock, false),
            (_, Some(clock)) => (clock, true),
            _ => return None,
        };
        let clock = clock.strip_suffix('\u{202f}').or_else(|| clock.strip_suffix(' '))?;
        let (_, clock) = clock.rsplit_once(' ')?;
        let mut parts = clock.split(':');
        let (hour, minute, second) = (number(parts.next()?)?, number(parts.next()?)?, number(parts.next()?)?);
        if parts.next().is_some() || !(1..=12).contains(&hour) || minute > 59 || second > 59 {
            return None;
        }
        Some(((hour % 12 + if afternoon { 12 } else { 0 }) * 60 + minute) * 60 + second)
    }

    /// An HTTP date (`Sun, 07 Dec 2026 12:46:22 GMT`, RFC 9110's IMF-fixdate) as milliseconds since
    /// the epoch.
    pub fn parse_http_date(text: &str) -> Option<i64> {
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        // A fixed layout: `Sun, 07 Dec 2026 12:46:22 GMT`.
        let field = |range: std::ops::Range<usize>| text.get(range);
        if text.len() != 29 || field(25..29)? != " GMT" {
            return None;
        }
        let month = MONTHS.iter().position(|name| Some(*name) == field(8..11))? as u32 + 1;
        let date = Day::new(number(field(12..16)?)? as i32, month, number(field(5..7)?)?)?;
        let (hour, minute, second) = (number(field(17..19)?)?, number(field(20..22)?)?, number(field(23..25)?)?);
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        Some(date.epoch_ms() + i64::from((hour * 60 + minute) * 60 + second) * 1000)
    }

    /// The UTC day of a moment in milliseconds since the epoch.
    pub fn from_epoch_ms(ms: i64) -> Day {
        Day { year: 1970, month: 1, day: 1 }.plus_days(ms.div_euclid(86_400_000))
    }

    /// Midnight of this day in UTC, in milliseconds since the epoch.
    pub fn epoch_ms(self) -> i64 {
        self.ordinal() * 86_400_000
    }

    /// en-US short: `12/29/26` (two-digit years are 20xx, as Java's `yy` reads them now).
    pub fn parse_us_short(text: &str) -> Option<Day> {
        let mut parts = text.trim().split('/');
        let (month, day, year) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || year.len() != 2 {
            return None;
        }
        Day::new(2000 + number(year)? as i32, number(month)?, number(day)?)
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    fn ordinal(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The day `days` after this one (Howard Hinnant's `civil_from_days`).
    pub fn plus_days(self, days: i64) -> Day {
        let z = self.ordinal() + days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
        let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 } as u32;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: Day) -> i64 {
        later.ordinal() - self.ordinal()
    }
}

/// `yyyy-mm-dd`.
impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn number(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_jenkins_writes() {
        let day = Day::new(2026, 11, 29).unwrap();
        assert_eq!(Day::parse_iso("2026-11-29"), Some(day));
        assert_eq!(day.to_string(), "2026-11-29");
        assert_eq!(Day::parse_us_medium("Nov 29, 2026, 1:40:19 PM"), Some(day));
        assert_eq!(Day::parse_us_medium("Nov 29, 2026 1:40:19 PM"), Some(day), "Java 8 has no comma");
        assert_eq!(Day::parse_us_short("11/29/26"), Some(day));
        assert_eq!(Day::parse_us_short("1/2/27"), Day::new(2027, 1, 2));
        for bad in ["", "29.11.2026", "Nov 31, 2026", "2026-02-30", "13/1/26", "Noe 1, 2026", "1/1/2026"] {
            assert!(Day::parse_iso(bad).or(Day::parse_us_medium(bad)).or(Day::parse_us_short(bad)).is_none(), "{bad}");
        }
    }

    #[test]
    fn reads_the_time_of_a_medium_date_and_an_http_date() {
        assert_eq!(Day::parse_us_medium_time("Nov 29, 2026, 1:40:19 PM"), Some(13 * 3600 + 40 * 60 + 19));
        assert_eq!(Day::parse_us_medium_time("Nov 29, 2026, 1:40:19\u{202f}PM"), Some(49219), "Java 20+");
        assert_eq!(Day::parse_us_medium_time("Nov 29, 2026 12:05:00 AM"), Some(300), "Java 8, just past midnight");
        assert_eq!(Day::parse_us_medium_time("Nov 29, 2026, 12:00:00 PM"), Some(12 * 3600), "noon");
        for bad in ["Nov 29, 2026", "Nov 29, 2026, 13:40:19 PM", "Nov 29, 2026, 1:40 PM", "Nov 29, 2026, 1:40:19"] {
            assert_eq!(Day::parse_us_medium_time(bad), None, "{bad}");
        }
        let noon = Day::new(2026, 12, 7).unwrap().epoch_ms() + 12 * 3_600_000;
        assert_eq!(Day::parse_http_date("Mon, 07 Dec 2026 12:00:00 GMT"), Some(noon));
        assert_eq!(Day::parse_http_date("Mon, 07 Dec 2026 12:00:00"), None);
        assert_eq!(Day::parse_http_date("Mon, 32 Dec 2026 12:00:00 GMT"), None);
        assert_eq!(Day::new(1970, 1, 2).unwrap().epoch_ms(), 86_400_000);
        assert_eq!(Day::from_epoch_ms(noon), Day::new(2026, 12, 7).unwrap());
        assert_eq!(Day::from_epoch_ms(-1), Day::new(1969, 12, 31).unwrap());
    }

    #[test]
    fn counts_days() {
        let day = |text| Day::parse_iso(text).unwrap();
        assert_eq!(day("1970-01-01").ordinal(), 0);
        assert_eq!(day("2026-11-29").days_until(day("2026-12-29")), 30);
        assert_eq!(day("2024-02-28").days_until(day("2024-03-01")), 2);
        assert_eq!(day("2026-01-01").days_until(day("2025-12-31")), -1);
        assert_eq!(day("2000-01-01").days_until(day("2026-11-29")), 9829);
        assert_eq!(day("2026-12-03").plus_days(30), day("2027-01-02"));
        assert_eq!(day("2024-02-28").plus_days(1), day("2024-02-29"));
        assert_eq!(day("2026-03-01").plus_days(-1), day("2026-02-28"));
        for offset in [-800, -1, 0, 1, 59, 366, 3650] {
            assert_eq!(day("2026-11-29").days_until(day("2026-11-29").plus_days(offset)), offset);
        }
    }
}
