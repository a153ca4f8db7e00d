//! The form: filled once when connected (so nothing the user types is lost), its optional parts kept
//! in step with its choices, and read when Generate is clicked.

use jenkins_api_token::form::TokenForm;
use jenkins_api_token::popup::{FormFill, Phase, Popup};
use web_sys::{Element, HtmlButtonElement, HtmlInputElement, HtmlSelectElement};

use crate::dom::{all, find, select_value, set_disabled, set_flag, set_hidden, set_select_value, set_text};
use crate::ids;
use crate::text::{say, text};

pub struct Form {
    form: Element,
    name: HtmlInputElement,
    expiry_row: Element,
    expiry: HtmlSelectElement,
    custom_date: HtmlInputElement,
    never_warning: Element,
    limit_note: Element,
    advanced: Element,
    for_user_parts: [Element; 3],
    for_user: HtmlInputElement,
    script_label: Element,
    use_script: HtmlInputElement,
    script_hint: Element,
    script_preview: Element,
    here_anyway: HtmlInputElement,
    generate: HtmlButtonElement,
}

impl Form {
    pub fn build(app: &Element) -> Form {
        Form {
            form: find(app, ids::TOKEN_FORM),
            name: find(app, ids::TOKEN_NAME),
            expiry_row: find(app, ids::EXPIRY_ROW),
            expiry: find(app, ids::TOKEN_EXPIRY),
            custom_date: find(app, ids::TOKEN_EXPIRY_DATE),
            never_warning: find(app, ids::NEVER_WARNING),
            limit_note: find(app, ids::LIMIT_NOTE),
            advanced: find(app, ids::ADVANCED),
            for_user_parts: [find(app, ids::FOR_USER_LABEL), find(app, ids::FOR_USER), find(app, ids::FOR_USER_HINT)],
            for_user: find(app, ids::FOR_USER),
            script_label: find(app, ids::SCRIPT_LABEL),
            use_script: find(app, ids::USE_SCRIPT),
            script_hint: find(app, ids::SCRIPT_HINT),
            script_preview: find(app, ids::SCRIPT_PREVIEW),
            here_anyway: find(app, ids::HERE_ANYWAY),
            generate: find(app, ids::GENERATE),
        }
    }

    pub fn draw(&self, popup: &Popup) {
        let legacy_only = popup.session().is_some_and(|session| session.legacy_only());
        set_hidden(&self.form, legacy_only || !matches!(popup.phase(), Phase::Ready) || popup.token().is_some());
        set_disabled(&self.generate, !popup.can_generate());
        set_flag(&self.form, "aria-busy", popup.minting());
        let view = popup.form();
        set_hidden(&self.expiry_row, !view.expiry_row);
        set_hidden(self.custom_date.as_ref(), !view.custom_date);
        set_hidden(&self.never_warning, !view.never_warning);
        set_hidden(&self.script_hint, view.script.is_none());
        set_hidden(&self.script_preview, view.script.is_none());
        if let Some(script) = &view.script {
            set_text(&self.script_preview, script);
        }
    }

    /// The default lifetime, the organisation's limit (presets over it and "never" gone, the custom
    /// date capped, and a note), the default name, and the paths it switched off.
    pub fn fill(&self, fill: &FormFill) {
        for option in all(&self.expiry, "option") {
            if !fill.offered.contains(&option.get_attribute("value").unwrap_or_default().as_str()) {
                option.remove();
            }
        }
        set_select_value(&self.expiry, fill.expiry);
        if let Some(date) = &fill.custom_date {
            self.custom_date.set_value(date);
        }
        self.custom_date.set_min(&fill.earliest);
        if let Some(latest) = &fill.latest {
            self.custom_date.set_max(latest);
        }
        if let Some(limit) = &fill.limit {
            say(&self.limit_note, Some(limit));
        }
        set_hidden(&self.limit_note, fill.limit.is_none());
        for part in &self.for_user_parts {
            set_hidden(part, !fill.for_others);
        }
        set_hidden(&self.script_label, !fill.script_console);
        set_hidden(&self.advanced, !fill.for_others && !fill.script_console);
        self.name.set_value(&text(&fill.name));
    }

    /// What the user typed.
    pub fn read(&self) -> TokenForm {
        TokenForm {
            name: self.name.value(),
            expiry: select_value(&self.expiry),
            custom_date: self.custom_date.value(),
            for_user: self.for_user.value(),
            use_script_console: self.use_script.checked(),
            here_anyway: self.here_anyway.checked(),
        }
    }
}
