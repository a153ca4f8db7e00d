//! The host as the browser runs it: frames in on stdin, one answer out on stdout for each, until the
//! browser closes stdin. Nothing is written to stderr, which the browser shows in its own log.

use crate::files::Home;
use crate::protocol::{self, Answer, Frame, Refusal, Request};
use crate::targets;
use std::io::{self, Read, Write};

/// Answers every frame of `input` on `output` until the stream ends. A frame that cannot be read is
/// answered with a refusal; after a truncated one the stream is over.
pub fn serve(input: &mut impl Read, output: &mut impl Write, home: &Result<Home, Refusal>) -> io::Result<()> {
    loop {
        let frame = protocol::read_frame(input)?;
        let answer = match (&frame, protocol::frame_refusal(&frame)) {
            (Frame::End, _) => return Ok(()),
            (_, Some(refusal)) => Answer::Refused(refusal),
            (Frame::Message(body), None) => handle(body, home),
            (_, None) => return Ok(()),
        };
        protocol::write_frame(output, &answer)?;
        match frame {
            Frame::Truncated => return Ok(()),
            // The oversized body is still in the stream: read past it, unkept, to the next frame.
            Frame::TooLarge(length) => {
                if io::copy(&mut input.by_ref().take(u64::from(length)), &mut io::sink())? < u64::from(length) {
                    return Ok(());
                }
            }
            Frame::Message(_) | Frame::End => {}
        }
    }
}

/// The answer to one message body.
pub fn handle(body: &[u8], home: &Result<Home, Refusal>) -> Answer {
    let request = match protocol::decode(body) {
        Ok(request) => request,
        Err(refusal) => return Answer::Refused(refusal),
    };
    let home = match home {
        Ok(home) => home,
        Err(refusal) => return Answer::Refused(refusal.clone()),
    };
    match request {
        Request::Hello(hello) => Answer::Hello(targets::hello(home, &hello)),
        Request::Save(save) => match targets::save(home, &save) {
            Ok(saved) => Answer::Saved(saved),
            Err(refusal) => Answer::Refused(refusal),
        },
    }
}
