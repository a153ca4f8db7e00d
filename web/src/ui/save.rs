//! "Save to this computer…" under a new token (docs/native-host.md): its button, what the native host
//! said, the install commands where it is not installed, and the files it offers, each a button.

use std::cell::Cell;

use jenkins_api_token::popup::{INSTALL_COMMANDS, Popup};
use wasm_bindgen::UnwrapThrowExt;
use web_sys::{Element, HtmlButtonElement, HtmlTemplateElement};

use crate::dom::{clone_template, find, first, set_attr, set_disabled, set_hidden, set_text};
use crate::ids;
use crate::text::say;

pub struct Save {
    section: Element,
    open: HtmlButtonElement,
    status: Element,
    install: Element,
    choose: Element,
    targets: Element,
    item: HtmlTemplateElement,
    /// The serial of the targets drawn.
    drawn: Cell<u32>,
}

impl Save {
    pub fn build(app: &Element) -> Save {
        let install: Element = find(app, ids::SAVE_INSTALL);
        set_text(&install, INSTALL_COMMANDS);
        Save {
            section: find(app, ids::SAVE_LOCAL),
            open: find(app, ids::SAVE_OPEN),
            status: find(app, ids::SAVE_STATUS),
            install,
            choose: find(app, ids::SAVE_CHOOSE),
            targets: find(app, ids::SAVE_TARGETS),
            item: find(app, ids::SAVE_TARGET),
            drawn: Cell::new(0),
        }
    }

    pub fn draw(&self, popup: &Popup) {
        let Some(panel) = popup.save_panel() else {
            set_hidden(&self.section, true);
            return;
        };
        set_hidden(&self.section, false);
        set_disabled(&self.open, panel.busy);
        say(&self.status, panel.said.as_ref());
        set_hidden(&self.install, !panel.not_installed);
        set_hidden(&self.choose, panel.targets.is_empty());
        if self.drawn.get() != panel.serial {
            self.targets.set_text_content(None);
            for target in &panel.targets {
                let item = clone_template(&self.item);
                let button: Element = first(&item, ".save-target");
                set_text(&button, &target.file);
                set_attr(&button, "data-target", &target.target);
                set_text(&first(&item, ".save-tools"), target.tools);
                say(&first(&item, ".save-mark"), Some(&target.mark));
                self.targets.append_child(&item).expect_throw("append");
            }
            self.drawn.set(panel.serial);
        }
        // A disabled fieldset disables every button in it.
        set_disabled(&self.choose, panel.busy);
    }
}
