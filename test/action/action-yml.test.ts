import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION_INPUTS } from '../../src/shell/actions-io.js';

// The runner refuses an action.yml that is not valid YAML before any code runs, so no fake can
// catch it: parse it strictly here.
const action = parse(readFileSync('action.yml', 'utf8'), { strict: true, uniqueKeys: true }) as {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
};

describe('action.yml', () => {
  it('is valid YAML and runs dist/index.js on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares exactly the inputs the action reads, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...ACTION_INPUTS].sort());
    for (const [name, input] of Object.entries(action.inputs))
      expect(input.description, name).toMatch(/\w{3}/);
  });

  it('declares the outputs the action sets', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(
      [
        'error-rate',
        'p50-ms',
        'p95-ms',
        'p99-ms',
        'report-path',
        'results-path',
        'rps',
        'verdict',
      ].sort(),
    );
  });
});

describe('workflow files', () => {
  const files = ['.github/workflows', 'examples/workflows'].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.yml'))
      .map((f) => `${dir}/${f}`),
  );

  it.each(files)('%s is valid YAML with jobs', (file) => {
    const workflow = parse(readFileSync(file, 'utf8'), { strict: true, uniqueKeys: true }) as {
      on?: unknown;
      jobs?: object;
    };
    expect(workflow.on).toBeDefined();
    expect(Object.keys(workflow.jobs ?? {}).length).toBeGreaterThan(0);
  });
});
