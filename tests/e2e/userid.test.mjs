// The user id that works with the token. With single sign-on the id Basic auth needs is often a GUID,
// and the page shows only the person's name: the popup shows both, with a Copy for the id, read from the
// tab's header link during the tab read it already makes (no request more); the snippets and Verify use
// the id. With no full name, or one equal to the id, the id alone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generate, logIn, openPopup, sharedBrowser, shownToken, verify, withEmulator, withPopup } from './harness.mjs';

const browser = sharedBrowser();
const SSO_ID = '5f0c2a7e-9d41-4c1b-8a3e-2b6f7d9e1c04';

/** The element's text if it is shown (laid out), else null. */
const shown = (popup, id) =>
  popup.evaluate((id) => {
    const element = document.getElementById(id);
    return element.getClientRects().length === 0 ? null : element.textContent;
  }, id);

describe('the user id beside the full name', () => {
  test('a single sign-on user sees their name and the GUID to use, copies it, and the snippets authenticate with it', async () => {
    await withEmulator([], async (jenkins) => {
      const tab = await logIn(browser.context, jenkins, SSO_ID, 'maria');
      await jenkins.control('reset', {});
      const popup = await openPopup(browser, tab);
      assert.equal(await shown(popup, 'jenkins-full-name'), 'María García');
      assert.equal(await shown(popup, 'jenkins-user-id-label'), 'User ID:');
      assert.equal(await shown(popup, 'jenkins-user'), SSO_ID);
      // Reading the name cost no request: the popup still asked only who is logged in and for a crumb.
      assert.deepEqual((await jenkins.requests()).map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`).sort(), ['GET /crumbIssuer/api/json', 'GET /whoAmI/api/json']);

      const copyId = popup.getByRole('button', { name: 'Copy the user ID' });
      await copyId.click();
      await popup.waitForFunction(() => document.getElementById('copy-user-id').textContent === 'Copied');
      assert.equal(await popup.evaluate(() => navigator.clipboard.readText()), SSO_ID);

      await generate(popup);
      const token = await shownToken(popup);
      const curl = (await popup.locator('.snippet-text').allTextContents())[0];
      assert.ok(curl.includes(`-u '${SSO_ID}:${token}'`), curl);
      assert.equal(await verify(popup), `✓ Works: Jenkins accepts it as ${SSO_ID}.`);
      assert.equal((await jenkins.whoAmIWith(SSO_ID, token)).name, SSO_ID, 'the id and token of the snippets authenticate');
      assert.deepEqual(await jenkins.whoAmIWith('María García', token), { status: 401 }, 'the name on screen is not what Basic auth takes');
    });
  });

  test('a full name that is the id shows the id alone, without a second Copy', async () => {
    await withPopup(browser, [], async ({ popup }) => {
      assert.equal(await shown(popup, 'jenkins-full-name'), null);
      assert.equal(await shown(popup, 'copy-user-id'), null);
      assert.equal(await shown(popup, 'jenkins-user'), 'Jane Doe');
    }, { user: 'Jane Doe' });
  });

  test('alice sees "Alice Example" with the id alice', async () => {
    await withPopup(browser, [], async ({ popup }) => {
      assert.equal(await shown(popup, 'jenkins-full-name'), 'Alice Example');
      assert.equal(await shown(popup, 'jenkins-user'), 'alice');
    });
  });

  test('a full name in markup is shown as text', async () => {
    await withEmulator([], async (jenkins) => {
      await jenkins.addUser('mallory', 'mallory', '<img src=x onerror="document.title=1">Mallory');
      const tab = await logIn(browser.context, jenkins, 'mallory', 'mallory');
      const popup = await openPopup(browser, tab);
      assert.equal(await shown(popup, 'jenkins-full-name'), '<img src=x onerror="document.title=1">Mallory');
      assert.equal(await popup.locator('#jenkins-full-name img').count(), 0);
      await popup.close();
    });
  });
});
