import { describe, expect, it } from 'vitest';
import { renderHelp } from '../../../src/core/cli/help-text.js';
import { parseCliArgs } from '../../../src/core/cli/parse-cli-args.js';

describe('run --workers', () => {
  it('takes a thread count or auto; absent leaves the choice to auto', () => {
    const workersOf = (args: string[]) => {
      const parsed = parseCliArgs(['run', 'p.yml', ...args]);
      return parsed.ok && parsed.cli.command === 'run' ? parsed.cli.workers : 'not parsed';
    };
    expect(workersOf(['--workers', '4'])).toBe(4);
    expect(workersOf(['--workers=auto'])).toBe('auto');
    expect(workersOf([])).toBeUndefined();
  });

  it('refuses anything else with exit-2 issues naming the flag and the form, with other bad flags', () => {
    expect(parseCliArgs(['run', '--workers', '0', '--layer', 'nope'])).toEqual({
      ok: false,
      issues: [
        expect.objectContaining({ path: '--layer' }),
        {
          path: '--workers',
          message: 'expected a whole number of worker threads from 1 to 64, or auto, got "0"',
        },
      ],
    });
    expect(parseCliArgs(['run', '--workers'])).toEqual({
      ok: false,
      issues: [{ path: '--workers', message: 'needs a value, e.g. --workers 4 (or auto)' }],
    });
    const other = parseCliArgs(['compare', '--current', 'a.json', '--workers', '2']);
    expect(other.ok).toBe(false);
  });

  it('is in run’s help, auto documented', () => {
    const help = renderHelp('run');
    expect(help).toContain('--workers N|auto');
    expect(help).toContain('auto (default): 1 on 1 or 2 cores, else cores − 1');
  });
});
