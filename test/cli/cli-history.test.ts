/**
 * `loadgate run --history FILE` and `loadgate history show FILE`: the CLI keeps the same memory
 * as the action, in a file the user keeps wherever they like.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A one-scenario profile: 50/s for 2 s, with a p50 regression rule that a 4× slowdown breaks. */
function writeProfile(cwd: string, url: string): string {
  writeFileSync(
    join(cwd, 'p.yml'),
    `name: cli history
baseUrl: ${url}
scenarios:
  - { name: home, path: / }
load: { executor: constant-arrival-rate, rate: 50/s, duration: 2s, warmup: 0s }
thresholds:
  sendLagP99: { target: 250ms }
regressions:
  p50: { fail: 50%, floor: 5ms }
`,
  );
  return 'p.yml';
}

describe('loadgate run --history and history show (CLI)', { timeout: 90_000 }, () => {
  it('starts a history, judges later runs against its rolling baseline, and shows the trend', async () => {
    const latency = { ms: 2 };
    server = await startTargetServer({ latencyMs: () => latency.ms });
    const cwd = makeWorkDir();
    const profile = writeProfile(cwd, server.url);
    const args = ['run', profile, '--history', 'h.json', '--layer', 'scheduled'];

    const first = await runCli([...args, '--interval', 'hourly'], { cwd });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('No history at h.json yet: this run starts it.');
    expect(first.stdout).toContain('history: h.json (1 entries)');
    await runCli([...args, '--interval', 'hourly'], { cwd });
    latency.ms = 30;
    const slow = await runCli([...args, '--interval', 'hourly', '--confirm'], { cwd });

    expect(slow.stdout).toContain(
      'Compared with a rolling baseline: the exact merge of the last 2 runs of scheduled/hourly',
    );
    expect(slow.stdout).toContain('re-measuring the whole profile once to confirm');
    expect(slow.code).toBe(1);
    expect(slow.stdout).toMatch(/p50 \+\d+.*across 2 earlier runs.*confirmed on re-measuring/);
    const history = JSON.parse(readFileSync(join(cwd, 'h.json'), 'utf8'));
    expect(history.kind).toBe('loadgate-history');
    expect(
      history.entries.map((e: { verdict: string; breach?: string }) => [e.verdict, e.breach]),
    ).toEqual([
      ['pass', undefined],
      ['pass', undefined],
      ['fail', 'confirmed'],
    ]);
    expect(readFileSync(join(cwd, 'loadgate-results-confirmation.json'), 'utf8')).toContain(
      '"schemaVersion": 1',
    );

    // Another interval is another series: its own baseline, none yet.
    const daily = await runCli([...args, '--interval', 'daily'], { cwd });
    expect(daily.stdout).toContain('No rolling baseline yet');

    const shown = await runCli(['history', 'show', 'h.json', '--last', '2'], { cwd });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('series cli history scheduled/hourly');
    expect(shown.stdout).toMatch(/2 of 3 entries/);
    expect(shown.stdout).toMatch(/fail/);
  });

  it('refuses a corrupt history before any load, exit 2, naming the field', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    const profile = writeProfile(cwd, server.url);
    writeFileSync(
      join(cwd, 'h.json'),
      '{"schemaVersion":1,"kind":"loadgate-history","tool":{"name":"loadgate","version":"0"},"entries":[{"id":1}]}',
    );
    const run = await runCli(['run', profile, '--history', 'h.json'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--history h\.json.*entries\[0\]/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(server.requests).toHaveLength(0);

    const shown = await runCli(['history', 'show', 'h.json'], { cwd });
    expect(shown.code).toBe(2);
    expect(shown.stderr).toMatch(/entries\[0\]/);
  });

  it('refuses --confirm without --history or --baseline (--layer alone only labels the run), and a results file given as a history', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    const confirm = await runCli(
      ['run', '--target', 'http://127.0.0.1:1/', '--rate', '1', '--confirm'],
      { cwd },
    );
    expect(confirm.code).toBe(2);
    expect(confirm.stderr).toContain(
      '--confirm: applies to runs compared with a baseline: add --baseline FILE or --baseline-target URL (a regression is re-measured before it fails) or --history FILE',
    );
    const labelled = await runCli(
      [
        'run',
        '--target',
        `${server.url}/`,
        '--rate',
        '5',
        '--duration',
        '1s',
        '--layer',
        'release',
        '--interval',
        'weekly',
      ],
      { cwd },
    );
    expect(labelled.code).toBe(0);
    const result = JSON.parse(readFileSync(join(cwd, 'loadgate-results.json'), 'utf8'));
    expect(result.run).toMatchObject({ layer: 'release', interval: 'weekly' });
    writeFileSync(join(cwd, 'r.json'), '{"schemaVersion":1,"tool":{"name":"loadgate"}}');
    const shown = await runCli(['history', 'show', 'r.json'], { cwd });
    expect(shown.code).toBe(2);
    expect(shown.stderr).toMatch(/history/i);
  });
});
