// Chromium's clipboard, for the service worker (background.js): an offscreen document may use it, a
// service worker may not. The clearing itself is clipboard.js; here the clipboard is reached through
// the editing commands.
const clearer = clipboardClearer({
  read() {
    const area = document.getElementById('area');
    area.value = '';
    area.focus();
    document.execCommand('paste');
    const text = area.value;
    area.value = '';
    return text;
  },
  write(text) {
    const onCopy = (event) => {
      event.clipboardData.setData('text/plain', text);
      event.preventDefault();
    };
    document.addEventListener('copy', onCopy);
    document.execCommand('copy');
    document.removeEventListener('copy', onCopy);
  },
  onIdle: () => chrome.runtime.sendMessage({ type: 'offscreen-idle' }).catch(() => {}),
});

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (sender.id !== chrome.runtime.id) return undefined;
  if (message?.type === 'offscreen-pending') reply({ pending: clearer.pending });
  if (message?.type === 'offscreen-clear-later') {
    clearer.arm(message.hash, message.delayMs);
    reply({ armed: true });
  }
  return undefined;
});
