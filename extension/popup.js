// Loads the Rust/wasm core and tells it which page to work on: the tab the user opened the popup from.
// Every decision (is it Jenkins, which origin, which requests) is made in the core.
// Start-up runs in parallel: reading the tab (two round trips to the browser) starts at once, while the
// core's JS glue and wasm load and compile (popup.html preloads both); see README, "Speed and size".
// A classic script placed before the stylesheet, so that it runs at once: a module script (deferred)
// would wait for the stylesheet and the end of parsing. The core is still an ES module, imported below.
const params = new URLSearchParams(location.search);

// Automation seam (README, "Automation"): headless browsers cannot click the toolbar button, so a test
// opens popup.html?tab=<id> as a tab and the popup works on that tab instead of on itself.
async function targetTab() {
  const id = params.get('tab');
  if (id !== null) return chrome.tabs.get(Number(id));
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab;
}

// Runs in the Jenkins page's isolated world: it only reads, and returns plain data.
function readJenkinsHead() {
  return { url: location.href, rootUrl: document.head?.getAttribute('data-rooturl') ?? null };
}

async function inspectTab() {
  let tab;
  try {
    tab = await targetTab();
    const [frame] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: readJenkinsHead });
    return frame.result ?? { url: tab.url ?? '' };
  } catch (error) {
    return { url: tab?.url ?? '', error: error.message };
  }
}

const page = inspectTab(); // never rejects: a failure comes back as `error`
const timeout = params.has('timeout') ? Number(params.get('timeout')) : undefined;
const parsed = new Promise((resolve) => {
  if (document.readyState === 'loading') addEventListener('DOMContentLoaded', resolve, { once: true });
  else resolve();
});

async function start() {
  try {
    const { default: init, mount } = await import('./pkg/jenkins_api_token.js');
    await init();
    await parsed;
    mount(document.getElementById('app'), () => page, timeout);
  } catch (error) {
    await parsed;
    document.getElementById('app').textContent = `The extension failed to start: ${error.message}`;
  }
}

start();
