// The clipboard is cleared a while after the popup copied a token (or a snippet holding one), only if
// it still holds that, whether or not the popup is still open: end to end in Chromium, where a service
// worker hands the job to an offscreen document. The test copy holds the optional clipboard permissions
// from the start (headless Chromium cannot answer a permission prompt); the checkbox still has to be
// ticked, as a user would, before anything is cleared.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { generate, onExtensionPage, openPopup, sharedBrowser, shownToken, withPopup } from './harness.mjs';

const browser = sharedBrowser({ extraPermissions: ['clipboardWrite', 'offscreen'] });

const CLEAR_AFTER = 1500;

/** Reads (or, given `text`, writes) the clipboard from an extension page, as another copy would. */
function clipboard(text) {
  return onExtensionPage(browser, (page) =>
    text === undefined ? page.evaluate(() => navigator.clipboard.readText()) : page.evaluate((text) => navigator.clipboard.writeText(text), text),
  );
}

const later = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the clipboard is empty, for at most the delay and 3 s more: Chromium runs the timers of
 * a hidden page (the offscreen document) up to a second late. Answers what the clipboard held last.
 */
function clearedInTime() {
  return onExtensionPage(browser, async (page) => {
    const deadline = Date.now() + CLEAR_AFTER + 3000;
    let text;
    do {
      text = await page.evaluate(() => navigator.clipboard.readText());
      if (text === '') return text;
      await later(100);
    } while (Date.now() < deadline);
    return text;
  });
}
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Every message the popup sends to the extension's background, recorded in the page. */
function recordMessages() {
  globalThis.sentMessages = [];
  const send = chrome.runtime.sendMessage.bind(chrome.runtime);
  chrome.runtime.sendMessage = (message, ...rest) => {
    globalThis.sentMessages.push(JSON.stringify(message));
    return send(message, ...rest);
  };
}

const status = (popup) => popup.locator('#copy-status').innerText();
const checkbox = (popup) => popup.getByLabel('Clear the clipboard after 1 minute');

/** Runs `body` with a popup (clearing after `CLEAR_AFTER`) that has just made a token, and the token. */
function withNewToken(body, options = {}) {
  const afterGenerate = async (opened) => {
    await generate(opened.popup);
    await body({ ...opened, token: await shownToken(opened.popup) });
  };
  return withPopup(browser, [], afterGenerate, { clear: CLEAR_AFTER, ...options });
}

describe('clearing the clipboard', () => {
  test('off until ticked; once ticked, the token is cleared after the delay with the popup closed', () =>
    withNewToken(
      async ({ popup, token }) => {
        await popup.waitForFunction(() => document.getElementById('copy-status').textContent !== '');
        assert.equal(await status(popup), 'Copied to the clipboard.');
        assert.equal(await checkbox(popup).isChecked(), false);

        await checkbox(popup).check();
        await popup.waitForFunction(() => document.getElementById('copy-status').textContent.startsWith('It will be cleared'));
        assert.match(await status(popup), /^It will be cleared at \d{1,2}:\d\d\s[AP]M, unless you copy something else first\.$/);
        // The worker got a hash of what was copied, never the token.
        const sent = await popup.evaluate(() => globalThis.sentMessages);
        assert.deepEqual(sent.map((message) => JSON.parse(message)), [
          { type: 'clear-clipboard-later', hash: sha256(token), delayMs: CLEAR_AFTER },
        ]);
        assert.ok(!sent.some((message) => message.includes(token)));

        await popup.close();
        assert.equal(await clipboard(), token, 'still there before the delay');
        assert.equal(await clearedInTime(), '', 'cleared with the popup closed');
      },
      { initScript: recordMessages },
    ));

  test('remembered: the next token is cleared without asking, and the popup says when', () =>
    withNewToken(async ({ popup, token }) => {
      await popup.waitForFunction(() => document.getElementById('copy-status').textContent.includes('cleared at'));
      assert.match(await status(popup), /^Copied to the clipboard\. It will be cleared at \d{1,2}:\d\d\s[AP]M, unless you copy something else first\.$/);
      assert.equal(await checkbox(popup).isChecked(), true);
      assert.equal(await clipboard(), token);
      assert.equal(await clearedInTime(), '', 'cleared with the popup still open');
      await popup.close();
    }));

  test('something the user copied meanwhile is never cleared', () =>
    withNewToken(async ({ popup }) => {
      await popup.waitForFunction(() => document.getElementById('copy-status').textContent.includes('cleared at'));
      await popup.close();
      await clipboard('my own notes');
      await later(CLEAR_AFTER + 3000);
      assert.equal(await clipboard(), 'my own notes');
    }));

  test('a copied snippet holding the token is cleared too', () =>
    withNewToken(async ({ jenkins, popup, token }) => {
      await popup.getByRole('button', { name: 'Copy the curl snippet' }).click();
      await popup.waitForFunction(() => document.getElementById('copy-status').textContent.startsWith('Copied the curl'));
      assert.match(await status(popup), /^Copied the curl snippet, with the token in it\. It will be cleared at \d{1,2}:\d\d\s[AP]M/);
      assert.equal(await clipboard(), `curl -fsS -u 'alice:${token}' '${jenkins.root}whoAmI/api/json'`);
      await popup.close();
      assert.equal(await clearedInTime(), '');
    }));

  test('unticked: nothing is cleared any more', () =>
    withNewToken(async ({ tab, popup }) => {
      await popup.waitForFunction(() => document.getElementById('copy-status').textContent.includes('cleared at'));
      await checkbox(popup).uncheck();
      assert.equal(await status(popup), 'The clipboard will not be cleared.');
      await popup.close();

      const next = await openPopup(browser, tab, { clear: CLEAR_AFTER });
      await generate(next);
      const token = await shownToken(next);
      await next.waitForFunction(() => document.getElementById('copy-status').textContent !== '');
      assert.equal(await status(next), 'Copied to the clipboard.');
      await next.close();
      await later(CLEAR_AFTER + 3000);
      assert.equal(await clipboard(), token);
    }));
});
