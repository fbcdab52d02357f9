/**
 * `loadgate heartbeat PROFILE [options]`: the flags of the long-running probe, checked before
 * anything is sent. Every problem comes back as an issue naming the flag and the form expected.
 */
import type { InputIssue } from '../input/format-issues.js';
import { describeValue } from '../input/issue-text.js';
import { checkMetricLabelValue } from '../input/metric-labels.js';
import { formatDurationMs } from '../input/units.js';
import { checkCount, checkDuration, type DurationRange } from '../input/value-checks.js';
import type { ScenarioSelection } from '../profile/select-scenarios.js';
import { checkPushgatewayUrl } from '../render/pushgateway-path.js';
import { DEFAULT_FAIL_AFTER } from '../stats/probe-health.js';

/** Where `/metrics` is served: `host` undefined listens on every interface (`:9464`). */
export interface ListenAddress {
  host?: string;
  /** 0 picks a free port (printed at start). */
  port: number;
}

export interface HeartbeatCli {
  command: 'heartbeat';
  profilePath?: string;
  /** `--target URL`: replaces the profile's baseUrl (or, without a profile, probes that URL). */
  target?: string;
  /** Time between probes (ms). */
  intervalMs: number;
  listen?: ListenAddress;
  /** `--out FILE`: the results file of the whole heartbeat, written when it stops. */
  outPath?: string;
  /** Consecutive failed probes of one scenario that make it down. */
  failAfter: number;
  /** Exit 1 once a scenario is down (for a CronJob or CI). */
  exitOnFailure: boolean;
  /** `--pushgateway URL --push-every N`: push `/metrics` every N finished probes. */
  pushgateway?: { url: string; every: number };
  environment?: string;
  client?: string;
  /** `--category NAME` / `--scenario NAME` (repeatable): probe only those scenarios. */
  selection?: ScenarioSelection;
}

/** The heartbeat's own flags (`--exit-on-failure` is a switch). */
export const HEARTBEAT_FLAGS = [
  'interval',
  'listen',
  'out',
  'fail-after',
  'target',
  'pushgateway',
  'push-every',
  'environment',
  'client',
  'category',
  'scenario',
] as const;
export const HEARTBEAT_SWITCHES = ['exit-on-failure'] as const;

/** Shown when a flag is given without a value. */
export const HEARTBEAT_EXAMPLES: Readonly<Record<string, string>> = {
  interval: '--interval 5s',
  listen: '--listen 127.0.0.1:9464',
  out: '--out heartbeat-results.json',
  'fail-after': '--fail-after 3',
  target: '--target http://127.0.0.1:8080',
  pushgateway: '--pushgateway http://127.0.0.1:9091',
  'push-every': '--push-every 12',
  environment: '--environment staging',
  client: '--client team-a',
  category: '--category policy',
  scenario: '--scenario health',
};

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 5_000;
/** Probes closer than this would be a load test, not a heartbeat; further apart, not one. */
export const HEARTBEAT_INTERVAL: DurationRange = {
  minMs: 100,
  maxMs: 3_600_000,
  allowZero: false,
};
const FAIL_AFTER_MAX = 1_000;
const PUSH_EVERY_MAX = 1_000_000;
/** Without `--push-every`, every finished probe is pushed. */
const DEFAULT_PUSH_EVERY = 1;

const LISTEN_FORM = 'HOST:PORT like 127.0.0.1:9464, :9464 (every interface) or a port alone';

/**
 * Reads `--listen`: `HOST:PORT`, `[IPv6]:PORT`, `:PORT` (every interface) or `PORT` (loopback,
 * the safe default for a port alone). Port 0 picks a free one.
 */
export function parseListenAddress(
  text: string,
): { ok: true; value: ListenAddress } | { ok: false; message: string } {
  const match = /^(?:(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]]*)):)?(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (match === null || port > 65_535) {
    return { ok: false, message: `expected ${LISTEN_FORM}, got ${describeValue(text)}` };
  }
  const hasHost = text.includes(':');
  const host = match[1] ?? match[2];
  if (!hasHost) return { ok: true, value: { host: '127.0.0.1', port } };
  return { ok: true, value: host ? { host, port } : { port } };
}

/**
 * The heartbeat command from its tokenized flags: `values` by flag name (switches with `''`),
 * `positionals` the arguments that are not flags (the profile, at most one).
 */
export function parseHeartbeatFlags(
  values: ReadonlyMap<string, string>,
  positionals: readonly string[],
): { ok: true; cli: HeartbeatCli } | { ok: false; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const [profilePath, ...extra] = positionals;
  for (const argument of extra) {
    issues.push({ path: 'arguments', message: `unexpected argument "${argument}"` });
  }
  const target = values.get('target');
  if (profilePath === undefined && target === undefined) {
    issues.push({
      path: 'PROFILE',
      message:
        'required: the profile whose scenarios to probe, e.g. loadgate heartbeat profile.yml (or --target URL for one URL)',
    });
  }
  let intervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
  const intervalText = values.get('interval');
  if (intervalText !== undefined) {
    const checked = checkDuration(intervalText, HEARTBEAT_INTERVAL);
    if (checked.ok) intervalMs = checked.value;
    else issues.push({ path: '--interval', message: checked.message });
  }
  let listen: ListenAddress | undefined;
  const listenText = values.get('listen');
  if (listenText !== undefined) {
    const checked = parseListenAddress(listenText);
    if (checked.ok) listen = checked.value;
    else issues.push({ path: '--listen', message: checked.message });
  }
  let failAfter = DEFAULT_FAIL_AFTER;
  const failAfterText = values.get('fail-after');
  if (failAfterText !== undefined) {
    const checked = checkCount(failAfterText, 'failed probes', 1, FAIL_AFTER_MAX);
    if (checked.ok) failAfter = checked.value;
    else issues.push({ path: '--fail-after', message: checked.message });
  }
  const pushText = values.get('pushgateway');
  let pushUrl: string | undefined;
  if (pushText !== undefined) {
    const checked = checkPushgatewayUrl(pushText);
    if (checked.ok) pushUrl = checked.value;
    else issues.push({ path: '--pushgateway', message: checked.message });
  }
  let pushEvery = DEFAULT_PUSH_EVERY;
  const pushEveryText = values.get('push-every');
  if (pushEveryText !== undefined) {
    const checked = checkCount(pushEveryText, 'probes', 1, PUSH_EVERY_MAX);
    if (!checked.ok) issues.push({ path: '--push-every', message: checked.message });
    else if (pushText === undefined) {
      issues.push({
        path: '--push-every',
        message: 'applies to pushes: add --pushgateway URL',
      });
    } else pushEvery = checked.value;
  }
  const labels: { environment?: string; client?: string } = {};
  for (const name of ['environment', 'client'] as const) {
    const text = values.get(name);
    if (text === undefined) continue;
    const checked = checkMetricLabelValue(text);
    if (checked.ok) labels[name] = checked.value;
    else issues.push({ path: `--${name}`, message: checked.message });
  }
  if (issues.length > 0) return { ok: false, issues };
  const outPath = values.get('out');
  return {
    ok: true,
    cli: {
      command: 'heartbeat',
      ...(profilePath !== undefined ? { profilePath } : {}),
      ...(target !== undefined ? { target } : {}),
      intervalMs,
      ...(listen ? { listen } : {}),
      ...(outPath !== undefined ? { outPath } : {}),
      failAfter,
      exitOnFailure: values.has('exit-on-failure'),
      ...(pushUrl !== undefined ? { pushgateway: { url: pushUrl, every: pushEvery } } : {}),
      ...labels,
    },
  };
}

/**
 * The series' interval for a heartbeat: the profile's `interval` when written, else
 * `every-<interval>` (`every-5s`, `every-1m30s`, `every-500ms`).
 */
export function heartbeatIntervalSlug(intervalMs: number, profileInterval?: string): string {
  return profileInterval ?? `every-${formatDurationMs(intervalMs).replace(/[^a-z0-9-]/g, '-')}`;
}
