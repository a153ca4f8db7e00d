//! The new token: shown once, masked after a while, with its snippets and actions.

use jenkins_api_token::flow::Session;
use jenkins_api_token::jenkins::snippets::{MASK, snippets};
use jenkins_api_token::jenkins::token::MintedToken;
use jenkins_api_token::messages;
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::Element;

use super::View;
use crate::text::{t, text};
use crate::ui::dom::{find, first, set_attr, set_hidden, set_text};

impl View {
    /// Shows a token once: in the field, in the snippets, with its expiry.
    pub fn show_token(&self, token: &MintedToken, session: &Session) {
        let owner = match &token.owner {
            Some(owner) => owner.as_str(),
            None => session.user.as_str(),
        };
        let intro = if token.legacy { t("intro_legacy", &[owner]) } else { t("intro_token", &[&token.name, owner]) };
        set_text(&find(&self.result, "result-intro"), &intro);
        let title = if token.legacy { "result_title_legacy" } else { "result_title" };
        set_text(&find(&self.result, "result-title"), &t(title, &[]));
        set_hidden(&self.revoke_new, token.legacy);
        self.token.set_value(token.value.expose());
        self.token.set_type("text");
        set_hidden(&self.reveal, true);
        let note = messages::expiry_note(token).map(|note| text(&note)).unwrap_or_default();
        let expiry_note = find(&self.result, "token-expiry-note");
        set_text(&expiry_note, &note);
        set_hidden(&expiry_note, note.is_empty());
        set_hidden(&find(&self.result, "token-shape-note"), token.legacy || token.value.has_known_shape());
        for element in [&self.copy_status, &self.action_status] {
            set_text(element, "");
        }
        set_hidden(&self.revoke_confirm, true);
        for button in [&self.verify, &self.revoke_new] {
            button.set_disabled(false);
        }
        self.snippets.set_text_content(None);
    }

    /// Hides the token (field and snippets) or shows it again; copying always copies the real value.
    pub fn set_masked(&self, token: &MintedToken, session: &Session, masked: bool) {
        self.token.set_type(if masked { "password" } else { "text" });
        set_hidden(&self.reveal, false);
        set_text(&self.reveal, &t(if masked { "button_show" } else { "button_hide" }, &[]));
        set_attr(&self.reveal, "aria-pressed", if masked { "false" } else { "true" });
        self.fill_snippets(token, session, masked);
    }

    pub fn is_masked(&self) -> bool {
        self.token.type_() == "password"
    }

    /// The snippets, with the token or masked. Drawn once per token, folded but for the first (curl);
    /// after that only their text changes, so a snippet the user opened stays open when the token is
    /// masked or shown again.
    pub fn fill_snippets(&self, token: &MintedToken, session: &Session, masked: bool) {
        let owner = token.owner.as_deref().unwrap_or(&session.user);
        let shown = if masked { MASK } else { token.value.expose() };
        let drawn = self.snippets.query_selector_all(".snippet-text").ok();
        for (index, snippet) in snippets(&session.root, owner, shown).into_iter().enumerate() {
            let text = match drawn.as_ref().and_then(|drawn| drawn.item(index as u32)) {
                Some(text) => text.unchecked_into(),
                None => {
                    let warning = snippet.warning.map(|warning| text(&messages::snippet_warning(warning)));
                    self.draw_snippet(index, &text(&messages::snippet_title(snippet.title)), warning.as_deref())
                }
            };
            set_text(&text, &snippet.text);
        }
    }

    /// A snippet's frame (title, caution and Copy button); returns where its text goes.
    fn draw_snippet(&self, index: usize, title: &str, warning: Option<&str>) -> Element {
        let item = self.clone_template(&self.snippet_item);
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
    pub fn focus_result(&self) {
        self.token.select();
    }

    pub fn set_revoke_confirm(&self, open: bool) {
        set_hidden(&self.revoke_confirm, !open);
        if open {
            let _ = self.revoke_yes.focus();
        }
    }

    /// After "Revoke this token": the value is useless now, so it is hidden and its actions end.
    pub fn token_revoked(&self) {
        self.set_revoke_confirm(false);
        self.token.set_type("password");
        set_hidden(&self.reveal, true);
        for button in [&self.verify, &self.revoke_new] {
            button.set_disabled(true);
        }
    }
}
