// Debian's firefox-esr with a test copy of the built extension, driven over WebDriver BiDi with
// puppeteer-core, for the Firefox suites. BiDi cannot open moz-extension:// pages, so the copy adds to
// the background scripts one that opens popup.html?tab=<id> for a tab whose URL gains #open-popup (and
// passes on what follows it), or options.html for #open-options.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { ROOT } from './harness.mjs';

const FIREFOX = '/usr/bin/firefox-esr';
export const ADDON_ID = 'jenkins-api-token@jenkins-api-token.github.io';

/**
 * Firefox with the test copy installed. `addonId` gives the copy another id (the policy suite's);
 * `idleMs` is how long an idle background script lives (Firefox's default is 30 s); `extraPermissions`
 * are added to the copy's manifest; `env` is the browser's environment (and its native host's).
 */
export async function launchFirefox({ addonId = ADDON_ID, idleMs, extraPermissions = [], env } = {}) {
  const uuid = '3c1a7e2b-0d5f-4f5e-9a51-2b7f8c0e6d11';
  const extensionDir = await mkdtemp(path.join(tmpdir(), 'jat-firefox-'));
  await cp(path.join(ROOT, 'dist/firefox'), extensionDir, { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(extensionDir, 'manifest.json'), 'utf8'));
  assert.equal(manifest.browser_specific_settings.gecko.id, ADDON_ID);
  manifest.browser_specific_settings.gecko.id = addonId;
  // Stand-ins for the activeTab grant (as in the Chromium tests) and for the clipboard permissions a
  // user grants by ticking "Clear the clipboard", plus the page opener.
  manifest.permissions.push('tabs', 'clipboardRead', 'clipboardWrite', ...extraPermissions);
  manifest.host_permissions = ['http://127.0.0.1/*'];
  manifest.background.scripts.push('test-opener.js');
  await writeFile(path.join(extensionDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  await writeFile(
    path.join(extensionDir, 'test-opener.js'),
    `browser.tabs.onUpdated.addListener((tabId, change) => {
       if (change.url?.endsWith('#open-options')) return browser.tabs.create({ url: 'options.html' });
       const [, extra] = change.url?.split('#open-popup') ?? [];
       if (extra !== undefined) browser.tabs.create({ url: 'popup.html?tab=' + tabId + extra });
     });`,
  );
  const prefs = { 'extensions.webextensions.uuids': JSON.stringify({ [addonId]: uuid }) };
  if (idleMs !== undefined) prefs['extensions.background.idle.timeout'] = idleMs;
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, extraPrefsFirefox: prefs, env });
  assert.equal(await browser.installExtension(extensionDir), addonId);

  /** A page of the extension the opener opens when `tab`'s URL gains `hash`; answers it once it opened. */
  async function opened(tab, hash) {
    const before = new Set(await browser.pages());
    await tab.goto(`${tab.url().split('#')[0]}${hash}`);
    let page;
    for (let attempt = 0; attempt < 50 && !page; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      page = (await browser.pages()).find((candidate) => !before.has(candidate));
    }
    assert.ok(page, `${hash} opened a page`);
    return page;
  }

  return {
    browser,
    async logIn(jenkins) {
      const tab = await browser.newPage();
      await tab.goto(`${jenkins.root}login`);
      await tab.type('#j_username', 'alice');
      await tab.type('#j_password', 'alice');
      await Promise.all([tab.waitForNavigation(), tab.click('button[type=submit]')]);
      return tab;
    },
    /**
     * Opens the popup on `tab` (`extra`: more of its query, e.g. `&clear=500`) and waits until it is
     * ready with the session Jenkins confirmed (or shows an alert).
     */
    async openPopup(tab, extra = '') {
      const popup = await opened(tab, `#open-popup${extra}`);
      await popup.waitForFunction(
        () =>
          (!document.getElementById('generate')?.disabled && document.getElementById('target')?.dataset.confirmed === 'true') ||
          !document.getElementById('alert')?.hidden,
      );
      return popup;
    },
    /** Opens the options page from `tab` and waits until the core has filled it in. */
    async openOptions(tab) {
      const options = await opened(tab, '#open-options');
      await options.waitForFunction(() => document.querySelector('#option-clear option[value="30"]')?.textContent !== '');
      return options;
    },
    async close() {
      await browser.close();
      await rm(extensionDir, { recursive: true, force: true });
    },
  };
}
