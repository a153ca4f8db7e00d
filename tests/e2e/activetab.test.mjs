// The real user path, with no test-only permission: the shipped extension, unchanged, in Chromium with
// a display (Xvfb). The user logs in, presses the toolbar action's keyboard shortcut (sent with
// xdotool, as a keyboard would), and the real action popup appears; it is driven over the DevTools
// protocol. This proves that activeTab alone gives the popup the tab's origin and session cookie.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS, DIST, ROOT, TOKEN_SHAPE, startEmulator } from './harness.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(what, probe, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function startXvfb() {
  let display = 90 + Math.floor(Math.random() * 100);
  while (existsSync(`/tmp/.X11-unix/X${display}`)) display += 1;
  const xvfb = spawn('Xvfb', [`:${display}`, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  await until('Xvfb', () => existsSync(`/tmp/.X11-unix/X${display}`));
  return { display: `:${display}`, stop: () => xvfb.kill() };
}

/** A minimal DevTools-protocol client for one target (Node 20 needs --experimental-websocket). */
async function devtools(webSocketUrl) {
  const socket = new WebSocket(webSocketUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error('DevTools connection failed'));
  });
  let nextId = 0;
  const pending = new Map();
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.id !== undefined && pending.has(message.id)) {
      pending.get(message.id)(message);
      pending.delete(message.id);
    }
  };
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, (message) => (message.error ? reject(new Error(message.error.message)) : resolve(message.result)));
      socket.send(JSON.stringify({ id, method, params }));
    });
  const evaluate = async (expression) => {
    const { result, exceptionDetails } = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(exceptionDetails.text);
    return result.value;
  };
  return { send, evaluate, close: () => socket.close() };
}

test('the shipped extension, opened with its keyboard shortcut, mints with activeTab alone', { timeout: 120000 }, async () => {
  assert.equal(typeof WebSocket, 'function', 'run with NODE_OPTIONS=--experimental-websocket (cargo xtask test does)');
  // The extension under test is dist/chromium exactly as built from extension/manifest.json.
  const shipped = JSON.parse(await readFile(path.join(DIST, 'manifest.json'), 'utf8'));
  const source = JSON.parse(await readFile(path.join(ROOT, 'extension/manifest.json'), 'utf8'));
  assert.deepEqual({ ...shipped, version: source.version }, source);
  assert.equal(shipped.host_permissions, undefined);
  assert.deepEqual(shipped.permissions, ['activeTab', 'scripting']);
  const shortcut = shipped.commands._execute_action.suggested_key.default.toLowerCase(); // e.g. alt+shift+j, as xdotool spells it

  const jenkins = await startEmulator(['--context-path', '/jenkins']);
  const xvfb = await startXvfb();
  const profile = await mkdtemp(path.join(tmpdir(), 'jat-headful-'));
  const port = await freePort();
  const browserProcess = spawn(
    CHROMIUM,
    [
      ...CHROMIUM_FLAGS,
      `--user-data-dir=${profile}`,
      `--remote-debugging-port=${port}`,
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      '--window-size=1200,850',
      'about:blank',
    ],
    { env: { ...process.env, DISPLAY: xvfb.display }, stdio: 'ignore' },
  );
  let browser;
  try {
    const endpoint = `http://127.0.0.1:${port}`;
    await until('Chromium DevTools', () => fetch(`${endpoint}/json/version`).then((r) => r.ok).catch(() => false));
    browser = await chromium.connectOverCDP(endpoint);
    const tab = browser.contexts()[0].pages()[0];

    // Log in like a user, in the tab.
    await tab.goto(`${jenkins.root}login`);
    await tab.fill('#j_username', 'alice');
    await tab.fill('#j_password', 'alice');
    await Promise.all([tab.waitForURL((url) => !url.pathname.endsWith('/login')), tab.click('button[type=submit]')]);
    await tab.bringToFront();
    await jenkins.control('reset', {});

    // Press the action's shortcut on the browser window.
    const env = { ...process.env, DISPLAY: xvfb.display };
    const windowId = await until('the browser window', () => {
      try {
        return execFileSync('xdotool', ['search', '--onlyvisible', '--class', 'chromium'], { env }).toString().trim().split('\n').at(-1);
      } catch {
        return null;
      }
    });
    execFileSync('xdotool', ['windowfocus', '--sync', windowId], { env });
    execFileSync('xdotool', ['key', '--clearmodifiers', '--window', windowId, shortcut], { env });

    // The real action popup appears as a DevTools target.
    const popupTarget = await until('the action popup', async () => {
      const targets = await fetch(`${endpoint}/json/list`).then((r) => r.json());
      return targets.find((target) => target.type === 'page' && /^chrome-extension:\/\/[a-p]{32}\/popup\.html$/.test(target.url));
    });
    const popup = await devtools(popupTarget.webSocketDebuggerUrl);
    try {
      // `=== false`, not `!`: before the wasm has built the form, both elements are missing (undefined).
      await until('the popup to connect', () => popup.evaluate(`document.getElementById('generate')?.disabled === false && document.getElementById('token-form')?.hidden === false`));
      assert.equal(await popup.evaluate(`document.getElementById('alert').hidden`), true);
      assert.equal(await popup.evaluate(`document.getElementById('jenkins-root').textContent`), jenkins.root);
      assert.equal(await popup.evaluate(`document.getElementById('jenkins-user').textContent`), 'alice');

      // Click Generate with a real mouse event at the button's position.
      const box = await popup.evaluate(`(() => { const r = document.getElementById('generate').getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`);
      for (const type of ['mousePressed', 'mouseReleased']) {
        await popup.send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
      }
      await until('the token', () => popup.evaluate(`!document.getElementById('result').hidden`));
      const token = await popup.evaluate(`document.getElementById('token-value').value`);
      assert.match(token, TOKEN_SHAPE);

      // Every request came from the extension with the tab's session: two GETs on open, one POST.
      const requests = await jenkins.requests();
      const seen = requests.map((r) => `${r.method} ${r.path} ${r.status}`);
      assert.deepEqual(seen.slice(0, 2).sort(), ['GET /jenkins/crumbIssuer/api/json 200', 'GET /jenkins/whoAmI/api/json 200']);
      assert.deepEqual(seen.slice(2), ['POST /jenkins/me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken 200']);
      assert.ok(requests.every((r) => r.cookie && r.auth === 'session'), JSON.stringify(requests));
      assert.match(requests.at(-1).origin, /^chrome-extension:\/\/[a-p]{32}$/);
      assert.equal((await jenkins.whoAmIWith('alice', token)).name, 'alice', 'the token works');
    } finally {
      popup.close();
    }
  } finally {
    await browser?.close().catch(() => {});
    if (browserProcess.exitCode === null) {
      const exited = once(browserProcess, 'exit');
      browserProcess.kill();
      await exited;
    }
    xvfb.stop();
    jenkins.stop();
    await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
});
