// Mounts the same wasm core as the extension popup. The page to work on is this one. The Jenkins root
// is `?root=<path>` when given (a reverse proxy serving the page beside Jenkins: /token/?root=/jenkins/),
// else this page's parent folder (the emulator serves it at <root>/www/). The core refuses a root on
// another origin, as it refuses a tab's `data-rooturl` that points elsewhere (docs/www.md, "Behind a
// reverse proxy").
import init, { mount } from './pkg/jenkins_api_token.js';

const params = new URLSearchParams(location.search);

function inspectSelf() {
  return { url: location.href, rootUrl: params.get('root') ?? new URL('..', location.href).pathname };
}

// The one thing the page stores: an operations center's address, per controller (never a token).
const host = {
  loadSetting: async (key) => localStorage.getItem(key),
  saveSetting: async (key, value) => localStorage.setItem(key, value),
  // A mint about to happen, written down in case the page closes before showing it: this tab's
  // sessionStorage (it survives a reload), never a token value.
  recallMints: async () => Object.keys(sessionStorage).filter((key) => key.startsWith('interrupted ')).map((key) => sessionStorage.getItem(key)),
  rememberMint: async (key, text) => sessionStorage.setItem(key, text),
  forgetMint: async (key) => sessionStorage.removeItem(key),
};
/**
 * The page has no browser i18n: it reads the extension's messages (copied here by the build) in the
 * first of the browser's languages that ships (`de-AT`: `de_AT`, then `de`), else in English.
 */
async function messages() {
  for (const language of [...navigator.languages, 'en']) {
    const [base, region] = language.split('-');
    for (const folder of region ? [`${base}_${region.toUpperCase()}`, base] : [base]) {
      const response = await fetch(`_locales/${folder}/messages.json`).catch(() => null);
      if (response?.ok) {
        document.documentElement.lang = folder.replace('_', '-');
        return response.text();
      }
    }
  }
  throw new Error('no messages.json');
}

/** Says `sentence` in the page's alert, where every failure is said, as in the popup. */
function refuse(sentence) {
  document.getElementById('status').hidden = true;
  document.getElementById('alert-text').textContent = sentence;
  document.getElementById('alert').hidden = false;
}

try {
  host.messages = await messages();
  if (window.top !== window) {
    // Inside another page's frame, an invisible copy of this page under a fake button would mint a
    // token on the user's click (SECURITY.md, "The www page"). It refuses before anything loads or
    // is sent, and offers itself in a tab of its own. The server's frame-ancestors says so too.
    const catalog = JSON.parse(host.messages);
    refuse(catalog.www_framed.message);
    const link = document.getElementById('alert-link');
    link.textContent = catalog.www_open_alone.message;
    link.href = location.href;
    link.hidden = false;
  } else {
    await init();
    mount(document.getElementById('app'), { ...host, readPage: inspectSelf });
  }
} catch (error) {
  // The sentence is in the page, written from messages.json at build time: the core that would
  // render messages is what failed.
  refuse(`${document.getElementById('startup-failed').textContent} ${error.message}`);
}
