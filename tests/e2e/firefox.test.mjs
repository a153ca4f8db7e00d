// The same popup and core in Firefox (Debian's firefox-esr, driven over WebDriver BiDi with
// puppeteer-core). In Firefox every request runs inside the Jenkins tab (the in-tab transport).
// BiDi cannot open moz-extension:// pages, so the test copy adds to the background scripts one that
// opens popup.html?tab=<id> for a tab whose URL gains #open-popup (and passes on what follows it).
// Firefox suspends an idle background script; here that happens after 7 s instead of 30, so the
// clipboard test proves that a pending clear survives the idle time.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { ROOT, TOKEN_SHAPE, until, withEmulator } from './harness.mjs';

const FIREFOX = '/usr/bin/firefox-esr';
const ADDON_ID = 'jenkins-api-token@jenkins-api-token.github.io';
const UUID = '3c1a7e2b-0d5f-4f5e-9a51-2b7f8c0e6d11';
const IDLE_MS = 7000;

let browser;
let extensionDir;

before(async () => {
  extensionDir = await mkdtemp(path.join(tmpdir(), 'jat-firefox-'));
  await cp(path.join(ROOT, 'dist/firefox'), extensionDir, { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(extensionDir, 'manifest.json'), 'utf8'));
  assert.equal(manifest.browser_specific_settings.gecko.id, ADDON_ID);
  // Stand-ins for the activeTab grant (as in the Chromium tests) and for the clipboard permissions a
  // user grants by ticking "Clear the clipboard", plus the popup opener.
  manifest.permissions.push('tabs', 'clipboardRead', 'clipboardWrite');
  manifest.host_permissions = ['http://127.0.0.1/*'];
  manifest.background.scripts.push('test-opener.js');
  await writeFile(path.join(extensionDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  await writeFile(
    path.join(extensionDir, 'test-opener.js'),
    `browser.tabs.onUpdated.addListener((tabId, change) => {
       const [, extra] = change.url?.split('#open-popup') ?? [];
       if (extra !== undefined) browser.tabs.create({ url: 'popup.html?tab=' + tabId + extra });
     });`,
  );
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: UUID }),
      'extensions.background.idle.timeout': IDLE_MS,
    },
  });
  assert.equal(await browser.installExtension(extensionDir), ADDON_ID);
});

after(async () => {
  await browser?.close();
  if (extensionDir) await rm(extensionDir, { recursive: true, force: true });
});

async function logIn(jenkins) {
  const tab = await browser.newPage();
  await tab.goto(`${jenkins.root}login`);
  await tab.type('#j_username', 'alice');
  await tab.type('#j_password', 'alice');
  await Promise.all([tab.waitForNavigation(), tab.click('button[type=submit]')]);
  return tab;
}

/** Opens the popup on `tab` (`extra`: more of its query, e.g. `&clear=500`) and waits until it is ready (or shows an alert). */
async function openPopup(tab, extra = '') {
  const before = new Set(await browser.pages());
  await tab.goto(`${tab.url().split('#')[0]}#open-popup${extra}`);
  let popup;
  for (let attempt = 0; attempt < 50 && !popup; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    popup = (await browser.pages()).find((page) => !before.has(page));
  }
  assert.ok(popup, 'the popup opened');
  await popup.waitForFunction(
    () => !document.getElementById('generate')?.disabled || !document.getElementById('alert')?.hidden,
  );
  return popup;
}

const text = (page, id) => page.evaluate((id) => document.getElementById(id).textContent, id);

async function clickAndSettle(popup, selector, done) {
  await popup.click(selector);
  await popup.waitForFunction(done);
}

test('Firefox: mint, verify and list, every request from inside the tab', async () => {
  await withEmulator(['--version', '2.555.1', '--context-path', '/jenkins'], async (jenkins) => {
    const tab = await logIn(jenkins);
    await jenkins.control('reset', {});
    const popup = await openPopup(tab);
    assert.equal(await text(popup, 'jenkins-user'), 'alice');
    assert.equal(await text(popup, 'jenkins-root'), jenkins.root);
    await popup.evaluate(() => {
      document.getElementById('token-name').value = 'from firefox';
    });
    await clickAndSettle(popup, '#generate', () => !document.getElementById('result').closest('[hidden]'));
    const token = await popup.evaluate(() => document.getElementById('token-value').value);
    assert.match(token, TOKEN_SHAPE);
    assert.equal((await jenkins.whoAmIWith('alice', token)).name, 'alice');
    const requests = await jenkins.requests();
    const post = requests.find((r) => r.method === 'POST');
    assert.equal(post.origin, jenkins.origin, 'sent by the page itself');
    assert.ok(requests.slice(0, 3).every((r) => r.cookie && r.auth === 'session'));

    await clickAndSettle(popup, '#verify', () => document.getElementById('action-status').textContent.startsWith('✓'));
    assert.equal(await text(popup, 'action-status'), '✓ Works: Jenkins accepts it as alice.');

    await clickAndSettle(popup, '#tab-list', () => document.getElementById('list-status').textContent === '1 token.');
    assert.equal(await popup.evaluate(() => document.querySelector('#token-list .token-name').textContent), 'from firefox');
  });
});

test('Firefox: an ended session is reported in the popup, and nothing is minted', async () => {
  await withEmulator([], async (jenkins) => {
    const tab = await logIn(jenkins);
    const popup = await openPopup(tab);
    await jenkins.control('expire-sessions', {});
    await clickAndSettle(popup, '#generate', () => !document.getElementById('alert').hidden);
    assert.equal(
      await text(popup, 'alert-text'),
      'Your Jenkins session has ended, so no token was created. Log in again, then retry.',
    );
    assert.deepEqual(await jenkins.tokens('alice'), []);
  });
});

test('Firefox: a page that is not Jenkins', async () => {
  await withEmulator(['--www', path.join(ROOT, 'dist/www')], async (jenkins) => {
    const tab = await browser.newPage();
    await tab.goto(`${jenkins.root}www/icon-32.png`);
    const popup = await openPopup(tab);
    assert.match(await text(popup, 'alert-text'), /isn't a Jenkins page \(it has no Jenkins root\)/);
  });
});

test('Firefox: the background script clears the clipboard after the delay, with the popup closed and through the idle time', async () => {
  await withEmulator([], async (jenkins) => {
    const tab = await logIn(jenkins);
    const clearAfter = IDLE_MS + 3000;
    const popup = await openPopup(tab, `&clear=${clearAfter}`);
    await clickAndSettle(popup, '#generate', () => !document.getElementById('result').closest('[hidden]'));
    const token = await popup.evaluate(() => document.getElementById('token-value').value);
    await popup.waitForFunction(() => document.getElementById('copy-status').textContent !== '');
    await clickAndSettle(popup, '#clear-clipboard', () => document.getElementById('copy-status').textContent.startsWith('It will be cleared'));
    assert.match(await text(popup, 'copy-status'), /^It will be cleared at \d\d:\d\d, unless you copy something else first\.$/);
    assert.equal(await popup.evaluate(() => navigator.clipboard.readText()), token);
    await popup.close();
    await new Promise((resolve) => setTimeout(resolve, clearAfter + 2000));
    const reader = await openPopup(tab);
    assert.equal(await reader.evaluate(() => navigator.clipboard.readText()), '', 'cleared');
    await reader.evaluate(() => chrome.storage.sync.remove('clipboardClearSeconds'));
    await reader.close();
  });
});

test('Firefox: a token minted while the popup closed is named when it opens again', async () => {
  await withEmulator([], async (jenkins) => {
    const tab = await logIn(jenkins);
    const popup = await openPopup(tab);
    await jenkins.fault({ method: 'POST', path_contains: 'generateNewToken', mode: 'delay', delay_ms: 3000 });
    await popup.evaluate(() => {
      document.getElementById('token-name').value = 'closed too soon';
    });
    await popup.click('#generate');
    await until(async () => (await jenkins.tokens('alice')).length > 0, 'the mint');
    await popup.close();
    const again = await openPopup(tab);
    await again.waitForFunction(() => /^It is in your token list/.test(document.getElementById('interrupted-finding').textContent));
    assert.match(await text(again, 'interrupted-text'), /^A token named “closed too soon” was probably created at \d\d:\d\d/);
    await again.click('#interrupted-revoke');
    await clickAndSettle(again, '#interrupted-revoke-yes', () => document.getElementById('interrupted-finding').textContent.startsWith('Revoked'));
    assert.deepEqual(await jenkins.tokens('alice'), []);
    await again.close();
  });
});
