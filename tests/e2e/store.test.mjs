// The stores' pictures, taken from the real popup on the emulator in Chromium started in the user's
// language: the form, the new token and the token list, each framed at 1280×800 on a neutral background
// with the icon, name and summary of that language; and a 440×280 promo tile per language. They land in
// target/store/, where `cargo xtask store` takes them (store/README.md).
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { DIST, ROOT, generate, launchBrowser, logIn, openPopup, withEmulator } from './harness.mjs';

const OUT = path.join(ROOT, 'target/store');
const SCREENSHOT = { width: 1280, height: 800 };
const TILE = { width: 440, height: 280 };
/** English and two others, one of them in a script of its own. */
const SCREENSHOT_LOCALES = ['en', 'de', 'ja'];

const messagesOf = async (locale) => JSON.parse(await readFile(path.join(DIST, '_locales', locale, 'messages.json'), 'utf8'));
const iconDataUrl = async () => `data:image/png;base64,${(await readFile(path.join(DIST, 'icons/icon-128.png'))).toString('base64')}`;

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(bytes) {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG file');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const escapeHtml = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** Renders `html` in a page of exactly `size` and returns the PNG. */
async function render(context, size, html) {
  const page = await context.newPage();
  try {
    await page.setViewportSize(size);
    await page.setContent(html);
    await page.evaluate(() => document.fonts.ready);
    return await page.screenshot({ clip: { x: 0, y: 0, ...size } });
  } finally {
    await page.close();
  }
}

const FONT = "font-family: system-ui, 'Liberation Sans', 'Noto Sans CJK JP', sans-serif";

/** The popup's picture on a neutral background, with the extension's icon, name and summary beside it. */
function framed({ lang, icon, name, summary, popup }) {
  return `<!doctype html><html lang="${lang}"><body style="margin:0; width:1280px; height:800px; display:flex; align-items:center;
    justify-content:center; gap:72px; background:linear-gradient(135deg,#eef1f5,#dde3ea); ${FONT}; color:#1d2733">
    <div style="width:420px"><img src="${icon}" width="96" height="96" alt="">
      <h1 style="font-size:44px; margin:24px 0 16px">${escapeHtml(name)}</h1>
      <p style="font-size:24px; line-height:1.4; margin:0; color:#3a4654">${escapeHtml(summary)}</p></div>
    <img src="data:image/png;base64,${popup.toString('base64')}" alt="" style="max-height:720px; border-radius:10px;
      box-shadow:0 12px 40px rgba(20,30,45,.25); background:#fff"></body></html>`;
}

function tile({ lang, icon, name }) {
  return `<!doctype html><html lang="${lang}"><body style="margin:0; width:440px; height:280px; display:flex; flex-direction:column;
    align-items:center; justify-content:center; gap:18px; background:linear-gradient(135deg,#2f4a66,#1d2f42); ${FONT}; color:#fff">
    <img src="${icon}" width="104" height="104" alt=""><div style="font-size:34px; font-weight:600">${escapeHtml(name)}</div></body></html>`;
}

async function save(file, png, size) {
  assert.deepEqual(pngSize(png), size, file);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, png);
}

for (const locale of SCREENSHOT_LOCALES) {
  test(`store screenshots in ${locale}: the form, the new token and the token list, framed at 1280×800`, async () => {
    const messages = await messagesOf(locale);
    const frame = { lang: messages.locale.message, icon: await iconDataUrl(), name: messages.extension_name.message, summary: messages.extension_description.message };
    const browser = await launchBrowser({ args: [`--lang=${locale.replace('_', '-')}`] });
    try {
      await withEmulator(['--version', '2.555.1'], async (jenkins) => {
        // A list with something to show: a fresh token, one expiring and one never used.
        const seed = (history) => jenkins.control('users/alice/tokens', history);
        await seed({ name: 'deploy pipeline', created_days_ago: 40, expires_in_days: 50, use_count: 212, last_used_days_ago: 0 });
        await seed({ name: 'release script', created_days_ago: 86, expires_in_days: 4, use_count: 31, last_used_days_ago: 2 });
        await seed({ name: 'old laptop', created_days_ago: 45, expires_in_days: 45 });
        const tab = await logIn(browser.context, jenkins);
        const popup = await openPopup(browser, tab);
        const shots = [];
        const shoot = async (scene) => shots.push([scene, await popup.locator('body').screenshot()]);
        assert.equal(await popup.evaluate(() => document.documentElement.lang), frame.lang, 'the popup is in this language');
        await shoot('form');
        await generate(popup);
        assert.equal(await popup.locator('#result').isVisible(), true, 'a token is shown');
        await shoot('token');
        await popup.locator('#tab-list').click();
        await popup.waitForFunction(() => document.querySelectorAll('#token-list .token-name').length === 4);
        await shoot('list');
        for (const [index, [scene, picture]] of shots.entries()) {
          const png = await render(browser.context, SCREENSHOT, framed({ ...frame, popup: picture }));
          await save(path.join(OUT, 'screenshots', locale, `${index + 1}-${scene}.png`), png, SCREENSHOT);
        }
      });
    } finally {
      await browser.close();
    }
  });
}

test('a 440×280 promo tile in every language that ships', async () => {
  const locales = (await readdir(path.join(DIST, '_locales'))).sort();
  const browser = await launchBrowser();
  try {
    for (const locale of locales) {
      const messages = await messagesOf(locale);
      const png = await render(browser.context, TILE, tile({ lang: messages.locale.message, icon: await iconDataUrl(), name: messages.extension_name.message }));
      await save(path.join(OUT, 'promo', `${locale}.png`), png, TILE);
    }
  } finally {
    await browser.close();
  }
  assert.equal((await readdir(path.join(OUT, 'promo'))).length, locales.length);
});
