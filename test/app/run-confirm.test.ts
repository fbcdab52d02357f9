/**
 * `confirm: N` on a run judged against a baseline file (a pull request): what is re-measured,
 * how often, for how long, and what the verdict becomes. Scripted engine, real judging.
 */
import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../../src/app/judge-results.js';
import { runLoadTest } from '../../src/app/run-load-test.js';
import { cliSettings } from '../../src/app/sinks/sink.js';
import type { Profile } from '../../src/core/profile/types.js';
import { RunRecorder } from '../../src/core/stats/run-recorder.js';
import type { EngineOutcome } from '../../src/ports.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  ScriptedEngine,
} from '../fakes/memory-ports.js';

/** `list` is a quarter of the load: its regression never moves the whole run's median. */
const PROFILE = `name: shop
baseUrl: http://127.0.0.1:9
scenarios:
  - { name: list, path: /list, weight: 1 }
  - { name: detail, path: /detail, weight: 3 }
load: { executor: constant-arrival-rate, rate: 40, duration: 5m }
regressions:
  p50: { fail: 50%, floor: 5ms }
  scenarios:
    list: { p50: { fail: 50%, floor: 5ms } }
    detail: { p50: { fail: 50%, floor: 5ms } }
`;

const MEASURED_MS = 10_000;

/**
 * Ten seconds of answers, 10 a second for each quarter of a scenario's weight, each scenario at
 * its latency (a little jitter, so windows differ): enough windows for the rank test.
 */
function recordingAt(profile: Profile, latencyMs: Record<string, number>) {
  const recorder = new RunRecorder(profile.scenarios.length, 0);
  const answers: { s: number; t: number; latency: number }[] = [];
  profile.scenarios.forEach((scenario, s) => {
    const perSec = 10 * scenario.weight;
    const latency = latencyMs[scenario.name] ?? 10;
    for (let t = 0; t < MEASURED_MS; t += 1000 / perSec) {
      const jitter = (Math.round(t) % 7) * 0.1;
      answers.push({ s, t, latency: latency + jitter });
    }
  });
  // In the order they complete, as an engine records them: the run's timeline closes each
  // second as time moves on, so answers of all scenarios must arrive interleaved.
  answers.sort((a, b) => a.t + a.latency - (b.t + b.latency));
  for (const { s, t, latency } of answers) recorder.onResponse(s, t, t, t + latency, 200, 0);
  return recorder.finish(MEASURED_MS);
}

/** An engine answering each call with the next latencies of `script` (the last one repeats). */
function engineOf(script: Record<string, number>[]) {
  let call = 0;
  return new ScriptedEngine((profile): EngineOutcome => {
    const latency = script[Math.min(call++, script.length - 1)] ?? {};
    return {
      kind: 'ran',
      recording: recordingAt(profile, latency),
      startedAtEpochMs: 0,
      status: 'completed',
    };
  });
}

/** The baseline (both scenarios at 10 ms) in `base.json`, and a run against it. */
async function runAgainstBaseline(
  script: Record<string, number>[],
  request: { confirm?: number; profile?: string } = {},
) {
  const files = new MemoryFiles();
  files.files.set('p.yml', request.profile ?? PROFILE);
  const environment = makeEnvironment();
  await runLoadTest(
    { profilePath: 'p.yml', overrides: {}, outputs: cliSettings({ out: 'base.json' }) },
    { engine: engineOf([{}]), files, output: new MemoryOutput(), environment },
  );
  const engine = engineOf(script);
  const output = new MemoryOutput();
  // Each engine run "takes" 9 s on this clock: the time stated is the clock's.
  let nowMs = 1_000_000;
  const outcome = await runLoadTest(
    {
      profilePath: 'p.yml',
      overrides: {},
      outputs: cliSettings({ out: 'r.json', markdown: 'r.md' }),
      baselinePath: 'base.json',
      ...(request.confirm === undefined ? {} : { confirm: request.confirm }),
    },
    {
      engine: {
        run: (profile, options) => {
          nowMs += 9_000;
          return engine.run(profile, options);
        },
      },
      files,
      output,
      environment,
      nowEpochMs: () => nowMs,
    },
  );
  return { outcome, engine, files, output };
}

function runOf(outcome: RunOutcome) {
  if (outcome.kind === 'bad-input' || !outcome.run) throw new Error(`no run: ${outcome.kind}`);
  return outcome.run;
}

const slowList = { list: 30, detail: 10 };
const fine = { list: 10, detail: 10 };

describe('confirm: N on a run judged against a baseline (pull request)', () => {
  it('re-measures only the regressed scenario N times, each cut to 60 s, and fails when it fails every time', async () => {
    const { outcome, engine, files, output } = await runAgainstBaseline([slowList], {
      confirm: 3,
    });
    const run = runOf(outcome);
    expect(engine.profiles).toHaveLength(4);
    for (const again of engine.profiles.slice(1)) {
      expect(again.scenarios.map((s) => s.name)).toEqual(['list']);
      // The list's share of the rate, for at most a minute of the 5-minute plan.
      expect(again.load.plan).toMatchObject({ ratePerSec: 10, durationMs: 60_000 });
    }
    expect(run.verdict.level).toBe('fail');
    expect(run.verdict.confirmation).toEqual({
      confirmed: 1,
      unconfirmed: 0,
      remeasures: 3,
      remeasuredMs: 27_000,
      mode: 'regressions',
      firstLevel: 'fail',
    });
    expect(output.events).toContain(
      'info regression: re-measuring scenario list (2 of up to 3, 1m) to confirm it before it fails',
    );
    for (const name of ['r-confirmation.json', 'r-confirmation-2.json', 'r-confirmation-3.json'])
      expect(files.files.has(name), name).toBe(true);
    expect(files.files.get('r.md')).toContain('🔁 re-measured 3× (27.0 s): 1 regression confirmed');
    expect(run.verdict.reasons[0]).toMatch(
      /^list: p50 .*; confirmed on re-measuring 3× \(30\.\d ms, 30\.\d ms, 30\.\d ms\)$/,
    );
  });

  it('stops at the first re-measure that does not fail: unconfirmed, a warning, not a failure', async () => {
    const { outcome, engine, files } = await runAgainstBaseline([slowList, fine], { confirm: 3 });
    const run = runOf(outcome);
    expect(outcome.kind).toBe('judged');
    expect(engine.profiles).toHaveLength(2);
    expect(run.verdict.level).toBe('warn');
    expect(run.verdict.confirmation).toMatchObject({
      confirmed: 0,
      unconfirmed: 1,
      remeasures: 1,
      maxRemeasures: 3,
      remeasuredMs: 9_000,
    });
    const list = run.verdict.scenarios.find((s) => s.name === 'list');
    expect(list?.metrics.find((m) => m.metric === 'p50')).toMatchObject({
      status: 'warn',
      unconfirmed: true,
    });
    expect(files.files.get('r.md')).toContain(
      '🔁 re-measured 1× of up to 3 (9.0 s): 1 regression unconfirmed (a warning, not a failure)',
    );
    expect(files.files.get('r.md')).toContain('🔁 unconfirmed (warns)');
  });

  it('fails on the single run with confirm 0 (and by default without memory)', async () => {
    for (const confirm of [0, undefined]) {
      const { outcome, engine } = await runAgainstBaseline([slowList, fine], { confirm });
      expect(engine.profiles).toHaveLength(1);
      expect(runOf(outcome).verdict.level).toBe('fail');
      expect(runOf(outcome).verdict.confirmation).toBeUndefined();
    }
  });

  it('never retries a broken threshold; with a regression too, re-measures just the regression', async () => {
    const withSlo = `${PROFILE}thresholds:\n  scenarios:\n    detail:\n      p50: { critical: 5ms }\n`;
    const sloOnly = await runAgainstBaseline([fine], { confirm: 2, profile: withSlo });
    expect(sloOnly.engine.profiles).toHaveLength(1);
    expect(runOf(sloOnly.outcome).verdict.level).toBe('fail');

    const mixed = await runAgainstBaseline([slowList, fine], { confirm: 2, profile: withSlo });
    expect(mixed.engine.profiles).toHaveLength(2);
    expect(mixed.engine.profiles[1]?.scenarios.map((s) => s.name)).toEqual(['list']);
    const verdict = runOf(mixed.outcome).verdict;
    expect(verdict.level).toBe('fail');
    expect(verdict.confirmation).toMatchObject({ confirmed: 0, unconfirmed: 1 });
    expect(verdict.reasons[0]).toMatch(/^detail: p50 .*5 ms/);
  });

  it('side by side: re-measures both targets and judges B against the re-measured A', async () => {
    const files = new MemoryFiles();
    files.files.set('p.yml', PROFILE);
    const options: (string | undefined)[] = [];
    let call = 0;
    // First measurement: B's list 30 ms against A's 10 ms. Re-measure: both sides at 30 ms, as
    // when the machine (or a shared dependency) got slower for both: no regression of B's own.
    const engine = new ScriptedEngine((profile, o): EngineOutcome => {
      options.push(o.baselineTarget);
      const first = call++ === 0;
      return {
        kind: 'ran',
        recording: recordingAt(profile, slowList),
        startedAtEpochMs: 0,
        status: 'completed',
        baselineSide: {
          recording: recordingAt(profile, first ? fine : slowList),
          protocolsSeen: ['http1'],
        },
      };
    });
    const outcome = await runLoadTest(
      {
        profilePath: 'p.yml',
        overrides: {},
        outputs: cliSettings({ out: 'r.json' }),
        sideBySide: { baselineTarget: 'http://127.0.0.1:8' },
        confirm: 2,
      },
      { engine, files, output: new MemoryOutput(), environment: makeEnvironment() },
    );
    const verdict = runOf(outcome).verdict;
    expect(engine.profiles).toHaveLength(2);
    expect(options).toEqual(['http://127.0.0.1:8', 'http://127.0.0.1:8']);
    expect(engine.profiles[1]?.scenarios.map((s) => s.name)).toEqual(['list']);
    expect(files.files.has('r-confirmation.json')).toBe(true);
    expect(JSON.parse(files.files.get('r-confirmation-baseline.json') ?? '{}').target).toBe(
      'http://127.0.0.1:8',
    );
    expect(verdict.confirmation).toMatchObject({
      confirmed: 0,
      unconfirmed: 1,
      firstLevel: 'fail',
    });
    expect(verdict.level).toBe('warn');
  });
});
