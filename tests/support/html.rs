//! `HtmlNode` over a Rust HTML parser (scraper), for native tests and the fuzz targets; the browser
//! uses `DOMParser` for the same trait.

use jenkins_api_token::html::{HtmlNode, HtmlParser};
use scraper::{ElementRef, Html, Selector};

#[derive(Clone, Copy)]
pub struct Node<'a>(ElementRef<'a>);

impl<'a> Node<'a> {
    /// The root element of a parsed document.
    pub fn of(document: &'a Html) -> Node<'a> {
        Node(document.root_element())
    }
}

impl HtmlNode for Node<'_> {
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
    type Node = Node<'static>;

    /// Test documents live for the whole test run (the fuzz targets borrow theirs with `Node::of`).
    fn parse(&self, html: &str) -> Node<'static> {
        let document: &'static Html = Box::leak(Box::new(Html::parse_document(html)));
        Node::of(document)
    }
}
