// Loads the Rust/wasm core and tells it which page to work on: the tab the user opened the popup from.
// Every decision (is it Jenkins, which origin, which requests, what the answers mean) is made in the core.
// Start-up runs in parallel: reading the tab (two round trips to the browser) starts at once, while the
// wasm compiles as it streams in and the core's JS glue loads (docs/performance.md, "Start-up in
// parallel").
// A classic script placed before the stylesheet, so that it runs at once: a module script (deferred)
// would wait for the stylesheet and the end of parsing. The core is still an ES module, imported below.
const compiling = WebAssembly.compileStreaming(fetch('pkg/jenkins_api_token_bg.wasm'));
compiling.catch(() => {}); // a failure is shown by start(), which awaits it later
const params = new URLSearchParams(location.search);
let tabId;

// Automation seam (tests/README.md, "Automation"): headless browsers cannot click the toolbar button,
// so a test opens popup.html?tab=<id> as a tab and the popup works on that tab instead of on itself.
async function targetTab() {
  const id = params.get('tab');
  if (id !== null) return chrome.tabs.get(Number(id));
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab;
}

// Runs in the Jenkins page's isolated world: it only reads, and returns plain data, which the core
// interprets (docs/jenkins.md#page-head, #user-in-the-page-header): the root, the crumb and the version
// the page was rendered with, the links to users' pages (the header's carries the full name), and the
// header's own links (who is logged in, or "log in").
function readJenkinsHead() {
  const link = (element) => ({ href: element.href, text: element.textContent.replace(/\s+/g, ' ').slice(0, 200), id: element.id });
  const userLinks = [...document.querySelectorAll('a[href*="/user/"]')].slice(0, 20).map(link);
  const header = document.getElementById('page-header') ?? document.getElementById('header');
  const headerLinks = header ? [...header.querySelectorAll('a[href]')].slice(0, 40).map(link) : [];
  const head = document.head;
  return {
    url: location.href,
    rootUrl: head?.getAttribute('data-rooturl') ?? null,
    crumbHeader: head?.getAttribute('data-crumb-header') ?? null,
    crumbValue: head?.getAttribute('data-crumb-value') ?? null,
    version: document.body?.getAttribute('data-version') ?? null,
    userLinks,
    headerLinks,
  };
}

async function inspectTab() {
  let tab;
  try {
    tab = await targetTab();
    tabId = tab.id;
    const [frame] = await chrome.scripting.executeScript({ target: { tabId }, func: readJenkinsHead });
    return frame.result ?? { url: tab.url ?? '' };
  } catch (error) {
    return { url: tab?.url ?? '', error: error.message };
  }
}

// Runs in the Jenkins page's isolated world: one same-origin request, planned by the core, answered as
// plain data. Firefox's content.fetch sends it as the page itself (its origin, its cookies).
async function fetchInPage(request) {
  const pageFetch = globalThis.content?.fetch ? globalThis.content.fetch.bind(globalThis.content) : fetch;
  try {
    const response = await pageFetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? undefined,
      credentials: request.withSession ? 'same-origin' : 'omit',
      redirect: 'manual',
      cache: 'no-store',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    if (response.type === 'opaqueredirect') return { error: 'Redirected' };
    return { status: response.status, headers: [...response.headers], body: await response.text() };
  } catch (error) {
    return { error: error.name, message: error.message };
  }
}

async function fetchInTab(request) {
  const [frame] = await chrome.scripting.executeScript({ target: { tabId }, func: fetchInPage, args: [request] });
  return frame.result;
}

const page = inspectTab(); // never rejects: a failure comes back as `error`
// The settings, read beside the tab (asked for after it: the tab is on the critical path): the
// administrator's policy (managed storage, which Firefox answers with an error when there is none)
// and the user's options (synced storage); handed over as they are once in, like the tab's answer.
const settings = Promise.all([
  chrome.storage.managed.get(null).catch(() => ({})),
  chrome.storage.sync.get(null).catch(() => ({})),
]).then((areas) => areas.map((area) => JSON.stringify(area)));
let settingsRead;
settings.then((texts) => (settingsRead = texts));
// The answer itself once it is in, so the core can send its first requests at once.
let pageRead;
page.then((answer) => (pageRead = answer));
const parsed = new Promise((resolve) => {
  if (document.readyState === 'loading') addEventListener('DOMContentLoaded', resolve, { once: true });
  else resolve();
});

const host = {
  // Sentences in the browser's language, from _locales/<lang>/messages.json.
  translate: (key, args) => chrome.i18n.getMessage(key, args),
  // An operations center's address, as typed for a controller (never a token).
  loadSetting: async (key) => (await chrome.storage.local.get(key))[key] ?? null,
  saveSetting: (key, value) => chrome.storage.local.set({ [key]: value }),
  // A mint about to happen, written down in case the popup closes before showing it: in memory for
  // this browser session only (storage.session), never a token value.
  recallMints: async () => Object.values(await chrome.storage.session.get(null)),
  rememberMint: (key, text) => chrome.storage.session.set({ [key]: text }),
  forgetMint: (key) => chrome.storage.session.remove(key),
};
host.readSettings = () => settingsRead ?? settings;
host.saveOption = (key, value) => chrome.storage.sync.set({ [key]: value });
host.openOptions = () => chrome.runtime.openOptionsPage();
// Clearing the clipboard after a copy (README, "The clipboard"): to clear only what it copied, the
// background worker must read the clipboard, and that permission is asked for in the click that
// turns clearing on. The worker gets only a hash of what was copied (clipboard.js).
const CLEARING = {
  permissions: location.protocol === 'moz-extension:' ? ['clipboardRead', 'clipboardWrite'] : ['clipboardRead', 'clipboardWrite', 'offscreen'],
};
host.clipboardPermitted = () => chrome.permissions.contains(CLEARING);
host.askClipboardPermission = () => chrome.permissions.request(CLEARING);
host.dropClipboardPermission = () => chrome.permissions.remove(CLEARING).catch(() => false);
host.clearLater = async (text, delayMs) =>
  (await chrome.runtime.sendMessage({ type: 'clear-clipboard-later', hash: await sha256Hex(text), delayMs }))?.armed === true;
// Saving to this computer (docs/native-host.md): the optional nativeMessaging permission is asked for
// in the click on "Save to this computer…"; each message, built by the core, goes to the native host
// and its answer comes back as it is. Nothing here keeps or logs a message: a save holds the token.
const NATIVE = { permissions: ['nativeMessaging'] };
host.nativePermitted = () => chrome.permissions.contains(NATIVE);
host.askNativePermission = () => chrome.permissions.request(NATIVE);
host.sendNative = async (message) => {
  try {
    return JSON.stringify(await chrome.runtime.sendNativeMessage('jenkins_api_token', JSON.parse(message)));
  } catch (error) {
    return JSON.stringify({ ok: false, unreachable: error.message });
  }
};

// Firefox's activeTab lets the extension script the tab, not fetch its origin: requests run in the tab.
// `?transport=tab` does the same in Chromium, so the tests cover that path in both browsers.
if (location.protocol === 'moz-extension:' || params.get('transport') === 'tab') host.fetchInTab = fetchInTab;
// Automation seam (tests/README.md, "Automation"): shorter time limits for tests.
if (params.has('timeout')) host.timeoutMs = Number(params.get('timeout'));
if (params.has('mask')) host.maskAfterMs = Number(params.get('mask'));
if (params.has('clear')) host.clearAfterMs = Number(params.get('clear'));

async function start() {
  try {
    const { default: init, mount } = await import('./pkg/jenkins_api_token.js');
    // The browser hands over this extension's messages while the wasm compiles: the first getMessage
    // call blocks on it (2–30 ms here), and would otherwise do so inside mount. The language of the
    // sentences is the page's (screen readers, and the glyphs of Japanese and Chinese, go by it).
    document.documentElement.lang = chrome.i18n.getMessage('locale') || 'en';
    await init({ module_or_path: await compiling });
    await parsed;
    // What the core is given: `PopupHost` (web/src/host.rs, and its TypeScript in web/jenkins_api_token.d.ts).
    mount(document.getElementById('app'), { ...host, readPage: () => pageRead ?? page });
  } catch (error) {
    // Said in the popup's own alert (role=alert), where every other failure is said.
    await parsed;
    document.getElementById('status').hidden = true;
    document.getElementById('alert-text').textContent =
      chrome.i18n.getMessage('startup_failed', [error.message]) || error.message;
    document.getElementById('alert').hidden = false;
  }
}

start();
