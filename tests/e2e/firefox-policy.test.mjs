// The administrator's policy in Firefox: policies.json under /etc/firefox/policies/ (root only, as CI
// runs) with the extension's settings under "3rdparty" → "Extensions". The copy under test has its own
// add-on id, so a file left behind by a crashed run reaches no other suite; the file is removed after.
// Firefox hands managed storage the policy's values as written, so here the core itself meets values
// of the wrong type, which Chromium drops (docs/deploying.md, "The rules").
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { launchFirefox } from './firefox-harness.mjs';
import { withEmulator } from './harness.mjs';

const ADDON_ID = 'jenkins-api-token-policy-test@jenkins-api-token.github.io';
const POLICY_FILE = '/etc/firefox/policies/policies.json';

const listed = (page, selector) => page.$$eval(selector, (items) => items.map((item) => item.textContent.trim()));
const text = (page, id) => page.evaluate((id) => document.getElementById(id).textContent, id);

test('Firefox: a policy of the wrong types resolves to the stricter rule, with a note for each', async () => {
  assert.ok(!existsSync(POLICY_FILE), `${POLICY_FILE} exists already: this test would replace the machine's policy`);
  const policy = { maxExpiryDays: 'ninety', allowedJenkins: 'https://ci.example.com/', allowMintForOthers: 'no', defaultExpiryDays: 30 };
  await mkdir(path.dirname(POLICY_FILE), { recursive: true });
  await writeFile(POLICY_FILE, JSON.stringify({ policies: { '3rdparty': { Extensions: { [ADDON_ID]: policy } } } }));
  let firefox;
  try {
    firefox = await launchFirefox({ addonId: ADDON_ID });
    await withEmulator([], async (jenkins) => {
      const tab = await firefox.logIn(jenkins);
      const before = (await jenkins.requests()).length;
      const popup = await firefox.openPopup(tab);
      assert.deepEqual(await popup.evaluate(() => browser.storage.managed.get(null)), policy, 'Firefox passes the values as written');
      assert.equal(
        (await text(popup, 'alert-text')).trim(),
        `Your organisation has not enabled this extension for ${jenkins.root}, so it sends nothing there. Ask your administrator to add it.`,
      );
      assert.deepEqual((await jenkins.requests()).slice(before), [], 'an allowed-Jenkins value that is not a list enables it nowhere');

      const options = await firefox.openOptions(tab);
      assert.deepEqual(await listed(options, '#policy-notes-list li'), [
        'maxExpiryDays: could not be read, so the strictest rule applies.',
        'allowedJenkins: not a list, so the extension works on no Jenkins until it is fixed.',
        'allowMintForOthers: could not be read, so the strictest rule applies.',
        'defaultExpiryDays: longer than the limit, so 7 days.',
      ]);
      assert.deepEqual(await listed(options, '#organisation-rules li'), [
        'Tokens live at most 7 days.',
        'The extension works on no Jenkins.',
        'Making tokens for other users is switched off.',
      ]);
      assert.equal(await options.$eval('#option-lifetime', (select) => select.value), '7', 'the default is capped');
      assert.equal(await options.$eval('#option-lifetime', (select) => select.disabled), true);
    });
  } finally {
    await firefox?.close();
    rmSync(POLICY_FILE, { force: true });
  }
});
