import { describe, expect, it } from 'vitest';
import { runAction } from '../../src/app/run-action.js';
import { parseActionInputs } from '../../src/core/action/parse-action-inputs.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  recordingOf,
  ScriptedEngine,
} from '../fakes/memory-ports.js';

const PROFILE = [
  'name: shop',
  'baseUrl: http://127.0.0.1:9',
  'scenarios:',
  '  - { name: list, path: /list, category: normal }',
  '  - { name: pii, path: /pii, category: policy, expect: { status: 403 } }',
  'load: { executor: constant-arrival-rate, rate: 10, duration: 1s }',
  '',
].join('\n');

function setup(inputs: Record<string, string>) {
  const files = new MemoryFiles();
  files.files.set('p.yml', PROFILE);
  const output = new MemoryOutput();
  const parsed = parseActionInputs({ profile: 'p.yml', comment: 'false', ...inputs });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const engine = new ScriptedEngine((profile) => ({
    kind: 'ran' as const,
    recording: recordingOf(profile, 20, 5),
    startedAtEpochMs: 0,
    status: 'completed' as const,
  }));
  const deps = {
    engine,
    files,
    output,
    environment: makeEnvironment(),
    io: { setOutput: () => {}, writeSummary: async () => {} },
    tempDir: 'tmp',
  };
  return { config: parsed.config, deps, engine, output, files };
}

describe('the action with inputs category and scenario', () => {
  it('runs only the picked scenarios and records the selection', async () => {
    const { config, deps, engine, files } = setup({ category: 'policy', rate: '50' });
    const outcome = await runAction(config, deps);
    expect(outcome.kind).toBe('judged');
    expect(engine.profiles.map((p) => p.scenarios.map((s) => s.name))).toEqual([['pii']]);
    expect(engine.profiles[0]?.load.plan).toMatchObject({ ratePerSec: 50 });
    const result = JSON.parse(files.files.get('loadgate-results.json') ?? '{}');
    expect(result.selection).toEqual({ categories: ['policy'], scenarios: [], leftOut: ['list'] });
  });

  it('refuses an unknown name at the input, before any load', async () => {
    const { config, deps, engine, output } = setup({ category: 'polcy' });
    const outcome = await runAction(config, deps);
    expect(outcome.kind).toBe('bad-input');
    expect(engine.profiles).toEqual([]);
    expect(output.events.join('\n')).toContain(
      'input category: no scenario has the category "polcy" (did you mean "policy"?)',
    );
  });
});
