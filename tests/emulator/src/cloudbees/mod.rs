//! CloudBees CI profiles (docs/jenkins.md#cloudbees-ci): a controller connected
//! to an operations center, whose login is delegated to it (CloudBees SSO), or the operations center itself.
//! What CloudBees CI shows over HTTP is unverified (docs/jenkins.md#open-uncertainties); this models the
//! markers of docs/jenkins.md#cloudbees-ci: the marker plugins of `/pluginManager/api/json`
//! (`plugin_manager`) and the controller's SSO login redirect (here, used by `auth/login.rs`).

pub mod plugin_manager;

use crate::encoding::java_url_encode;

/// Which CloudBees CI product is played; `None` in `Config` = plain Jenkins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloudBees {
    /// A controller connected to an operations center with SSO: plugin `operations-center-client`.
    Controller,
    /// The operations center (CJOC): plugin `operations-center-server`.
    OperationsCenter,
}

impl CloudBees {
    /// The version played when `--version` is not given: CloudBees CI versions have four parts
    /// (docs/jenkins.md#cloudbees-ci).
    pub const DEFAULT_VERSION: &'static str = "2.516.1.28665";

    /// The `--cloudbees` value.
    pub fn parse(value: &str) -> Option<CloudBees> {
        match value {
            "controller" => Some(CloudBees::Controller),
            "operations-center" => Some(CloudBees::OperationsCenter),
            _ => None,
        }
    }

    /// The `--cloudbees` value, as in the summary.
    pub fn name(self) -> &'static str {
        match self {
            CloudBees::Controller => "controller",
            CloudBees::OperationsCenter => "operations-center",
        }
    }

    /// The plugin that marks the product in `/pluginManager/api/json` (docs/jenkins.md#cloudbees-ci heuristic 1).
    pub fn marker_plugin(self) -> &'static str {
        match self {
            CloudBees::Controller => "operations-center-client",
            CloudBees::OperationsCenter => "operations-center-server",
        }
    }
}

/// The controller's `/login` target on the operations center (docs/jenkins.md#cloudbees-ci heuristic 2):
/// `<oc-url>login?from=` + the `URLEncoder`-encoded controller path to come back to. `oc_url` ends with `/`.
pub fn sso_login_location(oc_url: &str, back_to: &str) -> String {
    format!("{oc_url}login?from={}", java_url_encode(back_to))
}

/// `--operations-center-url`: an absolute `http(s)` URL, normalised to end with `/`.
pub fn normalize_operations_center_url(url: &str) -> Option<String> {
    let url = url.trim();
    let after_scheme = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://"))?;
    let host_ok = !after_scheme.is_empty() && !after_scheme.starts_with('/');
    if !host_ok || url.chars().any(|c| c.is_whitespace() || c == '?' || c == '#') {
        return None;
    }
    Some(if url.ends_with('/') { url.to_owned() } else { format!("{url}/") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_center_urls() {
        assert_eq!(
            normalize_operations_center_url("http://127.0.0.1:1/cjoc").as_deref(),
            Some("http://127.0.0.1:1/cjoc/")
        );
        assert_eq!(normalize_operations_center_url("https://oc.example/").as_deref(), Some("https://oc.example/"));
        assert_eq!(normalize_operations_center_url("oc.example/cjoc/"), None);
        assert_eq!(normalize_operations_center_url("http:///cjoc/"), None);
        assert_eq!(normalize_operations_center_url("http://oc/?x"), None);
    }

    #[test]
    fn sso_location_encodes_the_path() {
        assert_eq!(
            sso_login_location("http://127.0.0.1:1/cjoc/", "/jenkins/me/"),
            "http://127.0.0.1:1/cjoc/login?from=%2Fjenkins%2Fme%2F"
        );
    }
}
