// The benchmark's baseline: the least an extension page can do for the same job, with plain `fetch`.
// It is the physical limit the popup is compared with. Copied into the benchmark's test copy of the
// extension (same origin, same CSP, same host permission as the popup there); never shipped.
// `?root=` gives the Jenkins root (the popup reads it from the tab; the baseline is told). With
// `?tab=<id>` instead, it first reads the root from that tab with the same two calls to the browser as
// the popup (chrome.tabs, then chrome.scripting): the least any page that must find the root can do.
const params = new URLSearchParams(location.search);
async function jenkinsRoot() {
  if (!params.has('tab')) return params.get('root');
  const tab = await chrome.tabs.get(Number(params.get('tab')));
  const [frame] = await chrome.scripting.executeScript({
    target: { tabId: tab.id },
    func: () => document.head.getAttribute('data-rooturl'),
  });
  return new URL(`${frame.result}/`, tab.url).href;
}
const root = await jenkinsRoot();
const $ = (id) => document.getElementById(id);

async function get(path) {
  const response = await fetch(root + path, { credentials: 'include' });
  return { response, json: await response.json() };
}

// Open: the same two GETs, in parallel.
const [whoAmI, crumb] = await Promise.all([get('whoAmI/api/json'), get('crumbIssuer/api/json')]);
$('jenkins-user').textContent = whoAmI.json.name;
$('jenkins-version').textContent = whoAmI.response.headers.get('X-Jenkins');
$('target').hidden = false;
$('generate').disabled = false;

// Generate: the same POST (the popup's default expiry, 30 days) with the crumb, then show the token.
$('generate').addEventListener('click', async () => {
  const response = await fetch(`${root}me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken`, {
    method: 'POST',
    credentials: 'include',
    headers: { [crumb.json.crumbRequestField]: crumb.json.crumb },
    body: new URLSearchParams({ newTokenName: 'benchmark baseline', expirationDuration: '30' }),
  });
  const answer = await response.json();
  $('token-value').value = answer.data.tokenValue;
  $('result').hidden = false;
});
