// The happy paths, end to end in Chromium with the built extension: log in through the emulator's
// form, open the popup against that tab, generate, read the token off the screen, and prove it works.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TOKEN_SHAPE, alertText, generate, localDate, matching, screenshot, shownDate, sharedBrowser, shownToken, withPopup } from './harness.mjs';

const browser = sharedBrowser();

/** Reads what the popup shows about the connected Jenkins. */
async function target(popup) {
  return {
    root: await popup.locator('#jenkins-root').innerText(),
    version: await popup.locator('#jenkins-version').innerText(),
    user: await popup.locator('#jenkins-user').innerText(),
  };
}

describe('minting a token', () => {
  test('on a current Jenkins at the root: expiry offered, token shown once, copied, and it works', async () => {
    await withPopup(
      browser,
      ['--version', '2.555.1'],
      async ({ jenkins, popup }) => {
        assert.deepEqual(await target(popup), { root: jenkins.root, version: '2.555.1', user: 'alice' });
        assert.equal(await popup.getByLabel('Token name').inputValue(), `Chromium on Linux ${localDate()}`);
        const expires = popup.getByLabel('Expires', { exact: true });
        assert.equal(await expires.inputValue(), '30');
        assert.equal(await alertText(popup), null);

        // "Never" warns; going back hides the warning again.
        await expires.selectOption('never');
        assert.match(await popup.locator('#never-warning').innerText(), /never expires/);
        await expires.selectOption('30');
        assert.equal(await popup.locator('#never-warning').isVisible(), false);

        // Opening costs exactly the two parallel GETs.
        const onOpen = await jenkins.requests();
        assert.deepEqual(onOpen.map((r) => `${r.method} ${r.path}`).sort(), ['GET /crumbIssuer/api/json', 'GET /whoAmI/api/json']);
        assert.ok(onOpen.every((r) => r.cookie), 'the session cookie went with both');

        await popup.getByLabel('Token name').fill('ci laptop');
        await screenshot(popup, 'popup-form.png');
        await generate(popup);
        const token = await shownToken(popup);
        assert.match(token, TOKEN_SHAPE);
        assert.match(await popup.locator('#result-intro').innerText(), /“ci laptop” for alice/);
        assert.equal(await popup.locator('#token-expiry-note').innerText(), `Expires on ${shownDate(30)}.`);
        assert.equal(await popup.locator('#copy-status').innerText(), 'Copied to the clipboard.');
        assert.equal(await popup.evaluate(() => navigator.clipboard.readText()), token);

        // Exactly one more request: the POST, with the crumb.
        const afterClick = (await jenkins.requests()).slice(onOpen.length);
        assert.deepEqual(afterClick.map((r) => `${r.method} ${r.status}`), ['POST 200']);
        assert.ok(afterClick[0].crumb && afterClick[0].cookie);

        const stored = await jenkins.tokens('alice');
        assert.deepEqual(stored.map((t) => t.name), ['ci laptop']);
        assert.equal((await jenkins.whoAmIWith('alice', token)).name, 'alice');

        // Copy copies again.
        await popup.evaluate(() => navigator.clipboard.writeText('something else'));
        await popup.getByRole('button', { name: 'Copy', exact: true }).click();
        await popup.waitForFunction(async () => (await navigator.clipboard.readText()) !== 'something else');
        assert.equal(await popup.evaluate(() => navigator.clipboard.readText()), token);

        await screenshot(popup, 'popup-token.png');
      },
      // Forget the login's requests: the log then holds only the popup's.
      { beforeOpen: (jenkins) => jenkins.control('reset', {}) },
    );
  });

  test('under a context path on an older Jenkins (2.300): no expiry choice, token works', async () => {
    await withPopup(browser, ['--version', '2.300', '--context-path', '/jenkins'], async ({ jenkins, popup }) => {
      assert.match(jenkins.root, /\/jenkins\/$/);
      assert.deepEqual(await target(popup), { root: jenkins.root, version: '2.300', user: 'alice' });
      assert.equal(await popup.getByLabel('Expires', { exact: true }).isVisible(), false);
      await generate(popup);
      const token = await shownToken(popup);
      assert.match(token, TOKEN_SHAPE);
      assert.equal(await popup.locator('#token-expiry-note').isVisible(), false);
      assert.equal((await jenkins.whoAmIWith('alice', token)).name, 'alice');
      const posts = matching(await jenkins.requests(), 'POST', 'generateNewToken');
      assert.deepEqual(posts.map((r) => r.path), ['/jenkins/me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken']);
    });
  });

  test('with a custom expiry date, for a user whose id needs URL encoding', async () => {
    await withPopup(
      browser,
      ['--version', '2.555.1', '--context-path', '/ci'],
      async ({ jenkins, popup }) => {
        assert.equal((await target(popup)).user, 'Jane Doe');
        await popup.getByLabel('Expires', { exact: true }).selectOption('custom');
        await popup.getByLabel('Expiry date').fill(localDate(10));
        await generate(popup);
        const token = await shownToken(popup);
        assert.match(token, TOKEN_SHAPE);
        const [stored] = await jenkins.tokens('Jane Doe');
        assert.equal(stored.expiration, localDate(10));
        assert.equal((await jenkins.whoAmIWith('Jane Doe', token)).name, 'Jane Doe');
      },
      { user: 'Jane Doe' },
    );
  });

  test('with a "never" expiry', async () => {
    await withPopup(browser, ['--version', '2.548'], async ({ jenkins, popup }) => {
      await popup.getByLabel('Expires', { exact: true }).selectOption('never');
      await generate(popup);
      assert.equal(await popup.locator('#token-expiry-note').innerText(), 'This token never expires.');
      const [stored] = await jenkins.tokens('alice');
      assert.equal(stored.expiration, null);
    });
  });

  test('with CSRF protection off (crumb issuer 404): no crumb is sent and minting works', async () => {
    await withPopup(browser, ['--csrf', 'off'], async ({ jenkins, popup }) => {
      await generate(popup);
      assert.match(await shownToken(popup), TOKEN_SHAPE);
      const requests = await jenkins.requests();
      assert.equal(matching(requests, 'GET', 'crumbIssuer').at(-1).status, 404);
      assert.equal(matching(requests, 'POST', 'generateNewToken').at(-1).crumb, false);
    });
  });

  test('with a custom crumb field name', async () => {
    await withPopup(browser, ['--crumb-field', 'X-Our-Crumb'], async ({ popup }) => {
      await generate(popup);
      assert.match(await shownToken(popup), TOKEN_SHAPE);
    });
  });

  test('Enter in the name field generates, like the button', async () => {
    await withPopup(browser, [], async ({ popup }) => {
      await popup.getByLabel('Token name').press('Enter');
      await popup.locator('#result').waitFor();
      assert.match(await shownToken(popup), TOKEN_SHAPE);
    });
  });
});
