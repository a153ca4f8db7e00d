//! `/user/<id>/…` and `/me/…`: the user's page, its `api/json` and its token page. The token web
//! methods below them are in `tokens/api_token.rs`.

use crate::auth::permissions::Permission;
use crate::dates::Locale;
use crate::encoding::json_string;
use crate::http::Response;
use crate::jenkins::Exchange;
use crate::pages;
use crate::pages::responses::API_JSON;
use crate::tokens::api_token;
use crate::tokens::list_page::{self, TokenSection};

impl Exchange<'_> {
    pub fn user_routes(&mut self, owner: usize, owner_url: &str, rest: &[&str], trailing_slash: bool) -> Response {
        let gates = &self.app.gates;
        match rest {
            [] if !trailing_slash => self.add_trailing_slash(),
            [] => {
                let user = &self.model.users[owner];
                let main = pages::user_main(&user.full_name, &user.id);
                let title = user.full_name.clone();
                self.page(&title, "hudson.model.User", main)
            }
            ["api", "json"] => self.user_api_json(owner),
            ["security"] if gates.security_page && !trailing_slash => self.add_trailing_slash(),
            ["security"] if gates.security_page => self.token_page(owner, owner_url),
            ["configure"] if !gates.security_page => self.token_page(owner, owner_url),
            ["descriptorByName", "jenkins.security.ApiTokenProperty", method] => api_token::handle(self, owner, method),
            _ => self.not_found(),
        }
    }

    /// `/user/<id>/security/` (2.468+) or `/user/<id>/configure`: self or admin only
    /// (docs/jenkins.md#where-the-list-is).
    fn token_page(&mut self, owner: usize, owner_url: &str) -> Response {
        if !self.can_administer(owner) {
            return self.deny(Permission::Administer);
        }
        let crumb = self.page_crumb();
        let descriptor_url = format!("{owner_url}/descriptorByName/jenkins.security.ApiTokenProperty");
        let is_owner = self.runs_as(owner);
        let gates = &self.app.gates;
        let user = &self.model.users[owner];
        // The legacy field shows the value to its owner only (SECURITY-200, docs/jenkins.md#legacy-token).
        let legacy_field =
            user.legacy_token.as_ref().map(|value| if is_owner { value.clone() } else { "Token is hidden".to_owned() });
        let section = if gates.token_store {
            list_page::token_section(&TokenSection {
                tokens: user.tokens.sorted_by_name(),
                descriptor_url: &descriptor_url,
                can_generate: self.can_generate(owner),
                legacy_field,
                today: self.app.today(),
                gates,
                locale: Locale::of(self.req.header("Accept-Language")),
            })
        } else {
            let value = legacy_field.unwrap_or_else(|| "Token is hidden".to_owned());
            list_page::legacy_only_section(&user.id, &value, &descriptor_url)
        };
        let field = self.crumb_field();
        if gates.security_page {
            let main = pages::security_page_main(&section, field, &crumb);
            self.page("Security", "hudson.model.userproperty.UserPropertyCategorySecurityAction", main)
        } else {
            let main = pages::configure_page_main(&user.full_name, &section, field, &crumb);
            let title = format!("{} Configuration", user.full_name);
            self.page(&title, "hudson.model.User", main)
        }
    }

    /// `/user/<id>/api/json` (docs/jenkins.md#user-api): `property` only for self or an admin.
    fn user_api_json(&mut self, owner: usize) -> Response {
        let properties = if self.can_administer(owner) {
            "{\"_class\":\"jenkins.security.ApiTokenProperty\"},\
             {\"_class\":\"hudson.security.HudsonPrivateSecurityRealm$Details\"}"
        } else {
            ""
        };
        let user = &self.model.users[owner];
        let body = format!(
            "{{\"_class\":\"hudson.model.User\",\"absoluteUrl\":{},\"description\":null,\"fullName\":{},\"id\":{},\"property\":[{properties}]}}",
            json_string(&format!("{}{}", self.root_url(), user.url())),
            json_string(&user.full_name),
            json_string(&user.id)
        );
        self.api_response(API_JSON, body)
    }
}
