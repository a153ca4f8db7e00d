//! A stand-in for a Jenkins controller, limited to what the browser extension talks to:
//! page headers and `<head>` attributes, the login form and session cookie, `whoAmI`, the crumb
//! issuer and the API-token endpoints. It follows `docs/jenkins.md` at the repository's root, whose
//! sections the comments cite; see `README.md` for the full list of behaviours and the control API.
//!
//! ```no_run
//! let emulator = jenkins_emulator::Emulator::start(jenkins_emulator::Config::default()).unwrap();
//! println!("{}", emulator.root_url()); // http://127.0.0.1:PORT/
//! ```

mod app;
mod auth;
mod cloudbees;
mod control;
mod dates;
mod encoding;
mod http;
mod jenkins;
mod pages;
mod random;
mod tokens;
mod version;

use std::io;
use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;

use app::App;
pub use cloudbees::CloudBees;
use dates::Date;
use version::{Gates, Version};

/// How the emulator behaves; the fields match the command-line flags (README "Running it").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `0` = any free port.
    pub port: u16,
    /// The Jenkins version played; every version-dependent behaviour follows it. `from_args` makes it
    /// [`CloudBees::DEFAULT_VERSION`] for a CloudBees profile without `--version`.
    pub version: String,
    /// `""` (or `/`) for a root deployment, else e.g. `/jenkins`.
    pub context_path: String,
    /// `false` = no crumb issuer (docs/jenkins.md#csrf-protection-off).
    pub csrf: bool,
    /// `hudson.security.csrf.requestfield`.
    pub crumb_field: String,
    /// `jenkins.security.ApiTokenProperty.adminCanGenerateNewTokens`.
    pub admin_can_generate: bool,
    /// Anonymous users have Overall/Read.
    pub anonymous_read: bool,
    /// Serve this directory at `{ctx}/www/`.
    pub www: Option<PathBuf>,
    /// `YYYY-MM-DD`: fixes "today" for expiry and statistics.
    pub today: Option<String>,
    /// No per-request log on stderr.
    pub quiet: bool,
    /// A CloudBees CI profile (docs/jenkins.md#cloudbees-ci); `None` = plain Jenkins.
    pub cloudbees: Option<CloudBees>,
    /// Where a `CloudBees::Controller` sends `/login`; normalised to end with `/`.
    pub operations_center_url: String,
    /// Put before every minted token value, as Jenkins' proposed identifiable tokens do
    /// (`jenkins_apitoken_`, docs/jenkins.md#token-values); Basic auth accepts the value with it. `""` = none.
    pub token_prefix: String,
}

impl Default for Config {
    /// The README defaults, except port 0 and quiet, for in-process use.
    fn default() -> Config {
        Config {
            port: 0,
            version: "2.555.1".to_owned(),
            context_path: String::new(),
            csrf: true,
            crumb_field: "Jenkins-Crumb".to_owned(),
            admin_can_generate: false,
            anonymous_read: false,
            www: None,
            today: None,
            quiet: true,
            cloudbees: None,
            operations_center_url: "http://127.0.0.1:1/cjoc/".to_owned(),
            token_prefix: String::new(),
        }
    }
}

pub const USAGE: &str = "usage: jenkins-emulator [--port N] [--version V] [--context-path P] [--csrf on|off] \
[--crumb-field NAME] [--admin-can-generate] [--anonymous-read] [--www DIR] [--today YYYY-MM-DD] [--quiet] \
[--cloudbees controller|operations-center] [--operations-center-url URL] [--token-prefix P]";

impl Config {
    /// Parses the flags (without the program name). `--flag value` and `--flag=value` both work.
    pub fn from_args(args: impl Iterator<Item = String>) -> Result<Config, String> {
        let mut config = Config { port: 8080, quiet: false, ..Config::default() };
        let mut version_given = false;
        let mut args = args.peekable();
        while let Some(arg) = args.next() {
            let (flag, inline_value) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.to_owned())),
                _ => (arg.clone(), None),
            };
            let mut value = || -> Result<String, String> {
                inline_value.clone().or_else(|| args.next()).ok_or_else(|| format!("{flag} needs a value"))
            };
            match flag.as_str() {
                "--port" => {
                    let v = value()?;
                    config.port = v.parse().map_err(|_| format!("--port: not a port number: {v}"))?;
                }
                "--version" => {
                    config.version = value()?;
                    version_given = true;
                }
                "--context-path" => config.context_path = value()?,
                "--csrf" => {
                    config.csrf = match value()?.as_str() {
                        "on" => true,
                        "off" => false,
                        other => return Err(format!("--csrf: expected on or off, got {other}")),
                    }
                }
                "--crumb-field" => config.crumb_field = value()?,
                "--admin-can-generate" => config.admin_can_generate = true,
                "--anonymous-read" => config.anonymous_read = true,
                "--www" => config.www = Some(PathBuf::from(value()?)),
                "--today" => config.today = Some(value()?),
                "--quiet" => config.quiet = true,
                "--cloudbees" => {
                    let v = value()?;
                    let profile = CloudBees::parse(&v)
                        .ok_or_else(|| format!("--cloudbees: expected controller or operations-center, got {v}"))?;
                    config.cloudbees = Some(profile);
                }
                "--operations-center-url" => config.operations_center_url = value()?,
                "--token-prefix" => config.token_prefix = value()?,
                "--help" | "-h" => return Err(USAGE.to_owned()),
                other => return Err(format!("unknown argument: {other}\n{USAGE}")),
            }
            if inline_value.is_some()
                && matches!(flag.as_str(), "--admin-can-generate" | "--anonymous-read" | "--quiet")
            {
                return Err(format!("{flag} takes no value"));
            }
        }
        if config.cloudbees.is_some() && !version_given {
            // CloudBees CI versions have four parts (docs/jenkins.md#cloudbees-ci).
            config.version = CloudBees::DEFAULT_VERSION.to_owned();
        }
        config.validated().map_err(|e| e.to_string())
    }

    /// Checks the values and normalises the context path to `""` or `/name`.
    fn validated(mut self) -> io::Result<Config> {
        let invalid = |message: String| io::Error::new(io::ErrorKind::InvalidInput, message);
        if Version::parse(&self.version).is_none() {
            return Err(invalid(format!("--version: not a Jenkins version: {}", self.version)));
        }
        if let Some(today) = &self.today
            && Date::parse_iso(today).is_none()
        {
            return Err(invalid(format!("--today: expected YYYY-MM-DD, got {today}")));
        }
        let field_ok = !self.crumb_field.is_empty()
            && self.crumb_field.bytes().all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b));
        if !field_ok {
            return Err(invalid(format!("--crumb-field: not a header name: {}", self.crumb_field)));
        }
        self.operations_center_url = cloudbees::normalize_operations_center_url(&self.operations_center_url)
            .ok_or_else(|| {
                invalid(format!("--operations-center-url: not an http(s) URL: {}", self.operations_center_url))
            })?;
        let trimmed = self.context_path.trim().trim_end_matches('/');
        self.context_path = if trimmed.is_empty() {
            String::new()
        } else if trimmed.starts_with('/') {
            trimmed.to_owned()
        } else {
            format!("/{trimmed}")
        };
        if self.context_path.contains(['?', '#', ' ']) {
            return Err(invalid(format!("--context-path: not a path: {}", self.context_path)));
        }
        Ok(self)
    }
}

/// A running emulator: bound to 127.0.0.1, serving on background threads for the rest of the process.
pub struct Emulator {
    port: u16,
    app: Arc<App>,
}

impl Emulator {
    /// Binds, spawns the accept thread and returns at once.
    pub fn start(config: Config) -> io::Result<Emulator> {
        let config = config.validated()?;
        let version = Version::parse(&config.version)
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "invalid version"))?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))?;
        let port = listener.local_addr()?.port();
        let app = Arc::new(App::new(config, Gates::for_version(&version)));
        let handler_app = Arc::clone(&app);
        http::serve(listener, Arc::new(move |req| handler_app.handle(req)))?;
        Ok(Emulator { port, app })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:PORT<ctx>/`, always with a trailing slash.
    pub fn root_url(&self) -> String {
        format!("http://127.0.0.1:{}{}/", self.port, self.app.config.context_path)
    }

    /// The cookie name of this run, `JSESSIONID.<8 hex>` (random per start).
    pub fn session_cookie_name(&self) -> String {
        self.app.instance.cookie_name.clone()
    }

    /// A human-readable description for stderr: profile, users and the control API.
    pub fn summary(&self) -> String {
        let config = &self.app.config;
        let on_off = |b: bool| if b { "on" } else { "off" };
        let mut text = format!(
            "jenkins-emulator playing Jenkins {} at {}\n  csrf: {} (field {}), admin-can-generate: {}, anonymous-read: {}, today: {}\n",
            config.version,
            self.root_url(),
            on_off(config.csrf),
            config.crumb_field,
            on_off(config.admin_can_generate),
            on_off(config.anonymous_read),
            self.app.today().iso(),
        );
        let profile = match config.cloudbees {
            None => "plain Jenkins".to_owned(),
            Some(CloudBees::Controller) => format!(
                "CloudBees CI controller (--cloudbees controller), login delegated to the operations center at {}",
                config.operations_center_url
            ),
            Some(CloudBees::OperationsCenter) => {
                "CloudBees CI operations center (--cloudbees operations-center)".to_owned()
            }
        };
        text.push_str(&format!("  profile: {profile}\n"));
        if let Some(www) = &config.www {
            text.push_str(&format!("  www: {} at {}www/\n", www.display(), self.root_url()));
        }
        text.push_str("  users (id / password):\n");
        for user in &app::lock(&self.app.model).users {
            let admin = if user.admin { " (admin)" } else { "" };
            text.push_str(&format!("    {} / {}  {}{admin}\n", user.id, user.password, user.full_name));
        }
        text.push_str(&format!("  control API: http://127.0.0.1:{}/__emulator/…\n", self.port));
        text
    }
}
