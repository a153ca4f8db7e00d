// After the token, end to end in Chromium: verify it, copy a snippet, and manage the list (rename,
// rotate, revoke) in each markup era; the hints, masking, undo, and every failure of the list.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  TOKEN_SHAPE,
  alertText,
  generate,
  logIn,
  openPopup,
  screenshot,
  shownDate,
  sharedBrowser,
  shownToken,
  verify,
  withEmulator,
  withPopup,
} from './harness.mjs';

const browser = sharedBrowser();

const item = (popup, name) => popup.locator('.token-item', { has: popup.locator('.token-name', { hasText: name }) });
const actionStatus = (popup) => popup.locator('#action-status').innerText();

/** Opens "My tokens" and waits for the list (or an alert). */
async function openList(popup) {
  await popup.getByRole('tab', { name: 'My tokens' }).click();
  await popup.waitForFunction(() => {
    const status = document.getElementById('list-status').textContent;
    return (status !== '' && status !== 'Reading your tokens…') || !document.getElementById('alert').hidden;
  });
}

/**
 * Runs `body` with a popup showing alice's list on Jenkins `version`, once her tokens are seeded with
 * `histories` (and a legacy token, with `legacy`).
 */
function withSeededList({ version, histories, legacy = false }, body) {
  return withEmulator(['--version', version], async (jenkins) => {
    for (const history of histories) await jenkins.control('users/alice/tokens', history);
    if (legacy) await jenkins.control('users/alice/legacy-token', {});
    const tab = await logIn(browser.context, jenkins);
    const popup = await openPopup(browser, tab);
    await openList(popup);
    await body({ jenkins, popup });
  });
}

async function listedNames(popup) {
  return popup.locator('#token-list .token-name').allInnerTexts();
}

/** The titles of the snippets shown unfolded. */
function unfolded(popup) {
  return popup.$$eval('details.snippet[open] > summary', (titles) => titles.map((title) => title.textContent));
}

async function waitForListStatus(popup, pattern) {
  await popup.waitForFunction((source) => new RegExp(source).test(document.getElementById('list-status').textContent), pattern.source);
}

for (const version of ['2.555.1', '2.504', '2.300']) {
  test(`mint → verify → snippet → list → rename → rotate → revoke on ${version}`, async () => {
    await withPopup(browser, ['--version', version], async ({ jenkins, popup }) => {
      await popup.getByLabel('Token name').fill('first');
      await generate(popup);
      const first = await shownToken(popup);
      assert.match(first, TOKEN_SHAPE);

      assert.equal(await verify(popup), '✓ Works: Jenkins accepts it as alice.');

      await popup.getByRole('button', { name: 'Copy the curl snippet' }).click();
      await popup.waitForFunction(() => document.getElementById('copy-status').textContent.startsWith('Copied the curl'));
      assert.equal(
        await popup.evaluate(() => navigator.clipboard.readText()),
        `curl -fsS -u 'alice:${first}' '${jenkins.root}whoAmI/api/json'`,
      );

      await openList(popup);
      assert.deepEqual(await listedNames(popup), ['first']);
      assert.match(await popup.locator('.token-facts').innerText(), /^Created [A-Z][a-z]{2} \d{1,2}, \d{4}/);

      await item(popup, 'first').getByRole('button', { name: 'Rename' }).click();
      await item(popup, 'first').getByLabel('New name').fill('renamed');
      await item(popup, 'first').getByRole('button', { name: 'Save' }).click();
      await waitForListStatus(popup, /^Renamed/);
      assert.equal(await popup.locator('#list-status').innerText(), 'Renamed “first” to “renamed”.');
      assert.deepEqual(await listedNames(popup), ['renamed']);

      await item(popup, 'renamed').getByRole('button', { name: 'Rotate' }).click();
      await item(popup, 'renamed').locator('.confirm').getByRole('button', { name: 'Rotate' }).click();
      await popup.waitForFunction(() => document.getElementById('action-status').textContent.startsWith('Rotated'));
      const second = await shownToken(popup);
      assert.match(second, TOKEN_SHAPE);
      assert.notEqual(second, first);
      assert.match(await popup.locator('#result-intro').innerText(), /^“renamed” for alice\./);
      assert.equal((await jenkins.whoAmIWith('alice', second)).name, 'alice');
      assert.deepEqual(await jenkins.whoAmIWith('alice', first), { status: 401 }, 'the old one is revoked');

      await openList(popup);
      assert.deepEqual(await listedNames(popup), ['renamed']);
      await item(popup, 'renamed').getByRole('button', { name: 'Revoke' }).click();
      await item(popup, 'renamed').locator('.confirm').getByRole('button', { name: 'Revoke' }).click();
      await waitForListStatus(popup, /^Revoked/);
      assert.deepEqual(await listedNames(popup), []);
      assert.deepEqual(await jenkins.tokens('alice'), []);
      assert.deepEqual(await jenkins.whoAmIWith('alice', second), { status: 401 });
    });
  });
}

describe('the new token', () => {
  test('the tool configs (Jenkins Job Builder, jcli, an IDE plugin) hold credentials that authenticate', async () => {
    await withPopup(browser, [], async ({ jenkins, popup }) => {
      await generate(popup);
      const token = await shownToken(popup);
      const copied = async (tool) => {
        await popup.locator('summary', { hasText: tool }).click();
        await popup.getByRole('button', { name: `Copy the ${tool} snippet` }).click();
        await popup.waitForFunction(() => document.getElementById('copy-status').textContent.startsWith('Copied the'));
        return popup.evaluate(() => navigator.clipboard.readText());
      };
      const fields = (text, separator) =>
        Object.fromEntries(text.split('\n').filter((line) => line.includes(separator)).map((line) => line.split(separator).map((part) => part.trim())).map(([key, ...rest]) => [key.replace(/^- /, ''), rest.join(separator)]));

      const ini = fields(await copied('jenkins_jobs.ini (Jenkins Job Builder)'), '=');
      assert.deepEqual(ini, { user: 'alice', password: token, url: jenkins.root });
      const yaml = fields(await copied('~/.jenkins-cli.yaml (jcli)'), ': ');
      assert.deepEqual(yaml, { current: '"127.0.0.1"', name: '"127.0.0.1"', url: `"${jenkins.root}"`, username: '"alice"', token: `"${token}"` });
      const ide = fields(await copied('IDE plugin (URL, user ID, API token)'), ': ');
      // The emulator is plain http: the jenkins-cli snippet, which downloads and runs a jar, says so.
      const warnings = await popup.locator('.snippet').evaluateAll((items) =>
        items.map((item) => [item.querySelector('summary').textContent, item.querySelector('.snippet-warning').hidden ? '' : item.querySelector('.snippet-warning').textContent]).filter(([, warning]) => warning));
      assert.deepEqual(warnings, [['jenkins-cli.jar', 'This downloads jenkins-cli.jar over plain http and runs it: anyone on the network path could replace it. Use https, or a copy of the jar you trust.']]);
      assert.deepEqual(ide, { URL: jenkins.root, 'User ID': 'alice', 'API token': token });

      // What each config holds logs in: the URL, user id and token a tool would send.
      for (const [url, user, password] of [[ini.url, ini.user, ini.password], [ide.URL, ide['User ID'], ide['API token']]]) {
        const response = await fetch(`${url}whoAmI/api/json`, { headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } });
        assert.equal(response.status, 200);
        assert.equal((await response.json()).name, 'alice');
      }
    });
  });

  test('is masked after a while; Show reveals it; snippets copy the real value', async () => {
    await withPopup(
      browser,
      [],
      async ({ popup }) => {
        await generate(popup);
        const token = await shownToken(popup);
        const field = popup.getByRole('textbox', { name: 'API token', exact: true });
        await popup.waitForFunction(() => document.getElementById('token-value').type === 'password');
        assert.equal(await popup.locator('#token-value').getAttribute('type'), 'password');
        const shownSnippets = await popup.locator('.snippet-text').allTextContents();
        assert.equal(shownSnippets.length, 8);
        assert.ok(shownSnippets.every((text) => !text.includes(token) && text.includes('••••')), 'no snippet shows it');
        assert.deepEqual(await unfolded(popup), ['curl'], 'only the first snippet is unfolded');
        await popup.locator('summary', { hasText: 'python-jenkins' }).click();
        await popup.getByRole('button', { name: 'Copy the python-jenkins snippet' }).click();
        await popup.waitForFunction(() => document.getElementById('copy-status').textContent.startsWith('Copied the python'));
        assert.match(await popup.evaluate(() => navigator.clipboard.readText()), new RegExp(`password='${token}'`));
        await popup.getByRole('button', { name: 'Show' }).click();
        assert.equal(await popup.locator('#token-value').getAttribute('type'), 'text');
        assert.equal(await field.inputValue(), token);
        assert.ok((await popup.locator('.snippet-text').allTextContents()).some((text) => text.includes(token)));
        assert.deepEqual(await unfolded(popup), ['curl', 'python-jenkins'], 'showing it again keeps what the user unfolded');
        assert.equal(await popup.getByRole('button', { name: 'Hide' }).getAttribute('aria-pressed'), 'true');
      },
      { mask: 600 },
    );
  });

  test('"Revoke this token" undoes a mint', async () => {
    await withPopup(browser, [], async ({ jenkins, popup }) => {
      await popup.getByLabel('Token name').fill('oops');
      await generate(popup);
      const token = await shownToken(popup);
      await popup.getByRole('button', { name: 'Revoke this token' }).click();
      await popup.locator('#revoke-new-confirm').getByRole('button', { name: 'Revoke' }).click();
      await popup.waitForFunction(() => document.getElementById('action-status').textContent.startsWith('Revoked'));
      assert.equal(await actionStatus(popup), 'Revoked: “oops” no longer works.');
      assert.equal(await popup.getByRole('button', { name: 'Verify' }).isDisabled(), true);
      assert.deepEqual(await jenkins.whoAmIWith('alice', token), { status: 401 });
      assert.deepEqual(await jenkins.tokens('alice'), []);
    });
  });

  test('a verify answered with 401 says Jenkins rejected it', async () => {
    await withPopup(browser, [], async ({ jenkins, popup }) => {
      await generate(popup);
      await jenkins.fault({ method: 'GET', path_contains: 'whoAmI', mode: 'replace', status: 401, content_type: 'text/html', body: '' });
      await popup.getByRole('button', { name: 'Verify' }).click();
      await popup.waitForFunction(() => document.getElementById('action-status').textContent.startsWith('✗'));
      assert.equal(await actionStatus(popup), '✗ Jenkins rejected the token (HTTP 401).');
    });
  });
});

describe('the list', () => {
  for (const version of ['2.555.1', '2.504']) {
    test(`clean-up on ${version}: ticks what needs attention, revokes what stays ticked, names a failure`, async () => {
      const histories = [
        { name: 'fresh', created_days_ago: 2, use_count: 5, last_used_days_ago: 1 },
        { name: 'never used', created_days_ago: 45 },
        { name: 'forgotten', created_days_ago: 200, use_count: 3, last_used_days_ago: 120 },
        { name: 'stale', created_days_ago: 300, use_count: 1, last_used_days_ago: 100 },
      ];
      await withSeededList({ version, histories }, async ({ jenkins, popup }) => {
        await popup.getByRole('button', { name: 'Clean up…' }).click();
        const box = (name) => popup.getByRole('checkbox', { name, exact: true });
        const ticked = async () => {
          const names = [];
          for (const name of ['forgotten', 'fresh', 'never used', 'stale']) if (await box(name).isChecked()) names.push(name);
          return names;
        };
        assert.deepEqual(await ticked(), ['forgotten', 'never used', 'stale'], 'what needs attention, nothing else');
        assert.equal(await item(popup, 'fresh').getByRole('button', { name: 'Revoke' }).isVisible(), false, 'boxes, not buttons');

        // Nothing ticked: nothing happens but a hint.
        for (const name of await ticked()) await box(name).uncheck();
        await popup.getByRole('button', { name: 'Revoke the ticked tokens…' }).click();
        assert.equal(await popup.locator('#list-status').innerText(), 'Tick at least one token to revoke.');
        await box('forgotten').check();
        await box('never used').check();
        await popup.getByRole('button', { name: 'Revoke the ticked tokens…' }).click();
        assert.equal(await popup.locator('#cleanup-confirm-text').innerText(), 'Revoke “forgotten” and “never used”? Scripts that use them stop working.');

        await jenkins.control('reset', {});
        await jenkins.fault({ method: 'POST', path_contains: '/revoke', mode: 'replace', status: 500, skip: 1 });
        await popup.getByRole('button', { name: 'Revoke them' }).click();
        await popup.waitForFunction(() => document.getElementById('list-status').textContent.startsWith('Revoked'));
        assert.equal(await popup.locator('#list-status').innerText(), 'Revoked: “forgotten”.');
        assert.match(await alertText(popup), /^Not revoked: “never used”\. .*500/);
        const revokes = (await jenkins.requests()).filter((r) => r.method === 'POST' && r.path.endsWith('/revoke'));
        assert.equal(revokes.length, 2, 'one POST per ticked token, the second failing');
        assert.deepEqual((await jenkins.tokens('alice')).map((t) => t.name), ['fresh', 'never used', 'stale'], 'the unticked and the failed one stay');
        assert.deepEqual(await popup.locator('.token-name').allInnerTexts(), ['fresh', 'never used', 'stale']);
      });
    });
  }

  test('clean-up ticks only dead weight, leaves a token in use for Rotate, and says why on each row', async () => {
    const histories = [
      { name: 'a fresh', created_days_ago: 2, expires_in_days: 60, use_count: 5, last_used_days_ago: 1 },
      { name: 'b deploy bot', created_days_ago: 27, expires_in_days: 3, use_count: 9, last_used_days_ago: 2 },
      { name: 'c expired', created_days_ago: 100, expires_in_days: -3, use_count: 1, last_used_days_ago: 20 },
      { name: 'd never used', created_days_ago: 2, expires_in_days: 45 },
      { name: 'e made today', created_days_ago: 0, expires_in_days: 3 },
      { name: 'f forgotten', created_days_ago: 200, use_count: 3, last_used_days_ago: 120 },
    ];
    await withSeededList({ version: '2.555.1', histories, legacy: true }, async ({ jenkins, popup }) => {
      assert.equal(await item(popup, 'b deploy bot').locator('.cleanup-why').isVisible(), false, 'reasons show while choosing');
      await popup.getByRole('button', { name: 'Clean up…' }).click();
      const rows = await popup.locator('.token-item').evaluateAll((items) =>
        items.map((row) => [row.querySelector('.token-name').textContent, row.querySelector('.cleanup-pick').checked, row.querySelector('.cleanup-why').textContent]));
      assert.deepEqual(rows, [
        ['a fresh', false, ''],
        ['b deploy bot', false, 'Not ticked: in use, and it expires in 3 days. Rotate it instead.'],
        ['c expired', true, 'Ticked: it has expired and no longer works.'],
        ['d never used', true, `Ticked: never used since it was created on ${shownDate(-2)}.`],
        ['e made today', false, ''],
        ['f forgotten', true, `Ticked: unused since ${shownDate(-120)}, 90 days or more.`],
        ['Legacy Token', true, 'Ticked: a legacy token, which Jenkins recommends replacing with a new one.'],
      ]);
      assert.equal(await item(popup, 'b deploy bot').locator('.cleanup-why').isVisible(), true);
      assert.equal(await item(popup, 'a fresh').locator('.cleanup-why').isVisible(), false, 'no empty line');
      await screenshot(popup, 'popup-cleanup.png');
      await popup.getByRole('button', { name: 'Revoke the ticked tokens…' }).click();
      assert.equal(
        await popup.locator('#cleanup-confirm-text').innerText(),
        'Revoke “c expired”, “d never used”, “f forgotten”, and “Legacy Token”? Scripts that use them stop working.',
      );
      await popup.getByRole('button', { name: 'Revoke them' }).click();
      await popup.waitForFunction(() => document.getElementById('list-status').textContent.startsWith('Revoked'));
      assert.deepEqual((await jenkins.tokens('alice')).map((t) => t.name), ['a fresh', 'b deploy bot', 'e made today'], 'the deploy bot still works');
    });
  });

  test('draws attention to expired, expiring, unused and legacy tokens', async () => {
    const histories = [
      { name: 'a fresh one', created_days_ago: 2, expires_in_days: 60, use_count: 5, last_used_days_ago: 1 },
      { name: 'b expired', created_days_ago: 100, expires_in_days: -3, use_count: 1, last_used_days_ago: 20 },
      { name: 'c expiring', created_days_ago: 27, expires_in_days: 3, use_count: 9, last_used_days_ago: 1 },
      { name: 'd never used', created_days_ago: 45, expires_in_days: 45 },
      { name: 'e forgotten', created_days_ago: 200, use_count: 3, last_used_days_ago: 120 },
    ];
    await withSeededList({ version: '2.555.1', histories, legacy: true }, async ({ popup }) => {
      const hints = async (name) => item(popup, name).locator('.attention li').allInnerTexts();
      assert.deepEqual(await hints('a fresh one'), []);
      assert.deepEqual(await hints('b expired'), ['Expired: it no longer works. Revoke it.']);
      assert.deepEqual(await hints('c expiring'), ['Expires within 7 days: rotate it.']);
      assert.deepEqual(await hints('d never used'), ['Never used in 30+ days: revoke it if nothing needs it.']);
      assert.deepEqual(await hints('e forgotten'), ['Unused for 90+ days: revoke it if nothing needs it.']);
      assert.deepEqual(await hints('Legacy Token'), ['Legacy token: revoke it and use a new one.']);
      assert.equal(await item(popup, 'Legacy Token').locator('.badge').isVisible(), true);
      assert.equal(await item(popup, 'Legacy Token').getByRole('button', { name: 'Rotate' }).isVisible(), false);
      assert.equal(await popup.locator('#list-status').innerText(), '6 tokens; 5 need attention.');
      await screenshot(popup, 'popup-list.png');
    });
  });

  for (const [what, fault, reason] of [
    ['a 403 Access Denied page', { status: 403, content_type: 'text/html', body: '<html><body><h1>Access Denied</h1><p class="error">alice is missing the Overall/Administer permission</p></body></html>' }, 'Jenkins denied access to the page (HTTP 403)'],
    ['a 404', { status: 404, content_type: 'text/html', body: '<html><body>Not found</body></html>' }, 'Jenkins has no such page (HTTP 404)'],
    ['markup it does not know', { status: 200, content_type: 'text/html;charset=utf-8', body: '<html><body><div class="token-list"><table><tr><td>tokens, redesigned</td></tr></table></div></body></html>' }, "the token list on the page has a shape this extension doesn't know"],
  ]) {
    test(`a Security page with ${what}: says so, links to the page, shows no list`, async () => {
      await withPopup(browser, [], async ({ jenkins, popup }) => {
        await jenkins.fault({ method: 'GET', path_contains: '/security/', mode: 'replace', ...fault });
        await openList(popup);
        assert.equal(await alertText(popup), `Your token list couldn't be read here (${reason}). Open the page to see it in Jenkins.\nOpen the page`);
        assert.equal(await popup.getByRole('link', { name: 'Open the page' }).getAttribute('href'), `${jenkins.root}me/security/`);
        assert.equal(await popup.locator('#token-list li').count(), 0);
      });
    });
  }

  test('a refused revoke leaves the token listed and says why', async () => {
    await withPopup(browser, [], async ({ jenkins, popup }) => {
      await jenkins.control('users/alice/tokens', { name: 'keep' });
      await openList(popup);
      await jenkins.fault({ method: 'POST', path_contains: '/revoke', mode: 'replace', status: 403, content_type: 'text/html', body: '<html><h1>Access Denied</h1></html>' });
      await item(popup, 'keep').getByRole('button', { name: 'Revoke' }).click();
      await item(popup, 'keep').locator('.confirm').getByRole('button', { name: 'Revoke' }).click();
      await popup.getByRole('alert').waitFor();
      assert.equal(await alertText(popup), 'Jenkins denied access while revoking the token (HTTP 403).');
      assert.deepEqual(await listedNames(popup), ['keep']);
      assert.equal((await jenkins.tokens('alice')).length, 1);
    });
  });

  test('a refused rename shows Jenkins’ message', async () => {
    await withPopup(browser, [], async ({ jenkins, popup }) => {
      await jenkins.control('users/alice/tokens', { name: 'keep' });
      await openList(popup);
      await jenkins.fault({
        method: 'POST',
        path_contains: '/rename',
        mode: 'replace',
        status: 200,
        content_type: 'application/json',
        body: JSON.stringify({ status: 'error', message: 'No token found, try refreshing the page' }),
      });
      await item(popup, 'keep').getByRole('button', { name: 'Rename' }).click();
      await item(popup, 'keep').getByLabel('New name').fill('other');
      await item(popup, 'keep').getByRole('button', { name: 'Save' }).click();
      await popup.getByRole('alert').waitFor();
      assert.equal(await alertText(popup), "Jenkins didn't rename the token: No token found, try refreshing the page.");
      assert.deepEqual((await jenkins.tokens('alice')).map((t) => t.name), ['keep']);
    });
  });

  test('token names from the page are shown as text', async () => {
    await withPopup(browser, [], async ({ jenkins, popup }) => {
      const name = '<img src=x onerror="document.title=\'pwned\'">';
      await jenkins.control('users/alice/tokens', { name });
      await openList(popup);
      assert.deepEqual(await listedNames(popup), [name]);
      assert.equal(await popup.locator('#token-list img').count(), 0);
      assert.notEqual(await popup.title(), 'pwned');
    });
  });
});
