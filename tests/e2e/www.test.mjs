// The www page: the same wasm core mounted in a plain page that Jenkins (the emulator) serves at
// <root>/www/. Same flow, no extension: same-origin requests with the page's own session.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { ROOT, TOKEN_SHAPE, alertText, generate, launchBrowser, logIn, logInDirectly, settled, sharedBrowser, shownToken, until, withEmulator, withPlainSite } from './harness.mjs';

const browser = sharedBrowser();

/** Runs `body(jenkins)` with an emulator that serves the built www page (more flags: `args`). */
const withWww = (args, body) => withEmulator([...args, '--www', path.join(ROOT, 'dist/www')], body);

/** Opens the www page in `page` and waits until it has settled. */
async function openWww(page, jenkins) {
  await page.goto(`${jenkins.root}www/`);
  await settled(page);
}

test('the www page mints a working token for the logged-in user', async () => {
  await withWww(['--context-path', '/jenkins'], async (jenkins) => {
    const page = await logIn(browser.context, jenkins);
    await openWww(page, jenkins);
    assert.equal(await page.locator('#jenkins-root').innerText(), jenkins.root);
    assert.equal(await page.locator('#jenkins-user').innerText(), 'alice');
    await page.getByLabel('Token name').fill('from the www page');
    await generate(page);
    const token = await shownToken(page);
    assert.match(token, TOKEN_SHAPE);
    assert.equal((await jenkins.whoAmIWith('alice', token)).name, 'alice');
    const post = (await jenkins.requests()).find((r) => r.method === 'POST' && r.path.endsWith('/generateNewToken'));
    assert.equal(post.origin, jenkins.origin, 'a same-origin request from the page');
  });
});

test('the www page tells an anonymous visitor to log in', async () => {
  await withWww([], async (jenkins) => {
    const page = await browser.context.newPage();
    await openWww(page, jenkins);
    assert.equal(await alertText(page), "You aren't logged in to this Jenkins. Log in, then try again.\nLog in to Jenkins");
    assert.equal(await page.getByRole('link', { name: 'Log in to Jenkins' }).getAttribute('href'), `${jenkins.root}login?from=%2Fwww%2F`);
    await page.close();
  });
});

test('the www page says so in its alert when the core fails to start, and sends nothing', async () => {
  await withWww([], async (jenkins) => {
    const page = await logIn(browser.context, jenkins);
    // A damaged copy: the wasm the page fetches is not wasm.
    await page.route('**/www/pkg/*.wasm', (route) => route.fulfill({ contentType: 'application/wasm', body: 'not wasm' }));
    await jenkins.control('reset', {});
    await page.goto(`${jenkins.root}www/`);
    await page.getByRole('alert').waitFor();
    assert.match(await alertText(page), /^The page failed to start: \S/);
    assert.equal(await page.getByRole('status').first().isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'Generate' }).isVisible(), false);
    const sent = (await jenkins.requests()).filter((r) => !r.path.includes('/www/'));
    assert.deepEqual(sent, [], 'no request to Jenkins but the page itself');
  });
});

test('the www page, reloaded while Jenkins mints, names the token it did not show', async () => {
  await withWww([], async (jenkins) => {
    const page = await logIn(browser.context, jenkins);
    await openWww(page, jenkins);
    await page.getByLabel('Token name').fill('lost in a reload');
    await jenkins.fault({ method: 'POST', path_contains: 'generateNewToken', mode: 'delay', delay_ms: 4000 });
    await page.getByRole('button', { name: 'Generate' }).click();
    await until(async () => (await jenkins.tokens('alice')).length > 0, 'the mint');
    await page.reload();
    await page.waitForFunction(() => /^It is in your token list/.test(document.getElementById('interrupted-finding').textContent));
    assert.match(await page.locator('#interrupted-text').innerText(), /^A token named “lost in a reload” was probably created at \d{1,2}:\d\d\s[AP]M/);
    const stored = await page.evaluate(() => Object.values(sessionStorage));
    assert.equal(stored.length, 1);
    assert.equal(JSON.parse(stored[0]).name, 'lost in a reload');
    await page.getByRole('button', { name: 'Keep it' }).click();
    assert.deepEqual(await page.evaluate(() => Object.keys(sessionStorage)), []);
    await page.close();
  });
});

test('the www page speaks the first of the browser\'s languages that ships', async () => {
  const german = JSON.parse(await readFile(path.join(ROOT, 'dist/www/_locales/de/messages.json'), 'utf8'));
  const browser = await launchBrowser({ locale: 'de-AT' });
  try {
    await withWww([], async (jenkins) => {
      const page = await logIn(browser.context, jenkins);
      await openWww(page, jenkins);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'de', 'de_AT does not ship: de');
      assert.equal(await page.locator('#generate').innerText(), german.button_generate.message);
      assert.equal(await page.locator('#tab-list').innerText(), german.tab_list.message);
    });
  } finally {
    await browser.close();
  }
});

// Any script of the page's origin can write its localStorage: an operations-center address read back
// from there is checked as a typed one is (http or https), never put in a link as it is.
test('a stored operations-center address that is not http(s) is not used as a link', async () => {
  await withWww(['--cloudbees', 'controller'], async (jenkins) => {
    const page = await logInDirectly(browser.context, jenkins);
    const key = `operations-center:${jenkins.origin}`;
    for (const stored of ['javascript:document.title="pwned"', 'data:text/html,<script>alert(1)</script>', 'https://cjoc.example.com/']) {
      await page.evaluate(([key, stored]) => localStorage.setItem(key, stored), [key, stored]);
      await openWww(page, jenkins);
      await page.waitForFunction(() => !document.getElementById('oc-warning').hidden);
      const link = page.locator('#oc-link');
      if (stored.startsWith('https:')) {
        await link.waitFor();
        assert.equal(await link.getAttribute('href'), stored, 'a good address is still used');
      } else {
        await page.waitForTimeout(300); // the stored setting is read after the page is ready
        assert.equal(await link.isVisible(), false, stored);
        assert.equal(await link.getAttribute('href'), null, stored);
      }
    }
    await page.close();
  });
});

// In another origin's frame the page refuses to start and sends nothing; a click opens it in its own tab.
test('the www page refuses to work inside another page\'s frame', async () => {
  await withWww([], async (jenkins) => {
    const page = await logIn(browser.context, jenkins);
    await jenkins.control('reset', {});
    await withPlainSite(`<!doctype html><iframe src="${jenkins.root}www/" allow="clipboard-write" width="600" height="400"></iframe>`, async (site) => {
      await page.goto(`${site.origin}/`);
      const frame = await until(() => page.frames().find((candidate) => candidate.url().startsWith(jenkins.root)), 'the frame');
      await frame.getByRole('alert').waitFor();
      assert.equal(
        (await frame.getByRole('alert').innerText()).trim(),
        'This page does not work inside another page: a page could hide it under a button of its own and make a token with your click. Open it in a tab of its own.\nOpen it in its own tab',
      );
      assert.equal(await frame.locator('#alert-link').getAttribute('target'), '_blank');
      assert.equal(await frame.getByRole('button', { name: 'Generate' }).isVisible(), false);
      const sent = (await jenkins.requests()).filter((r) => !r.path.includes('/www/'));
      assert.deepEqual(sent, [], 'nothing but the page itself');
    });
    await page.close();
  });
});
