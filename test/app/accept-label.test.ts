import { describe, expect, it } from 'vitest';
import { isLabelEvent } from '../../src/app/accept-label.js';
import { runAction } from '../../src/app/run-action.js';
import { parseActionInputs } from '../../src/core/action/parse-action-inputs.js';
import { readEventContext } from '../../src/core/action/read-event-context.js';
import type { AcceptanceGateway, BaselineRef } from '../../src/ports.js';
import { FakeComments, FakeStore } from '../fakes/memory-github.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  recordingOf,
  ScriptedEngine,
} from '../fakes/memory-ports.js';
import { simulateRun } from '../helpers/synthetic-run.js';

const PROFILE =
  'name: shop\nbaseUrl: http://127.0.0.1:9\nscenarios: [{ name: root, path: / }]\nload: { executor: constant-arrival-rate, rate: 10, duration: 1s }\nregressions: { p50: { fail: 20%, floor: 1ms } }\n';
const REF: BaselineRef = {
  artifactId: 5,
  artifactName: 'loadgate-p',
  runId: 99,
  commit: 'base123',
  branch: 'main',
  createdAt: '2026-11-20T10:00:00Z',
  runUrl: 'https://github.com/acme/shop/actions/runs/99',
};
const baselineText = JSON.stringify(
  simulateRun({
    scenarios: [{ name: 'root', ratePerSec: 100, medianMs: 5 }],
    durationMs: 10_000,
    seed: 1,
  }),
);

function setup(inputs: Record<string, string>, action = 'opened', labels?: AcceptanceGateway) {
  const files = new MemoryFiles();
  files.files.set('p.yml', PROFILE);
  const parsed = parseActionInputs({ profile: 'p.yml', 'artifact-name': 'loadgate-p', ...inputs });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const context = readEventContext(
    {
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/load.yml@refs/pull/7/merge',
    },
    {
      action,
      repository: { default_branch: 'main' },
      pull_request: { number: 7, head: { sha: 'head1' }, base: { ref: 'main' } },
    },
  );
  const store = new FakeStore({ kind: 'found', ref: REF, exactMergeBase: true }, baselineText);
  const output = new MemoryOutput();
  const deps = {
    engine: new ScriptedEngine((profile) => ({
      kind: 'ran' as const,
      recording: recordingOf(profile, 200, 30),
      startedAtEpochMs: 0,
      status: 'completed' as const,
    })),
    files,
    output,
    environment: makeEnvironment(),
    io: { setOutput: () => {}, writeSummary: async () => {} },
    ...(context ? { context } : {}),
    baselines: store,
    comments: new FakeComments(),
    readPullRequest: async () => ({
      number: 7,
      headSha: 'head1',
      baseRef: 'main',
      mergeBaseSha: 'base123',
    }),
    ...(labels ? { labels } : {}),
    tempDir: 'tmp',
  };
  return { config: parsed.config, context, deps, store, output };
}

describe('the accept label in a pull request run', () => {
  it('keeps the results as <artifact-name>-pr for label events, unless accept-scope is none', async () => {
    const kept = setup({});
    await runAction(kept.config, kept.deps);
    expect(kept.store.saved).toEqual(['loadgate-p-pr:loadgate-results.json']);
    expect(kept.output.events.join('\n')).toContain(
      'kept the results as artifact loadgate-p-pr, for the accept label',
    );

    const off = setup({ 'accept-scope': 'none' });
    await runAction(off.config, off.deps);
    expect(off.store.saved).toEqual([]);
  });

  it('fails closed: label events that cannot be read accept nothing, with a warning', async () => {
    const labels: AcceptanceGateway = {
      listLabelEvents: async () => {
        throw new Error('502 Server Error');
      },
      checkWriter: async () => ({ kind: 'permission', permission: 'admin' }),
      listOwnCommentBodies: async () => [],
    };
    const { config, deps, output } = setup({}, 'opened', labels);
    const outcome = await runAction(config, deps);

    if (outcome.kind !== 'judged') throw new Error(outcome.kind);
    const statuses = outcome.run.verdict.scenarios.flatMap((s) => s.metrics.map((m) => m.status));
    // The run is too short for the noise test, so its p50 regression warns; it stays a breach.
    expect(statuses).toContain('warn');
    expect(statuses).not.toContain('accepted');
    expect(outcome.run.verdict.acceptance).toBeUndefined();
    expect(output.events.join('\n')).toContain(
      'could not read the label events of pull request #7 (502 Server Error); the label loadgate:accept-regression accepts nothing in this run',
    );
  });

  it.each([
    ['labeled', {}, true],
    ['unlabeled', {}, true],
    ['synchronize', {}, false],
    ['labeled', { 'accept-scope': 'none' }, false],
    ['labeled', { mode: 'report' }, false],
  ])(
    'a pull_request %s event with %j re-judges instead of measuring: %s',
    (action, inputs, expected) => {
      const { config, context } = setup(inputs, action);
      expect(isLabelEvent(config, context)).toBe(expected);
    },
  );
});
