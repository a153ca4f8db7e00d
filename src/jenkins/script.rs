//! Minting through the script console, the knowledge-base article's Groovy recipe, for administrators
//! (`POST /scriptText`). The user id and token name reach the script as base64 literals decoded at
//! run time: whatever they contain, they stay data and never become code.

use super::answer::{Detail, Problem, problem_with_status};
use super::crumb::Crumb;
use super::root::JenkinsRoot;
use super::token::TokenValue;
use crate::http::{Request, Response, base64, form_encode};

/// The exact script that runs, shown to the user before it does.
pub fn groovy(user_id: &str, token_name: &str) -> String {
    format!(
        "import hudson.model.User
import jenkins.security.ApiTokenProperty

// The user id and token name arrive base64-encoded: they are data, never part of the script.
def userId = new String('{}'.decodeBase64(), 'UTF-8')
def tokenName = new String('{}'.decodeBase64(), 'UTF-8')
def user = User.getById(userId, false)
if (user == null) {{
    println('NO-SUCH-USER')
    return
}}
def property = user.getProperty(ApiTokenProperty.class)
if (property == null) {{
    property = new ApiTokenProperty()
    user.addProperty(property)
}}
def result = property.tokenStore.generateNewToken(tokenName)
user.save()
println('API-TOKEN-UUID: ' + result.tokenUuid)
println('API-TOKEN: ' + result.plainValue)
",
        base64(user_id.as_bytes()),
        base64(token_name.as_bytes())
    )
}

pub fn request(root: &JenkinsRoot, script: &str, crumb: Option<&Crumb>) -> Request {
    Request::post_form(root.url("scriptText"), form_encode(&[("script", script)])).with_crumb(crumb)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScriptAnswer {
    Minted { uuid: String, value: TokenValue },
    NoSuchUser,
}

/// Reads the script's output; anything but the two lines it prints is malformed.
pub fn parse(response: &Response) -> Result<ScriptAnswer, Problem> {
    if response.status != 200 {
        return Err(problem_with_status(response));
    }
    let output = &response.body;
    if output.lines().any(|line| line.trim() == "NO-SUCH-USER") {
        return Ok(ScriptAnswer::NoSuchUser);
    }
    let field = |prefix: &str| output.lines().find_map(|line| line.trim().strip_prefix(prefix)).map(str::trim);
    let value = field("API-TOKEN: ")
        .and_then(TokenValue::parse_minted)
        .ok_or_else(|| Problem::Malformed(Detail::ScriptOutput(first_line(output))))?;
    Ok(ScriptAnswer::Minted { uuid: field("API-TOKEN-UUID: ").unwrap_or_default().to_owned(), value })
}

fn first_line(output: &str) -> String {
    let line = output.lines().find(|line| !line.trim().is_empty()).unwrap_or("(nothing)").trim();
    line.chars().take(160).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_data_whatever_they_hold() {
        for hostile in
            ["x'; System.exit(1); '", "${Jenkins.instance.doSafeExit(null)}", "\\u0027 + 1 + \\u0027", "\"\"\"", "a\nb"]
        {
            let script = groovy(hostile, hostile);
            assert!(!script.contains(hostile), "{hostile:?} must not appear in the script");
            // The literals hold nothing but the base64 alphabet.
            for literal in script.split("new String('").skip(1) {
                let encoded = literal.split('\'').next().unwrap();
                assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)), "{encoded}");
            }
        }
        assert!(groovy("alice", "ci").contains("new String('YWxpY2U='.decodeBase64(), 'UTF-8')"));
    }

    #[test]
    fn reads_the_output() {
        let text = |body: &str| Response::new(200, vec![], body.into());
        let minted = parse(&text(
            "API-TOKEN-UUID: 0b7e5ef3-1c68-4a64-9d61-3d2a3f7a1c11\nAPI-TOKEN: 110123456789abcdef0123456789abcdef\n",
        ));
        assert!(
            matches!(minted, Ok(ScriptAnswer::Minted { uuid, .. }) if uuid == "0b7e5ef3-1c68-4a64-9d61-3d2a3f7a1c11")
        );
        assert_eq!(parse(&text("NO-SUCH-USER\n")), Ok(ScriptAnswer::NoSuchUser));
        let broken = parse(&text("groovy.lang.MissingMethodException: nope\n\tat Script1.run"));
        assert!(
            matches!(&broken, Err(Problem::Malformed(Detail::ScriptOutput(line))) if line.ends_with("groovy.lang.MissingMethodException: nope"))
        );
        assert!(matches!(parse(&text("API-TOKEN: <script>")), Err(Problem::Malformed(_))));
        assert_eq!(parse(&Response::new(403, vec![], "<h1>Access Denied</h1>".into())), Err(Problem::Forbidden));
    }
}
