/**
 * The action's sharded run at the app level: a matrix of `shard: i/N` jobs and one `mode: merge`
 * job of the same workflow run, each with its own checkout, sharing the run's artifacts (memory
 * fakes). The shards measure and upload; only the merge job judges, comments and saves.
 */
import { describe, expect, it } from 'vitest';
import { runMergeJob } from '../../src/app/run-merge-job.js';
import { runShardJob } from '../../src/app/run-shard-job.js';
import { parseActionInputs } from '../../src/core/action/parse-action-inputs.js';
import { readEventContext } from '../../src/core/action/read-event-context.js';
import { readHistoryFile } from '../../src/core/history/history-file.js';
import { readResultsFile } from '../../src/core/result/read-results-file.js';
import { describeStepFailure } from '../../src/main.js';
import {
  FakeComments,
  FakeStore,
  MemoryArtifacts,
  MemoryRunArtifacts,
  type RunArtifactRecord,
} from '../fakes/memory-github.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  recordingOf,
  ScriptedEngine,
} from '../fakes/memory-ports.js';

const PROFILE = `name: shop
baseUrl: http://127.0.0.1:9
headers: { authorization: "Bearer \${API_TOKEN}" }
scenarios: [{ name: root, path: / }]
load: { executor: constant-arrival-rate, rate: 10, duration: 1s }
thresholds: { p95: 50ms }
`;
const TOKEN = 'secret-token-1234';
const START_MS = Date.parse('2027-03-01T12:00:00.000Z');

type Event = 'pull_request' | 'push';

/** One workflow run of `.github/workflows/load.yml` (a pull request, or a push to main). */
function workflowRun(event: Event, runId: number, records: RunArtifactRecord[] = []) {
  const comments = new FakeComments();
  const store = new FakeStore({ kind: 'none', reason: 'no baseline on main yet' });
  const env =
    event === 'pull_request'
      ? { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/7/merge' }
      : { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' };
  const context = readEventContext(
    {
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/load.yml@refs/heads/main',
      GITHUB_RUN_ID: String(runId),
      GITHUB_RUN_ATTEMPT: '1',
      ...env,
    },
    {
      repository: { default_branch: 'main' },
      ...(event === 'pull_request'
        ? { pull_request: { number: 7, head: { sha: 'head1' }, base: { ref: 'main' } } }
        : {}),
    },
  );
  if (!context) throw new Error('no context');

  /** One job: its own checkout (the profile), log, step outputs and summary. */
  function job(inputs: Record<string, string>, env: Record<string, string> = {}) {
    const files = new MemoryFiles();
    files.files.set('p.yml', PROFILE);
    const parsed = parseActionInputs({
      profile: 'p.yml',
      'artifact-name': 'loadgate-p',
      ...inputs,
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const outputs = new Map<string, string>();
    const summaries: string[] = [];
    const deps = {
      files,
      output: new MemoryOutput(),
      environment: makeEnvironment(env),
      io: {
        setOutput: (k: string, v: string) => void outputs.set(k, v),
        writeSummary: async (md: string) => void summaries.push(md),
      },
      context,
      baselines: store,
      comments,
      readPullRequest: async () => ({
        number: 7,
        headSha: 'head1',
        baseRef: 'main',
        mergeBaseSha: 'base123',
      }),
      runArtifacts: new MemoryRunArtifacts(runId, files, records),
      tempDir: 'tmp',
      nowMs: () => START_MS,
    };
    return { config: parsed.config, deps, files, outputs, summaries };
  }

  /** Shard `index` of `count`, answering `requests` requests of `latencyMs` each. */
  async function shard(index: number, count: number, latencyMs = 5, requests = 100) {
    const j = job({ shard: `${index}/${count}` }, { API_TOKEN: TOKEN });
    const engine = new ScriptedEngine((profile) => ({
      kind: 'ran' as const,
      recording: recordingOf(profile, requests, latencyMs),
      startedAtEpochMs: START_MS + index * 7,
      status: 'completed' as const,
      plannedRequests: requests,
    }));
    const config = j.config.shard ? { ...j.config, shard: j.config.shard } : undefined;
    if (!config) throw new Error('no shard');
    const outcome = await runShardJob(config, { ...j.deps, engine });
    return { ...j, engine, outcome };
  }

  /** The fan-in job; its environment has no API_TOKEN: nothing is sent from it. With
   * `history`, it reads and keeps the history artifacts too. */
  async function merge(inputs: Record<string, string> = {}, options: { history?: boolean } = {}) {
    const j = job({ mode: 'merge', ...inputs });
    const artifacts = new MemoryArtifacts(j.files);
    artifacts.runId = runId;
    const deps = options.history ? { ...j.deps, artifacts } : j.deps;
    const outcome = await runMergeJob(j.config, deps);
    return { ...j, outcome, artifacts };
  }

  return { comments, store, records, shard, merge };
}

describe('a sharded run in the action', () => {
  it('on a pull request: the shards upload and stay quiet, the merge job comments once', async () => {
    const run = workflowRun('pull_request', 601);
    const first = await run.shard(1, 2);
    const second = await run.shard(2, 2);

    for (const shard of [first, second]) {
      expect(shard.outcome.kind).toBe('shard-measured');
      expect(describeStepFailure(shard.outcome, 'fail')).toBeUndefined();
      // The log points at the fan-in job, not at a command the user has no reason to run.
      const events = (shard.deps.output as MemoryOutput).events;
      expect(events.some((e) => e.includes('the merge job (mode: merge) judges all 2'))).toBe(true);
      expect(events.join('\n')).not.toContain('loadgate merge,');
      // Each ran its share: the profile reached the engine with the shard set.
      expect(shard.engine.profiles[0]?.shard).toEqual({
        index: first === shard ? 1 : 2,
        count: 2,
      });
      expect(shard.outputs.get('verdict')).toBeUndefined();
    }
    expect(first.summaries[0]).toContain('### loadgate: shard 1 of 2 of shop measured');
    expect(first.summaries[0]).toContain('Uploaded as the artifact `loadgate-p-shard-1`');
    expect(run.records.map((r) => [r.name, r.retentionDays])).toEqual([
      ['loadgate-p-shard-1', 1],
      ['loadgate-p-shard-2', 1],
    ]);
    expect(run.comments.posted).toEqual([]);
    expect(run.store.saved).toEqual([]);

    // The merge job's environment has no API_TOKEN: the profile is read for its rules only.
    const merged = await run.merge();

    expect(merged.outcome.kind).toBe('judged');
    expect(describeStepFailure(merged.outcome, 'fail')).toBeUndefined();
    expect(run.comments.posted).toHaveLength(1);
    expect(run.comments.posted[0]).toMatchObject({
      issue: 7,
      marker: '<!-- loadgate:loadgate-p -->',
    });
    expect(run.comments.posted[0]?.body).toBe(merged.summaries[0]);
    expect(merged.outputs.get('verdict')).toBe('pass');
    const written = readResultsFile(
      merged.files.files.get('loadgate-results.json') ?? '',
      'merged',
    );
    expect(written.ok && written.result.totals.requests).toBe(200);
    expect(written.ok && written.result.merged?.shards).toBe(2);
    expect(written.ok && written.result.shard).toBeUndefined();
    expect(merged.outputs.get('results-path')).toBe('loadgate-results.json');
    // A pull request saves no baseline.
    expect(run.store.saved).toEqual([]);
  });

  it('on a push to main: only the merge job saves the baseline, once', async () => {
    const run = workflowRun('push', 602);
    await run.shard(1, 2);
    await run.shard(2, 2);
    expect(run.store.saved).toEqual([]);

    const merged = await run.merge();

    expect(merged.outcome.kind).toBe('judged');
    expect(run.store.saved).toEqual(['loadgate-p:loadgate-results.json']);
    expect(run.comments.posted).toEqual([]);
  });

  it('on a push to main: the merge job adds the merged run to the history, once', async () => {
    const run = workflowRun('push', 611);
    await run.shard(1, 2, 5, 120);
    await run.shard(2, 2, 5, 80);

    const merged = await run.merge({}, { history: true });

    expect(merged.outcome.kind).toBe('judged');
    expect(merged.artifacts.saved.map((s) => s.name)).toEqual(['loadgate-p-history']);
    const history = readHistoryFile(merged.artifacts.saved[0]?.text ?? '', 'history');
    expect(history.ok && history.history.entries).toEqual([
      expect.objectContaining({
        id: '611.1',
        runId: 611,
        event: 'push',
        profile: 'shop',
        layer: 'scheduled',
        interval: 'push',
        overall: expect.objectContaining({ requests: 200 }),
      }),
    ]);
  });

  it('judges the thresholds on the merged run only: slow shards pass, the merge fails', async () => {
    const run = workflowRun('pull_request', 603);
    const shards = [await run.shard(1, 2, 80), await run.shard(2, 2, 80)];
    expect(shards.map((s) => describeStepFailure(s.outcome, 'fail'))).toEqual([
      undefined,
      undefined,
    ]);

    const merged = await run.merge();

    expect(describeStepFailure(merged.outcome, 'fail')).toMatch(
      /^loadgate: the gate failed \(fail\): p95 80(\.\d)? ms, needs <= 50 ms/,
    );
    expect(run.comments.posted).toHaveLength(1);
  });

  it('a missing shard fails the merge step naming it; nothing is judged or posted', async () => {
    const run = workflowRun('push', 604);
    await run.shard(1, 3);
    await run.shard(3, 3);

    const merged = await run.merge();

    expect(describeStepFailure(merged.outcome, 'fail')).toBe(
      'loadgate: cannot merge the shards: shards: shard 2 of 3 is missing (a shard job that failed, was cancelled or skipped uploads nothing: see its log, then re-run it)',
    );
    expect(merged.summaries).toEqual([]);
    expect(merged.files.files.has('loadgate-results.json')).toBe(false);
    expect(run.store.saved).toEqual([]);
  });

  it('a shard given twice fails the merge step naming both artifacts', async () => {
    const run = workflowRun('pull_request', 605);
    await run.shard(1, 2);
    await run.shard(2, 2);
    // A third artifact holds shard 2's results again (a misnamed copy).
    const copy = run.records.find((r) => r.name === 'loadgate-p-shard-2');
    run.records.push({ ...(copy as RunArtifactRecord), id: 99, name: 'loadgate-p-shard-3' });

    const merged = await run.merge();

    expect(describeStepFailure(merged.outcome, 'fail')).toBe(
      'loadgate: cannot merge the shards: shards: shard 2 is given twice: loadgate-p-shard-2, loadgate-p-shard-3',
    );
    expect(run.comments.posted).toEqual([]);
  });

  it('merges this workflow run’s shards only, never an earlier run’s', async () => {
    const records: RunArtifactRecord[] = [];
    const earlier = workflowRun('pull_request', 606, records);
    await earlier.shard(1, 2);
    await earlier.shard(2, 2);
    const later = workflowRun('pull_request', 607, records);
    later.records.push({
      id: 50,
      name: 'loadgate-other-shard-1',
      runId: 607,
      text: '{}',
      retentionDays: 1,
    });

    const merged = await later.merge();

    expect(describeStepFailure(merged.outcome, 'fail')).toBe(
      'loadgate: no shard results to merge: found no artifact loadgate-p-shard-<i> (this workflow run has 1 other artifact: loadgate-other-shard-1). Give the shard jobs shard: i/N and the same profile and artifact-name as this job, and make this job wait for them with needs:',
    );
    expect(later.comments.posted).toEqual([]);
  });

  it('a corrupt shard artifact is named, with what is wrong in it', async () => {
    const run = workflowRun('pull_request', 608);
    await run.shard(1, 2);
    run.records.push({
      id: 70,
      name: 'loadgate-p-shard-2',
      runId: 608,
      text: '{"tool":',
      retentionDays: 1,
    });

    const merged = await run.merge();

    expect(describeStepFailure(merged.outcome, 'fail')).toMatch(
      /^loadgate: cannot merge the shards: artifact loadgate-p-shard-2: is not valid JSON/,
    );
  });

  it('a shard whose upload fails fails its step, and its summary says the merge will miss it', async () => {
    const run = workflowRun('pull_request', 609);
    const files = new MemoryFiles();
    const failing = new MemoryRunArtifacts(609, files, run.records);
    failing.failUpload = new Error('artifact service unavailable');
    // Same as run.shard, but through the failing store.
    const parsed = parseActionInputs({
      profile: 'p.yml',
      'artifact-name': 'loadgate-p',
      shard: '2/2',
    });
    if (!parsed.ok || !parsed.config.shard) throw new Error('bad inputs');
    files.files.set('p.yml', PROFILE);
    const summaries: string[] = [];
    const outcome = await runShardJob(
      { ...parsed.config, shard: parsed.config.shard },
      {
        engine: new ScriptedEngine((profile) => ({
          kind: 'ran' as const,
          recording: recordingOf(profile, 10, 5),
          startedAtEpochMs: START_MS,
          status: 'completed' as const,
        })),
        files,
        output: new MemoryOutput(),
        environment: makeEnvironment({ API_TOKEN: TOKEN }),
        io: {
          setOutput: () => undefined,
          writeSummary: async (md: string) => void summaries.push(md),
        },
        runArtifacts: failing,
        tempDir: 'tmp',
      },
    );

    expect(describeStepFailure(outcome, 'fail')).toBe(
      'loadgate: could not upload shard 2/2 as artifact loadgate-p-shard-2: artifact service unavailable',
    );
    expect(summaries[0]).toContain('**Not uploaded**');
    expect(run.records).toEqual([]);
  });

  it('a shard of an unreachable target fails its step and uploads nothing', async () => {
    const run = workflowRun('pull_request', 610);
    const files = new MemoryFiles();
    files.files.set('p.yml', PROFILE);
    const parsed = parseActionInputs({
      profile: 'p.yml',
      'artifact-name': 'loadgate-p',
      shard: '1/2',
    });
    if (!parsed.ok || !parsed.config.shard) throw new Error('bad inputs');
    const outcome = await runShardJob(
      { ...parsed.config, shard: parsed.config.shard },
      {
        engine: new ScriptedEngine(() => ({
          kind: 'unreachable' as const,
          message: 'could not connect to http://127.0.0.1:9: connection_refused',
        })),
        files,
        output: new MemoryOutput(),
        environment: makeEnvironment({ API_TOKEN: TOKEN }),
        io: { setOutput: () => undefined, writeSummary: async () => undefined },
        runArtifacts: new MemoryRunArtifacts(610, files, run.records),
        tempDir: 'tmp',
      },
    );

    expect(describeStepFailure(outcome, 'fail')).toMatch(
      /^loadgate: the target could not be load-tested: could not connect/,
    );
    expect(run.records).toEqual([]);
  });
});
