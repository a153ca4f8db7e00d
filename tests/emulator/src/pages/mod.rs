//! The pages and small APIs that are not about tokens, signing in or CloudBees: the answers every part
//! shares (`responses`), `/whoAmI`, `/crumbIssuer` (the endpoint; how a crumb is made and checked is
//! `auth/crumb.rs`), `/user/<id>/…` and `/me/…` (`user`), and the static `/www/` files.
//!
//! This file renders the HTML: the `l:layout` frame, the sign-in page, error pages and the other small
//! pages. Markup follows the Jelly views named on each function, trimmed to what clients look at.
//! The token list lives in `tokens/list_page.rs`.

mod crumb_issuer;
pub mod responses;
pub mod static_files;
mod user;
mod whoami;

use crate::encoding::html_escape as esc;

/// The parts of `layout.jelly` that vary per request.
pub struct Chrome<'a> {
    /// `rootURL`: the context path, `""` for a root deployment (docs/jenkins.md#page-head).
    pub root_url: &'a str,
    /// `resURL`: `rootURL + "/static/<session hash>"`.
    pub res_url: &'a str,
    pub version: &'a str,
    /// `data-crumb-*` attributes (2.246+) instead of an inline `crumb.init(...)` script.
    pub head_crumb_attributes: bool,
    /// `""` when CSRF protection is off (docs/jenkins.md#csrf-protection-off).
    pub crumb_field: &'a str,
    pub crumb: &'a str,
    pub user: Option<HeaderUser<'a>>,
    /// The header of 2.507 and later (docs/jenkins.md#user-in-the-page-header).
    pub user_action_header: bool,
    /// `<ctx>/login?from=…` for the "log in" link.
    pub login_url: &'a str,
}

/// The logged-in user as shown in the page header.
pub struct HeaderUser<'a> {
    pub full_name: &'a str,
    /// `<ctx>/user/<key>`.
    pub url: &'a str,
    /// `<ctx>/user/<key>/security/` or `…/configure`.
    pub token_page_url: &'a str,
}

/// One layout page: `title` becomes `<title>title - Jenkins</title>`.
pub struct LayoutPage<'a> {
    pub title: &'a str,
    /// `data-model-type`: the class of the page's `it`.
    pub model_type: &'a str,
    /// `two-column` or `one-column`.
    pub layout_type: &'a str,
    pub main: String,
}

/// `lib/layout/layout.jelly` (docs/jenkins.md#page-head).
pub fn layout(chrome: &Chrome, page: &LayoutPage) -> String {
    let root = esc(chrome.root_url);
    let res = esc(chrome.res_url);
    let version = esc(chrome.version);
    let title = if page.title.is_empty() { "Jenkins".to_owned() } else { format!("{} - Jenkins", esc(page.title)) };
    let mut html = String::from("<!DOCTYPE html><html data-disable-sticky=\"false\">");
    let body_class = if chrome.head_crumb_attributes {
        html.push_str(&format!(
            "<head data-rooturl=\"{root}\" data-resurl=\"{res}\" data-imagesurl=\"{res}/images\" resURL=\"{res}\" \
             data-extensions-available=\"true\" data-crumb-header=\"{}\" data-crumb-value=\"{}\" data-unit-test=\"false\">\n",
            esc(chrome.crumb_field),
            esc(chrome.crumb)
        ));
        html.push_str(&format!("<title>{title}</title>\n"));
        html.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{res}/jsbundles/styles.css\" type=\"text/css\">\n\
             <script src=\"{res}/scripts/behavior.js\" type=\"text/javascript\"></script>\n\
             <script src=\"{res}/scripts/hudson-behavior.js\" type=\"text/javascript\"></script>\n"
        ));
        format!("{} jenkins-{version}", page.layout_type)
    } else {
        // jenkins-2.245 layout.jelly: globals and the crumb come from inline scripts.
        html.push_str(&format!(
            "<head data-rooturl=\"{root}\" data-resurl=\"{res}\" data-imagesurl=\"{res}/images\" resURL=\"{res}\">\n"
        ));
        html.push_str(&format!("<title>{title}</title>\n"));
        html.push_str(&format!(
            "<script>var isRunAsTest=false; var rootURL=\"{root}\"; var resURL=\"{res}\";</script>\n\
             <script src=\"{res}/scripts/hudson-behavior.js\" type=\"text/javascript\"></script>\n\
             <script>\n          crumb.init(\"{}\", \"{}\");\n      </script>\n",
            esc(chrome.crumb_field),
            esc(chrome.crumb)
        ));
        format!("yui-skin-sam {} jenkins-{version}", page.layout_type)
    };
    html.push_str(
        "<meta name=\"ROBOTS\" content=\"INDEX,NOFOLLOW\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n</head>\n",
    );
    html.push_str(&format!(
        "<body id=\"jenkins\" class=\"{body_class}\" data-version=\"{version}\" data-model-type=\"{}\" \
         data-search-url=\"{root}/search/suggest\">\n",
        esc(page.model_type)
    ));
    html.push_str("<a href=\"#skip2content\" class=\"jenkins-skip-link\">Skip to content</a>\n");
    html.push_str(&page_header(chrome));
    html.push_str(&format!(
        "<div id=\"page-body\" class=\"app-page-body app-page-body--{0} clear\">\n\
         <div id=\"main-panel\"><a id=\"skip2content\"></a>\n{1}\n</div>\n</div>\n",
        page.layout_type, page.main
    ));
    html.push_str(&format!(
        "<footer class=\"page-footer jenkins-mobile-hide\"><div class=\"page-footer__flex-row\">\
         <div class=\"page-footer__links\"><button type=\"button\" class=\"jenkins-button jenkins-button--tertiary jenkins_ver\">\
         Jenkins {version}</button></div></div></footer>\n</body></html>\n"
    ));
    html
}

/// The page header (docs/jenkins.md#user-in-the-page-header). From 2.507 `JenkinsHeader/headerContent.jelly`
/// with `header/actions.jelly`: the user is the `UserAction` root action, an avatar link whose hidden
/// label is the full name, its menu (Security, Sign out) in a `<template>`; anonymous gets
/// `SecurityRealm/loginLink.jelly`'s "Sign in". Before, `pageHeader.jelly`: a link to the user's page
/// with the full name, and "log out"; or "log in".
fn page_header(chrome: &Chrome) -> String {
    let root = esc(chrome.root_url);
    let login_url = esc(chrome.login_url);
    let (class, account) = match (&chrome.user, chrome.user_action_header) {
        (Some(user), true) => (
            "jenkins-header",
            format!(
                "<div class=\"jenkins-header__actions\">\n\
                 <a data-dropdown=\"true\" id=\"root-action-UserAction\" href=\"{}\" data-type=\"header-action\" \
                 class=\"jenkins-button jenkins-button--tertiary\"><svg class=\"jenkins-avatar\" aria-hidden=\"true\"></svg>\
                 <span class=\"jenkins-visually-hidden\" data-type=\"action-label\">{}</span></a>\n\
                 <template><div class=\"jenkins-dropdown\"><a class=\"jenkins-dropdown__item\" href=\"{}\">Security</a>\
                 <a class=\"jenkins-dropdown__item\" href=\"{root}/logout\">Sign out</a></div></template>\n</div>",
                esc(user.url),
                esc(user.full_name),
                esc(user.token_page_url)
            ),
        ),
        (None, true) => (
            "jenkins-header",
            format!(
                "<div class=\"jenkins-header__actions\">\n<a class=\"jenkins-button\" data-type=\"header-action\" \
                 data-testid=\"login\" href=\"{login_url}\">Sign in</a>\n</div>"
            ),
        ),
        (Some(user), false) => (
            "page-header",
            format!(
                "<div class=\"login page-header__hyperlinks\">\n\
                 <a href=\"{}\" class=\"model-link\"><span class=\"hidden-xs hidden-sm\">{}</span></a>\n\
                 <a href=\"{root}/logout\"><span class=\"hidden-xs hidden-sm\">log out</span></a>\n</div>",
                esc(user.url),
                esc(user.full_name)
            ),
        ),
        (None, false) => (
            "page-header",
            format!("<div class=\"login page-header__hyperlinks\">\n<a href=\"{login_url}\"><b>log in</b></a>\n</div>"),
        ),
    };
    format!(
        "<header id=\"page-header\" class=\"{class}\">\n\
         <div class=\"page-header__brand\"><a id=\"jenkins-home-link\" href=\"{root}/\">Jenkins</a></div>\n\
         {account}\n</header>\n"
    )
}

/// `jenkins/model/Jenkins/login.jelly` (docs/jenkins.md#login-redirect-page): no layout, no crumb attributes on
/// `<head>`, but a hidden crumb input in the form.
pub struct LoginPage<'a> {
    pub root_url: &'a str,
    pub res_url: &'a str,
    pub error: bool,
    pub from: &'a str,
    pub crumb_field: &'a str,
    pub crumb: &'a str,
}

pub fn login(page: &LoginPage) -> String {
    let res = esc(page.res_url);
    let input_class = if page.error { "jenkins-input jenkins-input--error" } else { "jenkins-input" };
    let error = if page.error {
        "<div class=\"app-sign-in-register__error\">\n  Invalid username or password\n</div>\n"
    } else {
        ""
    };
    format!(
        "<!DOCTYPE html><html lang=\"en-US\">\n\
<head data-rooturl=\"{root}\" data-resurl=\"{res}\" data-imagesurl=\"{res}/images\" resURL=\"{res}\">\n\
<title>Sign in - Jenkins</title>\n\
<meta name=\"ROBOTS\" content=\"NOFOLLOW\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<link rel=\"stylesheet\" href=\"{res}/jsbundles/simple-page.css\" type=\"text/css\">\n\
</head>\n\
<body class=\"app-sign-in-register\">\n\
<main id=\"main-panel\" class=\"app-sign-in-register__content\">\n\
<div class=\"app-sign-in-register__content-inner\">\n\
<img src=\"{res}/images/svgs/logo.svg\" aria-hidden=\"true\" class=\"app-sign-in-register__content-logo\">\n\
<h1>Sign in to Jenkins</h1>\n\
<form name=\"login\" action=\"j_spring_security_check\" method=\"post\">\n\
{error}\
<div>\n<label class=\"app-sign-in-register__form-label\" for=\"j_username\">Username</label>\n\
<input class=\"{input_class}\" type=\"text\" name=\"j_username\" id=\"j_username\" autocorrect=\"off\" autocomplete=\"off\" autocapitalize=\"off\" autofocus=\"autofocus\">\n</div>\n\
<div>\n<label class=\"app-sign-in-register__form-label\" for=\"j_password\">Password</label>\n\
<input id=\"j_password\" class=\"{input_class}\" type=\"password\" name=\"j_password\">\n</div>\n\
<div class=\"jenkins-checkbox\">\n<input type=\"checkbox\" id=\"remember_me\" name=\"remember_me\">\n\
<label for=\"remember_me\">Keep me signed in</label>\n</div>\n\
<input type=\"hidden\" name=\"from\" value=\"{from}\">\n\
<input type=\"hidden\" name=\"{field}\" value=\"{crumb}\">\n\
<button type=\"submit\" name=\"Submit\" class=\"jenkins-button jenkins-button--primary\">Sign in</button>\n\
</form>\n</div>\n</main>\n</body>\n</html>\n",
        root = esc(page.root_url),
        from = esc(page.from),
        field = esc(page.crumb_field),
        crumb = esc(page.crumb),
    )
}

/// `HudsonAuthenticationEntryPoint` + `Util.printRedirect` (docs/jenkins.md#login-redirect-page), byte for byte,
/// including the diagnostics comment and the ~300 spaces of padding.
pub fn authentication_required(res_url: &str, login_url: &str, report: Option<&str>) -> String {
    let target = esc(login_url);
    let mut body = format!(
        "<html><head><meta http-equiv='refresh' content='1;url={target}'/>\
         <script id='redirect' data-redirect-url='{target}' src='{res_url}/scripts/redirect.js'></script>\
         </head><body style='background-color:white; color:white;'>\n\
         Authentication required\n<!--\n"
    );
    if let Some(report) = report {
        body.push_str(report);
    }
    body.push_str("-->\n\n</body></html>");
    body.push_str(&" ".repeat(300));
    body
}

/// The servlet container's `sendError` page (Jetty 9.4, the sample in docs/jenkins.md#crumb-filter).
pub fn container_error(status: u16, message: &str, uri: &str, servlet: bool) -> String {
    let message = esc(message);
    let servlet_row = if servlet { "<tr><th>SERVLET:</th><td>Stapler</td></tr>\n" } else { "" };
    format!(
        "<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html;charset=utf-8\"/>\n\
<title>Error {status} {message}</title>\n</head>\n\
<body><h2>HTTP ERROR {status} {message}</h2>\n<table>\n\
<tr><th>URI:</th><td>{uri}</td></tr>\n\
<tr><th>STATUS:</th><td>{status}</td></tr>\n\
<tr><th>MESSAGE:</th><td>{message}</td></tr>\n\
{servlet_row}</table>\n\
<hr><a href=\"https://eclipse.org/jetty\">Powered by Jetty:// 9.4.43.v20210629</a><hr/>\n\n</body>\n</html>\n",
        uri = esc(uri)
    )
}

/// `jenkins/model/Jenkins/_404.jelly`.
pub fn not_found_main(res_url: &str, anonymous: bool) -> String {
    let hint = if anonymous { "\n If you have an account, try logging in." } else { "" };
    format!(
        "<h1 style=\"text-align: center\"><img src=\"{}/images/rage.svg\" height=\"179\" width=\"154\">\
         <span style=\"font-size:50px\">&nbsp;Oops!</span></h1>\n\
         <div id=\"error-description\" style=\"text-align: center\">\n<h2>Not Found</h2>\n\
         <p>This page may not exist, or you may not have permission to see it.{hint}</p>\n</div>",
        esc(res_url)
    )
}

/// `jenkins/model/Jenkins/oops.jelly`: what an exception thrown by a web method renders (500).
pub fn oops_main(res_url: &str, logging_id: &str) -> String {
    format!(
        "<h1 style=\"text-align: center\"><img src=\"{}/images/rage.svg\" height=\"179\" width=\"154\"> \
         <span style=\"font-size:50px\">&nbsp;Oops!</span></h1>\n\
         <div id=\"error-description\">\n<h2 style=\"text-align: center\">A problem occurred while processing the request</h2>\n\
         <p style=\"text-align: center\">Logging ID={}</p>\n</div>",
        esc(res_url),
        esc(logging_id)
    )
}

/// `jenkins/model/Jenkins/accessDenied.jelly` (docs/jenkins.md#access-denied-page).
pub fn access_denied_main(message: &str) -> String {
    format!("<h1>Access Denied</h1>\n<p class=\"error\">{}</p>", esc(message))
}

/// `hudson/security/csrf/CrumbFilter/retry.jelly` (docs/jenkins.md#post-only).
pub fn retry_main(request_url: &str) -> String {
    format!(
        "<h1>This URL requires POST</h1>\n\
         <p>\nThe URL you're trying to access requires that requests be sent using POST (like a form submission). \
         The button below allows you to retry accessing this URL using POST. URL being accessed:\n</p>\n\
         <p><code>{}</code></p>\n\
         <p><strong>If you were sent here from an untrusted source, please proceed with caution.</strong></p>\n\
         <form method=\"post\" name=\"retry\"><button type=\"submit\" name=\"Submit\" \
         class=\"jenkins-button jenkins-button--primary\">Retry using POST</button></form>",
        esc(request_url)
    )
}

pub fn dashboard_main() -> String {
    "<div class=\"empty-state-block\">\n<h1>Welcome to Jenkins!</h1>\n\
     <p>This page is where your Jenkins jobs will be displayed.</p>\n</div>"
        .to_owned()
}

pub fn user_main(full_name: &str, id: &str) -> String {
    format!(
        "<div class=\"jenkins-app-bar\"><div class=\"jenkins-app-bar__content\"><h1>{}</h1></div></div>\n\
         <div>Jenkins User ID: {}</div>",
        esc(full_name),
        esc(id)
    )
}

pub fn who_am_i_main(name: &str, authenticated: bool, anonymous: bool, authorities: &[&str]) -> String {
    let list: String = authorities.iter().map(|a| format!("<li>\"{}\"</li>", esc(a))).collect();
    format!(
        "<h1>Who Am I?</h1>\n<table>\n<tr><td>Name:</td><td>{}</td></tr>\n\
         <tr><td>IsAuthenticated?:</td><td>{authenticated}</td></tr>\n\
         <tr><td>Anonymous?:</td><td>{anonymous}</td></tr>\n\
         <tr><td>Authorities:</td><td><ul>{list}</ul></td></tr>\n</table>",
        esc(name)
    )
}

/// The `configSubmit` form of a user's properties: the crumb, `fields`, then the API token section.
fn user_properties_form(fields: &str, section_html: &str, crumb_field: &str, crumb: &str) -> String {
    let crumb_input = if crumb_field.is_empty() {
        String::new()
    } else {
        format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">\n", esc(crumb_field), esc(crumb))
    };
    format!(
        "<form method=\"post\" action=\"configSubmit\" name=\"config\">\n{crumb_input}{fields}\
         <div class=\"jenkins-section\"><h2 class=\"jenkins-section__title\">API Token</h2>\n\
         <div class=\"jenkins-form-item\" name=\"userProperty0\"><div class=\"jenkins-form-label help-sibling\">Current token(s)</div>\n\
         <div class=\"setting-main\">\n{section_html}</div></div>\n</div>\n\
         <div class=\"jenkins-form-item bottom-sticker\"><button type=\"submit\" name=\"Submit\" \
         class=\"jenkins-button jenkins-button--primary\">Save</button> <button type=\"button\" name=\"Apply\" \
         class=\"jenkins-button apply-button\">Apply</button></div>\n</form>"
    )
}

/// `UserPropertyCategorySecurityAction/index.jelly` (2.468+).
pub fn security_page_main(section_html: &str, crumb_field: &str, crumb: &str) -> String {
    format!(
        "<div class=\"jenkins-app-bar\"><div class=\"jenkins-app-bar__content\"><h1>Security</h1></div></div>\n{}",
        user_properties_form("", section_html, crumb_field, crumb)
    )
}

/// `hudson/model/User/configure.jelly` (before 2.468): one form for every user property.
pub fn configure_page_main(full_name: &str, section_html: &str, crumb_field: &str, crumb: &str) -> String {
    let name = esc(full_name);
    let fields = format!(
        "<div class=\"jenkins-form-item\"><div class=\"jenkins-form-label\">Full Name</div>\
         <div class=\"setting-main\"><input class=\"jenkins-input\" name=\"_.fullName\" type=\"text\" value=\"{name}\"></div></div>\n\
         <div class=\"jenkins-form-item\"><div class=\"jenkins-form-label\">Description</div>\
         <div class=\"setting-main\"><textarea class=\"jenkins-input\" name=\"_.description\"></textarea></div></div>\n"
    );
    format!("<h1>User ‘{name}’ Configuration</h1>\n{}", user_properties_form(&fields, section_html, crumb_field, crumb))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrome<'a>(head_attrs: bool) -> Chrome<'a> {
        Chrome {
            root_url: "/jenkins",
            res_url: "/jenkins/static/abcd1234",
            version: "2.555.1",
            head_crumb_attributes: head_attrs,
            crumb_field: "Jenkins-Crumb",
            crumb: "c0ffee",
            user: None,
            user_action_header: head_attrs,
            login_url: "/jenkins/login?from=%2Fjenkins%2F",
        }
    }

    fn page() -> LayoutPage<'static> {
        LayoutPage { title: "", model_type: "hudson.model.Hudson", layout_type: "two-column", main: String::new() }
    }

    #[test]
    fn head_attributes_by_era() {
        let modern = layout(&chrome(true), &page());
        assert!(modern.contains(
            "<head data-rooturl=\"/jenkins\" data-resurl=\"/jenkins/static/abcd1234\" \
             data-imagesurl=\"/jenkins/static/abcd1234/images\" resURL=\"/jenkins/static/abcd1234\" \
             data-extensions-available=\"true\" data-crumb-header=\"Jenkins-Crumb\" data-crumb-value=\"c0ffee\" \
             data-unit-test=\"false\">"
        ));
        assert!(modern.contains("class=\"two-column jenkins-2.555.1\" data-version=\"2.555.1\""));
        let old = layout(&chrome(false), &page());
        assert!(old.contains("crumb.init(\"Jenkins-Crumb\", \"c0ffee\");"));
        assert!(!old.contains("data-crumb-value"));
    }

    #[test]
    fn the_header_by_era() {
        let alice = HeaderUser {
            full_name: "Alice",
            url: "/jenkins/user/alice",
            token_page_url: "/jenkins/user/alice/security/",
        };
        let header = |user_action: bool, user: Option<HeaderUser<'static>>| {
            page_header(&Chrome { user, user_action_header: user_action, ..chrome(true) })
        };
        let modern = header(true, Some(alice));
        assert!(
            modern.contains("id=\"root-action-UserAction\" href=\"/jenkins/user/alice\" data-type=\"header-action\"")
        );
        assert!(modern.contains("<span class=\"jenkins-visually-hidden\" data-type=\"action-label\">Alice</span>"));
        assert!(modern.contains("<template><div class=\"jenkins-dropdown\">"), "its menu, not links of the header");
        assert!(
            header(true, None).contains("data-testid=\"login\" href=\"/jenkins/login?from=%2Fjenkins%2F\">Sign in</a>")
        );
        let alice = HeaderUser {
            full_name: "Alice",
            url: "/jenkins/user/alice",
            token_page_url: "/jenkins/user/alice/configure",
        };
        let old = header(false, Some(alice));
        assert!(old.contains(
            "<a href=\"/jenkins/user/alice\" class=\"model-link\"><span class=\"hidden-xs hidden-sm\">Alice</span></a>"
        ));
        assert!(old.contains("<a href=\"/jenkins/logout\">"));
        assert!(header(false, None).contains("<a href=\"/jenkins/login?from=%2Fjenkins%2F\"><b>log in</b></a>"));
    }

    #[test]
    fn authentication_required_shape() {
        let body = authentication_required("/static/abcd1234", "/login?from=%2Fme%2Fapi%2Fjson", None);
        assert!(body.starts_with(
            "<html><head><meta http-equiv='refresh' content='1;url=/login?from=%2Fme%2Fapi%2Fjson'/>\
             <script id='redirect' data-redirect-url='/login?from=%2Fme%2Fapi%2Fjson' \
             src='/static/abcd1234/scripts/redirect.js'></script></head>\
             <body style='background-color:white; color:white;'>\nAuthentication required\n<!--\n-->\n\n</body></html>"
        ));
        assert!(body.ends_with(&" ".repeat(300)));
    }
}
