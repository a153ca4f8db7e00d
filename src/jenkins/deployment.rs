//! Is this a CloudBees CI controller connected to an operations center? Tokens made on such a
//! controller are overwritten or removed later (docs/jenkins.md#cloudbees-ci), so the popup warns and points to the
//! operations center. No documented HTTP marker exists; these are the ones used, strongest first:
//!
//! 1. the version: CloudBees CI versions have four parts (`2.516.1.28665`); only then is anything
//!    else probed, so plain Jenkins costs no extra request;
//! 2. the plugin list, when the user may read it (administrators): `operations-center-client`
//!    active → a connected controller; `operations-center-server` active → the operations center;
//! 3. otherwise, the login page: a redirect away from `/login` means the login is delegated (single
//!    sign-on, as operations centers provide to their controllers).

use super::answer::{Detail, Problem, parse_json};
use super::root::JenkinsRoot;
use super::version::Version;
use crate::http::{Request, Response, TransportError};
use crate::json::Json;

/// How a connected controller was recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// Its `operations-center-client` plugin is active.
    Plugin,
    /// Its login redirects elsewhere.
    DelegatedLogin,
    /// The organisation's policy names it (`operationsCenters`); nothing is probed.
    Policy,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Deployment {
    Jenkins,
    /// CloudBees CI, connected to an operations center; `evidence` says how that was seen.
    ConnectedController {
        evidence: Evidence,
    },
    OperationsCenter,
    /// CloudBees CI that is neither, or could not be told.
    CloudBees,
}

impl Deployment {
    /// A connected controller, which the popup warns about, and how it was recognised.
    pub fn connected_controller(&self) -> Option<Evidence> {
        match self {
            Deployment::ConnectedController { evidence } => Some(*evidence),
            _ => None,
        }
    }
}

/// Why a typed operations center address was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressProblem {
    /// Not an http(s) URL.
    Scheme,
    /// A query, fragment or odd character in the path.
    Query,
}

/// The operations center URL a user typed for a controller: an http(s) URL with its origin normalised
/// (as `Origin::parse` does) and a trailing slash.
pub fn operations_center_url(typed: &str) -> Result<String, AddressProblem> {
    let Some((origin, path)) = super::root::Origin::parse(typed.trim()) else {
        return Err(AddressProblem::Scheme);
    };
    if path.contains(['?', '#']) || path.chars().any(|c| c.is_control() || c == ' ' || c == '\\') {
        return Err(AddressProblem::Query);
    }
    let slash = if path.ends_with('/') { "" } else { "/" };
    Ok(format!("{}{path}{slash}", origin.as_str()))
}

/// Whether the version calls for the probes below.
pub fn is_cloudbees(version: Option<&Version>) -> bool {
    version.is_some_and(Version::has_four_parts)
}

pub fn plugins_request(root: &JenkinsRoot) -> Request {
    Request::get(root.url("pluginManager/api/json?tree=plugins%5BshortName%2Cactive%5D"))
}

pub fn login_request(root: &JenkinsRoot) -> Request {
    Request::get(root.url("login"))
}

/// Reads both probes; either may be missing (refused, or failed).
pub fn classify(plugins: Result<&Response, &TransportError>, login: Result<&Response, &TransportError>) -> Deployment {
    if let Ok(response) = plugins
        && let Ok(answer) = parse_plugins(response)
    {
        return answer;
    }
    match login {
        Err(TransportError::Redirected) => Deployment::ConnectedController { evidence: Evidence::DelegatedLogin },
        _ => Deployment::CloudBees,
    }
}

fn parse_plugins(response: &Response) -> Result<Deployment, Problem> {
    let json = parse_json(response)?;
    let plugins = json.get("plugins").and_then(Json::as_list).ok_or(Problem::Malformed(Detail::NoPlugins))?;
    let active = |name: &str| {
        plugins.iter().any(|plugin| {
            plugin.get("shortName").and_then(Json::as_str) == Some(name)
                && plugin.get("active").and_then(Json::as_bool) == Some(true)
        })
    };
    Ok(if active("operations-center-server") {
        Deployment::OperationsCenter
    } else if active("operations-center-client") {
        Deployment::ConnectedController { evidence: Evidence::Plugin }
    } else {
        Deployment::CloudBees
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plugins(list: &str) -> Response {
        Response::new(
            200,
            vec![("Content-Type".into(), "application/json".into())],
            format!(r#"{{"plugins":[{list}]}}"#),
        )
    }

    #[test]
    fn the_plugin_list_decides_when_it_can_be_read() {
        let login_ok = Response::new(200, vec![], "<html>login</html>".into());
        let client =
            plugins(r#"{"active":true,"shortName":"git"},{"active":true,"shortName":"operations-center-client"}"#);
        assert!(matches!(classify(Ok(&client), Ok(&login_ok)), Deployment::ConnectedController { .. }));
        let server = plugins(r#"{"active":true,"shortName":"operations-center-server"}"#);
        assert_eq!(classify(Ok(&server), Ok(&login_ok)), Deployment::OperationsCenter);
        let inactive = plugins(r#"{"active":false,"shortName":"operations-center-client"}"#);
        assert_eq!(classify(Ok(&inactive), Ok(&login_ok)), Deployment::CloudBees);
    }

    #[test]
    fn otherwise_a_delegated_login_marks_a_connected_controller() {
        let denied = Response::new(403, vec![], "<h1>Access Denied</h1>".into());
        let connected = classify(Ok(&denied), Err(&TransportError::Redirected));
        assert_eq!(connected, Deployment::ConnectedController { evidence: Evidence::DelegatedLogin });
        let warning = crate::messages::controller_warning(connected.connected_controller().unwrap());
        assert!(crate::messages::english(&warning).contains("make your token on the operations center instead"));
        let login_ok = Response::new(200, vec![], "<html>login</html>".into());
        assert_eq!(classify(Ok(&denied), Ok(&login_ok)), Deployment::CloudBees);
        assert_eq!(Deployment::CloudBees.connected_controller(), None);
    }

    #[test]
    fn operations_center_addresses() {
        assert_eq!(
            operations_center_url(" https://cjoc.example.com/cjoc "),
            Ok("https://cjoc.example.com/cjoc/".into())
        );
        assert_eq!(operations_center_url("http://127.0.0.1:8080/"), Ok("http://127.0.0.1:8080/".into()));
        // Found by fuzzing: the scheme and host are normalised, as the browser would.
        assert_eq!(operations_center_url("Http://C"), Ok("http://c/".into()));
        assert_eq!(operations_center_url("HTTPS://CJOC.Example.com:443"), Ok("https://cjoc.example.com/".into()));
        assert!(operations_center_url("javascript:alert(1)").is_err());
        assert!(operations_center_url("cjoc.example.com").is_err());
        assert!(operations_center_url("https://cjoc/?x").is_err());
    }

    #[test]
    fn only_four_part_versions_are_probed() {
        assert!(is_cloudbees(Version::parse("2.516.1.28665").as_ref()));
        assert!(!is_cloudbees(Version::parse("2.516.1").as_ref()));
        assert!(!is_cloudbees(None));
    }
}
