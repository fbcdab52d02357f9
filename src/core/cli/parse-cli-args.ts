import type { InputIssue } from '../input/format-issues.js';
import type { ProfileOverrides } from '../profile/parse-profile.js';

/**
 * A flag an output declares for itself (the results file's `--out`, the report's
 * `--markdown` …): the app's output registry lists them, and the parser takes them as given.
 */
export interface OutputFlag {
  /** Without the dashes. */
  name: string;
  commands: readonly string[];
  /** Shown when the flag is given without a value: `--markdown report.md`. */
  example: string;
}

/** The values of the output flags given, by flag name (the outputs apply their defaults). */
export type OutputFlagValues = Record<string, string>;

export type CliCommand =
  | {
      command: 'run';
      profilePath?: string;
      overrides: ProfileOverrides;
      baselinePath?: string;
      outputs: OutputFlagValues;
    }
  | {
      command: 'compare';
      currentPath: string;
      profilePath?: string;
      baselinePath?: string;
      outputs: OutputFlagValues;
    }
  | { command: 'demo'; outputs: OutputFlagValues }
  | { command: 'serve-demo'; port: number; slowdownFactor: number }
  | { command: 'help'; topic?: string }
  | { command: 'version' };

export type ParsedCli = { ok: true; cli: CliCommand } | { ok: false; issues: InputIssue[] };

/** Each command's own flags; the output flags come from the caller's registry. */
const COMMAND_FLAGS: Record<string, readonly string[]> = {
  run: ['target', 'rate', 'duration', 'vus', 'connections', 'baseline'],
  compare: ['current', 'baseline', 'profile'],
  demo: [],
  'serve-demo': ['port', 'slowdown'],
};

/**
 * Parses `loadgate <command> [args]` without throwing: unknown flags, flags missing a value and
 * stray arguments all come back together as issues naming the flag.
 * @param outputFlags the flags the outputs declare (app/sinks/registry's `OUTPUT_FLAGS`).
 */
export function parseCliArgs(
  argv: readonly string[],
  outputFlags: readonly OutputFlag[] = [],
): ParsedCli {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return { ok: true, cli: { command: 'help', ...(rest[0] ? { topic: rest[0] } : {}) } };
  }
  if (command === 'version' || command === '--version' || command === '-v')
    return { ok: true, cli: { command: 'version' } };
  const own = COMMAND_FLAGS[command];
  if (!own) {
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

  const outputs = outputFlags.filter((flag) => flag.commands.includes(command));
  const flags = [...own, ...outputs.map((flag) => flag.name)];
  const examples = Object.fromEntries(outputs.map((flag) => [flag.name, flag.example]));
  const { values, positionals, issues } = tokenize(rest, command, flags, examples);
  const maxPositionals = command === 'run' ? 1 : 0;
  for (const extra of positionals.slice(maxPositionals)) {
    issues.push({ path: 'arguments', message: `unexpected argument "${extra}"` });
  }
  if (issues.length > 0) return { ok: false, issues };

  const str = (name: string) => values.get(name);
  const given: OutputFlagValues = {};
  for (const { name } of outputs) {
    const value = str(name);
    if (value !== undefined) given[name] = value;
  }
  if (command === 'demo') return { ok: true, cli: { command: 'demo', outputs: given } };
  if (command === 'serve-demo') return parseServeDemo(str('port'), str('slowdown'));
  const baselinePath = str('baseline');
  const reportPaths = { ...(baselinePath ? { baselinePath } : {}), outputs: given };
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
function tokenize(
  args: readonly string[],
  command: string,
  flags: readonly string[],
  outputExamples: Readonly<Record<string, string>>,
) {
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
      const example = outputExamples[name] ?? exampleFor(name);
      issues.push({ path: `--${name}`, message: `needs a value, e.g. ${example}` });
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
    current: '--current loadgate-results.json',
    baseline: '--baseline baseline.json',
    profile: '--profile loadtest.yml',
    port: '--port 8080',
    slowdown: '--slowdown 1.3',
  };
  return examples[flag] ?? `--${flag} VALUE`;
}
