import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../src/app/judge-results.js';
import { OUTPUT_FLAGS } from '../src/app/sinks/registry.js';
import type { FinishedRun } from '../src/app/sinks/sink.js';
import { ExitCode, exitCodeOf } from '../src/cli-main.js';
import { renderHelp } from '../src/core/cli/help-text.js';
import { parseCliArgs } from '../src/core/cli/parse-cli-args.js';
import type { Level } from '../src/core/rules/types.js';
import { makeResult } from './helpers/make-result.js';

function finished(level: Level): FinishedRun {
  return {
    result: makeResult(),
    verdict: {
      level,
      reasons: [],
      scenarios: [],
      hasBaseline: false,
      runWarnings: [],
      rulesDefaulted: true,
    },
    markdown: '',
    origin: 'measured',
  };
}

describe('exitCodeOf: the only place outcomes become exit codes (as the README documents)', () => {
  it.each([
    [{ kind: 'judged', run: finished('pass') }, 0],
    [{ kind: 'judged', run: finished('warn') }, 0],
    [{ kind: 'judged', run: finished('fail') }, 1],
    [{ kind: 'bad-input', issues: [] }, 2],
    [{ kind: 'target-unusable', message: 'refused' }, 3],
    [{ kind: 'target-unusable', message: 'lost', run: finished('pass') }, 3],
    [{ kind: 'interrupted', run: finished('fail') }, 130],
  ] satisfies [RunOutcome, number][])('%o → %i', (outcome, code) => {
    expect(exitCodeOf(outcome)).toBe(code);
  });

  it('a demo that ran both builds exits 0, even though its pull request fails the gate', () => {
    expect(exitCodeOf({ kind: 'demonstrated', run: finished('fail') })).toBe(ExitCode.ok);
  });
});

describe('the CLI takes and documents the flags the outputs declare', () => {
  it.each(OUTPUT_FLAGS.flatMap((flag) => flag.commands.map((command) => [command, flag] as const)))(
    '%s --%s',
    (command, flag) => {
      const help = renderHelp(command, OUTPUT_FLAGS);
      expect(help).toContain(`--${flag.name} ${flag.placeholder}`);
      expect(help).toContain(flag.help);
      const args =
        command === 'compare'
          ? ['compare', '--current', 'c.json']
          : command === 'merge'
            ? ['merge', 's1.json']
            : [command];
      const parsed = parseCliArgs([...args, `--${flag.name}`, 'x'], OUTPUT_FLAGS);
      expect(parsed.ok && 'outputs' in parsed.cli ? parsed.cli.outputs : undefined).toEqual({
        [flag.name]: 'x',
      });
    },
  );

  it('keeps the results file line as it was', () => {
    expect(renderHelp('run', OUTPUT_FLAGS)).toContain(
      '\n  --out FILE          results file (default loadgate-results.json)\n',
    );
  });
});
