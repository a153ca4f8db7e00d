//! `ApiTokenProperty.DescriptorImpl` web methods at
//! `…/descriptorByName/jenkins.security.ApiTokenProperty/<method>` (docs/jenkins.md#token-endpoints).

use crate::auth::permissions::Permission;
use crate::dates::{Date, Locale};
use crate::encoding::{java_is_blank, java_trim, json_string};
use crate::http::Response;
use crate::jenkins::Exchange;
use crate::pages::responses::container_error;
use crate::tokens::{TokenStore, is_valid_fixed_value};

/// `HttpResponses.okJSON` / `errorJSON` set this and no status: always 200 (docs/jenkins.md#json-envelope).
const JSON_UTF8: &str = "application/json; charset=UTF-8";
/// `HttpResponses.html`.
const HTML_UTF8: &str = "text/html;charset=UTF-8";

pub fn handle(ex: &mut Exchange, owner: usize, method: &str) -> Response {
    let gates = &ex.app.gates;
    let exists = match method {
        "generateNewToken" | "revoke" | "rename" => gates.token_store,
        "revokeAll" | "revokeAllExcept" | "addFixedToken" => gates.revoke_all,
        "changeToken" => true,
        _ => false,
    };
    if !exists {
        return ex.not_found();
    }
    if !ex.is_post() {
        // Every one of them is `@RequirePOST` (docs/jenkins.md#post-only).
        return ex.require_post();
    }
    // Each method checks its permission first: the two that mint `hasCurrentUserRightToGenerateNewToken`,
    // the others `u.checkPermission(Jenkins.ADMINISTER)`.
    match method {
        "generateNewToken" | "addFixedToken" if !ex.can_generate(owner) => forbidden(),
        "generateNewToken" => generate_new_token(ex, owner),
        "addFixedToken" => add_fixed_token(ex, owner),
        _ if !ex.can_administer(owner) => ex.deny(Permission::Administer),
        "rename" => rename(ex, owner),
        "revoke" => revoke_by_uuid(ex, owner, |tokens, uuid| {
            tokens.revoke(uuid);
        }),
        "revokeAll" => revoke_all(ex, owner),
        "revokeAllExcept" => revoke_by_uuid(ex, owner, TokenStore::revoke_all_except),
        _ => change_token(ex, owner),
    }
}

fn ok_json(data: Option<String>) -> Response {
    let body = match data {
        Some(data) => format!("{{\"status\":\"ok\",\"data\":{data}}}"),
        None => "{\"status\":\"ok\"}".to_owned(),
    };
    Response::with_body(200, JSON_UTF8, body)
}

fn error_json(message: &str) -> Response {
    Response::with_body(200, JSON_UTF8, format!("{{\"status\":\"error\",\"message\":{}}}", json_string(message)))
}

/// `HttpResponses.forbidden()`: a bare 403, empty body, no Jenkins headers (docs/jenkins.md#generate-a-token).
fn forbidden() -> Response {
    Response::new(403)
}

/// `HttpResponses.ok()`: 200 with an empty body (docs/jenkins.md#revoke).
fn ok_empty() -> Response {
    Response::new(200)
}

/// A blank parameter (missing, empty or white space) as Java's `isBlank` sees it.
fn non_blank<'p>(ex: &'p Exchange, name: &str) -> Option<&'p str> {
    ex.param(name).filter(|v| !java_is_blank(v))
}

/// `Integer.parseInt`: an optional sign and decimal digits that fit an `int`.
fn parse_java_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i32>().ok().map(i64::from)
}

/// `getExpirationDate` (2.548+, docs/jenkins.md#generate-a-token): `Err` where Jenkins throws (a 500).
fn expiration_date(ex: &Exchange, today: Date) -> Result<Option<Date>, ()> {
    if !ex.app.gates.token_expiration {
        return Ok(None);
    }
    match java_trim(ex.param("expirationDuration").unwrap_or_default()) {
        "" | "never" => Ok(None),
        "custom" => ex.param("tokenExpiration").and_then(Date::parse_iso).map(Some).ok_or(()),
        days => parse_java_int(days).map(|n| Some(today.plus_days(n))).ok_or(()),
    }
}

/// The name Jenkins gives a token created with a blank name (docs/jenkins.md#generate-a-token).
fn default_token_name(ex: &Exchange) -> String {
    format!("Token created on {}", ex.app.now().iso_offset())
}

/// `doGenerateNewToken` (docs/jenkins.md#generate-a-token).
fn generate_new_token(ex: &mut Exchange, owner: usize) -> Response {
    let name = non_blank(ex, "newTokenName").map_or_else(|| default_token_name(ex), str::to_owned);
    let today = ex.app.today();
    let Ok(expiration) = expiration_date(ex, today) else {
        return ex.oops();
    };
    if expiration.is_some_and(|date| today > date) {
        return error_json("Expiration date is in the past.");
    }
    let now = ex.app.now();
    let mut minted = ex.model.users[owner].tokens.generate(&name, expiration, now);
    minted.value.insert_str(0, &ex.app.config.token_prefix);
    // Keys in Java `HashMap` iteration order (docs/jenkins.md#generate-a-token).
    let data = if ex.app.gates.token_expiration {
        let about_to_expire = expiration.is_some_and(|date| date < today.plus_days(7));
        // In the request's locale (docs/jenkins.md#generate-a-token).
        let locale = Locale::of(ex.req.header("Accept-Language"));
        let expiration_text = expiration.map_or_else(|| "never".to_owned(), |date| date.short(locale));
        format!(
            "{{\"aboutToExpire\":{about_to_expire},\"tokenName\":{},\"tokenUuid\":{},\"tokenValue\":{},\"expirationDate\":{}}}",
            json_string(&name),
            json_string(&minted.uuid),
            json_string(&minted.value),
            json_string(&expiration_text)
        )
    } else {
        format!(
            "{{\"tokenName\":{},\"tokenUuid\":{},\"tokenValue\":{}}}",
            json_string(&name),
            json_string(&minted.uuid),
            json_string(&minted.value)
        )
    };
    ok_json(Some(data))
}

/// `doAddFixedToken` (docs/jenkins.md#add-a-fixed-token): supported so that it can be rejected the way Jenkins does.
fn add_fixed_token(ex: &mut Exchange, owner: usize) -> Response {
    let name = non_blank(ex, "newTokenName").map_or_else(|| default_token_name(ex), str::to_owned);
    let today = ex.app.today();
    let Ok(expiration) = expiration_date(ex, today) else {
        return ex.oops();
    };
    let Some(value) = ex.param("newTokenPlainValue").filter(|v| is_valid_fixed_value(v)).map(str::to_owned) else {
        // IllegalArgumentException → 500.
        return ex.oops();
    };
    let now = ex.app.now();
    let uuid = ex.model.users[owner].tokens.add_fixed(&name, &value, expiration, now);
    ok_json(Some(format!("{{\"tokenName\":{},\"tokenUuid\":{}}}", json_string(&name), json_string(&uuid))))
}

/// `doRename` (docs/jenkins.md#rename). Before 2.505 success was an empty 200 and a blank uuid a 400 error page.
fn rename(ex: &mut Exchange, owner: usize) -> Response {
    let Some(new_name) = non_blank(ex, "newName").map(str::to_owned) else {
        return error_json("The name cannot be empty");
    };
    let json_era = ex.app.gates.token_cards;
    let Some(uuid) = non_blank(ex, "tokenUuid").map(str::to_owned) else {
        const MESSAGE: &str = "The tokenUuid cannot be empty";
        return if json_era { error_json(MESSAGE) } else { container_error(400, Some(MESSAGE), &ex.req.path) };
    };
    if !ex.model.users[owner].tokens.rename(&uuid, &new_name) {
        return error_json("No token found, try refreshing the page");
    }
    if json_era { ok_json(None) } else { ok_empty() }
}

/// Revoking the legacy token also forgets its value (docs/jenkins.md#revoke).
fn forget_legacy_if_gone(ex: &mut Exchange, owner: usize) {
    let user = &mut ex.model.users[owner];
    if !user.tokens.has_legacy() {
        user.legacy_token = None;
    }
}

/// `doRevoke` (docs/jenkins.md#revoke: an unknown uuid is still a 200) and `doRevokeAllExcept`
/// (docs/jenkins.md#revoke-all): `revoke` is given the `tokenUuid`; a blank one is a 400 `sendError`.
fn revoke_by_uuid(ex: &mut Exchange, owner: usize, revoke: fn(&mut TokenStore, &str)) -> Response {
    let Some(uuid) = non_blank(ex, "tokenUuid").map(str::to_owned) else {
        return container_error(400, Some("The tokenUuid cannot be empty"), &ex.req.path);
    };
    revoke(&mut ex.model.users[owner].tokens, &uuid);
    forget_legacy_if_gone(ex, owner);
    ok_empty()
}

/// `doRevokeAll` (docs/jenkins.md#revoke-all).
fn revoke_all(ex: &mut Exchange, owner: usize) -> Response {
    ex.model.users[owner].tokens.revoke_all();
    forget_legacy_if_gone(ex, owner);
    ok_empty()
}

/// `doChangeToken` (docs/jenkins.md#change-the-legacy-token): regenerates the legacy token; its value travels
/// in a header.
fn change_token(ex: &mut Exchange, owner: usize) -> Response {
    if ex.app.gates.token_store && ex.model.users[owner].legacy_token.is_none() {
        // `creationOfLegacyTokenEnabled` is false by default.
        return Response::with_body(
            200,
            HTML_UTF8,
            "<div>Capability to generate a legacy token without an existing one is currently disabled in the security configuration</div>",
        );
    }
    let now = ex.app.now();
    let is_owner = ex.runs_as(owner);
    let value = ex.model.users[owner].regenerate_legacy_token(now);
    let body = if is_owner {
        "<div>Updated. See the new token in the field above</div>"
    } else {
        "<div>Updated. You need to login as the user to see the token</div>"
    };
    let response = Response::with_body(200, HTML_UTF8, body);
    if ex.app.gates.validate_button_callback {
        response.header(
            "X-Jenkins-ValidateButton-Callback",
            format!("{{\"callback\":\"changeTokenCallback\",\"arguments\":[\"{value}\"]}}"),
        )
    } else {
        let shown = if is_owner { value } else { "Token is hidden".to_owned() };
        response.header("script", format!("document.getElementById('apiToken').value='{shown}'"))
    }
}

#[cfg(test)]
mod tests {
    use super::parse_java_int;

    #[test]
    fn java_int_parsing() {
        assert_eq!(parse_java_int("30"), Some(30));
        assert_eq!(parse_java_int("-1"), Some(-1));
        assert_eq!(parse_java_int("+7"), Some(7));
        assert_eq!(parse_java_int("2147483648"), None);
        assert_eq!(parse_java_int("7d"), None);
        assert_eq!(parse_java_int("-"), None);
    }
}
