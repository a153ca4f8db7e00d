//! Minting a token: `POST {user}/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken`
//! (docs/jenkins.md#generate-a-token) and its answer.

use std::fmt;

use crate::expiry::Expiry;
use crate::json::Json;

use super::answer::{Detail, Problem, parse_json, problem_with_status, string_field};
use super::crumb::Crumb;
use super::root::JenkinsRoot;
use super::user::UserTarget;
use crate::http::{Request, Response, concat, form_encode};

/// `…/<user>/descriptorByName/jenkins.security.ApiTokenProperty/<method>` (docs/jenkins.md#routing).
fn descriptor_url(root: &JenkinsRoot, target: &UserTarget, method: &str) -> String {
    root.url(&concat(&[&target.path(), "/descriptorByName/jenkins.security.ApiTokenProperty/", method]))
}

/// What the user asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenOrder {
    pub name: String,
    /// How long it lives: `Days`, `On` or `Never` (Jenkins 2.548+; docs/jenkins.md#generate-a-token,
    /// #expiry); `None` on Jenkins without expiry, where the parameters are not sent at all.
    pub expiry: Option<Expiry>,
    /// Whose token: the logged-in user, or (for administrators) another user.
    pub owner: UserTarget,
    /// Mint through the script console (administrators) instead of `generateNewToken`.
    pub via_script_console: bool,
}

impl TokenOrder {
    /// The other user's id, or `None` for the logged-in user.
    pub fn owner_id(&self) -> Option<String> {
        match &self.owner {
            UserTarget::Me => None,
            UserTarget::Id(id) => Some(id.clone()),
        }
    }
}

/// The prefix of identifiable tokens, as proposed for Jenkins (docs/jenkins.md#token-values).
pub const IDENTIFIABLE_PREFIX: &str = "jenkins_apitoken_";

fn is_jenkins_shape(value: &str) -> bool {
    value
        .strip_prefix("11")
        .is_some_and(|hex| hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// A token value: shown once, never printed, stored or logged.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenValue(String);

impl TokenValue {
    /// Accepts only what Jenkins mints today: `11` followed by 32 lowercase hex digits (docs/jenkins.md#token-values).
    pub fn parse(value: &str) -> Option<TokenValue> {
        is_jenkins_shape(value).then(|| TokenValue(value.to_owned()))
    }

    /// What an answer that says "ok" may carry: Jenkins' own shape, the identifiable prefix Jenkins is
    /// discussing (`jenkins_apitoken_` + that shape), or any other plausible secret a fork or plugin
    /// mints. Jenkins has stored it by then, so refusing it would lose it. Plausible: 16 to 256
    /// printable ASCII characters with no whitespace and no markup (`<`, `>`); an HTML page, an empty
    /// value or an absurd length is not a token.
    pub fn parse_minted(value: &str) -> Option<TokenValue> {
        let plausible =
            (16..=256).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>');
        plausible.then(|| TokenValue(value.to_owned()))
    }

    /// Whether the value has a shape Jenkins is known to mint; any other is shown with a note.
    pub fn has_known_shape(&self) -> bool {
        is_jenkins_shape(self.0.strip_prefix(IDENTIFIABLE_PREFIX).unwrap_or(&self.0))
    }

    /// A legacy token (before 2.129): the MD5 hex of a secret, 32 lowercase hex digits
    /// (docs/jenkins.md#change-the-legacy-token).
    pub fn parse_legacy(value: &str) -> Option<TokenValue> {
        let valid = value.len() == 32 && value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        valid.then(|| TokenValue(value.to_owned()))
    }

    /// The secret itself, for the one place that shows it and for copying.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for TokenValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenValue(<redacted>)")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MintedToken {
    pub name: String,
    pub uuid: String,
    pub value: TokenValue,
    /// What Jenkins answered: `Never`, `On` a day, `Written` in a form not read, or `NotShown`.
    pub expiry: Expiry,
    pub about_to_expire: bool,
    /// Another user's id when minted for them; `None` for the logged-in user.
    pub owner: Option<String>,
    /// The one legacy token of Jenkins before 2.129: it has no uuid and cannot be revoked here.
    pub legacy: bool,
}

impl MintedToken {
    /// Whose token: for revoking and checking it.
    pub fn owner_target(&self) -> UserTarget {
        self.owner.clone().map_or(UserTarget::Me, UserTarget::Id)
    }
}

/// Jenkins answered; either with a token or with its reason for not making one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MintAnswer {
    Minted(MintedToken),
    /// HTTP 200 `{"status":"error","message":…}`: nothing was created.
    Refused(String),
}

/// The `POST` that mints, for the logged-in user (`/me`, docs/jenkins.md#user-urls) or another one, with the
/// crumb header when CSRF protection is on.
pub fn generate_request(root: &JenkinsRoot, order: &TokenOrder, crumb: Option<&Crumb>) -> Request {
    let url = descriptor_url(root, &order.owner, "generateNewToken");
    let mut form: Vec<(&str, &str)> = vec![("newTokenName", &order.name)];
    let days;
    match &order.expiry {
        None => {}
        Some(Expiry::Days(count)) => {
            days = count.to_string();
            form.push(("expirationDuration", &days));
        }
        Some(Expiry::On(date)) => {
            days = date.to_string();
            form.push(("expirationDuration", "custom"));
            form.push(("tokenExpiration", &days));
        }
        Some(Expiry::Never) => form.push(("expirationDuration", "never")),
        // Not an order's: Jenkins' own default then.
        Some(Expiry::Written(_) | Expiry::Expired | Expiry::NotShown) => {}
    }
    // The expiry date comes back in the request's locale (docs/jenkins.md#generate-a-token): ask in
    // English, so that it can be read and written in the user's own format.
    Request::post_form(url, form_encode(&form)).with_crumb(crumb).in_english()
}

/// `revoke` (docs/jenkins.md#revoke): answers 200 with an empty body, even for a uuid it does not know.
pub fn revoke_request(root: &JenkinsRoot, target: &UserTarget, uuid: &str, crumb: Option<&Crumb>) -> Request {
    Request::post_form(descriptor_url(root, target, "revoke"), form_encode(&[("tokenUuid", uuid)])).with_crumb(crumb)
}

pub fn parse_revoke(response: &Response) -> Result<(), Problem> {
    match response.status {
        200 => Ok(()),
        _ => Err(problem_with_status(response)),
    }
}

/// `rename` (docs/jenkins.md#rename): JSON `status` from 2.505; an empty 200 before (as at tag `jenkins-2.504`).
pub fn rename_request(
    root: &JenkinsRoot,
    target: &UserTarget,
    uuid: &str,
    new_name: &str,
    crumb: Option<&Crumb>,
) -> Request {
    let form = form_encode(&[("tokenUuid", uuid), ("newName", new_name)]);
    Request::post_form(descriptor_url(root, target, "rename"), form).with_crumb(crumb)
}

/// `Ok(None)` when renamed, `Ok(Some(message))` when Jenkins said why not.
pub fn parse_rename(response: &Response) -> Result<Option<String>, Problem> {
    if response.status == 200 && response.body.trim().is_empty() {
        return Ok(None);
    }
    let answer = parse_json(response)?;
    match string_field(&answer, "status")? {
        "ok" => Ok(None),
        "error" => Ok(Some(answer.get("message").and_then(Json::as_str).unwrap_or_default().to_owned())),
        _ => Err(Problem::Malformed(Detail::Status)),
    }
}

/// Success needs HTTP 200, `"status":"ok"` and a plausible token (docs/jenkins.md#generate-a-token–1.5; see
/// [`TokenValue::parse_minted`]).
pub fn parse_generate(response: &Response, order: &TokenOrder) -> Result<MintAnswer, Problem> {
    let envelope = parse_json(response)?;
    match string_field(&envelope, "status")? {
        "ok" => {}
        "error" => {
            let message = envelope.get("message").and_then(Json::as_str).unwrap_or_default();
            return Ok(MintAnswer::Refused(message.to_owned()));
        }
        _ => {
            return Err(Problem::Malformed(Detail::Status));
        }
    }
    let data = envelope.get("data").filter(|data| data.is_object()).ok_or(Problem::Malformed(Detail::NoData))?;
    let text = |name: &str| data.get(name).and_then(Json::as_str);
    let value = text("tokenValue").and_then(TokenValue::parse_minted).ok_or(Problem::Malformed(Detail::TokenShape))?;
    Ok(MintAnswer::Minted(MintedToken {
        name: text("tokenName").unwrap_or(&order.name).to_owned(),
        uuid: text("tokenUuid").unwrap_or_default().to_owned(),
        value,
        expiry: text("expirationDate").map_or(Expiry::NotShown, Expiry::from_jenkins),
        about_to_expire: data.get("aboutToExpire").and_then(Json::as_bool).unwrap_or(false),
        owner: order.owner_id(),
        legacy: false,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jenkins::root::PageInfo;

    fn root() -> JenkinsRoot {
        let page = PageInfo::at("https://ci.example.com/jenkins/me/", "/jenkins");
        JenkinsRoot::from_page(&page).unwrap()
    }

    fn order(expiry: Option<Expiry>) -> TokenOrder {
        TokenOrder {
            name: "Chrome on Linux 2026-11-29".into(),
            expiry,
            owner: UserTarget::Me,
            via_script_console: false,
        }
    }

    fn json(body: &str) -> Response {
        Response::new(200, vec![("Content-Type".into(), "application/json; charset=UTF-8".into())], body.into())
    }

    #[test]
    fn request_for_jenkins_without_expiry() {
        let crumb = Crumb { field: "Jenkins-Crumb".into(), value: "abc".into() };
        let request = generate_request(&root(), &order(None), Some(&crumb));
        assert_eq!(request.method, crate::http::Method::Post);
        assert_eq!(
            request.url,
            "https://ci.example.com/jenkins/me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken"
        );
        assert_eq!(request.form_body.as_deref(), Some("newTokenName=Chrome+on+Linux+2026-11-29"));
        assert!(request.headers.contains(&("Jenkins-Crumb".into(), "abc".into())));
        assert!(request.headers.contains(&("Content-Type".into(), "application/x-www-form-urlencoded".into())));
    }

    #[test]
    fn request_without_crumb_when_csrf_is_off() {
        let request = generate_request(&root(), &order(None), None);
        let names: Vec<&str> = request.headers.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["Content-Type", "Accept-Language"], "no crumb header");
    }

    #[test]
    fn expiry_parameters() {
        let body = |expiry| generate_request(&root(), &order(Some(expiry)), None).form_body.unwrap();
        assert!(body(Expiry::Days(30)).ends_with("&expirationDuration=30"));
        assert!(body(Expiry::Never).ends_with("&expirationDuration=never"));
        assert!(
            body(Expiry::On(crate::day::Day::parse_iso("2027-01-31").unwrap()))
                .ends_with("&expirationDuration=custom&tokenExpiration=2027-01-31")
        );
    }

    #[test]
    fn success_in_both_eras() {
        let old = json(
            r#"{"status":"ok","data":{"tokenName":"my android token","tokenUuid":"c510e26c-b2e8-4021-bf79-81d1e4c112af","tokenValue":"11a2a0c91913d1391d8e8cb155ca714581"}}"#,
        );
        let MintAnswer::Minted(token) = parse_generate(&old, &order(None)).unwrap() else { panic!() };
        assert_eq!(token.name, "my android token");
        assert_eq!(token.value.expose(), "11a2a0c91913d1391d8e8cb155ca714581");
        assert_eq!(token.expiry, Expiry::NotShown);

        let new = json(
            r#"{"status":"ok","data":{"aboutToExpire":false,"tokenName":"t","tokenUuid":"u","tokenValue":"110123456789abcdef0123456789abcdef","expirationDate":"12/29/26"}}"#,
        );
        let MintAnswer::Minted(token) = parse_generate(&new, &order(None)).unwrap() else { panic!() };
        assert_eq!(token.expiry, Expiry::On(crate::day::Day::new(2026, 12, 29).unwrap()));
        assert!(!token.about_to_expire);
    }

    #[test]
    fn server_refusal_carries_its_message() {
        let answer =
            parse_generate(&json(r#"{"status":"error","message":"Expiration date is in the past."}"#), &order(None));
        assert_eq!(answer.unwrap(), MintAnswer::Refused("Expiration date is in the past.".into()));
    }

    #[test]
    fn what_is_clearly_not_a_token_is_refused() {
        let long = "a".repeat(257);
        for value in [
            "<img src=x onerror=alert(1)>",
            "<b>1234567890abcdef</b>",
            "",
            "11abc",
            "has a space in it 0123",
            &long,
            "tab\there0123456789",
            "nön-ascii-0123456789",
        ] {
            let body =
                format!(r#"{{"status":"ok","data":{{"tokenName":"t","tokenUuid":"u","tokenValue":"{value}"}}}}"#);
            assert!(matches!(parse_generate(&json(&body), &order(None)), Err(Problem::Malformed(_))), "{value}");
        }
        let missing = json(r#"{"status":"ok","data":{"tokenName":"t"}}"#);
        assert!(matches!(parse_generate(&missing, &order(None)), Err(Problem::Malformed(_))));
        let no_data = json(r#"{"status":"ok"}"#);
        assert!(matches!(parse_generate(&no_data, &order(None)), Err(Problem::Malformed(_))));
    }

    #[test]
    fn a_token_jenkins_minted_is_never_refused_for_its_shape() {
        let minted = |value: &str| {
            let body =
                format!(r#"{{"status":"ok","data":{{"tokenName":"t","tokenUuid":"u","tokenValue":"{value}"}}}}"#);
            match parse_generate(&json(&body), &order(None)) {
                Ok(MintAnswer::Minted(token)) => token.value,
                other => panic!("{value}: {other:?}"),
            }
        };
        // Jenkins' shape, and the identifiable prefix being discussed for Jenkins: known.
        assert!(minted("110123456789abcdef0123456789abcdef").has_known_shape());
        assert!(minted("jenkins_apitoken_110123456789abcdef0123456789abcdef").has_known_shape());
        // Anything else plausible is kept, and marked unfamiliar.
        for value in [
            "11A2A0C91913D1391D8E8CB155CA714581",
            "10a2a0c91913d1391d8e8cb155ca714581",
            "11a2a0c91913d1391d8e8cb155ca71458",
            "glpat-xxxxxxxxxxxxxxxxxxxx",
            "jenkins_apitoken_11A2A0C91913D1391D8E8CB155CA714581",
            &"z".repeat(256),
        ] {
            let token = minted(value);
            assert_eq!(token.expose(), value);
            assert!(!token.has_known_shape(), "{value}");
        }
    }

    #[test]
    fn minting_for_another_user_uses_the_encoded_id() {
        let for_jane = TokenOrder { owner: UserTarget::Id("Jane Doe".into()), ..order(None) };
        let request = generate_request(&root(), &for_jane, None);
        assert_eq!(
            request.url,
            "https://ci.example.com/jenkins/user/jane%20doe/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken"
        );
    }

    #[test]
    fn revoke_and_rename() {
        let crumb = Crumb { field: "Jenkins-Crumb".into(), value: "c".into() };
        let revoke = revoke_request(&root(), &UserTarget::Me, "u-1", Some(&crumb));
        assert!(revoke.url.ends_with("/me/descriptorByName/jenkins.security.ApiTokenProperty/revoke"));
        assert_eq!(revoke.form_body.as_deref(), Some("tokenUuid=u-1"));
        assert!(revoke.headers.contains(&("Jenkins-Crumb".into(), "c".into())));
        assert_eq!(parse_revoke(&Response::new(200, vec![], String::new())), Ok(()));
        assert_eq!(parse_revoke(&Response::new(403, vec![], "<h1>Access Denied</h1>".into())), Err(Problem::Forbidden));

        let rename = rename_request(&root(), &UserTarget::Me, "u-1", "new name", None);
        assert!(rename.url.ends_with("/rename"));
        assert_eq!(rename.form_body.as_deref(), Some("tokenUuid=u-1&newName=new+name"));
        assert_eq!(parse_rename(&json(r#"{"status":"ok"}"#)), Ok(None));
        assert_eq!(parse_rename(&Response::new(200, vec![], String::new())), Ok(None));
        assert_eq!(
            parse_rename(&json(r#"{"status":"error","message":"No token found, try refreshing the page"}"#)),
            Ok(Some("No token found, try refreshing the page".into()))
        );
    }

    #[test]
    fn the_value_never_shows_in_debug_output() {
        let value = TokenValue::parse("110123456789abcdef0123456789abcdef").unwrap();
        assert!(!format!("{value:?}").contains("0123456789"));
    }
}
