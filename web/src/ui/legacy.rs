//! Jenkins before 2.129: show the one legacy token, or change it after a confirmation.

use std::rc::Rc;

use jenkins_api_token::flow;
use jenkins_api_token::pending_mint::PendingMint;
use jenkins_api_token::popup::{Popup, Work};

use super::dom::DomHtml;
use super::{Ui, interrupted, new_token};
use crate::text::t;

pub async fn legacy(ui: Rc<Ui>, change: bool) {
    let work = if change { Work::ChangeLegacy } else { Work::ShowLegacy };
    let Some(mut turn) = Popup::take_turn(&ui.popup, work) else { return };
    ui.view.set_legacy_confirm(false);
    let (at_ms, day) = interrupted::now();
    let record = change.then(|| PendingMint::legacy_change(&turn.session, at_ms, day));
    let result = match &record {
        Some(record) => {
            ui.remember(record);
            flow::change_legacy_token(&ui.transport, &mut turn.session, &DomHtml).await
        }
        None => flow::legacy_token(&ui.transport, &turn.session, &DomHtml).await,
    };
    drop(turn);
    match result {
        Ok(token) => {
            ui.popup.borrow_mut().show_token(token);
            new_token::show_new_token(&ui);
            if change {
                ui.view.set_action_status(&t("legacy_changed", &[]));
            }
        }
        Err(failure) => ui.view.show_failure(&failure),
    }
    if let Some(record) = record {
        ui.forget(&record);
    }
}
