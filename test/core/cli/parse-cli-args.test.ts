import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/core/cli/parse-cli-args.js';

describe('parseCliArgs', () => {
  it('parses run with a profile and overrides', () => {
    expect(
      parseCliArgs(['run', 'p.yml', '--rate', '50', '--duration=30s', '--out', 'r.json']),
    ).toEqual({
      ok: true,
      cli: {
        command: 'run',
        profilePath: 'p.yml',
        overrides: { rate: '50', duration: '30s' },
        resultsPath: 'r.json',
      },
    });
  });

  it('defaults the results path and allows no profile', () => {
    const parsed = parseCliArgs(['run', '--target', 'http://127.0.0.1:1/', '--rate', '5']);
    expect(parsed).toEqual({
      ok: true,
      cli: {
        command: 'run',
        overrides: { target: 'http://127.0.0.1:1/', rate: '5' },
        resultsPath: 'loadgate-results.json',
      },
    });
  });

  it('reports every bad flag at once, naming each', () => {
    const parsed = parseCliArgs(['run', 'a.yml', 'b.yml', '--rat', '5', '--duration', '--out']);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const paths = parsed.issues.map((i) => i.path);
    expect(paths).toEqual(['--rat', '--duration', '--out', 'arguments']);
    expect(parsed.issues.find((i) => i.path === '--rat')?.message).toMatch(
      /expected one of --target, --rate/,
    );
    expect(parsed.issues.find((i) => i.path === 'arguments')?.message).toBe(
      'unexpected argument "b.yml"',
    );
  });

  it('knows help, version and unknown commands', () => {
    expect(parseCliArgs([])).toEqual({ ok: true, cli: { command: 'help' } });
    expect(parseCliArgs(['run', '--help'])).toEqual({
      ok: true,
      cli: { command: 'help', topic: 'run' },
    });
    expect(parseCliArgs(['--version'])).toEqual({ ok: true, cli: { command: 'version' } });
    const bad = parseCliArgs(['launch']);
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.issues[0]?.message).toMatch(
        /unknown command "launch"; expected run, compare, demo/,
      );
  });
});

describe('parseCliArgs: compare and report flags', () => {
  it('parses compare with its files', () => {
    expect(
      parseCliArgs([
        'compare',
        '--current',
        'c.json',
        '--baseline',
        'b.json',
        '--profile',
        'p.yml',
        '--markdown',
        'r.md',
        '--json',
        'v.json',
      ]),
    ).toEqual({
      ok: true,
      cli: {
        command: 'compare',
        currentPath: 'c.json',
        baselinePath: 'b.json',
        profilePath: 'p.yml',
        markdownPath: 'r.md',
        jsonPath: 'v.json',
      },
    });
  });

  it('requires --current', () => {
    const parsed = parseCliArgs(['compare', '--baseline', 'b.json']);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]?.path).toBe('--current');
  });

  it('lets run write a report against a baseline', () => {
    const parsed = parseCliArgs(['run', 'p.yml', '--baseline', 'b.json', '--markdown', 'r.md']);
    expect(parsed).toMatchObject({
      ok: true,
      cli: { command: 'run', baselinePath: 'b.json', markdownPath: 'r.md' },
    });
  });
});
