//! The running emulator's shared state and the per-request envelope around the Jenkins logic:
//! control API first, then latency, faults and the request log.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

use crate::Config;
use crate::auth;
use crate::auth::crumb;
use crate::auth::session::SessionStore;
use crate::auth::users::{User, initial_users};
use crate::control::faults::{Fault, FaultMode};
use crate::control::request_log::{Exchange, LogEntry};
use crate::control::{self, ControlState};
use crate::dates::{Date, Timestamp};
use crate::http::{Outcome, Request, Response};
use crate::jenkins;
use crate::random;
use crate::version::Gates;

/// Values random per start, like a restarted Jenkins.
pub struct Instance {
    /// `SESSION_HASH`: `X-Jenkins-Session` and the `/static/<hash>` resource path
    /// (docs/jenkins.md#identifying-headers).
    pub session_hash: String,
    /// `JSESSIONID.<8 hex>` (docs/jenkins.md#session-cookie).
    pub cookie_name: String,
    /// `crumbSalt` (docs/jenkins.md#how-the-crumb-is-made).
    pub crumb_salt: String,
}

/// Users and sessions: what Jenkins requests read and change.
pub struct Model {
    pub users: Vec<User>,
    pub sessions: SessionStore,
}

pub struct App {
    /// With `context_path` normalised to `""` or `/name`.
    pub config: Config,
    pub gates: Gates,
    pub instance: Instance,
    /// Lock order: `model` before `control`, never the other way round.
    pub model: Mutex<Model>,
    pub control: Mutex<ControlState>,
    /// CSRF protection, from `config.csrf`; the control API can turn it off while running, as a
    /// Groovy script that removes the crumb issuer does (docs/jenkins.md#csrf-protection-off).
    csrf: AtomicBool,
}

/// Locks even after a panicking request poisoned the mutex: one bad request must not stop the server.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl App {
    /// Whether CSRF protection is on now.
    pub fn csrf(&self) -> bool {
        self.csrf.load(Ordering::Relaxed)
    }

    pub fn set_csrf(&self, on: bool) {
        self.csrf.store(on, Ordering::Relaxed);
    }

    pub fn new(config: Config, gates: Gates) -> App {
        let mut users = initial_users();
        let now = today_clock(config.today.as_deref());
        if !gates.token_store {
            // Before 2.129 every user had exactly one (legacy) API token (docs/jenkins.md#legacy-token).
            for user in &mut users {
                user.regenerate_legacy_token(now);
            }
        }
        App {
            csrf: AtomicBool::new(config.csrf),
            instance: Instance {
                session_hash: random::hex(4),
                cookie_name: format!("JSESSIONID.{}", random::hex(4)),
                crumb_salt: random::hex(16),
            },
            config,
            gates,
            model: Mutex::new(Model { users, sessions: SessionStore::default() }),
            control: Mutex::new(ControlState::default()),
        }
    }

    /// The current time, moved to `--today` when set (same time of day).
    pub fn now(&self) -> Timestamp {
        today_clock(self.config.today.as_deref())
    }

    /// `LocalDate.now()` of the emulated server (UTC), or `--today`.
    pub fn today(&self) -> Date {
        self.now().date()
    }

    /// Entry point for every request.
    pub fn handle(&self, req: &Request) -> Outcome {
        if req.path.starts_with(control::PREFIX) {
            return Outcome::Respond(control::handle(self, req));
        }
        let (latency_ms, fault) = {
            let mut control = lock(&self.control);
            (control.latency_ms, control.take_fault(req))
        };
        sleep_ms(latency_ms);
        let mode = fault.as_ref().map(|f| f.mode);
        match (fault, mode) {
            (Some(fault), Some(FaultMode::Replace)) => {
                sleep_ms(fault.delay_ms);
                let response = replacement(&fault);
                self.log(req, Some(&response), auth::classify_auth(self, req), mode);
                Outcome::Respond(response)
            }
            (Some(_), Some(FaultMode::DropBefore)) => {
                self.log(req, None, auth::classify_auth(self, req), mode);
                Outcome::Drop
            }
            (fault, _) => {
                let (mut response, auth) = jenkins::handle(self, req);
                if let Some(fault) = &fault
                    && matches!(fault.mode, FaultMode::Delay | FaultMode::ReplaceAfter)
                {
                    sleep_ms(fault.delay_ms);
                    if fault.mode == FaultMode::ReplaceAfter {
                        response = replacement(fault);
                    }
                }
                self.log(req, Some(&response), auth, mode);
                match mode {
                    Some(FaultMode::DropAfter) => Outcome::Drop,
                    Some(FaultMode::CutAfter) => Outcome::Cut(response),
                    _ => Outcome::Respond(response),
                }
            }
        }
    }

    fn log(&self, req: &Request, response: Option<&Response>, auth: &'static str, fault: Option<FaultMode>) {
        let status = response.map(|response| response.status);
        let entry = LogEntry {
            method: req.method.clone(),
            path: req.path.clone(),
            query: req.query.clone(),
            status,
            cookie: req.cookies().iter().any(|(name, _)| *name == self.instance.cookie_name),
            crumb: crumb::carries_crumb(self, req),
            auth,
            origin: req.header("origin").map(str::to_owned),
            fault: fault.map(FaultMode::name),
        };
        if !self.config.quiet {
            let status = status.map_or_else(|| "dropped".to_owned(), |s| s.to_string());
            let fault = fault.map(|f| format!(" fault={}", f.name())).unwrap_or_default();
            eprintln!("{} {} -> {status} auth={auth}{fault}", req.method, req.uri_with_query());
        }
        lock(&self.control).record(entry, Exchange::new(req, response));
    }
}

fn today_clock(today: Option<&str>) -> Timestamp {
    let now = Timestamp::now();
    match today.and_then(Date::parse_iso) {
        Some(date) => now.moved_to(date),
        None => now,
    }
}

fn replacement(fault: &Fault) -> Response {
    let mut response = Response::with_body(fault.status, &fault.content_type, fault.body.clone());
    for (name, value) in &fault.headers {
        response = response.header(name, value.clone());
    }
    response
}

fn sleep_ms(ms: u64) {
    if ms > 0 {
        thread::sleep(Duration::from_millis(ms));
    }
}
