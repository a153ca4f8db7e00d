//! The legacy API token (docs/jenkins.md#change-the-legacy-token, #legacy-token-field, #legacy-token): Jenkins
//! before 2.129 has one token per user, shown on the user's configure page (`#apiToken`) and replaced with
//! `changeToken`. Later versions keep a migrated one in the token list, with the same field on the page that
//! holds the list.

use super::answer::{Detail, Problem, problem_with_status};
use super::crumb::Crumb;
use super::root::JenkinsRoot;
use super::token::TokenValue;
use crate::html::HtmlNode;
use crate::http::{Request, Response};
use crate::json::Json;
use crate::search;

/// What the configure page says about the legacy token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LegacyToken {
    Visible(TokenValue),
    /// "Token is hidden": only its owner may see it (SECURITY-200).
    Hidden,
    /// The user has no legacy token.
    None,
}

/// Reads `#apiToken` from the user's configure page (or, from 2.468, their Security page).
pub fn read(page: &impl HtmlNode) -> Result<LegacyToken, Problem> {
    let field = page.select("#apiToken").ok_or(Problem::Malformed(Detail::NoLegacyField))?;
    let value = field.attr("value").unwrap_or_default();
    Ok(classify(value.trim()))
}

fn classify(value: &str) -> LegacyToken {
    match TokenValue::parse_legacy(value) {
        Some(token) => LegacyToken::Visible(token),
        None if value.is_empty() => LegacyToken::None,
        None => LegacyToken::Hidden,
    }
}

/// `POST …/changeToken` with the crumb; it takes no parameters.
pub fn change_request(root: &JenkinsRoot, crumb: Option<&Crumb>) -> Request {
    let url = root.url("me/descriptorByName/jenkins.security.ApiTokenProperty/changeToken");
    Request::post_form(url, String::new()).with_crumb(crumb)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Changed {
    /// The new value, from the answer's header.
    To(LegacyToken),
    /// Changed, but the answer does not carry the value: read the page again.
    Unreported,
    /// Jenkins refused: legacy token creation is disabled (2.129+ without an existing legacy token).
    Disabled(String),
}

/// The new value is in a header: `X-Jenkins-ValidateButton-Callback` from 2.540, a `script:` header
/// (`document.getElementById('apiToken').value='…'`) before.
pub fn parse_change(response: &Response) -> Result<Changed, Problem> {
    if response.status != 200 {
        return Err(problem_with_status(response));
    }
    if search::contains(&response.body, "Capability to generate a legacy token") {
        return Ok(Changed::Disabled(text_of(&response.body)));
    }
    if let Some(callback) = response.header("x-jenkins-validatebutton-callback") {
        let json: Json = serde_json::from_str(callback).map_err(|_| Problem::Malformed(Detail::Callback))?;
        let value = json.get("arguments").and_then(Json::as_list).and_then(|list| list.first()).and_then(Json::as_str);
        return Ok(value.map_or(Changed::Unreported, |value| Changed::To(classify(value))));
    }
    if let Some(script) = response.header("script") {
        let value = search::split_once(script, ".value='").and_then(|(_, rest)| rest.split('\'').next());
        return Ok(value.map_or(Changed::Unreported, |value| Changed::To(classify(value))));
    }
    Ok(Changed::Unreported)
}

/// The text of a small HTML answer such as `<div>…</div>`, for showing as text.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    crate::html::single_spaced(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALUE: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn the_value_comes_from_either_header_form() {
        let before_2_540 = Response::new(
            200,
            vec![("script".into(), format!("document.getElementById('apiToken').value='{VALUE}'"))],
            "<div>Updated. See the new token in the field above</div>".into(),
        );
        assert!(
            matches!(parse_change(&before_2_540), Ok(Changed::To(LegacyToken::Visible(token))) if token.expose() == VALUE)
        );
        let from_2_540 = Response::new(
            200,
            vec![(
                "X-Jenkins-ValidateButton-Callback".into(),
                format!(r#"{{"callback":"changeTokenCallback","arguments":["{VALUE}"]}}"#),
            )],
            "<div>Updated. See the new token in the field above</div>".into(),
        );
        assert!(matches!(parse_change(&from_2_540), Ok(Changed::To(LegacyToken::Visible(_)))));
        let hidden = Response::new(
            200,
            vec![("script".into(), "document.getElementById('apiToken').value='Token is hidden'".into())],
            "<div>Updated. You need to login as the user to see the token</div>".into(),
        );
        assert_eq!(parse_change(&hidden), Ok(Changed::To(LegacyToken::Hidden)));
        assert_eq!(parse_change(&Response::new(200, vec![], "<div>Updated.</div>".into())), Ok(Changed::Unreported));
    }

    #[test]
    fn a_disabled_capability_is_reported_with_jenkins_words() {
        let disabled = Response::new(
            200,
            vec![],
            "<div>Capability to generate a legacy token without an existing one is currently disabled in the security configuration</div>".into(),
        );
        assert_eq!(
            parse_change(&disabled),
            Ok(Changed::Disabled("Capability to generate a legacy token without an existing one is currently disabled in the security configuration".into()))
        );
        assert_eq!(parse_change(&Response::new(403, vec![], "<h1>Access Denied</h1>".into())), Err(Problem::Forbidden));
    }

    #[test]
    fn legacy_values() {
        assert!(matches!(classify(VALUE), LegacyToken::Visible(_)));
        assert_eq!(classify("Token is hidden"), LegacyToken::Hidden);
        assert_eq!(classify(""), LegacyToken::None);
        assert_eq!(
            classify("0123456789ABCDEF0123456789ABCDEF"),
            LegacyToken::Hidden,
            "not Jenkins' shape: never shown as a token"
        );
    }
}
