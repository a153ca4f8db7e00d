//! `{ctx}/scriptText` (`Jenkins.doScriptText` → `_doScript`): the script console without its page.
//! The emulator runs no Groovy: it recognises exactly one script, the extension's token script, whose
//! only variable parts are two base64 literals (user id, token name), and does what it would do.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::auth::permissions::Permission;
use crate::auth::users::find_by_id;
use crate::http::Response;
use crate::jenkins::Exchange;
use crate::pages::responses::container_error;

/// `_scriptText.jelly`: `<l:view contentType="text/plain;charset=UTF-8">` around the output.
const TEXT_UTF8: &str = "text/plain;charset=UTF-8";

/// The token script up to the user id literal, between the two literals, and after the name literal.
const SCRIPT_HEAD: &str = "import hudson.model.User
import jenkins.security.ApiTokenProperty

// The user id and token name arrive base64-encoded: they are data, never part of the script.
def userId = new String('";
const SCRIPT_MIDDLE: &str = "'.decodeBase64(), 'UTF-8')
def tokenName = new String('";
const SCRIPT_TAIL: &str = "'.decodeBase64(), 'UTF-8')
def user = User.getById(userId, false)
if (user == null) {
    println('NO-SUCH-USER')
    return
}
def property = user.getProperty(ApiTokenProperty.class)
if (property == null) {
    property = new ApiTokenProperty()
    user.addProperty(property)
}
def result = property.tokenStore.generateNewToken(tokenName)
user.save()
println('API-TOKEN-UUID: ' + result.tokenUuid)
println('API-TOKEN: ' + result.plainValue)";

/// What the console prints for any other script: real Jenkins prints the exception to the output.
const REFUSED: &str =
    "groovy.lang.MissingMethodException: the Jenkins emulator runs only the extension's token script\n";

/// Before 2.129 `ApiTokenProperty` had no token store (docs/jenkins.md#legacy-token): Groovy fails on the property.
const NO_TOKEN_STORE: &str =
    "groovy.lang.MissingPropertyException: No such property: tokenStore for class: jenkins.security.ApiTokenProperty\n";

pub fn handle(ex: &mut Exchange) -> Response {
    // `acl.checkPermission(ADMINISTER)`: Overall/Administer, not ADMINISTER on some user
    // (docs/jenkins.md#script-console).
    if !ex.is_admin() {
        return ex.deny(Permission::Administer);
    }
    let Some(script) = ex.param("script").map(str::to_owned) else {
        // No script: the view with no output.
        return Response::with_body(200, TEXT_UTF8, "");
    };
    if !ex.is_post() {
        // `HttpResponses.error(HTTP_BAD_METHOD, "requires POST")` → `sendError`.
        return container_error(405, Some("requires POST"), &ex.req.path);
    }
    let output = match parse_token_script(&script) {
        None => REFUSED.to_owned(),
        Some((user_id, token_name)) => run_token_script(ex, &user_id, &token_name),
    };
    Response::with_body(200, TEXT_UTF8, output)
}

/// What the token script prints: `User.getById(id, false)` (by id, any case, docs/jenkins.md#user-urls), then
/// `ApiTokenStore.generateNewToken(name)`: the name as given, no expiry (docs/jenkins.md#token-values,
/// #script-console).
fn run_token_script(ex: &mut Exchange, user_id: &str, token_name: &str) -> String {
    let Some(index) = find_by_id(&ex.model.users, user_id) else {
        return "NO-SUCH-USER\n".to_owned();
    };
    if !ex.app.gates.token_store {
        return NO_TOKEN_STORE.to_owned();
    }
    let now = ex.app.now();
    let mut minted = ex.model.users[index].tokens.generate(token_name, None, now);
    minted.value.insert_str(0, &ex.app.config.token_prefix);
    format!("API-TOKEN-UUID: {}\nAPI-TOKEN: {}\n", minted.uuid, minted.value)
}

/// The user id and token name of the token script, or `None` for any other script. The script is
/// compared after `\r\n` → `\n` and trimming; the literals must be padded standard base64 of UTF-8.
fn parse_token_script(script: &str) -> Option<(String, String)> {
    let normalized = script.replace("\r\n", "\n");
    let rest = normalized.trim().strip_prefix(SCRIPT_HEAD)?;
    let (user_id, rest) = base64_literal(rest)?;
    let rest = rest.strip_prefix(SCRIPT_MIDDLE)?;
    let (token_name, rest) = base64_literal(rest)?;
    (rest == SCRIPT_TAIL).then_some((user_id, token_name))
}

/// Reads `[A-Za-z0-9+/]*={0,2}` up to the closing quote (which stays in the rest) and decodes it.
fn base64_literal(s: &str) -> Option<(String, &str)> {
    let end = s.find('\'')?;
    let literal = &s[..end];
    let data = literal.trim_end_matches('=');
    let well_formed =
        literal.len() - data.len() <= 2 && data.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
    if !well_formed {
        return None;
    }
    let bytes = BASE64.decode(literal).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    Some((text, &s[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(user: &str, name: &str) -> String {
        format!("{SCRIPT_HEAD}{}{SCRIPT_MIDDLE}{}{SCRIPT_TAIL}", BASE64.encode(user), BASE64.encode(name))
    }

    #[test]
    fn recognises_the_token_script() {
        let parsed = parse_token_script(&script("Jane Doe", "CI ✓"));
        assert_eq!(parsed, Some(("Jane Doe".to_owned(), "CI ✓".to_owned())));
        let crlf = format!("\r\n  {}\r\n\n", script("a", "").replace('\n', "\r\n"));
        assert_eq!(parse_token_script(&crlf), Some(("a".to_owned(), String::new())));
    }

    #[test]
    fn refuses_anything_else() {
        assert_eq!(parse_token_script("println 'hi'"), None);
        assert_eq!(parse_token_script(""), None);
        let extra = format!("{}\nprintln(1)", script("alice", "x"));
        assert_eq!(parse_token_script(&extra), None);
        let indented = script("alice", "x").replace("    return", "  return");
        assert_eq!(parse_token_script(&indented), None);
        // Not padded, not base64, not UTF-8, padding in the middle, an injected quote.
        for literal in ["YWxpY2U", "!!!!", "/w==", "YQ==YQ==", "YWxp'Y2U="] {
            let s = format!("{SCRIPT_HEAD}{literal}{SCRIPT_MIDDLE}eA=={SCRIPT_TAIL}");
            assert_eq!(parse_token_script(&s), None, "{literal}");
        }
    }
}
