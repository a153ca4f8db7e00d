// The popup in the user's language: Chromium started with --lang=<locale> serves that locale's
// messages.json to chrome.i18n. In German and Japanese: every label, a new token, a failure and the
// token list, with screenshots; dates in the user's format although Jenkins is asked in English; a
// list of names as the language writes it. In Russian: counts in their plural forms. In every locale
// that ships: nothing wider than the 380 px popup.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { DIST, generate, launchBrowser, localDate, logIn, openPopup, screenshot, withEmulator } from './harness.mjs';

const LOCALES = path.join(DIST, '_locales');
const catalog = async (locale) => JSON.parse(await readFile(path.join(LOCALES, locale, 'messages.json'), 'utf8'));

/** A message with its arguments, as chrome.i18n.getMessage renders it. */
function sentence(messages, key, args = []) {
  const entry = messages[key];
  assert.ok(entry, `no message ${key}`);
  const declared = (name) => entry.placeholders?.[name.toLowerCase()]?.content ?? '';
  return entry.message
    .replace(/\$([A-Za-z0-9_@]+)\$/g, (_, name) => declared(name))
    .replace(/\$(\d)/g, (_, n) => args[n - 1] ?? '')
    .replace(/\$\$/g, '$');
}

/** A counted phrase (`count_tokens`) in the plural form the language gives `count` (`Intl.PluralRules`). */
const counted = (messages, family, count, tag) =>
  sentence(messages, `${family}_${new Intl.PluralRules(tag).select(count)}`, [String(count)]);

/** A local date `days` from today as the popup writes it in `locale` (a BCP 47 tag). */
function dateIn(locale, days = 0) {
  const [year, month, day] = localDate(days).split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(year, month - 1, day));
}

/** Runs `body(browser)` in a Chromium whose language is `locale` (a _locales folder name). */
async function inLanguage(locale, body) {
  const browser = await launchBrowser({ args: [`--lang=${locale.replace('_', '-')}`] });
  try {
    await body(browser);
  } finally {
    await browser.close();
  }
}

/** Every shown element whose text comes from the messages: [key, text], labels and placeholders too. */
const labelsShown = (page) =>
  page.evaluate(() => {
    const shown = (element) => !element.closest('[hidden]') && element.getClientRects().length > 0;
    const found = [];
    for (const element of document.querySelectorAll('[data-i18n]')) {
      if (shown(element)) found.push([element.dataset.i18n, element.textContent.trim()]);
    }
    for (const element of document.querySelectorAll('[data-i18n-placeholder]')) {
      if (shown(element)) found.push([element.dataset.i18nPlaceholder, element.placeholder]);
    }
    return found;
  });

async function assertLabelsIn(page, messages, state) {
  const labels = await labelsShown(page);
  assert.ok(labels.length > 0, `${state}: labels shown`);
  for (const [key, text] of labels) assert.equal(text, sentence(messages, key), `${state}: ${key}`);
}

/** Elements that stick out of the popup, or whose own text is cut off (not those that scroll by design). */
const overflowing = (page) =>
  page.evaluate(() => {
    const bounds = document.body.getBoundingClientRect();
    const found = [];
    for (const element of document.body.querySelectorAll('*')) {
      if (element.closest('[hidden]') || element.getClientRects().length === 0) continue;
      const box = element.getBoundingClientRect();
      const name = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className ? `.${element.className}` : ''}`;
      if (box.right > bounds.right + 0.5 || box.left < bounds.left - 0.5) found.push(`${name} sticks out (${box.left}–${box.right} of ${bounds.left}–${bounds.right})`);
      const style = getComputedStyle(element);
      const scrolls = ['auto', 'scroll'].includes(style.overflowX) || element.matches('input, textarea, select');
      if (!scrolls && element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 1) {
        found.push(`${name} cut off (${element.scrollWidth} > ${element.clientWidth}): ${element.textContent.trim().slice(0, 60)}`);
      }
    }
    return found;
  });

for (const [locale, tag] of [
  ['de', 'de'],
  ['ja', 'ja'],
]) {
  test(`in ${locale}: labels, a new token, a failure and the token list, dates in ${tag}`, async () => {
    const messages = await catalog(locale);
    await inLanguage(locale, async (browser) => {
      await withEmulator(['--anonymous-read'], async (jenkins) => {
        const tab = await logIn(browser.context, jenkins);
        const popup = await openPopup(browser, tab);
        await popup.locator('#advanced').evaluate((details) => (details.open = true));
        await assertLabelsIn(popup, messages, 'the form');
        assert.equal(await popup.locator('#token-expiry option[value="30"]').innerText(), sentence(messages, 'expiry_30'));
        await popup.locator('#advanced').evaluate((details) => (details.open = false));
        await screenshot(popup, `${locale}-form.png`);

        await generate(popup);
        await assertLabelsIn(popup, messages, 'the new token');
        assert.equal(await popup.locator('#result-title').innerText(), sentence(messages, 'result_title'));
        // Jenkins answers in English when asked so; the popup writes the date as the user reads it.
        assert.equal(await popup.locator('#token-expiry-note').innerText(), sentence(messages, 'expiry_note', [dateIn(tag, 30)]));
        await screenshot(popup, `${locale}-token.png`);

        await popup.locator('#tab-list').click();
        await popup.waitForFunction(() => document.getElementById('list-status').textContent !== '' && !document.getElementById('token-list').closest('[hidden]'));
        const oneToken = sentence(messages, 'list_summary', [counted(messages, 'count_tokens', 1, tag)]);
        await popup.waitForFunction((text) => document.getElementById('list-status').textContent === text, oneToken);
        const facts = await popup.locator('.token-facts').innerText();
        assert.ok(facts.startsWith(sentence(messages, 'fact_created', [dateIn(tag)])), `the list's dates in ${tag}: ${facts}`);
        await screenshot(popup, `${locale}-list.png`);
        await popup.close();

        // Logged out: the failure and its link, in the same language.
        await browser.context.clearCookies();
        await tab.close();
        const anonymous = await browser.context.newPage();
        await anonymous.goto(jenkins.root);
        const refused = await openPopup(browser, anonymous);
        assert.equal(await refused.locator('#alert-text').innerText(), sentence(messages, 'failure_not_logged_in'));
        assert.equal(await refused.locator('#alert-link').innerText(), sentence(messages, 'link_log_in'));
        await screenshot(refused, `${locale}-failure.png`);
      });
    });
  });
}

// A list of names the user gave: each in the language's quotation marks, listed as the language lists
// (a comma inside a name stays inside its quotes).
for (const [locale, list] of [
  ['de', '„ci, nightly“ und „laptop“'],
  ['ja', '「ci, nightly」、「laptop」'],
]) {
  test(`in ${locale}: the clean-up's confirmation quotes each name and lists them as ${locale} does`, async () => {
    const messages = await catalog(locale);
    await inLanguage(locale, async (browser) => {
      await withEmulator([], async (jenkins) => {
        for (const name of ['ci, nightly', 'laptop']) await jenkins.control('users/alice/tokens', { name, created_days_ago: 45 });
        const tab = await logIn(browser.context, jenkins);
        const popup = await openPopup(browser, tab);
        await popup.locator('#tab-list').click();
        await popup.waitForFunction(() => document.querySelectorAll('#token-list .token-name').length === 2);
        await popup.locator('#cleanup-open').click();
        await popup.locator('#cleanup-next').click();
        assert.equal(await popup.locator('#cleanup-confirm-text').innerText(), sentence(messages, 'cleanup_confirm', [list]));
      });
    });
  });
}

// Counts in the forms a Russian reader expects: 1 токен, 2 токена, 5 токенов, 11 токенов, 21 токен,
// 22 токена (Intl.PluralRules picks the message; each form is in messages.json).
test('in ru: the list counts its tokens in the plural form each number takes', async () => {
  await inLanguage('ru', async (browser) => {
    await withEmulator([], async (jenkins) => {
      const tab = await logIn(browser.context, jenkins);
      let made = 0;
      const seen = [];
      for (const count of [1, 2, 5, 11, 21, 22]) {
        for (; made < count; made += 1) await jenkins.control('users/alice/tokens', { name: `t${made}`, created_days_ago: 0, use_count: 1, last_used_days_ago: 0 });
        const popup = await openPopup(browser, tab);
        await popup.locator('#tab-list').click();
        await popup.waitForFunction((n) => document.querySelectorAll('#token-list .token-name').length === n, count);
        seen.push(await popup.locator('#list-status').innerText());
        await popup.close();
      }
      assert.deepEqual(seen, ['1 токен.', '2 токена.', '5 токенов.', '11 токенов.', '21 токен.', '22 токена.']);
    });
  });
});

describe('nothing overflows the popup', async () => {
  const locales = (await readdir(LOCALES)).sort();
  test('ten locales ship besides English', () => assert.equal(locales.length, 11, locales.join(' ')));
  for (const locale of locales) {
    test(`in ${locale}: form, new token, list and failure fit in 380 px`, async () => {
      await inLanguage(locale, async (browser) => {
        await withEmulator(['--anonymous-read'], async (jenkins) => {
          const tab = await logIn(browser.context, jenkins);
          const popup = await openPopup(browser, tab);
          // The browser really serves this locale: the page declares the language its messages name.
          const { locale: tag } = await catalog(locale);
          assert.equal(await popup.evaluate(() => document.documentElement.lang), tag.message);
          await popup.locator('#advanced').evaluate((details) => (details.open = true));
          await popup.locator('#token-expiry').selectOption('never');
          assert.deepEqual(await overflowing(popup), [], 'the form');
          await popup.locator('#token-expiry').selectOption('30');
          await generate(popup);
          assert.deepEqual(await overflowing(popup), [], 'the new token');
          await popup.locator('#tab-list').click();
          await popup.waitForFunction(() => document.querySelector('#token-list .token-name') !== null);
          assert.deepEqual(await overflowing(popup), [], 'the list');
          await browser.context.clearCookies();
          await tab.close();
          const anonymous = await browser.context.newPage();
          await anonymous.goto(jenkins.root);
          const refused = await openPopup(browser, anonymous);
          assert.equal(await refused.locator('#alert').isVisible(), true, 'the failure is shown');
          assert.deepEqual(await overflowing(refused), [], 'a failure');
        });
      });
    });
  }
});
