/**
 * History size and speed after a year of hourly runs: one profile, 3 scenarios, ~2,700 requests
 * a run with log-normal latencies (a daily rhythm and a slow drift, so merged histograms spread
 * as real ones do). Every simulated hour appends one run the way a scheduled run does
 * (`appendEntry`: add, then compact at that hour), then the year-old state is measured:
 * - the history file's size (bytes, and gzip as an artifact is stored) and entry count;
 * - what the next run costs: read + parse + check the file, append, compact, serialize;
 * - building its rolling baseline (K = 5): select the entries, merge them into a results file.
 * Goals (issue 9): under 2 MB, and under 1 s for both. Nothing touches the network.
 *
 * Run: node --import tsx bench/history-size.ts [--days 365] [--rounds 7] [--out history.json]
 * (`--out` keeps the year-old file for a look.)
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { buildHistoryEntry } from '../src/core/history/build-entry.js';
import { appendEntry } from '../src/core/history/compact-history.js';
import {
  emptyHistory,
  readHistoryFile,
  serializeHistory,
} from '../src/core/history/history-file.js';
import {
  buildRollingBaseline,
  selectBaselineEntries,
} from '../src/core/history/rolling-baseline.js';
import type { HistoryFileV1, SeriesKey } from '../src/core/history/types.js';
import { buildVerdict } from '../src/core/judge/build-verdict.js';
import type { ResultsFileV1 } from '../src/core/result/types.js';
import { defaultRules } from '../src/core/rules/default-rules.js';
import { createRandom } from '../src/core/schedule/vu-schedule.js';
import type { Figures } from '../src/core/stats/figures.js';
import {
  createHistogram,
  encodeHistogram,
  type Histogram,
  prepareHistograms,
  summarizeHistogram,
} from '../src/core/stats/histogram.js';
import { formatNumber, judge, median, reportSummary } from './lib/summary.js';

const HOUR_MS = 3_600_000;
const RUN_DURATION_MS = 60_000;
const KEY: SeriesKey = { profile: 'shop', layer: 'scheduled', interval: 'hourly' };
const SCENARIOS = [
  { name: 'list', ratePerSec: 25, medianMs: 12, sigma: 0.5 },
  { name: 'detail', ratePerSec: 15, medianMs: 25, sigma: 0.6 },
  { name: 'search', ratePerSec: 5, medianMs: 80, sigma: 0.8 },
] as const;
const FAILED_FRACTION = 0.002;
const GOAL_BYTES = 2 * 1024 * 1024;
const GOAL_MS = 1_000;

function readFlag(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1e6) / 1e6 : 0;
}

function figures(histogram: Histogram, failed: number, durationMs: number): Figures {
  const answered = histogram.totalCount;
  const encoded = encodeHistogram(histogram);
  const latency = summarizeHistogram(histogram);
  const seconds = durationMs / 1000;
  return {
    totals: {
      requests: answered,
      ok: answered - failed,
      blocked: 0,
      failed,
      errors: 0,
      dropped: 0,
      queued: 0,
      interrupted: 0,
    },
    throughput: {
      rps: Math.round((answered / seconds) * 1000) / 1000,
      okRps: Math.round(((answered - failed) / seconds) * 1000) / 1000,
    },
    latencyMs: latency,
    serviceTimeMs: latency,
    errorRate: ratio(failed, answered),
    blockRate: 0,
    dropRate: 0,
    histogram: encoded,
    histograms: { latency: encoded, serviceTime: encoded, sendLag: encodeHistogram(undefined) },
    statusCodes: { '200': answered - failed, '503': failed },
    errorKinds: {},
    failureKinds: { http_5xx: failed, http_4xx: 0, unexpected_status: 0, body_mismatch: 0 },
  };
}

/**
 * One run's results file, as recorded: real histograms of log-normal latencies (µs). The
 * median follows the hour of day (+30 % at the daily peak) and drifts over the year.
 */
function simulateRun(startedAtMs: number, random: () => number): ResultsFileV1 {
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const hourOfDay = new Date(startedAtMs).getUTCHours();
  const rhythm = 1 + 0.3 * Math.max(0, Math.sin(((hourOfDay - 6) / 24) * 2 * Math.PI));
  const drift = 1 + 0.2 * Math.sin(startedAtMs / (90 * 24 * HOUR_MS));
  const overall = createHistogram();
  let overallFailed = 0;
  const scenarios = SCENARIOS.map((s) => {
    const histogram = createHistogram();
    const count = Math.round((s.ratePerSec * RUN_DURATION_MS) / 1000);
    let failed = 0;
    for (let i = 0; i < count; i++) {
      const ms = s.medianMs * rhythm * drift * Math.exp(s.sigma * gaussian());
      histogram.recordValue(Math.max(0, Math.round(ms * 1000)));
      if (random() < FAILED_FRACTION) failed++;
    }
    overall.add(histogram);
    overallFailed += failed;
    const scenario = {
      name: s.name,
      method: 'GET',
      path: `/${s.name}`,
      weight: s.ratePerSec,
      ...figures(histogram, failed, RUN_DURATION_MS),
      timeline: [],
    };
    histogram.destroy();
    return scenario;
  });
  const whole = figures(overall, overallFailed, RUN_DURATION_MS);
  overall.destroy();
  return {
    schemaVersion: 1,
    tool: { name: 'loadgate', version: 'bench' },
    profile: { name: KEY.profile },
    target: 'http://127.0.0.1:8080',
    startedAt: new Date(startedAtMs).toISOString(),
    durationMs: RUN_DURATION_MS,
    status: 'completed',
    load: {
      executor: 'constant-arrival-rate',
      peakRatePerSec: 45,
      connections: 16,
      maxInFlight: 64,
      onMaxInFlight: 'queue',
      warmupMs: 5_000,
    },
    ...whole,
    scenarios,
    timeline: [],
    sendLagMs: { p50: 0.1, p99: 1, max: 2 },
    warmup: { durationMs: 5_000, requests: 200, errors: 0 },
    environment: {
      node: process.version,
      platform: 'linux',
      arch: 'x64',
      cpus: 2,
      ci: true,
      gitSha: (startedAtMs / HOUR_MS).toString(16).padStart(40, '0'),
      gitRef: 'refs/heads/main',
    },
  };
}

function entryOf(result: ResultsFileV1, runId: number) {
  return buildHistoryEntry(result, {
    layer: KEY.layer,
    interval: KEY.interval,
    verdict: 'pass',
    runId,
    runAttempt: 1,
    runUrl: `https://github.com/acme/shop/actions/runs/${runId}`,
    event: 'schedule',
  });
}

function timeMs(action: () => void): number {
  const start = performance.now();
  action();
  return performance.now() - start;
}

function main(): void {
  const days = readFlag('--days', 365);
  const rounds = Math.max(5, readFlag('--rounds', 7));
  prepareHistograms();
  const random = createRandom(20_270_301);
  const endMs = Date.UTC(2027, 2, 1, 0, 7);
  const startMs = endMs - days * 24 * HOUR_MS;

  let history: HistoryFileV1 = emptyHistory('bench');
  let runId = 1_000_000;
  let simulateMs = 0;
  let appendMs = 0;
  for (let t = startMs; t < endMs; t += HOUR_MS) {
    let result: ResultsFileV1 | undefined;
    simulateMs += timeMs(() => {
      result = simulateRun(t + Math.floor(random() * 90_000), random);
    });
    const entry = entryOf(result as ResultsFileV1, runId++);
    appendMs += timeMs(() => {
      history = appendEntry(history, entry, t + RUN_DURATION_MS + 30_000).history;
    });
  }
  const appended = runId - 1_000_000;
  const text = serializeHistory(history);
  const bytes = Buffer.byteLength(text);
  const gzipBytes = gzipSync(text).length;
  const merged = history.entries.filter((e) => e.runs > 1).length;
  const outAt = process.argv.indexOf('--out');
  const outPath = outAt >= 0 ? process.argv[outAt + 1] : undefined;
  if (outPath !== undefined) writeFileSync(outPath, text);
  const histogramChars = history.entries.reduce((n, e) => n + e.histogram.length, 0);

  // The next run, on the year-old file: read, check, append, compact, write.
  const next = entryOf(simulateRun(endMs, random), runId);
  const nowMs = endMs + RUN_DURATION_MS + 30_000;
  const cycleTimes: number[] = [];
  let notes: string[] = [];
  for (let i = 0; i < rounds; i++) {
    cycleTimes.push(
      timeMs(() => {
        const read = readHistoryFile(text, 'history.json');
        if (!read.ok) throw new Error(JSON.stringify(read.issues));
        const done = appendEntry(read.history, next, nowMs);
        notes = done.notes;
        serializeHistory(done.history);
      }),
    );
  }
  const baselineTimes: number[] = [];
  let baselineRequests = 0;
  for (let i = 0; i < rounds; i++) {
    baselineTimes.push(
      timeMs(() => {
        const entries = selectBaselineEntries(history, KEY, 5);
        baselineRequests = buildRollingBaseline(entries).totals.requests;
      }),
    );
  }

  // Judging the next run against it: the whole verdict, with the between-run noise test on
  // every ruled metric of every scope.
  const current = simulateRun(endMs, random);
  const rules = defaultRules(current.scenarios.map((s) => s.name));
  const judgeTimes: number[] = [];
  let judgedLevel = '';
  for (let i = 0; i < rounds; i++) {
    judgeTimes.push(
      timeMs(() => {
        const entries = selectBaselineEntries(history, KEY, 5);
        const verdict = buildVerdict({
          current,
          baseline: buildRollingBaseline(entries),
          baselineRuns: entries,
          rules,
        });
        judgedLevel = verdict.level;
      }),
    );
  }

  const cycle = median(cycleTimes);
  const baseline = median(baselineTimes);
  const judged = median(judgeTimes);
  const verdict = (pass: boolean) => (pass ? 'pass' : 'FAIL');
  const lines = [
    `history of ${formatNumber(appended)} hourly runs over ${days} days (3 scenarios, ~${formatNumber(2_700)} requests a run)`,
    `  entries:            ${history.entries.length} (${merged} merged, ${history.entries.length - merged} single runs)`,
    `  file size:          ${formatNumber(bytes)} bytes (${(bytes / 1024 / 1024).toFixed(2)} MiB; gzip ${formatNumber(gzipBytes)} bytes)   goal < 2 MiB: ${verdict(bytes < GOAL_BYTES)}`,
    `  bytes per entry:    ${formatNumber(bytes / history.entries.length)} (histograms ${Math.round((100 * histogramChars) / bytes)} % of the file)`,
    `  next run: read + check + append + compact + serialize, median of ${rounds}: ${cycle.toFixed(1)} ms (min ${Math.min(...cycleTimes).toFixed(1)}, max ${Math.max(...cycleTimes).toFixed(1)})   goal < 1 s: ${verdict(cycle < GOAL_MS)}`,
    `    its notes: ${notes.join('; ') || '(none)'}`,
    `  rolling baseline (K = 5, ${formatNumber(baselineRequests)} requests), median of ${rounds}: ${baseline.toFixed(1)} ms   goal < 1 s: ${verdict(baseline < GOAL_MS)}`,
    `  judging the next run against it (select + merge + verdict, ${judgedLevel}), median of ${rounds}: ${judged.toFixed(1)} ms   goal < 1 s: ${verdict(judged < GOAL_MS)}`,
    `  building the year: simulating runs ${(simulateMs / 1000).toFixed(1)} s, ${formatNumber(appended)} appends ${(appendMs / 1000).toFixed(1)} s (${(appendMs / appended).toFixed(2)} ms each)`,
  ];
  console.log(lines.join('\n'));
  reportSummary(
    [
      {
        benchmark: 'history (1 year hourly)',
        metric: 'file size',
        value: `${(bytes / 1024 / 1024).toFixed(2)} MiB`,
        goal: '< 2 MiB',
        verdict: judge(bytes < GOAL_BYTES),
      },
      {
        benchmark: 'history (1 year hourly)',
        metric: 'append (read+check+compact+write)',
        value: `${cycle.toFixed(0)} ms`,
        goal: '< 1 s',
        verdict: judge(cycle < GOAL_MS),
      },
      {
        benchmark: 'history (1 year hourly)',
        metric: 'judge vs rolling baseline (K=5)',
        value: `${judged.toFixed(0)} ms`,
        goal: '< 1 s',
        verdict: judge(judged < GOAL_MS),
      },
    ],
    process.argv,
  );
  process.exitCode =
    bytes < GOAL_BYTES && cycle < GOAL_MS && baseline < GOAL_MS && judged < GOAL_MS ? 0 : 1;
}

main();
