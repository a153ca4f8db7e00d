//! Carrying out a [`Job`]: the flow's requests, with the session the job holds. The page glue awaits
//! this with its transport and hands the answer back as `Command::Done`; native tests run the same
//! code against the emulator.

use crate::flow;
use crate::html::HtmlParser;
use crate::jenkins::user::UserTarget;
use crate::transport::Transport;

use super::effect::{Done, Job, Outcome, Task};

pub async fn run<P: HtmlParser>(job: Job, transport: &impl Transport, parser: &P) -> Done {
    let Job { mut session, task } = job;
    let session_ref = &mut session;
    let outcome = match task {
        Task::Mint(order) => Outcome::Minted(flow::mint(transport, session_ref, &order).await),
        Task::Verify(token) => Outcome::Verified(flow::verify(transport, session_ref, &token).await),
        Task::RevokeNew(token) => {
            Outcome::RevokedNew(flow::revoke(transport, session_ref, &token.owner_target(), &token.uuid).await)
        }
        Task::ReadList => Outcome::Listed(flow::list_tokens(transport, session_ref, parser).await),
        Task::Look(_) => Outcome::Looked(flow::list_tokens(transport, session_ref, parser).await),
        Task::Rename { token, name } => {
            let result = flow::rename(transport, session_ref, &token.uuid, &name).await;
            Outcome::Renamed { token, name, result }
        }
        Task::Revoke(token) => {
            let result = flow::revoke(transport, session_ref, &UserTarget::Me, &token.uuid).await;
            Outcome::Revoked { token, result }
        }
        Task::Rotate(old) => {
            let result = flow::rotate(transport, session_ref, &old).await;
            Outcome::Rotated { old, result }
        }
        Task::CleanUp(tokens) => Outcome::CleanedUp(flow::revoke_each(transport, session_ref, &tokens).await),
        Task::RevokeUnseen(tokens) => Outcome::RevokedUnseen(flow::revoke_each(transport, session_ref, &tokens).await),
        Task::ShowLegacy => {
            Outcome::Legacy { changed: false, result: flow::legacy_token(transport, session_ref, parser).await }
        }
        Task::ChangeLegacy => {
            Outcome::Legacy { changed: true, result: flow::change_legacy_token(transport, session_ref, parser).await }
        }
    };
    Done { session, outcome }
}
