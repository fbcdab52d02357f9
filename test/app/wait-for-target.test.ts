/**
 * `--wait-for` in the run pipeline, with in-memory ports: the wait comes before the engine, a
 * target never ready ends the run as target-unusable with nothing measured or written, a stop
 * while waiting as interrupted; and `target: auto` through `resolveAutoTarget`.
 */
import { describe, expect, it } from 'vitest';
import { resolveAutoTarget } from '../../src/app/resolve-deployment.js';
import { runLoadTest } from '../../src/app/run-load-test.js';
import { cliSettings } from '../../src/app/sinks/sink.js';
import { parseActionInputs } from '../../src/core/action/parse-action-inputs.js';
import { readEventContext } from '../../src/core/action/read-event-context.js';
import type { WaitForSettings } from '../../src/core/input/wait-for.js';
import type { ReadinessOutcome, ReadinessProbe } from '../../src/ports.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  recordingOf,
  ScriptedEngine,
} from '../fakes/memory-ports.js';

const PROFILE = `name: shop
baseUrl: http://127.0.0.1:9/app
scenarios: [{ name: list, path: /list }]
load: { executor: constant-arrival-rate, rate: 10, duration: 1s }
`;

const WAIT: WaitForSettings = { path: '/healthz', statuses: [200], timeoutMs: 60_000, inRow: 3 };

/** A probe that answers `outcome` at once and records what it was asked. */
class ScriptedProbe implements ReadinessProbe {
  asked: { baseUrl: string; settings: WaitForSettings }[] = [];
  constructor(
    private readonly outcome: ReadinessOutcome,
    private readonly events: string[],
  ) {}
  async waitUntilReady(
    profile: { baseUrl: string },
    settings: WaitForSettings,
    options: { onLine: (text: string) => void },
  ) {
    this.events.push('probe');
    this.asked.push({ baseUrl: profile.baseUrl, settings });
    options.onLine('waiting for …');
    return this.outcome;
  }
}

function setup(probeOutcome: ReadinessOutcome) {
  const events: string[] = [];
  const files = new MemoryFiles(events);
  files.files.set('p.yml', PROFILE);
  const output = new MemoryOutput(events);
  const engine = new ScriptedEngine((profile) => {
    events.push('engine');
    return {
      kind: 'ran',
      recording: recordingOf(profile, 10, 5),
      startedAtEpochMs: 0,
      status: 'completed',
      plannedRequests: 10,
    };
  });
  const readiness = new ScriptedProbe(probeOutcome, events);
  const deps = { engine, files, output, environment: makeEnvironment(), readiness };
  const request = {
    profilePath: 'p.yml',
    overrides: { target: 'http://127.0.0.1:7/api' },
    outputs: cliSettings({ out: 'r.json' }),
    waitFor: WAIT,
  };
  return { events, files, engine, readiness, deps, request };
}

describe('runLoadTest with waitFor', () => {
  it('waits for the target (after overrides) before the engine runs', async () => {
    const { events, readiness, deps, request } = setup({
      kind: 'ready',
      message: 'target ready: …',
    });
    const outcome = await runLoadTest(request, deps);
    expect(outcome.kind).toBe('judged');
    expect(readiness.asked).toEqual([{ baseUrl: 'http://127.0.0.1:7/api', settings: WAIT }]);
    expect(events.indexOf('probe')).toBeLessThan(events.indexOf('engine'));
    expect(events).toContain('info target ready: …');
  });

  it('ends a target never ready as target-unusable: no load, no results file', async () => {
    const message = 'target not ready after 1m: GET /healthz answered 503 (last of 9 tries)';
    const { events, files, engine, deps, request } = setup({ kind: 'not-ready', message });
    const outcome = await runLoadTest(request, deps);
    expect(outcome).toEqual({ kind: 'target-unusable', message });
    expect(engine.profiles).toEqual([]);
    expect(files.files.has('r.json')).toBe(false);
    expect(events).toContain(`error ${message}; no load was sent`);
  });

  it('ends a stop while waiting as interrupted, with nothing judged', async () => {
    const { engine, deps, request } = setup({ kind: 'stopped' });
    expect(await runLoadTest(request, deps)).toEqual({ kind: 'interrupted' });
    expect(engine.profiles).toEqual([]);
  });

  it('checks the inputs before waiting: bad input never waits', async () => {
    const { readiness, deps, request } = setup({ kind: 'ready', message: '' });
    const outcome = await runLoadTest({ ...request, overrides: { rate: 'fast' } }, deps);
    expect(outcome.kind).toBe('bad-input');
    expect(readiness.asked).toEqual([]);
  });
});

describe('resolveAutoTarget', () => {
  const SHA = 'd'.repeat(40);
  const context = readEventContext(
    { GITHUB_REPOSITORY: 'acme/shop', GITHUB_EVENT_NAME: 'deployment_status' },
    {
      deployment: { sha: SHA, environment: 'Preview' },
      deployment_status: {
        state: 'success',
        environment_url: 'https://shop-git-x.vercel.app/?_vercel_share=s3cret',
      },
    },
  );
  const config = (() => {
    const parsed = parseActionInputs({ target: 'auto', rate: '10' });
    if (!parsed.ok) throw new Error('inputs');
    return parsed.config;
  })();

  it('measures the deployment URL for the open pull request of the commit', async () => {
    const output = new MemoryOutput();
    const asked: string[] = [];
    const resolved = await resolveAutoTarget(config, context, {
      output,
      listPullRequestsOfCommit: async (sha) => {
        asked.push(sha);
        return [
          { number: 3, state: 'closed', headSha: SHA, baseRef: 'main' },
          { number: 8, state: 'open', headSha: SHA, baseRef: 'release' },
        ];
      },
    });
    expect(asked).toEqual([SHA]);
    expect(resolved.kind === 'measure' && resolved.config.target).toBe(
      'https://shop-git-x.vercel.app/?_vercel_share=s3cret',
    );
    expect(resolved.kind === 'measure' && resolved.context?.pullRequest).toEqual({
      number: 8,
      headSha: SHA,
      baseRef: 'release',
    });
    // The share token in the URL is never printed.
    expect(output.events).toEqual([
      'info target: auto: testing the deployment of ddddddd (Preview) at https://shop-git-x.vercel.app/?_vercel_share=*** for pull request #8',
    ]);
  });

  it('still measures when the lookup fails or finds nothing, with no pull request', async () => {
    const output = new MemoryOutput();
    const failed = await resolveAutoTarget(config, context, {
      output,
      listPullRequestsOfCommit: async () => {
        throw new Error('HttpError: Resource not accessible by integration');
      },
    });
    expect(failed.kind === 'measure' && failed.context?.pullRequest).toBeUndefined();
    expect(output.events[0]).toBe(
      'warn could not find the pull request of commit ddddddd (HttpError: Resource not accessible by integration): no comment; the job summary has the report',
    );
    const none = await resolveAutoTarget(config, context, {
      output,
      listPullRequestsOfCommit: async () => [],
    });
    expect(none.kind).toBe('measure');
  });

  it('leaves a config without auto as it is', async () => {
    const parsed = parseActionInputs({ target: 'https://x.example', rate: '10' });
    if (!parsed.ok) throw new Error('inputs');
    const resolved = await resolveAutoTarget(parsed.config, context, {
      output: new MemoryOutput(),
    });
    expect(resolved).toEqual({ kind: 'measure', config: parsed.config, context });
  });
});

describe('runLoadTest with waitFor and a baseline target', () => {
  it('asks for both targets before the engine, and a baseline never ready sends no load', async () => {
    const message = 'baseline target http://127.0.0.1:8/app not ready after 1m: …';
    const { engine, readiness, deps, request } = setup({ kind: 'not-ready', message });
    const outcome = await runLoadTest(
      { ...request, sideBySide: { baselineTarget: 'http://127.0.0.1:8/app' } },
      deps,
    );
    expect(outcome).toEqual({ kind: 'target-unusable', message });
    expect(readiness.asked.map((a) => a.baseUrl)).toEqual([
      'http://127.0.0.1:7/api',
      'http://127.0.0.1:8/app',
    ]);
    expect(engine.profiles).toEqual([]);
  });
});
