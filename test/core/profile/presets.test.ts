import { describe, expect, it } from 'vitest';
import { expandPreset, PRESET_DESCRIPTIONS } from '../../../src/core/profile/presets.js';
import type { LoadPlan, PresetName } from '../../../src/core/profile/types.js';

const s = (seconds: number) => seconds * 1_000;
const m = (minutes: number) => minutes * 60_000;
const stage = (durationMs: number, target: number) => ({ durationMs, target });

describe('expandPreset', () => {
  it.each<[PresetName, { ratePerSec?: number; durationMs?: number }, LoadPlan]>([
    ['smoke', {}, { executor: 'constant-arrival-rate', ratePerSec: 5, durationMs: s(30) }],
    ['heartbeat', {}, { executor: 'constant-arrival-rate', ratePerSec: 1, durationMs: s(10) }],
    [
      'smoke',
      { ratePerSec: 2, durationMs: s(5) },
      { executor: 'constant-arrival-rate', ratePerSec: 2, durationMs: s(5) },
    ],
    [
      'load',
      {},
      {
        executor: 'ramping-arrival-rate',
        startRatePerSec: 0,
        stages: [stage(s(30), 50), stage(m(2), 50), stage(s(15), 0)],
      },
    ],
    [
      'load',
      { ratePerSec: 80, durationMs: m(5) },
      {
        executor: 'ramping-arrival-rate',
        startRatePerSec: 0,
        stages: [stage(s(30), 80), stage(m(5), 80), stage(s(15), 0)],
      },
    ],
    [
      'stress',
      { ratePerSec: 10 },
      {
        executor: 'ramping-arrival-rate',
        startRatePerSec: 0,
        stages: [
          stage(m(1), 10),
          stage(m(2), 10),
          stage(m(1), 20),
          stage(m(2), 20),
          stage(m(1), 30),
          stage(m(2), 30),
          stage(m(1), 0),
        ],
      },
    ],
    [
      'spike',
      {},
      {
        executor: 'ramping-arrival-rate',
        startRatePerSec: 5,
        stages: [
          stage(s(30), 5),
          stage(s(10), 250),
          stage(m(1), 250),
          stage(s(10), 5),
          stage(s(30), 5),
        ],
      },
    ],
    [
      'soak',
      {},
      {
        executor: 'ramping-arrival-rate',
        startRatePerSec: 0,
        stages: [stage(m(2), 50), stage(m(30), 50), stage(m(1), 0)],
      },
    ],
  ])('expands %s %j', (preset, options, plan) => {
    expect(expandPreset(preset, options)).toEqual(plan);
  });

  it('describes every preset on one line', () => {
    const names: PresetName[] = ['smoke', 'load', 'stress', 'spike', 'soak', 'heartbeat'];
    for (const name of names) {
      expect(PRESET_DESCRIPTIONS[name]).toMatch(/^[^\n]{20,120}$/);
    }
  });
});
