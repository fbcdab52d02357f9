import { describe, expect, it } from 'vitest';
import { runAction } from '../../src/app/run-action.js';
import { parseActionInputs } from '../../src/core/action/parse-action-inputs.js';
import { readEventContext } from '../../src/core/action/read-event-context.js';
import type { Profile } from '../../src/core/profile/types.js';
import { ResponseClass } from '../../src/core/stats/classify-response.js';
import { RunRecorder } from '../../src/core/stats/run-recorder.js';
import { describeStepFailure } from '../../src/main.js';
import { FakeStore } from '../fakes/memory-github.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  ScriptedEngine,
} from '../fakes/memory-ports.js';

/** No thresholds, no regressions: the defaults are all that guard this profile. */
const PROFILE =
  'name: shop\nbaseUrl: http://127.0.0.1:9\nscenarios: [{ name: root, path: / }]\nload: { executor: constant-arrival-rate, rate: 60, duration: 10s }\n';

/** 600 answers in 10 s, every `failEvery`-th one a 503 (1: all of them). */
function recordingOf(profile: Profile, failEvery: number) {
  const recorder = new RunRecorder(profile.scenarios.length, 0);
  for (let i = 0; i < 600; i++) {
    const at = (i * 1000) / 60;
    const failed = i % failEvery === 0;
    recorder.onSent(0, at, at);
    recorder.onResponse(
      0,
      at,
      at,
      at + 5,
      failed ? 503 : 200,
      failed ? ResponseClass.http5xx : ResponseClass.ok,
    );
  }
  return recorder.finish(10_000);
}

async function runOnMain(failEvery: number) {
  const files = new MemoryFiles();
  files.files.set('p.yml', PROFILE);
  const output = new MemoryOutput();
  const summaries: string[] = [];
  const store = new FakeStore({ kind: 'none', reason: 'none' });
  const parsed = parseActionInputs({ profile: 'p.yml', 'artifact-name': 'loadgate-p' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const context = readEventContext(
    {
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/load.yml@refs/heads/main',
    },
    { repository: { default_branch: 'main' } },
  );
  const result = await runAction(parsed.config, {
    engine: new ScriptedEngine((profile) => ({
      kind: 'ran',
      recording: recordingOf(profile, failEvery),
      startedAtEpochMs: 0,
      status: 'completed',
    })),
    files,
    output,
    environment: makeEnvironment(),
    io: { setOutput: () => undefined, writeSummary: async (md: string) => void summaries.push(md) },
    ...(context ? { context } : {}),
    baselines: store,
    tempDir: 'tmp',
  });
  return { result, store, summaries, output };
}

describe('the action never saves a failing run as the baseline', () => {
  it('600 of 600 answers 503 with no rules: fails, is not saved, and the report says why', async () => {
    const { result, store, summaries, output } = await runOnMain(1);
    expect(describeStepFailure(result, 'fail')).toBe(
      'loadgate: the gate failed (fail): error rate 100 %, needs <= 5 % (critical)',
    );
    expect(store.saved).toEqual([]);
    expect(summaries[0]).toContain(
      'This run was not saved as the baseline: the gate failed (error rate 100 %, needs &lt;= 5 % (critical)). Later runs keep comparing with the last saved baseline.',
    );
    expect(output.events).toContain(
      'warn not saving this run as the baseline: the gate failed (error rate 100 %, needs <= 5 % (critical))',
    );
  });

  it('a healthy run on the baseline branch is saved, and the report says nothing about it', async () => {
    const { result, store, summaries } = await runOnMain(1000);
    expect(describeStepFailure(result, 'fail')).toBeUndefined();
    expect(store.saved).toEqual(['loadgate-p:loadgate-results.json']);
    expect(summaries[0]).not.toContain('not saved as the baseline');
  });
});
