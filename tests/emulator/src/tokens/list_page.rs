//! The HTML token list (docs/jenkins.md#where-the-list-is) in its three markup eras:
//! cards (2.505+, `ApiTokenProperty/config.jelly` at HEAD and `jenkins-2.505`),
//! the `f:repeatable` list (2.129-2.504, `jenkins-2.504`), and the lone legacy token (before 2.129,
//! `jenkins-2.128` `config.groovy`). There is no JSON API for this list (docs/jenkins.md#token-list-pages).

use crate::dates::{Date, Locale, Timestamp};
use crate::encoding::html_escape as esc;
use crate::tokens::StoredToken;
use crate::version::Gates;

const TRASH_ICON: &str =
    "<svg class=\"svg-icon icon-sm\" aria-hidden=\"true\"><use href=\"#symbol-trash\"></use></svg>";
const EDIT_ICON: &str = "<svg class=\"svg-icon icon-sm\" aria-hidden=\"true\"><use href=\"#symbol-edit\"></use></svg>";
const KEY_ICON: &str = "<svg class=\"svg-icon icon-sm\" aria-hidden=\"true\"><use href=\"#symbol-key\"></use></svg>";
const WARNING_ICON: &str = "<svg class=\"svg-icon\" aria-hidden=\"true\"><use href=\"#symbol-warning\"></use></svg>";
const CONFIRM_REVOKE: &str =
    "Are you sure you want to revoke this token? Applications that are using it will be not able to connect anymore.";
const LEGACY_TOOLTIP: &str = "We strongly recommend that you revoke this legacy token and replace it with a newly generated token for increased security.";
const NEVER_USED_TITLE: &str = "We recommend that you revoke tokens which you do not plan to use.";

/// Everything the token section shows for one user.
pub struct TokenSection<'a> {
    pub tokens: Vec<&'a StoredToken>,
    /// `descriptor.descriptorFullUrl`: `<ctx>/user/<id as
    /// requested>/descriptorByName/jenkins.security.ApiTokenProperty` or `<ctx>/me/descriptorByName/…`
    /// (docs/jenkins.md#routing).
    pub descriptor_url: &'a str,
    /// `hasCurrentUserRightToGenerateNewToken(it)`: only then is there an add button.
    pub can_generate: bool,
    /// The legacy block's text field when it is shown: the value for its owner, else "Token is hidden".
    pub legacy_field: Option<String>,
    pub today: Date,
    pub gates: &'a Gates,
    /// The request's locale, which the dates are written in (the words stay English here).
    pub locale: Locale,
}

/// The `API Token` section in the markup era of the version.
pub fn token_section(section: &TokenSection) -> String {
    let mut html = if section.gates.token_cards { cards(section) } else { repeatable_list(section) };
    if let Some(value) = &section.legacy_field {
        html.push_str(&legacy_block(section.descriptor_url, value));
    }
    html
}

fn days_between(from: Date, to: Date) -> i64 {
    to.to_days() - from.to_days()
}

/// `TokenInfoAndStats.createdDaysAgo()` / `lastUsedDaysAgo()` (HEAD `ApiTokenProperty.java`).
fn days_ago(prefix: &str, since: Date, today: Date) -> String {
    let (years, months, days) = since.period_until(today.max(since));
    let over = if prefix == "Last used" { "over " } else { "" };
    match () {
        _ if years > 1 => format!("{prefix} {over}{years} years ago"),
        _ if years == 1 => format!("{prefix} over a year ago"),
        _ if months > 1 => format!("{prefix} {over}{months} months ago"),
        _ if months == 1 => format!("{prefix} over a month ago"),
        _ if days > 14 => format!("{prefix} {over}{} weeks ago", days / 7),
        _ if days >= 7 => format!("{prefix} over a week ago"),
        _ if days == 0 => format!("{prefix} today"),
        _ if days == 1 => format!("{prefix} yesterday"),
        _ => format!("{prefix} {days} days ago"),
    }
}

/// `jenkins-!-…-color` by age: over 180 days a warning, over 360 an error.
fn age_class(days: i64) -> &'static str {
    match days {
        d if d > 360 => "jenkins-!-error-color",
        d if d > 180 => "jenkins-!-warning-color",
        _ => "jenkins-!-text-color-secondary",
    }
}

fn created_tooltip(created: Option<Timestamp>, locale: Locale) -> String {
    created.map_or_else(|| "There is no creation date for that token".to_owned(), |c| c.medium(locale))
}

fn edit_button(descriptor_url: &str) -> String {
    format!(
        "<button type=\"button\" class=\"jenkins-button jenkins-button--tertiary api-token-property-token-rename\" \
         data-target-url=\"{}/rename\" data-rename-title=\"Rename token\" data-button-text=\"Rename\" \
         data-rename-message=\"New name\" tooltip=\"Rename\">{EDIT_ICON}</button>",
        esc(descriptor_url)
    )
}

fn revoke_button(descriptor_url: &str, uuid: &str) -> String {
    format!(
        "<button type=\"button\" class=\"jenkins-button jenkins-button--tertiary jenkins-!-destructive-color api-token-property-token-revoke\" \
         data-message-if-legacy-revoked=\"The legacy token has been revoked\" data-confirm=\"{CONFIRM_REVOKE}\" \
         data-confirm-title=\"Revoke token\" data-button-text=\"Revoke\" data-token-uuid=\"{}\" \
         data-target-url=\"{}/revoke\" tooltip=\"Revoke\">{TRASH_ICON}</button>",
        esc(uuid),
        esc(descriptor_url)
    )
}

fn add_button(section: &TokenSection) -> String {
    if !section.can_generate {
        return String::new();
    }
    format!(
        "<button class=\"api-token-property-add jenkins-button jenkins-button--secondary\" type=\"button\" \
         data-target-url=\"{}/generateNewToken\" data-prompt-message=\"Create new API token\" data-generate=\"Generate\" \
         data-cancel=\"Cancel\" data-button-done=\"Done\" data-not-added=\"Token could not be added\" \
         data-message-name=\"Name\">Add new token</button>",
        esc(section.descriptor_url)
    )
}

/// 2.505+ cards, with the hidden templates (the row template's card has an empty `id`).
fn cards(section: &TokenSection) -> String {
    let expiration = section.gates.token_expiration;
    let card_class = if expiration { "token-card" } else { "token-card jenkins-card" };
    let mut html = String::new();
    if expiration {
        html.push_str(
            "<div id=\"api-token-add-template\" class=\"jenkins-hidden\"><div>\n\
             <div class=\"jenkins-form-item\"><div class=\"jenkins-form-label\">Name</div>\
             <div class=\"setting-main\"><input name=\"tokenName\" type=\"text\" class=\"jenkins-input\" value=\"\"></div></div>\n\
             <div class=\"jenkins-form-label\">Expiration</div>\n\
             <div class=\"token-expiration jenkins-!-margin-bottom-3\"><div class=\"jenkins-select\">\
             <select class=\"jenkins-select__input\" name=\"expirationDuration\">\
             <option value=\"7\">7 Days</option><option value=\"30\" selected=\"true\">30 Days</option>\
             <option value=\"60\">60 Days</option><option value=\"90\">90 Days</option>\
             <option value=\"custom\">Custom</option><option value=\"never\">No Expiration</option></select></div>\n\
             <input type=\"date\" name=\"tokenExpiration\" class=\"jenkins-hidden jenkins-input token-expiration-date\">\n\
             <div class=\"jenkins-hidden warning token-warning\">It is not recommended to create tokens that never expire.</div>\n\
             </div></div></div>\n",
        );
    }
    let template_stats = if expiration {
        "<span class=\"api-token-new-expiration token-creation\" data-never=\"This token does not expire\" \
         data-expires-on=\"Expires on __DATA__\"></span>"
    } else {
        "<span class=\"token-creation\" tooltip=\"Just Now\">Created just now</span>"
    };
    html.push_str(&format!(
        "<div class=\"jenkins-hidden\" id=\"api-token-row-template\">\n<div class=\"{card_class}\" id=\"\">\n\
         <div class=\"token-card-inner\"><div class=\"token-card__title\"><span class=\"token-name\"></span></div>\n\
         <div class=\"token-stats\">{template_stats}<span class=\"token-last-used\">Never used</span></div></div>\n\
         <div class=\"token-controls\"><button type=\"button\" class=\"jenkins-button jenkins-button--tertiary api-token-property-token-show\" \
         data-button-done=\"Done\" tooltip=\"Show\">{KEY_ICON}</button>{}{}</div>\n</div>\n</div>\n",
        edit_button(section.descriptor_url),
        revoke_button(section.descriptor_url, "")
    ));
    html.push_str(
        "<div class=\"jenkins-hidden\" id=\"api-token-template\"><div>\n\
         <div class=\"jenkins-alert jenkins-alert-info\">Copy this token now, because it cannot be recovered in the future.</div>\n\
         <div class=\"api-token-new-form-row jenkins-quote jenkins-quote--monospace\"><span class=\"api-token-new-value\"></span></div>\n\
         </div></div>\n",
    );

    let empty = section.tokens.is_empty();
    html.push_str("<div class=\"token-list ignore-dirty-panel\">\n");
    html.push_str(&format!(
        "<div class=\"token-list-empty-item {} jenkins-!-margin-bottom-2\"><div class=\"jenkins-notice\">\
         <div class=\"jenkins-notice__title\">No API tokens configured</div>{}</div></div>\n",
        if empty { "" } else { "jenkins-hidden" },
        add_button(section)
    ));
    html.push_str(&format!(
        "<div id=\"api-tokens\" class=\"{}\">\n<div id=\"api-token-list\">\n",
        if empty { "jenkins-hidden" } else { "" }
    ));
    for token in &section.tokens {
        html.push_str(&card(section, token, card_class));
    }
    html.push_str("</div>\n");
    html.push_str(&add_button(section));
    html.push_str("\n</div>\n</div>\n");
    html
}

fn card(section: &TokenSection, token: &StoredToken, card_class: &str) -> String {
    let today = section.today;
    let days_old = token.created.map_or(0, |c| days_between(c.date(), today));
    let old_class = age_class(days_old);
    let (legacy_class, legacy_tooltip, legacy_icon) =
        if token.legacy { (" legacy-token", LEGACY_TOOLTIP, WARNING_ICON) } else { ("", "", "") };
    let tooltip = created_tooltip(token.created, section.locale);

    let creation = if section.gates.token_expiration {
        let created_on = esc(&format!("Created on {tooltip}"));
        match token.expiration {
            _ if token.is_expired(today) => {
                format!("<span class=\"error token-creation\" tooltip=\"{created_on}\">This token has expired</span>")
            }
            None => format!(
                "<span class=\"warning token-creation\" tooltip=\"{created_on}\">This token does not expire</span>"
            ),
            Some(date) => format!(
                "<span class=\"{} token-creation\" tooltip=\"{created_on}\">Expires on {}</span>",
                if token.is_about_to_expire(today) { "warning" } else { "" },
                date.short(section.locale)
            ),
        }
    } else {
        let text = match token.created {
            Some(c) => days_ago("Created", c.date(), today),
            None => "Unknown".to_owned(),
        };
        format!("<span class=\"token-creation {old_class}\" tooltip=\"{}\">{text}</span>", esc(&tooltip))
    };

    let last_used = match token.last_used {
        Some(last) if token.use_count > 0 => {
            let days = days_between(last.date(), today);
            format!(
                "<span class=\"{}\" tooltip=\"{}\">{}</span><span class=\"token-use-counter\">{}</span>",
                age_class(days),
                esc(&last.medium(section.locale)),
                days_ago("Last used", last.date(), today),
                token.use_count
            )
        }
        _ => format!(
            "<div class=\"token-never-used {old_class}\" tooltip=\"{}\">{}Never used</div>",
            if days_old > 7 { NEVER_USED_TITLE } else { "" },
            if days_old > 7 { WARNING_ICON } else { "" }
        ),
    };

    format!(
        "<div class=\"{card_class}{legacy_class}\" id=\"{uuid}\">\n<div class=\"token-card-inner\">\n\
         <div class=\"token-card__title{legacy_class}\" tooltip=\"{legacy_tooltip}\">{legacy_icon}<span class=\"token-name\">{name}</span></div>\n\
         <div class=\"token-stats\">\n{creation}\n<span class=\"token-last-used\">{last_used}</span>\n</div>\n</div>\n\
         <div class=\"token-controls\">{edit}{revoke}</div>\n</div>\n",
        uuid = esc(&token.uuid),
        name = esc(&token.name),
        edit = edit_button(section.descriptor_url),
        revoke = revoke_button(section.descriptor_url, &token.uuid),
    )
}

/// 2.129-2.504: `f:repeatable name="tokenStore"`. Its first chunk (`to-be-removed`) is the template
/// for a new token, with an empty `tokenUuid`.
fn repeatable_list(section: &TokenSection) -> String {
    let today = section.today;
    let url = esc(section.descriptor_url);
    let revoke_link = |extra: &str| {
        format!(
            "<a href=\"#\" class=\"jenkins-button jenkins-button--tertiary jenkins-!-destructive-color api-token-property-token-revoke{extra}\" \
             data-message-if-legacy-revoked=\"The legacy token has been revoked\" data-confirm=\"{CONFIRM_REVOKE}\" \
             data-confirm-title=\"Revoke Token\" data-target-url=\"{url}/revoke\">{TRASH_ICON}</a>"
        )
    };
    let mut html = String::from("<div class=\"token-list ignore-dirty-panel\">\n");
    html.push_str(&format!(
        "<div class=\"token-list-item token-list-empty-item {}\"><div class=\"list-empty-message\">\
         There are no registered tokens for this user.</div></div>\n",
        if section.tokens.is_empty() { "" } else { "hidden-message" }
    ));
    html.push_str("<div class=\"repeated-container\">\n");
    html.push_str(&format!(
        "<div class=\"repeated-chunk to-be-removed\" name=\"tokenStore\"><div class=\"repeated-chunk__header\"></div>\n\
         <div class=\"token-list-item token-list-new-item\">\n\
         <input type=\"hidden\" class=\"token-uuid-input\" name=\"tokenUuid\" value=\"\">\n\
         <input class=\"jenkins-input token-name\" name=\"tokenName\" placeholder=\"Default name\" type=\"text\" value=\"\">&nbsp;\n\
         <span class=\"new-token-value\"></span>\n\
         <span class=\"token-save\"><button class=\"jenkins-button\" type=\"button\" tabindex=\"0\" id=\"api-token-property-token-save\" \
         data-target-url=\"{url}/generateNewToken\">Generate</button></span>\n\
         <span class=\"token-cancel\"><button type=\"button\" class=\"repeatable-delete\">Cancel</button></span>\n\
         <div class=\"controls-container\">{}</div>\n\
         <div class=\"error token-error-message\"></div>\n\
         <div class=\"warning display-after-generation\">Copy this token now, because it cannot be recovered in the future.</div>\n\
         </div>\n</div>\n",
        revoke_link(" hidden-button")
    ));
    for token in &section.tokens {
        let days_old = token.created.map_or(0, |c| days_between(c.date(), today));
        let old_class = match days_old {
            d if d > 360 => "age-argh",
            d if d > 180 => "age-mmmh",
            _ => "age-ok",
        };
        let (legacy_class, legacy_icon) = if token.legacy {
            (" legacy-token", format!("<span class=\"icon-warning icon-sm\" title=\"{LEGACY_TOOLTIP}\"></span>"))
        } else {
            ("", String::new())
        };
        let created = match token.created {
            Some(c) => format!(
                "<span class=\"token-creation {old_class}\" title=\"{}\">Created {days_old} day(s) ago</span>",
                esc(&c.medium(section.locale))
            ),
            None => format!(
                "<span class=\"token-creation {old_class}\" title=\"There is no creation date for that token\">Unknown</span>"
            ),
        };
        let usage = match token.last_used {
            Some(last) if token.use_count > 0 => format!(
                "<span class=\"token-use-counter\" title=\"{}\">Used <b>{}</b> time(s), last time was <b>{}</b> day(s) ago</span>",
                esc(&last.medium(section.locale)),
                token.use_count,
                days_between(last.date(), today)
            ),
            _ => format!(
                "<span class=\"token-use-counter\"><strong title=\"{NEVER_USED_TITLE}\">\
                 <span class=\"icon-warning icon-sm\"></span>Never used</strong></span>"
            ),
        };
        html.push_str(&format!(
            "<div class=\"repeated-chunk\" name=\"tokenStore\"><div class=\"repeated-chunk__header\"></div>\n\
             <div class=\"token-list-item token-list-existing-item force-dirty-panel{legacy_class}\">\n\
             <input type=\"hidden\" class=\"token-uuid-input\" name=\"tokenUuid\" value=\"{}\">\n\
             <input class=\"jenkins-input token-name\" name=\"tokenName\" type=\"text\" value=\"{}\">\n\
             {legacy_icon}{created}\n<span class=\"to-right\">{usage}{}</span>\n</div>\n</div>\n",
            esc(&token.uuid),
            esc(&token.name),
            revoke_link("")
        ));
    }
    html.push_str("<div class=\"repeatable-insertion-point\"></div>\n");
    if section.can_generate {
        html.push_str("<button type=\"button\" class=\"jenkins-button repeatable-add\">Add new Token</button>\n");
    }
    html.push_str("</div>\n</div>\n");
    html
}

/// `f:advanced title="Show Legacy API Token"` with the read-only `#apiToken` field and the
/// `changeToken` validate button (2.129+).
fn legacy_block(descriptor_url: &str, value: &str) -> String {
    format!(
        "<div class=\"jenkins-form-item advanced-container\">\n\
         <button type=\"button\" class=\"jenkins-button advanced-button advancedButton\">Show Legacy API Token</button>\n\
         <div class=\"advancedBody jenkins-hidden\">\n\
         <div class=\"jenkins-form-item\"><div class=\"jenkins-form-label\">Legacy API Token</div>\
         <div class=\"setting-main\"><input class=\"jenkins-input\" name=\"_.apiToken\" value=\"{}\" id=\"apiToken\" type=\"text\" readonly=\"readonly\"></div></div>\n\
         <div class=\"jenkins-validate-button__container\"><button type=\"button\" \
         class=\"jenkins-button validate-button ignore-dirty-panel Behaviour-validateButton\" \
         data-validate-button-descriptor-url=\"{}\" data-validate-button-method=\"changeToken\" \
         data-validate-button-with=\"\">Change API Token</button></div>\n</div>\n</div>\n",
        esc(value),
        esc(descriptor_url)
    )
}

/// Before 2.129 (`config.groovy`): one token per user, its value in the page.
pub fn legacy_only_section(user_id: &str, value: &str, descriptor_url: &str) -> String {
    format!(
        "<div class=\"advanced-container\">\n\
         <input type=\"button\" value=\"Show API Token...\" class=\"advanced-button advancedButton\">\n\
         <table class=\"advancedBody\" style=\"display:none\">\n\
         <tr><td class=\"setting-name\">User ID</td><td class=\"setting-main\">\
         <input class=\"setting-input\" name=\"_.\" value=\"{}\" type=\"text\" readonly=\"readonly\"></td></tr>\n\
         <tr><td class=\"setting-name\">API Token</td><td class=\"setting-main\">\
         <input class=\"setting-input\" name=\"_.apiToken\" value=\"{}\" id=\"apiToken\" type=\"text\" readonly=\"readonly\"></td></tr>\n\
         <tr><td colspan=\"3\"><div style=\"float:right\"><input type=\"button\" value=\"Change API Token\" \
         class=\"yui-button validate-button\" onclick=\"validateButton('{}/changeToken','',this)\"></div></td></tr>\n\
         </table>\n</div>\n",
        esc(user_id),
        esc(value),
        esc(descriptor_url)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse_iso(s).unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn days_ago_messages() {
        let today = date("2026-03-31");
        assert_eq!(days_ago("Created", today, today), "Created today");
        assert_eq!(days_ago("Created", date("2026-03-30"), today), "Created yesterday");
        assert_eq!(days_ago("Created", date("2026-03-27"), today), "Created 4 days ago");
        assert_eq!(days_ago("Created", date("2026-03-20"), today), "Created over a week ago");
        assert_eq!(days_ago("Last used", date("2026-03-10"), today), "Last used over 3 weeks ago");
        assert_eq!(days_ago("Created", date("2026-02-15"), today), "Created over a month ago");
        assert_eq!(days_ago("Created", date("2025-01-01"), today), "Created over a year ago");
        assert_eq!(days_ago("Created", date("2023-01-01"), today), "Created 3 years ago");
    }
}
