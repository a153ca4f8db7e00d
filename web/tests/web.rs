//! The browser glue in a real headless Chromium (wasm-bindgen-test): the fetch transport, and the popup
//! mounted into a page, showing failures as text.
#![cfg(target_arch = "wasm32")]

use jenkins_api_token::http::{Request, TransportError};
use jenkins_api_token::transport::Transport;
use jenkins_api_token_web::FetchTransport;
use js_sys::{Function, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn origin() -> String {
    web_sys::window().unwrap().location().origin().unwrap()
}

async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// The markup inside popup.html's `<main id="app">`, which the popup code fills.
fn popup_markup() -> &'static str {
    let html = include_str!("../../extension/popup.html");
    let start = html.find("<main id=\"app\">").unwrap() + "<main id=\"app\">".len();
    &html[start..html.find("</main>").unwrap()]
}

/// Mounts the popup into a fresh element, with `inspect` (JS source of an async function) as the page
/// reader, and returns the element once the popup has settled on an alert.
async fn mount_with(inspect: &str) -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let app = document.create_element("main").unwrap();
    app.set_inner_html(popup_markup());
    document.body().unwrap().append_child(&app).unwrap();
    let host = js_sys::Object::new();
    js_sys::Reflect::set(&host, &"readPage".into(), &Function::new_no_args(inspect)).unwrap();
    js_sys::Reflect::set(&host, &"timeoutMs".into(), &5_000.into()).unwrap();
    // As the www page does: the English messages, rendered by the core.
    let messages = include_str!("../../extension/_locales/en/messages.json");
    js_sys::Reflect::set(&host, &"messages".into(), &messages.into()).unwrap();
    jenkins_api_token_web::mount(app.clone(), host.unchecked_into());
    for _ in 0..250 {
        let alert = app.query_selector("#alert").unwrap().unwrap();
        if !alert.unchecked_ref::<web_sys::HtmlElement>().hidden() {
            return app;
        }
        sleep(20).await;
    }
    panic!("the popup never showed an alert");
}

fn text_of(app: &web_sys::Element, selector: &str) -> String {
    app.query_selector(selector).unwrap().unwrap().text_content().unwrap_or_default()
}

fn is_hidden(app: &web_sys::Element, selector: &str) -> bool {
    app.query_selector(selector).unwrap().unwrap().unchecked_ref::<web_sys::HtmlElement>().hidden()
}

#[wasm_bindgen_test]
async fn fetch_reads_status_headers_and_body() {
    let transport = FetchTransport { timeout_ms: 5_000 };
    let response = transport.send(Request::get(format!("{}/", origin()))).await.unwrap();
    assert_eq!(response.status, 200);
    assert!(response.header("Content-Type").is_some());
    assert!(response.body.contains("<"), "the runner's page");
    let missing = transport.send(Request::get(format!("{}/no-such-file-here", origin()))).await.unwrap();
    assert_eq!(missing.status, 404);
}

#[wasm_bindgen_test]
async fn fetch_reports_network_failures() {
    let transport = FetchTransport { timeout_ms: 5_000 };
    let error = transport.send(Request::get("http://127.0.0.1:1/".into())).await.unwrap_err();
    assert!(matches!(error, TransportError::Network(_)), "{error:?}");
}

#[wasm_bindgen_test]
async fn a_tab_that_is_not_a_web_page() {
    let app = mount_with("return Promise.resolve({ url: 'chrome://newtab/' })").await;
    assert!(text_of(&app, "#alert-text").starts_with("This tab isn't showing a web page."));
    assert!(is_hidden(&app, "#token-form"));
    assert!(is_hidden(&app, "#alert-link"));
}

#[wasm_bindgen_test]
async fn a_page_reader_that_fails() {
    let app = mount_with("return Promise.reject(new Error('Cannot access a chrome:// URL'))").await;
    assert_eq!(
        text_of(&app, "#alert-text"),
        "The extension can't read this tab (Cannot access a chrome:// URL). Reload the Jenkins page, then try again."
    );
}

#[wasm_bindgen_test]
async fn server_strings_are_rendered_as_text() {
    let app = mount_with(
        "return Promise.resolve({ url: 'https://ci.example.com/', rootUrl: 'javascript:<img src=x onerror=alert(1)>' })",
    )
    .await;
    assert!(text_of(&app, "#alert-text").contains("javascript:<img src=x onerror=alert(1)>"));
    assert!(app.query_selector("img").unwrap().is_none(), "no element was made from the string");
}

/// The whole path through the real `fetch`: the runner's origin is not Jenkins, which the popup says.
#[wasm_bindgen_test]
async fn a_server_that_is_not_jenkins() {
    let inspect = format!("return Promise.resolve({{ url: '{}/index.html', rootUrl: '' }})", origin());
    let app = mount_with(&inspect).await;
    assert_eq!(
        text_of(&app, "#alert-text"),
        format!("{}/ doesn't answer like Jenkins, so no token can be made there.", origin())
    );
    assert!(is_hidden(&app, "#target"));
}
