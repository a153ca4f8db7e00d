//! The notice shown first, about a mint whose outcome was unknown: what happened, what the list
//! showed, and Revoke (it, or them), Keep or Dismiss.

use jenkins_api_token::popup::Popup;
use web_sys::{Element, HtmlAnchorElement};

use crate::dom::{find, set_flag, set_hidden, set_text};
use crate::ids;
use crate::text::{say, say_key, t, text};

pub struct Notice {
    section: Element,
    text: Element,
    finding: Element,
    link: HtmlAnchorElement,
    revoke: Element,
    keep: Element,
    dismiss: Element,
    confirm: Element,
}

impl Notice {
    pub fn build(app: &Element) -> Notice {
        Notice {
            section: find(app, ids::INTERRUPTED),
            text: find(app, ids::INTERRUPTED_TEXT),
            finding: find(app, ids::INTERRUPTED_FINDING),
            link: find(app, ids::INTERRUPTED_LINK),
            revoke: find(app, ids::INTERRUPTED_REVOKE),
            keep: find(app, ids::INTERRUPTED_KEEP),
            dismiss: find(app, ids::INTERRUPTED_DISMISS),
            confirm: find(app, ids::INTERRUPTED_CONFIRM),
        }
    }

    pub fn draw(&self, popup: &Popup) {
        let Some(notice) = popup.notice() else {
            set_flag(&self.section, "aria-busy", false);
            set_hidden(&self.section, true);
            return;
        };
        say(&self.text, Some(&notice.what_happened));
        let finding = notice.finding.as_ref().map_or_else(|| t("interrupted_checking", &[]), text);
        set_text(&self.finding, &finding);
        set_flag(&self.section, "aria-busy", notice.looking);
        match &notice.link {
            Some(url) => {
                self.link.set_href(url);
                set_hidden(&self.link, false);
            }
            None => set_hidden(&self.link, true),
        }
        let offers = notice.offers_revoke();
        let (revoke, keep) = if notice.unseen.len() > 1 {
            ("button_revoke_them", "button_keep_them")
        } else {
            ("button_revoke_it", "button_keep_it")
        };
        say_key(&self.revoke, revoke);
        say_key(&self.keep, keep);
        set_hidden(&self.revoke, !offers || notice.confirm || notice.looking);
        set_hidden(&self.keep, !offers || notice.looking);
        set_hidden(&self.dismiss, offers);
        set_hidden(&self.confirm, !notice.confirm);
        set_hidden(&self.section, false);
    }
}
