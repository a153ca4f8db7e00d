//! Fault injection (`POST /__emulator/faults`, README "Control API"): what a fault is and which
//! requests it applies to. `app.rs` applies them around the Jenkins pipeline.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::http::Request;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultMode {
    /// Answer `status` / `content_type` / `body` instead of handling (after `delay_ms`).
    Replace,
    /// Handle normally, then wait `delay_ms` before answering.
    Delay,
    /// Close the connection without handling.
    DropBefore,
    /// Handle (e.g. mint a token), then close the connection without answering. Browsers resend a
    /// request whose reused keep-alive connection closes before any answer (Chromium does, POST
    /// included), so this can mint twice; `cut_after` is the failure browsers do not retry.
    DropAfter,
    /// Handle, then send the head and half the body and close: the answer is lost mid-way.
    CutAfter,
    /// Handle (e.g. mint a token), then answer `status` / `content_type` / `body` instead of what
    /// Jenkins made (after `delay_ms`): a proxy's `504` while Jenkins finished, a `500` after the
    /// token was stored.
    ReplaceAfter,
}

impl FaultMode {
    pub fn name(self) -> &'static str {
        match self {
            FaultMode::Replace => "replace",
            FaultMode::Delay => "delay",
            FaultMode::DropBefore => "drop_before",
            FaultMode::DropAfter => "drop_after",
            FaultMode::CutAfter => "cut_after",
            FaultMode::ReplaceAfter => "replace_after",
        }
    }
}

fn default_status() -> u16 {
    500
}
fn default_content_type() -> String {
    "text/html".to_owned()
}
fn default_times() -> u32 {
    1
}

/// A fault as posted to `/__emulator/faults`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// Any method when absent.
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub path_contains: String,
    pub mode: FaultMode,
    #[serde(default = "default_status")]
    pub status: u16,
    #[serde(default = "default_content_type")]
    pub content_type: String,
    #[serde(default)]
    pub body: String,
    /// Extra headers of a `replace` answer, e.g. `{"Location": "http://elsewhere/"}` for a redirect.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub delay_ms: u64,
    #[serde(default = "default_times")]
    pub times: u32,
    /// How many matching requests pass untouched before the fault applies (the second revoke of a run).
    #[serde(default)]
    pub skip: u32,
}

impl Fault {
    pub fn matches(&self, req: &Request) -> bool {
        self.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(&req.method))
            && req.uri_with_query().contains(&self.path_contains)
    }
}
