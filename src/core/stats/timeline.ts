import type { TimelinePoint } from './figures.js';
import {
  createHistogram,
  encodeHistogram,
  type Histogram,
  recordMs,
  roundMs,
} from './histogram.js';

/**
 * Builds the per-second timeline of the measured window, bucketed by completion time (sends and
 * drops by their own time). One window histogram is reused, so memory grows by one small point
 * per second, never per request; it is built on the first latency recorded, so a timeline that
 * never sees one holds no WebAssembly memory. Seconds with no completions (a stalled server)
 * still get a point, with zeros, so a stall shows as a gap rather than vanishing.
 */
export class TimelineBuilder {
  private readonly points: TimelinePoint[] = [];
  private window: Histogram | undefined;
  private current: TimelinePoint = emptyPoint(0);

  /** @param originMs engine-clock time at which the measured window starts (t = 0). */
  constructor(private readonly originMs: number) {}

  /** Moves to the second containing `nowMs`, closing every second before it. */
  advanceTo(nowMs: number): void {
    const second = Math.floor((nowMs - this.originMs) / 1000);
    while (this.current.t < second) this.closeCurrent();
  }

  recordCompletion(
    nowMs: number,
    latencyMs: number | undefined,
    outcome: 'ok' | 'blocked' | 'failed' | 'errors',
  ): void {
    this.advanceTo(nowMs);
    this.current.requests++;
    this.current[outcome]++;
    if (latencyMs !== undefined) {
      this.window ??= createHistogram();
      recordMs(this.window, latencyMs);
    }
  }

  recordSent(nowMs: number): void {
    this.advanceTo(nowMs);
    this.current.sent++;
  }

  recordDropped(nowMs: number): void {
    this.advanceTo(nowMs);
    this.current.dropped++;
  }

  /** The last closed second, for progress lines; undefined before the first second ends. */
  lastPoint(): TimelinePoint | undefined {
    return this.points[this.points.length - 1];
  }

  /**
   * Closes the timeline at `endMs` and returns it. A trailing partial second is kept when it
   * saw any activity (its rate then reads low; `t` says where it sits).
   */
  finish(endMs: number): TimelinePoint[] {
    this.advanceTo(endMs);
    const c = this.current;
    if (c.requests + c.sent + c.dropped > 0) this.closeCurrent();
    this.window?.destroy();
    this.window = undefined;
    return this.points;
  }

  private closeCurrent(): void {
    const point = this.current;
    if (this.window !== undefined && this.window.totalCount > 0) {
      point.p50 = roundMs(this.window.getValueAtPercentile(50) / 1000);
      point.p90 = roundMs(this.window.getValueAtPercentile(90) / 1000);
      point.p95 = roundMs(this.window.getValueAtPercentile(95) / 1000);
      point.p99 = roundMs(this.window.getValueAtPercentile(99) / 1000);
      point.max = roundMs(this.window.getValueAtPercentile(100) / 1000);
      point.mean = roundMs(this.window.mean / 1000);
      point.histogram = encodeHistogram(this.window);
      this.window.reset();
    }
    this.points.push(point);
    this.current = emptyPoint(point.t + 1);
  }
}

function emptyPoint(t: number): TimelinePoint {
  return {
    t,
    requests: 0,
    sent: 0,
    ok: 0,
    blocked: 0,
    failed: 0,
    errors: 0,
    dropped: 0,
    p50: 0,
    p90: 0,
    p95: 0,
    p99: 0,
    max: 0,
    mean: 0,
    histogram: '',
  };
}
