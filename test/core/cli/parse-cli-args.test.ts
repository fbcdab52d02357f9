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
        /unknown command "launch"; expected run, compare, heartbeat, demo/,
      );
  });
});

describe('parseCliArgs: compare and report flags', () => {
  it('demo takes an optional profile to run instead of examples/demo.yml, and no second one', () => {
    expect(parseCliArgs(['demo', 'examples/shop-journey.yml'])).toEqual({
      ok: true,
      cli: { command: 'demo', outputs: {}, profilePath: 'examples/shop-journey.yml' },
    });
    expect(parseCliArgs(['demo'])).toEqual({ ok: true, cli: { command: 'demo', outputs: {} } });
    expect(parseCliArgs(['demo', 'a.yml', 'b.yml'])).toEqual({
      ok: false,
      issues: [{ path: 'arguments', message: 'unexpected argument "b.yml"' }],
    });
  });

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
    expect(renderHelp('demo', flags)).toMatch(
      /^Usage: loadgate demo \[profile\.yml\] \[--out FILE\]\n/,
    );
    expect(renderHelp('compare', flags)).toMatch(
      /^Usage: loadgate compare --current FILE \[--baseline FILE\] \[--profile FILE\] \[--html FILE\]\n/,
    );
    expect(renderHelp('compare', flags)).toContain('\n  --html FILE         write an HTML page');
  });
});

describe('parseCliArgs: run’s series flags', () => {
  it('reads --layer, --interval, --baseline-runs and --confirm', () => {
    expect(
      parseCliArgs([
        'run',
        'p.yml',
        '--layer',
        'Scheduled',
        '--interval=daily',
        '--baseline-runs',
        '8',
        '--confirm',
        '--out',
        'r.json',
      ]),
    ).toEqual({
      ok: true,
      cli: {
        command: 'run',
        profilePath: 'p.yml',
        overrides: {},
        layer: 'scheduled',
        interval: 'daily',
        baselineRuns: 8,
        confirm: 1,
        outputs: { out: 'r.json' },
      },
    });
  });

  it('a switch takes no value: the argument after --no-confirm is the profile', () => {
    expect(parseCliArgs(['run', '--no-confirm', 'p.yml'])).toEqual({
      ok: true,
      cli: { command: 'run', profilePath: 'p.yml', overrides: {}, confirm: 0, outputs: {} },
    });
  });

  it.each([
    ['--confirm', 1],
    ['--confirm=0', 0],
    ['--confirm=3', 3],
    ['--confirm=5', 5],
    ['--confirm=true', 1],
    ['--confirm=off', 0],
    ['--no-confirm', 0],
  ])('reads %s as %s re-measures', (flag, times) => {
    const parsed = parseCliArgs(['run', flag, 'p.yml']);
    expect(parsed.ok && parsed.cli.command === 'run' && parsed.cli.confirm).toBe(times);
  });

  it.each([
    ['--confirm=9', '"9"'],
    ['--confirm=-1', '"-1"'],
    ['--confirm=1.5', '"1.5"'],
    ['--confirm=auto', '"auto"'],
    ['--confirm=', '""'],
  ])('refuses %s naming --confirm and the form', (flag, shown) => {
    const parsed = parseCliArgs(['run', 'p.yml', flag]);
    expect(parsed.ok ? [] : parsed.issues).toEqual([
      {
        path: '--confirm',
        message: `expected --confirm=N, N from 0 to 5 re-measures (--confirm alone = 1), got ${shown}`,
      },
    ]);
  });

  it('refuses --confirm 3 (the 3 would be read as the profile), saying to write --confirm=3', () => {
    const parsed = parseCliArgs(['run', 'p.yml', '--confirm', '3']);
    expect(parsed.ok ? [] : parsed.issues).toEqual([
      {
        path: '--confirm',
        message:
          'write the value after =: --confirm=N, N from 0 to 5 re-measures (--confirm alone = 1)',
      },
    ]);
  });

  it('leaves every series flag out when none is given', () => {
    const parsed = parseCliArgs(['run', 'p.yml']);
    expect(parsed.ok && Object.keys(parsed.cli).sort()).toEqual(
      ['command', 'outputs', 'overrides', 'profilePath'].sort(),
    );
  });

  it('reports every bad series flag at once, naming the flag and the expected form', () => {
    const parsed = parseCliArgs([
      'run',
      'p.yml',
      '--layer',
      'nightly',
      '--interval',
      'Every Day',
      '--baseline-runs',
      '51',
      '--confirm',
      '--no-confirm',
    ]);
    expect(parsed.ok ? [] : parsed.issues).toEqual([
      {
        path: '--layer',
        message:
          'expected one of heartbeat, scheduled, manual, pull-request, release, got "nightly"',
      },
      {
        path: '--interval',
        message:
          'expected hourly, daily, weekly, or a slug of lowercase letters, digits and "-" (up to 40 characters, like every-15m), got "Every Day"',
      },
      {
        path: '--baseline-runs',
        message: 'expected a whole number of runs from 1 to 50, got "51"',
      },
      { path: '--confirm', message: 'give --confirm or --no-confirm, not both' },
    ]);
  });

  it('refuses a value on a switch and a missing value on a series flag', () => {
    const parsed = parseCliArgs(['run', 'p.yml', '--no-confirm=yes', '--layer']);
    expect(parsed.ok ? [] : parsed.issues).toEqual([
      { path: '--no-confirm', message: 'takes no value; write --no-confirm alone' },
      { path: '--layer', message: 'needs a value, e.g. --layer scheduled' },
    ]);
  });

  it('lists the switches among the options of run, and only of run', () => {
    const typo = parseCliArgs(['run', 'p.yml', '--confrim']);
    expect(typo.ok ? '' : typo.issues[0]?.message).toMatch(
      /--baseline-runs, .*--confirm, --no-confirm/,
    );
    const onCompare = parseCliArgs(['compare', '--current', 'c.json', '--confirm']);
    expect(onCompare.ok ? [] : onCompare.issues.map((issue) => issue.path)).toEqual(['--confirm']);
  });
});

describe('parseCliArgs: history show', () => {
  it('reads the file, with --last 30 by default', () => {
    expect(parseCliArgs(['history', 'show', 'history.json'])).toEqual({
      ok: true,
      cli: { command: 'history-show', historyPath: 'history.json', last: 30 },
    });
    expect(parseCliArgs(['history', 'show', '--last', '10000', 'h.json'])).toEqual({
      ok: true,
      cli: { command: 'history-show', historyPath: 'h.json', last: 10_000 },
    });
  });

  it.each([
    [['history'], 'history', 'needs a subcommand: loadgate history show FILE [--last N]'],
    [['history', 'list', 'h.json'], 'history', 'unknown subcommand "list"; expected show'],
    [
      ['history', 'show'],
      'FILE',
      'required: the history file to show, e.g. loadgate history show history.json',
    ],
    [
      ['history', 'show', 'h.json', '--last', '0'],
      '--last',
      'expected a whole number of runs from 1 to 10000, got "0"',
    ],
    [
      ['history', 'show', 'h.json', '--last', '10001'],
      '--last',
      'expected a whole number of runs from 1 to 10000, got "10001"',
    ],
    [
      ['history', 'show', 'h.json', '--last', '2.5'],
      '--last',
      'expected a whole number of runs from 1 to 10000, got "2.5"',
    ],
    [['history', 'show', 'h.json', '--last'], '--last', 'needs a value, e.g. --last 30'],
    [['history', 'show', 'a.json', 'b.json'], 'arguments', 'unexpected argument "b.json"'],
    [
      ['history', 'show', 'h.json', '--lst', '5'],
      '--lst',
      'unknown option for "history"; expected one of --last',
    ],
  ])('%j: %s %s', (argv, path, message) => {
    expect(parseCliArgs(argv)).toEqual({ ok: false, issues: [{ path, message }] });
  });

  it('reports several problems together', () => {
    const parsed = parseCliArgs(['history', 'show', '--last', '0', '--lst', 'x']);
    expect(parsed.ok ? [] : parsed.issues.map((issue) => issue.path)).toEqual([
      '--lst',
      'FILE',
      '--last',
    ]);
  });

  it('has help, and is named among the commands', () => {
    expect(parseCliArgs(['history', '--help'])).toEqual({
      ok: true,
      cli: { command: 'help', topic: 'history' },
    });
    const bad = parseCliArgs(['launch']);
    expect(bad.ok ? '' : bad.issues[0]?.message).toContain(
      'serve-demo, history, pushgateway, help or version',
    );
  });
});

describe('renderHelp: series flags and history', () => {
  it('lists run’s series flags', () => {
    const help = renderHelp('run');
    for (const flag of [
      '--layer L',
      '--interval I',
      '--baseline-runs K',
      '--confirm[=N]',
      '--no-confirm',
    ])
      expect(help).toContain(`\n  ${flag} `);
    expect(help).toContain('heartbeat, scheduled, manual');
    expect(help).toContain('(default 5');
  });

  it('has a history topic and names it in the general help', () => {
    expect(renderHelp('history')).toMatch(/^Usage: loadgate history show FILE \[--last N\]\n/);
    expect(renderHelp('history')).toContain(
      '--last N            runs shown per series, 1 to 10000 (default 30)',
    );
    expect(renderHelp()).toContain('\n  loadgate history show FILE [--last N]  print the trend');
  });
});
