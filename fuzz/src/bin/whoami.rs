//! `whoami::parse`: the `/whoAmI/api/json` answer (any status, headers and body).
#![no_main]

use jenkins_api_token::jenkins::whoami::{self, Identity};
use jenkins_api_token_fuzz::response;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let response = response(data);
    if let Ok(who) = whoami::parse(&response) {
        assert_eq!(response.status, 200, "only a 200 names a user");
        // The version shown comes from X-Jenkins, bounded; without it the `_class` vouched for Jenkins.
        match &who.version {
            Some(version) => {
                assert!(version.as_str().len() <= 64);
                assert!(response.header("x-jenkins").is_some());
            }
            None => assert!(response.body.contains("hudson.security.WhoAmI")),
        }
        if let Identity::User(name) = &who.identity {
            assert!(response.body.len() >= name.len());
        }
    }
});
