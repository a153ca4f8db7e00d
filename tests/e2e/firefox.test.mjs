// The same popup and core in Firefox (see firefox-harness.mjs). In Firefox every request runs inside the
// Jenkins tab (the in-tab transport). Firefox suspends an idle background script; here that happens
// after 7 s instead of 30, so the clipboard test proves that a pending clear survives the idle time.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchFirefox } from './firefox-harness.mjs';
import { ROOT, TOKEN_SHAPE, until, withEmulator } from './harness.mjs';

const IDLE_MS = 7000;

let firefox;
before(async () => {
  firefox = await launchFirefox({ idleMs: IDLE_MS });
});
after(async () => firefox?.close());

const logIn = (jenkins) => firefox.logIn(jenkins);
const openPopup = (tab, extra) => firefox.openPopup(tab, extra);

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
    const tab = await firefox.browser.newPage();
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
    assert.match(await text(popup, 'copy-status'), /^It will be cleared at \d{1,2}:\d\d\s[AP]M, unless you copy something else first\.$/);
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
    assert.match(await text(again, 'interrupted-text'), /^A token named “closed too soon” was probably created at \d{1,2}:\d\d\s[AP]M/);
    await again.click('#interrupted-revoke');
    await clickAndSettle(again, '#interrupted-revoke-yes', () => document.getElementById('interrupted-finding').textContent.startsWith('Revoked'));
    assert.deepEqual(await jenkins.tokens('alice'), []);
    await again.close();
  });
});
