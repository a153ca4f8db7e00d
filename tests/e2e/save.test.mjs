// "Save to this computer…" end to end in Chromium, through the real native host (docs/native-host.md):
// the browser runs with HOME set to a temporary folder, and its profile holds the host manifest that
// `jenkins-api-token-host install --manifest-dir` writes. The test copy lists `nativeMessaging` among
// its permissions, standing for the user's grant (headless Chromium cannot answer the prompt).
// Each file the popup saves into is then used as its tool uses it: curl reads ~/.netrc, the env file
// is sourced by sh, jenkins_jobs.ini is read by Python's configparser and ~/.jenkins-cli.yaml by PyYAML;
// each login authenticates against the emulator as alice.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, generate, onExtensionPage, sharedBrowser, shownToken, until, withPopup } from './harness.mjs';
import { saveTo, savedFiles, useSavedFiles } from './native-host.mjs';

const HOST = process.env.NATIVE_HOST_BIN ?? path.join(ROOT, 'target/release/jenkins-api-token-host');
const home = await mkdtemp(path.join(tmpdir(), 'jat-home-'));
const env = { ...process.env, HOME: home };
let manifest;

const browser = sharedBrowser({
  extraPermissions: ['nativeMessaging'],
  env,
  async setUpProfile(profile) {
    const dir = path.join(profile, 'NativeMessagingHosts');
    execFileSync(HOST, ['install', '--browser', 'chromium', '--manifest-dir', dir], { env });
    manifest = path.join(dir, 'jenkins_api_token.json');
  },
});

/** Reads (or, given `text`, writes) the clipboard from an extension page. */
function clipboard(text) {
  return onExtensionPage(browser, (page) =>
    text === undefined ? page.evaluate(() => navigator.clipboard.readText()) : page.evaluate((text) => navigator.clipboard.writeText(text), text),
  );
}

/** Counts, in the popup, every way a page writes the clipboard. */
function countClipboardWrites() {
  globalThis.clipboardWrites = 0;
  const writeText = navigator.clipboard.writeText.bind(navigator.clipboard);
  navigator.clipboard.writeText = (text) => {
    globalThis.clipboardWrites += 1;
    return writeText(text);
  };
  const execCommand = document.execCommand.bind(document);
  document.execCommand = (command, ...rest) => {
    if (/copy|cut/i.test(command)) globalThis.clipboardWrites += 1;
    return execCommand(command, ...rest);
  };
}

describe('save to this computer', () => {
  test('mint, save into each file, use each with its tool; nothing on the clipboard; 0600; the token hidden', async () => {
    assert.equal(JSON.parse(readFileSync(manifest, 'utf8')).allowed_origins.includes(`chrome-extension://${browser.extensionId}/`), true);
    await clipboard('my own notes');
    await withPopup(
      browser,
      [],
      async ({ jenkins, popup }) => {
        await generate(popup);
        const token = await shownToken(popup);
        await popup.waitForFunction(() => document.getElementById('copy-status').textContent !== '');
        assert.equal(await popup.locator('#copy-status').innerText(), 'Not copied: save it to this computer below, or press Copy.');

        await popup.getByRole('button', { name: 'Save to this computer…' }).click();
        await popup.waitForFunction(() => !document.getElementById('save-choose').hidden);
        const port = new URL(jenkins.root).port;
        const offered = (popup) =>
          popup.$$eval('#save-targets li', (items) => items.map((item) => item.textContent.replace(/\s+/g, ' ').trim()));
        assert.deepEqual(await offered(popup), [
          '~/.netrc curl, wget, Python requests creates the file',
          '~/.config/jenkins_jobs/jenkins_jobs.ini Jenkins Job Builder creates the file',
          '~/.jenkins-cli.yaml jcli creates the file',
          `~/.config/jenkins-api-token/127.0.0.1_${port}.env jenkins-cli.jar, shell creates the file`,
        ]);

        assert.equal(
          await saveTo(popup, 'netrc'),
          'Saved: a new entry in ~/.netrc (machine 127.0.0.1). The token is hidden now.',
        );
        assert.equal(await popup.locator('#token-value').getAttribute('type'), 'password', 'hidden at once');
        assert.equal(await popup.getByRole('button', { name: 'Show' }).isVisible(), true);
        assert.equal(
          await saveTo(popup, 'jenkins_jobs'),
          'Saved: a new entry in ~/.config/jenkins_jobs/jenkins_jobs.ini ([jenkins] user, password, url). The token is hidden now.',
        );
        assert.equal(
          await saveTo(popup, 'jcli'),
          'Saved: a new entry in ~/.jenkins-cli.yaml (jenkins_servers entry "127.0.0.1", made current). The token is hidden now.',
        );
        assert.equal(
          await saveTo(popup, 'env'),
          `Saved: a new entry in ~/.config/jenkins-api-token/127.0.0.1_${port}.env (JENKINS_URL, JENKINS_USER_ID, JENKINS_API_TOKEN). The token is hidden now.`,
        );
        assert.equal(await saveTo(popup, 'netrc'), 'Saved: the entry in ~/.netrc is replaced (machine 127.0.0.1). The token is hidden now.');
        assert.match((await offered(popup))[0], /replaces the entry for 127\.0\.0\.1$/);

        for (const file of savedFiles(home, port)) {
          assert.equal(statSync(file).mode & 0o777, 0o600, `${file} is 0600`);
        }
        assert.deepEqual(await useSavedFiles(home, port, jenkins.root), { netrc: 'alice', env: 'alice', jenkinsJobs: 'alice', jcli: 'alice' });
        assert.equal(readFileSync(path.join(home, '.netrc'), 'utf8').includes(token), true);

        assert.equal(await popup.evaluate(() => globalThis.clipboardWrites), 0, 'the popup never wrote the clipboard');
        assert.equal(await clipboard(), 'my own notes');
      },
      { initScript: countClipboardWrites },
    );
  });

  test('a ~/.netrc that is a link out of the home folder is refused, with the reason, and nothing is written', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'jat-outside-'));
    const target = path.join(outside, 'netrc');
    await writeFile(target, 'machine elsewhere login x password y\n');
    await rm(path.join(home, '.netrc'), { force: true });
    await symlink(target, path.join(home, '.netrc'));
    try {
      await withPopup(browser, [], async ({ popup }) => {
        await generate(popup);
        await popup.getByRole('button', { name: 'Save to this computer…' }).click();
        await popup.waitForFunction(() => !document.getElementById('save-choose').hidden);
        assert.equal(
          await saveTo(popup, 'netrc'),
          'Not saved: ~/.netrc leads out of your home folder (a link to elsewhere); the host writes only inside it, so it is left as it is.',
        );
        assert.equal(await popup.locator('#token-value').getAttribute('type'), 'text', 'still shown: nothing was saved');
      });
      assert.equal(await readFile(target, 'utf8'), 'machine elsewhere login x password y\n');
      assert.equal(lstatSync(path.join(home, '.netrc')).isSymbolicLink(), true);
    } finally {
      await rm(path.join(home, '.netrc'), { force: true });
      await rm(outside, { recursive: true, force: true });
    }
  });

  test('the options page shows the permission as granted', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const saving = options.getByLabel('Allow saving new tokens to this computer');
    await until(() => saving.isChecked(), 'the box ticked once the grant is known');
    assert.equal(await saving.isEnabled(), true);
    await options.close();
  });

  test('without the host installed: one line, and the two commands that install it', async () => {
    const installed = await readFile(manifest);
    await rm(manifest);
    try {
      await withPopup(browser, [], async ({ jenkins, popup }) => {
        await generate(popup);
        await popup.getByRole('button', { name: 'Save to this computer…' }).click();
        await popup.waitForFunction(() => !document.getElementById('save-install').hidden);
        assert.equal(
          await popup.locator('#save-status').innerText(),
          'Saving needs a small program that is not installed on this computer. Install it with these two commands, then try again:',
        );
        assert.deepEqual((await popup.locator('#save-install').innerText()).split('\n'), [
          'cargo install --locked --git https://github.com/jenkins-api-token/jenkins-api-token jenkins-api-token-host',
          'jenkins-api-token-host install',
        ]);
        assert.equal(await popup.locator('#save-choose').isVisible(), false);
        assert.equal((await jenkins.tokens('alice')).length, 1, 'the token itself is there');
      });
    } finally {
      await mkdir(path.dirname(manifest), { recursive: true });
      await writeFile(manifest, installed);
    }
  });
});

process.once('exit', () => execFileSync('rm', ['-rf', home]));
