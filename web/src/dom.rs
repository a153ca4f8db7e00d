//! Small DOM helpers, and the `HtmlNode` of the pure core over the browser's own `DOMParser`. Text goes
//! into the page through `textContent` only.

use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::{DomParser, Element, HtmlElement, HtmlInputElement, HtmlSelectElement, Node, SupportedType};

use jenkins_api_token::html::{HtmlNode, HtmlParser};

/// The element with `id` inside `scope`, as `T`. The markup is ours, so a missing id is a bug.
pub fn find<T: JsCast>(scope: &Element, id: &str) -> T {
    let mut selector = String::from("#");
    selector.push_str(id);
    select(scope, &selector, " in the popup").unchecked_into()
}

/// The first descendant matching `selector`.
pub fn first<T: JsCast>(scope: &Element, selector: &str) -> T {
    select(scope, selector, "").unchecked_into()
}

/// The first descendant matching `selector`, or a thrown "no <selector><place>".
fn select(scope: &Element, selector: &str, place: &str) -> Element {
    scope.query_selector(selector).ok().flatten().unwrap_or_else(|| {
        let mut missing = String::from("no ");
        missing.push_str(selector);
        missing.push_str(place);
        wasm_bindgen::throw_str(&missing)
    })
}

/// Every descendant of `scope` (an element, a document or a fragment) matching `selector`, in
/// document order. `querySelectorAll` is the same method on the three, called through one binding,
/// and answers only elements.
pub fn all(scope: &Node, selector: &str) -> Vec<Element> {
    let Ok(found) = scope.unchecked_ref::<Element>().query_selector_all(selector) else { return Vec::new() };
    (0..found.length()).filter_map(|index| found.item(index)).map(JsCast::unchecked_into).collect()
}

/// A select's value, read through the input's binding: `value` is the same property on both.
pub fn select_value(select: &HtmlSelectElement) -> String {
    select.unchecked_ref::<HtmlInputElement>().value()
}

pub fn set_select_value(select: &HtmlSelectElement, value: &str) {
    select.unchecked_ref::<HtmlInputElement>().set_value(value);
}

pub fn set_hidden(element: &Element, hidden: bool) {
    element.unchecked_ref::<HtmlElement>().set_hidden(hidden);
}

/// Enables or disables a form control, whichever kind it is.
pub fn set_disabled(element: &Element, disabled: bool) {
    if disabled {
        set_attr(element, "disabled", "");
    } else {
        let _ = element.remove_attribute("disabled");
    }
}

pub fn set_text(element: &Element, text: &str) {
    element.set_text_content(Some(text));
}

/// An attribute that is "true" or "false" (`aria-busy`, `aria-selected`...).
pub fn set_flag(element: &Element, name: &str, on: bool) {
    set_attr(element, name, if on { "true" } else { "false" });
}

pub fn set_attr(element: &Element, name: &str, value: &str) {
    element.set_attribute(name, value).expect_throw("a valid attribute name");
}

/// The page's window: the wasm runs in pages only (the popup, the options page, the www page), never
/// in a worker, so the global object is one.
pub fn window() -> web_sys::Window {
    js_sys::global().unchecked_into()
}

/// An inert document from page source: `DOMParser` runs no script and loads nothing.
pub struct DomHtml;

pub struct DomNode(Element);

impl HtmlParser for DomHtml {
    type Node = DomNode;

    fn parse(&self, html: &str) -> DomNode {
        let parser = DomParser::new().expect_throw("DOMParser");
        let document = parser.parse_from_string(html, SupportedType::TextHtml).expect_throw("text/html always parses");
        DomNode(document.document_element().expect_throw("an html element"))
    }
}

impl HtmlNode for DomNode {
    fn select_all(&self, selector: &str) -> Vec<Self> {
        all(&self.0, selector).into_iter().map(DomNode).collect()
    }

    /// `querySelector`, rather than every match collected to take the first.
    fn select(&self, selector: &str) -> Option<Self> {
        self.0.query_selector(selector).ok().flatten().map(DomNode)
    }

    fn attr(&self, name: &str) -> Option<String> {
        self.0.get_attribute(name)
    }

    fn text(&self) -> String {
        self.0.text_content().unwrap_or_default()
    }

    fn within(&self, selector: &str) -> bool {
        self.0.closest(selector).ok().flatten().is_some()
    }
}

/// A fresh copy of a template's one root element.
pub fn clone_template(template: &web_sys::HtmlTemplateElement) -> Element {
    let root = template.content().first_element_child().expect_throw("a template with one root element");
    root.clone_node_with_deep(true).expect_throw("clone").unchecked_into()
}

/// Adds a listener; the page lives as long as its listeners, so it is never removed.
/// The handler comes boxed, so that the popup's and the options page's share one closure type.
pub fn on(target: &web_sys::EventTarget, event: &str, handler: Box<dyn Fn(web_sys::Event)>) {
    let closure = wasm_bindgen::closure::Closure::wrap(handler);
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref()).expect_throw("listener");
    closure.forget();
}

/// The element an event happened on.
pub fn target(event: &web_sys::Event) -> Option<Element> {
    event.target()?.dyn_into().ok()
}

/// The nearest element around the event's target that matches `selector`.
pub fn closest(event: &web_sys::Event, selector: &str) -> Option<Element> {
    target(event)?.closest(selector).ok().flatten()
}
