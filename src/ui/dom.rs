//! Small DOM helpers. Text always goes in through `textContent`, never `innerHTML`.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

pub fn document() -> Document {
    web_sys::window().and_then(|window| window.document()).expect("a document")
}

/// Creates `<tag>` with the given attributes and text, appended to `parent`.
pub fn add(parent: &Element, tag: &str, attributes: &[(&str, &str)], text: &str) -> Element {
    let element = document().create_element(tag).expect("a valid tag name");
    for (name, value) in attributes {
        element.set_attribute(name, value).expect("a valid attribute name");
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    parent.append_child(&element).expect("appendable");
    element
}

pub fn set_hidden(element: &Element, hidden: bool) {
    element.unchecked_ref::<HtmlElement>().set_hidden(hidden);
}

pub fn set_text(element: &Element, text: &str) {
    element.set_text_content(Some(text));
}
