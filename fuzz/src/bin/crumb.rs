//! `crumb::parse`: the `/crumbIssuer/api/json` answer. A crumb it accepts must be sendable as a
//! header, and its value must never reach debug output.
#![no_main]

use jenkins_api_token::http::Request;
use jenkins_api_token::jenkins::crumb::{self, Crumb, CrumbAnswer};
use jenkins_api_token_fuzz::{is_header_token, response};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let response = response(data);
    match crumb::parse(&response) {
        Ok(CrumbAnswer::CsrfOff) => assert_eq!(response.status, 404),
        Ok(CrumbAnswer::Crumb(crumb)) => {
            assert_eq!(response.status, 200);
            assert!(is_header_token(&crumb.field) && crumb.field.len() <= 256);
            assert!(!crumb.value.is_empty() && crumb.value.bytes().all(|b| b.is_ascii_graphic()));
            let request = Request::get("https://ci.example/x".into()).with_crumb(Some(&crumb));
            assert_eq!(request.headers, vec![(crumb.field.clone(), crumb.value.clone())]);
            // Debug output does not depend on the value at all.
            let other = Crumb { value: format!("other{}", crumb.value.len()), ..crumb.clone() };
            assert_eq!(format!("{crumb:?}"), format!("{other:?}"));
            assert_eq!(
                format!("{request:?}"),
                format!("{:?}", Request::get("https://ci.example/x".into()).with_crumb(Some(&other)))
            );
        }
        Err(_) => {}
    }
});
