/** An output's flag as the help shows it (the app's output registry declares them). */
export interface HelpFlag {
  /** Without the dashes. */
  name: string;
  commands: readonly string[];
  /** The value's placeholder: `FILE`. */
  placeholder: string;
  help: string;
  default?: string;
}

const GENERAL = `loadgate — HTTP load tests that gate pull requests

Usage:
  loadgate run [profile.yml] [options]   run a load profile (or one URL) and write a results file
  loadgate compare --current FILE [...]  judge a results file against a baseline and print the report
  loadgate merge FILE... [options]       merge the shards' results files (run --shard i/N) into
                                         one, then judge it as compare does
  loadgate heartbeat PROFILE [options]   probe the profile's scenarios every few seconds, for days
  loadgate demo                          run the example profile against a built-in demo API
  loadgate serve-demo [--port N]         serve the demo API on 127.0.0.1 until Ctrl-C
  loadgate history show FILE [--last N]  print the trend of a history file (see run --history)
  loadgate pushgateway delete [...]      remove a run's metrics group from a Pushgateway
  loadgate help [command]                this help, or a command's
  loadgate version

Exit codes: 0 ran fine · 1 gate failed · 2 bad input · 3 could not run against the target · 130 interrupted`;

const RUN_HEAD = `Usage: loadgate run [profile.yml] [options]

Runs the profile's load against its target, prints a summary and writes the results file.
Without a profile, --target URL with --rate N (or --vus N) sends GET requests to that URL.

Options (each overrides the profile):
  --target URL        base URL to test (replaces the profile's baseUrl)
  --rate N            arrivals per second (arrival-rate executors; scales ramps to this peak)
  --duration D        e.g. 30s, 2m, 1m30s (scales ramps to this total)
  --vus N             virtual users (VU executors; scales ramps to this peak)
  --connections N     TCP connections to keep open
  --baseline FILE     compare with this results file (checked before any load is sent)
  --baseline-target URL
                      measure URL side by side with the target in the same run (arrivals
                      alternate between them) and judge the target against it with a paired
                      test; its results go to <out>-baseline.json
  --layer L           the run's kind, kept as its own series: heartbeat, scheduled, manual,
                      pull-request or release (default: the profile's layer, else manual)
  --interval I        how often it runs: hourly, daily, weekly or a slug like every-15m
                      (default: the profile's interval, else manual)
  --environment E     the exported metrics' environment label, e.g. staging (default: the
                      profile's environment)
  --client C          the exported metrics' client label, e.g. team-a (default: the profile's
                      client)

Part of the profile (each repeatable; a scenario runs when its name is given with --scenario
OR its category with --category; the rate or VUs asked for go to those scenarios, shared by
their weights):
  --category NAME     run the scenarios of this category (scenarios[].category)
  --scenario NAME     run the scenario of this name

Scheduled runs (with --history FILE):
  --baseline-runs K   judge against the last K passing runs of the series, merged (default 5,
                      1 to 50)

Confirming before failing (with --baseline, --baseline-target or --history; default off):
  --confirm[=N]       re-measure what broke the gate up to N more times (0 to 5; alone: 1);
                      it counts only if the same rule breaches every time. With a baseline:
                      regressions at fail only, each re-measure at most 60 s of a constant
                      plan (side by side: both targets again); a broken threshold fails at
                      once; an unconfirmed regression warns. With --history: every breach;
                      an unconfirmed one is not gated
  --no-confirm        never re-measure (the same as --confirm=0)

Several cores:
  --workers N|auto    engine threads sharing the load: thread j of N sends arrivals k ≡ j
                      (mod N) at their own times, with its share of the connections; results
                      merged exactly. auto (default): 1 on 1 or 2 cores, else cores − 1, at
                      most 64

A target that is still deploying (a preview), before any load and outside every figure:
  --wait-for PATH     poll PATH on the target (like /healthz) with backoff (1 s doubling to
                      15 s) until it answers 3 times in a row as expected; never ready: exit 3
  --wait-for-status S the status(es) that count as ready (default 200; like 200,204)
  --wait-timeout D    give up after D (default 10m; from 1s to 6h)
  --wait-for-body T   ready only when the body (its first 1 MiB) contains T, like the commit
                      SHA the preview should serve (a stale preview answers 200 too)
  --wait-for-header 'Name: value'
                      send this header with each check (repeatable), over the profile's own
                      headers, like a protection bypass; values are never printed. With
                      --baseline-target, both targets are waited for

One load from several machines (merge the shards' results with loadgate merge):
  --shard i/N         run shard i of N: arrivals k ≡ i−1 (mod N) of the profile's schedule at
                      their own times, 1/N of its VUs; writes the results, no verdict (no
                      --baseline, --history, --markdown, --json, --prometheus-file, --pushgateway)
  --start-at TIME     wait until TIME to start (after connecting and setup), so all shards start
                      together: ISO 8601 with a zone (2026-03-01T12:00:00Z) or epoch ms; at most
                      1 h ago, at most 24 h ahead

Outputs:`;

const RUN_TAIL = `The profile's thresholds (and, with --baseline, its regression rules) decide the verdict.
Ctrl-C stops the run and still writes what was measured (exit 130).
Exit codes: 0 pass or warn · 1 the gate failed · 2 bad input · 3 target unreachable (or lost
mid-run), not ready in --wait-timeout, a setup request failed, or a unique data source ran out
· 130 interrupted
A shard (--shard) is never judged: 0 when it ran, with the same 2, 3 and 130.`;

const COMPARE_USAGE = 'Usage: loadgate compare --current FILE [--baseline FILE] [--profile FILE]';

const COMPARE = `Judges a results file: absolute thresholds always, regressions against --baseline when given,
with the rules of --profile (or the defaults: p95, p99 and error-rate regressions with floors).
Prints the markdown report.

Exit codes: 0 pass or warn · 1 fail · 2 bad input (a missing, corrupt or wrong-version file)`;

const MERGE_USAGE = 'Usage: loadgate merge FILE... [--profile FILE] [--baseline FILE]';

const MERGE = `Merges the results files of the N shards of one run (loadgate run --shard i/N) into the
results file one process sending the whole profile would have written, writes it (--out), then
judges it as compare does: the thresholds of --profile (or the defaults), regressions against
--baseline, the same outputs. Counters are summed, every histogram (the run's, each scenario's,
each second's) is merged exactly, and rates are requests over the union of the shards' windows.

Refused (exit 2, every problem named, nothing written): a file that is not a shard's, shards of
different profiles or load flags (profile.hash), a different N, a shard missing or given twice,
different --start-at, scenarios or executor; --out naming a shard or the baseline.

With --start-at, each shard records how far from it its schedule really started: the merged
result warns above 100 ms and fails above 1 s (threshold startSkew).

Exit codes: 0 pass or warn · 1 fail · 2 bad input (a mixed set, a missing or corrupt file)`;

const HISTORY = `Usage: loadgate history show FILE [--last N]

Prints the trend kept in a history file (written by loadgate run --history FILE): the newest N
runs of each series (profile, layer, interval) with when, commit, p50/p95/p99, rps, error and
block rate and verdict.

Options:
  --last N            runs shown per series, 1 to 10000 (default 30)

Exit codes: 0 shown · 2 bad input (a missing, corrupt or newer-version file)`;

const HEARTBEAT = `Usage: loadgate heartbeat PROFILE [options]

Runs until stopped: every interval it sends one request, cycling through the profile's
scenarios in order (a policy check and a health check alternate), on a fixed grid (a late
probe never shifts the next). The profile's load section is not used.

Options:
  --interval D        time between probes, 100ms to 1h (default 5s)
  --listen ADDR:PORT  serve Prometheus /metrics there: 127.0.0.1:9464, :9464 (every
                      interface) or a port alone (loopback); 0 picks a free port
  --out FILE          write the results file of the whole heartbeat when it stops
  --fail-after N      failed probes in a row that make a scenario down (default 3)
  --exit-on-failure   stop and exit 1 once a scenario is down (for a CronJob or CI)
  --target URL        base URL to probe (replaces the profile's baseUrl; without a profile,
                      probes that one URL)
  --pushgateway URL   push the metrics to this Pushgateway (credentials from
                      LOADGATE_PUSHGATEWAY_TOKEN, or _USER and _PASSWORD)
  --push-every N      push every N finished probes (default 1)
  --environment E     the metrics' environment label (default: the profile's)
  --client C          the metrics' client label (default: the profile's)
  --category NAME     probe only the scenarios of this category (repeatable)
  --scenario NAME     probe only the scenario of this name (repeatable; with --category, a
                      scenario is probed when its name or its category is given)

A terminal gets one line per probe, a log one summary line a minute. Ctrl-C or SIGTERM stops
it: probes in flight end (or are cut), --out is written, exit 0.
Exit codes: 0 stopped · 1 a scenario was down with --exit-on-failure · 2 bad input (profile,
flags, a --listen address in use)`;

const PUSHGATEWAY = `Usage: loadgate pushgateway delete --pushgateway URL [PROFILE] [--target URL] [--layer L]
                                [--interval I]

Removes from the Pushgateway the group that "loadgate run PROFILE --pushgateway URL" pushes to
(job loadgate with the run's profile, target, layer and interval), so a profile or target you
retired stops showing in Prometheus. Nothing is sent to the target.

Options (give the ones the run had):
  --pushgateway URL   the Pushgateway, e.g. http://127.0.0.1:9091 (credentials from
                      LOADGATE_PUSHGATEWAY_TOKEN, or LOADGATE_PUSHGATEWAY_USER and _PASSWORD)
  --target URL        the run's --target (without PROFILE: the one-URL run of that URL)
  --layer L           the run's layer (default: the profile's, else manual)
  --interval I        the run's interval (default: the profile's, else manual)

Exit codes: 0 deleted (or there was nothing to delete) · 2 bad input · 3 the Pushgateway could
not be reached or refused`;

const DEMO = `The whole product in one command, nothing leaves this machine: starts a small demo API on
127.0.0.1, measures it with examples/demo.yml as the main branch's baseline, makes it 30 % slower
as a pull request might, measures again against the baseline, and prints the pull-request
comment and the verdict. Writes FILE, FILE-baseline.json and FILE-report.md. A profile given
(e.g. examples/shop-journey.yml: log in, browse, cart, checkout) runs instead of examples/demo.yml.`;

/** `  --out FILE          results file (default x.json)`: the options' column layout. */
function flagLine(flag: HelpFlag): string {
  const usage = `--${flag.name} ${flag.placeholder}`;
  const text = flag.default ? `${flag.help} (default ${flag.default})` : flag.help;
  return `  ${usage.padEnd(18)}  ${text}`;
}

function usageOf(flags: readonly HelpFlag[]): string {
  return flags.map((flag) => ` [--${flag.name} ${flag.placeholder}]`).join('');
}

/**
 * Help for a command, or the general help for anything else.
 * @param outputFlags the flags the outputs declare (app/sinks/registry's `OUTPUT_FLAGS`),
 * listed under the commands that take them.
 */
export function renderHelp(topic?: string, outputFlags: readonly HelpFlag[] = []): string {
  const of = (command: string) => outputFlags.filter((flag) => flag.commands.includes(command));
  if (topic === 'run') return [RUN_HEAD, ...of('run').map(flagLine), '', RUN_TAIL].join('\n');
  if (topic === 'history') return HISTORY;
  if (topic === 'pushgateway') return PUSHGATEWAY;
  if (topic === 'heartbeat') return HEARTBEAT;
  if (topic === 'demo') {
    const lines = of('demo').map(flagLine);
    return [
      `Usage: loadgate demo [profile.yml]${usageOf(of('demo'))}`,
      '',
      DEMO,
      '',
      ...lines,
    ].join('\n');
  }
  if (topic === 'merge') {
    const flags = of('merge');
    const lines = flags.length ? ['', 'Outputs:', ...flags.map(flagLine)] : [];
    return [`${MERGE_USAGE}${usageOf(flags)}`, '', MERGE, ...lines].join('\n');
  }
  if (topic === 'compare') {
    const flags = of('compare');
    const lines = flags.length ? ['', 'Outputs:', ...flags.map(flagLine)] : [];
    return [`${COMPARE_USAGE}${usageOf(flags)}`, '', COMPARE, ...lines].join('\n');
  }
  return GENERAL;
}
