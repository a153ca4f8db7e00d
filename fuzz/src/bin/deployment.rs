//! `deployment::classify` and `operations_center_url`: the plugin list (and the login probe) that tell
//! a CloudBees controller connected to an operations center. Input: the plugin-list response; its
//! body is also what a user types as the operations center's address.
#![no_main]

use jenkins_api_token::http::TransportError;
use jenkins_api_token::jenkins::deployment::{self, Deployment};
use jenkins_api_token_fuzz::response;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let response = response(data);
    for login in [Err(TransportError::Redirected), Ok(response.clone())] {
        let found = deployment::classify(Ok(&response), login.as_ref());
        assert_eq!(found.connected_controller().is_some(), matches!(found, Deployment::ConnectedController { .. }));
    }
    if let Ok(url) = deployment::operations_center_url(&response.body) {
        assert!(url.starts_with("http://") || url.starts_with("https://"));
        assert!(url.ends_with('/') && !url.contains(['?', '#']));
    }
});
