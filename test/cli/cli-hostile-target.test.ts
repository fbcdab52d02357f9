import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type HostileServer, startTrickleServer } from '../helpers/hostile-servers.js';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('loadgate run against a hostile target (CLI)', () => {
  it('fails the gate when every body trickles past the timeout (exit 1, not a pass)', async () => {
    // Headers at once, then a byte every 50 ms for 5 s: no gap is long, the body is.
    server = await startTrickleServer({ byteIntervalMs: 50, totalBytes: 100 });
    const cwd = makeWorkDir();
    writeFileSync(
      join(cwd, 'p.yml'),
      [
        'name: trickle',
        `baseUrl: ${server.url}`,
        'timeout: 500ms',
        'scenarios:',
        '  - { name: slow body, path: /report }',
        'load: { executor: constant-arrival-rate, rate: 10, duration: 1s, warmup: 0s }',
        'thresholds:',
        '  p95: 300ms',
        '  errorRate: { critical: 1% }',
        '',
      ].join('\n'),
    );
    const run = await runCli(['run', 'p.yml'], { cwd });
    const result = JSON.parse(readFileSync(join(cwd, 'loadgate-results.json'), 'utf8'));
    expect(result.status).toBe('completed');
    expect(result.totals).toMatchObject({ requests: 10, errors: 10, ok: 0, interrupted: 0 });
    expect(result.errorKinds).toEqual({ timeout: 10 });
    expect(run.stdout).toContain('transport errors: timeout 10');
    expect(run.code).toBe(1);
  }, 20_000);
});
