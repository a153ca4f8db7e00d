// Clearing the clipboard later, wherever it runs (Chromium's offscreen.js, Firefox's
// background-firefox.js): the popup sends the SHA-256 of what it copied, never the text; per copy the
// worker keeps that hash and a timer, in memory, and at the deadline reads the clipboard and clears it
// only if it still holds exactly that. The popup uses `sha256Hex` too.

globalThis.sha256Hex = async (text) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');

/** `read()` and `write(text)` reach the clipboard; `onIdle()` runs once nothing is pending. */
globalThis.clipboardClearer = ({ read, write, onIdle }) => {
  const pending = new Map();
  async function clearIfStill(hash) {
    pending.delete(hash);
    try {
      const text = await read();
      if (text !== '' && (await sha256Hex(text)) === hash) await write('');
    } finally {
      if (pending.size === 0) onIdle();
    }
  }
  return {
    arm(hash, delayMs) {
      clearTimeout(pending.get(hash));
      pending.set(hash, setTimeout(() => clearIfStill(hash), delayMs));
    },
    get pending() {
      return pending.size;
    },
  };
};
