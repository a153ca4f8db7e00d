//! When a token stops working, in every form the product meets it: asked for (a number of days, a
//! day, never), set as a default or a limit by the user or the organisation, and as Jenkins reports it
//! (a day, never, already expired, or not said).

use crate::day::Day;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expiry {
    Never,
    /// A number of days from the day the token is made.
    Days(u16),
    /// Through this day.
    On(Day),
    /// A day Jenkins wrote in a form this extension does not read (docs/jenkins.md#dates-in-the-list):
    /// shown as it came.
    Written(String),
    /// Past (the token list says so).
    Expired,
    /// Jenkins says nothing: before 2.548, which has no expiry.
    NotShown,
}

impl Expiry {
    /// How Jenkins writes an expiry date, in a token's answer and in the list: en-US short (`12/29/26`),
    /// or `never` in an answer.
    pub fn from_jenkins(text: &str) -> Expiry {
        match text.trim() {
            "never" => Expiry::Never,
            date => Day::parse_us_short(date).map_or_else(|| Expiry::Written(date.to_owned()), Expiry::On),
        }
    }

    /// Whole days from `today` to the last day it works, where the day is known.
    pub fn days_left(&self, today: Day) -> Option<i64> {
        match self {
            Expiry::On(end) => Some(today.days_until(*end)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_jenkins_words() {
        assert_eq!(Expiry::from_jenkins("never"), Expiry::Never);
        assert_eq!(Expiry::from_jenkins("12/29/26"), Expiry::On(Day::new(2026, 12, 29).unwrap()));
        assert_eq!(Expiry::from_jenkins("29.12.26"), Expiry::Written("29.12.26".into()));
        let today = Day::new(2026, 12, 26).unwrap();
        assert_eq!(Expiry::from_jenkins("12/29/26").days_left(today), Some(3));
        assert_eq!(Expiry::Never.days_left(today), None);
    }
}
