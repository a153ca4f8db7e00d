//! Who a request runs as and what it may do: Basic auth with an API token or the password, else the
//! session's user (this file); the users, sessions, login, permissions, and the crumb as it is made
//! and checked (the `/crumbIssuer` endpoint that shows it is in `pages/`).

pub mod crumb;
mod login;
pub mod permissions;
pub mod session;
pub mod users;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::app::{App, Model, lock};
use crate::auth::session::session_from_cookie;
use crate::auth::users::find_by_id;
use crate::http::Request;

/// Who the request runs as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    Anonymous,
    /// Logged in through the form; the session holds the user id.
    Session(String),
    /// Basic auth with a live API token: exempt from crumbs (docs/jenkins.md#crumb-filter `ApiCrumbExclusion`).
    BasicToken(String),
    /// Basic auth with the password: still needs a session crumb for POSTs.
    BasicPassword(String),
}

impl Auth {
    pub fn user_id(&self) -> Option<&str> {
        match self {
            Auth::Anonymous => None,
            Auth::Session(id) | Auth::BasicToken(id) | Auth::BasicPassword(id) => Some(id),
        }
    }

    /// `Authentication.getName()`.
    pub fn name(&self) -> &str {
        self.user_id().unwrap_or("anonymous")
    }

    /// The `auth` field of the request log.
    pub fn kind(&self) -> &'static str {
        match self {
            Auth::Anonymous => "none",
            Auth::Session(_) => "session",
            Auth::BasicToken(_) => "basic-token",
            Auth::BasicPassword(_) => "basic-password",
        }
    }
}

enum Basic {
    Absent,
    Invalid,
    Token(usize),
    Password(usize),
}

/// `BasicHeaderProcessor`: API token first, then the password (docs/jenkins.md#basic-auth-with-a-token).
fn check_basic(app: &App, model: &mut Model, req: &Request, count_usage: bool) -> Basic {
    let Some(header) = req.header("authorization") else {
        return Basic::Absent;
    };
    let Some((scheme, encoded)) = header.trim().split_once(' ') else {
        return Basic::Absent;
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Basic::Absent;
    }
    let Some(text) = BASE64.decode(encoded.trim()).ok().and_then(|b| String::from_utf8(b).ok()) else {
        return Basic::Invalid;
    };
    let Some((id, secret)) = text.split_once(':') else {
        return Basic::Invalid;
    };
    let Some(index) = find_by_id(&model.users, id) else {
        return Basic::Invalid;
    };
    let (today, now) = (app.today(), app.now());
    let token = secret.strip_prefix(app.config.token_prefix.as_str()).unwrap_or(secret);
    if model.users[index].tokens.authenticate(token, today, now, count_usage) {
        Basic::Token(index)
    } else if model.users[index].password == secret {
        Basic::Password(index)
    } else {
        Basic::Invalid
    }
}

/// Who the request runs as, from Basic auth or else the session; `None` for invalid Basic credentials.
pub fn authenticate(
    app: &App,
    model: &mut Model,
    req: &Request,
    session: Option<&str>,
    count_usage: bool,
) -> Option<Auth> {
    let auth = match check_basic(app, model, req, count_usage) {
        Basic::Invalid => return None,
        Basic::Token(i) => Auth::BasicToken(model.users[i].id.clone()),
        Basic::Password(i) => Auth::BasicPassword(model.users[i].id.clone()),
        Basic::Absent => match session.and_then(|id| model.sessions.get(id)).and_then(|s| s.user.clone()) {
            Some(user) => Auth::Session(user),
            None => Auth::Anonymous,
        },
    };
    Some(auth)
}

/// The request log's `auth` for a request that was not handled (faults): no usage is counted.
pub fn classify_auth(app: &App, req: &Request) -> &'static str {
    let mut model = lock(&app.model);
    let session = session_from_cookie(app, &model, req);
    authenticate(app, &mut model, req, session.as_deref(), false).map_or("basic-invalid", |auth| auth.kind())
}
