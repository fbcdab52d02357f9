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
