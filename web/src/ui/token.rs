//! The token, shown once: in its field, masked after a while, with its snippets (each quoted for its
//! format, a caution where it has one), Verify, Revoke and the clipboard box.

use std::cell::Cell;

use jenkins_api_token::jenkins::snippets::{MASK, snippets};
use jenkins_api_token::messages;
use jenkins_api_token::popup::{Popup, TokenPanel};
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::{Element, HtmlButtonElement, HtmlInputElement, HtmlTemplateElement};

use crate::dom::{clone_template, find, first, set_attr, set_disabled, set_flag, set_hidden, set_text};
use crate::ids;
use crate::text::{say, say_key, t, text, texts};

pub struct Token {
    result: Element,
    title: Element,
    intro: Element,
    value: HtmlInputElement,
    reveal: HtmlButtonElement,
    clear_row: Element,
    clear_box: HtmlInputElement,
    copy_status: Element,
    expiry_note: Element,
    shape_note: Element,
    verify: HtmlButtonElement,
    revoke: HtmlButtonElement,
    revoke_confirm: Element,
    revoke_yes: HtmlButtonElement,
    action_status: Element,
    snippets: Element,
    snippet_item: HtmlTemplateElement,
    /// The token drawn (its serial), and whether its snippets are, and masked.
    drawn: Cell<(u32, bool, bool)>,
}

impl Token {
    pub fn build(app: &Element) -> Token {
        Token {
            result: find(app, ids::RESULT),
            title: find(app, ids::RESULT_TITLE),
            intro: find(app, ids::RESULT_INTRO),
            value: find(app, ids::TOKEN_VALUE),
            reveal: find(app, ids::REVEAL),
            clear_row: find(app, ids::CLEAR_CLIPBOARD_ROW),
            clear_box: find(app, ids::CLEAR_CLIPBOARD),
            copy_status: find(app, ids::COPY_STATUS),
            expiry_note: find(app, ids::TOKEN_EXPIRY_NOTE),
            shape_note: find(app, ids::TOKEN_SHAPE_NOTE),
            verify: find(app, ids::VERIFY),
            revoke: find(app, ids::REVOKE_NEW),
            revoke_confirm: find(app, ids::REVOKE_NEW_CONFIRM),
            revoke_yes: find(app, ids::REVOKE_NEW_YES),
            action_status: find(app, ids::ACTION_STATUS),
            snippets: find(app, ids::SNIPPETS),
            snippet_item: find(app, ids::SNIPPET_ITEM),
            drawn: Cell::new((0, false, false)),
        }
    }

    pub fn draw(&self, popup: &Popup) {
        let clear_box = popup.clear_box();
        set_hidden(&self.clear_row, clear_box.is_none());
        let Some(panel) = popup.token() else {
            set_hidden(&self.result, true);
            return;
        };
        let (serial, snippets_drawn, masked) = self.drawn.get();
        if serial != panel.serial {
            self.show(panel);
        }
        self.value.set_type(if panel.masked { "password" } else { "text" });
        set_hidden(&self.reveal, !panel.revealable || panel.revoked);
        say_key(&self.reveal, if panel.masked { "button_show" } else { "button_hide" });
        set_flag(&self.reveal, "aria-pressed", !panel.masked);
        set_text(&self.copy_status, &texts(&panel.copy_status, " "));
        say(&self.action_status, panel.action_status.as_ref());
        set_hidden(&self.revoke_confirm, !panel.revoke_confirm);
        for button in [&self.verify, &self.revoke] {
            set_disabled(button, panel.revoked);
        }
        if let Some(clear_box) = clear_box {
            self.clear_box.set_checked(clear_box.ticked);
            set_disabled(&self.clear_box, clear_box.locked);
            let label = self.clear_box.next_element_sibling().expect_throw("the box's label");
            say(&label, Some(&clear_box.label));
        }
        // Drawn once per token, folded but for the first (curl); after that only their text
        // changes, so a snippet the user opened stays open when the token is masked or shown again.
        let (snippets_now, masked_now) = (panel.snippets, panel.masked);
        if panel.snippets && (serial != panel.serial || !snippets_drawn || masked != masked_now) {
            self.fill_snippets(popup, panel);
        }
        set_hidden(&self.result, false);
        self.drawn.set((panel.serial, snippets_now, masked_now));
    }

    /// A new token: its words, and none of the last one's statuses or snippets.
    fn show(&self, panel: &TokenPanel) {
        let token = &panel.token;
        let intro = if token.legacy {
            t("intro_legacy", &[&panel.owner])
        } else {
            t("intro_token", &[&token.name, &panel.owner])
        };
        set_text(&self.intro, &intro);
        say_key(&self.title, if token.legacy { "result_title_legacy" } else { "result_title" });
        set_hidden(&self.revoke, token.legacy);
        self.value.set_value(token.value.expose());
        let note = messages::expiry_note(token).map(|note| text(&note)).unwrap_or_default();
        set_text(&self.expiry_note, &note);
        set_hidden(&self.expiry_note, note.is_empty());
        set_hidden(&self.shape_note, token.legacy || token.value.has_known_shape());
        self.snippets.set_text_content(None);
    }

    fn fill_snippets(&self, popup: &Popup, panel: &TokenPanel) {
        let Some(session) = popup.session() else { return };
        let shown = if panel.masked { MASK } else { panel.token.value.expose() };
        let drawn = self.snippets.query_selector_all(".snippet-text").ok();
        for (index, snippet) in snippets(&session.root, &panel.owner, shown).into_iter().enumerate() {
            let place = match drawn.as_ref().and_then(|drawn| drawn.item(index as u32)) {
                Some(place) => place.unchecked_into(),
                None => {
                    let warning = snippet.warning.map(|warning| text(&messages::snippet_warning(warning)));
                    self.draw_snippet(index, &text(&messages::snippet_title(snippet.title)), warning.as_deref())
                }
            };
            set_text(&place, &snippet.text);
        }
    }

    /// A snippet's frame (title, caution and Copy button); answers where its text goes.
    fn draw_snippet(&self, index: usize, title: &str, warning: Option<&str>) -> Element {
        let item = clone_template(&self.snippet_item);
        if index == 0 {
            set_attr(&item, "open", "");
        }
        set_text(&first(&item, ".snippet-title"), title);
        if let Some(warning) = warning {
            let shown: Element = first(&item, ".snippet-warning");
            set_text(&shown, warning);
            set_hidden(&shown, false);
        }
        let copy: Element = first(&item, ".snippet-copy");
        set_attr(&copy, "data-index", &index.to_string());
        set_attr(&copy, "aria-label", &t("aria_copy_snippet", &[title]));
        self.snippets.append_child(&item).expect_throw("append");
        first(&item, ".snippet-text")
    }

    /// The token field takes the focus with its value selected, so Ctrl+C copies it again.
    pub fn select(&self) {
        self.value.select();
    }

    pub fn focus_revoke_yes(&self) {
        let _ = self.revoke_yes.focus();
    }
}
