import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { STEP_OUTPUTS } from '../../src/app/sinks/github-sinks.js';
import { OUTPUT_INPUTS } from '../../src/app/sinks/registry.js';
import { ACTION_INPUTS } from '../../src/main.js';

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

  it('declares each output input with the description and default its output declares', () => {
    expect(OUTPUT_INPUTS.map((i) => i.name)).toEqual(
      expect.arrayContaining(['results-path', 'markdown-path', 'comment', 'upload-results']),
    );
    for (const input of OUTPUT_INPUTS) {
      const declared = action.inputs[input.name];
      expect(declared, input.name).toBeDefined();
      expect(declared?.description, input.name).toBe(input.description);
      expect(declared?.default, input.name).toBe(input.default);
    }
  });

  it('declares exactly the step outputs the action sets, with their descriptions', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(
      [
        'error-rate',
        'html-report',
        'p50-ms',
        'p95-ms',
        'p99-ms',
        'report-path',
        'results-path',
        'rps',
        'verdict',
      ].sort(),
    );
    expect(Object.keys(action.outputs).sort()).toEqual(STEP_OUTPUTS.map((o) => o.name).sort());
    for (const output of STEP_OUTPUTS)
      expect(action.outputs[output.name]?.description, output.name).toBe(output.description);
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

  it.each(files)('%s gives loadgate only the inputs action.yml declares', (file) => {
    const workflow = parse(readFileSync(file, 'utf8')) as {
      jobs?: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }>;
    };
    const given = Object.values(workflow.jobs ?? {}).flatMap((job) =>
      (job.steps ?? [])
        .filter((step) => /^loadgate\/loadgate@|^\.\/?$/.test(step.uses ?? ''))
        .flatMap((step) => Object.keys(step.with ?? {})),
    );
    expect(given.filter((name) => !(name in action.inputs))).toEqual([]);
  });
});
