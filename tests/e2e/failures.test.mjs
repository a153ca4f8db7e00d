// Every bad input, end to end: a tab that is not Jenkins, a Jenkins that answers wrongly or not at all,
// an ended session, a broken install. For each, the message the user reads in the popup, and that
// nothing is lost (no token minted and not shown, never two tokens from one click).
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  TOKEN_SHAPE,
  alertText,
  generate,
  launchBrowser,
  logIn,
  matching,
  noticeText,
  openPopup,
  settled,
  sharedBrowser,
  shownToken,
  withEmulator,
  withPlainSite,
  withPopup,
} from './harness.mjs';

const browser = sharedBrowser();

const GENERATE_PATH = 'generateNewToken';

/** Opens `url` in a new tab, without logging in, and the popup on that tab. */
async function popupOnPage(url) {
  const tab = await browser.context.newPage();
  await tab.goto(url);
  return { tab, popup: await openPopup(browser, tab) };
}

/** Has Jenkins answer the next mint (the POST to generateNewToken) with `answer` (status, content_type, body) instead. */
function replaceMintAnswer(jenkins, answer) {
  return jenkins.fault({ method: 'POST', path_contains: GENERATE_PATH, mode: 'replace', ...answer });
}

/** Has Jenkins refuse the next `times` crumbs, empties its request log, and clicks Generate. */
async function generateWithCrumbsRefused(jenkins, popup, times) {
  await jenkins.control('reset', {});
  await jenkins.control('reject-crumbs', { times });
  await generate(popup);
}

/** The form is still there with what the user typed, and Generate works again. */
async function formIsIntact(popup, name) {
  assert.equal(await popup.getByLabel('Token name').inputValue(), name);
  assert.equal(await popup.getByRole('button', { name: 'Generate' }).isEnabled(), true);
}

describe('before any request', () => {
  test('a tab that is not an http(s) page', async () => {
    const { tab, popup } = await popupOnPage('data:text/html,<title>not a web page</title>');
    assert.match(await alertText(popup), /^This tab isn't showing a web page\./);
    assert.equal(await popup.locator('#token-form').isVisible(), false);
    await tab.close();
  });

  test('a page that is not Jenkins', async () => {
    await withPlainSite('<!doctype html><html><head><title>shop</title></head><body>Hi</body></html>', async (site) => {
      const { tab, popup } = await popupOnPage(site.origin + '/products');
      assert.equal(await alertText(popup), `This page on ${site.origin} isn't a Jenkins page (it has no Jenkins root). Open a page of your Jenkins, then try again.`);
      assert.deepEqual(site.requests, ['GET /products'], 'nothing but the page itself was requested');
      await tab.close();
    });
  });

  test('a data-rooturl on another origin: refused, and nothing goes there', async () => {
    await withEmulator([], async (elsewhere) => {
      await withPlainSite(`<!doctype html><html><head data-rooturl="${elsewhere.root}"></head><body>x</body></html>`, async (site) => {
        const { tab, popup } = await popupOnPage(site.origin + '/');
        assert.equal(
          await alertText(popup),
          `This page says its Jenkins is at ${elsewhere.origin}, which is not the site in this tab (${site.origin}). The extension only talks to the site in the tab, so it stopped.`,
        );
        assert.deepEqual(await elsewhere.requests(), []);
        assert.deepEqual(site.requests, ['GET /']);
        await tab.close();
      });
    });
  });

  test('a server at data-rooturl that does not answer like Jenkins', async () => {
    await withPlainSite('<!doctype html><html><head data-rooturl=""></head><body>x</body></html>', async (site) => {
      const { tab, popup } = await popupOnPage(site.origin + '/');
      assert.equal(await alertText(popup), `${site.origin}/ doesn't answer like Jenkins, so no token can be made there.`);
      await tab.close();
    });
  });
});

describe('when the popup opens', () => {
  test('not logged in: says so and links to the login page, coming back here', async () => {
    await withEmulator(['--context-path', '/jenkins', '--anonymous-read'], async (jenkins) => {
      const { tab, popup } = await popupOnPage(`${jenkins.root}`);
      assert.equal(await alertText(popup), "You aren't logged in to this Jenkins. Log in, then try again.\nLog in to Jenkins");
      const link = popup.getByRole('link', { name: 'Log in to Jenkins' });
      assert.equal(await link.getAttribute('href'), `${jenkins.root}login?from=%2Fjenkins%2F`);
      assert.equal(await popup.locator('#token-form').isVisible(), false);
      await tab.close();
    });
  });

  test('a wrong password: Jenkins answers its login error page with 401, and the popup there says to log in', async () => {
    await withEmulator(['--context-path', '/jenkins'], async (jenkins) => {
      const tab = await logIn(browser.context, jenkins, 'alice', 'not her password');
      assert.equal(new URL(tab.url()).pathname, '/jenkins/loginError');
      assert.equal(await tab.evaluate(() => performance.getEntriesByType('navigation')[0].responseStatus), 401);
      const popup = await openPopup(browser, tab);
      assert.equal(await alertText(popup), "You aren't logged in to this Jenkins. Log in, then try again.\nLog in to Jenkins");
      assert.equal(await popup.locator('#token-form').isVisible(), false);
      await popup.close();
      await tab.close();
    });
  });

  test('Jenkins older than 2.129 says it has only the legacy token, and offers only that', async () => {
    await withPopup(browser, ['--version', '2.100'], async ({ popup, jenkins }) => {
      assert.match(await popup.locator('#legacy').innerText(), /This Jenkins is older than 2\.129: each user has a single API token/);
      assert.equal(await popup.locator('#token-form').isVisible(), false);
      assert.deepEqual(matching(await jenkins.requests(), 'POST', GENERATE_PATH), []);
    });
  });

  // The faults below hit the popup's first requests, so they are set before it opens.
  test('HTTP 5xx from whoAmI', async () => {
    const fault = { method: 'GET', path_contains: 'whoAmI', mode: 'replace', status: 503, content_type: 'text/html', body: '<html>Jenkins is going to shut down</html>' };
    await withPopup(
      browser,
      [],
      async ({ popup }) => {
        assert.equal(await alertText(popup), 'Jenkins had an internal error (HTTP 503) while finding out who is logged in. Try again later.');
      },
      { beforeOpen: (jenkins) => jenkins.fault(fault) },
    );
  });

  test('HTML where the crumb JSON was expected', async () => {
    const fault = { method: 'GET', path_contains: 'crumbIssuer', mode: 'replace', status: 200, content_type: 'text/html', body: '<!DOCTYPE html><html><body>Sign in with SSO</body></html>' };
    await withPopup(
      browser,
      [],
      async ({ popup }) => {
        assert.equal(
          await alertText(popup),
          'Jenkins answered with a web page instead of data (HTTP 200) while getting a CSRF crumb. A proxy or a login page may be in the way.',
        );
      },
      { beforeOpen: (jenkins) => jenkins.fault(fault) },
    );
  });

  test('a user name with markup is shown as text', async () => {
    const name = '<img src=x onerror="document.title=\'pwned\'">';
    const fault = {
      method: 'GET',
      path_contains: 'whoAmI',
      mode: 'replace',
      status: 200,
      content_type: 'application/json',
      body: JSON.stringify({ _class: 'hudson.security.WhoAmI', anonymous: false, authenticated: true, authorities: ['authenticated'], name }),
    };
    await withPopup(
      browser,
      [],
      async ({ popup }) => {
        assert.equal(await popup.locator('#jenkins-user').innerText(), name);
        assert.equal(await popup.locator('#jenkins-version').innerText(), '(hidden by the server)');
        assert.equal(await popup.locator('img').count(), 1, 'only the header icon');
        assert.notEqual(await popup.title(), 'pwned');
      },
      { beforeOpen: (jenkins) => jenkins.fault(fault) },
    );
  });

  test('Jenkins unreachable when the popup opens', async () => {
    // The emulator stops once the tab has logged in.
    const tab = await withEmulator([], (jenkins) => logIn(browser.context, jenkins));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const popup = await openPopup(browser, tab);
    assert.match(await alertText(popup), /^Couldn't reach Jenkins while (finding out who is logged in|getting a CSRF crumb) \(Failed to fetch\)\./);
    await tab.close();
  });
});

describe('on Generate', () => {
  test('the session ended in between: says so, links to login, nothing created, form kept', async () => {
    await withPopup(browser, [], async ({ popup, jenkins }) => {
      await popup.getByLabel('Token name').fill('my name');
      await jenkins.control('expire-sessions', {});
      await generate(popup);
      assert.equal(
        await alertText(popup),
        'Your Jenkins session has ended, so no token was created. Log in again, then retry.\nLog in to Jenkins',
      );
      assert.match(await popup.getByRole('link', { name: 'Log in to Jenkins' }).getAttribute('href'), /\/login\?from=%2F/);
      assert.deepEqual(await jenkins.tokens('alice'), []);
      await formIsIntact(popup, 'my name');
    });
  });

  test('the session ended and was renewed: Generate works again after logging in anew', async () => {
    await withPopup(browser, [], async ({ popup, jenkins }) => {
      await jenkins.control('expire-sessions', {});
      await generate(popup);
      assert.match(await alertText(popup), /session has ended/);
      await logIn(browser.context, jenkins);
      await generate(popup);
      assert.match(await shownToken(popup), TOKEN_SHAPE);
      assert.equal((await jenkins.tokens('alice')).length, 1);
    });
  });

  test('a rejected crumb is refreshed and the request retried once', async () => {
    await withPopup(browser, [], async ({ popup, jenkins }) => {
      await generateWithCrumbsRefused(jenkins, popup, 1);
      assert.match(await shownToken(popup), TOKEN_SHAPE);
      const requests = (await jenkins.requests()).map((r) => `${r.method} ${r.status}`);
      assert.deepEqual(requests, ['POST 403', 'GET 200', 'POST 200']);
      assert.equal((await jenkins.tokens('alice')).length, 1);
    });
  });

  test('a crumb rejected twice: gives up, nothing created', async () => {
    await withPopup(browser, [], async ({ popup, jenkins }) => {
      await generateWithCrumbsRefused(jenkins, popup, 2);
      assert.equal(await alertText(popup), 'Jenkins refused the CSRF crumb twice, so no token was created. Reload the Jenkins page, then try again.');
      assert.deepEqual((await jenkins.requests()).map((r) => `${r.method} ${r.status}`), ['POST 403', 'GET 200', 'POST 403']);
      assert.deepEqual(await jenkins.tokens('alice'), []);
    });
  });

  test('403 with an empty body: not allowed', async () => {
    await withPopup(browser, [], async ({ popup, jenkins }) => {
      await replaceMintAnswer(jenkins, { status: 403, content_type: '', body: '' });
      await generate(popup);
      assert.equal(await alertText(popup), "Jenkins doesn't allow alice to create a token here (HTTP 403), so none was created.");
      await formIsIntact(popup, await popup.getByLabel('Token name').inputValue());
    });
  });

  test('HTTP 200 with status "error": the server message, as text', async () => {
    await withPopup(browser, [], async ({ popup, jenkins }) => {
      const message = '<img src=x onerror="document.title=\'pwned\'"> Tokens are <b>frozen</b>.';
      await replaceMintAnswer(jenkins, { status: 200, content_type: 'application/json; charset=UTF-8', body: JSON.stringify({ status: 'error', message }) });
      await generate(popup);
      assert.equal(await alertText(popup), `Jenkins didn't create the token: ${message}`);
      assert.equal(await popup.locator('#alert img, #alert b').count(), 0, 'no markup was created');
      assert.notEqual(await popup.title(), 'pwned');
    });
  });

  test('a past custom expiry date is caught before any request', async () => {
    await withPopup(browser, [], async ({ popup, jenkins }) => {
      await jenkins.control('reset', {});
      await popup.getByLabel('Expires', { exact: true }).selectOption('custom');
      await popup.getByLabel('Expiry date').fill('2020-01-01');
      await popup.getByRole('button', { name: 'Generate' }).click();
      await popup.getByRole('alert').waitFor();
      assert.equal(await alertText(popup), 'The expiry date is in the past: pick today or a later day.');
      assert.deepEqual(await jenkins.requests(), []);
    });
  });

  // Where the answer says nothing of the token, the popup reads the list at once (one GET) and says
  // whether Jenkins made it; these replace the answer before Jenkins handles the request.
  test('HTML where the token JSON was expected: the list says no token was made', async () => {
    await withPopup(browser, [], async ({ popup, jenkins }) => {
      await popup.getByLabel('Token name').fill('proxy victim');
      await replaceMintAnswer(jenkins, { status: 200, content_type: 'text/html', body: '<html><body>Welcome to the portal</body></html>' });
      await generate(popup);
      assert.deepEqual(await noticeText(popup), [
        'Jenkins answered with a web page instead of the token (HTTP 200).',
        'No token named “proxy victim” was created: you can generate again.',
      ]);
      assert.equal(await alertText(popup), null);
      assert.equal((await jenkins.requests()).filter((r) => r.method === 'GET' && r.path.endsWith('/security/')).length, 1, 'one GET');
    });
  });

  test('malformed JSON', async () => {
    await withPopup(browser, [], async ({ popup, jenkins }) => {
      await replaceMintAnswer(jenkins, { status: 200, content_type: 'application/json', body: '{"status":"ok","data":{"tokenName":' });
      await generate(popup);
      const [what, finding] = await noticeText(popup);
      assert.match(what, /^Jenkins' answer held no usable token: the JSON is broken at line 1, column \d+\.$/);
      assert.match(finding, /^No token named “.+” was created: you can generate again\.$/);
    });
  });

  test('a token value of the wrong shape is never shown', async () => {
    await withPopup(browser, [], async ({ popup, jenkins }) => {
      const data = { tokenName: 'x', tokenUuid: 'u', tokenValue: '<script>alert(1)</script>' };
      await replaceMintAnswer(jenkins, { status: 200, content_type: 'application/json', body: JSON.stringify({ status: 'ok', data }) });
      await generate(popup);
      assert.match((await noticeText(popup))[0], /^Jenkins' answer held no usable token: the token value does not have the shape of a Jenkins API token\.$/);
      assert.equal(await popup.locator('#result').isVisible(), false);
    });
  });

  test('a token Jenkins minted in an unfamiliar shape is shown, with a note, never refused', async () => {
    await withPopup(browser, [], async ({ popup, jenkins }) => {
      const odd = 'acme-pat_0123456789ABCDEFghij';
      const data = { tokenName: 'odd', tokenUuid: 'u-odd', tokenValue: odd };
      await replaceMintAnswer(jenkins, { status: 200, content_type: 'application/json', body: JSON.stringify({ status: 'ok', data }) });
      await generate(popup);
      assert.equal(await alertText(popup), null);
      assert.equal(await shownToken(popup), odd);
      assert.equal(
        await popup.locator('#token-shape-note').innerText(),
        'This token does not have the usual shape of a Jenkins API token. Jenkins reported it as created, so it is shown as it came: Verify tells whether it works.',
      );
      assert.match(await popup.locator('.snippet-text').first().innerText(), new RegExp(`alice:${odd}`));
    });
  });

  test('an identifiable token (jenkins_apitoken_ prefix) is shown, verified and in the snippets', async () => {
    await withPopup(browser, ['--token-prefix', 'jenkins_apitoken_'], async ({ popup, jenkins }) => {
      await generate(popup);
      const token = await shownToken(popup);
      assert.match(token, /^jenkins_apitoken_11[0-9a-f]{32}$/);
      assert.equal(await popup.locator('#token-shape-note').isVisible(), false, 'a known shape needs no note');
      assert.equal(await popup.evaluate(() => navigator.clipboard.readText()), token);
      await popup.getByRole('button', { name: 'Verify' }).click();
      await popup.waitForFunction(() => document.getElementById('action-status').textContent.startsWith('✓'));
      assert.equal(await popup.locator('#action-status').innerText(), '✓ Works: Jenkins accepts it as alice.');
      assert.equal(
        await popup.locator('.snippet-text').first().innerText(),
        `curl -fsS -u 'alice:${token}' '${jenkins.root}whoAmI/api/json'`,
      );
      assert.equal((await jenkins.whoAmIWith('alice', token)).name, 'alice');
    });
  });

  test('HTTP 500 before Jenkins handled it: the list says no token was made', async () => {
    await withPopup(browser, [], async ({ popup, jenkins }) => {
      await replaceMintAnswer(jenkins, { status: 500, content_type: 'text/html', body: '<html>Oops</html>' });
      await generate(popup);
      const [what, finding] = await noticeText(popup);
      assert.equal(what, 'Jenkins answered with an error (HTTP 500).');
      assert.match(finding, /^No token named “Chromium on Linux [\d-]+” was created: you can generate again\.$/);
    });
  });

  test('the connection breaks after Jenkins minted: the popup finds the token and offers to revoke it', async () => {
    await withPopup(browser, [], async ({ popup, jenkins }) => {
      await popup.getByLabel('Token name').fill('lost in transit');
      // The answer breaks off mid-way (browsers do not resend a request that got part of an answer).
      await jenkins.fault({ method: 'POST', path_contains: GENERATE_PATH, mode: 'cut_after' });
      await generate(popup);
      const [what, finding] = await noticeText(popup);
      assert.match(what, /^The connection to Jenkins broke \(.+\)\.$/);
      assert.match(finding, /^Jenkins created “lost in transit” at \d{1,2}:\d\d\s[AP]M, but its answer was lost: nobody can see its value\. Revoke it, unless you want to keep it\.$/);
      assert.deepEqual((await jenkins.tokens('alice')).map((t) => t.name), ['lost in transit']);
    });
  });

  test('a timeout: Jenkins made the token meanwhile, and the popup finds it', async () => {
    await withPopup(
      browser,
      [],
      async ({ popup, jenkins }) => {
        await popup.getByLabel('Token name').fill('slow one');
        await jenkins.fault({ method: 'POST', path_contains: GENERATE_PATH, mode: 'delay', delay_ms: 3000 });
        await generate(popup);
        const [what, finding] = await noticeText(popup);
        assert.equal(what, "Jenkins didn't answer in time.");
        assert.match(finding, /^Jenkins created “slow one” at /);
      },
      { timeout: 1000 },
    );
  });

  test('a double click sends exactly one request and makes one token', async () => {
    await withPopup(browser, [], async ({ popup, jenkins }) => {
      await jenkins.control('reset', {});
      await jenkins.fault({ method: 'POST', path_contains: GENERATE_PATH, mode: 'delay', delay_ms: 300 });
      await popup.getByRole('button', { name: 'Generate' }).dblclick();
      await popup.locator('#result').waitFor();
      assert.match(await shownToken(popup), TOKEN_SHAPE);
      assert.equal(matching(await jenkins.requests(), 'POST', GENERATE_PATH).length, 1);
      assert.equal((await jenkins.tokens('alice')).length, 1);
    });
  });

  test('when copying fails, the popup says why and the token is still there to copy', async () => {
    const refuseToCopy = () => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('Document is not focused.', 'NotAllowedError'));
    };
    await withPopup(
      browser,
      [],
      async ({ popup }) => {
        await generate(popup);
        assert.match(await shownToken(popup), TOKEN_SHAPE);
        assert.equal(
          await popup.locator('#copy-status').innerText(),
          "Couldn't copy to the clipboard (Document is not focused.). Select the token and copy it, or press Copy.",
        );
      },
      { initScript: refuseToCopy },
    );
  });

  test('a token name with markup is shown as text', async () => {
    await withPopup(browser, [], async ({ popup }) => {
      const name = '<img src=x onerror="document.title=\'pwned\'">';
      await popup.getByLabel('Token name').fill(name);
      await generate(popup);
      assert.match(await popup.locator('#result-intro').innerText(), new RegExp(`^“${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}” for alice\\.`));
      assert.equal(await popup.locator('#result img').count(), 0);
      assert.notEqual(await popup.title(), 'pwned');
    });
  });
});

test('while connecting (a page that does not show the session), the popup says so and offers no Generate button', async () => {
  await withPopup(
    browser,
    ['--version', '2.245'],
    async ({ popup }) => {
      assert.equal(await popup.getByRole('status').first().innerText(), 'Connecting to Jenkins…');
      assert.equal(await popup.getByRole('button', { name: 'Generate' }).isVisible(), false);
      await settled(popup);
      assert.equal(await popup.getByRole('button', { name: 'Generate' }).isEnabled(), true);
    },
    { beforeOpen: (jenkins) => jenkins.control('latency', { ms: 400 }), settle: false },
  );
});

test('a broken install (a wasm that does not compile): the popup says so, and sends nothing', async () => {
  const broken = path.join(await mkdtemp(path.join(tmpdir(), 'jat-broken-')), 'broken.wasm');
  await writeFile(broken, 'this is not WebAssembly');
  // Its own browser: the copy of the extension it loads has the broken wasm.
  const damaged = await launchBrowser({ extraFiles: { 'pkg/jenkins_api_token_bg.wasm': broken } });
  try {
    await withPopup(
      damaged,
      [],
      async ({ jenkins, popup }) => {
        await popup.getByRole('alert').waitFor();
        assert.match(await alertText(popup), /^The extension failed to start: \S/);
        assert.equal(await popup.getByRole('status').first().isVisible(), false);
        assert.equal(await popup.getByRole('button', { name: 'Generate' }).isVisible(), false);
        assert.deepEqual(await jenkins.requests(), []);
      },
      { beforeOpen: (jenkins) => jenkins.control('reset', {}), settle: false },
    );
  } finally {
    await damaged.close();
  }
});
