//! A mint the popup may not have lived to show. A toolbar popup closes the moment it loses focus; if
//! that happens after a minting POST left, Jenkins makes a token nobody sees. So before each such
//! POST the popup writes down what is about to happen (never a token value) where it outlives the
//! popup but not the browser session, clears it once the outcome is on screen, and, when it finds
//! one on opening for the same Jenkins and user, says so first and looks for the token.

use crate::day::Day;
use crate::flow::Session;
use crate::jenkins::token::TokenOrder;
use crate::jenkins::token_list::{self, ListedToken};
use crate::jenkins::user::UserTarget;
use crate::json::Json;

/// What was under way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Generate (or the script console, or for another user).
    Generate,
    /// A rotation: the successor is minted first, the old token (this uuid) revoked last.
    Rotate { old_uuid: String },
    /// `changeToken` on Jenkins before 2.129: the old legacy token stops working.
    ChangeLegacy,
}

/// The record: which Jenkins, whose session, which token, when. Never a token value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingMint {
    pub root: String,
    pub user: String,
    /// Another user's id when minted for them.
    pub owner: Option<String>,
    pub name: String,
    pub action: Action,
    /// When the POST was about to leave: milliseconds since the epoch, and the user's local day.
    pub at_ms: u64,
    pub day: Day,
}

/// What the token list says about an interrupted mint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Look {
    /// Every token made and never shown (for a rotation, the successor), in the list's order. One
    /// click can make two: Chromium sends a POST again by itself when a reused connection closes
    /// before any byte of the answer came.
    pub unseen: Vec<ListedToken>,
    /// For a rotation: whether the old token is still there.
    pub old_still_there: Option<bool>,
}

/// When the token list was read: by the server's clock (its `Date` header), where it told, and by
/// the user's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadAt {
    pub server_ms: Option<i64>,
    pub client_ms: i64,
}

/// The key of the record for a Jenkins and a user: one record each, a newer mint replaces it.
pub fn key(root: &str, user: &str) -> String {
    format!("interrupted {root} {user}")
}

impl PendingMint {
    /// Before Generate's POST.
    pub fn mint(session: &Session, order: &TokenOrder, at_ms: u64, day: Day) -> PendingMint {
        PendingMint::new(session, order.owner_id(), &order.name, Action::Generate, at_ms, day)
    }

    /// Before a rotation's first POST (the successor's mint).
    pub fn rotation(session: &Session, old: &ListedToken, at_ms: u64, day: Day) -> PendingMint {
        PendingMint::new(session, None, &old.name, Action::Rotate { old_uuid: old.uuid.clone() }, at_ms, day)
    }

    /// Before `changeToken`.
    pub fn legacy_change(session: &Session, at_ms: u64, day: Day) -> PendingMint {
        PendingMint::new(session, None, "", Action::ChangeLegacy, at_ms, day)
    }

    fn new(session: &Session, owner: Option<String>, name: &str, action: Action, at_ms: u64, day: Day) -> PendingMint {
        PendingMint {
            root: session.root.display_url(),
            user: session.user.clone(),
            owner,
            name: name.to_owned(),
            action,
            at_ms,
            day,
        }
    }

    pub fn key(&self) -> String {
        key(&self.root, &self.user)
    }

    /// Whether it concerns this Jenkins and this user: nobody else is told.
    pub fn belongs_to(&self, session: &Session) -> bool {
        self.root == session.root.display_url() && self.user == session.user
    }

    /// One line of JSON: every field is text, so nothing is lost to number parsing.
    pub fn to_json(&self) -> String {
        let text = crate::json::text;
        let (action, old) = match &self.action {
            Action::Generate => ("generate", ""),
            Action::Rotate { old_uuid } => ("rotate", old_uuid.as_str()),
            Action::ChangeLegacy => ("legacy", ""),
        };
        format!(
            r#"{{"root":{},"user":{},"owner":{},"name":{},"action":"{action}","old":{},"at":"{}","day":"{}"}}"#,
            text(&self.root),
            text(&self.user),
            self.owner.as_deref().map_or_else(|| "null".to_owned(), text),
            text(&self.name),
            text(old),
            self.at_ms,
            self.day,
        )
    }

    /// A record as [`PendingMint::to_json`] wrote it; anything else is `None` (and ignored).
    pub fn parse(text: &str) -> Option<PendingMint> {
        let json: Json = serde_json::from_str(text).ok()?;
        let field = |name: &str| json.get(name).and_then(Json::as_str);
        let action = match field("action")? {
            "generate" => Action::Generate,
            "rotate" => Action::Rotate { old_uuid: field("old")?.to_owned() },
            "legacy" => Action::ChangeLegacy,
            _ => return None,
        };
        Some(PendingMint {
            root: field("root")?.to_owned(),
            user: field("user")?.to_owned(),
            owner: field("owner").map(str::to_owned),
            name: field("name")?.to_owned(),
            action,
            at_ms: field("at")?.parse().ok()?,
            day: Day::parse_iso(field("day")?)?,
        })
    }

    /// Whether the token list can tell what happened: only the user's own list is read, and the
    /// legacy token has no list.
    pub fn can_look(&self) -> bool {
        self.owner.is_none() && self.action != Action::ChangeLegacy
    }

    /// Finds the tokens in the list: its name, made since the click and before the list was read
    /// (`read`), never the rotated one. Where the page dates a token to the second, that is checked
    /// against both clocks; else a token made within a day of the record counts.
    pub fn look(&self, tokens: Vec<ListedToken>, read: ReadAt) -> Look {
        let old_uuid = match &self.action {
            Action::Rotate { old_uuid } => Some(old_uuid.as_str()),
            _ => None,
        };
        let old_still_there = old_uuid.map(|uuid| tokens.iter().any(|token| token.uuid == uuid));
        let made_since = |token: &ListedToken| match (token.created, token.created_time) {
            (Some(day), Some(second)) => self.made_between(day, second, read),
            // The page dates tokens in the server's time zone, the record in the user's.
            (Some(day), None) => day.days_until(self.day).abs() <= 1,
            (None, _) => true,
        };
        let unseen = tokens
            .into_iter()
            .filter(|token| token.name == self.name && Some(token.uuid.as_str()) != old_uuid && made_since(token))
            .collect();
        Look { unseen, old_still_there }
    }

    /// Whether a token the page dates `day` at `second` after midnight, in the server's zone, can
    /// have been made between the click and the list's read. The zone is unknown, but every zone is
    /// a whole number of quarter hours from UTC, between UTC−12 and UTC+14; so with a window shorter
    /// than a quarter hour (a failed Generate, then the list), a token of the same name made at
    /// another time of day almost never fits any zone. The server's `Date` header gives how far its
    /// clock is from the user's, to the second; the page's dates are whole seconds too, so a second
    /// either way is allowed. Without the header, two minutes either way.
    fn made_between(&self, day: Day, second: u32, read: ReadAt) -> bool {
        const QUARTER_HOUR_MS: i64 = 900_000;
        let (skew, slack) = match read.server_ms {
            Some(server) => (server - read.client_ms, 1_000),
            None => (0, 120_000),
        };
        let clicked = i64::try_from(self.at_ms).unwrap_or(i64::MAX) + skew;
        let window = clicked - slack..=read.server_ms.unwrap_or(read.client_ms) + slack;
        let local = day.epoch_ms() + i64::from(second) * 1000;
        (-48..=56).any(|quarters| window.contains(&(local - quarters * QUARTER_HOUR_MS)))
    }

    /// The page that lists the token, to look by hand when the list cannot be read here.
    pub fn tokens_page(&self, session: &Session) -> String {
        let owner = self.owner.clone().map_or(UserTarget::Me, UserTarget::Id);
        token_list::page_url(&session.root, &owner, session.version.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expiry::Expiry;
    use crate::jenkins::token_list::Usage;
    use crate::messages::english;
    use crate::messages::pending_mint::{finding, lost_finding, what_happened};

    fn record(action: Action) -> PendingMint {
        PendingMint {
            root: "https://ci.example.com/jenkins/".into(),
            user: "alice".into(),
            owner: None,
            name: "Chromium on Linux 2026-12-03".into(),
            action,
            at_ms: 1_796_294_520_000,
            day: Day::new(2026, 12, 3).unwrap(),
        }
    }

    fn listed(uuid: &str, name: &str, created: Option<Day>) -> ListedToken {
        ListedToken {
            uuid: uuid.into(),
            name: name.into(),
            legacy: false,
            created,
            created_time: None,
            expiry: Expiry::NotShown,
            expires_soon: false,
            usage: Usage::Never,
        }
    }

    /// A token the page dates to the second: `time` is `hh:mm:ss` in the server's zone.
    fn stamped(uuid: &str, name: &str, day: Day, time: &str) -> ListedToken {
        let parts: Vec<u32> = time.split(':').map(|part| part.parse().unwrap()).collect();
        ListedToken { created_time: Some((parts[0] * 60 + parts[1]) * 60 + parts[2]), ..listed(uuid, name, Some(day)) }
    }

    /// The record's click is 2026-12-03 10:42:00 UTC; the list is read `after_s` later, by both clocks.
    fn read_after(after_s: i64) -> ReadAt {
        let at = 1_796_294_520_000 + after_s * 1000;
        ReadAt { server_ms: Some(at), client_ms: at }
    }

    #[test]
    fn the_record_round_trips_and_holds_no_value() {
        for action in [Action::Generate, Action::Rotate { old_uuid: "u-1".into() }, Action::ChangeLegacy] {
            let mut record = record(action);
            record.name = "quotes \" and \\ and “ü” and \n\u{1}".into();
            record.owner = Some("Jane Doe".into());
            let text = record.to_json();
            assert_eq!(PendingMint::parse(&text), Some(record), "{text}");
        }
        assert_eq!(PendingMint::parse(&record(Action::Generate).to_json()).unwrap().owner, None);
        for broken in
            ["", "{}", "[1]", r#"{"root":"r","user":"u","name":"n","action":"mint","at":"1","day":"2026-12-03"}"#]
        {
            assert_eq!(PendingMint::parse(broken), None, "{broken}");
        }
    }

    #[test]
    fn the_click_is_at_ten_forty_two_utc() {
        let day = Day::new(2026, 12, 3).unwrap();
        assert_eq!(record(Action::Generate).at_ms as i64, day.epoch_ms() + (10 * 3600 + 42 * 60) * 1000);
    }

    #[test]
    fn finds_the_unseen_tokens_by_name_and_day() {
        let day = |d| Day::new(2026, 12, d);
        let interrupted = record(Action::Generate);
        let name = interrupted.name.clone();
        let tokens = [
            listed("a", "other", day(3)),
            listed("b", &name, day(1)),
            listed("c", &name, day(3)),
            listed("d", "other too", day(3)),
        ];
        let look = interrupted.look(tokens.to_vec(), read_after(10));
        assert_eq!(look.unseen.iter().map(|token| token.uuid.as_str()).collect::<Vec<_>>(), ["c"]);
        assert_eq!(look.old_still_there, None);
        // A token of that name made long before is not it.
        assert_eq!(interrupted.look(tokens[..2].to_vec(), read_after(10)).unseen, []);
        // Jenkins dates tokens in its own zone: a day either way is the same moment somewhere.
        assert_eq!(interrupted.look(vec![listed("e", &name, day(4))], read_after(10)).unseen.len(), 1);
        assert_eq!(interrupted.look(vec![listed("f", &name, None)], read_after(10)).unseen.len(), 1);
    }

    /// Tokens dated to the second: those made since the click, in whatever zone the server keeps,
    /// and not one of that name made earlier the same day (a default name holds only the date).
    #[test]
    fn a_token_dated_to_the_second_is_matched_against_the_click() {
        let interrupted = record(Action::Generate);
        let name = interrupted.name.clone();
        let today = Day::new(2026, 12, 3).unwrap();
        let found = |tokens: &[ListedToken], read: ReadAt| {
            interrupted.look(tokens.to_vec(), read).unseen.into_iter().map(|token| token.uuid).collect::<Vec<_>>()
        };
        // UTC, India (+5:30), Nepal (+5:45), New York (−5) and the Chatham Islands (+13:45): made 3 s
        // after the click.
        for (zone, time, day) in [
            ("UTC", "10:42:03", today),
            ("+05:30", "16:12:03", today),
            ("+05:45", "16:27:03", today),
            ("-05:00", "05:42:03", today),
            ("+13:45", "00:27:03", Day::new(2026, 12, 4).unwrap()),
        ] {
            assert_eq!(found(&[stamped("new", &name, day, time)], read_after(30)), ["new"], "{zone}");
        }
        // The same name, made at 9:15 that morning (UTC) and at 10:41 (a minute before the click): not
        // this click's, in any zone.
        let earlier = [stamped("9:15", &name, today, "09:15:40"), stamped("10:41", &name, today, "10:41:00")];
        assert_eq!(found(&earlier, read_after(30)), Vec::<String>::new());
        // Two made by one click (the browser sent the POST again): both.
        let twice = [
            stamped("old", &name, today, "09:15:40"),
            stamped("first", &name, today, "10:42:01"),
            stamped("again", &name, today, "10:42:02"),
        ];
        assert_eq!(found(&twice, read_after(30)), ["first", "again"]);
        // The user's clock is 70 s behind the server's: the server's Date header says so.
        let skewed = ReadAt { server_ms: Some(1_796_294_520_000 + 100_000), client_ms: 1_796_294_520_000 + 30_000 };
        assert_eq!(found(&[stamped("new", &name, today, "10:43:13")], skewed), ["new"]);
        assert_eq!(found(&[stamped("before", &name, today, "10:42:30")], skewed), Vec::<String>::new());
        // Without a Date header, two minutes either way.
        let undated = ReadAt { server_ms: None, client_ms: 1_796_294_520_000 + 30_000 };
        assert_eq!(found(&[stamped("new", &name, today, "10:43:50")], undated), ["new"]);
        assert_eq!(found(&[stamped("hours before", &name, today, "07:20:00")], undated), Vec::<String>::new());
    }

    #[test]
    fn a_rotation_tells_which_of_the_two_exist() {
        let interrupted = record(Action::Rotate { old_uuid: "old".into() });
        let name = interrupted.name.clone();
        let old = listed("old", &name, Day::new(2026, 11, 1));
        let new = listed("new", &name, Day::new(2026, 12, 3));
        let both = interrupted.look(vec![old.clone(), new.clone()], read_after(10));
        assert_eq!((both.unseen.first().map(|t| t.uuid.as_str()), both.old_still_there), (Some("new"), Some(true)));
        let new_only = interrupted.look(vec![new], read_after(10));
        assert_eq!((new_only.unseen.len(), new_only.old_still_there), (1, Some(false)));
        let old_only = interrupted.look(vec![old], read_after(10));
        assert_eq!((old_only.unseen, old_only.old_still_there), (vec![], Some(true)));
        assert!(english(&finding(&interrupted, &both)).contains("Both tokens exist"));
    }

    #[test]
    fn sentences_name_the_token_and_the_time() {
        let interrupted = record(Action::Generate);
        assert_eq!(
            english(&what_happened(&interrupted)),
            "A token named “Chromium on Linux 2026-12-03” was probably created at 10:42, but the popup closed before showing it."
        );
        let legacy = record(Action::ChangeLegacy);
        assert!(english(&what_happened(&legacy)).contains("the old token may no longer work"));
        let nothing = finding(&interrupted, &Look { unseen: vec![], old_still_there: None });
        assert!(english(&nothing).contains("not in your token list"));
        let token = listed("a", &interrupted.name, Day::new(2026, 12, 3));
        let one = Look { unseen: vec![token.clone()], old_still_there: None };
        let two = Look { unseen: vec![token.clone(), token], old_still_there: None };
        assert_eq!(
            english(&lost_finding(&interrupted, &one)),
            "Jenkins created “Chromium on Linux 2026-12-03” at 10:42, but its answer was lost: nobody can see its value. Revoke it, unless you want to keep it."
        );
        assert!(english(&lost_finding(&interrupted, &two)).starts_with("Jenkins created 2 tokens named “Chromium"));
        assert_eq!(
            english(&lost_finding(&interrupted, &Look { unseen: vec![], old_still_there: None })),
            "No token named “Chromium on Linux 2026-12-03” was created: you can generate again."
        );
        assert!(english(&finding(&interrupted, &two)).starts_with("2 tokens of that name are in your token list"));
    }
}
