/**
 * Memory and timing of a heartbeat that runs for days: the whole `loadgate heartbeat` pipeline
 * (`runHeartbeat` with the real prober, `/metrics` server and results file) runs in-process at
 * a short interval against the fast target (its own process, 127.0.0.1), two scenarios in turn,
 * with `/metrics` scraped every 5 s as Prometheus would. Memory is sampled after a forced GC;
 * the figure is the ratio of the sample at the end of the long run to the one at the end of the
 * short run (the same heartbeat, so JIT and set-up costs are in both). Timing: how late each
 * probe was written to its connection against its grid time (actual − intended send time),
 * from the results file's send lag.
 *
 * Run: node --expose-gc --import tsx bench/heartbeat-memory.ts [--minutes 10] [--short-seconds 60]
 *      [--interval-ms 100]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHeartbeat } from '../src/app/run-heartbeat.js';
import type { Output } from '../src/ports.js';
import { nodeMetricsEndpoint } from '../src/shell/heartbeat/metrics-server.js';
import { UndiciProbeEngine } from '../src/shell/heartbeat/probe-engine.js';
import { NodeFileStore } from '../src/shell/node-file-store.js';
import { readRunEnvironment } from '../src/shell/run-environment.js';
import { systemClock } from '../src/shell/system-clock.js';
import { killAllChildren } from './lib/children.js';
import { type MemorySample, sampleMemory } from './lib/memory-sampling.js';
import { startTargetProcess } from './lib/start-target.js';

const SAMPLE_EVERY_MS = 30_000;
const SCRAPE_EVERY_MS = 5_000;

function readArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: expected a number > 0`);
  return value;
}

const MB = 1024 * 1024;
function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

function formatSample(s: MemorySample): string {
  return `rss ${mb(s.rss).padStart(9)}  heap used ${mb(s.heapUsed).padStart(8)}  external ${mb(s.external).padStart(8)}  array buffers ${mb(s.arrayBuffers).padStart(7)}`;
}

/** Output that keeps the lines for the metrics URL and the summary lines, printing none. */
function quietOutput(): Output & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (text) => lines.push(text),
    warn: (text) => lines.push(`warning: ${text}`),
    error: (text) => lines.push(`error: ${text}`),
    progress: () => {},
    progressDone: () => {},
    mask: () => {},
  };
}

async function main(): Promise<void> {
  if (global.gc === undefined) throw new Error('run with node --expose-gc');
  const longMs = readArg('minutes', 10) * 60_000;
  const shortMs = readArg('short-seconds', 60) * 1000;
  const intervalMs = readArg('interval-ms', 100);
  if (shortMs >= longMs) throw new Error('--short-seconds must be shorter than --minutes');

  const target = await startTargetProcess();
  const dir = mkdtempSync(join(tmpdir(), 'loadgate-heartbeat-bench-'));
  const profilePath = join(dir, 'heartbeat.yml');
  const outPath = join(dir, 'heartbeat-results.json');
  writeFileSync(
    profilePath,
    [
      'name: heartbeat-memory',
      `baseUrl: ${target.url}`,
      'scenarios:',
      '  - { name: policy, category: policy, path: /policy }',
      '  - { name: health, path: /health }',
      'load: { preset: heartbeat }',
      '',
    ].join('\n'),
  );
  const output = quietOutput();
  const controller = new AbortController();
  const samples: Array<{ atMs: number; sample: MemorySample }> = [];
  let scrapes = 0;
  let scrapeBytes = 0;
  const cpuStart = process.cpuUsage();
  const startedMs = performance.now();
  console.log(
    `heartbeat every ${intervalMs} ms for ${longMs / 60_000} min (short mark ${shortMs / 1000} s), 2 scenarios, /metrics scraped every ${SCRAPE_EVERY_MS / 1000} s`,
  );

  const timers: NodeJS.Timeout[] = [];
  const running = runHeartbeat(
    {
      profilePath,
      intervalMs,
      listen: { host: '127.0.0.1', port: 0 },
      outPath,
      failAfter: 3,
      exitOnFailure: false,
      lines: 'minute',
    },
    {
      probes: new UndiciProbeEngine(systemClock),
      metrics: nodeMetricsEndpoint,
      files: new NodeFileStore(),
      output,
      environment: await readRunEnvironment(process.env),
      clock: systemClock,
      signal: controller.signal,
    },
  );
  const take = (label: string) => {
    const atMs = performance.now() - startedMs;
    const sample = sampleMemory(atMs, 0);
    samples.push({ atMs, sample });
    console.log(`${label.padStart(7)}  ${formatSample(sample)}`);
    return sample;
  };
  timers.push(
    setInterval(async () => {
      const url = /metrics on (http:\/\/\S+\/metrics)/.exec(output.lines.join('\n'))?.[1];
      if (url === undefined || controller.signal.aborted) return;
      try {
        const text = await (await fetch(url)).text();
        scrapes++;
        scrapeBytes = text.length;
      } catch (error) {
        // The server closes on stop; a scrape racing it is not a finding.
        if (!controller.signal.aborted) throw error;
      }
    }, SCRAPE_EVERY_MS),
  );
  timers.push(
    setInterval(
      () => take(`${Math.round((performance.now() - startedMs) / 1000)} s`),
      SAMPLE_EVERY_MS,
    ),
  );
  let shortSample: MemorySample | undefined;
  timers.push(
    setTimeout(() => {
      shortSample = take('short');
    }, shortMs),
  );
  timers.push(setTimeout(() => controller.abort(), longMs));
  let longSample: MemorySample | undefined;
  controller.signal.addEventListener('abort', () => {
    for (const timer of timers) clearTimeout(timer);
    // Before the pipeline lets go of its state: what a heartbeat holds after `longMs`.
    longSample = take('long');
  });
  const outcome = await running;
  for (const timer of timers) clearTimeout(timer);
  const cpu = process.cpuUsage(cpuStart);
  target.stop();

  const result = JSON.parse(readFileSync(outPath, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  if (outcome.kind !== 'stopped' || shortSample === undefined || longSample === undefined) {
    throw new Error(`unexpected end: ${JSON.stringify(outcome)}`);
  }
  const { totals, sendLagMs, load } = result;
  const wallSec = (performance.now() - startedMs) / 1000;
  const ratio = (key: keyof MemorySample) =>
    ((longSample as MemorySample)[key] as number) / ((shortSample as MemorySample)[key] as number);
  console.log('');
  console.log(
    `probes: ${totals.requests} finished (${totals.ok} ok, ${totals.failed + totals.errors} failed), ${load.plannedRequests - totals.requests - totals.interrupted} slots missed, ${scrapes} scrapes of ${scrapeBytes} bytes`,
  );
  console.log(
    `memory after GC, ${longMs / 60_000} min vs ${shortMs / 1000} s: rss ${mb(longSample.rss)} / ${mb(shortSample.rss)} = ${ratio('rss').toFixed(3)}; heap used ${mb(longSample.heapUsed)} / ${mb(shortSample.heapUsed)} = ${ratio('heapUsed').toFixed(3)}; external ${mb(longSample.external)} / ${mb(shortSample.external)} = ${ratio('external').toFixed(3)}`,
  );
  console.log(
    `send lag (actual − intended send time): p50 ${sendLagMs.p50} ms, p99 ${sendLagMs.p99} ms, max ${sendLagMs.max} ms (the max includes the forced GCs of the samples)`,
  );
  console.log(
    `cpu: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s over ${wallSec.toFixed(0)} s (${(((cpu.user + cpu.system) / 1e6 / wallSec) * 100).toFixed(1)} % of one core, scrapes and samples included)`,
  );
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  })
  .finally(() => killAllChildren());
