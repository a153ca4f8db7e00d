//! Civil dates and timestamps, all in UTC (the emulated server's zone), without a date library.

use std::time::{SystemTime, UNIX_EPOCH};

const MONTH_ABBREVIATIONS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAY_ABBREVIATIONS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

/// The locale Jenkins formats dates in: the request's first `Accept-Language` (docs/jenkins.md#dates-in-the-list).
/// English, German and Japanese are told apart; any other language reads as English, as Java's
/// formats do for languages without their own data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    EnUs,
    German,
    Japanese,
}

impl Locale {
    pub fn of(accept_language: Option<&str>) -> Locale {
        let first = accept_language.unwrap_or_default().split([',', ';', '-', '_']).next().unwrap_or_default();
        match first.trim().to_ascii_lowercase().as_str() {
            "de" => Locale::German,
            "ja" => Locale::Japanese,
            _ => Locale::EnUs,
        }
    }
}

/// A proleptic Gregorian date, like Java's `LocalDate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn to_days(self) -> i64 {
        let y = if self.month <= 2 { self.year - 1 } else { self.year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Date::to_days`] (`civil_from_days`).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year, month, day }
    }

    pub fn plus_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    /// Java's `LocalDate.parse` with `ISO_LOCAL_DATE`: exactly `yyyy-MM-dd` for the years a
    /// browser date picker produces, and the date must exist.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) { part.parse().ok() } else { None }
        };
        let year = i64::from(digits(0..4)?);
        let month = digits(5..7)?;
        let day = digits(8..10)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// `yyyy-MM-dd`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT)` (docs/jenkins.md#generate-a-token): en-US
    /// `M/d/yy`, German `dd.MM.yy`, Japanese `y/MM/dd`.
    pub fn short(self, locale: Locale) -> String {
        match locale {
            Locale::EnUs => format!("{}/{}/{:02}", self.month, self.day, self.year.rem_euclid(100)),
            Locale::German => format!("{:02}.{:02}.{:02}", self.day, self.month, self.year.rem_euclid(100)),
            Locale::Japanese => format!("{}/{:02}/{:02}", self.year, self.month, self.day),
        }
    }

    /// Java `FormatStyle.MEDIUM` date: en-US `Jan 31, 2026`, German `31.01.2026`, Japanese `2026/01/31`.
    pub fn medium(self, locale: Locale) -> String {
        match locale {
            Locale::EnUs => format!("{} {}, {}", MONTH_ABBREVIATIONS[(self.month - 1) as usize], self.day, self.year),
            Locale::German => format!("{:02}.{:02}.{}", self.day, self.month, self.year),
            Locale::Japanese => format!("{}/{:02}/{:02}", self.year, self.month, self.day),
        }
    }

    /// Java's `Period.between(self, later)` as (years, months, days), for `later >= self`.
    pub fn period_until(self, later: Date) -> (i64, i64, i64) {
        let mut total_months = (later.year * 12 + i64::from(later.month)) - (self.year * 12 + i64::from(self.month));
        let mut days = i64::from(later.day) - i64::from(self.day);
        if total_months > 0 && days < 0 {
            total_months -= 1;
            let anchor = self.plus_months(total_months);
            days = later.to_days() - anchor.to_days();
        } else if total_months < 0 && days > 0 {
            total_months += 1;
            days -= i64::from(days_in_month(later.year, later.month));
        }
        (total_months / 12, total_months % 12, days)
    }

    fn plus_months(self, months: i64) -> Date {
        let zero_based = self.year * 12 + i64::from(self.month) - 1 + months;
        let year = zero_based.div_euclid(12);
        let month = (zero_based.rem_euclid(12) + 1) as u32;
        Date { year, month, day: self.day.min(days_in_month(year, month)) }
    }
}

/// A point in time with microsecond precision (what `ZonedDateTime.now()` gives on Linux).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp {
    pub secs: i64,
    pub micros: u32,
}

impl Timestamp {
    pub fn now() -> Timestamp {
        let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        Timestamp { secs: since.as_secs() as i64, micros: since.subsec_micros() }
    }

    /// The same time of day on another date: how `--today` shifts the clock.
    pub fn moved_to(self, date: Date) -> Timestamp {
        Timestamp { secs: date.to_days() * 86_400 + self.secs.rem_euclid(86_400), micros: self.micros }
    }

    pub fn date(self) -> Date {
        Date::from_days(self.secs.div_euclid(86_400))
    }

    fn time_of_day(self) -> (i64, i64, i64) {
        let s = self.secs.rem_euclid(86_400);
        (s / 3600, s / 60 % 60, s % 60)
    }

    /// `DateTimeFormatter.ISO_OFFSET_DATE_TIME` in UTC, e.g. `2026-01-31T14:03:07.123456Z`:
    /// the fraction has as many digits as needed and is absent when zero.
    pub fn iso_offset(self) -> String {
        let (h, m, s) = self.time_of_day();
        let mut out = format!("{}T{h:02}:{m:02}:{s:02}", self.date().iso());
        if self.micros != 0 {
            let fraction = format!("{:06}", self.micros);
            out.push('.');
            out.push_str(fraction.trim_end_matches('0'));
        }
        out.push('Z');
        out
    }

    /// Java `FormatStyle.MEDIUM` date and time: en-US `Jan 31, 2026, 2:03:07 PM`, German
    /// `31.01.2026, 14:03:07`, Japanese `2026/01/31 14:03:07`.
    pub fn medium(self, locale: Locale) -> String {
        let (h, m, s) = self.time_of_day();
        match locale {
            Locale::German => return format!("{}, {h:02}:{m:02}:{s:02}", self.date().medium(locale)),
            Locale::Japanese => return format!("{} {h}:{m:02}:{s:02}", self.date().medium(locale)),
            Locale::EnUs => {}
        }
        let (hour12, half) = match h {
            0 => (12, "AM"),
            1..=11 => (h, "AM"),
            12 => (12, "PM"),
            _ => (h - 12, "PM"),
        };
        format!("{}, {hour12}:{m:02}:{s:02} {half}", self.date().medium(locale))
    }

    /// RFC 9110 `Date` header value: `Sat, 31 Jan 2026 14:03:07 GMT`.
    pub fn http_date(self) -> String {
        let days = self.secs.div_euclid(86_400);
        let d = self.date();
        let (h, m, s) = self.time_of_day();
        format!(
            "{}, {:02} {} {} {h:02}:{m:02}:{s:02} GMT",
            WEEKDAY_ABBREVIATIONS[days.rem_euclid(7) as usize],
            d.day,
            MONTH_ABBREVIATIONS[(d.month - 1) as usize],
            d.year
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse_iso(s).expect("valid date")
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(date("1970-01-01").to_days(), 0);
        assert_eq!(date("2000-03-01").to_days(), 11_017);
        for days in [-800_000, -1, 0, 59, 60, 11_016, 20_000, 2_000_000] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
    }

    #[test]
    fn strict_iso_parsing() {
        assert!(Date::parse_iso("2024-02-29").is_some());
        for text in ["2025-02-29", "2025-2-1", "2025-13-01", "tomorrow", "2025-01-0x"] {
            assert!(Date::parse_iso(text).is_none(), "{text}");
        }
    }

    #[test]
    fn formats() {
        assert_eq!(date("2026-01-31").short(Locale::EnUs), "1/31/26");
        assert_eq!(date("2026-12-05").short(Locale::EnUs), "12/5/26");
        assert_eq!(date("2026-12-05").short(Locale::German), "05.12.26");
        assert_eq!(date("2026-12-05").short(Locale::Japanese), "2026/12/05");
        let t = Timestamp { secs: date("2026-01-31").to_days() * 86_400 + 14 * 3600 + 3 * 60 + 7, micros: 123_450 };
        assert_eq!(t.iso_offset(), "2026-01-31T14:03:07.12345Z");
        assert_eq!(t.medium(Locale::EnUs), "Jan 31, 2026, 2:03:07 PM");
        assert_eq!(t.medium(Locale::German), "31.01.2026, 14:03:07");
        assert_eq!(t.medium(Locale::Japanese), "2026/01/31 14:03:07");
        assert_eq!(Locale::of(Some("de-DE,de;q=0.9,en;q=0.8")), Locale::German);
        assert_eq!(Locale::of(Some("en-US,en;q=0.5")), Locale::EnUs);
        assert_eq!(Locale::of(None), Locale::EnUs);
        assert_eq!(t.http_date(), "Sat, 31 Jan 2026 14:03:07 GMT");
        assert_eq!(Timestamp { secs: 0, micros: 0 }.iso_offset(), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn periods_like_java() {
        assert_eq!(date("2026-01-31").period_until(date("2026-01-31")), (0, 0, 0));
        assert_eq!(date("2026-01-31").period_until(date("2026-03-01")), (0, 1, 1));
        assert_eq!(date("2025-01-15").period_until(date("2026-03-14")), (1, 1, 27));
        assert_eq!(date("2026-01-01").period_until(date("2026-01-20")), (0, 0, 19));
    }
}
