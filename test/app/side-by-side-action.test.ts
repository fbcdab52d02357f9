import { describe, expect, it } from 'vitest';
import { runAction, SIDE_BY_SIDE_NOTE } from '../../src/app/run-action.js';
import { parseActionInputs } from '../../src/core/action/parse-action-inputs.js';
import { readEventContext } from '../../src/core/action/read-event-context.js';
import type { Profile } from '../../src/core/profile/types.js';
import type { EngineOutcome, EngineRunOptions } from '../../src/ports.js';
import { FakeComments, FakeStore } from '../fakes/memory-github.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  recordingOf,
  ScriptedEngine,
} from '../fakes/memory-ports.js';

const PROFILE =
  'name: shop\nbaseUrl: http://127.0.0.1:9\nscenarios: [{ name: root, path: / }]\nload: { executor: constant-arrival-rate, rate: 10, duration: 1s }\n';
const MAIN = 'http://127.0.0.1:8';
const PR_EVENT = {
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_REF: 'refs/pull/7/merge',
  GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/load.yml@refs/pull/7/merge',
};
const PR_PAYLOAD = {
  repository: { default_branch: 'main' },
  pull_request: { number: 7, head: { sha: 'head1' }, base: { ref: 'main' } },
};

/** A store that counts look-ups: side by side, none may be made. */
class CountingStore extends FakeStore {
  finds = 0;
  override async find() {
    this.finds++;
    return super.find();
  }
}

/** Side by side, the scripted engine answers with both sides (B 20 % slower than A). */
function sideBySideOutcome(profile: Profile, options: EngineRunOptions): EngineOutcome {
  return {
    kind: 'ran',
    recording: recordingOf(profile, 200, 6),
    startedAtEpochMs: 0,
    status: 'completed',
    ...(options.baselineTarget
      ? { baselineSide: { recording: recordingOf(profile, 200, 5), protocolsSeen: ['http1'] } }
      : {}),
  };
}

function setup(inputs: Record<string, string>, push = false) {
  const files = new MemoryFiles();
  files.files.set('p.yml', PROFILE);
  const output = new MemoryOutput();
  const summaries: string[] = [];
  const parsed = parseActionInputs({ profile: 'p.yml', 'artifact-name': 'loadgate-p', ...inputs });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const context = push
    ? readEventContext(
        { ...PR_EVENT, GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' },
        { repository: { default_branch: 'main' } },
      )
    : readEventContext(PR_EVENT, PR_PAYLOAD);
  const engine = new ScriptedEngine(sideBySideOutcome);
  const options: EngineRunOptions[] = [];
  const store = new CountingStore({ kind: 'none', reason: 'no runs yet' });
  const deps = {
    engine: {
      run: (profile: Profile, o: EngineRunOptions) => {
        options.push(o);
        return engine.run(profile, o);
      },
    },
    files,
    output,
    environment: makeEnvironment(),
    io: { setOutput: () => {}, writeSummary: async (md: string) => void summaries.push(md) },
    ...(context ? { context } : {}),
    baselines: store,
    comments: new FakeComments(),
    readPullRequest: async () => ({
      number: 7,
      headSha: 'head1',
      baseRef: 'main',
      mergeBaseSha: 'base123',
    }),
    tempDir: 'tmp',
  };
  return { config: parsed.config, deps, files, output, summaries, store, options };
}

describe('input baseline-target (the action)', () => {
  it('on a pull request: measures both sides, judges against the other side, looks up no stored baseline', async () => {
    const { config, deps, files, output, summaries, store, options } = setup({
      'baseline-target': MAIN,
    });
    const result = await runAction(config, deps);
    expect(result.kind).toBe('judged');
    expect(store.finds).toBe(0);
    expect(options[0]?.baselineTarget).toBe(MAIN);
    expect(files.files.has('loadgate-results.json')).toBe(true);
    const baseline = JSON.parse(files.files.get('loadgate-results-baseline.json') ?? '{}');
    expect(baseline.target).toBe(MAIN);
    expect(baseline.sideBySide).toEqual({ side: 'baseline', otherTarget: 'http://127.0.0.1:9' });
    expect(summaries[0]).toContain('measured side by side against `http://127.0.0.1:8`');
    expect(summaries[0]).toContain("the base branch's stored baseline was not used");
    expect(output.events).toContain(`info ${SIDE_BY_SIDE_NOTE}`);
    // Both sides are kept for the accept label's events, which judge them as a pair again.
    expect(store.saved).toEqual([
      'loadgate-p-pr:loadgate-results.json',
      'loadgate-p-pr-baseline:loadgate-results-baseline.json',
    ]);
  });

  it('on a push to the baseline branch: measured alone, as before, with a note', async () => {
    const { config, deps, files, output, options } = setup({ 'baseline-target': MAIN }, true);
    await runAction(config, deps);
    expect(options[0]?.baselineTarget).toBeUndefined();
    expect(files.files.has('loadgate-results-baseline.json')).toBe(false);
    expect(
      output.events.some((e) => e.includes('input baseline-target applies to pull requests')),
    ).toBe(true);
  });

  it('is refused at the input that conflicts, before any load', async () => {
    const { config, deps, output, options } = setup({
      'baseline-target': 'http://127.0.0.1:9/',
    });
    const result = await runAction(config, deps);
    expect(result.kind).toBe('bad-input');
    expect(options).toHaveLength(0);
    expect(output.events.join('\n')).toMatch(
      /input baseline-target: expected another deployment than input target/,
    );
    const report = parseActionInputs({ mode: 'report', 'baseline-target': MAIN, profile: 'p.yml' });
    expect(report.ok).toBe(false);
    if (!report.ok) expect(report.issues.map((i) => i.path)).toContain('input baseline-target');
  });
});
