import { FAILURE_KIND_NAMES, ResponseClass } from './classify-response.js';
import type { ErrorKind } from './error-kind.js';
import type { FailureKinds, Figures, LatencySummaryMs } from './figures.js';
import {
  createHistogram,
  encodeHistogram,
  type Histogram,
  recordMs,
  summarizeHistogram,
} from './histogram.js';

/**
 * Running figures of one scenario over the measured window. Memory is constant in the number of
 * requests: three histograms and a few counters, no per-request arrays. Each histogram is built
 * on its first value (~16 KB of WebAssembly memory each): a profile of 20,000 scenarios of which
 * few are picked in a short run must not hold a gigabyte of empty histograms. One never built
 * reads as empty everywhere (zero summary, the empty encoding).
 */
export class ScenarioStats {
  private latency: Histogram | undefined;
  private serviceTime: Histogram | undefined;
  private sendLag: Histogram | undefined;
  ok = 0;
  blocked = 0;
  failed = 0;
  errors = 0;
  dropped = 0;
  queued = 0;
  interrupted = 0;
  /** Redirect hops followed (a chain of three 302s before the answer is 3). */
  redirects = 0;
  readonly statusCodes = new Map<number, number>();
  readonly errorKinds = new Map<ErrorKind, number>();
  readonly failureKinds: FailureKinds = {
    http_5xx: 0,
    http_4xx: 0,
    unexpected_status: 0,
    body_mismatch: 0,
  };

  /** A full HTTP answer: latency from the intended send time, service time from the real one. */
  recordResponse(
    latencyMs: number,
    serviceMs: number,
    status: number,
    responseClass: ResponseClass,
  ): void {
    this.latency ??= createHistogram();
    this.serviceTime ??= createHistogram();
    recordMs(this.latency, latencyMs);
    recordMs(this.serviceTime, serviceMs);
    this.statusCodes.set(status, (this.statusCodes.get(status) ?? 0) + 1);
    this.countClass(responseClass);
  }

  /**
   * A whole journey that ended with answers (run-recorder's journey rows): its duration in the
   * latency histogram and its class counted, with no status code (a journey has none).
   */
  recordOutcome(durationMs: number, responseClass: ResponseClass): void {
    this.latency ??= createHistogram();
    recordMs(this.latency, durationMs);
    this.countClass(responseClass);
  }

  private countClass(responseClass: ResponseClass): void {
    if (responseClass === ResponseClass.ok) this.ok++;
    else if (responseClass === ResponseClass.blocked) this.blocked++;
    else {
      this.failed++;
      const kind = FAILURE_KIND_NAMES[responseClass];
      if (kind) this.failureKinds[kind]++;
    }
  }

  /** The generator's lateness releasing one arrival against its schedule. */
  recordSendLag(lagMs: number): void {
    this.sendLag ??= createHistogram();
    recordMs(this.sendLag, lagMs);
  }

  /** Send-lag percentiles in ms; all zeros when none was recorded. */
  summarizeSendLag(): LatencySummaryMs {
    return summarizeHistogram(this.sendLag);
  }

  /** No HTTP answer. Not in the latency histograms: there is no response time to record. */
  recordError(kind: ErrorKind): void {
    this.errors++;
    this.errorKinds.set(kind, (this.errorKinds.get(kind) ?? 0) + 1);
  }

  /** Adds another scenario's figures (exact: histograms merge bucket by bucket). */
  addFrom(other: ScenarioStats): void {
    this.latency = addInto(this.latency, other.latency);
    this.serviceTime = addInto(this.serviceTime, other.serviceTime);
    this.sendLag = addInto(this.sendLag, other.sendLag);
    this.ok += other.ok;
    this.blocked += other.blocked;
    this.failed += other.failed;
    this.errors += other.errors;
    this.dropped += other.dropped;
    this.queued += other.queued;
    this.interrupted += other.interrupted;
    this.redirects += other.redirects;
    for (const [status, n] of other.statusCodes)
      this.statusCodes.set(status, (this.statusCodes.get(status) ?? 0) + n);
    for (const [kind, n] of other.errorKinds)
      this.errorKinds.set(kind, (this.errorKinds.get(kind) ?? 0) + n);
    for (const key of Object.keys(this.failureKinds) as (keyof FailureKinds)[]) {
      this.failureKinds[key] += other.failureKinds[key];
    }
  }

  /** Completed requests (answers and transport errors; not dropped or interrupted). */
  get requests(): number {
    return this.ok + this.blocked + this.failed + this.errors;
  }

  /**
   * The results-file figures. Rates are fractions (0 when there were no requests).
   * @param durationMs length of the measured window, for throughput; 0 gives 0 rps.
   * @param encode false leaves the histogram strings empty: live checks during a run need the
   *   figures, not the (comparatively costly) encodings.
   */
  toFigures(durationMs: number, encode = true): Figures {
    const requests = this.requests;
    const seconds = durationMs / 1000;
    const latencyEncoded = encode ? encodeHistogram(this.latency) : '';
    return {
      totals: {
        requests,
        ok: this.ok,
        blocked: this.blocked,
        failed: this.failed,
        errors: this.errors,
        dropped: this.dropped,
        queued: this.queued,
        interrupted: this.interrupted,
        redirects: this.redirects,
      },
      throughput: {
        rps: seconds > 0 ? round3(requests / seconds) : 0,
        okRps: seconds > 0 ? round3((this.ok + this.blocked) / seconds) : 0,
      },
      latencyMs: summarizeHistogram(this.latency),
      serviceTimeMs: summarizeHistogram(this.serviceTime),
      errorRate: ratio(this.failed + this.errors, requests),
      blockRate: ratio(this.blocked, requests),
      dropRate: ratio(this.dropped, requests + this.dropped),
      histogram: latencyEncoded,
      histograms: {
        latency: latencyEncoded,
        serviceTime: encode ? encodeHistogram(this.serviceTime) : '',
        sendLag: encode ? encodeHistogram(this.sendLag) : '',
      },
      statusCodes: Object.fromEntries([...this.statusCodes].sort((a, b) => a[0] - b[0])),
      errorKinds: Object.fromEntries([...this.errorKinds].sort()),
      failureKinds: { ...this.failureKinds },
    };
  }

  /** Frees the WASM memory of the histograms (those that were built). */
  destroy(): void {
    this.latency?.destroy();
    this.serviceTime?.destroy();
    this.sendLag?.destroy();
    this.latency = undefined;
    this.serviceTime = undefined;
    this.sendLag = undefined;
  }
}

/**
 * Adds `source` into `target`, building `target` only when there is something to add: adding
 * an empty histogram changes nothing (not even the encoding), so skipping absent ones is exact.
 */
function addInto(
  target: Histogram | undefined,
  source: Histogram | undefined,
): Histogram | undefined {
  if (source === undefined) return target;
  const into = target ?? createHistogram();
  into.add(source);
  return into;
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1e6) / 1e6 : 0;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
