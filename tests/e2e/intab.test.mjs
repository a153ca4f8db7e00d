// The in-tab transport (how Firefox reaches the tab's origin), exercised in Chromium too through
// popup.html?transport=tab: the same core, every request run by scripting.executeScript in the tab.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOKEN_SHAPE, alertText, generate, noticeText, sharedBrowser, shownToken, withPopup } from './harness.mjs';

const browser = sharedBrowser();

// withPopup's options for every test here: the in-tab transport, and a request log that starts when
// the popup opens (without the login's requests).
const IN_TAB = { transport: 'tab', beforeOpen: (jenkins) => jenkins.control('reset', {}) };

test('mints, verifies and lists from inside the tab: same-origin requests with the page session', async () => {
  await withPopup(
    browser,
    ['--version', '2.555.1', '--context-path', '/jenkins'],
    async ({ jenkins, popup }) => {
      await generate(popup);
      const token = await shownToken(popup);
      assert.match(token, TOKEN_SHAPE);
      const requests = await jenkins.requests();
      assert.deepEqual(requests.map((r) => `${r.method} ${r.path}`).slice(2), ['POST /jenkins/me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken']);
      assert.ok(requests.every((r) => r.cookie), 'the page session went with every request');
      assert.equal(requests[2].origin, jenkins.origin, 'the POST came from the page itself');

      await popup.getByRole('button', { name: 'Verify' }).click();
      await popup.waitForFunction(() => document.getElementById('action-status').textContent.startsWith('✓'));
      const check = (await jenkins.requests()).at(-1);
      assert.deepEqual([check.auth, check.cookie], ['basic-token', false], 'the check carried the token and no cookie');

      await popup.getByRole('tab', { name: 'My tokens' }).click();
      await popup.waitForFunction(() => document.getElementById('list-status').textContent === '1 token.');
    },
    IN_TAB,
  );
});

test('a refused crumb is refreshed from inside the tab too', async () => {
  await withPopup(
    browser,
    [],
    async ({ jenkins, popup }) => {
      await jenkins.control('reject-crumbs', { times: 1 });
      await generate(popup);
      assert.match(await shownToken(popup), TOKEN_SHAPE);
      assert.equal((await jenkins.tokens('alice')).length, 1);
    },
    IN_TAB,
  );
});

test('a timeout inside the tab: the popup finds the token Jenkins made meanwhile', async () => {
  await withPopup(
    browser,
    [],
    async ({ jenkins, popup }) => {
      await popup.getByLabel('Token name').fill('slow in tab');
      await jenkins.fault({ method: 'POST', path_contains: 'generateNewToken', mode: 'delay', delay_ms: 2500 });
      await generate(popup);
      const [what, finding] = await noticeText(popup);
      assert.equal(what, "Jenkins didn't answer in time.");
      assert.match(finding, /^Jenkins created “slow in tab” at /);
    },
    { ...IN_TAB, timeout: 1000 },
  );
});

test('a redirect inside the tab is not followed', async () => {
  await withPopup(
    browser,
    [],
    async ({ jenkins, popup }) => {
      await jenkins.fault({ method: 'POST', path_contains: 'generateNewToken', mode: 'replace', status: 302, content_type: 'text/html', body: '' });
      await generate(popup);
      const [what, finding] = await noticeText(popup);
      assert.equal(what, "Jenkins answered with a redirect, which isn't followed.");
      assert.match(finding, /^No token named “.+” was created: you can generate again\.$/);
      assert.equal(await alertText(popup), null);
    },
    IN_TAB,
  );
});
