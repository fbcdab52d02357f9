import { describe, expect, it } from 'vitest';
import { renderHelp } from '../../../src/core/cli/help-text.js';
import { parseCliArgs } from '../../../src/core/cli/parse-cli-args.js';

describe('run --shard / --start-at', () => {
  it('takes --shard as an override and --start-at as written (both checked later, with the profile and the clock)', () => {
    expect(
      parseCliArgs(['run', 'p.yml', '--shard', '2/4', '--start-at=2026-03-01T12:00:00Z']),
    ).toEqual({
      ok: true,
      cli: {
        command: 'run',
        profilePath: 'p.yml',
        overrides: { shard: '2/4' },
        startAt: '2026-03-01T12:00:00Z',
        outputs: {},
      },
    });
  });

  it('names a missing value with an example of each', () => {
    const parsed = parseCliArgs(['run', 'p.yml', '--shard', '--start-at']);
    expect(parsed).toEqual({
      ok: false,
      issues: [
        { path: '--shard', message: 'needs a value, e.g. --shard 2/4' },
        { path: '--start-at', message: 'needs a value, e.g. --start-at 2026-03-01T12:00:00Z' },
      ],
    });
  });

  it('belongs to run only', () => {
    const parsed = parseCliArgs(['compare', '--current', 'a.json', '--shard', '1/2']);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues[0]?.path).toBe('--shard');
  });

  it('is in the run help', () => {
    const help = renderHelp('run');
    expect(help).toContain('--shard i/N         run shard i of N');
    expect(help).toContain('--start-at TIME     wait until TIME to start');
  });
});
