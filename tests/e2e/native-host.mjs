// What the save suites share, in Chromium (Playwright) and Firefox (puppeteer): saving from the popup
// into one file, and using each saved file the way its tool does.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { until } from './harness.mjs';

/** Clicks the file `target` offers under "Save to this computer…" and answers what the popup then says. */
export async function saveTo(popup, target) {
  await popup.click(`#save-targets [data-target="${target}"]`);
  return until(
    () =>
      popup.evaluate(() => {
        const said = document.getElementById('save-status').textContent;
        return !document.getElementById('save-choose').disabled && !said.startsWith('Talking') && said;
      }),
    `the answer to saving into ${target}`,
  );
}

/** The four files, for a Jenkins on 127.0.0.1:`port`. */
export function savedFiles(home, port) {
  return [
    '.netrc',
    '.config/jenkins_jobs/jenkins_jobs.ini',
    '.jenkins-cli.yaml',
    `.config/jenkins-api-token/127.0.0.1_${port}.env`,
  ].map((file) => path.join(home, file));
}

/** Who Jenkins takes each saved login for (`whoAmI`'s name), each read by its tool's own parser. */
export function useSavedFiles(home, port, root) {
  const [, jenkinsJobs, jcli, envFile] = savedFiles(home, port);
  const env = { ...process.env, HOME: home };
  const whoAmI = (args) =>
    JSON.parse(execFileSync('curl', ['-sf', ...args, `${root}whoAmI/api/json`], { env, encoding: 'utf8' })).name;
  const python = (script, file) => JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
  const ini = python(
    'import configparser, json, sys\nc = configparser.ConfigParser()\nc.read(sys.argv[1])\nj = c["jenkins"]\nprint(json.dumps([j["user"], j["password"], j["url"]]))',
    jenkinsJobs,
  );
  const yaml = python(
    'import yaml, json, sys\nd = yaml.safe_load(open(sys.argv[1]))\ns = [s for s in d["jenkins_servers"] if s["name"] == d["current"]][0]\nprint(json.dumps([s["username"], s["token"], s["url"]]))',
    jcli,
  );
  const sourced = execFileSync(
    'sh',
    ['-c', 'set -a; . "$1"; set +a; curl -sf -u "$JENKINS_USER_ID:$JENKINS_API_TOKEN" "${JENKINS_URL}whoAmI/api/json"', 'sh', envFile],
    { env, encoding: 'utf8' },
  );
  return {
    netrc: whoAmI(['--netrc']),
    env: JSON.parse(sourced).name,
    jenkinsJobs: ini[2] === root ? whoAmI(['-u', `${ini[0]}:${ini[1]}`]) : `url ${ini[2]}`,
    jcli: yaml[2] === root ? whoAmI(['-u', `${yaml[0]}:${yaml[1]}`]) : `url ${yaml[2]}`,
  };
}
