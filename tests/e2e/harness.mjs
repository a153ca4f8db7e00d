// Shared pieces of the end-to-end suites: the Jenkins emulator as a child process, Debian's Chromium
// with the built extension loaded (through Playwright), logging in through the emulator's own form,
// and opening the popup against a tab the way a user would see it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const DIST = path.join(ROOT, 'dist/chromium');
export const CHROMIUM = '/usr/bin/chromium';
const EMULATOR = process.env.EMULATOR_BIN ?? path.join(ROOT, 'target/release/jenkins-emulator');

// The flags this machine needs (no sandbox as root; no calls to Google's services).
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
];

export const TOKEN_SHAPE = /^11[0-9a-f]{32}$/;

// Emulators still running when the test process ends are stopped with it.
const children = new Set();
process.once('exit', () => {
  for (const child of children) child.kill();
});

/** Starts the emulator on a free port; `args` are its flags (see tests/emulator/README.md). */
export async function startEmulator(args = []) {
  const child = spawn(EMULATOR, ['--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`emulator exited (${code})`))));
  const line = await Promise.race([firstLine(child.stdout), exited]);
  const { port, root } = JSON.parse(line);
  const origin = `http://127.0.0.1:${port}`;
  const control = async (what, body) => {
    const response = await fetch(`${origin}/__emulator/${what}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`control ${what}: HTTP ${response.status}`);
    return response.json();
  };
  return {
    port,
    root,
    origin,
    control,
    /**
     * Every request the emulator handled (control API excepted), in order, without the assets a page
     * loads on its own (favicon, /static/…): those come from the tab, at times of the browser's choosing.
     */
    requests: async () => (await control('requests')).filter((r) => !/\/favicon\.ico$|\/static\//.test(r.path)),
    /** Every exchange, raw: all request headers and bodies, and what the emulator answered. */
    exchanges: () => control('exchanges'),
    /** Adds a user (any id, e.g. markup); logs in with `password`. */
    addUser: (id, password, fullName = id) => control('users', { id, password, full_name: fullName }),
    /** The user's tokens as the emulator stores them (no values). */
    tokens: (user) => control(`users/${encodeURIComponent(user)}/tokens`),
    fault: (fault) => control('faults', { times: 1, delay_ms: 0, ...fault }),
    /** Proves a token by using it: Basic auth, no cookies. Answers the whoAmI JSON or the HTTP status. */
    async whoAmIWith(user, token) {
      const response = await fetch(`${root}whoAmI/api/json`, {
        headers: { Authorization: `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}` },
      });
      return response.ok ? response.json() : { status: response.status };
    },
    stop() {
      child.kill();
    },
  };
}

/** Runs `body(server)` with the server `start()` answers, and always stops it; answers what `body` answers. */
async function withStarted(start, body) {
  const server = await start();
  try {
    return await body(server);
  } finally {
    server.stop();
  }
}

/** Runs `body(jenkins)` with a fresh emulator (flags `args`), and always stops it; answers what `body` answers. */
export const withEmulator = (args, body) => withStarted(() => startEmulator(args), body);

/**
 * Runs `body({ jenkins, tab, popup })` with a fresh emulator (flags `args`), a tab logged in as `user`
 * (alice unless told) and the popup opened on it; closes both pages after `body`, always stops the emulator.
 * `direct` logs in without the login page (see logInDirectly); `beforeOpen(jenkins, tab)` runs between
 * logging in and opening the popup (a fault, a reset of the request log); the other options are
 * openPopup's.
 */
export async function withPopup(browser, args, body, { user, direct = false, beforeOpen, ...popupOptions } = {}) {
  return withEmulator(args, async (jenkins) => {
    const tab = direct ? await logInDirectly(browser.context, jenkins, user) : await logIn(browser.context, jenkins, user);
    if (beforeOpen) await beforeOpen(jenkins, tab);
    const popup = await openPopup(browser, tab, popupOptions);
    await body({ jenkins, tab, popup });
    // Closing a page the body already closed does nothing.
    await popup.close();
    await tab.close();
  });
}

function firstLine(stream) {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stream });
    lines.once('line', resolve);
    lines.once('close', () => reject(new Error('no output')));
  });
}

/** A plain web server (not Jenkins) answering every GET with `html`; it records what it was asked. */
export async function startPlainSite(html) {
  const requests = [];
  const server = createServer((request, response) => {
    // The browser asks for a favicon on its own; only other requests are worth recording.
    if (request.url === '/favicon.ico') return response.writeHead(404).end();
    requests.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, requests, stop: () => server.close() };
}

/** Runs `body(site)` with a plain site answering `html` (see startPlainSite), and always stops it. */
export const withPlainSite = (html, body) => withStarted(() => startPlainSite(html), body);

// A fixed public key gives the test copy a known id (sha256 of the key, first 32 hex digits mapped to
// a-p); the shipped manifest has none.
const TEST_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2J+jHe7JZByOetcAnauq6cngt6uXdyhgHmGki118E4bAU0VSx7eEmrRh+MfsgW2eHna810QrMLpSqa+h1rXrWKtpFZ7r47zTfFlTEu7Ny5oMPfvG4kzdzcInlKtJlNOhwYEd4qM3Ag6efhJ9qbQZgbtQ3jecX9G/qZh8tRqIKGd0jljIqPoXp0F8V2AF88CYAULnPw4KoSPp/a3xnHK/JRyVQVLbcCjOR1Zn6nENUp80ygvvj3DPUzObTkhMDbF4fks+32HgrF5w0HwtjIVMC0HC5Pj+74NOeTKWSQ7EprF5qBchi15NxZDvTs5Lmo8/7o0JAuUCOuuV5W5yfGavYQIDAQAB';
/** The id Chromium gives an unpacked extension whose manifest holds `key`. */
export const extensionIdOf = (key) =>
  createHash('sha256')
    .update(Buffer.from(key, 'base64'))
    .digest('hex')
    .slice(0, 32)
    .replace(/[0-9a-f]/g, (digit) => String.fromCharCode(97 + parseInt(digit, 16)));

/**
 * A copy of the built extension for headless tests. Headless Chromium cannot click the toolbar button,
 * so nothing can grant activeTab; the copy stands in for that grant with a loopback host permission
 * (the origin access activeTab gives) and `tabs` (the tab URL activeTab reveals). It also gets a test
 * page to find tab ids from. The shipped manifest never has any of this.
 */
async function testExtensionCopy({ extraPermissions = [], extraFiles = {}, key = TEST_KEY } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'jat-ext-'));
  await cp(DIST, dir, { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
  manifest.key = key;
  // `clipboardRead` only lets the tests read back what the popup copied; copying itself runs as shipped.
  manifest.permissions = [...manifest.permissions, 'tabs', 'clipboardRead', ...extraPermissions];
  manifest.host_permissions = ['http://127.0.0.1/*'];
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  await writeFile(path.join(dir, 'test-blank.html'), '<!doctype html><title>test</title>');
  // Test-only pages (e.g. the benchmark's baseline), copied in beside the popup: same origin, same CSP.
  for (const [name, source] of Object.entries(extraFiles)) await cp(source, path.join(dir, name));
  return dir;
}

/**
 * Chromium with the test copy of the extension loaded. `extraPermissions` are added to the copy's
 * manifest (the security suite adds `storage`, only to read back that nothing was stored);
 * `extraFiles` maps a file name in the copy to a file to copy there (the benchmark's baseline page);
 * `key` gives the copy another id (the policy suite's, so a policy meant for it reaches no other suite);
 * `args` are more Chromium flags (`--lang=de`); `locale` is what pages see as the browser's languages
 * (`navigator.languages`, `Accept-Language`); `env` is the browser's environment (and so that of the
 * programs it starts, such as a native host); `setUpProfile(profile)` runs before it starts.
 */
export async function launchBrowser({ extraPermissions = [], extraFiles = {}, key = TEST_KEY, args = [], locale, env, setUpProfile } = {}) {
  const extensionDir = await testExtensionCopy({ extraPermissions, extraFiles, key });
  const profile = await mkdtemp(path.join(tmpdir(), 'jat-profile-'));
  await setUpProfile?.(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport: { width: 420, height: 600 },
    locale,
    env,
    args: [...CHROMIUM_FLAGS, ...args, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
  });
  const extensionId = extensionIdOf(key);
  return {
    context,
    extensionId,
    /** The profile directory (what Chromium writes to disk), removed by close(). */
    profile,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
      await rm(extensionDir, { recursive: true, force: true });
    },
  };
}

/**
 * The browser a test file shares: launched (as by `launchBrowser`) before its first test and closed after
 * its last. Call at the file's top level; the object returned is filled in once the browser is up.
 * `setup(browser)` runs then: another top-level `before` could not wait for it, as Node 20 runs those
 * hooks concurrently.
 */
export function sharedBrowser(options, setup) {
  const browser = {};
  before(async () => {
    Object.assign(browser, await launchBrowser(options));
    await setup?.(browser);
  });
  after(async () => browser.close?.());
  return browser;
}

/** Logs in through the emulator's login form in a new tab, like a user; returns that tab on the dashboard. */
export async function logIn(context, emulator, user = 'alice', password = user === 'Jane Doe' ? 'jane' : user) {
  const tab = await context.newPage();
  await tab.goto(`${emulator.root}login`);
  await tab.fill('#j_username', user);
  await tab.fill('#j_password', password);
  await Promise.all([tab.waitForURL((url) => !url.pathname.endsWith('/login')), tab.click('button[type=submit]')]);
  return tab;
}

/**
 * Logs in by posting the login form's fields, then opens the dashboard in a new tab: for a controller
 * whose /login page is delegated (SSO), so there is no form to fill.
 */
export async function logInDirectly(context, emulator, user = 'alice') {
  const tab = await context.newPage();
  const response = await tab.request.post(`${emulator.root}j_spring_security_check`, {
    form: { j_username: user, j_password: user, from: '/' },
    maxRedirects: 0,
  });
  assert.equal(response.status(), 302);
  await tab.goto(emulator.root);
  return tab;
}

/** Runs `body(page)` on a blank page of the extension (its origin, its APIs), closed afterwards. */
export async function onExtensionPage(browser, body) {
  const page = await browser.context.newPage();
  try {
    await page.goto(`chrome-extension://${browser.extensionId}/test-blank.html`);
    return await body(page);
  } finally {
    await page.close();
  }
}

/**
 * The browser's id for a tab (what `?tab=` takes), found from an extension page. Several tabs may show
 * one address (a page left behind that shows a user logged out since), so the tab is told apart by a
 * title of its own for a moment, not by its URL.
 */
export async function tabIdOf(browser, tab) {
  const marker = `tab-${process.hrtime.bigint()}`;
  const title = await tab.evaluate((marker) => {
    const title = document.title;
    document.title = marker;
    return title;
  }, marker);
  try {
    return await onExtensionPage(browser, (page) =>
      page.evaluate(async (marker) => {
        for (let attempt = 0; attempt < 100; attempt += 1) {
          const found = (await chrome.tabs.query({ title: marker }))[0];
          if (found) return found.id;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        throw new Error(`no tab titled ${marker}`);
      }, marker),
    );
  } finally {
    await tab.evaluate((title) => (document.title = title), title);
  }
}

/**
 * Opens the popup against `tab` (the automation seam: popup.html?tab=<id>) and waits until it has
 * settled: the form is ready, or a message is shown.
 */
export async function openPopup(browser, tab, { timeout, mask, clear, transport, settle = true, initScript } = {}) {
  const tabId = await tabIdOf(browser, tab);
  const popup = await browser.context.newPage();
  if (initScript) await popup.addInitScript(initScript);
  const query = new URLSearchParams({ tab: String(tabId) });
  if (timeout !== undefined) query.set('timeout', String(timeout));
  if (mask !== undefined) query.set('mask', String(mask));
  if (clear !== undefined) query.set('clear', String(clear));
  if (transport !== undefined) query.set('transport', transport);
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?${query}`);
  if (settle) await settled(popup);
  return popup;
}

/**
 * Waits until the popup shows the form (with the session Jenkins confirmed, not only the page's), a
 * token, or an alert (never "Connecting…").
 */
export async function settled(page) {
  await page.waitForFunction(() => {
    const visible = (id) => {
      const element = document.getElementById(id);
      return element !== null && !element.closest('[hidden]');
    };
    const confirmed = document.getElementById('target').dataset.confirmed === 'true';
    const ready = (visible('token-form') && !document.getElementById('generate').disabled && confirmed) || visible('legacy');
    return ready || visible('result') || visible('alert');
  });
}

/** The text of the popup's alert, as the user reads it (null when none is shown). */
export async function alertText(page) {
  const alert = page.getByRole('alert');
  return (await alert.isVisible()) ? (await alert.innerText()).trim() : null;
}

/** The token as the popup shows it, in its read-only field. */
export function shownToken(page) {
  return page.getByRole('textbox', { name: 'API token', exact: true }).inputValue();
}

/**
 * Clicks Generate (found by its id, so in any language) and waits for the outcome: a token, an alert,
 * or, when Jenkins' answer was lost, the notice once it has looked for the token.
 */
export async function generate(page) {
  await page.locator('#generate').click();
  await page.waitForFunction(() => {
    const shown = (id) => !document.getElementById(id).closest('[hidden]');
    const ready = !document.getElementById('generate').disabled;
    const looked = shown('interrupted') && document.getElementById('interrupted').getAttribute('aria-busy') !== 'true';
    return shown('result') || (ready && (shown('alert') || looked));
  });
}

/** The notice about a token nobody saw, as the user reads it: what happened, and what the list showed. */
export async function noticeText(page) {
  return [await page.locator('#interrupted-text').innerText(), await page.locator('#interrupted-finding').innerText()];
}

/** Clicks Verify and answers the verdict the popup then shows ("✓ …" or "✗ …"). */
export async function verify(page) {
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForFunction(() => /^[✓✗]/.test(document.getElementById('action-status').textContent));
  return page.locator('#action-status').innerText();
}

/** Saves a picture of the page to target/screenshots/`name` (the README's pictures come from there). */
export async function screenshot(page, name) {
  const dir = path.join(ROOT, 'target/screenshots');
  await mkdir(dir, { recursive: true });
  await page.locator('body').screenshot({ path: path.join(dir, name) });
}

/** Requests of the given method whose path contains `part`. */
export function matching(requests, method, part) {
  return requests.filter((request) => request.method === method && request.path.includes(part));
}

/** A local yyyy-mm-dd date `days` from today, as the popup computes it. */
export function localDate(days = 0) {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A local date `days` from today as the popup writes it for the test browser's locale (en-US): `Dec 3, 2026`. */
export function shownDate(days = 0) {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(date);
}

/** Polls `probe` every 50 ms until it answers something truthy, and answers that; gives up after 100 tries. */
export async function until(probe, what) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const answer = await probe();
    if (answer) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
