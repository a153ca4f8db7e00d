//! The popup's DOM: built once at mount, then shown, hidden and filled by [`View::render`], so typed
//! values survive every state change and nothing jumps around.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement, HtmlInputElement, HtmlSelectElement};

use super::dom::{add, set_hidden, set_text};
use crate::flow::{Popup, Screen, Session};
use crate::form::{DEFAULT_EXPIRY, EXPIRY_CHOICES, NEVER_EXPIRES_WARNING, TokenForm};
use crate::jenkins::errors::Failure;
use crate::jenkins::token::MintedToken;

pub struct View {
    status: Element,
    alert: Element,
    alert_text: Element,
    alert_link: Element,
    target: Element,
    root: Element,
    version: Element,
    user: Element,
    pub form: Element,
    name: HtmlInputElement,
    expiry_row: Element,
    pub expiry: HtmlSelectElement,
    custom_date: HtmlInputElement,
    never_warning: Element,
    generate: HtmlButtonElement,
    result: Element,
    result_intro: Element,
    token: HtmlInputElement,
    pub copy: HtmlButtonElement,
    copy_status: Element,
    expiry_note: Element,
}

impl View {
    pub fn build(app: &Element) -> View {
        app.set_text_content(None);
        let status = add(app, "p", &[("id", "status"), ("role", "status"), ("class", "status")], "");
        let alert = add(app, "div", &[("id", "alert"), ("role", "alert"), ("class", "alert")], "");
        let alert_text = add(&alert, "span", &[("id", "alert-text")], "");
        let alert_link =
            add(&alert, "a", &[("id", "alert-link"), ("target", "_blank"), ("rel", "noopener noreferrer")], "");

        let target = add(app, "dl", &[("id", "target"), ("class", "target"), ("aria-label", "Connected Jenkins")], "");
        let row = |label: &str, id: &str| {
            add(&target, "dt", &[], label);
            add(&target, "dd", &[("id", id)], "")
        };
        let root = row("Jenkins", "jenkins-root");
        let version = row("Version", "jenkins-version");
        let user = row("User", "jenkins-user");

        let form = add(app, "form", &[("id", "token-form"), ("class", "token-form"), ("novalidate", "")], "");
        add(&form, "label", &[("for", "token-name")], "Token name");
        let name = add(
            &form,
            "input",
            &[("id", "token-name"), ("type", "text"), ("autocomplete", "off"), ("spellcheck", "false")],
            "",
        )
        .unchecked_into::<HtmlInputElement>();
        let expiry_row = add(&form, "div", &[("id", "expiry-row"), ("class", "expiry-row")], "");
        add(&expiry_row, "label", &[("for", "token-expiry")], "Expires");
        let expiry = add(&expiry_row, "select", &[("id", "token-expiry")], "").unchecked_into::<HtmlSelectElement>();
        for (value, label) in EXPIRY_CHOICES {
            let option = add(&expiry, "option", &[("value", value)], label);
            if value == DEFAULT_EXPIRY {
                option.set_attribute("selected", "").expect("attribute");
            }
        }
        let custom_date = add(
            &expiry_row,
            "input",
            &[("id", "token-expiry-date"), ("type", "date"), ("aria-label", "Expiry date")],
            "",
        )
        .unchecked_into::<HtmlInputElement>();
        let never_warning =
            add(&expiry_row, "p", &[("id", "never-warning"), ("class", "warning")], NEVER_EXPIRES_WARNING);
        let generate =
            add(&form, "button", &[("id", "generate"), ("type", "submit"), ("class", "primary")], "Generate")
                .unchecked_into::<HtmlButtonElement>();

        let result =
            add(app, "section", &[("id", "result"), ("class", "result"), ("aria-labelledby", "result-title")], "");
        add(&result, "h2", &[("id", "result-title")], "Your new API token");
        let result_intro = add(&result, "p", &[("id", "result-intro")], "");
        let token_row = add(&result, "div", &[("class", "token-row")], "");
        let token = add(
            &token_row,
            "input",
            &[("id", "token-value"), ("readonly", ""), ("aria-label", "API token"), ("spellcheck", "false")],
            "",
        )
        .unchecked_into::<HtmlInputElement>();
        let copy = add(&token_row, "button", &[("id", "copy"), ("type", "button")], "Copy")
            .unchecked_into::<HtmlButtonElement>();
        let copy_status = add(&result, "p", &[("id", "copy-status"), ("role", "status")], "");
        let expiry_note = add(&result, "p", &[("id", "token-expiry-note")], "");

        View {
            status,
            alert,
            alert_text,
            alert_link,
            target,
            root,
            version,
            user,
            form,
            name,
            expiry_row,
            expiry,
            custom_date,
            never_warning,
            generate,
            result,
            result_intro,
            token,
            copy,
            copy_status,
            expiry_note,
        }
    }

    /// Fills what is known once connected; called once, so it never overwrites what the user typed.
    pub fn show_session(&self, session: &Session, default_name: &str, today: &str) {
        set_text(&self.root, &session.root.display_url());
        set_text(&self.version, session.version.as_ref().map_or("(hidden by the server)", |version| version.as_str()));
        set_text(&self.user, &session.user);
        self.name.set_value(default_name);
        self.custom_date.set_min(today);
        set_hidden(&self.expiry_row, !session.offers_expiry());
        self.expiry_changed();
    }

    pub fn expiry_changed(&self) {
        let choice = self.expiry.value();
        set_hidden(self.custom_date.as_ref(), choice != "custom");
        set_hidden(&self.never_warning, choice != "never");
    }

    pub fn read_form(&self) -> TokenForm {
        TokenForm { name: self.name.value(), expiry: self.expiry.value(), custom_date: self.custom_date.value() }
    }

    pub fn render(&self, popup: &Popup) {
        let screen = popup.screen();
        let status = match screen {
            Screen::Connecting => "Connecting to Jenkins…",
            Screen::Minting => "Creating the token…",
            _ => "",
        };
        set_text(&self.status, status);
        set_hidden(&self.status, status.is_empty());
        set_hidden(&self.target, popup.session().is_none() && !matches!(screen, Screen::Minting | Screen::Minted(_)));
        let form_visible = matches!(screen, Screen::Ready { .. } | Screen::Minting);
        set_hidden(&self.form, !form_visible);
        self.generate.set_disabled(!matches!(screen, Screen::Ready { .. }));
        self.form
            .set_attribute("aria-busy", if matches!(screen, Screen::Minting) { "true" } else { "false" })
            .expect("attribute");
        match screen {
            Screen::Failed(failure) | Screen::Ready { failure: Some(failure) } => self.show_failure(failure),
            _ => self.clear_alert(),
        }
        match screen {
            Screen::Minted(token) => {
                self.show_token(token, popup.session().map_or("", |session| session.user.as_str()))
            }
            _ => set_hidden(&self.result, true),
        }
    }

    pub fn show_failure(&self, failure: &Failure) {
        self.show_alert(&failure.message(), failure.link());
    }

    pub fn show_alert(&self, message: &str, link: Option<(&str, &str)>) {
        set_text(&self.alert_text, message);
        match link {
            Some((label, url)) => {
                set_text(&self.alert_link, label);
                self.alert_link.set_attribute("href", url).expect("attribute");
                set_hidden(&self.alert_link, false);
            }
            None => set_hidden(&self.alert_link, true),
        }
        set_hidden(&self.alert, false);
    }

    fn clear_alert(&self) {
        set_text(&self.alert_text, "");
        set_hidden(&self.alert, true);
    }

    fn show_token(&self, token: &MintedToken, user: &str) {
        set_text(
            &self.result_intro,
            &format!("“{}” for {user}. Jenkins shows a token only once: keep it somewhere safe now.", token.name),
        );
        self.token.set_value(token.value.expose());
        let note = match token.expiration.as_deref() {
            Some("never") => "This token never expires.".to_owned(),
            Some(date) if token.about_to_expire => format!("Expires on {date} (within a week)."),
            Some(date) => format!("Expires on {date}."),
            None => String::new(),
        };
        set_text(&self.expiry_note, &note);
        set_hidden(&self.expiry_note, note.is_empty());
        set_hidden(&self.result, false);
    }

    pub fn token_value(&self) -> String {
        self.token.value()
    }

    pub fn set_copy_status(&self, text: &str) {
        set_text(&self.copy_status, text);
    }

    pub fn focus_result(&self) {
        let _ = self.copy.focus();
        self.token.select();
    }
}
