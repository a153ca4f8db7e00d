// A mint the popup did not live to show, end to end in Chromium: the popup is closed while Jenkins
// holds back its answer (the emulator's delay fault), then opened again on the same tab. It must say
// first which token was probably made, find it in the list, and revoke it in one confirmed click; no
// other Jenkins or user is told, the record never holds a token, and a mint that ends on screen
// leaves no record.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  alertText,
  generate,
  localDate,
  logIn,
  matching,
  noticeText,
  onExtensionPage,
  openPopup,
  sharedBrowser,
  shownDate,
  shownToken,
  until,
  withEmulator,
  withPopup,
} from './harness.mjs';

const browser = sharedBrowser();

const HELD_BACK = 4000;

/** What the extension keeps in storage.session, read from one of its own pages. */
const sessionStorage = () => onExtensionPage(browser, (page) => page.evaluate(() => chrome.storage.session.get(null)));

const clearSessionStorage = () => onExtensionPage(browser, (page) => page.evaluate(() => chrome.storage.session.clear()));

/**
 * Holds back Jenkins' answer to the next mint, clicks `button` (a locator, or the name of one in the
 * popup), waits until Jenkins holds `count` tokens of alice's, then closes the popup.
 */
async function closeWhileMinting(jenkins, popup, button, count) {
  await jenkins.fault({ method: 'POST', path_contains: 'generateNewToken', mode: 'delay', delay_ms: HELD_BACK });
  await (typeof button === 'string' ? popup.getByRole('button', { name: button, exact: true }) : button).click();
  await until(async () => (await jenkins.tokens('alice')).length === count, 'the mint');
  await popup.close();
}

/** Opens the popup and waits until the notice has looked for the token. */
async function reopen(tab) {
  const popup = await openPopup(browser, tab);
  await popup.waitForFunction(() => {
    const finding = document.getElementById('interrupted-finding').textContent;
    return finding !== '' && finding !== 'Looking for it in your token list…';
  });
  return popup;
}

/** Whether a new popup on `tab` shows the notice of an interrupted action; the popup is closed again. */
async function noticeOn(tab) {
  const popup = await openPopup(browser, tab);
  const shown = await popup.locator('#interrupted').isVisible();
  await popup.close();
  return shown;
}

describe('the popup closes while a token is being made', () => {
  test('Generate: the next popup names the token, finds it, and revokes it after a confirmation', async () => {
    await clearSessionStorage();
    await withPopup(browser, ['--version', '2.555.1'], async ({ jenkins, tab, popup }) => {
      await popup.getByLabel('Token name').fill('never seen');
      await closeWhileMinting(jenkins, popup, 'Generate', 1);

      // What was written down, before the POST: where, who, which name, when. No token: the value
      // Jenkins minted (in its held-back answer) is nowhere in it.
      const stored = Object.values(await sessionStorage());
      assert.equal(stored.length, 1);
      const record = JSON.parse(stored[0]);
      assert.deepEqual(
        { root: record.root, user: record.user, name: record.name, action: record.action, day: record.day },
        { root: jenkins.root, user: 'alice', name: 'never seen', action: 'generate', day: localDate() },
      );
      await until(async () => (await jenkins.exchanges()).some((e) => e.response?.body.includes('tokenValue')), 'the answer');
      const answer = (await jenkins.exchanges()).find((e) => e.response?.body.includes('tokenValue'));
      const value = JSON.parse(answer.response.body).data.tokenValue;
      assert.ok(!stored[0].includes(value), 'the record holds no token');

      const again = await reopen(tab);
      assert.equal(await again.locator('#interrupted-title').innerText(), 'A token may not have been shown');
      assert.match(
        await again.locator('#interrupted-text').innerText(),
        /^A token named “never seen” was probably created at \d{1,2}:\d\d\s[AP]M, but the popup closed before showing it\.$/,
      );
      assert.equal(
        await again.locator('#interrupted-finding').innerText(),
        `It is in your token list, created ${shownDate()}. Nobody can see its value any more: revoke it, unless you want to keep it.`,
      );
      // Before anything else: the notice comes first in the popup.
      assert.equal(await again.evaluate(() => document.getElementById('app').firstElementChild.id), 'interrupted');
      assert.deepEqual(await again.locator('#interrupted button:visible').allInnerTexts(), ['Revoke it', 'Keep it']);

      await again.getByRole('button', { name: 'Revoke it' }).click();
      assert.match(await again.locator('#interrupted-confirm').innerText(), /Revoke it\? Anything using it stops working\./);
      await again.locator('#interrupted-revoke-yes').click();
      await again.waitForFunction(() => document.getElementById('interrupted-finding').textContent.startsWith('Revoked'));
      assert.equal(await again.locator('#interrupted-finding').innerText(), 'Revoked “never seen”: the token nobody saw is gone.');
      assert.deepEqual(await jenkins.tokens('alice'), [], 'revoked in Jenkins');
      assert.deepEqual(await jenkins.whoAmIWith('alice', value), { status: 401 });
      assert.deepEqual(await sessionStorage(), {}, 'the record is gone');
      await again.getByRole('button', { name: 'Dismiss' }).click();
      assert.equal(await again.locator('#interrupted').isVisible(), false);
      await again.close();

      // Told once: the next popup is plain.
      assert.equal(await noticeOn(tab), false);
    });
  });

  test('Keep it: the token stays, the record goes', async () => {
    await clearSessionStorage();
    await withPopup(browser, [], async ({ jenkins, tab, popup }) => {
      await closeWhileMinting(jenkins, popup, 'Generate', 1);
      const again = await reopen(tab);
      await again.getByRole('button', { name: 'Keep it' }).click();
      assert.equal(await again.locator('#interrupted').isVisible(), false);
      assert.equal((await jenkins.tokens('alice')).length, 1);
      await until(async () => Object.keys(await sessionStorage()).length === 0, 'the record to go');
      await again.close();
    });
  });

  test('a list that cannot be read: the notice links to the Security page and says what to look for', async () => {
    await clearSessionStorage();
    await withPopup(browser, [], async ({ jenkins, tab, popup }) => {
      await popup.getByLabel('Token name').fill('look for me');
      await closeWhileMinting(jenkins, popup, 'Generate', 1);
      await jenkins.fault({ method: 'GET', path_contains: '/security/', mode: 'replace', status: 500 });
      const again = await reopen(tab);
      assert.equal(
        await again.locator('#interrupted-finding').innerText(),
        `Your token list cannot be read here: on your Security page, look for a token named “look for me” created on ${shownDate()}, and revoke it there.`,
      );
      assert.equal(await again.locator('#interrupted-link').getAttribute('href'), `${jenkins.root}me/security/`);
      assert.deepEqual(await again.locator('#interrupted button:visible').allInnerTexts(), ['Dismiss']);
      await again.close();
    });
  });

  test('only the same Jenkins and the same user are told', async () => {
    await clearSessionStorage();
    await withEmulator([], async (other) => {
      await withPopup(browser, [], async ({ jenkins, tab, popup }) => {
        await closeWhileMinting(jenkins, popup, 'Generate', 1);

        // Another Jenkins (another origin), same user name.
        const elsewhere = await logIn(browser.context, other);
        assert.equal(await noticeOn(elsewhere), false);

        // Another user on the same Jenkins.
        const bob = await logIn(browser.context, jenkins, 'bob');
        assert.equal(await noticeOn(bob), false);
        assert.equal(Object.keys(await sessionStorage()).length, 1, 'the record waits for its owner');

        // Back as alice: told.
        const alice = await logIn(browser.context, jenkins, 'alice');
        const hers = await reopen(alice);
        assert.match(await hers.locator('#interrupted-text').innerText(), /was probably created at/);
        await hers.close();
        for (const page of [elsewhere, bob, alice]) await page.close();
      });
    });
  });

  test('a mint that ends on screen leaves no record', async () => {
    await clearSessionStorage();
    await withPopup(browser, [], async ({ tab, popup }) => {
      await generate(popup);
      assert.ok(await shownToken(popup));
      await until(async () => Object.keys(await sessionStorage()).length === 0, 'no record');
      await popup.close();
      assert.equal(await noticeOn(tab), false);
    });
  });

  test('Rotate: the next popup says which of the two tokens exist, and revokes the unseen one', async () => {
    await clearSessionStorage();
    await withEmulator(['--version', '2.555.1'], async (jenkins) => {
      await jenkins.control('users/alice/tokens', { name: 'deploy bot', created_days_ago: 40, expires_in_days: 50 });
      const tab = await logIn(browser.context, jenkins);
      const popup = await openPopup(browser, tab);
      await popup.getByRole('tab', { name: 'My tokens' }).click();
      await popup.waitForFunction(() => /^1 token/.test(document.getElementById('list-status').textContent));
      await popup.locator('.token-item').getByRole('button', { name: 'Rotate' }).click();
      await closeWhileMinting(jenkins, popup, popup.locator('.token-item .confirm').getByRole('button', { name: 'Rotate' }), 2);

      const again = await reopen(tab);
      assert.match(
        await again.locator('#interrupted-text').innerText(),
        /^Rotating “deploy bot” was interrupted at \d{1,2}:\d\d\s[AP]M: the popup closed before it was done\.$/,
      );
      assert.equal(
        await again.locator('#interrupted-finding').innerText(),
        `Both tokens exist: the old “deploy bot” still works, and its successor (created ${shownDate()}) was never shown. Revoke the successor, then rotate again.`,
      );
      const before = await jenkins.tokens('alice');
      await again.getByRole('button', { name: 'Revoke it' }).click();
      await again.locator('#interrupted-revoke-yes').click();
      await again.waitForFunction(() => document.getElementById('interrupted-finding').textContent.startsWith('Revoked'));
      const after = await jenkins.tokens('alice');
      assert.equal(after.length, 1);
      assert.equal(after[0].expiration, before.find((token) => token.uuid === after[0].uuid).expiration);
      assert.equal(after[0].created.slice(0, 10) < localDate(), true, 'the old token is the one kept');
      await again.close();
      await tab.close();
    });
  });

  test('legacy Change: the next popup says the old token may no longer work', async () => {
    await clearSessionStorage();
    await withEmulator(['--version', '2.100'], async (jenkins) => {
      const { value: old } = await jenkins.control('users/alice/legacy-token', {});
      const tab = await logIn(browser.context, jenkins);
      const popup = await openPopup(browser, tab);
      await jenkins.fault({ method: 'POST', path_contains: 'changeToken', mode: 'delay', delay_ms: HELD_BACK });
      await popup.getByRole('button', { name: 'Change it…' }).click();
      await popup.getByRole('button', { name: 'Change', exact: true }).click();
      await until(async () => (await jenkins.whoAmIWith('alice', old)).status === 401, 'the change');
      await popup.close();

      const again = await openPopup(browser, tab);
      await again.waitForFunction(() => !document.getElementById('interrupted').hidden);
      assert.match(
        await again.locator('#interrupted-text').innerText(),
        /^Changing your legacy token was interrupted at \d{1,2}:\d\d\s[AP]M: the popup closed before showing the new one, and the old token may no longer work\. Show your legacy token to read the one Jenkins has now\.$/,
      );
      await again.getByRole('button', { name: 'Dismiss' }).click();
      await until(async () => Object.keys(await sessionStorage()).length === 0, 'the record to go');
      await again.close();
      await tab.close();
    });
  });
});

/** Makes Jenkins' next answer to Generate go missing (`fault`: a fault of the emulator's), names the token, clicks Generate. */
async function loseTheAnswer(jenkins, popup, name, fault) {
  await popup.getByLabel('Token name').fill(name);
  await jenkins.fault({ method: 'POST', path_contains: 'generateNewToken', ...fault });
  await generate(popup);
}

const FOUND = /^Jenkins created “(.+)” at \d{1,2}:\d\d\s[AP]M, but its answer was lost: nobody can see its value\. Revoke it, unless you want to keep it\.$/;

describe("Jenkins' answer to Generate is lost", () => {
  test('a 504 after Jenkins stored the token: named at once, and Revoke it revokes exactly that token', async () => {
    await clearSessionStorage();
    await withPopup(browser, [], async ({ jenkins, popup }) => {
      // Another token, and one of the same name from yesterday: neither may be touched.
      await jenkins.control('users/alice/tokens', { name: 'ci bot', created_days_ago: 3 });
      await jenkins.control('users/alice/tokens', { name: 'nightly', created_days_ago: 1 });
      await loseTheAnswer(jenkins, popup, 'nightly', { mode: 'replace_after', status: 504, body: '<html><h1>504 Gateway Time-out</h1></html>' });
      const [what, finding] = await noticeText(popup);
      assert.equal(what, 'Jenkins answered with an error (HTTP 504).');
      assert.match(finding, FOUND);
      assert.equal(await alertText(popup), null, 'the notice says it, not an alert');
      assert.deepEqual(await popup.locator('#interrupted button:visible').allInnerTexts(), ['Revoke it', 'Keep it']);
      // The outcome is not settled: the record stays, so a popup closed now names the token next time.
      assert.equal(Object.keys(await sessionStorage()).length, 1);

      const made = (await jenkins.tokens('alice')).filter((t) => t.name === 'nightly' && t.created.slice(0, 10) === new Date().toISOString().slice(0, 10));
      assert.equal(made.length, 1);
      await popup.getByRole('button', { name: 'Revoke it' }).click();
      await popup.locator('#interrupted-revoke-yes').click();
      await popup.waitForFunction(() => document.getElementById('interrupted-finding').textContent.startsWith('Revoked'));
      assert.equal(await popup.locator('#interrupted-finding').innerText(), 'Revoked “nightly”: the token nobody saw is gone.');
      const left = await jenkins.tokens('alice');
      assert.deepEqual(left.map((t) => t.name).sort(), ['ci bot', 'nightly']);
      assert.ok(!left.some((t) => t.uuid === made[0].uuid), 'the token made by this click is the one revoked');
      assert.deepEqual(await sessionStorage(), {}, 'the record is gone');
    });
  });

  test('a 500 after storing: found; Keep it leaves it, and the record goes', async () => {
    await clearSessionStorage();
    await withPopup(browser, [], async ({ jenkins, popup }) => {
      await loseTheAnswer(jenkins, popup, 'kept', { mode: 'replace_after', status: 500, body: '<html>Oops</html>' });
      const [what, finding] = await noticeText(popup);
      assert.equal(what, 'Jenkins answered with an error (HTTP 500).');
      assert.match(finding, FOUND);
      await popup.getByRole('button', { name: 'Keep it' }).click();
      assert.equal(await popup.locator('#interrupted').isVisible(), false);
      assert.deepEqual((await jenkins.tokens('alice')).map((t) => t.name), ['kept']);
      await until(async () => Object.keys(await sessionStorage()).length === 0, 'the record to go');
    });
  });

  test('a connection cut mid-answer: found, and revoked on request', async () => {
    await clearSessionStorage();
    await withPopup(browser, [], async ({ jenkins, popup }) => {
      await loseTheAnswer(jenkins, popup, 'cut off', { mode: 'cut_after' });
      assert.match((await noticeText(popup))[0], /^The connection to Jenkins broke \(.+\)\.$/);
      assert.match((await noticeText(popup))[1], FOUND);
      await popup.getByRole('button', { name: 'Revoke it' }).click();
      await popup.locator('#interrupted-revoke-yes').click();
      await popup.waitForFunction(() => document.getElementById('interrupted-finding').textContent.startsWith('Revoked'));
      assert.deepEqual(await jenkins.tokens('alice'), []);
    });
  });

  test('a 504 where nothing was stored: the popup says no token was created', async () => {
    await clearSessionStorage();
    await withPopup(browser, [], async ({ jenkins, popup }) => {
      await jenkins.control('users/alice/tokens', { name: 'same name', created_days_ago: 1 });
      await loseTheAnswer(jenkins, popup, 'same name', { mode: 'replace', status: 504, body: '<html><h1>504 Gateway Time-out</h1></html>' });
      assert.deepEqual(await noticeText(popup), [
        'Jenkins answered with an error (HTTP 504).',
        'No token named “same name” was created: you can generate again.',
      ]);
      assert.deepEqual(await popup.locator('#interrupted button:visible').allInnerTexts(), ['Dismiss']);
      assert.equal((await jenkins.tokens('alice')).length, 1, "yesterday's token is not taken for this click's");
      await until(async () => Object.keys(await sessionStorage()).length === 0, 'the record to go');
      await generate(popup);
      assert.ok(await shownToken(popup), 'generating again works at once');
    });
  });

  test('while the notice is open, Generate with the same name takes a second click', async () => {
    await clearSessionStorage();
    await withPopup(browser, [], async ({ jenkins, popup }) => {
      await loseTheAnswer(jenkins, popup, 'twice?', { mode: 'replace_after', status: 504 });
      assert.match((await noticeText(popup))[1], FOUND);
      await jenkins.control('reset', {});
      await popup.getByRole('button', { name: 'Generate' }).click();
      await popup.getByRole('alert').waitFor();
      assert.equal(await alertText(popup), 'A token named “twice?” was just made: see above. Click Generate again to make another one.');
      assert.deepEqual(matching(await jenkins.requests(), 'POST', 'generateNewToken'), [], 'no request');
      await generate(popup);
      assert.ok(await shownToken(popup), 'the second click is a decision');
      assert.equal(matching(await jenkins.requests(), 'POST', 'generateNewToken').length, 1);
      assert.equal((await jenkins.tokens('alice')).length, 2);
    });
  });

  test('a list that cannot be read: today’s sentence and link, and the record goes', async () => {
    await clearSessionStorage();
    await withPopup(browser, [], async ({ jenkins, popup }) => {
      await jenkins.fault({ method: 'GET', path_contains: '/security/', mode: 'replace', status: 500 });
      await loseTheAnswer(jenkins, popup, 'unlisted', { mode: 'replace_after', status: 504 });
      assert.equal(
        await alertText(popup),
        'Jenkins answered with an error (HTTP 504). A token named “unlisted” may have been created anyway: if it is in your token list, revoke it.\nOpen your tokens',
      );
      assert.equal(await popup.locator('#interrupted').isVisible(), false);
      await until(async () => Object.keys(await sessionStorage()).length === 0, 'the record to go');
    });
  });

  test('the popup closed during the lookup: the next one still names the token', async () => {
    await clearSessionStorage();
    await withPopup(browser, [], async ({ jenkins, tab, popup }) => {
      await jenkins.fault({ method: 'GET', path_contains: '/security/', mode: 'delay', delay_ms: HELD_BACK });
      await popup.getByLabel('Token name').fill('looked for');
      await jenkins.fault({ method: 'POST', path_contains: 'generateNewToken', mode: 'replace_after', status: 504 });
      await popup.locator('#generate').click();
      await popup.waitForFunction(() => document.getElementById('interrupted').getAttribute('aria-busy') === 'true');
      await popup.close();
      assert.equal(Object.keys(await sessionStorage()).length, 1, 'the record outlives the popup');
      const again = await reopen(tab);
      assert.match(await again.locator('#interrupted-text').innerText(), /^A token named “looked for” was probably created at /);
      assert.match(await again.locator('#interrupted-finding').innerText(), /^It is in your token list, created /);
      await again.close();
    });
  });

  test('however many tokens one click made (Chromium resends a POST on a dropped connection), the popup names them all', async () => {
    await clearSessionStorage();
    await withPopup(browser, [], async ({ jenkins, popup }) => {
      // Every connection closes before any answer: Chromium sends the POST again on its own while it
      // was a reused one, and each attempt makes a token.
      await loseTheAnswer(jenkins, popup, 'resent', { mode: 'drop_after', times: 10 });
      const made = (await jenkins.tokens('alice')).length;
      assert.equal(matching(await jenkins.requests(), 'POST', 'generateNewToken').length, made, 'one token per attempt');
      const finding = (await noticeText(popup))[1];
      if (made === 1) assert.match(finding, FOUND);
      else assert.match(finding, new RegExp(`^Jenkins created ${made} tokens named “resent” since .+ \\(the browser sent the request again\\)`));
      await popup.getByRole('button', { name: made === 1 ? 'Revoke it' : 'Revoke them' }).click();
      await popup.locator('#interrupted-revoke-yes').click();
      await popup.waitForFunction(() => document.getElementById('interrupted-finding').textContent.startsWith('Revoked'));
      assert.deepEqual(await jenkins.tokens('alice'), [], 'every one of them');
    });
  });
});
