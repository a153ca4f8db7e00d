// Chromium's service worker, with one job: clearing the clipboard a while after the popup copied a
// token (or a snippet holding one), if it still holds exactly that (clipboard.js). A service worker
// cannot touch the clipboard, so it hands each job to an offscreen document (offscreen.js) and closes
// that document once nothing is pending. Firefox has its own, background-firefox.js.

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (sender.id !== chrome.runtime.id) return undefined;
  if (message?.type === 'offscreen-idle') {
    inTurn(closeIfIdle);
    return undefined;
  }
  if (message?.type !== 'clear-clipboard-later') return undefined;
  const job = { hash: String(message.hash), delayMs: Number(message.delayMs) };
  if (!Number.isFinite(job.delayMs) || job.delayMs < 0) return undefined;
  inTurn(() => inOffscreenDocument(job)).then(
    (armed) => reply({ armed }),
    (error) => reply({ armed: false, error: String(error) }),
  );
  return true;
});

// Opening, arming and closing the offscreen document take turns, so that a document about to close
// never takes a new job.
let turn = Promise.resolve();
function inTurn(step) {
  turn = turn.then(step, step);
  return turn;
}

async function inOffscreenDocument(job) {
  if (!(await chrome.offscreen.hasDocument())) {
    await chrome.offscreen.createDocument({
      url: 'offscreen.html',
      reasons: ['CLIPBOARD'],
      justification: 'Clears a copied Jenkins API token from the clipboard after a minute, if it is still there.',
    });
  }
  const answer = await chrome.runtime.sendMessage({ type: 'offscreen-clear-later', ...job });
  return answer?.armed === true;
}

async function closeIfIdle() {
  if (!(await chrome.offscreen.hasDocument())) return;
  const answer = await chrome.runtime.sendMessage({ type: 'offscreen-pending' });
  if (answer?.pending === 0) await chrome.offscreen.closeDocument();
}
