// The www page for browsers that cannot install extensions, deployed as docs/www.md says: Debian's
// nginx in front of Jenkins (the emulator under /jenkins/), the built page under /token/ of the same
// origin, with the X-Forwarded-* headers a proxy adds. A user logged in through the proxy mints,
// verifies and lists tokens from the page; a `?root=` on another origin is refused before any request.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, TOKEN_SHAPE, alertText, generate, logIn, settled, sharedBrowser, shownToken, startEmulator, until, verify, withPlainSite } from './harness.mjs';

const NGINX = '/usr/sbin/nginx';
const browser = sharedBrowser();
let jenkins;
let proxy;
let dir;
let nginx;

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** The nginx example of docs/www.md itself (its two locations), with this run's upstream and folder. */
async function documentedLocations(upstream) {
  const doc = await readFile(path.join(ROOT, 'docs/www.md'), 'utf8');
  const [, block] = doc.match(/```nginx\n([\s\S]*?)```/);
  assert.match(block, /location \/token\//, 'docs/www.md shows the page\'s location');
  return block.replace('http://127.0.0.1:8080', `http://${upstream}`).replace('/srv/jenkins-api-token/www/', `${path.join(ROOT, 'dist/www')}/`);
}

/** A whole nginx configuration around the documented locations, with this run's port and folders. */
const config = async (port, upstream) => `daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    ${await documentedLocations(upstream)}
  }
}
`;

before(async () => {
  jenkins = await startEmulator(['--context-path', '/jenkins']);
  dir = await mkdtemp(path.join(tmpdir(), 'jat-nginx-'));
  const port = await freePort();
  await writeFile(path.join(dir, 'nginx.conf'), await config(port, new URL(jenkins.origin).host));
  nginx = spawn(NGINX, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
  proxy = `http://127.0.0.1:${port}`;
  await until(async () => (await fetch(`${proxy}/token/`).catch(() => null))?.ok, 'nginx serves the page');
});

after(async () => {
  nginx?.kill();
  jenkins?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Logs alice in through the proxy's login page, like a user, and returns the tab. */
const logInThroughProxy = () => logIn(browser.context, { root: `${proxy}/jenkins/` });

test('behind nginx: the page at /token/?root=/jenkins/ mints, verifies and lists tokens', async () => {
  const page = await logInThroughProxy();
  await page.goto(`${proxy}/token/?root=/jenkins/`);
  await settled(page);
  assert.equal(await page.locator('#jenkins-root').innerText(), `${proxy}/jenkins/`);
  assert.equal(await page.locator('#jenkins-user').innerText(), 'alice');
  await jenkins.control('reset', {});
  await page.getByLabel('Token name').fill('behind the proxy');
  await generate(page);
  const token = await shownToken(page);
  assert.match(token, TOKEN_SHAPE);
  assert.equal(await verify(page), '✓ Works: Jenkins accepts it as alice.');
  await page.getByRole('tab', { name: 'My tokens' }).click();
  await page.waitForFunction(() => document.querySelector('#token-list .token-name') !== null);
  assert.deepEqual(await page.locator('.token-name').allInnerTexts(), ['behind the proxy']);

  // Everything went through the proxy, which added its headers; Jenkins saw the browser's origin.
  const exchanges = await jenkins.exchanges();
  const post = exchanges.find((e) => e.method === 'POST' && e.target.endsWith('/generateNewToken'));
  const header = (name) => post.headers.find(([key]) => key.toLowerCase() === name)?.[1];
  assert.equal(header('x-forwarded-for'), '127.0.0.1');
  assert.equal(header('x-forwarded-proto'), 'http');
  assert.equal(header('origin'), proxy);
  await page.close();
});

test('behind nginx: a ?root= on another origin is refused, and nothing is sent there', async () => {
  const page = await logInThroughProxy();
  await jenkins.control('reset', {});
  for (const root of [`${jenkins.origin}/jenkins/`, `//${new URL(jenkins.origin).host}/jenkins/`]) {
    await page.goto(`${proxy}/token/?root=${encodeURIComponent(root)}`);
    await settled(page);
    assert.match(await alertText(page), /^This page says its Jenkins is at .*, which is not the site in this tab/, root);
  }
  assert.deepEqual(await jenkins.requests(), [], 'no request reached Jenkins');
  await page.close();
});

test('behind nginx: the page is sent with frame-ancestors \'none\', and another origin cannot frame it', async () => {
  const response = await fetch(`${proxy}/token/?root=/jenkins/`);
  assert.equal(
    response.headers.get('content-security-policy'),
    "frame-ancestors 'none'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'",
  );
  assert.equal(response.headers.get('x-frame-options'), 'DENY');
  const page = await logInThroughProxy();
  await jenkins.control('reset', {});
  await withPlainSite(`<!doctype html><iframe src="${proxy}/token/?root=/jenkins/" allow="clipboard-write"></iframe>`, async (site) => {
    await page.goto(`${site.origin}/`);
    await page.waitForTimeout(1000);
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    assert.ok(frame, 'the frame exists');
    assert.equal(await frame.locator('#app').count(), 0, 'the browser showed nothing of the page in the frame');
  });
  assert.deepEqual(await jenkins.requests(), [], 'no request reached Jenkins');
  await page.close();
});
