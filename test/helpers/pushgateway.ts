/**
 * A real Prometheus Pushgateway (Debian's `prometheus-pushgateway`) on 127.0.0.1, one per test
 * file: started empty (no persistence file) on a free loopback port, ready once `/-/ready`
 * answers, stopped at the end. When
 * the binary is missing and we are root, it is installed first (as `.ci/run` does), so a bare
 * `npm test` on a clean machine still tests against the real gateway.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findClosedPort } from './loopback-port.js';

export const PUSHGATEWAY_BIN = '/usr/bin/prometheus-pushgateway';
export const PROMTOOL_BIN = '/usr/bin/promtool';

const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

/** Installs the gateway and promtool (package `prometheus`) when either is missing. */
export function ensurePrometheusTools(): void {
  if (existsSync(PUSHGATEWAY_BIN) && existsSync(PROMTOOL_BIN)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${PUSHGATEWAY_BIN} or ${PROMTOOL_BIN} is missing: apt-get install prometheus-pushgateway prometheus (as root), or run .ci/run`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
  execFileSync(
    'apt-get',
    ['install', '-y', '-qq', '--no-install-recommends', 'prometheus-pushgateway', 'prometheus'],
    { stdio: 'ignore', env },
  );
}

export interface Pushgateway {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Samples of its `/metrics` whose name starts with `prefix` (default `loadgate_`). */
  scrape(prefix?: string): Promise<ScrapedSample[]>;
  stop(): Promise<void>;
}

export interface ScrapedSample {
  name: string;
  labels: Record<string, string>;
  /** As written: `NaN`, `+Inf` parse to the JS values. */
  value: number;
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string) {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the Pushgateway exited early: ${log()}`);
    try {
      const response = await fetch(`${url}/-/ready`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `the Pushgateway at ${url} was not ready within ${READY_TIMEOUT_MS} ms: ${log()}`,
  );
}

/** Starts a gateway on a free 127.0.0.1 port (retrying if another process takes the port). */
export async function startPushgateway(): Promise<Pushgateway> {
  ensurePrometheusTools();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await findClosedPort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      PUSHGATEWAY_BIN,
      // Debian's build persists to /var/lib/prometheus by default: every test gateway would
      // start with the groups the previous one left. In memory only.
      [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file=', '--log.level=warn'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    try {
      await waitUntilReady(url, child, () => stderr);
      return {
        url,
        scrape: (prefix = 'loadgate_') => scrapeSamples(url, prefix),
        stop: () => stopChild(child),
      };
    } catch (error) {
      lastError = error;
      await stopChild(child);
    }
  }
  throw lastError;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Reads the gateway's `/metrics` (text format) into samples. */
export async function scrapeSamples(url: string, prefix: string): Promise<ScrapedSample[]> {
  const response = await fetch(`${url}/metrics`);
  const text = await response.text();
  if (!response.ok) throw new Error(`/metrics answered ${response.status}: ${text}`);
  return parseExposition(text).filter((s) => s.name.startsWith(prefix));
}

/** The sample lines of a text exposition (comments skipped; label values unescaped). */
export function parseExposition(text: string): ScrapedSample[] {
  const samples: ScrapedSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? '';
    let i = name.length;
    const labels: Record<string, string> = {};
    if (line[i] === '{') {
      i++;
      while (line[i] !== '}') {
        const eq = line.indexOf('=', i);
        const label = line.slice(i, eq);
        i = eq + 2; // past ="
        let value = '';
        while (line[i] !== '"') {
          if (line[i] === '\\') {
            const next = line[i + 1];
            value += next === 'n' ? '\n' : next;
            i += 2;
          } else value += line[i++];
        }
        labels[label] = value;
        i++; // past the closing quote
        if (line[i] === ',') i++;
      }
      i++;
    }
    const valueText = line.slice(i).trim().split(/\s+/)[0] ?? '';
    samples.push({ name, labels, value: Number(valueText.replace(/^\+Inf$/, 'Infinity')) });
  }
  return samples;
}

/** The one sample named `name` whose labels include `labels` (and no `scenario` unless asked). */
export function findSample(
  samples: readonly ScrapedSample[],
  name: string,
  labels: Record<string, string>,
): ScrapedSample | undefined {
  const matches = samples.filter(
    (s) =>
      s.name === name &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v) &&
      ('scenario' in labels || !('scenario' in s.labels)),
  );
  if (matches.length > 1)
    throw new Error(`${matches.length} samples match ${name} ${JSON.stringify(labels)}`);
  return matches[0];
}
