//! What frames the panels: the status line, the alert, the Jenkins and user it is connected to, the
//! panel tabs, the operations-center warning and the legacy section.

use jenkins_api_token::jenkins::deployment::Deployment;
use jenkins_api_token::messages;
use jenkins_api_token::popup::{Alert, Panel, Phase, Popup};
use web_sys::{Element, HtmlAnchorElement, HtmlButtonElement, HtmlInputElement};

use crate::dom::{find, set_attr, set_flag, set_hidden, set_text};
use crate::ids;
use crate::text::{say, say_key, t, text, texts};

pub struct Frame {
    status: Element,
    alert: Element,
    alert_text: Element,
    alert_link: HtmlAnchorElement,
    target: Element,
    root: Element,
    version: Element,
    user_facts: Element,
    full_name: Element,
    user: Element,
    copy_user_id: Element,
    views: Element,
    pub tab_new: HtmlButtonElement,
    pub tab_list: HtmlButtonElement,
    panel_new: Element,
    panel_list: Element,
    oc_warning: Element,
    oc_warning_text: Element,
    oc_link: HtmlAnchorElement,
    oc_form: Element,
    oc_url: HtmlInputElement,
    oc_note: Element,
    here_anyway_row: Element,
    list_page: HtmlAnchorElement,
    legacy: Element,
    legacy_confirm: Element,
    open_options: Element,
    /// The session's facts are written once.
    /// Whether the session facts on screen are Jenkins' (`Some(true)`) or the page's; `None` before.
    facts_drawn: std::cell::Cell<Option<bool>>,
    oc_shown: std::cell::RefCell<Option<String>>,
}

impl Frame {
    pub fn build(app: &Element) -> Frame {
        Frame {
            status: find(app, ids::STATUS),
            alert: find(app, ids::ALERT),
            alert_text: find(app, ids::ALERT_TEXT),
            alert_link: find(app, ids::ALERT_LINK),
            target: find(app, ids::TARGET),
            root: find(app, ids::JENKINS_ROOT),
            version: find(app, ids::JENKINS_VERSION),
            user_facts: find(app, ids::USER_FACTS),
            full_name: find(app, ids::JENKINS_FULL_NAME),
            user: find(app, ids::JENKINS_USER),
            copy_user_id: find(app, ids::COPY_USER_ID),
            views: find(app, ids::VIEWS),
            tab_new: find(app, ids::TAB_NEW),
            tab_list: find(app, ids::TAB_LIST),
            panel_new: find(app, ids::PANEL_NEW),
            panel_list: find(app, ids::PANEL_LIST),
            oc_warning: find(app, ids::OC_WARNING),
            oc_warning_text: find(app, ids::OC_WARNING_TEXT),
            oc_link: find(app, ids::OC_LINK),
            oc_form: find(app, ids::OC_FORM),
            oc_url: find(app, ids::OC_URL),
            oc_note: find(app, ids::OC_NOTE),
            here_anyway_row: find(app, ids::HERE_ANYWAY_ROW),
            list_page: find(app, ids::LIST_PAGE),
            legacy: find(app, ids::LEGACY),
            legacy_confirm: find(app, ids::LEGACY_CONFIRM),
            open_options: find(app, ids::OPEN_OPTIONS),
            facts_drawn: std::cell::Cell::new(None),
            oc_shown: std::cell::RefCell::new(None),
        }
    }

    pub fn draw(&self, popup: &Popup) {
        let status = popup.status().map(|status| text(&status)).unwrap_or_default();
        set_text(&self.status, &status);
        set_hidden(&self.status, status.is_empty());
        self.draw_alert(popup.alert());
        let ready = matches!(popup.phase(), Phase::Ready);
        set_hidden(&self.target, !ready);
        set_hidden(&self.views, !ready);
        let panel = popup.panel();
        set_hidden(&self.panel_new, !ready || panel != Panel::New);
        set_hidden(&self.panel_list, !ready || panel != Panel::List);
        for (tab, selected) in [(&self.tab_new, panel == Panel::New), (&self.tab_list, panel == Panel::List)] {
            set_flag(tab, "aria-selected", selected);
            set_attr(tab, "tabindex", if selected { "0" } else { "-1" });
        }
        set_hidden(&self.open_options, !popup.host().options);
        let legacy_only = popup.session().is_some_and(|session| session.legacy_only());
        set_hidden(&self.legacy, !(legacy_only && ready));
        set_hidden(&self.legacy_confirm, !popup.legacy_confirm());
        if let Some(said) = popup.user_id_copied() {
            say(&self.copy_user_id, Some(said));
        }
        // Drawn from the page's session, then again once Jenkins has confirmed it (`data-confirmed`).
        if ready && self.facts_drawn.replace(Some(popup.confirmed())) != Some(popup.confirmed()) {
            self.draw_session(popup);
            set_flag(&self.target, "data-confirmed", popup.confirmed());
        }
        let center = popup.operations_center().map(str::to_owned);
        if *self.oc_shown.borrow() != center
            && let Some(url) = &center
        {
            self.oc_link.set_href(url);
            set_text(&self.oc_link, &t("oc_open", &[url]));
            set_hidden(&self.oc_link, false);
            self.oc_url.set_value(url);
        }
        *self.oc_shown.borrow_mut() = center;
    }

    fn draw_alert(&self, alert: Option<Alert>) {
        let (said, link) = match alert {
            Some(Alert::Failure(failure)) => {
                let link = messages::link(failure).map(|(label, url)| (text(&label), url.to_owned()));
                (text(&messages::failure(failure)), link)
            }
            Some(Alert::Said(sentences)) => (texts(sentences, " "), None),
            None => (String::new(), None),
        };
        set_text(&self.alert_text, &said);
        match link {
            Some((label, url)) => {
                set_text(&self.alert_link, &label);
                self.alert_link.set_href(&url);
                set_hidden(&self.alert_link, false);
            }
            None => set_hidden(&self.alert_link, true),
        }
        set_hidden(&self.alert, alert.is_none());
    }

    /// What is known of the session: from the page, then as Jenkins confirmed it.
    fn draw_session(&self, popup: &Popup) {
        let Some(session) = popup.session() else { return };
        set_text(&self.root, &session.root.display_url());
        let version = session.version.as_ref().map_or_else(|| t("version_hidden", &[]), ToString::to_string);
        set_text(&self.version, &version);
        set_text(&self.user, &session.user);
        // A full name that is not the id: the name first, then the id Basic auth needs, with its Copy.
        set_text(&self.full_name, session.full_name.as_deref().unwrap_or_default());
        self.user_facts.set_class_name(if session.full_name.is_some() { "has-name" } else { "" });
        self.list_page.set_href(&session.tokens_url());
        // Before 2.129 there is no token list and no new token: the one legacy token lives on the
        // Configure page, and the one tab is named after it.
        set_hidden(&self.tab_list, session.legacy_only());
        if session.legacy_only() {
            say_key(&self.tab_new, "tab_legacy");
        }
        if let Some(evidence) = session.deployment.connected_controller() {
            say(&self.oc_warning_text, Some(&messages::controller_warning(evidence)));
            set_hidden(&self.oc_warning, false);
            set_hidden(&self.here_anyway_row, false);
        }
        // The organisation names this controller's operations center: linked, not to be typed in.
        if popup.settings().operations_center(&session.root).is_some() {
            set_hidden(&self.oc_form, true);
        }
        set_hidden(&self.oc_note, session.deployment != Deployment::OperationsCenter);
    }

    /// The operations center's address as typed.
    pub fn typed_operations_center(&self) -> String {
        self.oc_url.value()
    }
}
