// Loads the Rust/wasm core for the options page: the user's defaults (synced storage, never a token)
// under the administrator's policy (managed storage, read-only). Every decision is in the core.
// The language of the sentences shown (screen readers, and the glyphs of Japanese and Chinese, go by it).
document.documentElement.lang = chrome.i18n.getMessage('locale') || 'en';
const settings = Promise.all([
  chrome.storage.managed.get(null).catch(() => ({})),
  chrome.storage.sync.get(null).catch(() => ({})),
]).then((areas) => areas.map((area) => JSON.stringify(area)));

const CLEARING = {
  permissions: location.protocol === 'moz-extension:' ? ['clipboardRead', 'clipboardWrite'] : ['clipboardRead', 'clipboardWrite', 'offscreen'],
};

const NATIVE = { permissions: ['nativeMessaging'] };

async function start() {
  const { default: init, mount_options } = await import('./pkg/jenkins_api_token.js');
  await init();
  if (document.readyState === 'loading') await new Promise((resolve) => addEventListener('DOMContentLoaded', resolve, { once: true }));
  mount_options(document.getElementById('options'), {
    translate: (key, args) => chrome.i18n.getMessage(key, args),
    readSettings: () => settings,
    saveOption: (key, value) => (value === null ? chrome.storage.sync.remove(key) : chrome.storage.sync.set({ [key]: value })),
    // Clearing the clipboard needs to read it: asked for when the user picks a wait (README, "The clipboard").
    askClipboardPermission: () => chrome.permissions.request(CLEARING),
    dropClipboardPermission: () => chrome.permissions.remove(CLEARING).catch(() => false),
    // Saving to this computer talks to the native host (docs/native-host.md): asked for when ticked.
    nativePermitted: () => chrome.permissions.contains(NATIVE),
    askNativePermission: () => chrome.permissions.request(NATIVE),
    dropNativePermission: () => chrome.permissions.remove(NATIVE).catch(() => false),
  });
}

start().catch((error) => {
  const alert = document.getElementById('options-alert');
  alert.textContent = chrome.i18n.getMessage('startup_failed', [error.message]) || error.message;
  alert.hidden = false;
});
