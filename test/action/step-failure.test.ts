import { describe, expect, it } from 'vitest';
import type { FinishedRun } from '../../src/app/sinks/sink.js';
import type { Level } from '../../src/core/rules/types.js';
import { describeStepFailure } from '../../src/main.js';
import { makeResult } from '../helpers/make-result.js';

function finished(level: Level, reasons: string[] = []): FinishedRun {
  return {
    result: makeResult(),
    verdict: {
      level,
      reasons,
      scenarios: [],
      hasBaseline: false,
      runWarnings: [],
      rulesDefaulted: true,
    },
    markdown: '',
    origin: 'read',
  };
}

describe('describeStepFailure: the only place outcomes become a failed step', () => {
  it('a run that could not be judged always fails the step, saying why', () => {
    expect(describeStepFailure({ kind: 'bad-input', issues: [] }, 'never')).toBe(
      'loadgate: bad input (see the errors above)',
    );
    expect(
      describeStepFailure(
        { kind: 'target-unusable', message: 'setup request "login" answered 401\nhint' },
        'never',
      ),
    ).toBe('loadgate: the target could not be load-tested: setup request "login" answered 401');
    expect(describeStepFailure({ kind: 'interrupted', run: finished('pass') }, 'never')).toBe(
      'loadgate: the run was interrupted',
    );
    expect(
      describeStepFailure(
        { kind: 'cannot-report', message: 'run 5 uploaded no artifact' },
        'never',
      ),
    ).toBe('loadgate: run 5 uploaded no artifact');
  });

  it('a judged run fails it as fail-on says, quoting the first reason', () => {
    const failing = {
      kind: 'judged',
      run: finished('fail', ['p95 80 ms, needs <= 50 ms']),
    } as const;
    expect(describeStepFailure(failing, 'fail')).toBe(
      'loadgate: the gate failed (fail): p95 80 ms, needs <= 50 ms',
    );
    expect(describeStepFailure(failing, 'never')).toBeUndefined();
    const warning = { kind: 'judged', run: finished('warn', ['p95 +12 %']) } as const;
    expect(describeStepFailure(warning, 'fail')).toBeUndefined();
    expect(describeStepFailure(warning, 'warn')).toBe(
      'loadgate: the gate failed (warn): p95 +12 %',
    );
  });

  it('a shard passes once measured, whatever fail-on says: its verdict is the merge job’s', () => {
    const shard = (status: 'completed' | 'interrupted') =>
      ({ kind: 'shard-measured', result: makeResult(), status }) as const;
    expect(describeStepFailure(shard('completed'), 'warn')).toBeUndefined();
    expect(describeStepFailure(shard('interrupted'), 'never')).toBe(
      'loadgate: the run was interrupted',
    );
  });

  it('one fallback for both modes when a verdict has no reason', () => {
    expect(describeStepFailure({ kind: 'judged', run: finished('fail') }, 'fail')).toBe(
      'loadgate: the gate failed (fail): see the job summary',
    );
  });
});
