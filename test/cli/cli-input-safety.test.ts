// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are the subject of these tests.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';
import { simulateRun } from '../helpers/synthetic-run.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const utf16 = (text: string) =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

function writeResults(cwd: string, name: string) {
  const run = simulateRun({
    scenarios: [{ name: 'search', ratePerSec: 100, medianMs: 5 }],
    durationMs: 10_000,
    seed: 1,
  });
  writeFileSync(join(cwd, name), JSON.stringify(run));
  return JSON.stringify(run);
}

describe('bad input is refused before any load, naming the field and never the secret', () => {
  it('a header value undici would refuse, from a ${VAR}: exit 2 at once, no connection made', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    writeFileSync(
      join(cwd, 'p.yml'),
      `name: typo\nbaseUrl: ${server.url}\ntimeout: 10s\nscenarios:\n  - { name: ok, path: /ok }\n  - { name: token, path: /t, headers: { x-token: "Token \${X_TOKEN}" } }\nload: { executor: constant-arrival-rate, rate: 50, duration: 10s, warmup: 0s }\n`,
    );
    const secret = 'pasted-from-a-doc\u2019s-page-123';
    const started = performance.now();
    const run = await runCli(['run', 'p.yml'], { cwd, env: { X_TOKEN: secret } });
    expect(run.code).toBe(2);
    expect(performance.now() - started).toBeLessThan(8_000);
    expect(run.stderr).toContain(
      'scenarios[1].headers.x-token: the value of ${X_TOKEN} has U+2019 ("’") at character 18',
    );
    expect(run.stdout + run.stderr).not.toContain('pasted-from');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(server.connectionCount()).toBe(0);
    expect(server.requestCount()).toBe(0);
  });
});

describe('compare --profile judges without the profile’s secrets', () => {
  it('needs no ${VAR} set, and still reports real problems of the profile', async () => {
    const cwd = makeWorkDir();
    writeResults(cwd, 'current.json');
    const profile = (duration: string) =>
      `name: gate\nbaseUrl: \${BASE_URL}\nheaders: { authorization: "Bearer \${API_TOKEN}" }\nscenarios: [{ name: search, path: "/s?k=\${KEY}" }]\nload: { executor: constant-arrival-rate, rate: 100, duration: ${duration} }\nthresholds: { p95: 1s }\n`;
    writeFileSync(join(cwd, 'good.yml'), profile('10s'));
    writeFileSync(join(cwd, 'bad.yml'), profile('10'));
    const good = await runCli(['compare', '--current', 'current.json', '--profile', 'good.yml'], {
      cwd,
    });
    expect(good.stderr).not.toContain('is not set');
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/p95/);
    const bad = await runCli(['compare', '--current', 'current.json', '--profile', 'bad.yml'], {
      cwd,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'load.duration: expected a duration like 500ms, 30s or 1m30s, got 10 (add a unit: "10s")',
    );
    expect(bad.stderr).not.toContain('is not set');
  });
});

describe('files that are not UTF-8 text', () => {
  it('says so for a UTF-16 profile and results files, before any load', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    writeFileSync(
      join(cwd, 'p.yml'),
      utf16(
        `name: x\nbaseUrl: ${server.url}\nscenarios: [{ name: a, path: / }]\nload: { preset: smoke }\n`,
      ),
    );
    const results = writeResults(cwd, 'base.json');
    writeFileSync(join(cwd, 'base16.json'), utf16(results));
    const profileRun = await runCli(['run', 'p.yml'], { cwd });
    expect(profileRun.code).toBe(2);
    expect(profileRun.stderr).toContain(
      'profile: cannot read p.yml: not UTF-8 text: it looks like UTF-16; save it as UTF-8',
    );
    const baselineRun = await runCli(
      [
        'run',
        '--target',
        `${server.url}/`,
        '--rate',
        '10',
        '--duration',
        '1s',
        '--baseline',
        'base16.json',
      ],
      { cwd },
    );
    expect(baselineRun.code).toBe(2);
    expect(baselineRun.stderr).toContain(
      '--baseline: cannot read base16.json: not UTF-8 text: it looks like UTF-16',
    );
    expect(server.requestCount()).toBe(0);
    const compared = await runCli(['compare', '--current', 'base16.json'], { cwd });
    expect(compared.code).toBe(2);
    expect(compared.stderr).toContain(
      '--current: cannot read base16.json: not UTF-8 text: it looks like UTF-16',
    );
  });

  it('accepts a UTF-8 byte-order mark', async () => {
    const cwd = makeWorkDir();
    const results = writeResults(cwd, 'plain.json');
    writeFileSync(join(cwd, 'bom.json'), `\uFEFF${results}`);
    const run = await runCli(['compare', '--current', 'bom.json', '--baseline', 'plain.json'], {
      cwd,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});

describe('secrets in the target URL', () => {
  it('sends query values and credentials, but never writes or prints them', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    const target = server.url.replace('http://', 'http://ci-bot:pass-w0rd-42@');
    const run = await runCli(
      [
        'run',
        '--target',
        `${target}/health?api_key=SECRETKEY123&page=7`,
        '--rate',
        '20',
        '--duration',
        '1s',
        '--markdown',
        'report.md',
      ],
      { cwd },
    );
    expect(run.code).toBe(0);
    const token = Buffer.from('ci-bot:pass-w0rd-42').toString('base64');
    expect(server.requests[0]?.path).toBe('/health?api_key=SECRETKEY123&page=7');
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${token}`);
    const written = readFileSync(join(cwd, 'loadgate-results.json'), 'utf8');
    const report = readFileSync(join(cwd, 'report.md'), 'utf8');
    for (const text of [run.stdout, run.stderr, written, report]) {
      expect(text).not.toContain('SECRETKEY123');
      expect(text).not.toContain('pass-w0rd-42');
      expect(text).not.toContain(token);
    }
    const result = JSON.parse(written);
    expect(result.scenarios[0]).toMatchObject({
      name: 'GET /health?api_key=***&page=***',
      path: '/health?api_key=***&page=***',
    });
    expect(result.target).toBe(server.url);
    expect(run.stdout).toContain('GET /health?api_key=***&page=***');
  });

  it('does not mangle output with a value too short to mask, and says so by name', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    writeFileSync(
      join(cwd, 'p.yml'),
      `name: shard\nbaseUrl: ${server.url}\nheaders: { x-shard: "\${SHARD}" }\nscenarios: [{ name: a, path: / }]\nload: { executor: constant-arrival-rate, rate: 20, duration: 500ms, warmup: 0s }\n`,
    );
    const run = await runCli(['run', 'p.yml'], { cwd, env: { SHARD: '2' } });
    expect(run.code).toBe(0);
    expect(server.requests[0]?.headers['x-shard']).toBe('2');
    expect(run.stdout).toContain(`→ ${server.url}`);
    expect(run.stdout).not.toContain('1***7');
    expect(run.stderr).toContain(
      'warning: headers.x-shard: ${SHARD} is too short to be masked safely (fewer than 4 characters), so its value is not masked in output',
    );
  });
});
