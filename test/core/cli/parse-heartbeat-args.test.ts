import { describe, expect, it } from 'vitest';
import { renderHelp } from '../../../src/core/cli/help-text.js';
import { parseCliArgs } from '../../../src/core/cli/parse-cli-args.js';
import {
  heartbeatIntervalSlug,
  parseListenAddress,
} from '../../../src/core/cli/parse-heartbeat-args.js';

function issuesOf(argv: string[]) {
  const parsed = parseCliArgs(argv);
  return parsed.ok ? [] : parsed.issues;
}

describe('loadgate heartbeat: flags', () => {
  it('defaults: every 5 s, down after 3, no server, no push, no exit on failure', () => {
    expect(parseCliArgs(['heartbeat', 'p.yml'])).toEqual({
      ok: true,
      cli: {
        command: 'heartbeat',
        profilePath: 'p.yml',
        intervalMs: 5000,
        failAfter: 3,
        exitOnFailure: false,
      },
    });
  });

  it('reads every flag', () => {
    const parsed = parseCliArgs([
      'heartbeat',
      'p.yml',
      '--interval',
      '250ms',
      '--listen',
      '127.0.0.1:0',
      '--out',
      'hb.json',
      '--fail-after=5',
      '--exit-on-failure',
      '--target',
      'http://127.0.0.1:8080',
      '--pushgateway',
      'http://127.0.0.1:9091/',
      '--push-every',
      '12',
      '--environment',
      'staging',
      '--client',
      'team-a',
    ]);
    expect(parsed).toEqual({
      ok: true,
      cli: {
        command: 'heartbeat',
        profilePath: 'p.yml',
        target: 'http://127.0.0.1:8080',
        intervalMs: 250,
        listen: { host: '127.0.0.1', port: 0 },
        outPath: 'hb.json',
        failAfter: 5,
        exitOnFailure: true,
        pushgateway: { url: 'http://127.0.0.1:9091', every: 12 },
        environment: 'staging',
        client: 'team-a',
      },
    });
  });

  it('names each bad flag and the form it expects, all at once', () => {
    const issues = issuesOf([
      'heartbeat',
      'p.yml',
      '--interval',
      '5',
      '--listen',
      'localhost',
      '--fail-after',
      '0',
      '--environment',
      'prod eu',
    ]);
    expect(issues).toEqual([
      {
        path: '--interval',
        message: 'expected a duration like 500ms, 30s or 1m30s, got "5" (add a unit: "5s")',
      },
      {
        path: '--listen',
        message:
          'expected HOST:PORT like 127.0.0.1:9464, :9464 (every interface) or a port alone, got "localhost"',
      },
      {
        path: '--fail-after',
        message: 'expected a whole number of failed probes from 1 to 1000, got "0"',
      },
      {
        path: '--environment',
        message: expect.stringMatching(/^expected letters, digits.*got "prod eu"$/),
      },
    ]);
  });

  it('keeps the interval between 100ms and 1h', () => {
    expect(issuesOf(['heartbeat', 'p.yml', '--interval', '10ms'])).toEqual([
      {
        path: '--interval',
        message: 'expected a duration from 100ms to 1h, got "10ms"',
      },
    ]);
    expect(issuesOf(['heartbeat', 'p.yml', '--interval', '1h'])).toEqual([]);
  });

  it('needs a profile or --target, and at most one profile', () => {
    expect(issuesOf(['heartbeat'])).toEqual([
      { path: 'PROFILE', message: expect.stringMatching(/^required: the profile/) },
    ]);
    expect(parseCliArgs(['heartbeat', '--target', 'http://127.0.0.1:1/health'])).toMatchObject({
      ok: true,
      cli: { target: 'http://127.0.0.1:1/health' },
    });
    expect(issuesOf(['heartbeat', 'a.yml', 'b.yml'])).toEqual([
      { path: 'arguments', message: 'unexpected argument "b.yml"' },
    ]);
  });

  it('--push-every needs --pushgateway; a gateway URL with credentials is refused unechoed', () => {
    expect(issuesOf(['heartbeat', 'p.yml', '--push-every', '3'])).toEqual([
      { path: '--push-every', message: 'applies to pushes: add --pushgateway URL' },
    ]);
    const issues = issuesOf([
      'heartbeat',
      'p.yml',
      '--pushgateway',
      'http://u:s3cr3t@127.0.0.1:9091',
    ]);
    expect(issues.map((i) => i.path)).toEqual(['--pushgateway']);
    expect(JSON.stringify(issues)).not.toContain('s3cr3t');
  });

  it('a flag without a value shows a heartbeat example; an unknown flag lists the known ones', () => {
    expect(issuesOf(['heartbeat', 'p.yml', '--interval'])).toEqual([
      { path: '--interval', message: 'needs a value, e.g. --interval 5s' },
    ]);
    const [unknown] = issuesOf(['heartbeat', 'p.yml', '--rate', '5']);
    expect(unknown?.path).toBe('--rate');
    expect(unknown?.message).toContain('--fail-after');
    expect(unknown?.message).toContain('--exit-on-failure');
    expect(issuesOf(['heartbeat', 'p.yml', '--exit-on-failure=yes'])).toEqual([
      { path: '--exit-on-failure', message: 'takes no value; write --exit-on-failure alone' },
    ]);
  });

  it('has its own help', () => {
    expect(parseCliArgs(['heartbeat', '--help'])).toEqual({
      ok: true,
      cli: { command: 'help', topic: 'heartbeat' },
    });
    expect(renderHelp('heartbeat')).toMatch(/^Usage: loadgate heartbeat PROFILE/);
    expect(renderHelp()).toContain('loadgate heartbeat PROFILE [options]');
  });
});

describe('parseListenAddress', () => {
  it.each([
    ['127.0.0.1:9464', { host: '127.0.0.1', port: 9464 }],
    [':9464', { port: 9464 }],
    ['9464', { host: '127.0.0.1', port: 9464 }],
    ['[::1]:9464', { host: '::1', port: 9464 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
  ])('%s', (text, value) => {
    expect(parseListenAddress(text)).toEqual({ ok: true, value });
  });

  it.each(['', '127.0.0.1', '127.0.0.1:65536', 'host:port', '::1:9464', '1.2.3.4: 80'])(
    'refuses %j',
    (text) => {
      expect(parseListenAddress(text).ok).toBe(false);
    },
  );
});

describe('heartbeatIntervalSlug', () => {
  it("is the profile's interval, else every-<interval> as a slug", () => {
    expect(heartbeatIntervalSlug(5000)).toBe('every-5s');
    expect(heartbeatIntervalSlug(90_000)).toBe('every-1m30s');
    expect(heartbeatIntervalSlug(100.5)).toBe('every-100-5ms');
    expect(heartbeatIntervalSlug(5000, 'hourly')).toBe('hourly');
  });
});
