//! A mint the popup may not have lived to show. A toolbar popup closes the moment it loses focus; if
//! that happens after a minting POST left, Jenkins makes a token nobody sees. So before each such
//! POST the popup writes down what is about to happen (never a token value) where it outlives the
//! popup but not the browser session, clears it once the outcome is on screen, and, when it finds
//! one on opening for the same Jenkins and user, says so first and looks for the token.

use crate::flow::Session;
use crate::jenkins::day::Day;
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
pub struct Interrupted {
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
    /// The token made and never shown (for a rotation, the successor), newest first if several match.
    pub unseen: Option<ListedToken>,
    /// For a rotation: whether the old token is still there.
    pub old_still_there: Option<bool>,
}

/// The key of the record for a Jenkins and a user: one record each, a newer mint replaces it.
pub fn key(root: &str, user: &str) -> String {
    format!("interrupted {root} {user}")
}

impl Interrupted {
    /// Before Generate's POST.
    pub fn mint(session: &Session, order: &TokenOrder, at_ms: u64, day: Day) -> Interrupted {
        Interrupted::new(session, order.owner_id(), &order.name, Action::Generate, at_ms, day)
    }

    /// Before a rotation's first POST (the successor's mint).
    pub fn rotation(session: &Session, old: &ListedToken, at_ms: u64, day: Day) -> Interrupted {
        Interrupted::new(session, None, &old.name, Action::Rotate { old_uuid: old.uuid.clone() }, at_ms, day)
    }

    /// Before `changeToken`.
    pub fn legacy_change(session: &Session, at_ms: u64, day: Day) -> Interrupted {
        Interrupted::new(session, None, "", Action::ChangeLegacy, at_ms, day)
    }

    fn new(session: &Session, owner: Option<String>, name: &str, action: Action, at_ms: u64, day: Day) -> Interrupted {
        Interrupted {
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
        let text = json_text;
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

    /// A record as [`Interrupted::to_json`] wrote it; anything else is `None` (and ignored).
    pub fn parse(text: &str) -> Option<Interrupted> {
        let json: Json = serde_json::from_str(text).ok()?;
        let field = |name: &str| json.get(name).and_then(Json::as_str);
        let action = match field("action")? {
            "generate" => Action::Generate,
            "rotate" => Action::Rotate { old_uuid: field("old")?.to_owned() },
            "legacy" => Action::ChangeLegacy,
            _ => return None,
        };
        Some(Interrupted {
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

    /// Finds the token in the list: its name, made within a day of the record (the page dates
    /// tokens in the server's time zone, the record in the user's), never the rotated one.
    pub fn look(&self, tokens: &[ListedToken]) -> Look {
        let old_uuid = match &self.action {
            Action::Rotate { old_uuid } => Some(old_uuid.as_str()),
            _ => None,
        };
        let unseen = tokens
            .iter()
            .rfind(|token| {
                token.name == self.name
                    && Some(token.uuid.as_str()) != old_uuid
                    && token.created.is_none_or(|created| created.days_until(self.day).abs() <= 1)
            })
            .cloned();
        let old_still_there = old_uuid.map(|uuid| tokens.iter().any(|token| token.uuid == uuid));
        Look { unseen, old_still_there }
    }

    /// The page that lists the token, to look by hand when the list cannot be read here.
    pub fn tokens_page(&self, session: &Session) -> String {
        let owner = self.owner.clone().map_or(UserTarget::Me, UserTarget::Id);
        token_list::page_url(&session.root, &owner, session.version.as_ref())
    }
}

/// A JSON string literal (serde_json's writer would cost the wasm several KB for this one use).
fn json_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jenkins::token_list::{Expiry, Usage};
    use crate::messages::{english, interrupted::finding, interrupted::what_happened};

    fn record(action: Action) -> Interrupted {
        Interrupted {
            root: "https://ci.example.com/jenkins/".into(),
            user: "alice".into(),
            owner: None,
            name: "Chromium on Linux 2026-12-03".into(),
            action,
            at_ms: 1_796_292_120_000,
            day: Day::new(2026, 12, 3).unwrap(),
        }
    }

    fn listed(uuid: &str, name: &str, created: Option<Day>) -> ListedToken {
        ListedToken {
            uuid: uuid.into(),
            name: name.into(),
            legacy: false,
            created,
            expiry: Expiry::NotShown,
            usage: Usage::Never,
        }
    }

    #[test]
    fn the_record_round_trips_and_holds_no_value() {
        for action in [Action::Generate, Action::Rotate { old_uuid: "u-1".into() }, Action::ChangeLegacy] {
            let mut record = record(action);
            record.name = "quotes \" and \\ and “ü” and \n\u{1}".into();
            record.owner = Some("Jane Doe".into());
            let text = record.to_json();
            assert_eq!(Interrupted::parse(&text), Some(record), "{text}");
        }
        assert_eq!(Interrupted::parse(&record(Action::Generate).to_json()).unwrap().owner, None);
        for broken in
            ["", "{}", "[1]", r#"{"root":"r","user":"u","name":"n","action":"mint","at":"1","day":"2026-12-03"}"#]
        {
            assert_eq!(Interrupted::parse(broken), None, "{broken}");
        }
    }

    #[test]
    fn finds_the_unseen_token_by_name_and_day() {
        let day = |d| Day::new(2026, 12, d);
        let interrupted = record(Action::Generate);
        let name = interrupted.name.clone();
        let tokens = [
            listed("a", "other", day(3)),
            listed("b", &name, day(1)),
            listed("c", &name, day(3)),
            listed("d", "other too", day(3)),
        ];
        let look = interrupted.look(&tokens);
        assert_eq!(look.unseen.map(|token| token.uuid), Some("c".into()));
        assert_eq!(look.old_still_there, None);
        // A token of that name made long before is not it.
        assert_eq!(interrupted.look(&tokens[..2]).unseen, None);
        // Jenkins dates tokens in its own zone: a day either way is the same moment somewhere.
        assert!(interrupted.look(&[listed("e", &name, day(4))]).unseen.is_some());
        assert!(interrupted.look(&[listed("f", &name, None)]).unseen.is_some());
    }

    #[test]
    fn a_rotation_tells_which_of_the_two_exist() {
        let interrupted = record(Action::Rotate { old_uuid: "old".into() });
        let name = interrupted.name.clone();
        let old = listed("old", &name, Day::new(2026, 11, 1));
        let new = listed("new", &name, Day::new(2026, 12, 3));
        let both = interrupted.look(&[old.clone(), new.clone()]);
        assert_eq!((both.unseen.as_ref().map(|t| t.uuid.as_str()), both.old_still_there), (Some("new"), Some(true)));
        let new_only = interrupted.look(std::slice::from_ref(&new));
        assert_eq!((new_only.unseen.is_some(), new_only.old_still_there), (true, Some(false)));
        let old_only = interrupted.look(&[old]);
        assert_eq!((old_only.unseen, old_only.old_still_there), (None, Some(true)));
        assert!(english(&finding(&interrupted, &both)).contains("Both tokens exist"));
    }

    #[test]
    fn sentences_name_the_token_and_the_time() {
        let interrupted = record(Action::Generate);
        assert_eq!(
            english(&what_happened(&interrupted, "10:42")),
            "A token named “Chromium on Linux 2026-12-03” was probably created at 10:42, but the popup closed before showing it."
        );
        let legacy = record(Action::ChangeLegacy);
        assert!(english(&what_happened(&legacy, "10:42")).contains("the old token may no longer work"));
        let nothing = finding(&interrupted, &Look { unseen: None, old_still_there: None });
        assert!(english(&nothing).contains("not in your token list"));
    }
}
