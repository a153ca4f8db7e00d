//! The popup's DOM. The markup is static HTML in `extension/popup.html` (copied into the www page at
//! build time), so it shows at once and does not jump; this only shows, hides and fills it, from the
//! state in [`Popup`]. Typed values survive every state change. Server strings only ever go in as
//! text. The new token's part is in `result.rs`, the list's in `list.rs`.

mod list;
mod result;

use jenkins_api_token::day::Day;
use jenkins_api_token::failure::Failure;
use jenkins_api_token::flow::Session;
use jenkins_api_token::form::{self, TokenForm};
use jenkins_api_token::jenkins::deployment::Deployment;
use jenkins_api_token::jenkins::script::groovy;
use jenkins_api_token::messages;
use jenkins_api_token::popup::{Popup, Screen, Tab};
use jenkins_api_token::settings::Settings;
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::{
    Element, HtmlAnchorElement, HtmlButtonElement, HtmlInputElement, HtmlSelectElement, HtmlTemplateElement,
};

pub use list::{Cleanup, close_item_actions, item_busy, open_item_action};

use super::dom::{find, set_attr, set_hidden, set_text};
use crate::text::{t, text};

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
    cleanup: Element,
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
            cleanup: find(app, "cleanup"),
            token_item: find(app, "token-item"),
            snippet_item: find(app, "snippet-item"),
        }
    }

    /// Fills what is known once connected; called once, so it never overwrites what the user typed.
    pub fn show_session(&self, session: &Session, settings: &Settings, default_name: &str, today: Day) {
        let app = self.target.parent_element().expect_throw("the app");
        set_text(&find(&app, "jenkins-root"), &session.root.display_url());
        let version = session.version.as_ref().map_or_else(|| t("version_hidden", &[]), |version| version.to_string());
        set_text(&find(&app, "jenkins-version"), &version);
        set_text(&find(&app, "jenkins-user"), &session.user);
        // A full name that is not the id: the name first, then the id Basic auth needs, with its Copy.
        if let Some(full_name) = &session.full_name {
            set_text(&find(&app, "jenkins-full-name"), full_name);
            find::<Element>(&app, "user-facts").set_class_name("has-name");
        }
        find::<HtmlAnchorElement>(&app, "list-page").set_href(&session.tokens_url());
        self.name.set_value(default_name);
        self.apply_settings(session, settings, today);
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
        // The organisation names this controller's operations center: linked, not to be typed in.
        if let Some(center) = settings.operations_center(&session.root) {
            self.show_operations_center(center);
            set_hidden(&find(&app, "oc-form"), true);
        }
        set_hidden(&find(&app, "oc-note"), session.deployment != Deployment::OperationsCenter);
        self.form_changed(session);
    }

    /// The form as the settings want it: the default lifetime, the organisation's limit (presets over it
    /// and "never" gone, the custom date capped, and a note), and the paths it switched off.
    fn apply_settings(&self, session: &Session, settings: &Settings, today: Day) {
        let app = self.target.parent_element().expect_throw("the app");
        let options = self.expiry.query_selector_all("option").expect_throw("options");
        for index in 0..options.length() {
            if let Some(option) = options.item(index).and_then(|node| node.dyn_into::<Element>().ok())
                && !form::expiry_offered(settings, &option.get_attribute("value").unwrap_or_default())
            {
                option.remove();
            }
        }
        let (choice, date) = form::default_expiry(settings, today);
        self.expiry.set_value(choice);
        if let Some(date) = date {
            self.custom_date.set_value(&date);
        }
        self.custom_date.set_min(&today.to_string());
        if let Some(latest) = form::latest_expiry(settings, today) {
            self.custom_date.set_max(&latest);
        }
        let note = find(&app, "limit-note");
        if let Some(days) = settings.max_days {
            set_text(&note, &text(&messages::limit(days, session.offers_expiry())));
        }
        set_hidden(&note, settings.max_days.is_none());
        for id in ["for-user-label", "for-user", "for-user-hint"] {
            set_hidden(&find(&app, id), !settings.allow_mint_for_others);
        }
        set_hidden(&find(&app, "script-label"), !settings.allow_script_console);
        set_hidden(&find(&app, "advanced"), !settings.allow_mint_for_others && !settings.allow_script_console);
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

    pub fn render(&self, popup: &Popup) {
        let (screen, tab) = (popup.screen(), popup.tab());
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

    pub fn set_copy_status(&self, text: &str) {
        set_text(&self.copy_status, text);
    }

    pub fn set_action_status(&self, text: &str) {
        set_text(&self.action_status, text);
    }

    pub fn set_list_status(&self, text: &str) {
        set_text(&self.list_status, text);
    }

    /// A fresh copy of a template's one root element.
    fn clone_template(&self, template: &HtmlTemplateElement) -> Element {
        let root = template.content().first_element_child().expect_throw("a template with one root element");
        root.clone_node_with_deep(true).expect_throw("clone").unchecked_into()
    }
}
