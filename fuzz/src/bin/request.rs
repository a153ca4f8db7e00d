//! `token::generate_request` and `http::form_encode`: a token name (and expiry) is data. Whatever
//! the name holds, the POST goes to the fixed URL on the root's origin and its body decodes back to
//! exactly the fields sent: a name can add no parameter, header or path.
//! Input: `name\0expiry choice\0custom date`.
#![no_main]

use jenkins_api_token::day::Day;
use jenkins_api_token::expiry::Expiry;
use jenkins_api_token::http::{Method, form_component};
use jenkins_api_token::jenkins::crumb::Crumb;
use jenkins_api_token::jenkins::root::{JenkinsRoot, PageInfo};
use jenkins_api_token::jenkins::token::{self, TokenOrder};
use jenkins_api_token::jenkins::user::UserTarget;
use jenkins_api_token_fuzz::{field, fields, form_decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fields = fields(data);
    let name = field(&fields, 0).unwrap_or_default().to_owned();
    let expiry = match field(&fields, 1) {
        None => None,
        Some("never") => Some(Expiry::Never),
        Some(text) => match text.parse::<u16>() {
            Ok(days) => Some(Expiry::Days(days)),
            Err(_) => {
                let date = field(&fields, 2).unwrap_or(text);
                Some(Day::parse_iso(date).map_or_else(|| Expiry::Written(date.to_owned()), Expiry::On))
            }
        },
    };
    let root = JenkinsRoot::from_page(&PageInfo::at("https://ci.example.com/jenkins/job/x/", "/jenkins")).unwrap();
    let crumb = Crumb { field: "Jenkins-Crumb".into(), value: "c0ffee".into() };
    let order =
        TokenOrder { name: name.clone(), expiry: expiry.clone(), owner: UserTarget::Me, via_script_console: false };
    let request = token::generate_request(&root, &order, Some(&crumb));
    assert_eq!(request.method, Method::Post);
    assert_eq!(
        request.url,
        "https://ci.example.com/jenkins/me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken"
    );
    // The headers (content type, crumb, language) are the same whatever the name and expiry.
    let plain = TokenOrder { name: String::new(), expiry: None, owner: UserTarget::Me, via_script_console: false };
    assert_eq!(request.headers, token::generate_request(&root, &plain, Some(&crumb)).headers);
    assert_eq!(request.headers.len(), 3);
    let body = request.form_body.expect("a form body");
    assert!(body.bytes().all(|b| b.is_ascii_alphanumeric() || b"*-._+%&=".contains(&b)), "{body:?}");
    let pairs = form_decode(&body).expect("a well-formed form body");
    let mut expected = vec![("newTokenName".to_owned(), name.clone())];
    match &expiry {
        None => {}
        Some(Expiry::Days(days)) => expected.push(("expirationDuration".into(), days.to_string())),
        Some(Expiry::Never) => expected.push(("expirationDuration".into(), "never".into())),
        Some(Expiry::On(date)) => {
            expected.push(("expirationDuration".into(), "custom".into()));
            expected.push(("tokenExpiration".into(), date.to_string()));
        }
        // Not an order's expiry: nothing is sent, and Jenkins applies its default.
        Some(Expiry::Written(_) | Expiry::Expired | Expiry::NotShown) => {}
    }
    assert_eq!(pairs, expected);
    assert_eq!(form_decode(&format!("x={}", form_component(&name))), Some(vec![("x".into(), name)]));
});
