// The speed-and-size benchmark (docs/performance.md, "The benchmark"): `cargo xtask bench` builds, then
// runs this.
//
// In headless Chromium against the Jenkins emulator, interleaving three pages run by run:
//   * the popup (the built extension, as the e2e tests load it), opened on a logged-in Jenkins tab;
//   * a bare baseline page in the same extension origin (bench-baseline.html) doing the same two GETs
//     and the same POST with plain `fetch`: the physical limit;
//   * the same page told to read the Jenkins root from the tab first, with the popup's two calls to the
//     browser ("baseline + tab read"): the limit for any page that must find the root, for reference.
// Times are taken inside the page: from navigation start (performance.now() = 0) to "ready" (the
// Generate button enabled, user and version shown), and from the click event to "token visible" (the
// #result section shown with a token), by a MutationObserver installed before any page script runs;
// each state is timed once it is laid out (only painting left).
// Requests are counted from the emulator's own log. Every row runs without and with emulated latency.
//
// Options: --runs N (measured runs per page and latency, default 40), --warmup N (default 5),
// --latency 0,100 (ms, comma-separated). BENCH_SIZES (JSON, from xtask) adds the size rows.
// Prints a Markdown report ending with the budgets missed, if any (a benchmark, not a test: it exits 0
// whatever the figures); also writes it to target/bench/latest.md, and the raw runs to latest.json.
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, TOKEN_SHAPE, launchBrowser, logIn, startEmulator, tabIdOf } from '../e2e/harness.mjs';

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '40' },
    warmup: { type: 'string', default: '5' },
    latency: { type: 'string', default: '0,100' },
  },
});
const RUNS = Number(options.runs);
const WARMUP = Number(options.warmup);
const LATENCIES = options.latency.split(',').map(Number);

// The speed budgets (docs/performance.md, "Budgets"; the size budgets come from xtask, see
// xtask/src/size.rs). With latency the popup is ready from what the tab shows, before any answer: well
// under the baseline, which waits for its GETs; on a bare loopback it may only keep up. Its click
// waits for nothing.
const READY_BUDGET = { bare: 1.3, latency: 0.75 };
const TOKEN_BUDGET = { bare: 1.2, latency: 1.05 };
const GENERATE_PATH = 'descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken';

/** Installed in both pages before their own scripts: records when each state is first reached. */
function probe() {
  const marks = { ready: null, confirmed: null, click: null, token: null, wasmStart: null, wasmEnd: null, tabFindStart: null, tabReadStart: null, tabReadEnd: null };
  window.__bench = marks;
  // The runner learns of each settled state through a binding (a CDP event, nothing evaluated in the
  // page). Waiting with Playwright's waitForFunction would evaluate its ~330 KB injected script in the
  // page (3–5 ms of main thread here) in the middle of the measured window, and with page.evaluate its
  // smaller utility script (1–2 ms): either hits the two pages at different moments of their work.
  const signal = (state) => window.__benchSignal?.(state);
  const shown = (element) => element !== null && element.closest('[hidden]') === null;
  const text = (id) => document.getElementById(id)?.textContent ?? '';
  // A state counts once it is in the DOM and laid out (style and layout flushed here, so only painting
  // is left): a page whose own code already forced layout is not charged twice, and one that left it
  // to the next frame is not let off.
  const laidOut = () => {
    document.documentElement.getBoundingClientRect();
    return performance.now();
  };
  const check = () => {
    const generate = document.getElementById('generate');
    if (
      marks.ready === null &&
      generate !== null &&
      !generate.disabled &&
      shown(generate) &&
      text('jenkins-user') !== '' &&
      text('jenkins-version') !== ''
    ) {
      marks.ready = laidOut();
      signal('opened');
    }
    // Jenkins' answers confirmed the session (the popup's #target[data-confirmed] no longer "false");
    // the baseline page, which has no such mark, is ready only once it has them.
    if (marks.ready !== null && marks.confirmed === null && document.getElementById('target')?.dataset.confirmed !== 'false') {
      marks.confirmed = laidOut();
      signal('confirmed');
    }
    // A failure instead (the popup's #alert shown): the runner then reports it.
    if (marks.ready === null && document.getElementById('alert')?.hidden === false) signal('opened');
    if (marks.click !== null && marks.token === null && shown(document.getElementById('result')) && document.getElementById('token-value')?.value) {
      marks.token = laidOut();
      signal('minted');
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  addEventListener('click', () => (marks.click ??= performance.now()), true);
  // When the popup's wasm starts compiling (its bytes are coming in) and when it is instantiated.
  for (const name of ['compileStreaming', 'instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      marks.wasmStart ??= performance.now();
      const result = original.apply(this, args);
      return name === 'compileStreaming' ? result : result.then((instance) => ((marks.wasmEnd ??= performance.now()), instance));
    };
  }
  // When the popup starts reading the tab (chrome.scripting) and when it has the answer.
  for (const name of ['get', 'query']) {
    const tabs = globalThis.chrome?.tabs;
    if (!tabs?.[name]) continue;
    const original = tabs[name];
    tabs[name] = function (...args) {
      marks.tabFindStart ??= performance.now();
      return original.apply(this, args);
    };
  }
  const scripting = globalThis.chrome?.scripting;
  if (scripting?.executeScript) {
    const original = scripting.executeScript;
    scripting.executeScript = function (...args) {
      marks.tabReadStart ??= performance.now();
      return original.apply(this, args).then((result) => {
        marks.tabReadEnd ??= performance.now();
        return result;
      });
    };
  }
}

/** What the page measured, plus its resource timings for the Jenkins requests. */
function collect() {
  const jenkins = performance
    .getEntriesByType('resource')
    .filter((entry) => entry.name.startsWith('http'))
    .map((entry) => ({ url: entry.name, start: entry.startTime, end: entry.responseEnd }));
  return { ...window.__bench, jenkins, tokenValue: document.getElementById('token-value')?.value ?? '' };
}

const quantile = (sorted, q) => {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
};
function stats(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return { n: sorted.length, median: quantile(sorted, 0.5), p10: quantile(sorted, 0.1), p90: quantile(sorted, 0.9) };
}
const ms = (s) => (s === null ? 'n/a' : `${s.median.toFixed(1)} ms (${s.p10.toFixed(1)}–${s.p90.toFixed(1)})`);
const median = (values) => stats(values)?.median ?? null;
const fixed = (value) => (value === null ? 'n/a' : value.toFixed(1));

const summary = (requests) => requests.map((r) => `${r.method} ${r.path.replace(/^.*\/(whoAmI|crumbIssuer|me)\//, '$1/')} ${r.status}`);

async function main() {
  const extraFiles = {
    'bench-baseline.html': path.join(import.meta.dirname, 'bench-baseline.html'),
    'bench-baseline.js': path.join(import.meta.dirname, 'bench-baseline.js'),
  };
  const browser = await launchBrowser({ extraFiles });
  const jenkins = await startEmulator(['--version', '2.555.1']);
  const loadBefore = os.loadavg();
  const results = {};
  let chromiumVersion = '';
  try {
    const tab = await logIn(browser.context, jenkins);
    const tabId = await tabIdOf(browser, tab);
    // An extension page stays open throughout, so every run finds the extension's process running
    // (as both pages do alike); the runs measure the pages, not process start-up.
    const anchor = await browser.context.newPage();
    await anchor.goto(`chrome-extension://${browser.extensionId}/test-blank.html`);
    chromiumVersion = browser.context.browser()?.version() ?? '?';

    const urls = {
      popup: `chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`,
      baseline: `chrome-extension://${browser.extensionId}/bench-baseline.html?root=${encodeURIComponent(jenkins.root)}`,
      baselineTab: `chrome-extension://${browser.extensionId}/bench-baseline.html?tab=${tabId}`,
    };

    const once = async (kind, latency) => {
      await jenkins.control('reset', {});
      if (latency > 0) await jenkins.control('latency', { ms: latency });
      const page = await browser.context.newPage();
      // Each state the probe signals, or 20 s.
      const signals = {};
      const settled = {};
      for (const state of ['opened', 'confirmed', 'minted']) {
        settled[state] = new Promise((resolve) => {
          const timer = setTimeout(resolve, 20000);
          signals[state] = () => (clearTimeout(timer), resolve());
        });
      }
      try {
        await page.exposeBinding('__benchSignal', (_source, state) => signals[state]?.());
        await page.addInitScript(probe);
        await page.goto(urls[kind]);
        await settled.opened;
        if ((await page.evaluate(() => window.__bench.ready)) === null) {
          throw new Error(`${kind}: ${await page.locator('#alert').innerText()}`);
        }
        // A person clicks later than Jenkins answers: the click comes once the session is confirmed.
        await settled.confirmed;
        const onOpen = await jenkins.requests();
        await page.click('#generate');
        await settled.minted;
        const afterClick = (await jenkins.requests()).slice(onOpen.length);
        const marks = await page.evaluate(collect);
        if (!TOKEN_SHAPE.test(marks.tokenValue)) throw new Error(`${kind}: no token shown`);
        return { ...marks, onOpen: summary(onOpen), afterClick: summary(afterClick) };
      } finally {
        await page.close();
      }
    };

    for (const latency of LATENCIES) {
      const runs = { popup: [], baseline: [], baselineTab: [] };
      const total = WARMUP + RUNS;
      for (let i = 0; i < total; i++) {
        // Reverse the order every other run, so drift on a shared machine hits the pages alike.
        const order = i % 2 === 0 ? ['popup', 'baseline', 'baselineTab'] : ['baselineTab', 'baseline', 'popup'];
        for (const kind of order) {
          const run = await once(kind, latency);
          if (i >= WARMUP) runs[kind].push(run);
        }
        if (process.stderr.isTTY) process.stderr.write(`\rlatency ${latency} ms: ${i + 1}/${total} runs${i < WARMUP ? ' (warm-up)' : ''}   `);
      }
      process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}latency ${latency} ms: ${total} runs per page done\n`);
      results[latency] = runs;
    }
  } finally {
    jenkins.stop();
    await browser.close();
  }
  const loadAfter = os.loadavg();

  const sizes = process.env.BENCH_SIZES ? JSON.parse(process.env.BENCH_SIZES) : null;
  const report = render({ results, sizes, chromiumVersion, debian: await debianVersion(), loadBefore, loadAfter });
  process.stdout.write(report.text);
  await mkdir(path.join(ROOT, 'target/bench'), { recursive: true });
  await writeFile(path.join(ROOT, 'target/bench/latest.md'), report.text);
  await writeFile(path.join(ROOT, 'target/bench/latest.json'), JSON.stringify({ results, sizes }, null, 1));
  process.stderr.write(`(written to target/bench/latest.md and latest.json)\n`);
}

/** Derived figures of one run. */
function figures(run) {
  const gets = run.jenkins.filter((entry) => /whoAmI\/api\/json|crumbIssuer\/api\/json/.test(entry.url));
  const post = run.jenkins.find((entry) => entry.url.includes(GENERATE_PATH));
  const [a, b] = gets;
  return {
    ready: run.ready,
    confirmed: run.confirmed,
    token: run.token - run.click,
    wasmStart: run.wasmStart,
    wasmEnd: run.wasmEnd,
    tabFindStart: run.tabFindStart,
    tabReadStart: run.tabReadStart,
    tabReadEnd: run.tabReadEnd,
    getsStart: Math.min(...gets.map((e) => e.start)),
    getsEnd: Math.max(...gets.map((e) => e.end)),
    afterGets: run.ready - Math.max(...gets.map((e) => e.end)),
    postStart: post ? post.start - run.click : null,
    postEnd: post ? post.end - run.click : null,
    afterPost: post ? run.token - post.end : null,
    parallel: gets.length === 2 && a.start < b.end && b.start < a.end,
    openOk:
      JSON.stringify([...run.onOpen].sort()) === JSON.stringify(['GET crumbIssuer/api/json 200', 'GET whoAmI/api/json 200']),
    clickOk: run.afterClick.length === 1 && /^POST me\/descriptorByName\/.*generateNewToken 200$/.test(run.afterClick[0]),
    opened: run.onOpen.length,
    clicked: run.afterClick.length,
  };
}

function render({ results, sizes, chromiumVersion, debian, loadBefore, loadAfter }) {
  const missed = [];
  const verdict = (holds, what) => {
    if (!holds) missed.push(what);
    return holds ? 'holds' : '**missed**';
  };
  const lines = [];
  const cpu = os.cpus();
  const date = new Date().toISOString().slice(0, 10);
  lines.push(
    `Machine: ${cpu[0]?.model.trim() ?? '?'}, ${cpu.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `Debian ${debian}, Chromium ${chromiumVersion} headless, Node ${process.versions.node}; ${date}; ` +
      `load average ${loadBefore[0].toFixed(1)} before, ${loadAfter[0].toFixed(1)} after.`,
    `${RUNS} measured runs per page and latency after ${WARMUP} warm-up runs, the three pages interleaved. ` +
      `Median (p10–p90). Ratio = extension median / baseline median.`,
    '',
    '| latency | figure | extension | baseline (bare `fetch`) | ratio | budget | |',
    '|---|---|---|---|---|---|---|',
  );
  for (const [latency, runs] of Object.entries(results)) {
    const popup = runs.popup.map(figures);
    const baseline = runs.baseline.map(figures);
    const pick = (list, key) => stats(list.map((f) => f[key]));
    const ready = [pick(popup, 'ready'), pick(baseline, 'ready')];
    const confirmed = pick(popup, 'confirmed');
    const token = [pick(popup, 'token'), pick(baseline, 'token')];
    const readyRatio = ready[0].median / ready[1].median;
    const tokenRatio = token[0].median / token[1].median;
    const at = `${latency} ms`;
    const [readyBudget, tokenBudget] = Number(latency) > 0 ? [READY_BUDGET.latency, TOKEN_BUDGET.latency] : [READY_BUDGET.bare, TOKEN_BUDGET.bare];
    lines.push(
      `| ${at} | popup open → ready from the page | ${ms(ready[0])} | ${ms(ready[1])} | ${readyRatio.toFixed(3)}× | ≤ ${readyBudget}× | ${verdict(readyRatio <= readyBudget, `ready ratio at ${at}`)} |`,
      `| ${at} | popup open → confirmed by Jenkins | ${ms(confirmed)} | ${ms(ready[1])} | ${(confirmed.median / ready[1].median).toFixed(3)}× | (reference) | |`,
      `| ${at} | Generate click → token visible | ${ms(token[0])} | ${ms(token[1])} | ${tokenRatio.toFixed(3)}× | ≤ ${tokenBudget}× | ${verdict(tokenRatio <= tokenBudget, `token ratio at ${at}`)} |`,
    );
    const readyTab = pick(runs.baselineTab.map(figures), 'ready');
    lines.push(
      `| ${at} | popup open → ready, against the baseline + tab read | ${ms(ready[0])} | ${ms(readyTab)} | ${(ready[0].median / readyTab.median).toFixed(3)}× | (reference) | |`,
    );
    // Parallel = each GET was sent before the other was answered (resource timing). Judged only with
    // latency: on a bare loopback an answer can arrive before the second call leaves the page.
    const judgeParallel = Number(latency) > 0;
    const counts = (list) => {
      const open = new Set(list.map((f) => f.opened));
      const click = new Set(list.map((f) => f.clicked));
      const parallel = list.filter((f) => f.parallel).length;
      return {
        open: `${[...open].join('/')} GET (overlapping in ${parallel}/${list.length})`,
        click: `${[...click].join('/')} POST`,
        ok: list.every((f) => f.openOk && (f.parallel || !judgeParallel)),
        clickOk: list.every((f) => f.clickOk),
      };
    };
    const [c, b] = [counts(popup), counts(baseline)];
    lines.push(
      `| ${at} | requests on open | ${c.open} | ${b.open} | | ${judgeParallel ? '2 parallel GETs' : '2 GETs'} | ${verdict(c.ok, `requests on open at ${at}`)} |`,
      `| ${at} | requests after Generate | ${c.click} | ${b.click} | | exactly 1 POST | ${verdict(c.clickOk, `requests after Generate at ${at}`)} |`,
    );
  }
  lines.push(
    '',
    'Requests are counted from the emulator\'s log. "Overlapping": each GET left before the other was answered ' +
      '(resource timing); judged only with latency, as a bare loopback can answer before the second call leaves.',
  );
  if (sizes) {
    lines.push('', '| size | raw | gzip -9 | budget | |', '|---|---|---|---|---|');
    for (const size of sizes) {
      const holds = (size.raw_budget === null || size.raw <= size.raw_budget) && (size.gzip_budget === null || size.gzip <= size.gzip_budget);
      const budget = [size.raw_budget && `≤ ${kb(size.raw_budget)} raw`, size.gzip_budget && `≤ ${kb(size.gzip_budget)} gzip`].filter(Boolean).join(', ');
      lines.push(
        `| ${size.what} | ${kb(size.raw)} (${size.raw} B) | ${size.gzip === null ? '' : `${kb(size.gzip)} (${size.gzip} B)`} | ${budget} | ${budget ? verdict(holds, `${size.what} size`) : ''} |`,
      );
    }
    lines.push('', '1 KB = 1024 bytes.');
  } else {
    lines.push('', '(no size rows: run through `cargo xtask bench`)');
  }

  // Where the time goes, medians in ms: open from navigation start, Generate from the click.
  lines.push(
    '',
    'Where the time goes (medians in ms; open: from navigation start; Generate: from the click event). ' +
      'The popup\'s script first asks chrome.tabs for the tab, then chrome.scripting reads its <head> ("tab read"), ' +
      'while the wasm loads; the baseline\'s script sends its GETs at once; "baseline + tab read" makes the popup\'s ' +
      'two calls to the browser first, then sends them.',
    '',
    '| latency | page | page script runs | wasm ready | tab read | GETs sent | GETs answered | ready | POST sent | POST answered | token visible |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const [latency, runs] of Object.entries(results)) {
    for (const [kind, label] of [['popup', 'popup'], ['baseline', 'baseline'], ['baselineTab', 'baseline + tab read']]) {
      const list = runs[kind].map(figures);
      const m = (key) => fixed(median(list.map((f) => f[key])));
      const readsTab = kind !== 'baseline';
      lines.push(
        `| ${latency} ms | ${label} | ${readsTab ? m('tabFindStart') : `≈ ${m('getsStart')}`} | ${kind === 'popup' ? m('wasmEnd') : '–'} | ` +
          `${readsTab ? m('tabReadEnd') : '–'} | ${m('getsStart')} | ${m('getsEnd')} | ${m('ready')} | ` +
          `${m('postStart')} | ${m('postEnd')} | ${m('token')} |`,
      );
    }
  }
  lines.push('', missed.length === 0 ? 'Every budget holds.' : `Budgets missed: ${missed.join('; ')}.`);
  lines.push('');
  return { text: lines.join('\n') + '\n', missed };
}

const kb = (bytes) => `${Number((bytes / 1024).toFixed(1))} KB`;

async function debianVersion() {
  try {
    return (await readFile('/etc/debian_version', 'utf8')).trim();
  } catch {
    return '?';
  }
}

await main();
