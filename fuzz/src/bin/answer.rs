//! `answer::problem_with_status`, `answer::parse_json` and `answer::string_field`: the shapes every
//! endpoint shares (login page, crumb refusal, 403/404/5xx, HTML where JSON was expected).
#![no_main]

use jenkins_api_token::jenkins::answer::{self, Detail, Problem};
use jenkins_api_token_fuzz::response;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let response = response(data);
    let problem = answer::problem_with_status(&response);
    match response.status {
        403 => assert!(matches!(
            problem,
            Problem::CrumbRejected | Problem::LoginRequired | Problem::ForbiddenEmpty | Problem::Forbidden
        )),
        404 => assert_eq!(problem, Problem::NotFound),
        500..=599 => assert_eq!(problem, Problem::ServerError(response.status)),
        status => assert_eq!(problem, Problem::UnexpectedStatus(status)),
    }
    match answer::parse_json(&response) {
        Ok(object) => {
            assert_eq!(response.status, 200);
            for name in ["status", "name", "crumb", "tokenValue", ""] {
                let _ = answer::string_field(&object, name);
            }
        }
        // Malformed JSON says what is wrong: not an object, or where it breaks (lines count from 1).
        Err(Problem::Malformed(detail)) => {
            assert!(matches!(detail, Detail::NotObject | Detail::BrokenJson { line: 1.., .. }), "{detail:?}")
        }
        Err(_) => {}
    }
});
