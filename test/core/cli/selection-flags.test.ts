import { describe, expect, it } from 'vitest';
import { parseActionInputs } from '../../../src/core/action/parse-action-inputs.js';
import { renderHelp } from '../../../src/core/cli/help-text.js';
import { parseCliArgs } from '../../../src/core/cli/parse-cli-args.js';

describe('run --category / --scenario', () => {
  it('collects every value of the repeatable flags, each one name as written', () => {
    const parsed = parseCliArgs([
      'run',
      'p.yml',
      '--category',
      'policy',
      '--scenario=list, then buy',
      '--category',
      'security',
      '--rate',
      '100',
    ]);
    expect(parsed).toEqual({
      ok: true,
      cli: {
        command: 'run',
        profilePath: 'p.yml',
        overrides: { rate: '100' },
        selection: { categories: ['policy', 'security'], scenarios: ['list, then buy'] },
        outputs: {},
      },
    });
  });

  it('leaves the selection out when neither flag is given', () => {
    const parsed = parseCliArgs(['run', 'p.yml']);
    expect(parsed.ok && 'selection' in parsed.cli).toBe(false);
  });

  it('refuses a flag without a name, with an example', () => {
    expect(parseCliArgs(['run', 'p.yml', '--category'])).toEqual({
      ok: false,
      issues: [{ path: '--category', message: 'needs a value, e.g. --category policy' }],
    });
  });

  it('is in the help of run, with the selection rule', () => {
    const help = renderHelp('run');
    expect(help).toContain('--category NAME');
    expect(help).toContain('--scenario NAME');
    expect(help).toContain('OR its category with --category');
  });
});

describe('heartbeat --category / --scenario', () => {
  it('probes only the picked scenarios: the selection reaches the heartbeat command', () => {
    const parsed = parseCliArgs([
      'heartbeat',
      'p.yml',
      '--category',
      'policy',
      '--scenario',
      'health',
    ]);
    expect(parsed.ok && parsed.cli.command === 'heartbeat' && parsed.cli.selection).toEqual({
      categories: ['policy'],
      scenarios: ['health'],
    });
    const plain = parseCliArgs(['heartbeat', 'p.yml']);
    expect(plain.ok && 'selection' in plain.cli).toBe(false);
    expect(renderHelp('heartbeat')).toContain('--category NAME');
  });
});

describe('action inputs category and scenario', () => {
  it('read comma- or newline-separated lists into a selection', () => {
    const parsed = parseActionInputs({
      profile: 'p.yml',
      category: 'policy, security',
      scenario: 'list, then buy\nhealth\n',
    });
    expect(parsed.ok && parsed.config.selection).toEqual({
      categories: ['policy', 'security'],
      scenarios: ['list, then buy', 'health'],
    });
  });

  it('leave the selection out when empty, as the runner passes unset inputs', () => {
    const parsed = parseActionInputs({ profile: 'p.yml', category: '', scenario: ' ' });
    expect(parsed.ok && 'selection' in parsed.config).toBe(false);
  });
});
