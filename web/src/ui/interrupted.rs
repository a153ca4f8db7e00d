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
use super::dom::{DomHtml, find, set_attr, set_hidden, set_text};
use crate::text::{t, text};
use jenkins_api_token::day::Day;
use jenkins_api_token::failure::Failure;
use jenkins_api_token::flow::{self, Session};
use jenkins_api_token::messages;
use jenkins_api_token::pending_mint::{Action, Look, PendingMint, ReadAt};
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
    pub fn remember(&self, record: &PendingMint) {
        let _ = self.remember.call2(&JsValue::NULL, &record.key().into(), &record.to_json().into());
    }

    /// Called once the outcome is on screen.
    pub fn forget(&self, key: &str) {
        let _ = self.forget.call1(&JsValue::NULL, &key.into());
    }
}

/// The records a [`Journal::recall`] answered, those that still parse.
pub async fn recalled(reading: Option<Promise>) -> Vec<PendingMint> {
    let Some(promise) = reading else { return Vec::new() };
    let Ok(list) = JsFuture::from(promise).await else { return Vec::new() };
    Array::from(&list).iter().filter_map(|text| PendingMint::parse(&text.as_string()?)).collect()
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
    text: Element,
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
            text: find(app, "interrupted-text"),
            finding: find(app, "interrupted-finding"),
            link: find(app, "interrupted-link"),
            revoke: find(app, "interrupted-revoke"),
            keep: find(app, "interrupted-keep"),
            dismiss: find(app, "interrupted-dismiss"),
            confirm: find(app, "interrupted-confirm"),
        }
    }

    /// Opens the notice with what happened.
    fn show(&self, what_happened: &str) {
        set_text(&self.text, what_happened);
        for element in [&self.revoke, &self.keep, &self.confirm, self.link.as_ref()] {
            set_hidden(element, true);
        }
        set_hidden(&self.dismiss, false);
        set_hidden(&self.section, false);
    }

    fn say(&self, text: &str) {
        set_text(&self.finding, text);
        set_attr(&self.section, "aria-busy", "false");
    }

    /// While the list is read.
    fn looking(&self) {
        self.say(&t("interrupted_checking", &[]));
        set_attr(&self.section, "aria-busy", "true");
    }

    /// The list was read: Revoke or Keep (it, or them) when unseen tokens are there, else only Dismiss.
    fn found(&self, finding: &str, unseen: usize) {
        self.say(finding);
        let (revoke, keep) = if unseen > 1 {
            ("button_revoke_them", "button_keep_them")
        } else {
            ("button_revoke_it", "button_keep_it")
        };
        set_text(&self.revoke, &t(revoke, &[]));
        set_text(&self.keep, &t(keep, &[]));
        set_hidden(&self.revoke, unseen == 0);
        set_hidden(&self.keep, unseen == 0);
        set_hidden(&self.dismiss, unseen > 0);
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
        set_attr(&self.section, "aria-busy", "false");
        set_hidden(&self.section, true);
    }
}

/// The popup opened on a session: says first what a record for it tells, then looks for the token.
pub fn resume(ui: &Rc<Ui>, session: &Session, records: Vec<PendingMint>) {
    let Some(record) = records.into_iter().find(|record| record.belongs_to(session)) else { return };
    let time = crate::text::time(record.at_ms as f64);
    ui.notice.show(&text(&messages::pending_mint::what_happened(&record, &time)));
    *ui.interrupted.borrow_mut() = Some((record.clone(), Vec::new()));
    let (by_hand, url) = (text(&messages::pending_mint::look_yourself(&record)), record.tokens_page(session));
    if !record.can_look() || session.legacy_only() {
        if record.owner.is_some() {
            ui.notice.look_yourself(&by_hand, &url);
        }
        return;
    }
    ui.notice.looking();
    let ui = ui.clone();
    spawn_local(async move {
        // The list, unless another action already has the session (a quick Generate): then by hand.
        match look(&ui, &record).await {
            Some(Ok(look)) => {
                let finding = text(&messages::pending_mint::finding(&record, &look));
                found(&ui, &record, look, &finding);
            }
            Some(Err(_)) | None => ui.notice.look_yourself(&by_hand, &url),
        }
    });
}

/// Jenkins' answer to Generate was lost (`failure`, a [`Failure::MintUncertain`]): the notice says so
/// at once, in this popup, and looks for what Jenkins made. The record of the mint stays until the
/// outcome is known, so that a popup closed meanwhile still names the token next time. Where the list
/// cannot be read, the failure is said as it is, with its link to the list.
pub fn answer_lost(ui: &Rc<Ui>, record: PendingMint, failure: Failure) {
    let Failure::MintUncertain { reason, .. } = &failure else { return };
    ui.notice.show(&text(&messages::uncertainty(reason)));
    ui.notice.looking();
    *ui.interrupted.borrow_mut() = Some((record.clone(), Vec::new()));
    let ui = ui.clone();
    spawn_local(async move {
        match look(&ui, &record).await {
            Some(Ok(look)) => {
                let time = crate::text::time(record.at_ms as f64);
                let finding = text(&messages::pending_mint::lost_finding(&record, &look, &time));
                if look.unseen.is_empty() {
                    forget(&ui, &record);
                }
                found(&ui, &record, look, &finding);
            }
            _ => {
                *ui.interrupted.borrow_mut() = None;
                forget(&ui, &record);
                ui.notice.close();
                ui.popup.borrow_mut().fail(failure);
                ui.render();
            }
        }
    });
}

/// The one GET of the list for `record`; `None` when other work holds the session.
async fn look(ui: &Rc<Ui>, record: &PendingMint) -> Option<Result<Look, Failure>> {
    let mut turn = Popup::take_turn(&ui.popup, Work::ReadList)?;
    let listed = flow::list_tokens(&ui.transport, &mut turn.session, &DomHtml).await;
    let read = |server_ms| ReadAt { server_ms, client_ms: js_sys::Date::now() as i64 };
    Some(listed.map(|list| record.look(list.tokens, read(list.server_ms))))
}

/// Says what the list showed, and keeps the tokens nobody saw for Revoke; while they are on screen, a
/// Generate with their name takes a second click.
fn found(ui: &Ui, record: &PendingMint, look: Look, finding: &str) {
    let mut interrupted = ui.interrupted.borrow_mut();
    let Some((_, unseen)) = interrupted.as_mut() else { return }; // dismissed meanwhile
    ui.notice.found(finding, look.unseen.len());
    if record.action == Action::Generate && !look.unseen.is_empty() {
        ui.popup.borrow_mut().set_just_made(Some(record.name.clone()));
    }
    *unseen = look.unseen;
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

fn forget(ui: &Ui, record: &PendingMint) {
    if let Some(journal) = &ui.journal {
        journal.forget(&record.key());
    }
}

/// The user decided: the record has done its job.
fn settle(ui: &Ui) {
    if let Some((record, _)) = ui.interrupted.borrow_mut().take() {
        forget(ui, &record);
    }
    ui.popup.borrow_mut().set_just_made(None);
    ui.notice.close();
}

/// Revokes every token nobody saw, each with a POST of its own.
async fn revoke_unseen(ui: Rc<Ui>) {
    let Some((record, unseen)) = ui.interrupted.borrow().clone().filter(|(_, unseen)| !unseen.is_empty()) else {
        return;
    };
    let Some(mut turn) = Popup::take_turn(&ui.popup, Work::Revoke) else { return };
    ui.notice.set_confirm(false);
    set_hidden(&ui.notice.revoke, true);
    let report = flow::revoke_each(&ui.transport, &mut turn.session, &unseen).await;
    drop(turn);
    if report.failed.is_empty() {
        ui.notice.say(&text(&messages::pending_mint::revoked(&record, report.revoked.len())));
        set_hidden(&ui.notice.keep, true);
        set_hidden(&ui.notice.dismiss, false);
        forget(&ui, &record);
        ui.popup.borrow_mut().set_just_made(None);
        *ui.interrupted.borrow_mut() = Some((record, Vec::new()));
    } else {
        set_hidden(&ui.notice.revoke, false);
        let (_, failed) = messages::cleanup_report(&report);
        ui.view.show_alert(&failed.iter().map(text).collect::<Vec<_>>().join(" "), None);
    }
}
