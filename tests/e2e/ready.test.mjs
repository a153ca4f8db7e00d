// Ready from the page (../../README.md, "One click: a new token"): the popup opens from what the Jenkins tab
// already shows (its user, crumb and version) before any request has come back, and never sends a
// POST on the page's word alone. Each way the page can be stale, in real Chromium: Jenkins' answer
// confirms the session first, and the user reads what changed before anything is made.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TOKEN_SHAPE, alertText, generate, logIn, openPopup, settled, sharedBrowser, shownToken, withEmulator } from './harness.mjs';

const browser = sharedBrowser();

/** Jenkins takes this long to say who is logged in: the popup is ready from the page well before. */
const SLOW_WHO_AM_I = { path_contains: 'whoAmI', mode: 'delay', delay_ms: 1500 };

/** Opens the popup on `tab` with whoAmI slowed down, and waits for the form the page's session opens. */
async function openFromPage(jenkins, tab) {
  await jenkins.control('reset', {});
  await jenkins.fault(SLOW_WHO_AM_I);
  const popup = await openPopup(browser, tab, { settle: false });
  await popup.waitForFunction(
    () => document.getElementById('target').dataset.confirmed === 'false' && !document.getElementById('generate').disabled,
  );
  return popup;
}

/** The paths Jenkins answered, in the order it answered them. */
async function answered(jenkins) {
  return (await jenkins.requests()).map((request) => `${request.method} ${request.path.replace(/^.*\/(?=[^/]+\/api\/json$)|^.*\//, '')}`);
}

/** The crumb each POST carried, from the raw exchanges. */
async function postedCrumbs(jenkins) {
  const posts = (await jenkins.exchanges()).filter((exchange) => exchange.method === 'POST');
  return posts.map((exchange) => exchange.headers.find(([name]) => name.toLowerCase() === 'jenkins-crumb')?.[1] ?? null);
}

const pageCrumb = (tab) => tab.evaluate(() => document.head.dataset.crumbValue);

describe('ready from the page', () => {
  test('the form opens with the page’s user before Jenkins answers; a click waits: one POST, after it', async () => {
    await withEmulator([], async (jenkins) => {
      const tab = await logIn(browser.context, jenkins);
      const popup = await openFromPage(jenkins, tab);
      assert.equal(await popup.locator('#jenkins-user').innerText(), 'alice');
      assert.equal(await popup.locator('#jenkins-full-name').innerText(), 'Alice Example');
      assert.equal(await popup.locator('#jenkins-version').innerText(), '2.555.1');
      assert.deepEqual(await jenkins.tokens('alice'), []);

      await popup.locator('#generate').click();
      assert.equal(await popup.getByRole('status').first().innerText(), 'Creating the token…');
      await popup.locator('#result').waitFor();
      assert.match(await shownToken(popup), TOKEN_SHAPE);
      const order = await answered(jenkins);
      assert.equal(order.filter((request) => request.startsWith('POST')).length, 1, order.join(', '));
      assert.ok(order.indexOf('GET whoAmI/api/json') < order.findIndex((request) => request.startsWith('POST')), order.join(', '));
      assert.equal((await jenkins.tokens('alice')).length, 1);
      await popup.close();
      await tab.close();
    });
  });

  test('logged out in another tab since: Generate says the session ended, nothing made', async () => {
    await withEmulator([], async (jenkins) => {
      const tab = await logIn(browser.context, jenkins);
      const other = await browser.context.newPage();
      await other.goto(`${jenkins.root}logout`);
      const popup = await openFromPage(jenkins, tab);
      await popup.locator('#generate').click();
      await settled(popup);
      assert.equal(
        await alertText(popup),
        'Your Jenkins session has ended, so no token was created. Log in again, then retry.\nLog in to Jenkins',
      );
      assert.equal(await popup.locator('#generate').isVisible(), false);
      assert.deepEqual(await jenkins.tokens('alice'), []);
      assert.equal((await answered(jenkins)).filter((request) => request.startsWith('POST')).length, 0);
      await Promise.all([popup.close(), other.close(), tab.close()]);
    });
  });

  test('logged in as another user since: the form becomes theirs before the click is honoured', async () => {
    await withEmulator([], async (jenkins) => {
      const tab = await logIn(browser.context, jenkins);
      const other = await logIn(browser.context, jenkins, 'bob');
      const popup = await openFromPage(jenkins, tab);
      assert.equal(await popup.locator('#jenkins-user').innerText(), 'alice', 'what the page shows');
      await popup.locator('#generate').click();
      await settled(popup);
      assert.equal(
        await alertText(popup),
        'The page showed alice, but Jenkins has bob logged in now: the form is for bob. ' +
          'Nothing was created; click Generate again to make a token for bob.',
      );
      assert.equal(await popup.locator('#jenkins-user').innerText(), 'bob');
      assert.equal(await popup.locator('#jenkins-full-name').isVisible(), false, 'alice’s page does not name bob');
      assert.deepEqual([await jenkins.tokens('alice'), await jenkins.tokens('bob')], [[], []], 'nothing minted yet');

      await generate(popup);
      assert.match(await popup.locator('#result-intro').innerText(), / for bob\./);
      assert.equal((await jenkins.whoAmIWith('bob', await shownToken(popup))).name, 'bob');
      assert.deepEqual([(await jenkins.tokens('alice')).length, (await jenkins.tokens('bob')).length], [0, 1]);
      await Promise.all([popup.close(), other.close(), tab.close()]);
    });
  });

  test('a new crumb since the page loaded: the POST carries Jenkins’ fresh one; a refused one is retried once', async () => {
    await withEmulator([], async (jenkins) => {
      const tab = await logIn(browser.context, jenkins);
      const stale = await pageCrumb(tab);
      // Signing in again (another tab) starts a new session: the crumb, bound to it, changes.
      const other = await logIn(browser.context, jenkins);
      assert.notEqual(await pageCrumb(other), stale);
      const popup = await openFromPage(jenkins, tab);
      await generate(popup);
      assert.match(await shownToken(popup), TOKEN_SHAPE);
      assert.deepEqual(await postedCrumbs(jenkins), [await pageCrumb(other)], 'one POST, with the fresh crumb');

      const again = await openFromPage(jenkins, tab);
      await jenkins.control('reject-crumbs', { times: 1 });
      await generate(again);
      assert.match(await shownToken(again), TOKEN_SHAPE);
      assert.equal((await postedCrumbs(jenkins)).length, 2, 'refused once, sent again once');
      assert.equal((await jenkins.tokens('alice')).length, 2, 'one token a click');
      await Promise.all([popup.close(), again.close(), other.close(), tab.close()]);
    });
  });

  test('CSRF protection switched off since the page loaded: the POST goes without a crumb', async () => {
    await withEmulator([], async (jenkins) => {
      const tab = await logIn(browser.context, jenkins);
      assert.ok(await pageCrumb(tab), 'the page has a crumb');
      await jenkins.control('csrf', { on: false });
      const popup = await openFromPage(jenkins, tab);
      await generate(popup);
      assert.match(await shownToken(popup), TOKEN_SHAPE);
      assert.deepEqual(await postedCrumbs(jenkins), [null]);
      await Promise.all([popup.close(), tab.close()]);
    });
  });

  test('a page from before 2.246 shows no crumb: the popup waits for Jenkins, as it always did', async () => {
    await withEmulator(['--version', '2.245'], async (jenkins) => {
      const tab = await logIn(browser.context, jenkins);
      await jenkins.fault(SLOW_WHO_AM_I);
      const popup = await openPopup(browser, tab, { settle: false });
      assert.equal(await popup.getByRole('status').first().innerText(), 'Connecting to Jenkins…');
      assert.equal(await popup.locator('#generate').isVisible(), false);
      await settled(popup);
      assert.equal(await popup.locator('#target').getAttribute('data-confirmed'), 'true');
      await generate(popup);
      assert.match(await shownToken(popup), TOKEN_SHAPE);
      await Promise.all([popup.close(), tab.close()]);
    });
  });
});
