// For every user: axe-core finds no violation in the real popup (light and dark, each state), the
// popup works from the keyboard with a visible focus, and nothing jumps while it loads.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, test } from 'node:test';
import { ROOT, generate, logIn, openPopup, settled, sharedBrowser, withEmulator, withPopup } from './harness.mjs';

const browser = sharedBrowser();

let axeSource;
before(async () => {
  axeSource = await readFile(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
});

/** axe-core's violations in the page as it is now (evaluated over DevTools: the popup's CSP allows no injected script). */
async function violations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  return result;
}

test('no accessibility violations in any state, light or dark', async () => {
  await withEmulator(['--version', '2.555.1'], async (jenkins) => {
    await jenkins.control('users/alice/tokens', { name: 'old', created_days_ago: 100, expires_in_days: -1 });
    const tab = await logIn(browser.context, jenkins);
    for (const scheme of ['light', 'dark']) {
      const popup = await openPopup(browser, tab, { settle: false });
      await popup.emulateMedia({ colorScheme: scheme });
      await settled(popup);
      assert.deepEqual(await violations(popup), [], `${scheme}: ready`);
      await popup.getByLabel('Expires', { exact: true }).selectOption('never');
      await popup.getByText('Advanced').click();
      assert.deepEqual(await violations(popup), [], `${scheme}: options open`);
      await popup.getByLabel('Token name').fill('');
      await popup.getByRole('button', { name: 'Generate' }).click();
      assert.deepEqual(await violations(popup), [], `${scheme}: alert`);
      await popup.getByLabel('Token name').fill('a11y');
      await generate(popup);
      assert.deepEqual(await violations(popup), [], `${scheme}: token shown`);
      await popup.getByRole('tab', { name: 'My tokens' }).click();
      await popup.waitForFunction(() => /tokens?/.test(document.getElementById('list-status').textContent));
      assert.deepEqual(await violations(popup), [], `${scheme}: list`);
      if (scheme === 'dark') {
        const background = await popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
        assert.equal(background, 'rgb(31, 33, 38)', 'dark colours follow prefers-color-scheme');
      }
      await popup.close();
    }
  });
});

test('keyboard only: tabs, focus order, a visible focus, Enter generates', async () => {
  await withPopup(browser, [], async ({ popup }) => {
    const focused = () => popup.evaluate(() => document.activeElement.id || document.activeElement.textContent.trim());
    await popup.keyboard.press('Tab');
    // Alice's full name ("Alice Example") is not her id: the id's own Copy comes first, then the views.
    assert.equal(await focused(), 'copy-user-id', 'the user id is copied with the keyboard too');
    await popup.keyboard.press('Tab');
    assert.equal(await focused(), 'tab-new', 'then the view tabs');
    const outline = await popup.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'the focus is visible');
    await popup.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'tab-list');
    assert.equal(await popup.getByRole('tab', { name: 'My tokens' }).getAttribute('aria-selected'), 'true');
    await popup.keyboard.press('ArrowLeft');
    assert.equal(await focused(), 'tab-new');
    const order = [];
    for (let i = 0; i < 4; i += 1) {
      await popup.keyboard.press('Tab');
      order.push(await focused());
    }
    assert.deepEqual(order, ['token-name', 'token-expiry', 'Advanced', 'generate']);
    await popup.getByLabel('Token name').focus();
    await popup.keyboard.press('Enter');
    await popup.locator('#result').waitFor();
    assert.equal(await focused(), 'token-value', 'the token has the focus, selected: Ctrl+C copies it again');
    assert.equal(await popup.evaluate(() => document.activeElement.selectionEnd - document.activeElement.selectionStart), 34);
  });
});

test('nothing jumps while the popup loads', async () => {
  await withPopup(
    browser,
    [],
    async ({ popup }) => {
      await settled(popup);
      const shift = await popup.evaluate(
        () =>
          new Promise((resolve) => {
            let total = 0;
            new PerformanceObserver((entries) => {
              for (const entry of entries.getEntries()) total += entry.value;
            }).observe({ type: 'layout-shift', buffered: true });
            setTimeout(() => resolve(total), 300);
          }),
      );
      assert.ok(shift < 0.05, `cumulative layout shift ${shift}`);
    },
    { beforeOpen: (jenkins) => jenkins.control('latency', { ms: 150 }), settle: false },
  );
});
