//! The token list: each token with its facts and hints, and the actions on it.

use jenkins_api_token::day::Day;
use jenkins_api_token::jenkins::token_list::{CleanupChoice, ListedToken};
use jenkins_api_token::messages;
use jenkins_api_token::popup::ListAction;
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::{Element, HtmlButtonElement, HtmlInputElement};

use super::View;
use crate::text::{t, text};
use crate::ui::dom::{first, set_attr, set_hidden, set_text};

impl View {
    /// No list to show (it could not be read).
    pub fn clear_list(&self) {
        self.token_list.set_text_content(None);
        self.set_list_status("");
    }

    /// Draws the list; each item carries its index for the delegated click handler.
    pub fn show_list(&self, tokens: &[ListedToken], today: Day) {
        self.token_list.set_text_content(None);
        let mut needing_attention = 0;
        for (index, token) in tokens.iter().enumerate() {
            let item = self.clone_template(&self.token_item);
            let li = &item;
            set_attr(li, "data-index", &index.to_string());
            set_text(&first(&item, ".token-name"), &token.name);
            set_hidden(&first(&item, ".badge"), !token.legacy);
            let facts: Vec<String> = messages::facts(token).iter().map(text).collect();
            set_text(&first(&item, ".token-facts"), &facts.join(" · "));
            let attention = token.attention(today);
            // Clean-up ticks dead weight, and says why a row is ticked or left for Rotate.
            let choice = token.cleanup_choice(today);
            let pick: HtmlInputElement = first(&item, ".cleanup-pick");
            pick.set_checked(matches!(choice, CleanupChoice::Revoke(_)));
            set_attr(&pick, "aria-label", &token.name);
            if let Some(reason) = messages::cleanup_reason(choice) {
                set_text(&first(&item, ".cleanup-why"), &text(&reason));
            }
            if !attention.is_empty() {
                needing_attention += 1;
                set_attr(li, "class", "token-item needs-attention");
            }
            let list: Element = first(&item, ".attention");
            for hint in attention {
                let entry = web_sys::window()
                    .and_then(|w| w.document())
                    .expect_throw("document")
                    .create_element("li")
                    .expect_throw("li");
                set_text(&entry, &text(&messages::attention(hint)));
                list.append_child(&entry).expect_throw("append");
            }
            if token.legacy {
                // A legacy token is revoked, not rotated: a new token replaces it under a new name.
                set_hidden(&first(&item, "[data-action=rotate]"), true);
            }
            self.token_list.append_child(&item).expect_throw("append");
        }
        self.set_cleanup(Cleanup::Off);
        set_hidden(&self.cleanup, tokens.is_empty());
        self.set_list_status(&match tokens.len() {
            0 => t("list_none", &[]),
            count => text(&messages::list_summary(count, needing_attention)),
        });
    }
}

/// Where the clean-up is: not started, choosing the tokens, or confirming what it will revoke.
pub enum Cleanup<'a> {
    Off,
    Choose,
    Confirm(&'a str),
}

impl View {
    pub fn set_cleanup(&self, step: Cleanup) {
        let find = |id: &str| -> Element { first(&self.cleanup, &format!("#{id}")) };
        set_hidden(&find("cleanup-open"), !matches!(step, Cleanup::Off));
        set_hidden(&find("cleanup-choose"), !matches!(step, Cleanup::Choose));
        set_hidden(&find("cleanup-confirm"), !matches!(step, Cleanup::Confirm(_)));
        let choosing = if matches!(step, Cleanup::Off) { "token-list" } else { "token-list choosing" };
        set_attr(&self.token_list, "class", choosing);
        if let Cleanup::Confirm(sentence) = step {
            set_text(&find("cleanup-confirm-text"), sentence);
            let _ = find("cleanup-yes").unchecked_into::<HtmlButtonElement>().focus();
        }
    }

    /// The tokens whose clean-up box is ticked, as indexes into the list.
    pub fn ticked(&self) -> Vec<usize> {
        let Ok(boxes) = self.token_list.query_selector_all(".cleanup-pick:checked") else { return Vec::new() };
        (0..boxes.length())
            .filter_map(|index| boxes.item(index)?.dyn_into::<Element>().ok()?.closest("li[data-index]").ok()?)
            .filter_map(|item| item.get_attribute("data-index")?.parse().ok())
            .collect()
    }
}

/// The list item's confirmation or rename form, opened for one action at a time.
pub fn open_item_action(item: &Element, action: ListAction, token: &ListedToken) {
    close_item_actions(item);
    match action {
        ListAction::Rename => {
            let form: Element = first(item, ".rename-form");
            let input: HtmlInputElement = first(&form, "input");
            input.set_value(&token.name);
            set_hidden(&form, false);
            let _ = input.focus();
            input.select();
        }
        ListAction::Rotate | ListAction::Revoke => {
            let confirm: Element = first(item, ".confirm");
            let (sentence, button) = match action {
                ListAction::Rotate => ("rotate_confirm", "button_rotate"),
                _ => ("revoke_confirm", "button_revoke"),
            };
            set_text(&first(&confirm, ".confirm-text"), &t(sentence, &[]));
            let yes: HtmlButtonElement = first(&confirm, "[data-action=confirm]");
            set_text(&yes, &t(button, &[]));
            set_attr(&yes, "data-confirms", action.name());
            set_hidden(&confirm, false);
            let _ = yes.focus();
        }
    }
}

pub fn close_item_actions(item: &Element) {
    set_hidden(&first(item, ".confirm"), true);
    set_hidden(&first(item, ".rename-form"), true);
}

pub fn item_busy(item: &Element, busy: bool) {
    if let Ok(buttons) = item.query_selector_all("button") {
        for index in 0..buttons.length() {
            if let Some(button) = buttons.item(index).and_then(|node| node.dyn_into::<HtmlButtonElement>().ok()) {
                button.set_disabled(busy);
            }
        }
    }
}
