//! The Jenkins version being played and every behaviour that depends on it.

use std::cmp::Ordering;

/// A dotted Jenkins version such as `2.479` (weekly), `2.555.1` (LTS) or `2.516.1.28665` (CloudBees CI,
/// four parts: the LTS it is built on, then a build number, which only matters after the first three).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version(Vec<u32>);

impl Version {
    pub fn parse(s: &str) -> Option<Version> {
        let parts: Option<Vec<u32>> = s.trim().split('.').map(|p| p.parse().ok()).collect();
        parts.filter(|p| p.len() >= 2).map(Version)
    }

    /// Compares component-wise, missing components counting as 0 (`2.548` == `2.548.0`).
    fn compare(&self, other: &[u32]) -> Ordering {
        let len = self.0.len().max(other.len());
        (0..len)
            .map(|i| self.0.get(i).unwrap_or(&0).cmp(other.get(i).unwrap_or(&0)))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }

    pub fn at_least(&self, other: &[u32]) -> bool {
        self.compare(other).is_ge()
    }

    /// True for the LTS line `2.<line>.x` with `x >= patch`.
    fn in_lts_line_from(&self, line: u32, patch: u32) -> bool {
        self.0.len() >= 3 && self.0[0] == 2 && self.0[1] == line && self.0[2] >= patch
    }
}

/// Version gates, computed once at start. Each cites the section of docs/jenkins.md it comes from.
#[derive(Debug, Clone)]
pub struct Gates {
    /// `generateNewToken` / `revoke` / `rename` and the token store (docs/jenkins.md#generate-a-token,
    /// #version-gates: 2.129).
    pub token_store: bool,
    /// `revokeAll` / `revokeAllExcept` / `addFixedToken` (docs/jenkins.md#revoke-all: 2.260).
    pub revoke_all: bool,
    /// The crumb binds the HTTP session (docs/jenkins.md#how-the-crumb-is-made: 2.186).
    pub crumb_has_session: bool,
    /// The crumb binds the client IP (docs/jenkins.md#how-the-crumb-is-made: until 2.542).
    pub crumb_has_ip: bool,
    /// SHA-256 crumb, 64 hex; MD5-sized (32 hex) before (docs/jenkins.md#how-the-crumb-is-made: 2.190).
    pub crumb_sha256: bool,
    /// `whoAmI` still exports `details` and `toString` (docs/jenkins.md#who-am-i: before 2.219).
    pub whoami_details: bool,
    /// `data-crumb-header` / `data-crumb-value` on `<head>` (docs/jenkins.md#page-head: 2.246); before,
    /// `crumb.init(...)`.
    pub head_crumb_attributes: bool,
    /// The page header shows the user as the `UserAction` root action
    /// (docs/jenkins.md#user-in-the-page-header: 2.507).
    pub user_action_header: bool,
    /// The token UI lives at `/user/<id>/security/` (docs/jenkins.md#card-markup: 2.468); before,
    /// `/user/<id>/configure`.
    pub security_page: bool,
    /// Card markup, and `rename` answers JSON (docs/jenkins.md#card-markup and `jenkins-2.505` `doRename`).
    pub token_cards: bool,
    /// The session cookie has `SameSite=Lax` (docs/jenkins.md#session-cookie: 2.513).
    pub same_site_lax: bool,
    /// `changeToken` reports the value in `X-Jenkins-ValidateButton-Callback`
    /// (docs/jenkins.md#change-the-legacy-token: 2.540).
    pub validate_button_callback: bool,
    /// The login form POST needs a valid crumb (docs/jenkins.md#login-form: 2.541 and LTS 2.528.3+).
    pub login_needs_crumb: bool,
    /// Token expiration parameters and response fields (docs/jenkins.md#generate-a-token: 2.548).
    pub token_expiration: bool,
}

impl Gates {
    pub fn for_version(v: &Version) -> Gates {
        Gates {
            token_store: v.at_least(&[2, 129]),
            revoke_all: v.at_least(&[2, 260]),
            crumb_has_session: v.at_least(&[2, 186]),
            crumb_has_ip: !v.at_least(&[2, 543]),
            crumb_sha256: v.at_least(&[2, 190]),
            whoami_details: !v.at_least(&[2, 219]),
            head_crumb_attributes: v.at_least(&[2, 246]),
            user_action_header: v.at_least(&[2, 507]),
            security_page: v.at_least(&[2, 468]),
            token_cards: v.at_least(&[2, 505]),
            same_site_lax: v.at_least(&[2, 513]),
            validate_button_callback: v.at_least(&[2, 540]),
            login_needs_crumb: v.at_least(&[2, 541]) || v.in_lts_line_from(528, 3),
            token_expiration: v.at_least(&[2, 548]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gates(v: &str) -> Gates {
        Gates::for_version(&Version::parse(v).expect("valid version"))
    }

    #[test]
    fn parsing() {
        assert!(Version::parse("2.555.1").is_some());
        for text in ["2", "2.x", ""] {
            assert!(Version::parse(text).is_none(), "{text:?}");
        }
    }

    /// `version` is at least every one of `reached` and below every one of `not_reached`.
    fn assert_compares(version: &str, reached: &[&[u32]], not_reached: &[&[u32]]) {
        let v = Version::parse(version).unwrap_or_else(|| unreachable!());
        for gate in reached {
            assert!(v.at_least(gate), "{version} is at least {gate:?}");
        }
        for gate in not_reached {
            assert!(!v.at_least(gate), "{version} is below {gate:?}");
        }
    }

    #[test]
    fn lts_versions_compare_numerically() {
        assert_compares("2.555.1", &[&[2, 548], &[2, 555, 1]], &[&[2, 555, 2], &[2, 1000]]);
    }

    #[test]
    fn cloudbees_versions_compare_by_their_first_parts() {
        assert_compares("2.516.1.28665", &[&[2, 513], &[2, 516, 1]], &[&[2, 516, 2], &[2, 541]]);
        let g = gates("2.516.1.28665");
        assert!(g.token_cards && g.same_site_lax && g.security_page && g.revoke_all);
        assert!(!g.login_needs_crumb && !g.token_expiration && !g.validate_button_callback);
        assert!(gates("2.528.3.1").login_needs_crumb);
        assert!(!gates("2.528.2.30000").login_needs_crumb);
        assert!(gates("2.555.1.3").token_expiration);
    }

    #[test]
    fn gates_follow_the_contract() {
        assert!(gates("2.555.1").token_expiration);
        assert!(!gates("2.547").token_expiration);
        assert!(gates("2.528.3").login_needs_crumb);
        assert!(!gates("2.528.2").login_needs_crumb);
        assert!(!gates("2.540").login_needs_crumb);
        assert!(gates("2.541").login_needs_crumb);
        assert!(!gates("2.128").token_store);
        assert!(gates("2.129").token_store);
        assert!(gates("2.542").crumb_has_ip);
        assert!(!gates("2.543").crumb_has_ip);
    }
}
