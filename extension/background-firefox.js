// Firefox's background script, with one job: clearing the clipboard a while after the popup copied a
// token (or a snippet holding one), if it still holds exactly that (clipboard.js). Chromium's
// counterpart is background.js. An event page that only waits on timers is suspended after about 30 s
// of quiet, and its timers with it; a tick written to storage.session every 5 s (a number, no secret)
// is activity that keeps it up until the last clear is done.
let ticking;

const clearer = clipboardClearer({
  read: () => navigator.clipboard.readText(),
  write: (text) => navigator.clipboard.writeText(text),
  onIdle() {
    clearInterval(ticking);
    ticking = undefined;
    browser.storage.session.remove('clipboardTick');
  },
});

browser.runtime.onMessage.addListener((message, sender) => {
  if (message?.type !== 'clear-clipboard-later' || sender.id !== browser.runtime.id) return undefined;
  const delayMs = Number(message.delayMs);
  if (!Number.isFinite(delayMs) || delayMs < 0) return undefined;
  clearer.arm(String(message.hash), delayMs);
  ticking ??= setInterval(() => browser.storage.session.set({ clipboardTick: Date.now() }), 5000);
  return Promise.resolve({ armed: true });
});
