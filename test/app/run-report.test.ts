import { describe, expect, it } from 'vitest';
import { runReport } from '../../src/app/run-report.js';
import { parseActionInputs } from '../../src/core/action/parse-action-inputs.js';
import { readEventContext } from '../../src/core/action/read-event-context.js';
import { describeStepFailure } from '../../src/main.js';
import type { BaselineLookup, BaselineRef } from '../../src/ports.js';
import { FakeComments, FakeStatuses, FakeStore } from '../fakes/memory-github.js';
import { MemoryFiles, MemoryOutput, makeEnvironment } from '../fakes/memory-ports.js';
import { simulateRun } from '../helpers/synthetic-run.js';

const MEASURED: BaselineRef = {
  artifactId: 8,
  artifactName: 'loadgate-p-pr',
  runId: 500,
  commit: 'head1',
  branch: 'feature',
  createdAt: '',
  runUrl: '',
};
const BASE: BaselineRef = {
  artifactId: 5,
  artifactName: 'loadgate-p',
  runId: 99,
  commit: 'base123',
  branch: 'main',
  createdAt: '2026-11-20T10:00:00Z',
  runUrl: 'https://github.com/acme/shop/actions/runs/99',
};

function resultsOf(slowdown: number, gitRef: string) {
  const run = simulateRun({
    scenarios: [{ name: 'root', ratePerSec: 100, medianMs: 5 * slowdown }],
    durationMs: 10_000,
    seed: slowdown === 1 ? 1 : 2,
  });
  return JSON.stringify({ ...run, environment: { ...run.environment, gitRef } });
}

/** A store whose find() gives the baseline and whose run artifact is the PR's results. */
class ReportStore extends FakeStore {
  constructor(
    prText: string,
    baselineText: string,
    lookup: BaselineLookup = { kind: 'found', ref: BASE, exactMergeBase: true },
  ) {
    super(lookup, baselineText, MEASURED);
    this.prText = prText;
  }
  private readonly prText: string;
  override async download(_repo: unknown, ref: BaselineRef) {
    return ref.runId === MEASURED.runId ? this.prText : super.download(_repo, ref);
  }
}

function setup(store: FakeStore, prHeadSha = 'head1') {
  const parsed = parseActionInputs({ mode: 'report', 'artifact-name': 'loadgate-p' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const context = readEventContext(
    {
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_EVENT_NAME: 'workflow_run',
      GITHUB_REF: 'refs/heads/main',
    },
    {
      repository: { default_branch: 'main' },
      workflow_run: { id: 500, head_sha: 'head1', path: '.github/workflows/load.yml' },
    },
  );
  const comments = new FakeComments();
  const statuses = new FakeStatuses();
  const summaries: string[] = [];
  const deps = {
    files: new MemoryFiles(),
    output: new MemoryOutput(),
    environment: makeEnvironment(),
    io: { setOutput: () => {}, writeSummary: async (md: string) => void summaries.push(md) },
    ...(context ? { context } : {}),
    baselines: store,
    comments,
    statuses,
    tempDir: 'tmp',
    readPullRequest: async (n: number) => ({
      number: n,
      headSha: prHeadSha,
      baseRef: 'main',
      mergeBaseSha: 'base123',
    }),
  };
  return { config: parsed.config, deps, comments, statuses, summaries };
}

describe('runReport (fork pattern, trusted half)', () => {
  it('reports a verified pull request: comment, summary and a success status on its head', async () => {
    const { config, deps, comments, statuses, summaries } = setup(
      new ReportStore(resultsOf(1, 'refs/pull/7/merge'), resultsOf(1, 'refs/heads/main')),
    );
    const result = await runReport(config, deps);
    expect(result.kind).toBe('judged');
    expect(describeStepFailure(result, config.failOn)).toBeUndefined();
    expect(comments.posted.map((c) => c.issue)).toEqual([7]);
    expect(statuses.set).toEqual([
      {
        sha: 'head1',
        state: 'success',
        context: 'loadgate/loadgate-p',
        description: expect.stringMatching(/^pass: /),
      },
    ]);
    expect(summaries[0]).toContain('[run 99](https://github.com/acme/shop/actions/runs/99)');
  });

  it('a regression fails the step and sets a failure status', async () => {
    const { config, deps, statuses } = setup(
      new ReportStore(resultsOf(1.5, 'refs/pull/7/merge'), resultsOf(1, 'refs/heads/main')),
    );
    const result = await runReport(config, deps);
    expect(describeStepFailure(result, config.failOn)).toMatch(
      /^loadgate: the gate failed \(fail\): p95 \+/,
    );
    expect(statuses.set[0]?.state).toBe('failure');
  });

  it('refuses to report when the pull request has moved on from the measured commit', async () => {
    const { config, deps, comments, statuses } = setup(
      new ReportStore(resultsOf(1, 'refs/pull/7/merge'), ''),
      'newer99',
    );
    expect(describeStepFailure(await runReport(config, deps), config.failOn)).toBe(
      'loadgate: pull request #7 is at newer99, but run 500 measured head1: not reporting on it',
    );
    expect(comments.posted).toEqual([]);
    expect(statuses.set).toEqual([]);
  });

  it('says what is missing: no artifact, or results not from a pull request', async () => {
    const none = setup(new FakeStore({ kind: 'none', reason: '' }));
    expect(describeStepFailure(await runReport(none.config, none.deps), 'fail')).toBe(
      'loadgate: run 500 uploaded no artifact loadgate-p-pr (give its loadgate step upload-results: true)',
    );
    const push = setup(new ReportStore(resultsOf(1, 'refs/heads/feature'), ''));
    expect(describeStepFailure(await runReport(push.config, push.deps), 'fail')).toMatch(
      /do not come from a pull request \(ref refs\/heads\/feature\)/,
    );
  });
});
