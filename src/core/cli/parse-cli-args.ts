import { parseArgs } from 'node:util';
import type { ProfileOverrides } from '../profile/parse-profile.js';
import type { InputIssue } from '../profile/types.js';

export type CliCommand =
  | { command: 'run'; profilePath?: string; overrides: ProfileOverrides; resultsPath: string }
  | { command: 'demo'; resultsPath: string }
  | { command: 'help'; topic?: string }
  | { command: 'version' };

export type ParsedCli = { ok: true; cli: CliCommand } | { ok: false; issues: InputIssue[] };

export const DEFAULT_RESULTS_PATH = 'loadgate-results.json';

const VALUE_FLAGS: Record<string, readonly string[]> = {
  run: ['target', 'rate', 'duration', 'vus', 'connections', 'out'],
  demo: ['out'],
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
  if (command === 'version' || command === '--version' || command === '-v') return { ok: true, cli: { command: 'version' } };
  const flags = VALUE_FLAGS[command];
  if (!flags) {
    return { ok: false, issues: [{ path: 'command', message: `unknown command "${command}"; expected run, demo, help or version` }] };
  }
  if (rest.includes('--help') || rest.includes('-h')) return { ok: true, cli: { command: 'help', topic: command } };

  const options = Object.fromEntries(flags.map((f) => [f, { type: 'string' as const }]));
  const { values, positionals, tokens } = parseArgs({ args: [...rest], options, strict: false, allowPositionals: true, tokens: true });
  const issues: InputIssue[] = [];
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (!flags.includes(token.name)) {
      issues.push({ path: token.rawName, message: `unknown option for "${command}"; expected one of ${flags.map((f) => `--${f}`).join(', ')}` });
    } else if (token.value === undefined || token.value === '') {
      issues.push({ path: token.rawName, message: 'needs a value, e.g. ' + exampleFor(token.name) });
    }
  }
  const maxPositionals = command === 'run' ? 1 : 0;
  for (const extra of positionals.slice(maxPositionals)) {
    issues.push({ path: 'arguments', message: `unexpected argument "${extra}"` });
  }
  if (issues.length > 0) return { ok: false, issues };

  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const resultsPath = str('out') ?? DEFAULT_RESULTS_PATH;
  if (command === 'demo') return { ok: true, cli: { command: 'demo', resultsPath } };
  const overrides: ProfileOverrides = {};
  for (const key of ['target', 'rate', 'duration', 'vus', 'connections'] as const) {
    const value = str(key);
    if (value !== undefined) overrides[key] = value;
  }
  return { ok: true, cli: { command: 'run', ...(positionals[0] ? { profilePath: positionals[0] } : {}), overrides, resultsPath } };
}

function exampleFor(flag: string): string {
  const examples: Record<string, string> = {
    target: '--target http://127.0.0.1:8080',
    rate: '--rate 100 (requests per second)',
    duration: '--duration 30s',
    vus: '--vus 10',
    connections: '--connections 50',
    out: '--out results.json',
  };
  return examples[flag] ?? `--${flag} VALUE`;
}
