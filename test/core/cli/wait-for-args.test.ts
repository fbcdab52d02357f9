import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/core/cli/parse-cli-args.js';

const RUN = ['run', '--target', 'http://127.0.0.1:8080', '--rate', '10'];

describe('loadgate run --wait-for', () => {
  it('reads the four flags into waitFor', () => {
    const parsed = parseCliArgs([
      ...RUN,
      '--wait-for',
      '/healthz',
      '--wait-for-status=200,204',
      '--wait-timeout',
      '2m',
      '--wait-for-body',
      'abc123',
    ]);
    expect(parsed.ok && parsed.cli.command === 'run' && parsed.cli.waitFor).toEqual({
      path: '/healthz',
      statuses: [200, 204],
      timeoutMs: 120_000,
      bodyIncludes: 'abc123',
      inRow: 3,
    });
  });

  it('is absent without --wait-for', () => {
    const parsed = parseCliArgs(RUN);
    expect(parsed.ok && parsed.cli.command === 'run' && parsed.cli.waitFor).toBeUndefined();
  });

  it('reports bad values with the other flags’ problems, each naming its flag', () => {
    const parsed = parseCliArgs([
      ...RUN,
      '--workers',
      'many',
      '--wait-for',
      '/healthz',
      '--wait-timeout',
      'forever',
    ]);
    expect(!parsed.ok && parsed.issues.map((issue) => issue.path)).toEqual([
      '--workers',
      '--wait-timeout',
    ]);
  });

  it('asks for a value with an example, and refuses the flag on other commands', () => {
    const missing = parseCliArgs([...RUN, '--wait-for']);
    expect(!missing.ok && missing.issues).toEqual([
      { path: '--wait-for', message: 'needs a value, e.g. --wait-for /healthz' },
    ]);
    const compare = parseCliArgs(['compare', '--current', 'r.json', '--wait-for', '/healthz']);
    expect(!compare.ok && compare.issues[0]?.path).toBe('--wait-for');
  });
});

describe('loadgate run --wait-for-header', () => {
  const SECRET = 'byp4ss-s3cret-value';

  it('is repeatable: every header, in order, in waitFor', () => {
    const parsed = parseCliArgs([
      ...RUN,
      '--wait-for',
      '/healthz',
      '--wait-for-header',
      `x-vercel-protection-bypass: ${SECRET}`,
      '--wait-for-header=CF-Access-Client-Id: id.access',
    ]);
    expect(parsed.ok && parsed.cli.command === 'run' && parsed.cli.waitFor?.headers).toEqual([
      { name: 'x-vercel-protection-bypass', value: SECRET },
      { name: 'cf-access-client-id', value: 'id.access' },
    ]);
  });

  it('reports every bad header by flag and index, with the other flags, never the value', () => {
    const parsed = parseCliArgs([
      ...RUN,
      '--wait-for',
      '/healthz',
      '--wait-timeout',
      'forever',
      '--wait-for-header',
      SECRET,
      '--wait-for-header',
      'x-ok: 1',
      '--wait-for-header',
      `x-bad: ${SECRET}\nx-more: 2`,
    ]);
    expect(!parsed.ok && parsed.issues.map((issue) => issue.path)).toEqual([
      '--wait-timeout',
      '--wait-for-header[0]',
      '--wait-for-header[2]',
    ]);
    expect(JSON.stringify(parsed)).not.toContain(SECRET);
  });

  it('needs --wait-for, and a value', () => {
    const alone = parseCliArgs([...RUN, '--wait-for-header', `x-bypass: ${SECRET}`]);
    expect(!alone.ok && alone.issues).toEqual([
      {
        path: '--wait-for-header',
        message: 'applies to the wait for the target: add --wait-for PATH (like /healthz)',
      },
    ]);
    const missing = parseCliArgs([...RUN, '--wait-for', '/healthz', '--wait-for-header']);
    expect(!missing.ok && missing.issues[0]).toEqual({
      path: '--wait-for-header',
      message: 'needs a value, e.g. --wait-for-header "x-vercel-protection-bypass: $BYPASS_SECRET"',
    });
  });
});
