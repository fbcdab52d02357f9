import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatLatencyMs,
  formatPercent,
  formatRate,
  formatRunDuration,
} from '../../../src/core/input/format-units.js';

describe('format units', () => {
  it.each([
    [0, '0 ms'],
    [0.0004, '0.4 µs'],
    [0.734, '734 µs'],
    [1, '1 ms'],
    [12.345, '12.3 ms'],
    [999.4, '999 ms'],
    [1534, '1.53 s'],
    [61_000, '61 s'],
    [-1, '–'],
    [Number.NaN, '–'],
  ])('latency %s ms → %s', (ms, text) => expect(formatLatencyMs(ms)).toBe(text));

  it.each([
    [0, '0 %'],
    [0.0123, '1.23 %'],
    [0.00004, '0.004 %'],
    [1, '100 %'],
  ])('percent %s → %s', (fraction, text) => expect(formatPercent(fraction)).toBe(text));

  it('rates, counts and run lengths', () => {
    expect(formatRate(1234.5)).toBe('1,235 req/s');
    expect(formatRate(12.34)).toBe('12.3 req/s');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatRunDuration(9998)).toBe('10.0 s');
    expect(formatRunDuration(95_000)).toBe('1m35s');
    expect(formatRunDuration(3_600_000)).toBe('1h');
  });
});
