//! The control API for tests, at `/__emulator/…` on the server root (README "Control API"):
//! fault injection, session expiry, crumb rejection, latency, the request log and token inspection.
//! It never needs auth or a crumb and is neither delayed, faulted nor logged.
//! What a fault is lives in `faults.rs`, what the log records in `request_log.rs`; this file holds
//! their state and the routes.

pub mod faults;
pub mod request_log;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::app::{App, lock};
use crate::auth::users::{User, find_by_id, find_index};
use crate::control::faults::Fault;
use crate::control::request_log::{Exchange, LogEntry};
use crate::dates::Timestamp;
use crate::encoding::percent_decode;
use crate::http::{Request, Response};
use crate::tokens::{SeedHistory, StoredToken};

pub const PREFIX: &str = "/__emulator/";

/// A user added with `POST /__emulator/users`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUser {
    id: String,
    password: String,
    #[serde(default)]
    full_name: Option<String>,
    #[serde(default)]
    admin: bool,
}

/// One token in `GET /__emulator/users/<id>/tokens` (never its value).
#[derive(Serialize)]
struct TokenView {
    uuid: String,
    name: String,
    legacy: bool,
    created: Option<String>,
    expiration: Option<String>,
    use_count: u64,
    last_used: Option<String>,
}

impl From<&StoredToken> for TokenView {
    fn from(t: &StoredToken) -> TokenView {
        TokenView {
            uuid: t.uuid.clone(),
            name: t.name.clone(),
            legacy: t.legacy,
            created: t.created.map(Timestamp::iso_offset),
            expiration: t.expiration.map(|d| d.iso()),
            use_count: t.use_count,
            last_used: t.last_used.map(Timestamp::iso_offset),
        }
    }
}

#[derive(Debug, Default)]
pub struct ControlState {
    faults: Vec<Fault>,
    pub latency_ms: u64,
    crumb_rejections: u32,
    log: Vec<LogEntry>,
    exchanges: Vec<Exchange>,
}

impl ControlState {
    /// Takes one use of the first fault matching the request.
    pub fn take_fault(&mut self, req: &Request) -> Option<Fault> {
        let index = self.faults.iter().position(|f| f.matches(req))?;
        if self.faults[index].skip > 0 {
            self.faults[index].skip -= 1;
            return None;
        }
        let fault = self.faults[index].clone();
        self.faults[index].times -= 1;
        if self.faults[index].times == 0 {
            self.faults.remove(index);
        }
        Some(fault)
    }

    /// True when this crumb check must fail whatever was sent (`reject-crumbs`).
    pub fn consume_crumb_rejection(&mut self) -> bool {
        if self.crumb_rejections > 0 {
            self.crumb_rejections -= 1;
            true
        } else {
            false
        }
    }

    pub fn record(&mut self, entry: LogEntry, exchange: Exchange) {
        self.log.push(entry);
        self.exchanges.push(exchange);
    }
}

fn json_response(status: u16, value: &Value) -> Response {
    Response::with_body(status, "application/json", value.to_string())
}

fn ok() -> Response {
    json_response(200, &json!({"ok": true}))
}

fn error(status: u16, message: &str) -> Response {
    json_response(status, &json!({"ok": false, "error": message}))
}

fn parse_body<T: for<'de> Deserialize<'de>>(req: &Request) -> Result<T, Response> {
    serde_json::from_slice(&req.body).map_err(|e| error(400, &format!("invalid JSON body: {e}")))
}

#[derive(Deserialize)]
struct Times {
    times: u32,
}

#[derive(Deserialize)]
struct Csrf {
    on: bool,
}

#[derive(Deserialize)]
struct Latency {
    ms: u64,
}

pub fn handle(app: &App, req: &Request) -> Response {
    let Some(route) = req.path.strip_prefix(PREFIX) else {
        return error(404, "unknown control endpoint");
    };
    let segments: Vec<String> = route.trim_end_matches('/').split('/').map(|s| percent_decode(s, false)).collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let post = req.method == "POST";
    match (segments.as_slice(), post) {
        (["faults"], true) => match parse_body::<Fault>(req) {
            Ok(fault) if fault.times == 0 => error(400, "times must be at least 1"),
            Ok(fault) => {
                lock(&app.control).faults.push(fault);
                ok()
            }
            Err(response) => response,
        },
        (["expire-sessions"], true) => {
            lock(&app.model).sessions.clear();
            ok()
        }
        (["reject-crumbs"], true) => match parse_body::<Times>(req) {
            Ok(t) => {
                lock(&app.control).crumb_rejections = t.times;
                ok()
            }
            Err(response) => response,
        },
        (["csrf"], true) => match parse_body::<Csrf>(req) {
            Ok(csrf) => {
                app.set_csrf(csrf.on);
                ok()
            }
            Err(response) => response,
        },
        (["latency"], true) => match parse_body::<Latency>(req) {
            Ok(l) => {
                lock(&app.control).latency_ms = l.ms;
                ok()
            }
            Err(response) => response,
        },
        (["requests"], false) => {
            // Serialised straight from the structs so that the keys keep the documented order.
            let log = serde_json::to_string(&lock(&app.control).log).unwrap_or_else(|_| "[]".to_owned());
            Response::with_body(200, "application/json", log)
        }
        (["exchanges"], false) => {
            let exchanges = serde_json::to_string(&lock(&app.control).exchanges).unwrap_or_else(|_| "[]".to_owned());
            Response::with_body(200, "application/json", exchanges)
        }
        (["users"], true) => match parse_body::<NewUser>(req) {
            Ok(new) if new.id.is_empty() || new.id.chars().any(char::is_control) => {
                error(400, "the id must be non-empty, without control characters")
            }
            Ok(new) => {
                let mut model = lock(&app.model);
                if find_by_id(&model.users, &new.id).is_some() {
                    return error(409, "a user with that id exists");
                }
                let full_name = new.full_name.unwrap_or_else(|| new.id.clone());
                model.users.push(User::new(&new.id, &new.password, &full_name, new.admin));
                ok()
            }
            Err(response) => response,
        },
        (["reset"], true) => {
            let mut control = lock(&app.control);
            control.faults.clear();
            control.log.clear();
            control.exchanges.clear();
            control.latency_ms = 0;
            control.crumb_rejections = 0;
            ok()
        }
        (["users", id, "tokens"], false) => {
            let model = lock(&app.model);
            let Some(index) = find_index(&model.users, id) else {
                return error(404, "no such user");
            };
            let tokens: Vec<TokenView> =
                model.users[index].tokens.sorted_by_name().into_iter().map(TokenView::from).collect();
            let body = serde_json::to_string(&tokens).unwrap_or_else(|_| "[]".to_owned());
            Response::with_body(200, "application/json", body)
        }
        (["users", id, "tokens"], true) => match parse_body::<SeedHistory>(req) {
            Ok(history) => {
                let now = app.now();
                let mut model = lock(&app.model);
                let Some(index) = find_index(&model.users, id) else {
                    return error(404, "no such user");
                };
                let minted = model.users[index].tokens.seed(&history, now);
                json_response(200, &json!({"uuid": minted.uuid, "value": minted.value}))
            }
            Err(response) => response,
        },
        (["users", id, "legacy-token"], true) => {
            let now = app.now();
            let mut model = lock(&app.model);
            let Some(index) = find_index(&model.users, id) else {
                return error(404, "no such user");
            };
            let value = model.users[index].regenerate_legacy_token(now);
            json_response(200, &json!({"value": value}))
        }
        (
            ["faults" | "expire-sessions" | "reject-crumbs" | "csrf" | "latency" | "reset" | "users"]
            | ["users", _, "legacy-token"],
            false,
        ) => error(405, "use POST"),
        (["requests" | "exchanges"], true) => error(405, "use GET"),
        _ => error(404, "unknown control endpoint"),
    }
}
