import { describe, expect, it } from 'vitest';
import { renderHelp } from '../../../src/core/cli/help-text.js';
import { type OutputFlag, parseCliArgs as parse } from '../../../src/core/cli/parse-cli-args.js';

/** Output flags as the app's registry declares them (the parser takes whatever it is given). */
const FLAGS = [
  { name: 'out', commands: ['run', 'demo'], example: '--out results.json' },
  { name: 'markdown', commands: ['run', 'compare'], example: '--markdown report.md' },
  { name: 'json', commands: ['run', 'compare'], example: '--json verdict.json' },
] satisfies OutputFlag[];
const parseCliArgs = (argv: string[]) => parse(argv, FLAGS);

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
        outputs: { out: 'r.json' },
      },
    });
  });

  it('allows no profile; an output flag not given is left to its output', () => {
    const parsed = parseCliArgs(['run', '--target', 'http://127.0.0.1:1/', '--rate', '5']);
    expect(parsed).toEqual({
      ok: true,
      cli: {
        command: 'run',
        overrides: { target: 'http://127.0.0.1:1/', rate: '5' },
        outputs: {},
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
        outputs: { markdown: 'r.md', json: 'v.json' },
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
      cli: { command: 'run', baselinePath: 'b.json', outputs: { markdown: 'r.md' } },
    });
  });
});

describe('parseCliArgs and renderHelp: the flags the outputs declare', () => {
  it('takes an output flag only on the commands it names, with its own example', () => {
    const html = { name: 'html', commands: ['compare'], example: '--html report.html' };
    expect(parse(['compare', '--current', 'c.json', '--html', 'r.html'], [html])).toMatchObject({
      ok: true,
      cli: { outputs: { html: 'r.html' } },
    });
    const onRun = parse(['run', 'p.yml', '--html', 'r.html'], [html]);
    expect(onRun.ok).toBe(false);
    if (!onRun.ok) expect(onRun.issues[0]?.path).toBe('--html');
    const empty = parse(['compare', '--current', 'c.json', '--html'], [html]);
    expect(empty.ok ? [] : empty.issues).toEqual([
      { path: '--html', message: 'needs a value, e.g. --html report.html' },
    ]);
  });

  it('without the registry, the output flags are unknown (nothing is hard-wired)', () => {
    expect(parse(['run', 'p.yml', '--out', 'r.json']).ok).toBe(false);
  });

  it('lists each output flag, with its default, under the commands that take it', () => {
    const flags = [
      {
        name: 'out',
        commands: ['run', 'demo'],
        placeholder: 'FILE',
        help: 'results file',
        default: 'x.json',
      },
      { name: 'html', commands: ['compare'], placeholder: 'FILE', help: 'write an HTML page' },
    ];
    expect(renderHelp('run', flags)).toContain(
      '\n  --out FILE          results file (default x.json)\n',
    );
    expect(renderHelp('run', flags)).not.toContain('--html');
    expect(renderHelp('demo', flags)).toMatch(/^Usage: loadgate demo \[--out FILE\]\n/);
    expect(renderHelp('compare', flags)).toMatch(
      /^Usage: loadgate compare --current FILE \[--baseline FILE\] \[--profile FILE\] \[--html FILE\]\n/,
    );
    expect(renderHelp('compare', flags)).toContain('\n  --html FILE         write an HTML page');
  });
});
