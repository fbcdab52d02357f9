import { MAX_CONFIRM_REMEASURES, readConfirmTimes } from '../input/confirm-times.js';
import type { InputIssue } from '../input/format-issues.js';
import { describeValue } from '../input/issue-text.js';
import {
  checkInterval,
  checkRunCount,
  LAYER_FORM,
  LAYERS,
  type Layer,
  RUN_COUNTS,
} from '../input/series-labels.js';
import { CLI_WAIT_FOR_LABELS, readWaitFor, type WaitForSettings } from '../input/wait-for.js';
import type { ProfileOverrides } from '../profile/parse-profile.js';
import type { ScenarioSelection } from '../profile/select-scenarios.js';
import { checkPushgatewayUrl } from '../render/pushgateway-path.js';
import { checkWorkers, type WorkersRequest } from '../schedule/worker-plan.js';
import {
  HEARTBEAT_EXAMPLES,
  HEARTBEAT_FLAGS,
  HEARTBEAT_SWITCHES,
  type HeartbeatCli,
  parseHeartbeatFlags,
} from './parse-heartbeat-args.js';

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
      /** `--layer` / `--interval`: the run's series labels, over the profile's. */
      layer?: Layer;
      interval?: string;
      /** `--baseline-runs K` (1..50): runs merged into the rolling baseline; absent = default. */
      baselineRuns?: number;
      /** Re-measures before a breach counts: `--confirm` 1, `--confirm=N` N (0..5),
       * `--no-confirm` 0; absent = the default (off). */
      confirm?: number;
      /** `--category NAME` and `--scenario NAME` (each repeatable): run only those scenarios. */
      selection?: ScenarioSelection;
      /** `--start-at TIME` as written: checked against the clock by the app (`checkStartAt`). */
      startAt?: string;
      /** `--baseline-target URL` as written: measured side by side with the target (checked
       * against the profile by the app, `checkSideBySide`). */
      baselineTarget?: string;
      /** `--workers N|auto`: engine threads; absent = auto (`resolveWorkers`). */
      workers?: WorkersRequest;
      /** `--wait-for PATH` and its `--wait-for-status`, `--wait-timeout`, `--wait-for-body`,
       * `--wait-for-header` (repeatable): wait until the target is ready before any load. */
      waitFor?: WaitForSettings;
      outputs: OutputFlagValues;
    }
  | {
      command: 'compare';
      currentPath: string;
      profilePath?: string;
      baselinePath?: string;
      outputs: OutputFlagValues;
    }
  | {
      /** `loadgate merge FILE… [--out FILE] [--profile FILE] [--baseline FILE] …`: merge the
       * shards' results files into one and judge it as `compare` does. */
      command: 'merge';
      /** At least one, in the order given (the shell expands `shard-*.json`). */
      shardPaths: string[];
      profilePath?: string;
      baselinePath?: string;
      outputs: OutputFlagValues;
    }
  | {
      /** `loadgate history show FILE [--last N]`: print a history file's trend. */
      command: 'history-show';
      historyPath: string;
      /** Newest runs shown (1..10,000; default 30). */
      last: number;
    }
  | HeartbeatCli
  | PushgatewayDeleteCli
  | {
      command: 'demo';
      outputs: OutputFlagValues /** Instead of examples/demo.yml. */;
      profilePath?: string;
    }
  | { command: 'serve-demo'; port: number; slowdownFactor: number }
  | { command: 'help'; topic?: string }
  | { command: 'version' };

export type ParsedCli = { ok: true; cli: CliCommand } | { ok: false; issues: InputIssue[] };

/**
 * `loadgate pushgateway delete --pushgateway URL [PROFILE] [--target URL] [--layer L]
 * [--interval I]`: removes the group a run of that profile pushes to (same profile, target,
 * layer and interval as the run's; without PROFILE, the one-URL run of `--target`).
 */
export interface PushgatewayDeleteCli {
  command: 'pushgateway-delete';
  /** Checked (`checkPushgatewayUrl`): http(s), no credentials, query or fragment. */
  pushgatewayUrl: string;
  profilePath?: string;
  /** Replaces the profile's baseUrl, as on `run`. */
  target?: string;
  layer?: Layer;
  interval?: string;
}

/** Each command's own flags; the output flags come from the caller's registry. */
const COMMAND_FLAGS: Record<string, readonly string[]> = {
  run: [
    'target',
    'rate',
    'duration',
    'vus',
    'connections',
    'workers',
    'baseline',
    'layer',
    'interval',
    'baseline-runs',
    'category',
    'scenario',
    'environment',
    'client',
    'shard',
    'start-at',
    'baseline-target',
    'wait-for',
    'wait-for-status',
    'wait-timeout',
    'wait-for-body',
    'wait-for-header',
  ],
  compare: ['current', 'baseline', 'profile'],
  merge: ['baseline', 'profile'],
  history: ['last'],
  pushgateway: ['pushgateway', 'target', 'layer', 'interval'],
  heartbeat: HEARTBEAT_FLAGS,
  demo: [],
  'serve-demo': ['port', 'slowdown'],
};

/** Flags that take no value: present or not (`--confirm`, `--no-confirm`). A switch in
 * `SWITCH_VALUES` may take one after `=` (`--confirm=3`), never as the next argument. */
const COMMAND_SWITCHES: Record<string, readonly string[]> = {
  run: ['confirm', 'no-confirm'],
  heartbeat: HEARTBEAT_SWITCHES,
};

/** Switches that may take a value after `=`, with its form (`--confirm=3`). */
const SWITCH_VALUES: ReadonlyMap<string, string> = new Map([
  [
    'confirm',
    `--confirm=N, N from 0 to ${MAX_CONFIRM_REMEASURES} re-measures (--confirm alone = 1)`,
  ],
]);

const HISTORY_SUBCOMMANDS = ['show'];

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
          message: `unknown command "${command}"; expected run, compare, heartbeat, demo, merge, serve-demo, history, pushgateway, help or version`,
        },
      ],
    };
  }
  if (rest.includes('--help') || rest.includes('-h'))
    return { ok: true, cli: { command: 'help', topic: command } };

  const outputs = outputFlags.filter((flag) => flag.commands.includes(command));
  const switches = COMMAND_SWITCHES[command] ?? [];
  // Listed in this order when a flag is unknown: the command's own, then the outputs'.
  const flags = [...own, ...switches, ...outputs.map((flag) => flag.name)];
  const examples = {
    ...(command === 'heartbeat' ? HEARTBEAT_EXAMPLES : {}),
    ...Object.fromEntries(outputs.map((flag) => [flag.name, flag.example])),
  };
  const { values, lists, positionals, issues } = tokenize(
    rest,
    command,
    { flags, switches },
    examples,
  );
  if (command === 'history') return parseHistory(positionals, values.get('last'), issues);
  if (command === 'pushgateway') return parsePushgatewayDelete(positionals, values, issues);
  if (command === 'heartbeat') {
    const heartbeat = parseHeartbeatFlags(values, positionals);
    if (!heartbeat.ok) return { ok: false, issues: [...issues, ...heartbeat.issues] };
    if (issues.length > 0) return { ok: false, issues };
    return { ok: true, cli: { ...heartbeat.cli, ...readSelectionFlags(lists) } };
  }
  const maxPositionals =
    command === 'merge'
      ? Number.POSITIVE_INFINITY
      : command === 'run' || command === 'demo'
        ? 1
        : 0;
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
  if (command === 'demo') {
    const profilePath = positionals[0];
    return {
      ok: true,
      cli: { command: 'demo', outputs: given, ...(profilePath ? { profilePath } : {}) },
    };
  }
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
  if (command === 'merge') {
    if (positionals.length === 0) {
      return {
        ok: false,
        issues: [
          {
            path: 'FILE',
            message:
              "required: the shards' results files, e.g. loadgate merge shard-*.json --out merged.json",
          },
        ],
      };
    }
    const profilePath = str('profile');
    return {
      ok: true,
      cli: {
        command: 'merge',
        shardPaths: [...positionals],
        ...(profilePath ? { profilePath } : {}),
        ...reportPaths,
      },
    };
  }
  const overrides: ProfileOverrides = {};
  const overrideKeys = [
    'target',
    'rate',
    'duration',
    'vus',
    'connections',
    'environment',
    'client',
    'shard',
  ] as const;
  for (const key of overrideKeys) {
    const value = str(key);
    if (value !== undefined) overrides[key] = value;
  }
  const series = parseSeriesFlags(values);
  const workersText = str('workers');
  const workers = workersText === undefined ? undefined : checkWorkers(workersText);
  const waitFor = readWaitFor(
    {
      path: str('wait-for'),
      status: str('wait-for-status'),
      timeout: str('wait-timeout'),
      body: str('wait-for-body'),
      headers: lists.get('wait-for-header'),
    },
    CLI_WAIT_FOR_LABELS,
  );
  if (!series.ok || workers?.ok === false || !waitFor.ok) {
    return {
      ok: false,
      issues: [
        ...(series.ok ? [] : series.issues),
        ...(workers?.ok === false ? [{ path: '--workers', message: workers.message }] : []),
        ...(waitFor.ok ? [] : waitFor.issues),
      ],
    };
  }
  const startAt = str('start-at');
  const baselineTarget = str('baseline-target');
  return {
    ok: true,
    cli: {
      command: 'run',
      ...(positionals[0] ? { profilePath: positionals[0] } : {}),
      overrides,
      ...(startAt === undefined ? {} : { startAt }),
      ...(baselineTarget === undefined ? {} : { baselineTarget }),
      ...(workers?.ok ? { workers: workers.value } : {}),
      ...(waitFor.value ? { waitFor: waitFor.value } : {}),
      ...reportPaths,
      ...series.flags,
      ...readSelectionFlags(lists),
    },
  };
}

/**
 * `--category` and `--scenario`, each repeatable, each value one name taken as written (names
 * may hold commas and spaces). Whether the names exist is checked against the profile.
 */
function readSelectionFlags(lists: ReadonlyMap<string, readonly string[]>): {
  selection?: ScenarioSelection;
} {
  const categories = lists.get('category') ?? [];
  const scenarios = lists.get('scenario') ?? [];
  return categories.length + scenarios.length === 0
    ? {}
    : { selection: { categories: [...categories], scenarios: [...scenarios] } };
}

type SeriesFlags = Pick<
  Extract<CliCommand, { command: 'run' }>,
  'layer' | 'interval' | 'baselineRuns' | 'confirm'
>;

/** `run`'s `--layer`, `--interval`, `--baseline-runs` and `--confirm` / `--no-confirm`. */
function parseSeriesFlags(
  values: ReadonlyMap<string, string>,
): { ok: true; flags: SeriesFlags } | { ok: false; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const flags: SeriesFlags = {};
  const layer = values.get('layer');
  if (layer !== undefined) {
    const known = LAYERS.find((name) => name === layer.toLowerCase());
    if (known) flags.layer = known;
    else
      issues.push({
        path: '--layer',
        message: `expected ${LAYER_FORM}, got ${describeValue(layer)}`,
      });
  }
  const interval = values.get('interval');
  if (interval !== undefined) {
    const checked = checkInterval(interval);
    if (checked.ok) flags.interval = checked.value;
    else issues.push({ path: '--interval', message: checked.message });
  }
  const baselineRuns = values.get('baseline-runs');
  if (baselineRuns !== undefined) {
    const checked = checkRunCount(baselineRuns, RUN_COUNTS.baselineRuns);
    if (checked.ok) flags.baselineRuns = checked.value;
    else issues.push({ path: '--baseline-runs', message: checked.message });
  }
  const confirm = values.get('confirm');
  const noConfirm = values.has('no-confirm');
  if (confirm !== undefined && noConfirm) {
    issues.push({ path: '--confirm', message: 'give --confirm or --no-confirm, not both' });
  } else if (noConfirm) flags.confirm = 0;
  else if (confirm !== undefined) {
    const times = readConfirmTimes(confirm === '' ? '1' : confirm);
    if (times === undefined)
      issues.push({
        path: '--confirm',
        message: `expected ${SWITCH_VALUES.get('confirm')}, got ${describeValue(confirm)}`,
      });
    else flags.confirm = times;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, flags };
}

/** `history show FILE [--last N]`; `issues` are the tokenizer's, reported with these. */
function parseHistory(
  positionals: readonly string[],
  lastText: string | undefined,
  issues: InputIssue[],
): ParsedCli {
  const [subcommand, historyPath, ...extra] = positionals;
  if (subcommand === undefined) {
    issues.push({
      path: 'history',
      message: 'needs a subcommand: loadgate history show FILE [--last N]',
    });
  } else if (!HISTORY_SUBCOMMANDS.includes(subcommand)) {
    issues.push({
      path: 'history',
      message: `unknown subcommand "${subcommand}"; expected ${HISTORY_SUBCOMMANDS.join(', ')}`,
    });
  } else if (historyPath === undefined) {
    issues.push({
      path: 'FILE',
      message: 'required: the history file to show, e.g. loadgate history show history.json',
    });
  }
  for (const argument of extra) {
    issues.push({ path: 'arguments', message: `unexpected argument "${argument}"` });
  }
  const checked =
    lastText === undefined ? undefined : checkRunCount(lastText, RUN_COUNTS.historyShow);
  if (checked?.ok === false) issues.push({ path: '--last', message: checked.message });
  if (issues.length > 0 || historyPath === undefined) return { ok: false, issues };
  return {
    ok: true,
    cli: {
      command: 'history-show',
      historyPath,
      last: checked?.ok ? checked.value : RUN_COUNTS.historyShow.default,
    },
  };
}

const PUSHGATEWAY_USAGE =
  'loadgate pushgateway delete --pushgateway URL [PROFILE] [--target URL] [--layer L] [--interval I]';

/** `pushgateway delete …`; `issues` are the tokenizer's, reported with these. */
function parsePushgatewayDelete(
  positionals: readonly string[],
  values: ReadonlyMap<string, string>,
  issues: InputIssue[],
): ParsedCli {
  const [subcommand, profilePath, ...extra] = positionals;
  if (subcommand !== 'delete') {
    issues.push({
      path: 'pushgateway',
      message:
        subcommand === undefined
          ? `needs a subcommand: ${PUSHGATEWAY_USAGE}`
          : `unknown subcommand "${subcommand}"; expected delete`,
    });
  }
  for (const argument of extra) {
    issues.push({ path: 'arguments', message: `unexpected argument "${argument}"` });
  }
  const urlText = values.get('pushgateway');
  const url = urlText === undefined ? undefined : checkPushgatewayUrl(urlText);
  if (url === undefined) {
    issues.push({
      path: '--pushgateway',
      message: 'required: the Pushgateway to delete from, e.g. --pushgateway http://127.0.0.1:9091',
    });
  } else if (!url.ok) issues.push({ path: '--pushgateway', message: url.message });
  const target = values.get('target');
  if (profilePath === undefined && target === undefined && subcommand === 'delete') {
    issues.push({
      path: 'PROFILE',
      message: `required: the profile whose group to delete (or --target URL for a one-URL run): ${PUSHGATEWAY_USAGE}`,
    });
  }
  const series = parseSeriesFlags(values);
  if (!series.ok) issues.push(...series.issues);
  if (issues.length > 0 || !url?.ok || !series.ok) return { ok: false, issues };
  return {
    ok: true,
    cli: {
      command: 'pushgateway-delete',
      pushgatewayUrl: url.value,
      ...(profilePath === undefined ? {} : { profilePath }),
      ...(target === undefined ? {} : { target }),
      ...(series.flags.layer ? { layer: series.flags.layer } : {}),
      ...(series.flags.interval ? { interval: series.flags.interval } : {}),
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
 * `flags` lists every known flag, switches included. Every flag takes a value (`--rate 5` or
 * `--rate=5`) except the switches, which take none (`--confirm`; `--confirm=yes` is an issue)
 * and are in `values` with the value `''` when given. A flag followed by another flag has no
 * value; an unknown flag still takes the value after it, so one typo gives one issue.
 * `values` holds a repeated flag's last value, `lists` all of them in order (`--category a
 * --category b`).
 */
function tokenize(
  args: readonly string[],
  command: string,
  known: { flags: readonly string[]; switches: readonly string[] },
  outputExamples: Readonly<Record<string, string>>,
) {
  const { flags, switches } = known;
  const values = new Map<string, string>();
  // Every value of a flag given more than once, in order (`values` keeps the last).
  const lists = new Map<string, string[]>();
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
    if (switches.includes(name)) {
      const form = SWITCH_VALUES.get(name);
      const next = args[i + 1];
      if (value === undefined && form !== undefined && next !== undefined && /^\d+$/.test(next)) {
        // `--confirm 3` would read 3 as the profile: say how to write it instead.
        issues.push({ path: `--${name}`, message: `write the value after =: ${form}` });
        i++;
      } else if (value === undefined) values.set(name, '');
      else if (form !== undefined && value === '')
        issues.push({
          path: `--${name}`,
          message: `expected ${form}, got ${describeValue(value)}`,
        });
      else if (form !== undefined) values.set(name, value);
      else issues.push({ path: `--${name}`, message: `takes no value; write --${name} alone` });
      continue;
    }
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
      lists.set(name, [...(lists.get(name) ?? []), value]);
    }
  }
  return { values, lists, positionals, issues };
}

function exampleFor(flag: string): string {
  const examples: Record<string, string> = {
    target: '--target http://127.0.0.1:8080',
    rate: '--rate 100 (requests per second)',
    duration: '--duration 30s',
    vus: '--vus 10',
    connections: '--connections 50',
    workers: '--workers 4 (or auto)',
    current: '--current loadgate-results.json',
    baseline: '--baseline baseline.json',
    profile: '--profile loadtest.yml',
    port: '--port 8080',
    slowdown: '--slowdown 1.3',
    layer: '--layer scheduled',
    interval: '--interval daily',
    'baseline-runs': '--baseline-runs 5',
    last: '--last 30',
    environment: '--environment staging',
    client: '--client team-a',
    pushgateway: '--pushgateway http://127.0.0.1:9091',
    category: '--category policy',
    scenario: '--scenario "health check"',
    shard: '--shard 2/4',
    'start-at': '--start-at 2026-03-01T12:00:00Z',
    'baseline-target': '--baseline-target https://main.staging.example.com',
    'wait-for': '--wait-for /healthz',
    'wait-for-status': '--wait-for-status 200',
    'wait-timeout': '--wait-timeout 10m',
    'wait-for-body': '--wait-for-body "$GITHUB_SHA"',
    'wait-for-header': `--wait-for-header "x-vercel-protection-bypass: $BYPASS_SECRET"`,
  };
  return examples[flag] ?? `--${flag} VALUE`;
}
