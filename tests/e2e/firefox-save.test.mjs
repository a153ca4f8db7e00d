// "Save to this computer…" in Firefox, through the same native host and the same messages as in
// Chromium (save.test.mjs): Firefox runs with HOME set to a temporary folder and finds the host's
// manifest, written by `jenkins-api-token-host install --browser firefox --manifest-dir`, in
// ~/.mozilla/native-messaging-hosts/ there. The test copy lists `nativeMessaging` among its
// permissions, standing for the user's grant.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ADDON_ID, launchFirefox } from './firefox-harness.mjs';
import { ROOT, withEmulator } from './harness.mjs';
import { saveTo, savedFiles, useSavedFiles } from './native-host.mjs';

const HOST = process.env.NATIVE_HOST_BIN ?? path.join(ROOT, 'target/release/jenkins-api-token-host');

let firefox;
let home;
before(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'jat-home-'));
  const env = { ...process.env, HOME: home };
  const dir = path.join(home, '.mozilla/native-messaging-hosts');
  execFileSync(HOST, ['install', '--browser', 'firefox', '--manifest-dir', dir], { env });
  assert.ok(JSON.parse(readFileSync(path.join(dir, 'jenkins_api_token.json'), 'utf8')).allowed_extensions.includes(ADDON_ID));
  firefox = await launchFirefox({ extraPermissions: ['nativeMessaging'], env });
});
after(async () => {
  await firefox?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

const text = (page, id) => page.evaluate((id) => document.getElementById(id).textContent, id);

test('Firefox: mint, save into each file, use each with its tool; nothing on the clipboard; 0600', async () => {
  await withEmulator([], async (jenkins) => {
    const tab = await firefox.logIn(jenkins);
    const popup = await firefox.openPopup(tab);
    await popup.evaluate(() => navigator.clipboard.writeText('my own notes'));
    await popup.click('#generate');
    await popup.waitForFunction(() => document.getElementById('copy-status').textContent !== '');
    assert.equal(await text(popup, 'copy-status'), 'Not copied: save it to this computer below, or press Copy.');
    await popup.click('#save-open');
    await popup.waitForFunction(() => !document.getElementById('save-choose').hidden);
    const port = new URL(jenkins.root).port;
    assert.equal(await saveTo(popup, 'netrc'), 'Saved: a new entry in ~/.netrc (machine 127.0.0.1). The token is hidden now.');
    assert.equal(await popup.evaluate(() => document.getElementById('token-value').type), 'password', 'hidden at once');
    for (const target of ['jenkins_jobs', 'jcli', 'env']) {
      assert.match(await saveTo(popup, target), /^Saved: a new entry in ~\//, target);
    }
    for (const file of savedFiles(home, port)) {
      assert.equal(statSync(file).mode & 0o777, 0o600, `${file} is 0600`);
    }
    assert.deepEqual(useSavedFiles(home, port, jenkins.root), { netrc: 'alice', env: 'alice', jenkinsJobs: 'alice', jcli: 'alice' });
    assert.equal(await popup.evaluate(() => navigator.clipboard.readText()), 'my own notes', 'the clipboard was never written');
    await popup.close();
    await tab.close();
  });
});
