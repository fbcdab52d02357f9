import { describe, expect, it } from 'vitest';
import { DEFAULT_FAIL_AFTER, ProbeHealth } from '../../../src/core/stats/probe-health.js';

describe('ProbeHealth (consecutive failures and fail-after)', () => {
  it('says "down" once, on the probe that makes the streak reach fail-after', () => {
    const health = new ProbeHealth(2, 3);
    const changes = [false, false, false, false, false].map((ok) => health.record(0, ok));
    expect(changes.map((c) => c.consecutiveFailures)).toEqual([1, 2, 3, 4, 5]);
    expect(changes.map((c) => c.transition)).toEqual([
      undefined,
      undefined,
      'down',
      undefined,
      undefined,
    ]);
    expect(health.isDown(0)).toBe(true);
  });

  it('counts each scenario apart: alternating probes of two scenarios do not add up', () => {
    const health = new ProbeHealth(2, 3);
    health.record(0, false);
    health.record(1, true);
    health.record(0, false);
    health.record(1, true);
    expect(health.consecutiveFailures(0)).toBe(2);
    expect(health.consecutiveFailures(1)).toBe(0);
    expect(health.isDown(0)).toBe(false);
    expect(health.record(0, false).transition).toBe('down');
  });

  it('a success resets the streak; after a streak that was down it is "recovered"', () => {
    const health = new ProbeHealth(1, 2);
    health.record(0, false);
    expect(health.record(0, true)).toEqual({ consecutiveFailures: 0 });
    for (let i = 0; i < 4; i++) health.record(0, false);
    expect(health.record(0, true)).toEqual({
      consecutiveFailures: 0,
      transition: 'recovered',
      previousFailures: 4,
    });
    expect(health.isDown(0)).toBe(false);
    // A new streak is said again when it reaches fail-after.
    health.record(0, false);
    expect(health.record(0, false).transition).toBe('down');
  });

  it('knows nothing of a scenario before its first probe, then its last result', () => {
    const health = new ProbeHealth(2, DEFAULT_FAIL_AFTER);
    expect(health.lastProbeSucceeded(1)).toBeUndefined();
    health.record(1, false);
    expect(health.lastProbeSucceeded(1)).toBe(false);
    health.record(1, true);
    expect(health.lastProbeSucceeded(1)).toBe(true);
    expect(DEFAULT_FAIL_AFTER).toBe(3);
  });

  it('with fail-after 1 a single failure is down', () => {
    const health = new ProbeHealth(1, 1);
    expect(health.record(0, false)).toEqual({ consecutiveFailures: 1, transition: 'down' });
  });
});
