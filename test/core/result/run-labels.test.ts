import { describe, expect, it } from 'vitest';
import { buildResultsFile, type RunFacts } from '../../../src/core/result/build-result.js';
import { readResultsFile } from '../../../src/core/result/read-results-file.js';
import { serializeResults } from '../../../src/core/result/serialize-results.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import { RunRecorder } from '../../../src/core/stats/run-recorder.js';
import { makeProfile } from '../../helpers/make-profile.js';
import { simulateRun } from '../../helpers/synthetic-run.js';

const LABEL = '--baseline b.json';

const FACTS: RunFacts = {
  toolVersion: '9.9.9',
  startedAtEpochMs: Date.UTC(2026, 0, 5, 9, 0, 0),
  status: 'completed',
  environment: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 2, ci: true },
};

function build(facts: Partial<RunFacts> = {}): ResultsFileV1 {
  const profile = makeProfile('http://127.0.0.1:9', {
    executor: 'constant-arrival-rate',
    ratePerSec: 5,
    durationMs: 1000,
  });
  return buildResultsFile(profile, new RunRecorder(1, 0).finish(1000), { ...FACTS, ...facts });
}

/** Written the way the results sink writes it, then read the way a baseline is read. */
function roundTrip(result: ResultsFileV1) {
  return readResultsFile([...serializeResults(result)].join(''), LABEL);
}

function issuesWithRun(run: unknown): string[] {
  const result = simulateRun({
    scenarios: [{ name: 'list', ratePerSec: 20, medianMs: 5 }],
    durationMs: 3_000,
    seed: 1,
  });
  const read = readResultsFile(JSON.stringify({ ...result, run }), LABEL);
  return read.ok ? [] : read.issues.map((issue) => `${issue.path}: ${issue.message}`);
}

const RUN = {
  layer: 'scheduled',
  interval: 'daily',
  event: 'schedule',
  runId: 7_654_321,
  runAttempt: 2,
  runUrl: 'https://github.com/acme/shop/actions/runs/7654321',
} as const;

describe('results file: run labels', () => {
  it('writes the run labels given, after the status, and reads them back', () => {
    const result = build({ run: RUN });
    expect(result.run).toEqual(RUN);
    const keys = Object.keys(result);
    expect(keys.indexOf('run')).toBe(keys.indexOf('status') + 1);
    const read = roundTrip(result);
    expect(read.ok && read.result.run).toEqual(RUN);
  });

  it('leaves run out when none is given or none is known, and such a file still reads', () => {
    for (const result of [build(), build({ run: {} }), build({ run: { layer: undefined } })]) {
      expect('run' in result).toBe(false);
      const read = roundTrip(result);
      expect(read.ok).toBe(true);
      expect(read.ok && read.result.run).toBeUndefined();
    }
  });

  it('writes only the labels that are known', () => {
    const result = build({ run: { layer: 'manual', interval: 'manual', runId: undefined } });
    expect(result.run).toEqual({ layer: 'manual', interval: 'manual' });
  });

  it('accepts fields a later version adds inside run', () => {
    expect(issuesWithRun({ ...RUN, shard: 3 })).toEqual([]);
  });

  it('names every bad run field with the expected form', () => {
    expect(
      issuesWithRun({
        layer: 'nightly',
        interval: 'Every Day',
        event: '<img src=x>',
        runId: 0,
        runAttempt: 1.5,
        runUrl: 'javascript:alert(1)',
      }),
    ).toEqual([
      `${LABEL} run.layer: expected one of heartbeat, scheduled, manual, pull-request, release, got "nightly"`,
      `${LABEL} run.interval: expected hourly, daily, weekly, or a slug of lowercase letters, digits and "-" (up to 40 characters, like every-15m), got "Every Day"`,
      `${LABEL} run.event: expected an event name like schedule or workflow_dispatch, got "<img src=x>"`,
      `${LABEL} run.runId: expected a whole number from 1, got 0`,
      `${LABEL} run.runAttempt: expected a whole number from 1, got 1.5`,
      `${LABEL} run.runUrl: expected an http(s) URL of the workflow run, got "javascript:alert(1)"`,
    ]);
  });

  it('refuses a run that is not a mapping', () => {
    expect(issuesWithRun('scheduled')).toEqual([
      `${LABEL} run: expected a mapping of run labels, got "scheduled"`,
    ]);
  });
});
