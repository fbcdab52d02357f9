import type { ProfileOverrides } from '../profile/parse-profile.js';
import type { InputIssue } from '../profile/types.js';

/** Where the judged outcome goes besides the terminal. */
export interface ReportPaths {
  baselinePath?: string;
  markdownPath?: string;
  jsonPath?: string;
}

export type CliCommand =
  | ({
      command: 'run';
      profilePath?: string;
      overrides: ProfileOverrides;
      resultsPath: string;
    } & ReportPaths)
  | ({ command: 'compare'; currentPath: string; profilePath?: string } & ReportPaths)
  | { command: 'demo'; resultsPath: string }
  | { command: 'serve-demo'; port: number; slowdownFactor: number }
  | { command: 'help'; topic?: string }
  | { command: 'version' };

export type ParsedCli = { ok: true; cli: CliCommand } | { ok: false; issues: InputIssue[] };

export const DEFAULT_RESULTS_PATH = 'loadgate-results.json';

const VALUE_FLAGS: Record<string, readonly string[]> = {
  run: ['target', 'rate', 'duration', 'vus', 'connections', 'out', 'baseline', 'markdown', 'json'],
  compare: ['current', 'baseline', 'profile', 'markdown', 'json'],
  demo: ['out'],
  'serve-demo': ['port', 'slowdown'],
};

/**
 * Parses `loadgate <command> [args]` without throwing: unknown flags, flags missing a value and
 * stray arguments all come back together as issues naming the flag.
 */
export function parseCliArgs(argv: readonly string[]): ParsedCli {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return { ok: true, cli: { command: 'help', ...(rest[0] ? { topic: rest[0] } : {}) } };
  }
  if (command === 'version' || command === '--version' || command === '-v')
    return { ok: true, cli: { command: 'version' } };
  const flags = VALUE_FLAGS[command];
  if (!flags) {
    return {
      ok: false,
      issues: [
        {
          path: 'command',
          message: `unknown command "${command}"; expected run, compare, demo, serve-demo, help or version`,
        },
      ],
    };
  }
  if (rest.includes('--help') || rest.includes('-h'))
    return { ok: true, cli: { command: 'help', topic: command } };

  const { values, positionals, issues } = tokenize(rest, command, flags);
  const maxPositionals = command === 'run' ? 1 : 0;
  for (const extra of positionals.slice(maxPositionals)) {
    issues.push({ path: 'arguments', message: `unexpected argument "${extra}"` });
  }
  if (issues.length > 0) return { ok: false, issues };

  const str = (name: string) => values.get(name);
  const resultsPath = str('out') ?? DEFAULT_RESULTS_PATH;
  if (command === 'demo') return { ok: true, cli: { command: 'demo', resultsPath } };
  if (command === 'serve-demo') return parseServeDemo(str('port'), str('slowdown'));
  const reportPaths: ReportPaths = {};
  for (const [flag, key] of [
    ['baseline', 'baselinePath'],
    ['markdown', 'markdownPath'],
    ['json', 'jsonPath'],
  ] as const) {
    const value = str(flag);
    if (value !== undefined) reportPaths[key] = value;
  }
  if (command === 'compare') {
    const currentPath = str('current');
    if (currentPath === undefined) {
      return {
        ok: false,
        issues: [
          {
            path: '--current',
            message: 'required: the results file to judge, e.g. --current loadgate-results.json',
          },
        ],
      };
    }
    const profilePath = str('profile');
    return {
      ok: true,
      cli: {
        command: 'compare',
        currentPath,
        ...(profilePath ? { profilePath } : {}),
        ...reportPaths,
      },
    };
  }
  const overrides: ProfileOverrides = {};
  for (const key of ['target', 'rate', 'duration', 'vus', 'connections'] as const) {
    const value = str(key);
    if (value !== undefined) overrides[key] = value;
  }
  return {
    ok: true,
    cli: {
      command: 'run',
      ...(positionals[0] ? { profilePath: positionals[0] } : {}),
      overrides,
      resultsPath,
      ...reportPaths,
    },
  };
}

/** `serve-demo`: a port (0 = any free one) and a slowdown factor (1 = as built). */
function parseServeDemo(portText = '8080', slowdownText = '1'): ParsedCli {
  const port = Number(portText);
  const slowdownFactor = Number(slowdownText);
  const issues: InputIssue[] = [];
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    issues.push({
      path: '--port',
      message: `expected a port number from 0 to 65535, got "${portText}"`,
    });
  }
  if (!Number.isFinite(slowdownFactor) || slowdownFactor <= 0 || slowdownFactor > 100) {
    issues.push({
      path: '--slowdown',
      message: `expected a factor such as 1.3 (30 % slower), got "${slowdownText}"`,
    });
  }
  return issues.length > 0
    ? { ok: false, issues }
    : { ok: true, cli: { command: 'serve-demo', port, slowdownFactor } };
}

/**
 * Every flag takes a value (`--rate 5` or `--rate=5`). A flag followed by another flag has no
 * value; an unknown flag still takes the value after it, so one typo gives one issue.
 */
function tokenize(args: readonly string[], command: string, flags: readonly string[]) {
  const values = new Map<string, string>();
  const positionals: string[] = [];
  const issues: InputIssue[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--') || arg === '--') {
      if (arg !== '--') positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    let value = eq >= 0 ? arg.slice(eq + 1) : undefined;
    const next = args[i + 1];
    if (value === undefined && next !== undefined && !next.startsWith('--')) {
      value = next;
      i++;
    }
    if (!flags.includes(name)) {
      issues.push({
        path: `--${name}`,
        message: `unknown option for "${command}"; expected one of ${flags.map((f) => `--${f}`).join(', ')}`,
      });
    } else if (value === undefined || value === '') {
      issues.push({ path: `--${name}`, message: `needs a value, e.g. ${exampleFor(name)}` });
    } else {
      values.set(name, value);
    }
  }
  return { values, positionals, issues };
}

function exampleFor(flag: string): string {
  const examples: Record<string, string> = {
    target: '--target http://127.0.0.1:8080',
    rate: '--rate 100 (requests per second)',
    duration: '--duration 30s',
    vus: '--vus 10',
    connections: '--connections 50',
    out: '--out results.json',
    current: '--current loadgate-results.json',
    baseline: '--baseline baseline.json',
    profile: '--profile loadtest.yml',
    markdown: '--markdown report.md',
    json: '--json verdict.json',
    port: '--port 8080',
    slowdown: '--slowdown 1.3',
  };
  return examples[flag] ?? `--${flag} VALUE`;
}
