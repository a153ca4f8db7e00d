// An administrator's managed policy, delivered the way Chromium delivers it on Linux: a JSON file under
// /etc/chromium/policies/managed/ naming the extension's id under "3rdparty" (root only, as CI runs).
// The copy under test has its own key, so a file left behind by a crashed run reaches no other suite;
// the file is removed after each browser. Then the user's own options, saved from the options page.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  alertText,
  extensionIdOf,
  generate,
  launchBrowser,
  localDate,
  logIn,
  logInDirectly,
  matching,
  onExtensionPage,
  openPopup,
  shownToken,
  until,
  withEmulator,
} from './harness.mjs';

const POLICY_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA5mq1lj8PhszP4DO5Y/vJwXAou2hKcztheZpnod5Gzw7Z52n+UpbPlic+8qeGSMDp48FrQZ1Nwgin8XxBBb1Poas7/po1Dcb6O8T8ANbDUtm3gz1Vw2X93jN4/K52BibuuoKeQtDWpEs0GFZPVTZhHLHcEbL3nLEdERPnxw/2IhXEO5ibj+PkgJypg8N0a+4yb5BVQ9xZDKfCiL5KnfoTOgTXtFIs9UsqAiDTvkrl8dPXy4BMFbhLuVfBuGLlMLXNATXnf1TacV5Z8JeBpB8zZDOzIecdt2BLOT/fJCIvqlnHXwPiPfJJvu+7ba48RZJX3RSK3yP6ASig0be7nBJkCQIDAQAB';
const POLICY_ID = extensionIdOf(POLICY_KEY);
const POLICY_FILE = path.join('/etc/chromium/policies/managed', `jenkins-api-token-test-${process.pid}.json`);
process.on('exit', () => rmSync(POLICY_FILE, { force: true }));

/** What the extension reads from managed storage (what the browser let through). */
const managedStorage = (browser) => onExtensionPage(browser, (page) => page.evaluate(() => chrome.storage.managed.get(null)));

/**
 * Runs `body(browser, managed)` in a Chromium that has `policy` for the extension, once the policy has
 * reached the extension (`managed`: what it reads); the policy file is removed afterwards.
 */
async function withPolicy(policy, body) {
  await mkdir(path.dirname(POLICY_FILE), { recursive: true });
  await writeFile(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [POLICY_ID]: policy } } }));
  let browser;
  try {
    // The clipboard permissions stand for the user's grant (headless Chromium cannot answer the prompt).
    browser = await launchBrowser({ key: POLICY_KEY, extraPermissions: ['clipboardWrite', 'offscreen'] });
    const managed = await until(async () => {
      const managed = await managedStorage(browser);
      return Object.keys(managed).length > 0 && managed;
    }, 'the policy to reach the extension');
    await body(browser, managed);
  } finally {
    await browser?.close();
    await rm(POLICY_FILE, { force: true });
  }
}

/** Opens the options page and waits until the core has filled it in. */
async function openOptions(browser) {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.waitForFunction(() => document.querySelector('#option-clear option[value="30"]').textContent !== '');
  return page;
}

const listed = (page, selector) => page.locator(selector).evaluateAll((items) => items.map((item) => item.textContent.trim()));
const offered = (popup) => popup.locator('#token-expiry option').evaluateAll((options) => options.map((option) => option.value));
const clipboard = (browser, text) =>
  onExtensionPage(browser, (page) =>
    text === undefined ? page.evaluate(() => navigator.clipboard.readText()) : page.evaluate((text) => navigator.clipboard.writeText(text), text),
  );

describe('managed policy', () => {
  // A page of the Jenkins origin claims a root that walks out of the allowed path with dot segments:
  // the browser's fetch would resolve `/prod/../jenkins/whoAmI` to `/jenkins/whoAmI`, which the rule
  // does not allow. Refused before any request, in every spelling.
  test('allowedJenkins cannot be walked past with dot segments in data-rooturl', async () => {
    await withEmulator(['--context-path', '/jenkins'], async (jenkins) => {
      await withPolicy({ allowedJenkins: [`${jenkins.origin}/prod/`] }, async (browser) => {
        const tab = await logIn(browser.context, jenkins);
        for (const root of ['/prod/../jenkins', '/prod/%2e%2e/jenkins', '/prod/.%2E/jenkins']) {
          const page = `<html><head data-rooturl="${root}"></head><body>a page that says so</body></html>`;
          await jenkins.fault({ method: 'GET', path_contains: '/jenkins/crafted', mode: 'replace', status: 200, content_type: 'text/html', body: page });
          await tab.goto(`${jenkins.root}crafted`);
          await jenkins.control('reset', {});
          const popup = await openPopup(browser, tab);
          assert.equal(
            await alertText(popup),
            `This page says its Jenkins is at ${root}, a path with a “.” or “..” segment, which the browser would resolve to another path. Jenkins never writes one, so the extension stopped.`,
          );
          assert.deepEqual(await jenkins.requests(), [], `no request for ${root}`);
          await popup.close();
        }
        assert.deepEqual(await jenkins.tokens('alice'), []);
      });
    });
  });

  test('limits, the name template, the paths and the copy, applied on open; the options page shows them locked', async () => {
    const policy = {
      defaultExpiryDays: 60,
      maxExpiryDays: 90,
      tokenNameTemplate: '{user} on {host} {date}',
      allowScriptConsole: false,
      allowMintForOthers: false,
      autoCopy: false,
      clipboardClearSeconds: 0,
      allowSaveToComputer: false,
    };
    await withPolicy(policy, async (browser, managed) => {
      assert.deepEqual(managed, policy);
      await withEmulator([], async (jenkins) => {
        const tab = await logIn(browser.context, jenkins);
        const popup = await openPopup(browser, tab);
        assert.deepEqual(await offered(popup), ['7', '30', '60', '90', 'custom'], 'no lifetime over 90 days, no "never"');
        assert.equal(await popup.getByLabel('Expires', { exact: true }).inputValue(), '60');
        assert.equal(await popup.locator('#limit-note').innerText(), 'Your organisation limits tokens to 90 days.');
        assert.equal(await popup.getByLabel('Token name').inputValue(), `alice on 127.0.0.1 ${localDate()}`);
        assert.equal(await popup.locator('#advanced').isVisible(), false, 'neither for another user nor by script');

        // A custom date past the limit is refused before anything is sent.
        await popup.getByLabel('Expires', { exact: true }).selectOption('custom');
        assert.equal(await popup.getByLabel('Expiry date').getAttribute('max'), localDate(90));
        await popup.getByLabel('Expiry date').fill(localDate(120));
        await generate(popup);
        assert.equal(await alertText(popup), 'Your organisation limits tokens to 90 days: choose a shorter lifetime.');
        assert.deepEqual(matching(await jenkins.requests(), 'POST', 'generateNewToken'), []);

        // Within it, the token is made and shown, and (no auto-copy) the clipboard keeps what it held.
        await clipboard(browser, 'my own notes');
        await popup.getByLabel('Expiry date').fill(localDate(80));
        await generate(popup);
        const token = await shownToken(popup);
        assert.equal((await jenkins.tokens('alice'))[0].expiration, localDate(80));
        assert.equal(await clipboard(browser), 'my own notes');
        assert.equal(await popup.locator('#clear-clipboard').isDisabled(), true, 'clearing is the policy\'s to set');
        assert.equal(await popup.locator('#save-local').isVisible(), false, 'no "Save to this computer…"');
        assert.equal((await jenkins.whoAmIWith('alice', token)).name, 'alice');
        await popup.close();
        await tab.close();
      });

      const options = await openOptions(browser);
      for (const field of ['#option-lifetime', '#option-name', '#option-copy', '#option-clear']) {
        assert.equal(await options.locator(field).isDisabled(), true, `${field} locked`);
      }
      assert.equal(await options.getByText('Set by your organisation.').count(), 4);
      assert.equal(await options.locator('#option-lifetime').inputValue(), '60');
      assert.equal(await options.locator('#option-name').inputValue(), '{user} on {host} {date}');
      assert.deepEqual(await listed(options, '#organisation-rules li'), [
        'Tokens live at most 90 days.',
        'The script console path is switched off.',
        'Making tokens for other users is switched off.',
        'Saving tokens to this computer is switched off.',
      ]);
      assert.equal(await options.locator('#option-save-local-row').isVisible(), false, 'nothing to allow');
      assert.equal(await options.locator('#policy-notes').isVisible(), false, 'nothing malformed');
      await options.close();
    });
  });

  test('where: an allowed Jenkins works, any other is refused with no request, a named controller is not probed', async () => {
    await withEmulator([], async (allowed) =>
      withEmulator([], async (elsewhere) =>
        withEmulator(['--version', '2.300'], async (older) =>
          withEmulator(['--cloudbees', 'controller'], async (controller) => {
            const cjoc = 'https://cjoc.example.com/';
            const policy = {
              allowedJenkins: [allowed.root, older.root, controller.root],
              operationsCenters: { [controller.root]: cjoc },
              maxExpiryDays: 30,
              clipboardClearSeconds: 2,
            };
            await withPolicy(policy, async (browser) => {
              const tab = await logIn(browser.context, allowed);
              const popup = await openPopup(browser, tab);
              await generate(popup);
              const token = await shownToken(popup);
              // Copied (auto-copy is on by default), then cleared after the policy's wait, not the user's.
              const clearing = popup.getByLabel('Clear the clipboard after 2 seconds');
              assert.deepEqual([await clearing.isChecked(), await clearing.isDisabled()], [true, true]);
              assert.equal(await clipboard(browser), token);
              await until(async () => (await clipboard(browser)) === '', 'the clipboard cleared');
              await popup.close();

              // Before 2.548 tokens have no expiry: the popup says the limit cannot hold there.
              const olderTab = await logIn(browser.context, older);
              const olderPopup = await openPopup(browser, olderTab);
              assert.match(await olderPopup.locator('#limit-note').innerText(), /^Your organisation limits tokens to 30 days, but this Jenkins \(before 2\.548\) cannot give a token an expiry date/);
              await olderPopup.close();

              const refusedTab = await logIn(browser.context, elsewhere);
              const before = (await elsewhere.requests()).length;
              const refused = await openPopup(browser, refusedTab);
              assert.equal(
                await alertText(refused),
                `Your organisation has not enabled this extension for ${elsewhere.root}, so it sends nothing there. Ask your administrator to add it.`,
              );
              assert.deepEqual((await elsewhere.requests()).slice(before), [], 'not one request');
              await refused.close();

              // Its login page is the operations center's (delegated): log in without it.
              const controllerTab = await logInDirectly(browser.context, controller);
              const since = (await controller.requests()).length;
              const warned = await openPopup(browser, controllerTab);
              assert.match(await warned.locator('#oc-warning-text').innerText(), /connected to a CloudBees operations center \(your organisation says so\)/);
              assert.equal(await warned.getByRole('link', { name: /Open the operations center/ }).getAttribute('href'), cjoc);
              assert.equal(await warned.locator('#oc-form').isVisible(), false, 'the address is not the user\'s to change');
              const asked = (await controller.requests()).slice(since).map((request) => request.path);
              assert.equal(asked.filter((path) => path.includes('pluginManager') || path.endsWith('/login')).length, 0, `no probe: ${asked}`);
            });
          }),
        ),
      ),
    );
  });

  test('malformed values resolve to the stricter rule, each with a note on the options page', async () => {
    await withEmulator([], async (jenkins) => {
      const policy = {
        maxExpiryDays: 100000,
        defaultExpiryDays: 0,
        clipboardClearSeconds: 99999,
        tokenNameTemplate: '   ',
        allowedJenkins: ['ftp://files.example.com/', jenkins.root],
        operationsCenters: { 'not an address': 'https://cjoc.example.com/' },
        // Not a boolean: Chromium checks the schema and drops the value before the extension sees it.
        autoCopy: 'no',
      };
      await withPolicy(policy, async (browser, managed) => {
        const { autoCopy, ...delivered } = policy;
        assert.deepEqual(managed, delivered, 'Chromium let through every value of the schema\'s type');

        const tab = await logIn(browser.context, jenkins);
        const popup = await openPopup(browser, tab);
        assert.deepEqual(await offered(popup), ['7', 'custom'], 'an unreadable limit is the shortest one, never "never"');
        assert.equal(await popup.getByLabel('Expires', { exact: true }).inputValue(), '7');
        assert.equal(await popup.locator('#limit-note').innerText(), 'Your organisation limits tokens to 7 days.');
        await popup.close();

        const options = await openOptions(browser);
        assert.deepEqual(await listed(options, '#policy-notes-list li'), [
          'defaultExpiryDays: not a value this setting can take, so it is ignored.',
          'maxExpiryDays: could not be read, so the strictest rule applies.',
          'tokenNameTemplate: not a value this setting can take, so it is ignored.',
          'allowedJenkins: entries that are not web addresses are left out (1).',
          'operationsCenters: entries that are not web addresses are left out (1).',
          'clipboardClearSeconds: could not be read, so the strictest rule applies.',
        ]);
        assert.equal(await options.locator('#option-clear').inputValue(), '60');
        assert.deepEqual(await listed(options, '#organisation-rules li'), [
          'Tokens live at most 7 days.',
          `The extension works only on: ${jenkins.root}.`,
        ]);
        await options.close();
      });
    });
  });
});

describe('options', () => {
  test('saved from the options page (reached from the popup) to synced storage, applied on the next open', async () => {
    const browser = await launchBrowser();
    try {
      await withEmulator([], async (jenkins) => {
        const tab = await logIn(browser.context, jenkins);
        const popup = await openPopup(browser, tab);
        const [options] = await Promise.all([browser.context.waitForEvent('page'), popup.getByRole('button', { name: 'Settings' }).click()]);
        await options.waitForFunction(() => document.querySelector('#option-clear option[value="30"]').textContent !== '');
        assert.equal(new URL(options.url()).pathname, '/options.html');
        assert.equal(await options.locator('#organisation').isVisible(), false, 'no policy, no rules');
        const saving = options.getByLabel('Allow saving new tokens to this computer');
        assert.equal(await saving.isVisible(), true, 'offered, as no policy switched it off');
        assert.equal(await saving.isChecked(), false, 'nativeMessaging is not granted');

        await options.getByLabel('Default lifetime of a new token').selectOption('7');
        await options.getByLabel('Default token name').fill('{user}@{host}');
        await options.getByLabel('Default token name').blur();
        await options.getByLabel('Copy a new token to the clipboard at once').uncheck();
        await until(async () => (await options.locator('#options-status').innerText()) === 'Saved.', 'Saved.');
        const synced = await until(async () => {
          const synced = await options.evaluate(() => chrome.storage.sync.get(null));
          return synced.autoCopy === false && synced;
        }, 'the options in synced storage');
        assert.deepEqual(synced, { defaultExpiryDays: 7, tokenNameTemplate: '{user}@{host}', autoCopy: false });
        await options.close();
        await popup.close();

        const reopened = await openPopup(browser, tab);
        assert.equal(await reopened.getByLabel('Expires', { exact: true }).inputValue(), '7');
        assert.equal(await reopened.getByLabel('Token name').inputValue(), 'alice@127.0.0.1');
        assert.equal(await reopened.locator('#limit-note').isVisible(), false);
        await clipboard(browser, 'my own notes');
        await generate(reopened);
        assert.equal((await jenkins.tokens('alice'))[0].name, 'alice@127.0.0.1');
        assert.equal(await clipboard(browser), 'my own notes', 'not copied: the user said so');
      });
    } finally {
      await browser.close();
    }
  });
});
