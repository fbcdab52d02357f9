import { describe, expect, it } from 'vitest';
import { compareWindows } from '../../../src/core/judge/judge-regression.js';
import {
  estimatePairedChange,
  pairWindowSeries,
  signedRankPValue,
  testPairedWindows,
} from '../../../src/core/judge/paired-windows.js';
import { createRandom } from '../../../src/core/schedule/vu-schedule.js';
import { ResponseClass } from '../../../src/core/stats/classify-response.js';
import type { TimelinePoint } from '../../../src/core/stats/figures.js';
import { RunRecorder } from '../../../src/core/stats/run-recorder.js';

/** A slow wave of ±30 % that both sides ride together (a machine getting busy and calm). */
function driftOf(window: number, windows: number): number {
  return 1 + 0.3 * Math.sin((2 * Math.PI * window) / windows);
}

/** Per-window p95s of both sides: B = A × `factor`, both drifting together, ±1 % own noise. */
function driftingPair(windows: number, factor: number, seed = 7) {
  const random = createRandom(seed);
  const noise = () => 1 + 0.02 * (random() - 0.5);
  const drift = Array.from({ length: windows }, (_, i) => driftOf(i, windows));
  return {
    baseline: drift.map((d) => 20 * d * noise()),
    current: drift.map((d) => 20 * factor * d * noise()),
  };
}

describe('testPairedWindows', () => {
  it('finds no change between identical series', () => {
    const series = [20, 21, 35, 19, 22, 40, 20, 18];
    const s = testPairedWindows(series, [...series], 'lower-is-better', 0.95);
    expect(s).toMatchObject({ method: 'paired-windows', pValue: 1, shift: 0, low: 0, high: 0 });
    expect(s.currentWindows).toBe(8);
    expect(s.baselineWindows).toBe(8);
  });

  it('finds a constant +10 % even when both sides drift together by ±30 %', () => {
    const { baseline, current } = driftingPair(20, 1.1);
    const s = testPairedWindows(baseline, current, 'lower-is-better', 0.95);
    expect(s.method).toBe('paired-windows');
    expect(s.pValue).toBeLessThan(0.001);
    // The shift is 10 % of a value that averages 20 ms: about 2 ms, inside its interval.
    expect(s.shift).toBeGreaterThan(1.6);
    expect(s.shift).toBeLessThan(2.4);
    expect(s.low).toBeLessThanOrEqual(s.shift as number);
    expect(s.high).toBeGreaterThanOrEqual(s.shift as number);
  });

  it('is the point: the unpaired window test on the same data sees only the drift', () => {
    const { baseline, current } = driftingPair(20, 1.1);
    const unpaired = compareWindows(baseline, current, 'higher', 0.95);
    expect(unpaired.pValue).toBeGreaterThan(0.05);
    const paired = testPairedWindows(baseline, current, 'lower-is-better', 0.95);
    expect(paired.pValue).toBeLessThan(0.05);
  });

  it('does not call a drift that hits both sides a change', () => {
    const { baseline, current } = driftingPair(60, 1.0, 11);
    const s = testPairedWindows(baseline, current, 'lower-is-better', 0.95);
    expect(s.pValue).toBeGreaterThan(0.05);
    expect(Math.abs(s.shift as number)).toBeLessThan(0.2);
  });

  it('tests towards the worse direction only', () => {
    const { baseline, current } = driftingPair(20, 0.9);
    // Lower latency is better, not worse.
    expect(testPairedWindows(baseline, current, 'lower-is-better', 0.95).pValue).toBeGreaterThan(
      0.99,
    );
    // Lower throughput is worse.
    expect(testPairedWindows(baseline, current, 'higher-is-better', 0.95).pValue).toBeLessThan(
      0.001,
    );
  });

  it('ranks ratios: a few loud windows of a shared disturbance do not outvote the quiet ones', () => {
    // Six quiet windows where B is 10 % slower; three where another process doubled both
    // sides' tails, and their own noise (±3 ms) is larger than the change itself.
    const baseline = [21, 21.2, 20.8, 46, 52, 44, 21.1, 20.9, 21];
    const current = [23.1, 23.3, 22.9, 43.5, 55, 42.5, 23.2, 23, 23.1];
    const differences = current.map((c, i) => c - (baseline[i] as number));
    expect(signedRankPValue(differences)).toBeGreaterThan(0.05);
    const s = testPairedWindows(baseline, current, 'lower-is-better', 0.95);
    expect(s.pValue).toBeLessThan(0.02);
    // The shift stays in milliseconds, from the differences.
    expect(s.shift).toBeGreaterThan(1);
    expect(s.shift).toBeLessThan(2.2);
  });

  it('ranks differences when a window is 0 (error rates), where ratios say nothing', () => {
    const baseline = [0, 0.01, 0.02, 0, 0.01, 0.01];
    const current = [0.01, 0.02, 0.03, 0.01, 0.02, 0.02];
    const s = testPairedWindows(baseline, current, 'lower-is-better', 0.95);
    expect(s.method).toBe('paired-windows');
    expect(s.pValue).toBeCloseTo(
      signedRankPValue(current.map((c, i) => c - (baseline[i] as number))),
      12,
    );
  });

  it('needs five pairs', () => {
    const s = testPairedWindows([1, 2, 3, 4], [2, 3, 4, 5], 'lower-is-better', 0.95);
    expect(s).toMatchObject({ method: 'insufficient-data', currentWindows: 4 });
    expect(s.pValue).toBeUndefined();
  });
});

/**
 * A side-by-side run where B is `factor` × A, and a disturbance both share adds `addedMs` to
 * both sides' p95 in the middle third of the windows (another process holding the cores).
 */
function disturbedPair(windows: number, factor: number, addedMs: number) {
  const random = createRandom(5);
  const noise = () => 1 + 0.02 * (random() - 0.5);
  const added = (i: number) => (i >= windows / 3 && i < (2 * windows) / 3 ? addedMs : 0);
  return {
    baseline: Array.from({ length: windows }, (_, i) => 21 * noise() + added(i)),
    current: Array.from({ length: windows }, (_, i) => 21 * factor * noise() + added(i)),
  };
}

describe('estimatePairedChange', () => {
  it('reads a 10 % slower B as about +10 % and +2 ms even when a shared disturbance doubles a third of the run', () => {
    const pair = disturbedPair(9, 1.1, 25);
    // The sides' means (what whole-run values give) read about +7 %.
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(pair.current) / mean(pair.baseline) - 1).toBeLessThan(0.075);
    const change = estimatePairedChange(pair);
    expect(change?.relative).toBeGreaterThan(0.085);
    expect(change?.relative).toBeLessThan(0.11);
    expect(change?.delta).toBeGreaterThan(1.8);
    expect(change?.delta).toBeLessThan(2.3);
  });

  it('is about 0 for identical targets under the same disturbance', () => {
    const change = estimatePairedChange(disturbedPair(30, 1, 25));
    expect(Math.abs(change?.relative as number)).toBeLessThan(0.01);
    expect(Math.abs(change?.delta as number)).toBeLessThan(0.2);
  });

  it('is exactly the ratio when every window has the same one, and negative for a faster B', () => {
    const baseline = [10, 20, 40, 20, 10];
    const slower = estimatePairedChange({ baseline, current: baseline.map((v) => v * 1.25) });
    expect(slower?.relative).toBeCloseTo(0.25, 12);
    // The median difference: 25 % of the median window (20 ms).
    expect(slower?.delta).toBeCloseTo(5, 12);
    const faster = estimatePairedChange({ baseline, current: baseline.map((v) => v * 0.8) });
    expect(faster?.relative).toBeCloseTo(-0.2, 12);
  });

  it('gives no estimate with fewer than five pairs or a window at 0 (clean error-rate windows)', () => {
    expect(estimatePairedChange({ baseline: [1, 2, 3, 4], current: [1, 2, 3, 4] })).toBeUndefined();
    expect(
      estimatePairedChange({ baseline: [0, 0.01, 0, 0, 0.02], current: [0.01, 0.02, 0, 0, 0] }),
    ).toBeUndefined();
    expect(
      estimatePairedChange({ baseline: [1, 2, 3, 4, Number.NaN], current: [1, 2, 3, 4, 5] }),
    ).toBeUndefined();
  });
});

describe('signedRankPValue', () => {
  it('is exact for few differences: five worse windows of five happen once in 32', () => {
    expect(signedRankPValue([1, 2, 3, 4, 5])).toBeCloseTo(1 / 32, 12);
    // Four worse and the smallest better: rank sum 14 of 15 → two patterns of 32.
    expect(signedRankPValue([-1, 2, 3, 4, 5])).toBeCloseTo(2 / 32, 12);
  });

  it('counts tied ranks exactly', () => {
    // Ranks 2, 2, 2 (doubled 4 each): every pattern with all three positive, 1 in 8.
    expect(signedRankPValue([7, 7, 7])).toBeCloseTo(1 / 8, 12);
  });

  it('leaves zero differences out and says nothing without any other', () => {
    expect(signedRankPValue([0, 0, 0, 0, 0, 0])).toBe(1);
    expect(signedRankPValue([0, 0, 1, 2, 3, 4, 5])).toBeCloseTo(1 / 32, 12);
  });

  it('uses the normal approximation beyond 30 differences, close to the exact tail', () => {
    const many = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? -(i + 1) : i + 1));
    const p = signedRankPValue(many);
    const exactish = signedRankPValue(many.slice(0, 30));
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(0.05);
    expect(exactish).toBeLessThan(0.2);
    // Symmetric differences: no direction at all.
    const symmetric = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? i + 1 : -(i + 1)));
    expect(signedRankPValue(symmetric)).toBeGreaterThan(0.3);
  });
});

/**
 * Two recordings of one schedule, one arrival a side in turn, `ratePerSec` per side: every
 * second both sides' latencies are multiplied by the same drift, and B's by `factor` too.
 */
function recordSides(options: {
  seconds: number;
  ratePerSec: number;
  factor: number;
  drift: (second: number) => number;
}): { baseline: TimelinePoint[]; current: TimelinePoint[] } {
  const random = createRandom(5);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const sides = [new RunRecorder(1, 0), new RunRecorder(1, 0)];
  const total = options.seconds * options.ratePerSec * 2;
  for (let k = 0; k < total; k++) {
    const intendedMs = (k * 1000) / (options.ratePerSec * 2);
    const side = k % 2;
    const latencyMs =
      20 *
      options.drift(Math.floor(intendedMs / 1000)) *
      (side === 1 ? options.factor : 1) *
      Math.exp(0.1 * gaussian());
    const recorder = sides[side] as RunRecorder;
    recorder.onSent(0, intendedMs, intendedMs);
    recorder.onResponse(0, intendedMs, intendedMs, intendedMs + latencyMs, 200, ResponseClass.ok);
  }
  const [a, b] = sides.map((r) => r.finish(options.seconds * 1000).timeline);
  return { baseline: a as TimelinePoint[], current: b as TimelinePoint[] };
}

describe('pairWindowSeries', () => {
  it('pairs the same seconds of both sides, grouping until both hold enough requests', () => {
    // 60 requests a second a side: p95 needs 100 in both → two seconds a window.
    const { baseline, current } = recordSides({
      seconds: 20,
      ratePerSec: 60,
      factor: 1,
      drift: () => 1,
    });
    const p95 = pairWindowSeries(current, baseline, 'p95');
    expect(p95?.baseline).toHaveLength(10);
    expect(p95?.current).toHaveLength(10);
    // p50 needs 10: one window a second, but for the last point (answers after the 20th second).
    const p50 = pairWindowSeries(current, baseline, 'p50');
    expect(current).toHaveLength(21);
    expect(p50?.current).toHaveLength(20);
    const rps = pairWindowSeries(current, baseline, 'rps');
    expect(rps?.current).toHaveLength(current.length - 1);
    for (const [i, v] of (rps?.current ?? []).entries()) expect(v).toBe(rps?.baseline[i]);
    expect(pairWindowSeries(current, baseline, 'requests')).toBeUndefined();
  });

  it('keeps a drift that moves both sides together out of the difference', () => {
    // Seconds 7 to 13 of 20 run 60 % slower on both sides (another process took the CPU).
    const drift = (second: number) => (second >= 7 && second < 14 ? 1.6 : 1);
    const same = recordSides({ seconds: 20, ratePerSec: 100, factor: 1, drift });
    const sameWindows = pairWindowSeries(same.current, same.baseline, 'p95');
    const aa = testPairedWindows(
      sameWindows?.baseline ?? [],
      sameWindows?.current ?? [],
      'lower-is-better',
      0.95,
    );
    expect(aa.pValue).toBeGreaterThan(0.05);
    const slower = recordSides({ seconds: 20, ratePerSec: 100, factor: 1.1, drift });
    const slowerWindows = pairWindowSeries(slower.current, slower.baseline, 'p95');
    const ab = testPairedWindows(
      slowerWindows?.baseline ?? [],
      slowerWindows?.current ?? [],
      'lower-is-better',
      0.95,
    );
    expect(ab.pValue).toBeLessThan(0.01);
  });
});
