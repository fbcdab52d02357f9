/**
 * Memory over a long open-model run: the engine must keep fixed-size state (histograms,
 * counters, one timeline point per second), never per-request arrays. The engine runs
 * in-process at ~3k req/s against the fast target (its own process); memory is sampled after a
 * forced GC every 5 s. As a peer, the same process then measures what a naive per-request
 * latency log of the same length costs, so the growth figure has something to be compared to.
 *
 * Run: node --expose-gc --import tsx bench/memory.ts [--duration-sec N] [--summary-out FILE]
 */

import type { Profile } from '../src/core/profile/types.js';
import { defaultRules } from '../src/core/rules/default-rules.js';
import { UndiciEngine } from '../src/shell/engine/undici-engine.js';
import { killAllChildren } from './lib/children.js';
import { type MemorySample, measureNaiveLogs, sampleMemory } from './lib/memory-sampling.js';
import { startTargetProcess } from './lib/start-target.js';
import { formatNumber, reportSummary, type SummaryRow } from './lib/summary.js';

const RATE_PER_SEC = 3_000;
const DEFAULT_DURATION_SEC = 60;
const SAMPLE_EVERY_MS = 5_000;
/** The first samples include JIT, pool and histogram set-up; growth is measured from here. */
const BASELINE_AT_MS = 10_000;

function buildProfile(baseUrl: string, durationMs: number): Profile {
  return {
    name: 'memory-bench',
    baseUrl,
    seed: 1,
    secretValues: [],
    rules: defaultRules(['root']),
    scenarios: [
      {
        name: 'root',
        weight: 1,
        method: 'GET',
        path: '/',
        pathTemplate: '/',
        headers: {},
        expect: { status: [200] },
        maxRedirects: 10,
        timeoutMs: 5_000,
      },
    ],
    load: {
      plan: { executor: 'constant-arrival-rate', ratePerSec: RATE_PER_SEC, durationMs },
      connections: 16,
      maxInFlight: 64,
      onMaxInFlight: 'queue',
      warmupMs: 0,
      thinkTime: { minMs: 0, maxMs: 0 },
      gracefulStopMs: 5_000,
    },
  };
}

async function runAndSample(
  baseUrl: string,
  durationMs: number,
): Promise<{ samples: MemorySample[]; requests: number }> {
  const samples: MemorySample[] = [sampleMemory(0, 0)];
  const engine = new UndiciEngine({ nowMs: () => performance.now(), epochMs: () => Date.now() });
  const outcome = await engine.run(buildProfile(baseUrl, durationMs), {
    onProgress: (s) => {
      // Progress comes every second; a sample on each 5 s boundary (GC pauses the run ~ms).
      if (
        Math.floor(s.elapsedMs / SAMPLE_EVERY_MS) >
        Math.floor((s.elapsedMs - 1000) / SAMPLE_EVERY_MS)
      ) {
        const sample = sampleMemory(s.elapsedMs, s.requests);
        samples.push(sample);
        console.log(`${(s.elapsedMs / 1000).toFixed(0).padStart(3)} s  ${formatSample(sample)}`);
      }
    },
  });
  if (outcome.kind !== 'ran') throw new Error(outcome.message);
  return { samples, requests: outcome.recording.overall.totals.requests };
}

function formatSample(s: MemorySample): string {
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
  return `requests ${formatNumber(s.requests).padStart(8)}  heap ${mb(s.heapUsed)}/${mb(s.heapTotal)}  rss ${mb(s.rss)}  arrayBuffers ${mb(s.arrayBuffers)}  external ${mb(s.external)}`;
}

function summarize(
  samples: MemorySample[],
  naive: { float64: number; jsArray: number; objects: number },
): SummaryRow[] {
  const base = samples.find((s) => s.elapsedMs >= BASELINE_AT_MS) ?? (samples[0] as MemorySample);
  const end = samples[samples.length - 1] as MemorySample;
  const perRequests = 100_000 / Math.max(1, end.requests - base.requests);
  const growthHeap = (end.heapUsed - base.heapUsed) * perRequests;
  const kb = (bytes: number) => `${formatNumber(bytes / 1e3, 1)} kB`;
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
  const t = (s: MemorySample) => (s.elapsedMs / 1000).toFixed(0);
  const row = (metric: string, value: string, goal = ''): SummaryRow => ({
    benchmark: 'memory',
    metric,
    value,
    goal,
    verdict: '',
  });
  return [
    row(`heapUsed at ${t(base)} s -> end`, `${mb(base.heapUsed)} -> ${mb(end.heapUsed)}`),
    row(
      `requests ${t(base)} s -> end (${t(end)} s)`,
      `${formatNumber(base.requests)} -> ${formatNumber(end.requests)}`,
    ),
    row('loadgate heap growth per 100k requests', kb(growthHeap), '<< naive log'),
    // rss follows heapTotal (pages V8 keeps, e.g. a grown young generation), not live data.
    row(
      `rss (heapTotal) at ${t(base)} s -> end`,
      `${mb(base.rss)} (${mb(base.heapTotal)}) -> ${mb(end.rss)} (${mb(end.heapTotal)})`,
    ),
    row('peer: Float64Array log per 100k requests', kb(naive.float64 * 1e5)),
    row('peer: JS number[] log per 100k requests', kb(naive.jsArray * 1e5)),
    row('peer: {t,latencyMs,status}[] per 100k', kb(naive.objects * 1e5)),
    row('heap growth / Float64Array log', (growthHeap / (naive.float64 * 1e5)).toFixed(3)),
    row('heap growth / JS number[] log', (growthHeap / (naive.jsArray * 1e5)).toFixed(3)),
  ];
}

async function main(args: string[]): Promise<void> {
  if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc');
  const at = args.indexOf('--duration-sec');
  const durationSec = at === -1 ? DEFAULT_DURATION_SEC : Number(args[at + 1]);
  console.log(
    `memory: open model ${formatNumber(RATE_PER_SEC)} req/s for ${durationSec} s, sample after GC every 5 s`,
  );
  const target = await startTargetProcess();
  try {
    const { samples, requests } = await runAndSample(target.url, durationSec * 1000);
    // The last in-run sample is the end point: after the run the pool and recorder are gone,
    // which would flatter the growth figure.
    console.log(
      `after  ${formatSample(sampleMemory(durationSec * 1000, requests))}  (engine released)`,
    );
    const naive = measureNaiveLogs(requests);
    console.log(
      `naive logs of ${formatNumber(requests)} requests, bytes/request: ${JSON.stringify(naive)}`,
    );
    reportSummary(summarize(samples, naive), args);
  } finally {
    target.stop();
  }
}

main(process.argv.slice(2))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(killAllChildren);
