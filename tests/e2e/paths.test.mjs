// Every other way to a token, end to end in Chromium: the legacy token of old Jenkins, CloudBees
// operations-center controllers, minting for another user, and the script console.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TOKEN_SHAPE, alertText, generate, noticeText, openPopup, sharedBrowser, shownToken, withPopup } from './harness.mjs';

const browser = sharedBrowser();

const LEGACY_SHAPE = /^[0-9a-f]{32}$/;

/** Clicks a button and waits for the token or an alert. */
async function clickAndWait(popup, name) {
  await popup.getByRole('button', { name, exact: true }).click();
  await popup.waitForFunction(
    () => !document.getElementById('result').closest('[hidden]') || !document.getElementById('alert').hidden,
  );
}

/**
 * Runs `body` with a popup on Jenkins 2.100 that answers the next `method` to a path containing `part`
 * with `answer` (status, content_type, body) instead.
 */
function withLegacyAnswer(method, part, answer, body) {
  return withPopup(browser, ['--version', '2.100'], async (opened) => {
    await opened.jenkins.fault({ method, path_contains: part, mode: 'replace', ...answer });
    await body(opened);
  });
}

describe('legacy Jenkins (before 2.129)', () => {
  test('shows the legacy token, then changes it after a warning; only legacy paths are offered', async () => {
    await withPopup(browser, ['--version', '2.100'], async ({ jenkins, tab, popup }) => {
      assert.equal(await popup.getByRole('button', { name: 'Generate' }).isVisible(), false);
      assert.equal(await popup.getByRole('tab', { name: 'My tokens' }).isVisible(), false);
      await clickAndWait(popup, 'Show my legacy token');
      const old = await shownToken(popup);
      assert.match(old, LEGACY_SHAPE);
      assert.match(await popup.locator('#result-intro').innerText(), /^The legacy API token of alice\./);
      assert.equal(await popup.getByRole('button', { name: 'Revoke this token' }).isVisible(), false);
      assert.equal((await jenkins.whoAmIWith('alice', old)).name, 'alice');

      await popup.close();
      const again = await openPopup(browser, tab);
      await again.getByRole('button', { name: 'Change it…' }).click();
      assert.match(await again.locator('#legacy-confirm').innerText(), /Every script and tool that uses the current token stops working/);
      await clickAndWait(again, 'Change');
      const changed = await shownToken(again);
      assert.match(changed, LEGACY_SHAPE);
      assert.notEqual(changed, old);
      assert.equal(await again.locator('#action-status').innerText(), 'Changed: the old legacy token no longer works.');
      assert.deepEqual(await jenkins.whoAmIWith('alice', old), { status: 401 });
      assert.equal((await jenkins.whoAmIWith('alice', changed)).name, 'alice');
      await again.close();
    });
  });

  test('show, then change in the same popup: the actions stay, the heading and the tab say legacy', async () => {
    await withPopup(browser, ['--version', '2.100'], async ({ jenkins, popup }) => {
      assert.deepEqual(await popup.getByRole('tab').allInnerTexts(), ['Legacy token']);
      await clickAndWait(popup, 'Show my legacy token');
      const old = await shownToken(popup);
      assert.match(old, LEGACY_SHAPE);
      assert.equal(await popup.locator('#result-title').innerText(), 'Your legacy API token');
      assert.equal(await popup.locator('#token-shape-note').isVisible(), false);

      // Read it, then decide to replace it: Change is still there under the shown token.
      await popup.getByRole('button', { name: 'Change it…' }).click();
      await popup.getByRole('button', { name: 'Change', exact: true }).click();
      await popup.waitForFunction((old) => document.getElementById('token-value').value !== old, old);
      const changed = await shownToken(popup);
      assert.match(changed, LEGACY_SHAPE);
      assert.equal(await popup.locator('#result-title').innerText(), 'Your legacy API token');
      assert.equal(await popup.locator('#action-status').innerText(), 'Changed: the old legacy token no longer works.');
      assert.deepEqual(await jenkins.whoAmIWith('alice', old), { status: 401 });
      assert.equal((await jenkins.whoAmIWith('alice', changed)).name, 'alice');
    });
  });

  test('a hidden legacy token is reported', async () => {
    const hidden = '<html><head></head><body><input id="apiToken" name="_.apiToken" value="Token is hidden" readonly></body></html>';
    await withLegacyAnswer('GET', '/configure', { status: 200, content_type: 'text/html;charset=utf-8', body: hidden }, async ({ popup }) => {
      await clickAndWait(popup, 'Show my legacy token');
      assert.equal(await alertText(popup), 'Jenkins hides this legacy token: only its owner can see it. Log in as that user to read it.');
    });
  });

  test('a refused change says why, and the old token still works', async () => {
    const refusal = '<div>Capability to generate a legacy token without an existing one is currently disabled in the security configuration</div>';
    await withLegacyAnswer('POST', 'changeToken', { status: 200, content_type: 'text/html;charset=UTF-8', body: refusal }, async ({ jenkins, popup }) => {
      await popup.getByRole('button', { name: 'Change it…' }).click();
      await clickAndWait(popup, 'Change');
      assert.equal(
        await alertText(popup),
        "Jenkins didn't change the token: Capability to generate a legacy token without an existing one is currently disabled in the security configuration.",
      );
      await clickAndWait(popup, 'Show my legacy token');
      assert.equal((await jenkins.whoAmIWith('alice', await shownToken(popup))).name, 'alice', 'the old token still works');
    });
  });

  test('a 403 Access Denied page while reading it', async () => {
    const denied = { status: 403, content_type: 'text/html', body: '<html><h1>Access Denied</h1></html>' };
    await withLegacyAnswer('GET', '/configure', denied, async ({ popup }) => {
      await clickAndWait(popup, 'Show my legacy token');
      assert.equal(await alertText(popup), 'Jenkins denied access while reading your legacy token (HTTP 403).');
    });
  });
});

describe('CloudBees CI operations center', () => {
  test('a connected controller warns, remembers the operations center, and mints only when told to', async () => {
    const cjoc = 'https://cjoc.example.com/cjoc/';
    await withPopup(
      browser,
      ['--cloudbees', 'controller', '--operations-center-url', cjoc],
      async ({ jenkins, popup, tab }) => {
        assert.match(
          await popup.locator('#oc-warning-text').innerText(),
          /^This controller is connected to a CloudBees operations center \(its login is delegated to another site\)\. Tokens made here are overwritten or removed/,
        );
        await popup.getByRole('button', { name: 'Generate' }).click();
        await popup.getByRole('alert').waitFor();
        assert.match(await alertText(popup), /tick “Make it on this controller anyway”/);
        assert.deepEqual(await jenkins.tokens('alice'), []);

        await popup.getByLabel('Operations center address (remembered for this controller)').fill('cjoc.example.com');
        await popup.locator('#oc-form').getByRole('button', { name: 'Save' }).click();
        assert.match(await alertText(popup), /starting with https:\/\//);
        await popup.getByLabel('Operations center address (remembered for this controller)').fill(cjoc);
        await popup.locator('#oc-form').getByRole('button', { name: 'Save' }).click();
        assert.equal(await popup.getByRole('link', { name: /Open the operations center/ }).getAttribute('href'), cjoc);

        const reopened = await openPopup(browser, tab);
        await reopened.getByRole('link', { name: /Open the operations center/ }).waitFor();
        assert.equal(await reopened.getByRole('link', { name: /Open the operations center/ }).getAttribute('href'), cjoc, 'remembered');
        await reopened.getByLabel('Make it on this controller anyway').check();
        await generate(reopened);
        assert.match(await shownToken(reopened), TOKEN_SHAPE);
        const stored = await reopened.evaluate(() => chrome.storage.local.get(null));
        assert.deepEqual(stored, { [`operations-center:${jenkins.origin}`]: cjoc }, 'only the address is stored');
        await reopened.close();
      },
      { direct: true },
    );
  });

  test('an administrator sees the evidence from the plugin list', async () => {
    await withPopup(
      browser,
      ['--cloudbees', 'controller'],
      async ({ popup }) => {
        assert.match(await popup.locator('#oc-warning-text').innerText(), /\(its operations-center-client plugin is active\)/);
      },
      { user: 'admin', direct: true },
    );
  });

  test('the operations center itself says its tokens work on its controllers', async () => {
    await withPopup(
      browser,
      ['--cloudbees', 'operations-center'],
      async ({ popup }) => {
        assert.equal(await popup.locator('#oc-warning').isVisible(), false);
        assert.match(await popup.locator('#oc-note').innerText(), /tokens made here work on its connected controllers/);
        await generate(popup);
        assert.match(await shownToken(popup), TOKEN_SHAPE);
      },
      { user: 'admin' },
    );
  });

  test('plain Jenkins costs no extra request and shows no warning', async () => {
    await withPopup(browser, [], async ({ jenkins, popup }) => {
      assert.equal(await popup.locator('#oc-warning').isVisible(), false);
      const paths = (await jenkins.requests()).map((r) => r.path);
      assert.ok(!paths.some((path) => path.includes('pluginManager')), 'no plugin probe');
    });
  });
});

describe('minting for another user', () => {
  test('an administrator mints for "Jane Doe" when Jenkins allows it', async () => {
    await withPopup(
      browser,
      ['--admin-can-generate'],
      async ({ jenkins, popup }) => {
        await popup.getByText('Advanced').click();
        await popup.getByLabel('For another user (administrators)').fill('Jane Doe');
        await generate(popup);
        const token = await shownToken(popup);
        assert.match(await popup.locator('#result-intro').innerText(), /for Jane Doe\./);
        assert.equal((await jenkins.whoAmIWith('Jane Doe', token)).name, 'Jane Doe');
        const post = (await jenkins.requests()).find((r) => r.method === 'POST' && r.path.endsWith('/generateNewToken'));
        assert.equal(post.path, '/user/jane%20doe/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken');
        await popup.getByRole('button', { name: 'Verify' }).click();
        await popup.waitForFunction(() => document.getElementById('action-status').textContent.startsWith('✓'));
        assert.equal(await popup.locator('#action-status').innerText(), '✓ Works: Jenkins accepts it as Jane Doe.');
      },
      { user: 'admin' },
    );
  });

  test('without adminCanGenerateNewTokens the popup explains the 403', async () => {
    await withPopup(
      browser,
      [],
      async ({ jenkins, popup }) => {
        await popup.getByText('Advanced').click();
        await popup.getByLabel('For another user (administrators)').fill('Jane Doe');
        await generate(popup);
        assert.match(await alertText(popup), /^Jenkins refused to create a token for Jane Doe \(HTTP 403\): .*-Djenkins\.security\.ApiTokenProperty\.adminCanGenerateNewTokens=true/);
        assert.deepEqual(await jenkins.tokens('Jane Doe'), []);
      },
      { user: 'admin' },
    );
  });

  test('an unknown user is a 404, said so', async () => {
    await withPopup(
      browser,
      ['--admin-can-generate'],
      async ({ popup }) => {
        await popup.getByText('Advanced').click();
        await popup.getByLabel('For another user (administrators)').fill('nobody');
        await generate(popup);
        assert.equal(await alertText(popup), 'Jenkins has no user “nobody”, so no token was created.');
      },
      { user: 'admin' },
    );
  });
});

describe('the script console', () => {
  const hostile = "x'; System.exit(1); '${Jenkins.instance.doSafeExit(null)}";

  test('shows the exact script, takes names as data, and mints', async () => {
    await withPopup(
      browser,
      [],
      async ({ jenkins, popup }) => {
        await popup.getByLabel('Token name').fill(hostile);
        await popup.getByText('Advanced').click();
        await popup.getByLabel('For another user (administrators)').fill('Jane Doe');
        await popup.getByLabel('Use the script console (administrators)').check();
        const script = await popup.getByLabel('The script that will run').innerText();
        assert.match(script, /^import hudson\.model\.User/);
        assert.ok(!script.includes('System.exit') && !script.includes('doSafeExit'), 'the name is not in the script');
        assert.ok(script.includes(`new String('${Buffer.from('Jane Doe').toString('base64')}'.decodeBase64(), 'UTF-8')`));
        assert.equal(await popup.getByLabel('Expires', { exact: true }).isVisible(), false, 'no expiry on this path');
        await generate(popup);
        const token = await shownToken(popup);
        assert.match(token, TOKEN_SHAPE);
        assert.deepEqual((await jenkins.tokens('Jane Doe')).map((t) => t.name), [hostile], 'exactly the name typed');
        assert.equal((await jenkins.whoAmIWith('Jane Doe', token)).name, 'Jane Doe');
        assert.ok((await jenkins.requests()).some((r) => r.method === 'POST' && r.path === '/scriptText' && r.status === 200));
      },
      { user: 'admin' },
    );
  });

  test('a non-administrator gets a clear message', async () => {
    await withPopup(browser, [], async ({ jenkins, popup }) => {
      await popup.getByText('Advanced').click();
      await popup.getByLabel('Use the script console (administrators)').check();
      await generate(popup);
      assert.equal(await alertText(popup), 'Only administrators may use the script console (Jenkins answered HTTP 403), so no token was created.');
      assert.deepEqual(await jenkins.tokens('alice'), []);
    });
  });

  test('an unknown user and malformed output are reported', async () => {
    await withPopup(
      browser,
      [],
      async ({ jenkins, popup }) => {
        await popup.getByText('Advanced').click();
        await popup.getByLabel('Use the script console (administrators)').check();
        await popup.getByLabel('For another user (administrators)').fill('nobody');
        await generate(popup);
        assert.equal(await alertText(popup), 'Jenkins has no user “nobody”, so no token was created.');

        await popup.getByLabel('For another user (administrators)').fill('');
        await jenkins.fault({ method: 'POST', path_contains: 'scriptText', mode: 'replace', status: 200, content_type: 'text/plain;charset=UTF-8', body: 'groovy.lang.MissingPropertyException: No such property: tokenStore\n\tat Script1.run(Script1.groovy:12)' });
        await generate(popup);
        const [what, finding] = await noticeText(popup);
        assert.equal(what, "Jenkins' answer held no usable token: the script console printed no token: groovy.lang.MissingPropertyException: No such property: tokenStore.");
        assert.match(finding, /^No token named “.+” was created: you can generate again\.$/);
      },
      { user: 'admin' },
    );
  });
});
