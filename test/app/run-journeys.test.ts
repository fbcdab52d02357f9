import { describe, expect, it } from 'vitest';
import {
  DATA_RAN_OUT_PREFIX,
  runLoadTest,
  SETUP_FAILED_PREFIX,
} from '../../src/app/run-load-test.js';
import type { MemoryRequest } from '../../src/app/run-memory.js';
import { cliSettings } from '../../src/app/sinks/sink.js';
import { emptyHistory } from '../../src/core/history/history-file.js';
import type { Profile } from '../../src/core/profile/types.js';
import type { ResultsFileV1 } from '../../src/core/result/types.js';
import { RunRecorder } from '../../src/core/stats/run-recorder.js';
import type { EngineOutcome, EngineRunOptions } from '../../src/ports.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  recordingOf,
  ScriptedEngine,
} from '../fakes/memory-ports.js';

const PLAIN = `name: shop
baseUrl: http://127.0.0.1:9
scenarios: [{ name: list, path: /list }]
load: { executor: constant-arrival-rate, rate: 10, duration: 1s }
`;

const JOURNEY = `name: shop
baseUrl: http://127.0.0.1:9
setup:
  requests:
    - { name: login, method: POST, path: /auth/token, extract: { token: json.$.token } }
scenarios:
  - name: health
    path: /health
  - name: shopper
    steps:
      - { name: list, path: /api/products }
      - name: checkout
        method: POST
        path: /api/cart
        headers: { authorization: "Bearer \${setup.token}" }
thresholds: { p95: 1s }
load: { executor: constant-arrival-rate, rate: 10, duration: 1s }
`;

/** A scheduled run's memory: an empty history, re-measuring breaches when `confirm`. */
function memoryOf(confirm: boolean): MemoryRequest {
  return {
    history: { ...emptyHistory('0.0.1'), entries: [] },
    notes: [],
    given: {},
    event: { name: 'schedule', scheduleCron: '5 * * * *' },
    facts: {},
    baselineRuns: 5,
    rolling: true,
    confirm,
    trendRows: 20,
    nowMs: Date.parse('2027-03-01T12:00:00.000Z'),
  };
}

type Script = (profile: Profile, options: EngineRunOptions) => EngineOutcome;

function prepare(profileText: string, script: Script) {
  const events: string[] = [];
  const files = new MemoryFiles(events);
  files.files.set('p.yml', profileText);
  const output = new MemoryOutput(events);
  const engine = new ScriptedEngine(script);
  const deps = { engine, files, output, environment: makeEnvironment() };
  const run = (extra: { confirm?: number } = {}) =>
    runLoadTest(
      { profilePath: 'p.yml', overrides: {}, outputs: cliSettings({ out: 'r.json' }), ...extra },
      deps,
    );
  const written = () => JSON.parse(files.files.get('r.json') ?? 'null') as ResultsFileV1 | null;
  return { events, files, output, engine, run, written };
}

const ran = (
  profile: Profile,
  extra: Partial<Extract<EngineOutcome, { kind: 'ran' }>> = {},
): EngineOutcome => ({
  kind: 'ran',
  recording: recordingOf(profile, 10, 5),
  startedAtEpochMs: 0,
  status: 'completed',
  plannedRequests: 10,
  ...extra,
});

describe('runLoadTest: setup, journeys and data', () => {
  it('exits 3 with the message when the setup failed, writing no empty results', async () => {
    const message =
      'setup request "login" (POST /auth/token) answered 401, expected 200: {"error":"***"}';
    const { run, events, files } = prepare(JOURNEY, () => ({ kind: 'setup-failed', message }));
    const outcome = await run();
    expect(outcome).toEqual({ kind: 'target-unusable', message });
    expect(events.at(-1)).toBe(`error setup failed, no load was sent: ${message}`);
    expect(SETUP_FAILED_PREFIX).toBe('setup failed, no load was sent: ');
    expect(files.files.has('r.json')).toBe(false);
  });

  it('with a history, keeps an aborted, empty results file saying the setup failed', async () => {
    const message = 'setup request "login" (POST /auth/token) failed: connection_refused';
    const { engine, files, output, written } = prepare(JOURNEY, () => ({
      kind: 'setup-failed',
      message,
    }));
    const outcome = await runLoadTest(
      {
        profilePath: 'p.yml',
        overrides: {},
        outputs: cliSettings({ out: 'r.json' }),
        memory: memoryOf(false),
      },
      { engine, files, output, environment: makeEnvironment() },
    );
    expect(outcome.kind).toBe('target-unusable');
    expect(outcome.kind !== 'bad-input' && outcome.run?.memory?.entry.status).toBe('aborted');
    expect(written()).toMatchObject({
      status: 'aborted',
      abortReason: message,
      totals: { requests: 0 },
      setup: { perVu: false, measured: false, runs: 0, failed: 1 },
    });
  });

  it('masks the values the engine reports as secrets (setup tokens) from then on', async () => {
    const { run, output } = prepare(JOURNEY, (profile, options) => {
      options.onSecretValues?.(['tok-1']);
      options.onSecretValues?.(['tok-2', 'tok-3']);
      return ran(profile);
    });
    await run();
    expect(output.masked).toEqual(['tok-1', 'tok-2', 'tok-3']);
  });

  it("writes the engine's warnings into the results file, the summary and the report", async () => {
    const warning = 'data.users: all 3 unique rows were used; started again from the first row';
    const { run, events, written } = prepare(PLAIN, (profile) =>
      ran(profile, { warnings: [warning] }),
    );
    const outcome = await run();
    expect(written()?.warnings).toEqual([warning]);
    const summary = events.find((e) => e.startsWith('info shop → '));
    expect(summary).toContain(`warning: ${warning}`);
    if (outcome.kind !== 'judged') throw new Error(`expected judged, got ${outcome.kind}`);
    expect(outcome.run.verdict.runWarnings).toContain(warning);
    expect(outcome.run.markdown).toContain('data.users: all 3 unique rows were used');
  });

  it('words the extract failures and failed log-ins the engine counted, each once', async () => {
    const profileText = JOURNEY.replace('setup:\n', 'setup:\n  perVu: true\n').replace(
      'load: { executor: constant-arrival-rate, rate: 10, duration: 1s }',
      'load: { executor: constant-vus, vus: 2, duration: 1s }',
    );
    const firstFailure = 'setup request "login" (POST /auth/token) answered 503, expected 200';
    const { run, events, written } = prepare(profileText, (profile) => ({
      ...(ran(profile, {
        extractFailures: [{ row: 2, count: 7, firstReason: 'vars.cartId was never extracted' }],
        firstVuLoginFailure: firstFailure,
      }) as Extract<EngineOutcome, { kind: 'ran' }>),
      recording: { ...recordingOf(profile, 10, 5), setup: { runs: 2, failed: 3 } },
    }));
    const outcome = await run();
    const extractLine =
      'shopper/checkout: extract_failed 7 times; the first: vars.cartId was never extracted';
    const loginLine = `3 setup log-ins (per virtual user) failed and were retried; 2 succeeded. The first: ${firstFailure}`;
    expect(written()?.warnings).toEqual([extractLine]);
    expect(written()?.setup).toMatchObject({ perVu: true, failed: 3, firstFailure });
    if (outcome.kind !== 'judged') throw new Error(`expected judged, got ${outcome.kind}`);
    const said = outcome.run.verdict.runWarnings;
    expect(said.filter((w) => w.includes('extract_failed'))).toEqual([extractLine]);
    expect(said.filter((w) => w.includes('log-in'))).toEqual([loginLine]);
    const summary = events.find((e) => e.startsWith('info shop → ')) ?? '';
    expect(summary.split(extractLine)).toHaveLength(2);
    expect(summary.split(loginLine)).toHaveLength(2);
  });

  it('says a run stopped by a data source ran out of rows, not that the target was lost', async () => {
    const reason = 'data.users: all 1000 unique rows were used (onExhausted: stop)';
    const { run, events, written } = prepare(PLAIN, (profile) =>
      ran(profile, { status: 'aborted', abortCause: 'data', abortReason: reason }),
    );
    const outcome = await run();
    expect(outcome.kind).toBe('target-unusable');
    expect(outcome.kind === 'target-unusable' && outcome.message).toBe(reason);
    expect(events).toContain(`error ${DATA_RAN_OUT_PREFIX}${reason}`);
    expect(events.join('\n')).not.toMatch(/Is the target running/);
    expect(written()).toMatchObject({ status: 'aborted', abortReason: reason });
    const summary = events.find((e) => e.startsWith('info shop → ')) ?? '';
    expect(summary).toContain(`warning: The run was aborted: ${reason}.`);
  });

  it('writes journeys, step rows and the setup summary to the results file', async () => {
    const { run, written } = prepare(JOURNEY, (profile) => ({
      ...(ran(profile) as Extract<EngineOutcome, { kind: 'ran' }>),
      recording: { ...recordingOf(profile, 10, 5), setup: { runs: 1, failed: 0 } },
    }));
    await run();
    const result = written();
    expect(result?.scenarios.map((s) => [s.name, s.journey])).toEqual([
      ['health', undefined],
      ['shopper/list', 'shopper'],
      ['shopper/checkout', 'shopper'],
    ]);
    expect(result?.journeys?.map((j) => [j.name, j.steps])).toEqual([
      ['shopper', ['shopper/list', 'shopper/checkout']],
    ]);
    expect(result?.setup).toEqual({ perVu: false, measured: false, runs: 1, failed: 0 });
  });

  it('re-measures a breached step with its whole journey: a step cannot run without the steps before it', async () => {
    const { engine, events, files, output } = prepare(
      JOURNEY.replace('{ p95: 1s }', '{ scenarios: { shopper/list: { p95: 20ms } } }'),
      (profile) => {
        // Only the step shopper/list is slow: its threshold breaks, nothing else does.
        const recorder = new RunRecorder(profile.scenarios.length, 0);
        for (let row = 0; row < profile.scenarios.length; row++) {
          const latencyMs = profile.scenarios[row]?.name === 'shopper/list' ? 50 : 2;
          for (let i = 0; i < 5; i++) recorder.onResponse(row, i, i, i + latencyMs, 200, 0);
        }
        return ran(profile, { recording: recorder.finish(1000) });
      },
    );
    const outcome = await runLoadTest(
      {
        profilePath: 'p.yml',
        overrides: {},
        outputs: cliSettings({ out: 'r.json' }),
        memory: memoryOf(true),
      },
      { engine, files, output, environment: makeEnvironment() },
    );
    expect(outcome.kind).toBe('judged');
    expect(engine.profiles).toHaveLength(2);
    const focused = engine.profiles[1];
    expect(focused?.scenarios.map((s) => s.name)).toEqual(['shopper/list', 'shopper/checkout']);
    expect(focused?.journeys?.map((j) => j.steps.map((step) => step.scenario))).toEqual([[0, 1]]);
    expect(
      events.some((e) => e.startsWith('info breach: re-measuring') && e.includes('shopper')),
    ).toBe(true);
  });
});
