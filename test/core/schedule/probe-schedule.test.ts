import { describe, expect, it } from 'vitest';
import {
  chooseProbeConnections,
  ProbeSchedule,
} from '../../../src/core/schedule/probe-schedule.js';

describe('ProbeSchedule', () => {
  it('cycles through the scenarios in profile order, one probe per slot', () => {
    const schedule = new ProbeSchedule(1000, 5000, 2);
    const taken = [0, 1, 2, 3, 4].map((k) => schedule.take(1000 + k * 5000));
    expect(taken.map((p) => p?.scenario)).toEqual([0, 1, 0, 1, 0]);
    expect(taken.map((p) => p?.intendedMs)).toEqual([1000, 6000, 11000, 16000, 21000]);
    expect(taken.map((p) => p?.latenessMs)).toEqual([0, 0, 0, 0, 0]);
  });

  it('says "not yet" to a timer that fires before the due time, and takes nothing', () => {
    const schedule = new ProbeSchedule(0, 100, 3);
    expect(schedule.take(0)?.slot).toBe(0);
    expect(schedule.take(99.6)).toBeUndefined();
    expect(schedule.nextDueMs()).toBe(100);
    expect(schedule.take(100)).toMatchObject({ slot: 1, sequence: 1, scenario: 1 });
  });

  it('records a late probe with its lateness and keeps the next on the grid', () => {
    const schedule = new ProbeSchedule(0, 1000, 2);
    schedule.take(0);
    const late = schedule.take(1370);
    expect(late).toMatchObject({ slot: 1, intendedMs: 1000, latenessMs: 370, missedSlots: 0 });
    // Not 2370: the grid holds.
    expect(schedule.nextDueMs()).toBe(2000);
    expect(schedule.take(2001)).toMatchObject({ slot: 2, latenessMs: 1, missedSlots: 0 });
  });

  it('after a stall of whole intervals sends one probe for the latest slot and counts the rest missed', () => {
    const schedule = new ProbeSchedule(0, 1000, 2);
    schedule.take(0);
    // Suspended from 0.5 s to 4.25 s: slots 1, 2 and 3 passed, 4 is the nearest.
    const resumed = schedule.take(4250);
    expect(resumed).toMatchObject({ slot: 4, intendedMs: 4000, latenessMs: 250, missedSlots: 3 });
    // The scenario turn follows the probes sent, not the slots: no scenario is skipped.
    expect(resumed?.scenario).toBe(1);
    expect(schedule.nextDueMs()).toBe(5000);
  });

  it('never drifts: the 17,280th slot of a day at 5 s is due exactly on the grid', () => {
    const schedule = new ProbeSchedule(123.456, 5000, 2);
    let last: ReturnType<ProbeSchedule['take']>;
    for (let k = 0; k < 17_280; k++) {
      // Every probe is taken 3.7 ms late; lateness must never accumulate.
      last = schedule.take(schedule.nextDueMs() + 3.7);
    }
    expect(last?.slot).toBe(17_279);
    expect(last?.intendedMs).toBe(123.456 + 17_279 * 5000);
    expect(last?.latenessMs).toBeCloseTo(3.7, 6);
    expect(last?.missedSlots).toBe(0);
  });

  it('takes a slot due exactly now even where floating point puts it a hair below', () => {
    // 0.1 × 3 = 0.30000000000000004 > 0.3: floor((0.3 - 0) / 0.1) is 2, slot 3 is due at 0.3…04.
    const schedule = new ProbeSchedule(0, 0.1, 1);
    for (let k = 0; k < 3; k++) schedule.take(schedule.nextDueMs());
    const probe = schedule.take(schedule.dueMs(3));
    expect(probe).toMatchObject({ slot: 3, missedSlots: 0, latenessMs: 0 });
  });

  it('refuses a schedule that could not run', () => {
    expect(() => new ProbeSchedule(0, 0, 1)).toThrow(RangeError);
    expect(() => new ProbeSchedule(0, 1000, 0)).toThrow(RangeError);
  });
});

describe('chooseProbeConnections', () => {
  it("keeps the profile's connections up to 4, and at least 1", () => {
    expect(chooseProbeConnections(2)).toBe(2);
    expect(chooseProbeConnections(64)).toBe(4);
    expect(chooseProbeConnections(0)).toBe(1);
  });
});
