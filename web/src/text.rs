//! Sentences in the user's language. The core says what to say ([`Message`]); this renders it with the
//! browser's i18n (`chrome.i18n.getMessage` in the extension) or the English `messages.json` (the www
//! page), whichever the page glue handed over at start.

use std::cell::RefCell;

use jenkins_api_token::messages::Message;

type Translator = Box<dyn Fn(&str, &[&str]) -> Option<String>>;

thread_local! {
    static TRANSLATOR: RefCell<Option<Translator>> = const { RefCell::new(None) };
}

/// Where sentences come from from now on (set once, at start).
pub fn set_translator(translator: Translator) {
    TRANSLATOR.with(|current| *current.borrow_mut() = Some(translator));
}

fn translate(key: &str, args: &[&str]) -> Option<String> {
    TRANSLATOR.with(|current| current.borrow().as_ref().and_then(|translate| translate(key, args)))
}

/// A sentence of the core's.
pub fn text(message: &Message) -> String {
    message.render(&translate)
}

/// A sentence of the glue's own (a status, a label): the message `key` with `args`.
pub fn t(key: &str, args: &[&str]) -> String {
    translate(key, args).filter(|text| !text.is_empty()).unwrap_or_else(|| key.to_owned())
}
