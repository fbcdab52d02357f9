import { describe, expect, it } from 'vitest';
import {
  formatDurationMs,
  parseCount,
  parseDurationMs,
  parsePercent,
  parseRatePerSec,
} from '../../../src/core/input/units.js';

describe('parseDurationMs', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    ['1h2m3s', 3_723_000],
    ['1.5s', 1_500],
    ['1.1s', 1_100],
    ['1m', 60_000],
    ['1s500ms', 1_500],
    ['0s', 0],
    [' 10s ', 10_000],
    [0, 0],
    ['0', 0],
    [' 0 ', 0],
  ] as const)('reads %j as %d ms', (input, expectedMs) => {
    expect(parseDurationMs(input)).toBe(expectedMs);
  });

  it.each([
    ['30'],
    ['30 secs'],
    ['-5s'],
    [''],
    ['s'],
    ['30s1m'],
    ['1d'],
    ['.5s'],
    ['5 s'],
    // A bare number is ambiguous (k6: milliseconds; loadgate once: seconds); only 0 is not.
    [5],
    [0.25],
    ['5'],
    [-1],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
  ] as const)('rejects %j', (input) => {
    expect(parseDurationMs(input)).toBeUndefined();
  });
});

describe('formatDurationMs', () => {
  it.each([
    [90_000, '1m30s'],
    [500, '500ms'],
    [0, '0s'],
    [1_500, '1s500ms'],
    [7_200_000, '2h'],
    [3_723_000, '1h2m3s'],
    [0.5, '0.5ms'],
    [-30_000, '-30s'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text);
  });

  it.each([1, 999, 1_000, 59_999, 61_001, 3_600_000, 86_400_000, 90_061_001])(
    'round-trips %d ms through parseDurationMs',
    (ms) => {
      expect(parseDurationMs(formatDurationMs(ms))).toBe(ms);
    },
  );
});

describe('parseRatePerSec', () => {
  it.each([
    [100, 100],
    [0.5, 0.5],
    ['100', 100],
    ['100/s', 100],
    ['6000/m', 100],
    ['3600/h', 1],
    ['2.5/s', 2.5],
    ['0', 0],
  ] as const)('reads %j as %d per second', (input, perSec) => {
    expect(parseRatePerSec(input)).toBe(perSec);
  });

  it.each([['fast'], ['100/d'], ['-5'], ['100 /s'], ['/s'], [-1], [Number.NaN]] as const)(
    'rejects %j',
    (input) => {
      expect(parseRatePerSec(input)).toBeUndefined();
    },
  );
});

describe('parsePercent', () => {
  it.each([
    ['1%', 0.01],
    ['0.5 %', 0.005],
    ['1.1%', 0.011],
    ['150%', 1.5],
    [0.01, 0.01],
    [0, 0],
  ] as const)('reads %j as %d', (input, fraction) => {
    expect(parsePercent(input)).toBe(fraction);
  });

  it.each([['1'], ['abc'], ['-1%'], ['%'], [-0.1]] as const)('rejects %j', (input) => {
    expect(parsePercent(input)).toBeUndefined();
  });
});

describe('parseCount', () => {
  it.each([
    ['10', 10],
    [' 7 ', 7],
    [0, 0],
    [25, 25],
  ] as const)('reads %j as %d', (input, count) => {
    expect(parseCount(input)).toBe(count);
  });

  it.each([['1.5'], ['10k'], ['-1'], [''], [2.5], [-3]] as const)('rejects %j', (input) => {
    expect(parseCount(input)).toBeUndefined();
  });
});
