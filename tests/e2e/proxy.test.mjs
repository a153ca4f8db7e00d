// The www page for browsers that cannot install extensions, deployed as README says: Debian's nginx in
// front of Jenkins (the emulator under /jenkins/), the built page under /token/ of the same origin,
// with the X-Forwarded-* headers a proxy adds. A user logged in through the proxy mints, verifies and
// lists tokens from the page; a `?root=` on another origin is refused before any request.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, TOKEN_SHAPE, alertText, generate, logIn, settled, sharedBrowser, shownToken, startEmulator, until, verify } from './harness.mjs';

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

/** The README's nginx example, with this run's ports and folders. */
const config = (port, upstream) => `daemon off;
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
    location /jenkins/ {
      proxy_pass http://${upstream};
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $host;
      proxy_set_header X-Forwarded-Port $server_port;
    }
    location /token/ {
      alias ${path.join(ROOT, 'dist/www')}/;
    }
  }
}
`;

before(async () => {
  jenkins = await startEmulator(['--context-path', '/jenkins']);
  dir = await mkdtemp(path.join(tmpdir(), 'jat-nginx-'));
  const port = await freePort();
  await writeFile(path.join(dir, 'nginx.conf'), config(port, new URL(jenkins.origin).host));
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
