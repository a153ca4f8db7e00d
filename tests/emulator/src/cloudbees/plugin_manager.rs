//! `/pluginManager/…`: `PluginManager.getTarget()` and `getApi()` check `Jenkins.SYSTEM_READ`, which is
//! disabled by default and so reported as Overall/Administer (`ACL.checkPermission`). Only the plugin list of
//! `api/json` is emulated: the CloudBees marker plugins are how docs/jenkins.md#cloudbees-ci tells the products
//! apart.

use crate::auth::permissions::Permission;
use crate::cloudbees::CloudBees;
use crate::encoding::json_string;
use crate::http::Response;
use crate::jenkins::Exchange;
use crate::pages::responses::API_JSON;

/// Ordinary plugins every profile has, sorted by short name like the CloudBees markers among them.
const COMMON_PLUGINS: &[&str] = &["credentials", "git", "matrix-auth", "workflow-aggregator"];

pub fn handle(ex: &mut Exchange, rest: &[&str]) -> Response {
    if !ex.is_admin() {
        return ex.deny(Permission::Administer);
    }
    match rest {
        // `tree` (e.g. `plugins[shortName,active]`) is accepted and ignored: these are the only fields.
        ["api", "json"] => {
            let body = plugins_json(ex.app.config.cloudbees);
            ex.api_response(API_JSON, body)
        }
        _ => ex.not_found(),
    }
}

/// `{"_class":"hudson.LocalPluginManager","plugins":[{"active":true,"shortName":"…"},…]}`: properties in
/// Stapler's alphabetical order; no `_class` on the plugins, whose type is the declared one.
fn plugins_json(profile: Option<CloudBees>) -> String {
    let mut names: Vec<&str> = COMMON_PLUGINS.to_vec();
    names.extend(profile.map(CloudBees::marker_plugin));
    names.sort_unstable();
    let plugins: Vec<String> =
        names.iter().map(|name| format!("{{\"active\":true,\"shortName\":{}}}", json_string(name))).collect();
    format!("{{\"_class\":\"hudson.LocalPluginManager\",\"plugins\":[{}]}}", plugins.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_plugins_per_profile() {
        let plain = plugins_json(None);
        assert!(plain.starts_with(
            "{\"_class\":\"hudson.LocalPluginManager\",\"plugins\":[{\"active\":true,\"shortName\":\"credentials\"},"
        ));
        assert!(!plain.contains("operations-center"));
        assert!(plugins_json(Some(CloudBees::Controller)).contains("\"operations-center-client\""));
        assert!(plugins_json(Some(CloudBees::OperationsCenter)).contains("\"operations-center-server\""));
    }
}
