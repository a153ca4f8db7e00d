//! The New token view's actions: Generate, then the token shown once (copied, masked after a while)
//! with Verify, Revoke and the snippets.

use std::rc::Rc;

use jenkins_api_token::failure::Failure;
use jenkins_api_token::flow;
use jenkins_api_token::jenkins::snippets::snippets;
use jenkins_api_token::messages;
use jenkins_api_token::pending_mint::PendingMint;
use jenkins_api_token::popup::{NotNow, Popup, Work};
use wasm_bindgen_futures::spawn_local;
use web_sys::Element;

use super::{Ui, clipboard, data_index, interrupted, later, page};
use crate::text::{t, text};

/// One click, at most one token: the state hands out the order once and ignores clicks until the
/// answer is in.
pub fn generate(ui: &Rc<Ui>) {
    let begun = Popup::begin_mint(&ui.popup, &ui.view.read_form(), &page::today());
    let (mut turn, order) = match begun {
        Ok(begun) => begun,
        Err(NotNow::Busy) => return,
        Err(NotNow::Invalid(problem)) => return ui.view.show_alert(&text(&messages::form_problem(problem)), None),
        Err(NotNow::JustMade(name)) => return ui.view.show_alert(&t("form_just_made", &[&name]), None),
    };
    let (at_ms, day) = interrupted::now();
    let record = PendingMint::mint(&turn.session, &order, at_ms, day);
    ui.remember(&record);
    ui.render();
    let ui = ui.clone();
    spawn_local(async move {
        match flow::mint(&ui.transport, &mut turn.session, &order).await {
            // Jenkins may have made it: the list says, at once, and the record stays until it has.
            Err(failure @ Failure::MintUncertain { .. }) if record.can_look() => {
                drop(turn);
                ui.render();
                interrupted::answer_lost(&ui, record, failure);
            }
            result => {
                turn.minted(result);
                show_new_token(&ui);
                ui.forget(&record);
            }
        }
    });
}

/// After a token appears (minted, rotated, or the legacy one): render it, copy it (the click was the
/// gesture), and mask it after a while.
pub fn show_new_token(ui: &Rc<Ui>) {
    let Some((token, session)) = ui.minted() else { return ui.render() };
    // Filled before it shows, so the first frame already holds the new token.
    ui.view.show_token(&token, &session);
    ui.render();
    ui.view.focus_result();
    // Copied at once (the click was the gesture), unless the settings say not to.
    if ui.popup.borrow().settings().auto_copy {
        spawn_local(copy_token(ui.clone()));
    } else {
        let ui = ui.clone();
        spawn_local(async move {
            clipboard::show_checkbox(&ui).await;
        });
    }
    // The snippets and the mask come after the token is on screen; both act only while it is.
    let still_shown = {
        let ui = ui.clone();
        move || ui.minted().filter(|(shown, _)| shown.value == token.value)
    };
    let view = ui.clone();
    let shown = still_shown.clone();
    later(0, move || {
        if let Some((token, session)) = shown() {
            view.view.fill_snippets(&token, &session, false);
        }
    });
    let view = ui.clone();
    later(ui.mask_after_ms, move || {
        if let Some((token, session)) = still_shown() {
            view.view.set_masked(&token, &session, true);
        }
    });
}

pub async fn copy_token(ui: Rc<Ui>) {
    let Some((token, _)) = ui.minted() else { return };
    let status = clipboard::copy(&ui, token.value.expose(), t("copied", &[])).await;
    ui.view.set_copy_status(&status.unwrap_or_else(|reason| t("copy_failed", &[&reason])));
}

pub fn copy_snippet(ui: &Rc<Ui>, button: &Element) {
    let (Some((token, session)), Some(index)) = (ui.minted(), data_index(button)) else { return };
    let owner = token.owner.clone().unwrap_or_else(|| session.user.clone());
    let Some(snippet) = snippets(&session.root, &owner, token.value.expose()).into_iter().nth(index) else { return };
    let ui = ui.clone();
    spawn_local(async move {
        let title = text(&messages::snippet_title(snippet.title));
        let status = clipboard::copy(&ui, &snippet.text, t("copied_snippet", &[&title])).await;
        ui.view.set_copy_status(&status.unwrap_or_else(|reason| t("copy_snippet_failed", &[&reason])));
    });
}

pub fn reveal(ui: &Ui) {
    if let Some((token, session)) = ui.minted() {
        ui.view.set_masked(&token, &session, !ui.view.is_masked());
    }
}

pub async fn verify_token(ui: Rc<Ui>) {
    let Some((token, _)) = ui.minted() else { return };
    let Some(turn) = Popup::take_turn(&ui.popup, Work::Verify) else { return };
    ui.view.set_action_status(&t("checking", &[]));
    let result = flow::verify(&ui.transport, &turn.session, &token).await;
    drop(turn);
    ui.view.set_action_status(&match result {
        Ok(verdict) => text(&messages::verdict(&verdict)),
        Err(failure) => text(&messages::failure(&failure)),
    });
}

pub async fn revoke_new_token(ui: Rc<Ui>) {
    let Some((token, _)) = ui.minted() else { return };
    let Some(mut turn) = Popup::take_turn(&ui.popup, Work::Revoke) else { return };
    ui.view.set_action_status(&t("revoking", &[]));
    let result = flow::revoke(&ui.transport, &mut turn.session, &token.owner_target(), &token.uuid).await;
    drop(turn);
    match result {
        Ok(()) => {
            ui.view.token_revoked();
            ui.view.set_action_status(&t("revoked_new", &[&token.name]));
        }
        Err(failure) => ui.view.set_action_status(&text(&messages::failure(&failure))),
    }
}
