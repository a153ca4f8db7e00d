//! My tokens: each token with its facts and hints, Clean up…'s boxes and reasons, and the rename
//! form or confirmation of one item at a time.

use std::cell::Cell;

use jenkins_api_token::jenkins::token_list::{CleanupChoice, ListedToken};
use jenkins_api_token::messages;
use jenkins_api_token::popup::{Cleanup, ListAction, Popup};
use wasm_bindgen::UnwrapThrowExt;
use web_sys::{Element, HtmlButtonElement, HtmlInputElement, HtmlTemplateElement};

use crate::dom::{all, clone_template, find, first, set_attr, set_disabled, set_hidden, set_text};
use crate::ids;
use crate::text::{say, say_key, texts};

pub struct List {
    status: Element,
    cleanup: Element,
    cleanup_open: Element,
    cleanup_choose: Element,
    cleanup_confirm: Element,
    cleanup_confirm_text: Element,
    cleanup_yes: HtmlButtonElement,
    items: Element,
    token_item: HtmlTemplateElement,
    /// The read drawn (its serial), and the item action open then.
    drawn: Cell<(u32, Option<(usize, ListAction)>)>,
}

impl List {
    pub fn build(app: &Element) -> List {
        List {
            status: find(app, ids::LIST_STATUS),
            cleanup: find(app, ids::CLEANUP),
            cleanup_open: find(app, ids::CLEANUP_OPEN),
            cleanup_choose: find(app, ids::CLEANUP_CHOOSE),
            cleanup_confirm: find(app, ids::CLEANUP_CONFIRM),
            cleanup_confirm_text: find(app, ids::CLEANUP_CONFIRM_TEXT),
            cleanup_yes: find(app, ids::CLEANUP_YES),
            items: find(app, ids::TOKEN_LIST),
            token_item: find(app, ids::TOKEN_ITEM),
            drawn: Cell::new((0, None)),
        }
    }

    pub fn draw(&self, popup: &Popup) {
        let list = popup.list();
        say(&self.status, list.status.as_ref());
        let (serial, open) = self.drawn.get();
        if serial != list.serial {
            self.items.set_text_content(None);
            for (index, token) in list.tokens.iter().flatten().enumerate() {
                self.draw_item(index, token, popup);
            }
        }
        set_hidden(&self.cleanup, list.tokens.as_ref().is_none_or(Vec::is_empty));
        set_hidden(&self.cleanup_open, !matches!(list.cleanup, Cleanup::Off));
        set_hidden(&self.cleanup_choose, !matches!(list.cleanup, Cleanup::Choose));
        set_hidden(&self.cleanup_confirm, !matches!(list.cleanup, Cleanup::Confirm(_)));
        if let Cleanup::Confirm(sentence) = &list.cleanup {
            say(&self.cleanup_confirm_text, Some(sentence));
        }
        let choosing = if matches!(list.cleanup, Cleanup::Off) { "token-list" } else { "token-list choosing" };
        set_attr(&self.items, "class", choosing);
        for (index, item) in self.item_elements().into_iter().enumerate() {
            let opened = list.open.filter(|(at, _)| *at == index).map(|(_, action)| action);
            let was_open = open.filter(|(at, _)| *at == index).map(|(_, action)| action);
            self.draw_action(
                &item,
                opened,
                was_open != opened || serial != list.serial,
                popup.list().tokens.as_ref().and_then(|tokens| tokens.get(index)),
            );
            let busy = list.busy_item == Some(index);
            for button in all(&item, "button") {
                set_disabled(&button, busy);
            }
        }
        self.drawn.set((list.serial, list.open));
    }

    fn item_elements(&self) -> Vec<Element> {
        all(&self.items, "li[data-index]")
    }

    /// One token; the item carries its index for the delegated click handler.
    fn draw_item(&self, index: usize, token: &ListedToken, popup: &Popup) {
        let item = clone_template(&self.token_item);
        set_attr(&item, "data-index", &index.to_string());
        set_text(&first(&item, ".token-name"), &token.name);
        set_hidden(&first(&item, ".badge"), !token.legacy);
        set_text(&first(&item, ".token-facts"), &texts(&messages::facts(token), " · "));
        // Clean-up ticks dead weight, and says why a row is ticked or left for Rotate.
        let choice = token.cleanup_choice(popup.today());
        let pick: HtmlInputElement = first(&item, ".cleanup-pick");
        pick.set_checked(matches!(choice, CleanupChoice::Revoke(_)));
        set_attr(&pick, "aria-label", &token.name);
        if let Some(reason) = messages::cleanup_reason(choice) {
            say(&first(&item, ".cleanup-why"), Some(&reason));
        }
        let attention = token.attention(popup.today());
        if !attention.is_empty() {
            set_attr(&item, "class", "token-item needs-attention");
        }
        let hints: Element = first(&item, ".attention");
        let document = item.owner_document().expect_throw("a document");
        for hint in attention {
            let entry = document.create_element("li").expect_throw("li");
            say(&entry, Some(&messages::attention(hint)));
            hints.append_child(&entry).expect_throw("append");
        }
        if token.legacy {
            // A legacy token is revoked, not rotated: a new token replaces it under a new name.
            set_hidden(&first(&item, "[data-action=rotate]"), true);
        }
        self.items.append_child(&item).expect_throw("append");
    }

    /// The item's confirmation or rename form, open for one action at a time; filled when it opens.
    fn draw_action(&self, item: &Element, open: Option<ListAction>, opening: bool, token: Option<&ListedToken>) {
        let confirm: Element = first(item, ".confirm");
        let rename: Element = first(item, ".rename-form");
        set_hidden(&rename, open != Some(ListAction::Rename));
        set_hidden(&confirm, !matches!(open, Some(ListAction::Revoke | ListAction::Rotate)));
        if !opening {
            return;
        }
        match (open, token) {
            (Some(ListAction::Rename), Some(token)) => {
                first::<HtmlInputElement>(&rename, "input").set_value(&token.name)
            }
            (Some(action @ (ListAction::Revoke | ListAction::Rotate)), _) => {
                let (sentence, label) = match action {
                    ListAction::Rotate => ("rotate_confirm", "button_rotate"),
                    _ => ("revoke_confirm", "button_revoke"),
                };
                say_key(&first(&confirm, ".confirm-text"), sentence);
                let yes: Element = first(&confirm, "[data-action=confirm]");
                say_key(&yes, label);
                set_attr(&yes, "data-confirms", action.name());
            }
            _ => {}
        }
    }

    /// The indexes of the items whose Clean up… box is ticked.
    pub fn ticked(&self) -> Vec<usize> {
        all(&self.items, ".cleanup-pick:checked")
            .into_iter()
            .filter_map(|tick| tick.closest("li[data-index]").ok()??.get_attribute("data-index")?.parse().ok())
            .collect()
    }

    /// Focus on the open rename field (its text selected) or confirmation button of item `index`.
    pub fn focus_item(&self, index: usize, rename: bool) {
        let Some(item) = self.item_elements().into_iter().nth(index) else { return };
        if rename {
            let input: HtmlInputElement = first(&item, ".rename-form input");
            let _ = input.focus();
            input.select();
        } else {
            let _ = first::<HtmlButtonElement>(&item, "[data-action=confirm]").focus();
        }
    }

    pub fn focus_cleanup_yes(&self) {
        let _ = self.cleanup_yes.focus();
    }
}
