// Fails when dist/ does not match a fresh build of src/: the committed action must be what
// the source says.
import { execFileSync } from 'node:child_process';

execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
const status = execFileSync('git', ['status', '--porcelain', '--', 'dist'], { encoding: 'utf8' });
if (status.trim() !== '') {
  process.stderr.write(`dist/ is stale; run "npm run build" and commit dist/:\n${status}`);
  execFileSync('git', ['--no-pager', 'diff', '--stat', '--', 'dist'], { stdio: 'inherit' });
  process.exit(1);
}
process.stdout.write('dist/ is up to date\n');
