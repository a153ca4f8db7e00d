//! The popup's DOM. The markup is static HTML in `extension/popup.html` (copied into the www page at
//! build time), so it shows at once and does not jump; this only shows, hides and fills it. Typed
//! values survive every state change. Server strings only ever go in as text.

use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::{
    Element, HtmlAnchorElement, HtmlButtonElement, HtmlInputElement, HtmlSelectElement, HtmlTemplateElement,
};

use super::dom::{find, first, set_attr, set_hidden, set_text};
use crate::text::{t, text};
use jenkins_api_token::flow::{Popup, Screen, Session};
use jenkins_api_token::form::TokenForm;
use jenkins_api_token::jenkins::day::Day;
use jenkins_api_token::jenkins::deployment::Deployment;
use jenkins_api_token::jenkins::errors::Failure;
use jenkins_api_token::jenkins::script::groovy;
use jenkins_api_token::jenkins::snippets::{MASK, snippets};
use jenkins_api_token::jenkins::token::MintedToken;
use jenkins_api_token::jenkins::token_list::ListedToken;
use jenkins_api_token::messages;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    New,
    List,
}

pub struct View {
    status: Element,
    alert: Element,
    alert_text: Element,
    alert_link: HtmlAnchorElement,
    target: Element,
    views: Element,
    pub tab_new: HtmlButtonElement,
    pub tab_list: HtmlButtonElement,
    panel_new: Element,
    panel_list: Element,
    form: Element,
    name: HtmlInputElement,
    expiry_row: Element,
    expiry: HtmlSelectElement,
    custom_date: HtmlInputElement,
    never_warning: Element,
    for_user: HtmlInputElement,
    use_script: HtmlInputElement,
    script_hint: Element,
    script_preview: Element,
    here_anyway_row: Element,
    here_anyway: HtmlInputElement,
    oc_warning: Element,
    oc_link: HtmlAnchorElement,
    pub oc_url: HtmlInputElement,
    legacy: Element,
    legacy_confirm: Element,
    generate: HtmlButtonElement,
    result: Element,
    token: HtmlInputElement,
    pub clear_clipboard: HtmlInputElement,
    reveal: HtmlButtonElement,
    copy_status: Element,
    verify: HtmlButtonElement,
    revoke_new: HtmlButtonElement,
    revoke_confirm: Element,
    revoke_yes: HtmlButtonElement,
    action_status: Element,
    snippets: Element,
    list_status: Element,
    token_list: Element,
    token_item: HtmlTemplateElement,
    snippet_item: HtmlTemplateElement,
}

impl View {
    /// Finds the popup's elements inside `app`, which holds the markup of `extension/popup.html`.
    pub fn build(app: &Element) -> View {
        View {
            status: find(app, "status"),
            alert: find(app, "alert"),
            alert_text: find(app, "alert-text"),
            alert_link: find(app, "alert-link"),
            target: find(app, "target"),
            views: find(app, "views"),
            tab_new: find(app, "tab-new"),
            tab_list: find(app, "tab-list"),
            panel_new: find(app, "panel-new"),
            panel_list: find(app, "panel-list"),
            form: find(app, "token-form"),
            name: find(app, "token-name"),
            expiry_row: find(app, "expiry-row"),
            expiry: find(app, "token-expiry"),
            custom_date: find(app, "token-expiry-date"),
            never_warning: find(app, "never-warning"),
            for_user: find(app, "for-user"),
            use_script: find(app, "use-script"),
            script_hint: find(app, "script-hint"),
            script_preview: find(app, "script-preview"),
            here_anyway_row: find(app, "here-anyway-row"),
            here_anyway: find(app, "here-anyway"),
            oc_warning: find(app, "oc-warning"),
            oc_link: find(app, "oc-link"),
            oc_url: find(app, "oc-url"),
            legacy: find(app, "legacy"),
            legacy_confirm: find(app, "legacy-confirm"),
            generate: find(app, "generate"),
            result: find(app, "result"),
            token: find(app, "token-value"),
            clear_clipboard: find(app, "clear-clipboard"),
            reveal: find(app, "reveal"),
            copy_status: find(app, "copy-status"),
            verify: find(app, "verify"),
            revoke_new: find(app, "revoke-new"),
            revoke_confirm: find(app, "revoke-new-confirm"),
            revoke_yes: find(app, "revoke-new-yes"),
            action_status: find(app, "action-status"),
            snippets: find(app, "snippets"),
            list_status: find(app, "list-status"),
            token_list: find(app, "token-list"),
            token_item: find(app, "token-item"),
            snippet_item: find(app, "snippet-item"),
        }
    }

    /// Fills what is known once connected; called once, so it never overwrites what the user typed.
    pub fn show_session(&self, session: &Session, default_name: &str, today: &str) {
        let app = self.target.parent_element().expect_throw("the app");
        set_text(&find(&app, "jenkins-root"), &session.root.display_url());
        let version = session.version.as_ref().map_or_else(|| t("version_hidden", &[]), |version| version.to_string());
        set_text(&find(&app, "jenkins-version"), &version);
        set_text(&find(&app, "jenkins-user"), &session.user);
        find::<HtmlAnchorElement>(&app, "list-page").set_href(&session.tokens_url());
        self.name.set_value(default_name);
        self.custom_date.set_min(today);
        // Before 2.129 there is no token list and no new token: the one legacy token lives on the
        // Configure page, and the one tab is named after it.
        set_hidden(&self.tab_list, session.legacy_only());
        if session.legacy_only() {
            set_text(&self.tab_new, &t("tab_legacy", &[]));
        }
        if let Some(evidence) = session.deployment.connected_controller() {
            set_text(&find(&app, "oc-warning-text"), &text(&messages::controller_warning(evidence)));
            set_hidden(&self.oc_warning, false);
            set_hidden(&self.here_anyway_row, false);
        }
        set_hidden(&find(&app, "oc-note"), session.deployment != Deployment::OperationsCenter);
        self.form_changed(session);
    }

    /// Keeps the form's optional parts in step with its choices: the expiry date or warning, and the
    /// exact script the script console would run.
    pub fn form_changed(&self, session: &Session) {
        let choice = self.expiry.value();
        let scripted = self.use_script.checked();
        set_hidden(&self.expiry_row, !session.offers_expiry() || scripted);
        set_hidden(self.custom_date.as_ref(), choice != "custom");
        set_hidden(&self.never_warning, choice != "never");
        set_hidden(&self.script_hint, !scripted);
        set_hidden(&self.script_preview, !scripted);
        if scripted {
            let for_user = self.for_user.value();
            let owner = if for_user.trim().is_empty() { session.user.as_str() } else { for_user.trim() };
            set_text(&self.script_preview, &groovy(owner, self.name.value().trim()));
        }
    }

    /// Where the operations center is, once the user has said.
    pub fn show_operations_center(&self, url: &str) {
        self.oc_link.set_href(url);
        set_text(&self.oc_link, &t("oc_open", &[url]));
        set_hidden(&self.oc_link, false);
        self.oc_url.set_value(url);
    }

    pub fn set_legacy_confirm(&self, open: bool) {
        set_hidden(&self.legacy_confirm, !open);
    }

    pub fn read_form(&self) -> TokenForm {
        TokenForm {
            name: self.name.value(),
            expiry: self.expiry.value(),
            custom_date: self.custom_date.value(),
            for_user: self.for_user.value(),
            use_script_console: self.use_script.checked(),
            here_anyway: self.here_anyway.checked(),
        }
    }

    pub fn render(&self, popup: &Popup, tab: Tab) {
        let screen = popup.screen();
        let status = match screen {
            Screen::Connecting => t("status_connecting", &[]),
            Screen::Minting => t("status_minting", &[]),
            _ => String::new(),
        };
        set_text(&self.status, &status);
        set_hidden(&self.status, status.is_empty());
        let connected = !matches!(screen, Screen::Connecting | Screen::Failed(_));
        set_hidden(&self.target, !connected);
        set_hidden(&self.views, !connected);
        set_hidden(&self.panel_new, !connected || tab != Tab::New);
        set_hidden(&self.panel_list, !connected || tab != Tab::List);
        for (button, selected) in [(&self.tab_new, tab == Tab::New), (&self.tab_list, tab == Tab::List)] {
            set_attr(button, "aria-selected", if selected { "true" } else { "false" });
            set_attr(button, "tabindex", if selected { "0" } else { "-1" });
        }
        let legacy_only = popup.session().is_some_and(Session::legacy_only);
        set_hidden(&self.form, legacy_only || !matches!(screen, Screen::Ready { .. } | Screen::Minting));
        // The legacy actions stay under a shown token: the user reads it, then may decide to change it.
        set_hidden(&self.legacy, !legacy_only || !matches!(screen, Screen::Ready { .. } | Screen::Minted(_)));
        self.generate.set_disabled(!matches!(screen, Screen::Ready { .. }));
        set_attr(&self.form, "aria-busy", if matches!(screen, Screen::Minting) { "true" } else { "false" });
        match screen {
            Screen::Failed(failure) | Screen::Ready { failure: Some(failure) } => self.show_failure(failure),
            Screen::Ready { failure: None } | Screen::Minting => self.clear_alert(),
            Screen::Connecting | Screen::Minted(_) => {}
        }
        set_hidden(&self.result, !matches!(screen, Screen::Minted(_)));
    }

    pub fn show_failure(&self, failure: &Failure) {
        let link = messages::link(failure).map(|(label, url)| (text(&label), url));
        self.show_alert(&text(&messages::failure(failure)), link.as_ref().map(|(label, url)| (label.as_str(), *url)));
    }

    pub fn show_alert(&self, message: &str, link: Option<(&str, &str)>) {
        set_text(&self.alert_text, message);
        match link {
            Some((label, url)) => {
                set_text(&self.alert_link, label);
                self.alert_link.set_href(url);
                set_hidden(&self.alert_link, false);
            }
            None => set_hidden(&self.alert_link, true),
        }
        set_hidden(&self.alert, false);
    }

    pub fn clear_alert(&self) {
        set_text(&self.alert_text, "");
        set_hidden(&self.alert, true);
    }

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
        let note = match token.expiration.as_deref() {
            Some("never") => t("expiry_note_never", &[]),
            Some(date) if token.about_to_expire => t("expiry_note_soon", &[date]),
            Some(date) => t("expiry_note", &[date]),
            None => String::new(),
        };
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
                None => self.draw_snippet(index, &text(&messages::snippet_title(snippet.title))),
            };
            set_text(&text, &snippet.text);
        }
    }

    /// A snippet's frame (title and Copy button); returns where its text goes.
    fn draw_snippet(&self, index: usize, title: &str) -> Element {
        let item = self.clone_template(&self.snippet_item);
        if index == 0 {
            set_attr(&item, "open", "");
        }
        set_text(&first(&item, ".snippet-title"), title);
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

    pub fn set_copy_status(&self, text: &str) {
        set_text(&self.copy_status, text);
    }

    pub fn set_action_status(&self, text: &str) {
        set_text(&self.action_status, text);
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

    pub fn set_list_status(&self, text: &str) {
        set_text(&self.list_status, text);
    }

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
        self.set_list_status(&match (tokens.len(), needing_attention) {
            (0, _) => t("list_none", &[]),
            (1, 0) => t("list_one", &[]),
            (1, _) => t("list_one_attention", &[]),
            (count, 0) => t("list_many", &[&count.to_string()]),
            (count, attention) => t("list_many_attention", &[&count.to_string(), &attention.to_string()]),
        });
    }

    /// A fresh copy of a template's one root element.
    fn clone_template(&self, template: &HtmlTemplateElement) -> Element {
        let root = template.content().first_element_child().expect_throw("a template with one root element");
        root.clone_node_with_deep(true).expect_throw("clone").unchecked_into()
    }
}

/// The list item's confirmation or rename form, opened for one action at a time.
pub fn open_item_action(item: &Element, action: &str, token: &ListedToken) {
    close_item_actions(item);
    match action {
        "rename" => {
            let form: Element = first(item, ".rename-form");
            let input: HtmlInputElement = first(&form, "input");
            input.set_value(&token.name);
            set_hidden(&form, false);
            let _ = input.focus();
            input.select();
        }
        "rotate" | "revoke" => {
            let confirm: Element = first(item, ".confirm");
            let (text, button) = match action {
                "rotate" => ("rotate_confirm", "button_rotate"),
                _ => ("revoke_confirm", "button_revoke"),
            };
            set_text(&first(&confirm, ".confirm-text"), &t(text, &[]));
            let yes: HtmlButtonElement = first(&confirm, "[data-action=confirm]");
            set_text(&yes, &t(button, &[]));
            set_attr(&yes, "data-confirms", action);
            set_hidden(&confirm, false);
            let _ = yes.focus();
        }
        _ => {}
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
