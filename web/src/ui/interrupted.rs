//! The interrupted mint, in the browser: the journal the page glue keeps (`storage.session` in the
//! extension, `sessionStorage` in the www page; records hold no token value), and the notice shown
//! first when the popup opens on the Jenkins and user of a record. The decisions are in
//! [`jenkins_api_token::interrupted`].

use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{Element, HtmlAnchorElement};

use super::Ui;
use super::dom::{DomHtml, find, set_hidden, set_text};
use crate::text::{t, text};
use jenkins_api_token::flow::{self, Session};
use jenkins_api_token::interrupted::{Interrupted, Look};
use jenkins_api_token::jenkins::day::Day;
use jenkins_api_token::jenkins::token_list::ListedToken;
use jenkins_api_token::jenkins::user::UserTarget;
use jenkins_api_token::messages;
use jenkins_api_token::popup::{Popup, Work};

/// The page glue's `recallMints()` (every record: a promise of strings), `rememberMint(key, text)`
/// and `forgetMint(key)`; writes are not awaited, so a mint never waits for them.
pub struct Journal {
    pub recall: Function,
    pub remember: Function,
    pub forget: Function,
}

impl Journal {
    /// Asks the glue for every record: the read starts now, and [`recalled`] takes its answer.
    pub fn recall(&self) -> Option<Promise> {
        self.recall.call0(&JsValue::NULL).ok().map(|answer| Promise::resolve(&answer))
    }

    /// Called before the minting POST is sent: the glue's write leaves at once.
    pub fn remember(&self, record: &Interrupted) {
        let _ = self.remember.call2(&JsValue::NULL, &record.key().into(), &record.to_json().into());
    }

    /// Called once the outcome is on screen.
    pub fn forget(&self, key: &str) {
        let _ = self.forget.call1(&JsValue::NULL, &key.into());
    }
}

/// The records a [`Journal::recall`] answered, those that still parse.
pub async fn recalled(reading: Option<Promise>) -> Vec<Interrupted> {
    let Some(promise) = reading else { return Vec::new() };
    let Ok(list) = JsFuture::from(promise).await else { return Vec::new() };
    Array::from(&list).iter().filter_map(|text| Interrupted::parse(&text.as_string()?)).collect()
}

/// Now, for a record: milliseconds since the epoch and the user's local day.
pub fn now() -> (u64, Day) {
    let date = js_sys::Date::new_0();
    let day = Day::new(date.get_full_year() as i32, date.get_month() + 1, date.get_date());
    (date.get_time() as u64, day.expect_throw("today is a date"))
}

/// The notice and what it found.
pub struct Notice {
    section: Element,
    finding: Element,
    link: HtmlAnchorElement,
    revoke: Element,
    keep: Element,
    dismiss: Element,
    confirm: Element,
}

impl Notice {
    pub fn build(app: &Element) -> Notice {
        Notice {
            section: find(app, "interrupted"),
            finding: find(app, "interrupted-finding"),
            link: find(app, "interrupted-link"),
            revoke: find(app, "interrupted-revoke"),
            keep: find(app, "interrupted-keep"),
            dismiss: find(app, "interrupted-dismiss"),
            confirm: find(app, "interrupted-confirm"),
        }
    }

    fn show(&self, record: &Interrupted) {
        let time = crate::text::time(record.at_ms as f64);
        let said = text(&messages::interrupted::what_happened(record, &time));
        set_text(&find(&self.section, "interrupted-text"), &said);
        for element in [&self.revoke, &self.keep, &self.confirm, self.link.as_ref()] {
            set_hidden(element, true);
        }
        set_hidden(&self.dismiss, false);
        set_hidden(&self.section, false);
    }

    fn say(&self, text: &str) {
        set_text(&self.finding, text);
    }

    /// The list was read: Revoke or Keep when the unseen token is there, else only Dismiss.
    fn found(&self, record: &Interrupted, look: &Look) {
        self.say(&text(&messages::interrupted::finding(record, look)));
        let unseen = look.unseen.is_some();
        set_hidden(&self.revoke, !unseen);
        set_hidden(&self.keep, !unseen);
        set_hidden(&self.dismiss, unseen);
    }

    /// The list cannot be read: where to look by hand.
    fn look_yourself(&self, text: &str, url: &str) {
        self.say(text);
        self.link.set_href(url);
        set_hidden(&self.link, false);
    }

    pub fn set_confirm(&self, open: bool) {
        set_hidden(&self.confirm, !open);
        set_hidden(&self.revoke, open);
    }

    fn close(&self) {
        set_hidden(&self.section, true);
    }
}

/// The popup opened on a session: says first what a record for it tells, then looks for the token.
pub fn resume(ui: &Rc<Ui>, session: &Session, records: Vec<Interrupted>) {
    let Some(record) = records.into_iter().find(|record| record.belongs_to(session)) else { return };
    ui.notice.show(&record);
    *ui.interrupted.borrow_mut() = Some((record.clone(), None));
    let (by_hand, url) = (text(&messages::interrupted::look_yourself(&record)), record.tokens_page(session));
    if !record.can_look() || session.legacy_only() {
        if record.owner.is_some() {
            ui.notice.look_yourself(&by_hand, &url);
        }
        return;
    }
    ui.notice.say(&t("interrupted_checking", &[]));
    let ui = ui.clone();
    spawn_local(async move {
        // The list, unless another action already has the session (a quick Generate): then by hand.
        let listed = match Popup::take_turn(&ui.popup, Work::ReadList) {
            Some(mut turn) => flow::list_tokens(&ui.transport, &mut turn.session, &DomHtml).await.ok(),
            None => None,
        };
        let mut interrupted = ui.interrupted.borrow_mut();
        let Some((_, unseen)) = interrupted.as_mut() else { return }; // dismissed meanwhile
        match listed {
            Some(tokens) => {
                let look = record.look(&tokens);
                ui.notice.found(&record, &look);
                *unseen = look.unseen;
            }
            None => ui.notice.look_yourself(&by_hand, &url),
        }
    });
}

/// The notice's buttons; `false` when `id` is not one of them.
pub fn click(ui: &Rc<Ui>, id: &str) -> bool {
    match id {
        "interrupted-revoke" => ui.notice.set_confirm(true),
        "interrupted-revoke-no" => ui.notice.set_confirm(false),
        "interrupted-revoke-yes" => spawn_local(revoke_unseen(ui.clone())),
        "interrupted-keep" | "interrupted-dismiss" => settle(ui),
        _ => return false,
    }
    true
}

/// The user decided: the record has done its job.
fn settle(ui: &Ui) {
    if let Some((record, _)) = ui.interrupted.borrow_mut().take()
        && let Some(journal) = &ui.journal
    {
        journal.forget(&record.key());
    }
    ui.notice.close();
}

async fn revoke_unseen(ui: Rc<Ui>) {
    let Some((record, Some(token))) = ui.interrupted.borrow().clone() else { return };
    let Some(mut turn) = Popup::take_turn(&ui.popup, Work::Revoke) else { return };
    ui.notice.set_confirm(false);
    set_hidden(&ui.notice.revoke, true);
    let result = flow::revoke(&ui.transport, &mut turn.session, &UserTarget::Me, &token.uuid).await;
    drop(turn);
    match result {
        Ok(()) => {
            ui.notice.say(&t("interrupted_revoked", &[&token.name]));
            set_hidden(&ui.notice.keep, true);
            set_hidden(&ui.notice.dismiss, false);
            if let Some(journal) = &ui.journal {
                journal.forget(&record.key());
            }
            *ui.interrupted.borrow_mut() = Some((record, None::<ListedToken>));
        }
        Err(failure) => {
            set_hidden(&ui.notice.revoke, false);
            ui.view.show_failure(&failure);
        }
    }
}
