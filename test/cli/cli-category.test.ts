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

/** Four scenarios: a normal page, an uncategorised health check and two policy probes. */
function writeProfile(cwd: string, baseUrl: string): void {
  writeFileSync(
    join(cwd, 'shop.yml'),
    [
      'name: shop',
      `baseUrl: ${baseUrl}`,
      'scenarios:',
      '  - { name: list, path: /list, weight: 5, category: normal }',
      '  - { name: health, path: /health }',
      '  - { name: pii, path: /policy/pii, weight: 1, category: policy, expect: { status: 403 } }',
      '  - { name: jailbreak, path: /policy/jb, weight: 3, category: policy, expect: { status: 403 } }',
      'load: { executor: constant-arrival-rate, rate: 10, duration: 1s, warmup: 0s }',
      'thresholds:',
      '  scenarios:',
      // Would fail if it were read: list answers 200, so nothing of it is blocked.
      '    list: { blockRate: "> 50%" }',
      '',
    ].join('\n'),
  );
}

describe('loadgate run --category (CLI)', () => {
  it('sends only the kept scenarios, at the whole rate asked for, and says what was left out', async () => {
    server = await startTargetServer({
      status: (req) => (req.path.startsWith('/policy/') ? 403 : 200),
    });
    const cwd = makeWorkDir();
    writeProfile(cwd, server.url);
    const run = await runCli(
      [
        'run',
        'shop.yml',
        '--category',
        'policy',
        '--rate',
        '40',
        '--out',
        'r.json',
        '--markdown',
        'report.md',
      ],
      { cwd },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const paths = new Set(server.requests.map((r) => r.path));
    expect([...paths].sort()).toEqual(['/policy/jb', '/policy/pii']);
    // The 40/s asked for went to the policy scenarios alone.
    expect(server.requestCount()).toBe(40);
    expect(run.stdout).toContain(
      'running 2 of 4 scenarios (category "policy"): "pii", "jailbreak"',
    );
    const result = JSON.parse(readFileSync(join(cwd, 'r.json'), 'utf8'));
    expect(result.scenarios.map((s: { name: string }) => s.name)).toEqual(['pii', 'jailbreak']);
    expect(result.selection).toEqual({
      categories: ['policy'],
      scenarios: [],
      leftOut: ['list', 'health'],
    });
    expect(result.categories).toMatchObject([
      { name: 'policy', scenarios: ['pii', 'jailbreak'], requests: 40, blocked: 40, blockRate: 1 },
    ]);
    const report = readFileSync(join(cwd, 'report.md'), 'utf8');
    expect(report).toContain(
      '1 rule was not evaluated, because its scenario did not run: "list": blockRate &gt; 50 % (critical).',
    );
  });

  it('refuses an unknown category before any load, exit 2, listing the known ones', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    writeProfile(cwd, server.url);
    const run = await runCli(['run', 'shop.yml', '--category', 'polcy', '--scenario', 'nope'], {
      cwd,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--category: no scenario has the category "polcy" (did you mean "policy"?); the profile\'s categories: "normal", "policy"',
    );
    expect(run.stderr).toContain(
      '--scenario: no scenario is named "nope"; the profile\'s scenarios: "list", "health", "pii", "jailbreak"',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(server.requestCount()).toBe(0);
  });
});
