import { afterEach, describe, expect, it } from 'vitest';
import { countCreatedHistograms, type Histogram } from '../../../src/core/stats/histogram.js';
import {
  createScratchHistogram,
  RollingWindow,
  readWindows,
} from '../../../src/core/stats/rolling-window.js';

const made: { windows: RollingWindow[]; scratch: Histogram[] } = { windows: [], scratch: [] };
function makeWindow(): RollingWindow {
  const window = new RollingWindow();
  made.windows.push(window);
  return window;
}
function makeScratch(): Histogram {
  const scratch = createScratchHistogram();
  made.scratch.push(scratch);
  return scratch;
}
afterEach(() => {
  for (const window of made.windows) window.destroy();
  for (const scratch of made.scratch) scratch.destroy();
  made.windows = [];
  made.scratch = [];
});

describe('RollingWindow (the last minute in twelve 5 s slots)', () => {
  it('reads what completed within the last minute, quantiles from the latencies', () => {
    const window = makeWindow();
    const scratch = makeScratch();
    for (let i = 1; i <= 100; i++) window.record(i * 100, i, false);
    const figures = readWindows([window], 10_000, scratch);
    expect(figures).toMatchObject({ completions: 100, failures: 0, latencyCount: 100 });
    expect(figures.quantilesMs?.p50).toBeCloseTo(50, 1);
    expect(figures.quantilesMs?.p99).toBeCloseTo(99, 1);
  });

  it('forgets a slot once it is more than a minute old', () => {
    const window = makeWindow();
    const scratch = makeScratch();
    window.record(1_000, 500, false);
    window.record(31_000, 10, true);
    // At 59.9 s both are within the window; at 60 s the first slot (0–5 s) has left it.
    expect(readWindows([window], 59_900, scratch).completions).toBe(2);
    const later = readWindows([window], 60_000, scratch);
    expect(later).toMatchObject({ completions: 1, failures: 1, latencyCount: 1 });
    expect(later.quantilesMs?.p99).toBeCloseTo(10, 1);
    const empty = readWindows([window], 95_000, scratch);
    expect(empty).toEqual({ completions: 0, failures: 0, latencyCount: 0 });
  });

  it('counts a transport error as a failed completion without a latency', () => {
    const window = makeWindow();
    const scratch = makeScratch();
    window.record(100, undefined, true);
    expect(readWindows([window], 200, scratch)).toEqual({
      completions: 1,
      failures: 1,
      latencyCount: 0,
    });
  });

  it('merges several windows exactly (the whole heartbeat from its scenarios)', () => {
    const a = makeWindow();
    const b = makeWindow();
    const scratch = makeScratch();
    a.record(1_000, 10, false);
    b.record(2_000, 1000, true);
    b.record(3_000, 20, false);
    const merged = readWindows([a, b], 4_000, scratch);
    expect(merged).toMatchObject({ completions: 3, failures: 1, latencyCount: 3 });
    expect(merged.quantilesMs?.p999).toBeCloseTo(1000, 0);
  });

  it('ignores a record older than the ring (a clock read out of order)', () => {
    const window = makeWindow();
    const scratch = makeScratch();
    window.record(70_000, 5, false);
    // Slot of 10 s is the same ring position as 70 s, which is newer: left alone.
    window.record(10_000, 999, false);
    expect(readWindows([window], 70_000, scratch)).toMatchObject({ completions: 1 });
  });

  it('keeps memory flat: a day of records builds no histogram after the ring is full', () => {
    const window = makeWindow();
    const scratch = makeScratch();
    // One minute fills every slot once.
    for (let t = 0; t < 60_000; t += 1000) window.record(t, 3, false);
    const before = countCreatedHistograms();
    // A day at one record a second, read every 15 s as a scraper would.
    for (let t = 60_000; t < 86_400_000; t += 1000) {
      window.record(t, 3 + (t % 7), t % 11 === 0);
      if (t % 15_000 === 0) readWindows([window], t, scratch);
    }
    expect(countCreatedHistograms()).toBe(before);
    expect(readWindows([window], 86_399_000, scratch).completions).toBe(60);
  });
});
