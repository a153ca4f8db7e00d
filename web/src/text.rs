//! Sentences, dates, times and numbers in the user's language. The core says what to say
//! ([`Message`]); this renders it with the browser's i18n (`chrome.i18n.getMessage` in the extension)
//! or the English `messages.json` (the www page), whichever the page glue handed over at start, and
//! writes dates, times, numbers and lists with `Intl` in the locale of those sentences.

use std::cell::RefCell;

use jenkins_api_token::day::Day;
use jenkins_api_token::messages::{Language, Message, Plural};
use js_sys::{Array, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::Element;

type Translator = Box<dyn Fn(&str, &[&str]) -> Option<String>>;

/// The user's language: its sentences, and `Intl`'s `format` functions for its locale.
struct Browser {
    translate: Translator,
    date: Function,
    time: Function,
    number: Function,
    /// `[locale]`, for the `Intl.ListFormat` and `Intl.PluralRules` made when a list or a count is
    /// written (rarely), not at every start.
    locales: Array,
}

thread_local! {
    static LANGUAGE: RefCell<Option<Browser>> = const { RefCell::new(None) };
}

/// Where sentences come from from now on (set once, at start).
pub fn set_translator(translate: Translator) {
    let locale = locale(translate("locale", &[]).as_deref(), crate::dom::window().navigator().language());
    let locales = Array::of1(&JsValue::from_str(&locale));
    let style = |key: &str, value: &str| {
        let options = Object::new();
        let _ = Reflect::set(&options, &key.into(), &value.into());
        options
    };
    let browser = Browser {
        date: Intl::DateTimeFormat::new(&locales, &style("dateStyle", "medium")).format(),
        time: Intl::DateTimeFormat::new(&locales, &style("timeStyle", "short")).format(),
        number: Intl::NumberFormat::new(&locales, &Object::new()).format(),
        locales,
        translate,
    };
    LANGUAGE.with(|current| *current.borrow_mut() = Some(browser));
}

/// The locale dates and numbers are written in: the browser's own when it speaks the language of the
/// sentences (`en-GB` for English ones), else the sentences' (`locale` in their messages.json), so a
/// date never reads in another language than the sentence around it.
fn locale(sentences: Option<&str>, browser: Option<String>) -> String {
    let sentences = sentences.filter(|tag| !tag.is_empty() && *tag != "locale").unwrap_or("en");
    let language = |tag: &str| tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    match browser {
        Some(browser) if language(&browser) == language(sentences) && !sentences.contains('-') => browser,
        _ => sentences.to_owned(),
    }
}

impl Language for Browser {
    fn sentence(&self, key: &str, args: &[&str]) -> Option<String> {
        (self.translate)(key, args)
    }

    fn date(&self, day: Day) -> String {
        let (year, month, day) = day.parts();
        let date = js_sys::Date::new_with_year_month_day(year as u32, month as i32 - 1, day as i32);
        call(&self.date, &date).unwrap_or_else(|| format!("{year:04}-{month:02}-{day:02}"))
    }

    fn count(&self, count: u64) -> String {
        call(&self.number, &JsValue::from_f64(count as f64)).unwrap_or_else(|| count.to_string())
    }

    /// As the user's clock shows it: `10:42 AM`, `10:42`.
    fn time(&self, at_ms: u64) -> String {
        let date = js_sys::Date::new(&JsValue::from_f64(at_ms as f64));
        call(&self.time, &date).unwrap_or_else(|| format!("{:02}:{:02}", date.get_hours(), date.get_minutes()))
    }

    fn list(&self, items: Vec<String>) -> String {
        let array = Array::new();
        for item in &items {
            array.push(&JsValue::from_str(item));
        }
        Intl::ListFormat::new(&self.locales, &Object::new()).format(&array).into()
    }

    /// The plural form `Intl.PluralRules` gives `count` in the sentences' locale (made when a count
    /// is written, like the list format).
    fn plural(&self, count: u64) -> Plural {
        let category: String = Intl::PluralRules::new(&self.locales, &Object::new()).select(count as f64).into();
        Plural::parse(&category).unwrap_or(Plural::Other)
    }
}

fn call(format: &Function, value: &JsValue) -> Option<String> {
    format.call1(&JsValue::NULL, value).ok()?.as_string()
}

/// No language set (a start-up failure before it): keys as they are.
fn bare(_: &str, _: &[&str]) -> Option<String> {
    None
}

/// A sentence of the core's.
pub fn text(message: &Message) -> String {
    LANGUAGE.with(|current| match current.borrow().as_ref() {
        Some(browser) => message.render(browser),
        None => message.render(&bare),
    })
}

/// Sentences of the core's, `separator` between them.
pub fn texts(messages: &[Message], separator: &str) -> String {
    let mut out = String::new();
    for (index, message) in messages.iter().enumerate() {
        if index > 0 {
            out.push_str(separator);
        }
        out.push_str(&text(message));
    }
    out
}

/// Writes a sentence of the core's as `element`'s text; none empties it.
pub fn say(element: &Element, message: Option<&Message>) {
    element.set_text_content(Some(&message.map(text).unwrap_or_default()));
}

/// Writes a sentence of the glue's, the message `key` (no arguments), as `element`'s text.
pub fn say_key(element: &Element, key: &str) {
    element.set_text_content(Some(&t(key, &[])));
}

/// A sentence of the glue's own (a status, a label): the message `key` with `args`.
pub fn t(key: &str, args: &[&str]) -> String {
    let translated = LANGUAGE.with(|current| current.borrow().as_ref().and_then(|browser| browser.sentence(key, args)));
    translated.filter(|text| !text.is_empty()).unwrap_or_else(|| key.to_owned())
}
