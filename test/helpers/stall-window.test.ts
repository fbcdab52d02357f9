import { describe, expect, it } from 'vitest';
import { computeAnswerAtMs } from './stall-window.js';

const stall = { startMs: 1_000, endMs: 2_000 };

describe('computeAnswerAtMs', () => {
  it('answers after the normal latency without a stall', () => {
    expect(computeAnswerAtMs(500, 30, undefined)).toBe(530);
  });

  it('is unaffected when the answer is due before the window opens', () => {
    expect(computeAnswerAtMs(900, 50, stall)).toBe(950);
  });

  it('pays the full latency after the window for arrivals inside it', () => {
    expect(computeAnswerAtMs(1_000, 30, stall)).toBe(2_030);
    expect(computeAnswerAtMs(1_999, 30, stall)).toBe(2_030);
  });

  it('resumes in-flight work where it stopped when the window opened', () => {
    expect(computeAnswerAtMs(980, 50, stall)).toBe(2_030);
    expect(computeAnswerAtMs(950, 50, stall)).toBe(2_000);
  });

  it('is unaffected for arrivals after the window', () => {
    expect(computeAnswerAtMs(2_000, 30, stall)).toBe(2_030);
  });

  it('ignores an empty window', () => {
    expect(computeAnswerAtMs(1_000, 30, { startMs: 1_000, endMs: 1_000 })).toBe(1_030);
  });
});
