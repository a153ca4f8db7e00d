//! Shared by the native integration tests: an `HtmlNode` over a Rust HTML parser (the browser uses
//! `DOMParser` for the same trait).
#![allow(dead_code)]

use jenkins_api_token::jenkins::html::{HtmlNode, HtmlParser};
use scraper::{ElementRef, Html, Selector};

#[derive(Clone, Copy)]
pub struct Node(ElementRef<'static>);

impl HtmlNode for Node {
    fn select_all(&self, selector: &str) -> Vec<Self> {
        let selector = Selector::parse(selector).expect("a valid selector");
        self.0.select(&selector).map(Node).collect()
    }

    fn attr(&self, name: &str) -> Option<String> {
        self.0.value().attr(name).map(str::to_owned)
    }

    fn text(&self) -> String {
        self.0.text().collect()
    }

    fn within(&self, selector: &str) -> bool {
        let selector = Selector::parse(selector).expect("a valid selector");
        std::iter::once(self.0)
            .chain(self.0.ancestors().filter_map(ElementRef::wrap))
            .any(|element| selector.matches(&element))
    }
}

pub struct Parser;

impl HtmlParser for Parser {
    type Node = Node;

    /// Test documents live for the whole test run.
    fn parse(&self, html: &str) -> Node {
        let document: &'static Html = Box::leak(Box::new(Html::parse_document(html)));
        Node(document.root_element())
    }
}

pub fn fixture(name: &str) -> Node {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    Parser.parse(&std::fs::read_to_string(path).expect("the fixture exists"))
}
