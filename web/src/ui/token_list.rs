//! The My tokens view: reading the list, and rename, rotate or revoke from it.

use std::rc::Rc;

use jenkins_api_token::day::Day;
use jenkins_api_token::flow;
use jenkins_api_token::jenkins::token::MintedToken;
use jenkins_api_token::jenkins::token_list::ListedToken;
use jenkins_api_token::jenkins::user::UserTarget;
use jenkins_api_token::messages;
use jenkins_api_token::pending_mint::PendingMint;
use jenkins_api_token::popup::{ListAction, Popup, Work};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::Element;

use super::dom::DomHtml;
use super::view::{Cleanup, close_item_actions, item_busy, open_item_action};
use super::{Ui, data_index, interrupted, new_token, page};
use crate::text::{t, text};

/// Reads the list and draws it; `done` is the status to show once it is there.
pub async fn load_list(ui: Rc<Ui>, done: Option<String>) {
    let Some(mut turn) = Popup::take_turn(&ui.popup, Work::ReadList) else { return };
    ui.view.set_list_status(&t("list_reading", &[]));
    match flow::list_tokens(&ui.transport, &mut turn.session, &DomHtml).await {
        Ok(flow::TokenList { tokens, .. }) => {
            ui.view.clear_alert();
            let today = Day::parse_iso(&page::today()).expect_throw("today is a date");
            ui.view.show_list(&tokens, today);
            turn.listed(tokens);
            if let Some(done) = done {
                ui.view.set_list_status(&done);
            }
        }
        Err(failure) => {
            drop(turn);
            ui.view.clear_list();
            ui.view.show_failure(&failure);
        }
    }
}

/// The list item holding `element`, and its token.
fn list_item(ui: &Ui, element: &Element) -> Option<(Element, ListedToken)> {
    let item = element.closest("li[data-index]").ok().flatten()?;
    let token = data_index(&item).and_then(|index| ui.popup.borrow().tokens()?.get(index).cloned())?;
    Some((item, token))
}

/// A button of a list item: opens an action's confirmation (or the rename form), cancels it, or
/// confirms it. A button naming no action is a markup error: nothing happens.
pub fn click(ui: &Rc<Ui>, button: &Element) {
    let Some(name) = button.get_attribute("data-action") else { return };
    let Some((item, token)) = list_item(ui, button) else { return };
    let action = |name: Option<String>| {
        name.as_deref().and_then(ListAction::parse).unwrap_or_else(|| wasm_bindgen::throw_str("no list action"))
    };
    match name.as_str() {
        "cancel" => close_item_actions(&item),
        "confirm" => spawn_local(run(ui.clone(), item, token, action(button.get_attribute("data-confirms")), None)),
        _ => open_item_action(&item, action(Some(name)), &token),
    }
}

/// The rename form of a list item was sent.
pub fn renamed(ui: &Rc<Ui>, form: &Element, name: String) {
    let Some((item, token)) = list_item(ui, form) else { return };
    spawn_local(run(ui.clone(), item, token, ListAction::Rename, Some(name)));
}

/// The clean-up's buttons; `false` when `id` is none of them.
pub fn cleanup_click(ui: &Rc<Ui>, id: &str) -> bool {
    match id {
        "cleanup-open" => ui.view.set_cleanup(Cleanup::Choose),
        "cleanup-cancel" | "cleanup-no" => ui.view.set_cleanup(Cleanup::Off),
        "cleanup-next" => {
            let names: Vec<String> = ticked(ui).into_iter().map(|token| token.name).collect();
            if names.is_empty() {
                ui.view.set_list_status(&t("cleanup_none_ticked", &[]));
            } else {
                ui.view.set_cleanup(Cleanup::Confirm(&text(&messages::cleanup_confirm(names))));
            }
        }
        "cleanup-yes" => spawn_local(clean_up(ui.clone(), ticked(ui))),
        _ => return false,
    }
    true
}

fn ticked(ui: &Ui) -> Vec<ListedToken> {
    let popup = ui.popup.borrow();
    let tokens = popup.tokens().unwrap_or_default();
    ui.view.ticked().into_iter().filter_map(|index| tokens.get(index).cloned()).collect()
}

/// Revokes each ticked token, then reads the list again and says what was revoked and what was not.
async fn clean_up(ui: Rc<Ui>, tokens: Vec<ListedToken>) {
    let Some(mut turn) = Popup::take_turn(&ui.popup, Work::Revoke) else { return };
    ui.view.set_cleanup(Cleanup::Off);
    let report = flow::revoke_each(&ui.transport, &mut turn.session, &tokens).await;
    drop(turn);
    let (done, failed) = messages::cleanup_report(&report);
    load_list(ui.clone(), Some(text(&done))).await;
    if !failed.is_empty() {
        ui.view.show_alert(&failed.iter().map(text).collect::<Vec<_>>().join(" "), None);
    }
}

/// How a list action ended.
enum Outcome {
    /// Done: the list is read again and shows this status.
    Listed(String),
    /// A rotation made a successor, which is shown once like any new token, with a status when all
    /// went well or an alert saying what exists now.
    Successor {
        token: MintedToken,
        status: Option<String>,
        alert: Option<String>,
    },
    Failed(String),
}

/// Rename, rotate or revoke one token; the list is read again afterwards.
async fn run(ui: Rc<Ui>, item: Element, token: ListedToken, action: ListAction, new_name: Option<String>) {
    let Some(mut turn) = Popup::take_turn(&ui.popup, action.work()) else { return };
    item_busy(&item, true);
    let failed = |failure| Outcome::Failed(text(&messages::failure(&failure)));
    let mut rotation = None;
    let outcome = match action {
        ListAction::Rename => {
            let name = new_name.unwrap_or_default();
            match flow::rename(&ui.transport, &mut turn.session, &token.uuid, name.trim()).await {
                Ok(()) => Outcome::Listed(t("renamed", &[&token.name, name.trim()])),
                Err(failure) => failed(failure),
            }
        }
        ListAction::Revoke => {
            match flow::revoke(&ui.transport, &mut turn.session, &UserTarget::Me, &token.uuid).await {
                Ok(()) => Outcome::Listed(t("revoked", &[&token.name])),
                Err(failure) => failed(failure),
            }
        }
        ListAction::Rotate => {
            let (at_ms, day) = interrupted::now();
            let record = rotation.insert(PendingMint::rotation(&turn.session, &token, at_ms, day));
            ui.remember(record);
            match flow::rotate(&ui.transport, &mut turn.session, &token).await {
                Ok(new) => Outcome::Successor { token: new, status: Some(t("rotated", &[&token.name])), alert: None },
                Err(failure) => {
                    let sentence = text(&messages::rotate_failure(&failure, &token.name));
                    match failure.new_token() {
                        Some(new) => Outcome::Successor { token: new.clone(), status: None, alert: Some(sentence) },
                        None => Outcome::Failed(sentence),
                    }
                }
            }
        }
    };
    drop(turn);
    match outcome {
        Outcome::Listed(status) => spawn_local(load_list(ui.clone(), Some(status))),
        Outcome::Successor { token, status, alert } => {
            ui.popup.borrow_mut().show_token(token);
            new_token::show_new_token(&ui);
            if let Some(status) = status {
                ui.view.set_action_status(&status);
            }
            if let Some(alert) = alert {
                ui.view.show_alert(&alert, None);
            }
        }
        Outcome::Failed(message) => {
            item_busy(&item, false);
            ui.view.show_alert(&message, None);
        }
    }
    if let Some(record) = rotation {
        ui.forget(&record);
    }
}
